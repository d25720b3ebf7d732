"""The Scottish rule sets say what section 4, Annex 6 and the adult annex say."""

from __future__ import annotations

import pytest

from domain.rules import Duration, RuleSet, load_rule_set


@pytest.fixture(scope="module")
def cpc() -> RuleSet:
    return load_rule_set("scotland.cpc-learning-review@2021")


@pytest.fixture(scope="module")
def apc() -> RuleSet:
    return load_rule_set("scotland.apc-learning-review@2022")


def test_chronologies_cover_at_most_three_years_before_the_incident(cpc: RuleSet) -> None:
    rule = cpc.chronology_for("learning-review")
    assert rule is not None
    assert (rule.period, rule.may_cover_aftermath) == (Duration("months", 36), True)


def test_who_may_extend_the_chronology_is_flagged_unverified(cpc: RuleSet) -> None:
    rule = cpc.chronology_for("learning-review")
    assert rule is not None
    assert rule.extension is not None
    assert rule.extension.provenance.verified is False


@pytest.mark.parametrize("months", [6, 9])
def test_review_completes_six_to_nine_months_after_the_decision(cpc: RuleSet, months: int) -> None:
    clock = cpc.clock(
        f"scotland.cpc-learning-review@2021/complete-within-{months}-months-of-decision"
    )
    assert clock.duration == Duration("months", months)
    assert clock.anchor.matches(
        "DecisionRecorded", {"subject": "hold-review", "outcome": "proceed"}
    )


def test_cog_decides_publication_on_the_cpcs_recommendation(cpc: RuleSet) -> None:
    rule = cpc.publication
    assert (rule.decided_by, rule.recommended_by, rule.family_consulted) == ("cog", "cpc", True)


def test_publication_waits_for_copfs_or_scra_during_proceedings(cpc: RuleSet) -> None:
    consulted = {delay.reason: delay.consult for delay in cpc.publication.delays}
    assert consulted["fatal-accident-inquiry"] == ("copfs",)
    assert consulted["childrens-hearings-proceedings"] == ("scra",)


def test_care_inspectorate_hears_of_a_decision_not_to_proceed(cpc: RuleSet) -> None:
    payload = {"subject": "hold-review", "outcome": "not-proceed"}
    recipients = {n.recipient for n in cpc.notifications_triggered_by("DecisionRecorded", payload)}
    assert recipients == {"care-inspectorate", "cog"}


def test_national_hub_data_set_is_owed_only_when_the_child_died(cpc: RuleSet) -> None:
    (notice,) = [n for n in cpc.notifications if n.recipient == "national-hub"]
    assert notice.owed("learning-review", {"died": True})
    assert not notice.owed("learning-review", {"died": False})


def test_strategic_manager_events_take_half_a_day(cpc: RuleSet) -> None:
    durations = {event.id: event.duration for event in cpc.learning_events}
    assert durations["strategic-manager-event"] == "half a day"
    assert durations["practitioner-and-first-line-manager-event"] == "a full day"


def test_administrator_takes_the_event_notes(cpc: RuleSet) -> None:  # Annex 6
    assert {event.note_taker for event in cpc.learning_events} == {"administrator"}
    assert "administrator" in cpc.roles_for("record_learning_point")


def test_cpc_review_has_no_genogram_source_but_allows_one_as_policy(cpc: RuleSet) -> None:
    assert cpc.allows("record_genogram", "evidence")
    assert "record_genogram is product policy" in (cpc.stage("evidence").provenance.note or "")


def test_care_inspectorate_gets_the_adult_outcome_within_7_days_of_ratification(
    apc: RuleSet,
) -> None:
    clock = apc.clock(
        "scotland.apc-learning-review@2022/care-inspectorate-outcome-within-7-days-of-ratification"
    )
    assert clock.duration == Duration("calendar_days", 7)
    assert clock.anchor.matches("ReportAccepted", {"body": "cog"})


def test_agencies_answer_adult_information_requests_within_2_weeks(apc: RuleSet) -> None:
    clock = apc.clock("scotland.apc-learning-review@2022/agency-information-within-2-weeks")
    assert (clock.duration, clock.anchor.event) == (Duration("weeks", 2), "InformationRequested")


def test_cog_ratifies_the_adult_review(apc: RuleSet) -> None:
    assert apc.decision("accept-report").made_by == "cog"
    assert apc.next_stage("reporting", "ReportAccepted", {"body": "cog"}) == "publication"


def test_adult_stage_model_borrowed_from_the_cpc_is_flagged_unverified(apc: RuleSet) -> None:
    assert apc.stage("decision").provenance.verified is False
    assert apc.stage("learning").provenance.verified is True
