"""The Welsh rule set says what the 2011 draft guidance says (paragraph numbers in comments)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules import Duration, MissingFact, RuleSet, load_rule_set

STATUTORY = ("on-cp-register-within-6-months", "looked-after", "care-leaver-under-18")
CRITERIA = ("abuse-or-neglect-known-or-suspected", "died", "serious-harm", *STATUTORY)


@pytest.fixture(scope="module")
def wales() -> RuleSet:
    return load_rule_set("wales.cpr@2012")


def facts(**true: bool) -> dict[str, bool]:
    return {name: true.get(name.replace("-", "_"), False) for name in CRITERIA}


def test_extended_review_needs_two_reviewers_one_external(wales: RuleSet) -> None:  # 6.7
    (team,) = wales.team_for("extended")
    assert (team.min_reviewers, team.min_external_reviewers) == (2, 1)


def test_concise_review_needs_one_reviewer(wales: RuleSet) -> None:  # 5.14
    (team,) = wales.team_for("concise")
    assert (team.min_reviewers, team.min_external_reviewers) == (1, 0)


def test_chair_and_reviewers_give_independence_statements(wales: RuleSet) -> None:
    for kind in ("concise", "extended"):
        assert wales.team_for(kind)[0].independence_statement_roles == {"chair", "reviewer"}


def test_report_is_published_for_at_least_12_weeks_then_on_request(wales: RuleSet) -> None:
    display = wales.publication.min_display  # 5.20, 6.12
    assert display is not None
    assert (display.duration, display.then_on_request) == (Duration("weeks", 12), True)


def test_welsh_government_gets_the_report_2_weeks_before_publication(wales: RuleSet) -> None:
    assert wales.publication.lead_time_clock is not None  # 5.19, 6.11
    lead = wales.clock(wales.publication.lead_time_clock)
    assert (lead.duration, lead.direction) == (Duration("weeks", 2), "before")
    assert lead.anchor.date_field == "planned_publication_date"
    assert lead.satisfied_by.matches("ReportSubmitted", {"recipient": "welsh-government"})


def test_review_completes_within_6_months_of_referral(wales: RuleSet) -> None:  # 5.21, 6.13
    clock = wales.clock("wales.cpr@2012/complete-within-6-months-of-referral")
    assert (clock.duration, clock.anchor.event) == (Duration("months", 6), "NotificationReceived")
    assert "ParallelProceedingsRecorded" in clock.pause_on


def test_concise_timeline_is_12_months_extendable_by_the_panel_to_2_years(wales: RuleSet) -> None:
    rule = wales.chronology_for("concise")  # 5.10
    assert rule is not None
    assert rule.extension is not None
    assert rule.period == Duration("months", 12)
    assert (rule.extension.by, rule.extension.max) == ("review-panel", Duration("months", 24))


def test_extended_timeline_may_reach_3_years(wales: RuleSet) -> None:  # 6.5
    rule = wales.chronology_for("extended")
    assert rule is not None
    assert rule.extension is not None
    assert rule.extension.max == Duration("months", 36)


def test_genogram_is_kept_out_of_the_published_report(wales: RuleSet) -> None:  # 5.10
    assert "genogram" in wales.publication.excluded_material


def test_board_chair_decides_on_the_sub_groups_recommendation(wales: RuleSet) -> None:  # 5.6, 5.8
    rule = wales.decision("hold-review")
    assert (rule.made_by, rule.recommended_by) == ("lscb-chair", "review-sub-group")


def test_care_leaver_criterion_is_flagged_unverified(wales: RuleSet) -> None:
    (care_leaver,) = [c for c in wales.criteria if c.id == "care-leaver-under-18"]
    assert care_leaver.provenance.verified is False


def test_child_on_the_register_in_the_last_six_months_gets_an_extended_review(
    wales: RuleSet,
) -> None:
    case = facts(
        abuse_or_neglect_known_or_suspected=True, died=True, on_cp_register_within_6_months=True
    )
    kind = wales.kind_for(case)
    assert kind is not None
    assert kind.id == "extended"


def test_seriously_harmed_child_unknown_to_services_gets_a_concise_review(wales: RuleSet) -> None:
    kind = wales.kind_for(facts(abuse_or_neglect_known_or_suspected=True, serious_harm=True))
    assert kind is not None
    assert kind.id == "concise"


def test_kind_needs_every_fact_answered(wales: RuleSet) -> None:
    case = facts(abuse_or_neglect_known_or_suspected=True, died=True)
    del case["looked-after"]
    with pytest.raises(MissingFact, match="looked-after"):
        wales.kind_for(case)


@given(st.fixed_dictionaries({name: st.booleans() for name in CRITERIA}))
def test_kind_follows_paragraphs_5_1_and_6_2(case: dict[str, bool]) -> None:
    wales = load_rule_set("wales.cpr@2012")
    harmed = case["abuse-or-neglect-known-or-suspected"] and (case["died"] or case["serious-harm"])
    statutory = any(case[name] for name in STATUTORY)
    expected = None if not harmed else "extended" if statutory else "concise"
    kind = wales.kind_for(case)
    assert (kind.id if kind else None) == expected


def test_inspectorates_hear_about_action_plans_only_for_extended_reviews(wales: RuleSet) -> None:
    (notice,) = [n for n in wales.notifications if n.recipient == "inspectorates"]  # 6.15
    assert notice.owed("extended", {})
    assert not notice.owed("concise", {})
