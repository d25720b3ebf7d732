"""Recommendations of the review for change, written to the CLEAR standard: a Case for change,
Learning orientated, supported by Evidence, Assigned to an organisation, with a desired outcome
and a date to Review it. Written anonymised (they are published with the report)."""

from __future__ import annotations

from datetime import date

from domain.errors import DomainError
from domain.meta import Meta
from domain.review.base import LifecycleEvent, ReviewState, require_text, topic


class RecommendationProposed(LifecycleEvent):
    """A recommendation for change was proposed (numbered from 1 in the order proposed)."""

    TOPIC = topic("RecommendationProposed")
    number: int
    case_for_change: str
    learning: str
    evidence: str
    assigned_to: str
    desired_outcome: str
    review_on: date
    proposed_on: date

    def evolve(self, review: ReviewState) -> None:
        review.proposed_recommendations.append(
            {
                "number": self.number,
                "case_for_change": self.case_for_change,
                "learning": self.learning,
                "evidence": self.evidence,
                "assigned_to": self.assigned_to,
                "desired_outcome": self.desired_outcome,
                "review_on": self.review_on,
                "proposed_on": self.proposed_on,
            }
        )


class ProposalCommands(ReviewState):
    def propose_recommendation(
        self,
        *,
        case_for_change: str,
        learning: str,
        evidence: str,
        assigned_to: str,
        desired_outcome: str,
        review_on: date | None,
        proposed_on: date,
        meta: Meta,
    ) -> None:
        """Propose a recommendation (rule: every CLEAR element given; reviewed after it is
        proposed) → RecommendationProposed.

        Raises DomainError ``review.clear-case-for-change-required``,
        ``review.clear-learning-required``, ``review.clear-evidence-required``,
        ``review.clear-assigned-organisation-required``,
        ``review.clear-desired-outcome-required`` or ``review.clear-review-date-required``.
        """
        self._require("propose_recommendation")
        fields = {
            "case_for_change": require_text(
                case_for_change, "review.clear-case-for-change-required", "the case for change"
            ),
            "learning": require_text(learning, "review.clear-learning-required", "the learning"),
            "evidence": require_text(evidence, "review.clear-evidence-required", "the evidence"),
            "assigned_to": require_text(
                assigned_to, "review.clear-assigned-organisation-required", "the organisation"
            ),
            "desired_outcome": require_text(
                desired_outcome, "review.clear-desired-outcome-required", "the desired outcome"
            ),
        }
        if review_on is None or review_on <= proposed_on:
            raise DomainError(
                "review.clear-review-date-required", "give a date after today to review it"
            )
        self._record(
            RecommendationProposed,
            number=len(self.proposed_recommendations) + 1,
            review_on=review_on,
            proposed_on=proposed_on,
            meta=meta,
            **fields,
        )
