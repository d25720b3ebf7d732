"""After the report: the action plan (who does what by when, progress, completion) and closure."""

from __future__ import annotations

from datetime import date

from domain.errors import DomainError
from domain.meta import Meta
from domain.review.base import LifecycleEvent, ReviewState, require_text, topic
from domain.review.obligations import outstanding


class ActionPlanItemAdded(LifecycleEvent):
    """An action was added to the plan (numbered from 1 in the order added)."""

    TOPIC = topic("ActionPlanItemAdded")
    number: int
    action: str
    owner: str
    due_on: date
    recommendation: str | None

    def evolve(self, review: ReviewState) -> None:
        review.actions.append(
            {
                "number": self.number,
                "action": self.action,
                "owner": self.owner,
                "due_on": self.due_on,
                "recommendation": self.recommendation,
                "progress": [],
                "completed_on": None,
                "evidence": None,
            }
        )


class ActionProgressReported(LifecycleEvent):
    """Progress on an action was reported."""

    TOPIC = topic("ActionProgressReported")
    number: int
    progress: str
    reported_on: date

    def evolve(self, review: ReviewState) -> None:
        review.actions[self.number - 1]["progress"].append(
            {"progress": self.progress, "reported_on": self.reported_on}
        )


class ActionCompleted(LifecycleEvent):
    """An action was completed, with the evidence for it."""

    TOPIC = topic("ActionCompleted")
    number: int
    evidence: str
    completed_on: date

    def evolve(self, review: ReviewState) -> None:
        review.actions[self.number - 1].update(
            completed_on=self.completed_on, evidence=self.evidence
        )


class ReviewClosed(LifecycleEvent):
    """The review was closed."""

    TOPIC = topic("ReviewClosed")
    reason: str
    closed_on: date

    def evolve(self, review: ReviewState) -> None:
        review.closure = {"reason": self.reason, "closed_on": self.closed_on}


class AfterCommands(ReviewState):
    def add_action_plan_item(
        self,
        *,
        action: str,
        owner: str,
        due_on: date,
        meta: Meta,
        recommendation: str | None = None,
    ) -> None:
        """Add an action (rule: what, who and by when) → ActionPlanItemAdded.

        Raises DomainError ``review.action-required`` or ``review.owner-required``.
        """
        self._require("add_action_plan_item")
        self._record(
            ActionPlanItemAdded,
            number=len(self.actions) + 1,
            action=require_text(action, "review.action-required", "the action"),
            owner=require_text(owner, "review.owner-required", "the owner"),
            due_on=due_on,
            recommendation=recommendation,
            meta=meta,
        )

    def report_action_progress(
        self, *, number: int, progress: str, reported_on: date, meta: Meta
    ) -> None:
        """Report progress on an open action → ActionProgressReported.

        Raises DomainError ``review.action-unknown``, ``review.action-completed`` or
        ``review.progress-required``.
        """
        self._require("report_action_progress")
        self._open_action(number)
        self._record(
            ActionProgressReported,
            number=number,
            progress=require_text(progress, "review.progress-required", "the progress"),
            reported_on=reported_on,
            meta=meta,
        )

    def complete_action(
        self, *, number: int, evidence: str, completed_on: date, meta: Meta
    ) -> None:
        """Complete an open action (rule: evidence given) → ActionCompleted.

        Raises DomainError ``review.action-unknown``, ``review.action-completed`` or
        ``review.evidence-required``.
        """
        self._require("complete_action")
        self._open_action(number)
        self._record(
            ActionCompleted,
            number=number,
            evidence=require_text(evidence, "review.evidence-required", "the evidence"),
            completed_on=completed_on,
            meta=meta,
        )

    def close_review(self, *, reason: str, closed_on: date, meta: Meta) -> None:
        """Close the review (rules: every action completed; every notice owed to another body
        given) → ReviewClosed.

        Raises DomainError ``review.closure-reason-required``, ``review.actions-outstanding`` or
        ``review.obligations-outstanding``.
        """
        self._require("close_review")
        reason = require_text(reason, "review.closure-reason-required", "the reason")
        if any(a["completed_on"] is None for a in self.actions):
            raise DomainError("review.actions-outstanding", "complete every action first")
        owed = outstanding(self.open_obligations())
        if owed:
            raise DomainError(
                "review.obligations-outstanding",
                f"{owed[0]['recipient']} is still owed a notice ({owed[0]['purpose']})",
            )
        self._record(ReviewClosed, reason=reason, closed_on=closed_on, meta=meta)

    def _open_action(self, number: int) -> None:
        if not 0 < number <= len(self.actions):
            raise DomainError("review.action-unknown", f"there is no action {number}")
        if self.actions[number - 1]["completed_on"] is not None:
            raise DomainError("review.action-completed", f"action {number} is complete")
