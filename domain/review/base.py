"""What every part of the Review aggregate shares: its state, its event base and the rule checks.

The aggregate is assembled in `aggregate.py` from one mixin per area of the guidance (intake,
decisions, commissioning, proceedings, evidence, family, learning, report, publication, after).
Mixins are plain classes: their events are module-level classes with pinned topics
(``reviewtrail.Review.<EventName>``), triggered through `ReviewState._record`.

Every lifecycle event records the stage the review is in *after* it (computed from the review's
rule set when the command is accepted), so replaying history never depends on rule-set data
that may be corrected later.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any, ClassVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import register_topic

from domain.clocks import add_months
from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review.obligations import obligations
from domain.rules import RuleSet, UnknownRuleSet, load_rule_set, rule_set_for


class Jurisdiction(StrEnum):
    SCOTLAND = "scotland"
    WALES = "wales"
    ENGLAND = "england"


DEFAULT_REVIEW_TYPE: dict[Jurisdiction, str] = {
    Jurisdiction.SCOTLAND: "cpc-learning-review",
    Jurisdiction.WALES: "cpr",
    Jurisdiction.ENGLAND: "cspr",
}
"""The rule-set kind a notification falls under when the caller does not name one."""


def topic(name: str) -> str:
    """The pinned topic of a Review event: renaming a module or class never breaks history."""
    return f"reviewtrail.Review.{name}"


def resolve_rule_set_id(
    jurisdiction: Jurisdiction, review_type: str | None, received_on: date
) -> str | None:
    """The id of the rule set in force for the notification, or None when there is none.

    A review type named by the caller must have rules (raises UnknownRuleSet); the default type
    may have none (e.g. Wales after the SUSR replaced child practice reviews), and then the
    review is recorded but cannot be run until a rule set is shipped.
    """
    if review_type is not None:
        return rule_set_for(jurisdiction.value, review_type, received_on).id
    try:
        return rule_set_for(jurisdiction.value, DEFAULT_REVIEW_TYPE[jurisdiction], received_on).id
    except UnknownRuleSet:
        return None


class ReviewEvent(Aggregate.Event):
    """Base of every Review event (``Review.Event``); registers each subclass's pinned topic."""

    TOPIC: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "TOPIC" in cls.__dict__:
            # Stored events name this topic: it must resolve before any event is written.
            register_topic(cls.TOPIC, cls)


class LifecycleEvent(ReviewEvent):
    """An event of the review lifecycle: the command's meta and the stage it left the review in."""

    meta: Meta
    stage: str

    def apply(self, aggregate: Any) -> None:
        review = cast(ReviewState, aggregate)
        self.evolve(review)
        review.stage = self.stage
        review.remember(type(self).__name__, vars(self))

    def evolve(self, review: ReviewState) -> None:
        """Assign the state this event changes (runs again on every replay: no checks here)."""


def payload(state: dict[str, Any]) -> dict[str, str]:
    """The text fields of an event, which rule-set event matches compare against."""
    return {k: v for k, v in state.items() if isinstance(v, str) and k != "stage"}


class ReviewState:
    """The state every mixin reads, and the helpers that check a command against the rules."""

    partnership_id: str
    rule_set_id: str | None
    stage: str | None
    received_on: date
    occurred: list[tuple[str, dict[str, str]]]
    information_requests: list[dict[str, Any]]

    def start_lifecycle(self, rule_set_id: str | None) -> None:
        """Initial state of every area (called by the NotificationReceived body)."""
        self.rule_set_id = rule_set_id
        self.stage = load_rule_set(rule_set_id).first_stage.id if rule_set_id else None
        self.occurred = []
        self.facts: dict[str, bool] | None = None
        self.assessed_kind: str | None = None
        self.agency_information: list[dict[str, Any]] = []
        self.recommendations: list[dict[str, Any]] = []
        self.decisions: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []
        self.kind: str | None = None
        self.terms_of_reference: list[dict[str, Any]] = []
        self.team: list[dict[str, Any]] = []
        self.meetings: list[dict[str, Any]] = []
        self.proceedings: list[dict[str, Any]] = []
        self.pauses: list[dict[str, Any]] = []
        self.chronologies: dict[str, dict[str, Any]] = {}
        self.merges: list[dict[str, Any]] = []
        self.genograms: list[dict[str, Any]] = []
        self.family: dict[UUID, dict[str, Any]] = {}
        self.family_liaison_strategies: list[dict[str, Any]] = []
        self.family_meetings: list[dict[str, Any]] = []
        self.learning_events: list[dict[str, Any]] = []
        self.learning_points: list[dict[str, Any]] = []
        self.proposed_recommendations: list[dict[str, Any]] = []
        self.reports: list[dict[str, Any]] = []
        self.submissions: list[dict[str, Any]] = []
        self.publication: dict[str, Any] | None = None
        self.deferrals: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []
        self.closure: dict[str, Any] | None = None

    def remember(self, event_name: str, state: dict[str, Any]) -> None:
        """Keep the event's name and text fields: open obligations are computed from them."""
        self.occurred.append((event_name, payload(state)))

    @property
    def rules(self) -> RuleSet:
        """The review's rule set; raises DomainError ``review.no-rule-set`` when it has none."""
        if self.rule_set_id is None:
            raise DomainError(
                "review.no-rule-set", "no rule set governs this review, so it cannot be run"
            )
        return load_rule_set(self.rule_set_id)

    def open_obligations(self) -> list[dict[str, Any]]:
        """Notices the rule set says are (or may be) owed, and whether each was discharged."""
        if self.rule_set_id is None:
            return []
        return obligations(self.rules, self.occurred, self.kind or self.assessed_kind, self.facts)

    @property
    def paused(self) -> bool:
        """True between ReviewPaused and ReviewResumed."""
        return bool(self.pauses) and self.pauses[-1]["resumed_on"] is None

    def _require(self, command: str) -> RuleSet:
        """The rule set, once it allows ``command`` in the current stage.

        Raises DomainError ``review.no-rule-set`` or ``review.command-not-allowed-in-stage``.
        """
        rules = self.rules
        if self.stage is None or not rules.allows(command, self.stage):
            raise DomainError(
                "review.command-not-allowed-in-stage",
                f"{command} is not allowed in stage {self.stage}",
            )
        return rules

    def _check_kind(self, kind: str | None) -> str:
        """``kind`` when the rule set has it and the assessed facts (if any) meet its criteria.

        Raises DomainError ``review.kind-required``, ``review.unknown-kind`` or
        ``review.kind-criteria-not-met``.
        """
        if kind is None:
            raise DomainError("review.kind-required", "say which kind of review to hold")
        try:
            review_kind = self.rules.review_kind(kind)
        except LookupError:
            raise DomainError("review.unknown-kind", f"{kind!r} is not a kind of review") from None
        if self.facts is not None and not review_kind.when.holds(self.facts):
            raise DomainError(
                "review.kind-criteria-not-met",
                f"the assessed facts do not meet the criteria for a {kind} review",
            )
        return kind

    def _record(self, event_class: type[LifecycleEvent], *, meta: Meta, **fields: Any) -> None:
        """Trigger ``event_class`` with the stage the rule set moves the review to."""
        assert self.stage is not None  # _require ran first
        moved = self.rules.next_stage(self.stage, event_class.__name__, payload(fields))
        cast(Aggregate, self).trigger_event(
            event_class, meta=meta, stage=moved or self.stage, **fields
        )


def span_end(start: date, unit: str, amount: int) -> date:
    """The day ``amount`` ``unit`` after ``start`` in calendar terms (chronology periods)."""
    if unit == "months":
        return add_months(start, amount)
    return start + timedelta(days=amount * (7 if unit == "weeks" else 1))


def require_text(value: str, rule: str, what: str) -> str:
    """``value`` stripped; raises DomainError ``rule`` when it is blank."""
    if not value.strip():
        raise DomainError(rule, f"{what} is required")
    return value.strip()


def require_one_of(value: str, allowed: tuple[str, ...] | frozenset[str], rule: str) -> str:
    """``value`` when it is allowed; raises DomainError ``rule`` naming the allowed values."""
    if value not in allowed:
        raise DomainError(rule, f"{value!r} is not one of {', '.join(sorted(allowed))}")
    return value


def require_category(value: Personal | None, categories: tuple[Category, ...], what: str) -> None:
    """Raises DomainError ``review.personal-category`` when ``value`` is of another category."""
    if value is not None and value.category not in categories:
        allowed = ", ".join(c.value for c in categories)
        raise DomainError("review.personal-category", f"{what} must be personal data ({allowed})")
