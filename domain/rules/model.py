"""Frozen value types for the parts of a rule set (the whole is `rule_set.RuleSet`).

A rule set is data (the JSON files beside this module); these classes are its typed form. Field
metadata drives validation in `parsing.py`: ``vocab`` names a closed vocabulary (`vocabulary.py`),
``ref`` names the kind of definition a value must point at, and ``defines`` marks the field that
identifies a record of that kind, so duplicates and dangling references are caught at load time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.rules.criteria import Expr


def applies_to(kinds: frozenset[str], kind: str | None) -> bool:
    """True when a rule limited to `kinds` (empty: every kind) applies to `kind`."""
    return not kinds or kind in kinds


@dataclass(frozen=True)
class Provenance:
    """Where a value comes from; `verified` is False when nobody checked it against `source`."""

    source: str = field(metadata={"ref": "source"})
    ref: str
    verified: bool
    note: str | None = None


@dataclass(frozen=True)
class Source:
    """A document (seed, research note, primary text) or product policy that values cite."""

    id: str = field(metadata={"defines": "source"})
    title: str
    kind: str = field(metadata={"vocab": "source kind"})
    location: str
    note: str | None = None


@dataclass(frozen=True)
class Duration:
    """An amount of one unit (months use the corresponding date, clamped to month end)."""

    unit: str = field(metadata={"vocab": "unit"})
    amount: int


@dataclass(frozen=True)
class EventMatch:
    """An event name plus payload fields that must equal the given strings."""

    event: str = field(metadata={"vocab": "event"})
    where: tuple[tuple[str, str], ...] = ()

    def matches(self, event: str, payload: Mapping[str, object]) -> bool:
        """True when `event` has this name and its payload carries every `where` value."""
        return event == self.event and all(payload.get(k) == v for k, v in self.where)


@dataclass(frozen=True)
class Anchor(EventMatch):
    """The event a clock counts from; `date_field` names a planned date in its payload."""

    date_field: str | None = None


@dataclass(frozen=True)
class Criterion:
    """A yes/no fact about the case that the review team records (`assess_criteria`)."""

    id: str = field(metadata={"defines": "criterion"})
    question: str
    provenance: Provenance


@dataclass(frozen=True)
class ReviewKind:
    """A kind of review (e.g. concise, extended) chosen when `when` holds over the facts."""

    id: str = field(metadata={"defines": "kind"})
    title: str
    when: Expr
    strength: str = field(metadata={"vocab": "strength"})
    provenance: Provenance


@dataclass(frozen=True)
class Transition:
    """The event that moves a review from its stage to stage `to`."""

    on: EventMatch
    to: str = field(metadata={"ref": "stage"})


@dataclass(frozen=True)
class Stage:
    """One stage of the review, the commands it accepts and the events that leave it."""

    id: str = field(metadata={"defines": "stage"})
    title: str
    commands: frozenset[str] = field(metadata={"vocab": "command"})
    provenance: Provenance
    transitions: tuple[Transition, ...] = ()
    terminal: bool = False


@dataclass(frozen=True)
class AnytimeCommands:
    """Commands accepted in every stage that is not terminal (pauses, parallel proceedings)."""

    commands: frozenset[str] = field(metadata={"vocab": "command"})
    provenance: Provenance


@dataclass(frozen=True)
class Permission:
    """The roles that may issue a command."""

    command: str = field(metadata={"defines": "permission", "vocab": "command"})
    roles: frozenset[str] = field(metadata={"vocab": "role"})
    provenance: Provenance


@dataclass(frozen=True)
class Body:
    """A decision-making body, or an external body owed notifications."""

    id: str = field(metadata={"defines": "body"})
    name: str
    external: bool
    provenance: Provenance


@dataclass(frozen=True)
class DecisionRule:
    """Which body makes a decision, which body recommends it, and the fields of the
    recommending body's template that a recommendation to proceed must fill in."""

    subject: str = field(metadata={"defines": "decision", "vocab": "decision subject"})
    made_by: str = field(metadata={"ref": "body"})
    provenance: Provenance
    recommended_by: str | None = field(default=None, metadata={"ref": "body"})
    recommendation_template: tuple[str, ...] = field(
        default=(), metadata={"vocab": "recommendation field"}
    )


@dataclass(frozen=True)
class TeamRequirement:
    """Review team composition for the listed kinds (no kinds: every kind)."""

    required_roles: frozenset[str] = field(metadata={"vocab": "role"})
    min_reviewers: int
    min_external_reviewers: int
    independence_statement_roles: frozenset[str] = field(metadata={"vocab": "role"})
    provenance: Provenance
    kinds: frozenset[str] = field(default=frozenset(), metadata={"ref": "kind"})


@dataclass(frozen=True)
class Extension:
    """Who may extend a chronology period, and the longest it may then be (None: no cap)."""

    by: str = field(metadata={"ref": "body"})
    provenance: Provenance
    max: Duration | None = None


@dataclass(frozen=True)
class ChronologyRule:
    """How far back chronologies go before the incident (for the listed kinds; none: every kind)."""

    period: Duration
    description: str
    may_cover_aftermath: bool
    provenance: Provenance
    extension: Extension | None = None
    kinds: frozenset[str] = field(default=frozenset(), metadata={"ref": "kind"})


@dataclass(frozen=True)
class Clock:
    """A deadline `amount` `unit`s `direction` the anchor, met by the `satisfied_by` event."""

    id: str = field(metadata={"defines": "clock"})
    description: str
    unit: str = field(metadata={"vocab": "unit"})
    amount: int
    direction: str = field(metadata={"vocab": "direction"})
    anchor: Anchor
    satisfied_by: EventMatch
    calendar: str = field(metadata={"vocab": "calendar"})
    strength: str = field(metadata={"vocab": "strength"})
    provenance: Provenance
    pause_on: tuple[str, ...] = field(default=(), metadata={"vocab": "event"})
    resume_on: tuple[str, ...] = field(default=(), metadata={"vocab": "event"})

    @property
    def duration(self) -> Duration:
        """The clock's length as a Duration."""
        return Duration(self.unit, self.amount)


@dataclass(frozen=True)
class Notification:
    """A notice owed to a body once `trigger` happens (and `when` holds), met by `discharged_by`."""

    id: str = field(metadata={"defines": "notification"})
    recipient: str = field(metadata={"ref": "body"})
    purpose: str
    trigger: EventMatch
    discharged_by: EventMatch
    provenance: Provenance
    when: Expr | None = None
    kinds: frozenset[str] = field(default=frozenset(), metadata={"ref": "kind"})
    clock: str | None = field(default=None, metadata={"ref": "clock"})

    def owed(self, kind: str | None, facts: Mapping[str, bool]) -> bool:
        """True when the notice applies to a review of `kind` with these facts."""
        return applies_to(self.kinds, kind) and (self.when is None or self.when.holds(facts))


@dataclass(frozen=True)
class DisplayRule:
    """How long a published report must stay published."""

    duration: Duration
    then_on_request: bool
    provenance: Provenance


@dataclass(frozen=True)
class DelayRule:
    """A reason publication may be delayed, and who must be told or consulted."""

    reason: str
    consult: tuple[str, ...] = field(metadata={"ref": "body"})
    provenance: Provenance


@dataclass(frozen=True)
class PublicationRule:
    """Whether, by whom and how the report is published."""

    strength: str = field(metadata={"vocab": "strength"})
    decided_by: str = field(metadata={"ref": "body"})
    anonymised: bool
    family_consulted: bool
    provenance: Provenance
    recommended_by: str | None = field(default=None, metadata={"ref": "body"})
    if_not_published: str | None = None
    excluded_material: tuple[str, ...] = ()
    min_display: DisplayRule | None = None
    lead_time_clock: str | None = field(default=None, metadata={"ref": "clock"})
    delays: tuple[DelayRule, ...] = ()


@dataclass(frozen=True)
class ReportSection:
    """A section the report must contain (for the listed kinds; none: every kind)."""

    id: str = field(metadata={"defines": "report section"})
    title: str
    provenance: Provenance
    kinds: frozenset[str] = field(default=frozenset(), metadata={"ref": "kind"})
    material: str = field(default="text", metadata={"vocab": "material"})
    restricted: bool = False
    required: bool = True

    def never_published(self, excluded_material: tuple[str, ...]) -> bool:
        """True for a genogram, a restricted section, or material (a kind of section or a
        section's id) that the rule set's publication rule excludes."""
        return (
            self.material == "genogram"
            or self.restricted
            or self.material in excluded_material
            or self.id in excluded_material
        )


@dataclass(frozen=True)
class LearningEventRule:
    """How practitioner, manager or strategic events are run."""

    id: str = field(metadata={"defines": "learning event"})
    audience: str
    duration: str
    facilitated_by: frozenset[str] = field(metadata={"vocab": "role"})
    attendance: str = field(metadata={"vocab": "attendance"})
    family_views_first: bool
    provenance: Provenance
    note_taker: str | None = field(default=None, metadata={"vocab": "role"})


@dataclass(frozen=True)
class Obligation:
    """A duty from the guidance that the domain does not evaluate but shows as a checklist."""

    id: str = field(metadata={"defines": "obligation"})
    text: str
    strength: str = field(metadata={"vocab": "strength"})
    provenance: Provenance
    stage: str | None = field(default=None, metadata={"ref": "stage"})
