"""One whole review per shipped rule set, from notification to closure, in memory."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.review import Review
from tests.domain.review import journeys
from tests.domain.review.cases import CASES, ENGLAND, SCOTLAND_APC, SCOTLAND_CPC, WALES, Case

STAGES = [
    (journeys.notified, "notification"),
    (journeys.commissioned, "evidence"),
    (journeys.evidenced, "learning"),
    (journeys.learned, "reporting"),
    (journeys.accepted, "publication"),
    (journeys.published, "action-plan"),
    (journeys.closed, "closed"),
]


def replayed(review: Review) -> Review:
    events = review.collect_events()
    copy: Any = None
    for event in events:
        copy = event.mutate(copy)
    assert isinstance(copy, Review)
    return copy


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule_set_id)
def test_a_whole_review_runs_from_notification_to_closure(case: Case) -> None:
    review = journeys.closed(case)
    assert review.rule_set_id == case.rule_set_id
    assert review.stage == "closed"
    assert review.kind == case.kind
    assert review.closure is not None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule_set_id)
@pytest.mark.parametrize(("journey", "stage"), STAGES, ids=[s for _, s in STAGES])
def test_each_step_of_the_journey_reaches_the_rule_sets_stage(
    case: Case, journey: Any, stage: str
) -> None:
    assert journey(case).stage == stage


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule_set_id)
def test_replaying_the_events_rebuilds_the_same_review(case: Case) -> None:
    review = journeys.closed(case)
    copy = replayed(review)
    assert vars(copy) == vars(review)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule_set_id)
def test_every_notice_owed_was_given_by_closure(case: Case) -> None:
    review = journeys.closed(case)
    owed = [o for o in review.open_obligations() if o["owed"] is not False]
    assert owed
    assert all(o["discharged"] for o in owed)


def test_england_notifies_the_panel_ofsted_and_the_secretary_of_state() -> None:
    review = journeys.closed(ENGLAND)
    recipients = {s["recipient"] for s in review.submissions}
    assert recipients == {"national-panel", "secretary-of-state", "ofsted"}


def test_england_moves_to_rapid_review_when_the_panel_is_told_of_the_incident() -> None:
    review = journeys.notified(ENGLAND)
    review.assess_criteria(facts=ENGLAND.facts, assessed_on=journeys.RECEIVED, meta=journeys.meta())
    journeys.discharge(review, journeys.RECEIVED)
    assert review.stage == "rapid-review"


def test_wales_extended_review_owes_the_inspectorates_the_action_plan_impact() -> None:
    review = journeys.accepted(WALES)
    given = {o["id"] for o in review.open_obligations() if o["discharged"]}
    assert "inspectorates-action-plan-impact" in given


def test_scotland_cpc_sends_the_care_inspectorate_the_full_report() -> None:
    review = journeys.closed(SCOTLAND_CPC)
    assert [s["recipient"] for s in review.submissions] == ["care-inspectorate"]


def test_scotland_apc_tells_the_care_inspectorate_the_outcome() -> None:
    review = journeys.closed(SCOTLAND_APC)
    outcome = [n for n in review.notifications if n["purpose"] == "outcome"]
    assert [n["recipient"] for n in outcome] == ["care-inspectorate"]


def test_the_wales_report_went_to_the_welsh_government_by_the_lead_time_deadline() -> None:
    review = journeys.published(WALES)
    (submission,) = review.submissions
    assert submission["recipient"] == "welsh-government"
    assert submission["latest_on"] == date(2024, 8, 19)


def test_every_version_of_the_terms_of_reference_is_kept_with_its_reason() -> None:
    review = journeys.commissioned(WALES)
    versions = [(t["version"], t["status"], t["reason"]) for t in review.terms_of_reference]
    assert versions == [(1, "superseded", None), (2, "agreed", "Add the school's role.")]


def test_the_merged_timeline_groups_the_same_event_and_lists_missing_agencies() -> None:
    review = journeys.evidenced(SCOTLAND_CPC)
    (group,) = review.merged_timeline()
    assert [e["agency"] for e in group["entries"]] == ["Health", "Police"]
    assert review.merges[-1]["missing_agencies"] == ["Education"]


def test_notices_owed_for_facts_not_yet_assessed_are_to_be_determined() -> None:
    review = journeys.notified(ENGLAND)
    assert {o["owed"] for o in review.open_obligations()} == {None}
