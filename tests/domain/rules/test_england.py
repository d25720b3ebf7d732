"""The English rule set carries the research note's CSPR clocks and the Leeds PLE guide."""

from __future__ import annotations

import pytest

from domain.rules import Duration, RuleSet, load_rule_set

RS = "england.cspr@2023"
SERIOUS = {"abuse-or-neglect-known-or-suspected": True, "died": True, "seriously-harmed": False}


@pytest.fixture(scope="module")
def england() -> RuleSet:
    return load_rule_set(RS)


def test_panel_is_notified_within_5_working_days(england: RuleSet) -> None:
    clock = england.clock(f"{RS}/panel-serious-incident-within-5-working-days")
    assert (clock.duration, clock.anchor.event) == (
        Duration("working_days", 5),
        "NotificationReceived",
    )
    assert clock.satisfied_by.matches(
        "ExternalBodyNotified", {"recipient": "national-panel", "purpose": "serious-incident"}
    )


def test_rapid_review_reaches_the_panel_within_15_working_days(england: RuleSet) -> None:
    clock = england.clock(f"{RS}/rapid-review-within-15-working-days")
    assert clock.duration == Duration("working_days", 15)
    assert clock.anchor.matches(
        "ExternalBodyNotified", {"recipient": "national-panel", "purpose": "serious-incident"}
    )


def test_report_stays_published_for_at_least_a_year(england: RuleSet) -> None:
    display = england.publication.min_display
    assert display is not None
    assert display.duration == Duration("months", 12)


def test_seven_working_day_pre_publication_notice_is_unverified(england: RuleSet) -> None:
    clocks = [c for c in england.clocks if "7-working-days-before-publication" in c.id]
    assert len(clocks) == 3
    assert {(c.duration, c.direction, c.provenance.verified) for c in clocks} == {
        (Duration("working_days", 7), "before", False)
    }


def test_six_month_completion_is_unverified(england: RuleSet) -> None:
    assert england.clock(f"{RS}/complete-within-6-months-of-decision").provenance.verified is False


def test_serious_incident_is_owed_to_the_panel_and_the_partners(england: RuleSet) -> None:
    facts = {**SERIOUS, "looked-after": False, "care-leaver-up-to-24": False}
    due = {
        n.recipient
        for n in england.notifications_triggered_by("NotificationReceived", {})
        if n.owed(None, facts)
    }
    assert due == {"national-panel", "safeguarding-partners"}


def test_looked_after_death_is_owed_to_ofsted_without_abuse(england: RuleSet) -> None:
    facts = {"abuse-or-neglect-known-or-suspected": False, "died": True, "seriously-harmed": False}
    facts |= {"looked-after": True, "care-leaver-up-to-24": False}
    due = {
        n.id
        for n in england.notifications_triggered_by("NotificationReceived", {})
        if n.owed(None, facts)
    }
    assert due == {"ofsted-looked-after-death", "secretary-of-state-looked-after-death"}


def test_serious_incident_meeting_a_reg_11_criterion_is_a_local_review(england: RuleSet) -> None:
    reg_11 = {
        "highlights-improvements": False,
        "recurrent-themes": True,
        "concerns-about-agencies-working-together": False,
        "panel-considers-local-review-appropriate": False,
    }
    kind = england.kind_for({**SERIOUS, **reg_11})
    assert kind is not None
    assert kind.id == "local"


def test_panel_notice_moves_the_review_to_rapid_review(england: RuleSet) -> None:
    payload = {"recipient": "national-panel", "purpose": "serious-incident"}
    assert england.next_stage("notification", "ExternalBodyNotified", payload) == "rapid-review"
    payload["recipient"] = "ofsted"
    assert england.next_stage("notification", "ExternalBodyNotified", payload) is None


def test_practitioner_learning_event_is_voluntary_and_led_by_the_reviewer(
    england: RuleSet,
) -> None:
    (event,) = england.learning_events
    assert (event.attendance, event.facilitated_by) == ("voluntary", frozenset({"reviewer"}))
    assert "reviewer" in england.roles_for("hold_learning_event")


def test_incident_notification_starts_only_the_clocks_of_owed_notices(england: RuleSet) -> None:
    facts = {**SERIOUS, "looked-after": False, "care-leaver-up-to-24": False}
    started = england.clocks_started_by("NotificationReceived", {}, None, facts)
    assert {c.id for c in started} == {
        f"{RS}/panel-serious-incident-within-5-working-days",
        f"{RS}/partners-serious-incident-within-5-working-days",
    }


def test_decision_to_hold_a_local_review_starts_the_completion_clock(england: RuleSet) -> None:
    payload = {"subject": "hold-review", "outcome": "proceed"}
    started = england.clocks_started_by("DecisionRecorded", payload, "local", {})
    assert [c.id for c in started] == [f"{RS}/complete-within-6-months-of-decision"]
