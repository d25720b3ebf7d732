"""Refusals while the review gathers evidence and hears families and practitioners."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from domain.personal import Category, Personal
from domain.review import Review
from tests.domain.review import cases, journeys
from tests.domain.review.cases import SCOTLAND_CPC, WALES
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import meta, narrative, opinion

D = date(2024, 4, 5)


def request(review: Review, start: date = date(2023, 3, 1), end: date = date(2024, 2, 28)) -> None:
    review.request_chronology(
        agency="Health", period_start=start, period_end=end, due_on=D, requested_on=D, meta=meta()
    )


def submit(review: Review, entries: list[dict[str, Any]], agency: str = "Health") -> None:
    review.submit_chronology(agency=agency, entries=entries, submitted_on=D, meta=meta())


def test_a_chronology_period_beyond_the_rule_sets_limit_is_refused() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(review, lambda: request(review, start=date(2022, 1, 1)))
    assert rule == "review.chronology-period-exceeds-limit"


def test_an_extension_decided_by_the_panel_allows_a_longer_period() -> None:
    review = journeys.commissioned(WALES)
    review.record_decision(
        subject="chronology-period",
        outcome="extend",
        decision_makers=["panel"],
        rationale="The child was looked after for three years.",
        decided_on=D,
        chronology_months=36,
        meta=meta(),
    )
    request(review, start=date(2021, 3, 1))
    assert review.chronologies["Health"]["period_start"] == date(2021, 3, 1)
    assert review.decisions[-1]["made_by"] == "review-panel"


def test_a_chronology_period_ends_after_it_starts() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(review, lambda: request(review, start=date(2024, 3, 1), end=date(2024, 1, 1)))
    assert rule == "review.chronology-period-invalid"


def test_only_an_agency_asked_submits_a_chronology() -> None:
    review = journeys.commissioned(WALES)
    entry = journeys.chronology_entry(WALES, "nurse")
    assert refusal(review, lambda: submit(review, [entry])) == "review.chronology-not-requested"


def test_a_chronology_has_entries() -> None:
    review = journeys.commissioned(WALES)
    request(review)
    assert refusal(review, lambda: submit(review, [])) == "review.chronology-empty"


def test_what_happened_is_narrative_personal_data() -> None:
    review = journeys.commissioned(WALES)
    request(review)
    entry = journeys.chronology_entry(WALES, "nurse")
    entry["what_happened"] = "plain text"
    assert refusal(review, lambda: submit(review, [entry])) == "review.chronology-entry-invalid"


def test_merging_needs_a_submitted_chronology() -> None:
    review = journeys.commissioned(WALES)
    request(review)
    rule = refusal(review, lambda: review.merge_chronologies(merged_on=D, meta=meta()))
    assert rule == "review.no-chronologies"


def test_entries_outside_the_requested_period_are_flagged_when_merged() -> None:
    review = journeys.commissioned(WALES)
    request(review)
    inside = journeys.chronology_entry(WALES, "nurse")
    outside = {**inside, "date": date(2024, 3, 20), "event": None}
    submit(review, [outside, inside])
    review.merge_chronologies(merged_on=D, meta=meta())
    flags = [(g["date"], g["entries"][0]["outside_period"]) for g in review.merged_timeline()]
    assert flags == [(date(2023, 6, 1), False), (date(2024, 3, 20), True)]


def test_the_genogram_is_always_restricted() -> None:
    review = journeys.commissioned(WALES)
    review.record_genogram(document_ref="doc-1", recorded_on=D, meta=meta())
    assert review.genograms[0]["visibility"] == "restricted"


def identified(review: Review) -> None:
    review.family_member_identified(
        member=WALES.mother, relationship="parent", identified_on=D, meta=meta()
    )


def views(review: Review) -> None:
    review.family_views_recorded(
        member=WALES.mother, views=narrative(WALES.mother, "Views."), recorded_on=D, meta=meta()
    )


def test_a_family_member_is_identified_once() -> None:
    review = journeys.commissioned(WALES)
    identified(review)
    assert refusal(review, lambda: identified(review)) == "review.family-member-already-identified"


def test_an_unidentified_family_member_cannot_be_contacted() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(
        review,
        lambda: review.family_contact_made(
            member=uuid4(), channel="phone", contacted_on=D, meta=meta()
        ),
    )
    assert rule == "review.family-member-unknown"


def test_views_are_recorded_after_contact() -> None:
    review = journeys.commissioned(WALES)
    identified(review)
    assert refusal(review, lambda: views(review)) == "review.family-not-contacted"


def test_no_views_are_recorded_for_a_member_who_declined() -> None:
    review = journeys.commissioned(WALES)
    identified(review)
    review.family_contact_made(member=WALES.mother, channel="phone", contacted_on=D, meta=meta())
    review.family_declined(member=WALES.mother, declined_on=D, meta=meta())
    assert refusal(review, lambda: views(review)) == "review.family-declined"


def test_a_family_members_views_are_their_own() -> None:
    review = journeys.commissioned(WALES)
    identified(review)
    review.family_contact_made(member=WALES.mother, channel="phone", contacted_on=D, meta=meta())
    rule = refusal(
        review,
        lambda: review.family_views_recorded(
            member=WALES.mother, views=narrative(uuid4(), "x"), recorded_on=D, meta=meta()
        ),
    )
    assert rule == "review.field-of-another-subject"


def test_learning_events_take_a_format_the_rule_set_describes() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(
        review, lambda: review.plan_learning_event(format="webinar", planned_on=D, meta=meta())
    )
    assert rule == "review.unknown-learning-event-format"


def test_attendance_follows_the_rule_set() -> None:
    review = journeys.evidenced(cases.ENGLAND)
    assert review.learning_events[0]["attendance"] == "voluntary"
    assert journeys.evidenced(WALES).learning_events[0]["attendance"] == "expected"


def test_only_invited_practitioners_attend() -> None:
    review = journeys.evidenced(WALES)
    rule = refusal(
        review,
        lambda: review.hold_learning_event(number=1, held_on=D, attendees=[uuid4()], meta=meta()),
    )
    assert rule == "review.attendee-not-invited"


def test_a_learning_event_is_held_once() -> None:
    review = journeys.evidenced(WALES)
    review.hold_learning_event(number=1, held_on=D, attendees=[], meta=meta())
    rule = refusal(
        review,
        lambda: review.invite_practitioner(
            number=1, practitioner=uuid4(), role="GP", agency="Health", invited_on=D, meta=meta()
        ),
    )
    assert rule == "review.learning-event-held"


def point(review: Review, **overrides: object) -> None:
    values: dict[str, object] = {
        "text": "Learning.",
        "theme": "supervision",
        "recorded_on": D,
        "meta": meta(),
    }
    values.update(overrides)
    review.record_learning_point(**values)  # type: ignore[arg-type]


def test_a_learning_point_cites_an_event_that_was_held() -> None:
    review = journeys.evidenced(WALES)
    review.merge_chronologies(merged_on=D, meta=meta())
    assert refusal(review, lambda: point(review, event=1)) == "review.learning-event-not-held"


def test_practitioners_views_are_recorded_as_opinions() -> None:
    review = journeys.learned(SCOTLAND_CPC)
    health = Personal(SCOTLAND_CPC.practitioner, Category.HEALTH, "x")
    assert refusal(review, lambda: point(review, opinions=[health])) == "review.personal-category"
    point(review, opinions=[opinion(SCOTLAND_CPC.practitioner, "We were stretched.")])
    assert review.learning_points[-1]["opinions"][0].category is Category.OPINION
