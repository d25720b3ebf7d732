"""Refusals before the review is commissioned: each names its rule and records nothing."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import DomainError
from domain.review import Jurisdiction, Review
from tests.domain.review import cases, journeys
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC, WALES
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import meta, narrative

D = date(2024, 3, 10)


def recommended(case: cases.Case = WALES) -> Review:
    review = journeys.notified(case)
    review.assess_criteria(facts=case.facts, assessed_on=D, meta=meta())
    review.make_recommendation(
        outcome="proceed",
        kind=case.kind,
        agreement="majority",
        rationale="Criteria met.",
        recommended_on=D,
        outline=journeys.OUTLINE,
        meta=meta(),
    )
    return review


def decide(review: Review, **overrides: object) -> None:
    values: dict[str, object] = {
        "subject": "hold-review",
        "outcome": "proceed",
        "response": "agree",
        "decision_makers": ["chair"],
        "rationale": "Agreed.",
        "decided_on": D,
        "meta": meta(),
    }
    values.update(overrides)
    review.record_decision(**values)  # type: ignore[arg-type]


def test_a_review_without_a_rule_set_cannot_be_run() -> None:
    review = Review.receive_notification(
        jurisdiction=Jurisdiction.WALES,
        notifying_agency="Gwent Police",
        summary="Harm.",
        received_on=date(2026, 11, 2),
        meta=meta(),
    )
    assert review.rule_set_id is None
    rule = refusal(review, lambda: review.request_information(agency="A", due_on=D, meta=meta()))
    assert rule == "review.no-rule-set"


def test_a_named_review_type_without_rules_on_the_day_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        Review.receive_notification(
            jurisdiction=Jurisdiction.SCOTLAND,
            notifying_agency="Police Scotland",
            summary="Harm to an adult.",
            received_on=date(2020, 1, 1),
            meta=meta(),
            review_type="apc-learning-review",
        )
    assert refused.value.rule == "rules.unknown-rule-set"


def test_the_rule_set_is_chosen_by_jurisdiction_kind_and_date() -> None:
    review = journeys.notified(cases.SCOTLAND_APC)
    assert review.rule_set_id == "scotland.apc-learning-review@2022"
    assert review.stage == "notification"


def test_a_command_the_stage_does_not_allow_is_refused() -> None:
    review = journeys.notified(WALES)
    assert refusal(review, lambda: decide(review)) == "review.command-not-allowed-in-stage"


def test_agency_information_must_answer_a_request() -> None:
    review = journeys.notified(WALES)
    rule = refusal(
        review,
        lambda: review.record_agency_information(
            agency="Health", received_on=D, content=None, meta=meta()
        ),
    )
    assert rule == "review.information-not-requested"


def test_facts_must_be_criteria_of_the_rule_set() -> None:
    review = journeys.notified(WALES)
    facts = {**WALES.facts, "was-sad": True}
    rule = refusal(review, lambda: review.assess_criteria(facts=facts, assessed_on=D, meta=meta()))
    assert rule == "review.unknown-criterion"


def test_every_fact_the_criteria_need_must_be_answered() -> None:
    review = journeys.notified(WALES)
    facts = {"died": True}
    rule = refusal(review, lambda: review.assess_criteria(facts=facts, assessed_on=D, meta=meta()))
    assert rule == "rules.missing-fact"


def test_the_criteria_decide_the_kind_of_welsh_review() -> None:
    review = journeys.notified(WALES)
    concise = {**WALES.facts, "on-cp-register-within-6-months": False}
    review.assess_criteria(facts=concise, assessed_on=D, meta=meta())
    assert review.assessed_kind == "concise"


def recommend(review: Review, **overrides: object) -> None:
    values: dict[str, object] = {
        "outcome": "proceed",
        "kind": "extended",
        "agreement": "unanimous",
        "rationale": "Criteria met.",
        "recommended_on": D,
        "outline": journeys.OUTLINE,
        "meta": meta(),
    }
    values.update(overrides)
    review.make_recommendation(**values)  # type: ignore[arg-type]


def test_a_recommendation_needs_a_rationale() -> None:
    review = journeys.notified(WALES)
    assert refusal(review, lambda: recommend(review, rationale=" ")) == "review.rationale-required"


def test_a_recommended_kind_must_meet_the_assessed_criteria() -> None:
    review = journeys.notified(WALES)
    concise = {**WALES.facts, "on-cp-register-within-6-months": False}
    review.assess_criteria(facts=concise, assessed_on=D, meta=meta())
    assert refusal(review, lambda: recommend(review)) == "review.kind-criteria-not-met"


def test_a_recommended_kind_must_exist_in_the_rule_set() -> None:
    review = journeys.notified(WALES)
    assert refusal(review, lambda: recommend(review, kind="national")) == "review.unknown-kind"


def test_only_bodies_the_rule_set_names_can_be_notified() -> None:
    review = journeys.notified(WALES)
    rule = refusal(
        review,
        lambda: review.notify_external_body(
            recipient="home-office", purpose="x", channel="email", notified_on=D, meta=meta()
        ),
    )
    assert rule == "review.unknown-body"


def test_england_decides_only_after_a_recommendation() -> None:
    review = journeys.notified(ENGLAND)
    review.notify_external_body(
        recipient="national-panel",
        purpose="serious-incident",
        channel="CSINS",
        notified_on=D,
        meta=meta(),
    )
    assert refusal(review, lambda: decide(review)) == "review.decision-needs-recommendation"


def test_a_decision_that_agrees_must_follow_the_recommendation() -> None:
    review = recommended()
    rule = refusal(review, lambda: decide(review, outcome="not-proceed"))
    assert rule == "review.decision-contradicts-response"


def test_agreeing_with_amendments_needs_the_amendments() -> None:
    review = recommended()
    rule = refusal(review, lambda: decide(review, response="agree-with-amendments"))
    assert rule == "review.amendments-required"


def test_a_decision_names_its_decision_makers() -> None:
    review = recommended()
    rule = refusal(review, lambda: decide(review, decision_makers=[" "]))
    assert rule == "review.decision-makers-required"


def test_a_decision_on_a_subject_the_rule_set_does_not_give_is_refused() -> None:
    review = recommended()
    rule = refusal(review, lambda: decide(review, subject="funding"))
    assert rule == "review.unknown-decision-subject"


def test_a_disagreeing_decision_records_dissent_and_the_chosen_kind() -> None:
    review = journeys.notified(SCOTLAND_CPC)
    review.make_recommendation(
        outcome="not-proceed",
        kind=None,
        agreement="majority",
        rationale="Single agency issue.",
        recommended_on=D,
        alternative_approach="Single-agency review.",
        meta=meta(),
    )
    decide(review, response="disagree", kind="learning-review", dissent=["member-4"])
    assert (review.stage, review.kind) == ("commissioning", "learning-review")
    assert review.decisions[-1]["dissent"] == ["member-4"]


def test_the_review_is_commissioned_only_once() -> None:
    review = journeys.commissioned(WALES)
    assert refusal(review, lambda: decide(review)) == "review.already-decided"


def test_publication_is_decided_only_for_an_accepted_report() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(
        review, lambda: decide(review, subject="publication", outcome="publish", response=None)
    )
    assert rule == "review.report-not-accepted"


def test_a_decision_to_publish_needs_the_planned_date() -> None:
    review = journeys.accepted(WALES)
    rule = refusal(review, lambda: decide(review, subject="publication", outcome="publish"))
    assert rule == "review.publication-date-required"


def test_england_sets_no_chronology_period_to_extend() -> None:
    review = journeys.commissioned(ENGLAND)
    rule = refusal(review, lambda: decide(review, subject="chronology-period", outcome="extend"))
    assert rule == "review.unknown-decision-subject"


def test_an_extension_beyond_the_rule_sets_maximum_is_refused() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(
        review,
        lambda: decide(review, subject="chronology-period", outcome="extend", chronology_months=48),
    )
    assert rule == "review.chronology-period-exceeds-limit"


def test_agency_information_answers_its_request() -> None:
    review = journeys.notified(WALES)
    review.assess_criteria(facts=WALES.facts, assessed_on=D, meta=meta())
    assert review.facts == WALES.facts
    assert review.agency_information == []
    review.request_information(agency="Health", due_on=D, meta=meta())
    review.record_agency_information(
        agency="Health", received_on=D, content=narrative(WALES.child, "Known."), meta=meta()
    )
    assert review.information_requests[0]["answered"] is True


def test_an_answer_cannot_be_due_before_the_request_was_made() -> None:
    review = journeys.notified(cases.SCOTLAND_APC)
    ask = lambda: review.request_information(  # noqa: E731
        agency="Police", due_on=date(2024, 3, 1), requested_on=date(2024, 3, 5), meta=meta()
    )
    assert refusal(review, ask) == "review.due-before-request"


def test_an_information_request_stored_before_requested_on_existed_still_replays() -> None:
    review = journeys.notified(cases.SCOTLAND_APC)
    review.request_information(
        agency="Police", due_on=date(2024, 3, 15), requested_on=date(2024, 3, 4), meta=meta()
    )
    events = review.collect_events()
    vars(events[-1]).pop("requested_on")  # as a request recorded by an earlier release

    replayed = None
    for stored in events:
        replayed = stored.mutate(replayed)

    assert isinstance(replayed, Review)
    assert replayed.information_requests == [
        {"agency": "Police", "due_on": date(2024, 3, 15), "requested_on": None, "answered": False}
    ]
