"""`RuleSet`: one jurisdiction's rules for one kind of review, and the questions it answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, TypeVar

from domain.rules.model import (
    AnytimeCommands,
    Body,
    ChronologyRule,
    Clock,
    Criterion,
    DecisionRule,
    LearningEventRule,
    Notification,
    Obligation,
    Permission,
    Provenance,
    PublicationRule,
    ReportSection,
    ReviewKind,
    Source,
    Stage,
    TeamRequirement,
    applies_to,
)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


@dataclass(frozen=True)
class RuleSet:
    """Rules valid from `valid_from` to `valid_to` (inclusive; None: still in force)."""

    id: str
    jurisdiction: str = field(metadata={"vocab": "jurisdiction"})
    kind: str
    title: str
    valid_from: date
    provenance: Provenance
    calendar: str = field(metadata={"vocab": "calendar"})
    sources: tuple[Source, ...]
    bodies: tuple[Body, ...]
    stages: tuple[Stage, ...]
    permissions: tuple[Permission, ...]
    criteria: tuple[Criterion, ...]
    review_kinds: tuple[ReviewKind, ...]
    decisions: tuple[DecisionRule, ...]
    team: tuple[TeamRequirement, ...]
    clocks: tuple[Clock, ...]
    notifications: tuple[Notification, ...]
    publication: PublicationRule
    report_sections: tuple[ReportSection, ...]
    valid_to: date | None = None
    anytime: AnytimeCommands | None = None
    chronology: tuple[ChronologyRule, ...] = ()
    learning_events: tuple[LearningEventRule, ...] = ()
    obligations: tuple[Obligation, ...] = ()

    def is_valid_on(self, day: date) -> bool:
        """True when `day` falls inside the validity period."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def first_stage(self) -> Stage:
        """The stage a new review starts in."""
        return self.stages[0]

    def stage(self, stage_id: str) -> Stage:
        """The stage with this id; raises LookupError when there is none."""
        return self._find(self.stages, stage_id, "stage")

    def commands_in(self, stage_id: str) -> frozenset[str]:
        """Commands accepted in the stage: its own, plus the anytime ones unless it is terminal."""
        stage = self.stage(stage_id)
        if stage.terminal or self.anytime is None:
            return stage.commands
        return stage.commands | self.anytime.commands

    def allows(self, command: str, stage_id: str) -> bool:
        """True when `command` is accepted in the stage."""
        return command in self.commands_in(stage_id)

    def roles_for(self, command: str) -> frozenset[str]:
        """Roles that may issue `command` (empty when nobody may)."""
        return next((p.roles for p in self.permissions if p.command == command), frozenset())

    def next_stage(self, stage_id: str, event: str, payload: Mapping[str, object]) -> str | None:
        """The stage an event moves the review to from `stage_id`, or None if it stays."""
        transitions = self.stage(stage_id).transitions
        return next((t.to for t in transitions if t.on.matches(event, payload)), None)

    def kind_for(self, facts: Mapping[str, bool]) -> ReviewKind | None:
        """The first review kind whose criteria hold; raises MissingFact when facts are short."""
        return next((k for k in self.review_kinds if k.when.holds(facts)), None)

    def review_kind(self, kind_id: str) -> ReviewKind:
        """The review kind with this id; raises LookupError when there is none."""
        return self._find(self.review_kinds, kind_id, "review kind")

    def clock(self, clock_id: str) -> Clock:
        """The clock with this id; raises LookupError when there is none."""
        return self._find(self.clocks, clock_id, "clock")

    def body(self, body_id: str) -> Body:
        """The body with this id; raises LookupError when there is none."""
        return self._find(self.bodies, body_id, "body")

    def decision(self, subject: str) -> DecisionRule:
        """Who decides `subject`; raises LookupError when the rule set does not say."""
        rule = next((d for d in self.decisions if d.subject == subject), None)
        if rule is None:
            raise LookupError(f"{self.id} has no decision rule for {subject!r}")
        return rule

    def team_for(self, kind: str | None) -> tuple[TeamRequirement, ...]:
        """Team requirements that apply to a review of `kind`."""
        return tuple(t for t in self.team if applies_to(t.kinds, kind))

    def chronology_for(self, kind: str | None) -> ChronologyRule | None:
        """The chronology period rule for a review of `kind`, if the rule set has one."""
        return next((c for c in self.chronology if applies_to(c.kinds, kind)), None)

    def report_sections_for(self, kind: str | None) -> tuple[ReportSection, ...]:
        """Report sections required for a review of `kind`, in order."""
        return tuple(s for s in self.report_sections if applies_to(s.kinds, kind))

    def notifications_triggered_by(
        self, event: str, payload: Mapping[str, object]
    ) -> tuple[Notification, ...]:
        """Notifications whose trigger matches the event (check `Notification.owed` next)."""
        return tuple(n for n in self.notifications if n.trigger.matches(event, payload))

    def clocks_started_by(
        self, event: str, payload: Mapping[str, object], kind: str | None, facts: Mapping[str, bool]
    ) -> tuple[Clock, ...]:
        """Clocks an event starts: those of notifications it makes owed, and unowned clocks.

        A notification's clock (e.g. England's looked-after death notice) starts only when the
        notice is owed for this kind and these facts; raises MissingFact if facts are short.
        """
        owned = {n.clock for n in self.notifications if n.clock}
        triggered = self.notifications_triggered_by(event, payload)
        owed = {n.clock for n in triggered if n.clock and n.owed(kind, facts)}
        return tuple(
            c
            for c in self.clocks
            if c.id in owed or (c.id not in owned and c.anchor.matches(event, payload))
        )

    def _find(self, items: tuple[_T, ...], item_id: str, what: str) -> _T:
        found = next((item for item in items if item.id == item_id), None)
        if found is None:
            raise LookupError(f"{self.id} has no {what} {item_id!r}")
        return found
