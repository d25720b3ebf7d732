"""Family engagement: the liaison strategy, wishes to take part, meetings, feedback at the end,
and the warning when practitioners are heard before the family."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.review import Review
from tests.domain.review import journeys
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC, WALES
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import meta, narrative, opinion

D = date(2024, 4, 15)


def contacted(relationship: str = "parent") -> Review:
    review = journeys.commissioned(WALES)
    review.family_member_identified(
        member=WALES.mother, relationship=relationship, identified_on=D, meta=meta()
    )
    review.family_contact_made(member=WALES.mother, channel="phone", contacted_on=D, meta=meta())
    return review


def agree(review: Review, where: str = "At home.") -> None:
    review.agree_family_participation(
        member=WALES.mother,
        where=narrative(WALES.mother, where),
        how=narrative(WALES.mother, "In person."),
        when=narrative(WALES.mother, "Mornings."),
        agreed_on=D,
        meta=meta(),
    )


def test_a_family_members_relationship_comes_from_the_guidances_list() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(
        review,
        lambda: review.family_member_identified(
            member=WALES.mother, relationship="neighbour", identified_on=D, meta=meta()
        ),
    )
    assert rule == "review.unknown-relationship"


def test_the_family_liaison_strategy_is_kept_in_every_version() -> None:
    review = journeys.commissioned(WALES)
    for text in ("Meet at home.", "Meet at home or online."):
        review.agree_family_liaison_strategy(strategy=text, agreed_on=D, meta=meta())
    assert [s["version"] for s in review.family_liaison_strategies] == [1, 2]


def test_a_blank_family_liaison_strategy_is_refused() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(
        review,
        lambda: review.agree_family_liaison_strategy(strategy=" ", agreed_on=D, meta=meta()),
    )
    assert rule == "review.family-liaison-strategy-required"


def test_participation_is_agreed_after_contact() -> None:
    review = journeys.commissioned(WALES)
    review.family_member_identified(
        member=WALES.mother, relationship="parent", identified_on=D, meta=meta()
    )
    assert refusal(review, lambda: agree(review)) == "review.family-not-contacted"


def test_participation_records_where_how_and_when() -> None:
    review = contacted()
    agree(review)
    wishes = review.family[WALES.mother]["participation"]
    assert wishes["where"].value == "At home."
    assert wishes["when"].value == "Mornings."


def test_participation_wishes_must_be_stated() -> None:
    review = contacted()
    assert (
        refusal(review, lambda: agree(review, where=" ")) == "review.participation-wishes-required"
    )


def test_participation_wishes_are_the_family_members_own() -> None:
    review = contacted()
    rule = refusal(
        review,
        lambda: review.agree_family_participation(
            member=WALES.mother,
            where=narrative(uuid4(), "At home."),
            how=narrative(WALES.mother, "In person."),
            when=narrative(WALES.mother, "Mornings."),
            agreed_on=D,
            meta=meta(),
        ),
    )
    assert rule == "review.field-of-another-subject"


def test_a_member_who_declined_does_not_agree_to_take_part() -> None:
    review = contacted()
    review.family_declined(member=WALES.mother, declined_on=D, meta=meta())
    assert refusal(review, lambda: agree(review)) == "review.family-declined"


def test_a_family_meeting_names_who_was_met() -> None:
    review = contacted()
    rule = refusal(review, lambda: review.hold_family_meeting(members=[], held_on=D, meta=meta()))
    assert rule == "review.family-meeting-members-required"


def test_a_family_meeting_needs_the_members_agreement_to_take_part() -> None:
    review = contacted()
    rule = refusal(
        review,
        lambda: review.hold_family_meeting(members=[WALES.mother], held_on=D, meta=meta()),
    )
    assert rule == "review.family-participation-not-agreed"


def test_a_family_meeting_is_recorded() -> None:
    review = contacted()
    agree(review)
    review.hold_family_meeting(members=[WALES.mother], held_on=D, meta=meta())
    assert review.family_meetings == [{"members": [WALES.mother], "held_on": D}]


def test_family_feedback_before_the_report_is_refused_in_the_reporting_stages() -> None:
    review = journeys.learned(SCOTLAND_CPC)
    review.reports.clear()  # as if the rule set allowed feedback before any draft
    rule = refusal(
        review,
        lambda: review.give_family_feedback(
            member=SCOTLAND_CPC.mother,
            feedback=opinion(SCOTLAND_CPC.mother, "Fair."),
            on_process=opinion(SCOTLAND_CPC.mother, "Slow."),
            given_on=D,
            meta=meta(),
        ),
    )
    assert rule == "review.family-feedback-before-report"


def test_family_feedback_includes_their_view_of_the_process() -> None:
    review = journeys.learned(SCOTLAND_CPC)
    feedback = review.family[SCOTLAND_CPC.mother]["feedback"][0]
    assert feedback["on_process"].value == "We were listened to this time."


def hold_first_event(review: Review) -> None:
    practitioner = review.learning_events[0]["invited"][0]["practitioner"]
    review.hold_learning_event(number=1, held_on=D, attendees=[practitioner], meta=meta())


def test_a_practitioner_event_before_any_family_meeting_is_held_with_a_warning() -> None:
    review = journeys.evidenced(SCOTLAND_CPC, meet_family=False)
    hold_first_event(review)
    assert review.learning_events[0]["warnings"] == ["family-views-first"]
    assert review.learning_events[0]["held_on"] == D


def test_no_warning_once_the_family_was_met() -> None:
    review = journeys.evidenced(SCOTLAND_CPC)
    hold_first_event(review)
    assert review.learning_events[0]["warnings"] == []


def test_no_warning_where_the_rule_set_does_not_ask_for_the_family_first() -> None:
    review = journeys.evidenced(ENGLAND, meet_family=False)
    hold_first_event(review)
    assert review.learning_events[0]["warnings"] == []
