"""Stage machine queries: which commands a stage accepts, who may issue them, what moves on."""

from __future__ import annotations

import pytest

from domain.rules import RuleSet, load_rule_set


@pytest.fixture(scope="module")
def wales() -> RuleSet:
    return load_rule_set("wales.cpr@2012")


def test_a_new_review_starts_at_notification(wales: RuleSet) -> None:
    assert wales.first_stage.id == "notification"
    assert wales.allows("receive_notification", "notification")


def test_decision_cannot_be_recorded_before_the_recommendation(wales: RuleSet) -> None:
    assert not wales.allows("record_decision", "notification")
    assert wales.next_stage("notification", "RecommendationMade", {}) == "decision"


def test_decision_to_proceed_moves_to_commissioning(wales: RuleSet) -> None:
    payload = {"subject": "hold-review", "outcome": "proceed", "body": "lscb-chair"}
    assert wales.next_stage("decision", "DecisionRecorded", payload) == "commissioning"


def test_decision_not_to_proceed_leaves_the_review_to_be_closed(wales: RuleSet) -> None:
    payload = {"subject": "hold-review", "outcome": "not-proceed"}
    assert wales.next_stage("decision", "DecisionRecorded", payload) is None
    assert wales.next_stage("decision", "ReviewClosed", {}) == "closed"


def test_pause_is_accepted_in_every_open_stage(wales: RuleSet) -> None:
    open_stages = [s.id for s in wales.stages if not s.terminal]
    assert all(wales.allows("pause", stage) for stage in open_stages)


def test_closed_review_accepts_only_withdrawal_of_the_report(wales: RuleSet) -> None:
    assert wales.commands_in("closed") == {"withdraw_report"}


def test_only_the_reviewer_drafts_the_report(wales: RuleSet) -> None:  # 5.17
    assert wales.roles_for("draft_report") == {"reviewer"}


def test_unknown_stage_is_a_lookup_error(wales: RuleSet) -> None:
    with pytest.raises(LookupError, match="no stage 'limbo'"):
        wales.stage("limbo")


def test_unknown_decision_subject_is_a_lookup_error() -> None:
    england = load_rule_set("england.cspr@2023")
    with pytest.raises(LookupError, match="chronology-period"):
        england.decision("chronology-period")
