"""Decisions: whether to hold the review, how long chronologies go back, publication, and the
decisions the rule set gives to a body (terms of reference, report, action plan)."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import DomainError
from domain.meta import Meta
from domain.review.base import (
    LifecycleEvent,
    ReviewState,
    require_one_of,
    require_text,
    span_end,
    topic,
)

OUTCOMES: dict[str, tuple[str, ...]] = {
    "hold-review": ("proceed", "not-proceed"),
    "publication": ("publish", "publish-summary", "do-not-publish"),
    "chronology-period": ("extend",),
    "terms-of-reference": ("agree", "disagree"),
    "accept-report": ("agree", "disagree"),
    "action-plan": ("agree", "disagree"),
}
"""The outcomes a decision on each subject may have."""

RESPONSES = ("agree", "agree-with-amendments", "disagree")
"""How a decision on holding a review answers the recommendation."""


class DecisionRecorded(LifecycleEvent):
    """A body decided something the rule set gives it to decide (who, how, why, dissent)."""

    TOPIC = topic("DecisionRecorded")
    subject: str
    outcome: str
    response: str | None
    made_by: str
    decision_makers: list[str]
    dissent: list[str]
    rationale: str
    decided_on: date
    kind: str | None
    amendments: str | None
    planned_publication_date: date | None
    chronology_months: int | None
    exceptional_circumstances: str | None = None

    def evolve(self, review: ReviewState) -> None:
        entry: dict[str, Any] = {
            key: value for key, value in vars(self).items() if key not in _BOOKKEEPING
        }
        entry["decision_makers"], entry["dissent"] = list(self.decision_makers), list(self.dissent)
        review.decisions.append(entry)
        if self.subject == "hold-review" and self.outcome == "proceed":
            review.kind = self.kind


_BOOKKEEPING = frozenset({"originator_id", "originator_version", "timestamp", "meta", "stage"})


class DecisionCommands(ReviewState):
    def record_decision(
        self,
        *,
        subject: str,
        outcome: str,
        decision_makers: list[str],
        rationale: str,
        decided_on: date,
        meta: Meta,
        response: str | None = None,
        dissent: list[str] | None = None,
        kind: str | None = None,
        amendments: str | None = None,
        planned_publication_date: date | None = None,
        chronology_months: int | None = None,
        exceptional_circumstances: str | None = None,
    ) -> None:
        """Record a decision by the body the rule set names (rules per subject below)
        → DecisionRecorded.

        Raises DomainError ``review.unknown-decision-subject``, ``review.unknown-outcome``,
        ``review.decision-makers-required``, ``review.rationale-required`` and the rules of
        `_check_hold_review`, `_check_publication` and `_check_chronology_extension`.
        """
        rules = self._require("record_decision")
        if subject not in OUTCOMES or subject not in {d.subject for d in rules.decisions}:
            raise DomainError("review.unknown-decision-subject", f"{subject!r} is not decided here")
        require_one_of(outcome, OUTCOMES[subject], "review.unknown-outcome")
        if not [m for m in decision_makers if m.strip()]:
            raise DomainError("review.decision-makers-required", "name who made the decision")
        if subject == "hold-review":
            kind = self._check_hold_review(outcome, response, kind, amendments)
        elif subject == "publication":
            self._check_publication(outcome, planned_publication_date, exceptional_circumstances)
        elif subject == "chronology-period":
            self._check_chronology_extension(chronology_months, decided_on)
        self._record(
            DecisionRecorded,
            subject=subject,
            outcome=outcome,
            response=response,
            made_by=rules.decision(subject).made_by,
            decision_makers=[m.strip() for m in decision_makers if m.strip()],
            dissent=[d.strip() for d in dissent or [] if d.strip()],
            rationale=require_text(rationale, "review.rationale-required", "a rationale"),
            decided_on=decided_on,
            kind=kind,
            amendments=amendments,
            planned_publication_date=planned_publication_date,
            chronology_months=chronology_months,
            exceptional_circumstances=(exceptional_circumstances or "").strip() or None,
            meta=meta,
        )

    def decision_on(self, subject: str) -> dict[str, Any] | None:
        """The latest decision on ``subject``, if any."""
        return next((d for d in reversed(self.decisions) if d["subject"] == subject), None)

    def _check_hold_review(
        self, outcome: str, response: str | None, kind: str | None, amendments: str | None
    ) -> str | None:
        """The kind of review held (None when not proceeding).

        Raises DomainError ``review.already-decided``, ``review.decision-needs-recommendation``,
        ``review.unknown-response``, ``review.decision-contradicts-response``,
        ``review.amendments-required`` or the kind rules of `make_recommendation`.
        """
        earlier = self.decision_on("hold-review")
        if earlier is not None and earlier["outcome"] == "proceed":
            raise DomainError("review.already-decided", "the review was already commissioned")
        if not self.recommendations:
            raise DomainError(
                "review.decision-needs-recommendation", "a recommendation must come first"
            )
        require_one_of(response or "", RESPONSES, "review.unknown-response")
        recommended = self.recommendations[-1]
        if (response == "disagree") == (outcome == recommended["outcome"]):
            raise DomainError(
                "review.decision-contradicts-response",
                f"a decision to {outcome} does not {response} with the recommendation",
            )
        if response == "agree-with-amendments" and not (amendments or "").strip():
            raise DomainError("review.amendments-required", "say what the amendments are")
        if outcome == "not-proceed":
            return None
        return self._check_kind(kind or recommended["kind"])

    def _check_publication(
        self, outcome: str, planned: date | None, exceptional: str | None
    ) -> None:
        """Raises DomainError ``review.report-not-accepted``,
        ``publication.family-views-first`` (the rule set consults the family and no member's
        views or refusal is recorded), ``publication.exceptional-circumstances-required`` (not
        publishing) or ``review.publication-date-required``."""
        if not any(r["accepted_on"] for r in self.reports):
            raise DomainError("review.report-not-accepted", "the report has not been accepted")
        if self.rules.publication.family_consulted and not any(
            m["views"] or m["declined"] for m in self.family.values()
        ):
            raise DomainError(
                "publication.family-views-first", "record the family's views on publication first"
            )
        if outcome == "do-not-publish" and not (exceptional or "").strip():
            raise DomainError(
                "publication.exceptional-circumstances-required",
                "record the exceptional circumstances for not publishing",
            )
        if outcome != "do-not-publish" and planned is None:
            raise DomainError(
                "review.publication-date-required", "give the planned publication date"
            )

    def _check_chronology_extension(self, months: int | None, decided_on: date) -> None:
        """Raises DomainError ``review.chronology-not-extendable``,
        ``review.chronology-months-required`` or ``review.chronology-period-exceeds-limit``."""
        rule = self.rules.chronology_for(self.kind)
        if rule is None or rule.extension is None:
            raise DomainError(
                "review.chronology-not-extendable", "the rules set no extendable period"
            )
        if months is None or months <= 0:
            raise DomainError("review.chronology-months-required", "give the extended period")
        limit = rule.extension.max
        if limit is not None and span_end(decided_on, "months", months) > span_end(
            decided_on, limit.unit, limit.amount
        ):
            raise DomainError(
                "review.chronology-period-exceeds-limit",
                f"chronologies may cover at most {limit.amount} {limit.unit}",
            )
