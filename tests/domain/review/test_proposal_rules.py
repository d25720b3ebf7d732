"""Recommendations for change are CLEAR; the Welsh sub-group's recommendation fills its template."""

from __future__ import annotations

from datetime import date

import pytest

from domain.review import Review
from domain.review.intake import ReviewOutline
from tests.domain.review import journeys
from tests.domain.review.cases import SCOTLAND_CPC, WALES, Case
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import meta

D = date(2024, 3, 10)


@pytest.mark.parametrize(
    ("element", "rule"),
    [
        ("case_for_change", "review.clear-case-for-change-required"),
        ("learning", "review.clear-learning-required"),
        ("evidence", "review.clear-evidence-required"),
        ("assigned_to", "review.clear-assigned-organisation-required"),
        ("desired_outcome", "review.clear-desired-outcome-required"),
    ],
)
def test_a_recommendation_missing_a_clear_element_is_refused(element: str, rule: str) -> None:
    review = journeys.evidenced(SCOTLAND_CPC)
    review.hold_learning_event(
        number=1, held_on=date(2024, 5, 20), attendees=[SCOTLAND_CPC.practitioner], meta=meta()
    )
    assert refusal(review, lambda: journeys.propose(review, **{element: "  "})) == rule


def test_a_recommendation_without_a_review_date_is_refused() -> None:
    review = journeys.learned(SCOTLAND_CPC)
    rule = refusal(review, lambda: journeys.propose(review, review_on=None))
    assert rule == "review.clear-review-date-required"


def test_a_recommendation_is_reviewed_after_it_is_proposed() -> None:
    review = journeys.learned(SCOTLAND_CPC)
    rule = refusal(review, lambda: journeys.propose(review, review_on=date(2024, 5, 1)))
    assert rule == "review.clear-review-date-required"


def test_a_clear_recommendation_is_numbered_and_kept() -> None:
    review = journeys.learned(SCOTLAND_CPC)
    journeys.propose(review, assigned_to="Health")
    kept = review.proposed_recommendations
    assert [(r["number"], r["assigned_to"]) for r in kept] == [(1, "Education"), (2, "Health")]


def recommend(case: Case, outline: ReviewOutline | None, outcome: str = "proceed") -> None:
    review = journeys.notified(case)
    review.assess_criteria(facts=case.facts, assessed_on=D, meta=meta())
    review.make_recommendation(
        outcome=outcome,
        kind=case.kind if outcome == "proceed" else None,
        agreement="unanimous",
        rationale="Criteria met.",
        recommended_on=D,
        outline=outline,
        meta=meta(),
    )


def test_a_welsh_recommendation_to_proceed_fills_the_sub_groups_template() -> None:
    partial = ReviewOutline(time_period_covered="12 months", agencies_involved=("Police",))
    review = journeys.notified(WALES)
    review.assess_criteria(facts=WALES.facts, assessed_on=D, meta=meta())
    rule = refusal(review, lambda: recommend_on(review, partial))
    assert rule == "review.recommendation-template-incomplete"


def recommend_on(review: Review, outline: ReviewOutline) -> None:
    review.make_recommendation(
        outcome="proceed",
        kind=WALES.kind,
        agreement="unanimous",
        rationale="Criteria met.",
        recommended_on=D,
        outline=outline,
        meta=meta(),
    )


def test_the_welsh_template_is_kept_with_the_recommendation() -> None:
    review = journeys.decided(WALES)
    kept = review.recommendations[-1]
    assert kept["agencies_involved"] == ["Health", "Police", "Education"]
    assert kept["first_panel_on"] == date(2024, 4, 8)
    assert kept["chair_independent"] is True


def test_the_template_is_optional_where_the_rule_set_does_not_ask_for_it() -> None:
    recommend(SCOTLAND_CPC, None)


def test_a_welsh_recommendation_not_to_proceed_needs_no_outline() -> None:
    recommend(WALES, None, outcome="not-proceed")
