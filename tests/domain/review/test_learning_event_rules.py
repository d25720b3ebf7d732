"""Learning events in detail: planning (venue, duration, facilitators, note taker), answers to
invitations, attendance, unattributed working notes, the coverage checklist and evaluations."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.personal import Personal
from domain.review import Review
from tests.domain.review import journeys
from tests.domain.review.cases import SCOTLAND_CPC, WALES
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import meta, narrative, opinion

D = date(2024, 5, 20)
CASE = SCOTLAND_CPC


def held() -> Review:
    review = journeys.evidenced(CASE)
    review.hold_learning_event(number=1, held_on=D, attendees=[CASE.practitioner], meta=meta())
    return review


def respond(review: Review, response: str = "declined", practitioner: object = None) -> None:
    review.record_participant_response(
        number=1,
        practitioner=practitioner or CASE.practitioner,  # type: ignore[arg-type]
        response=response,
        responded_on=D,
        meta=meta(),
    )


def evaluate(review: Review, answers: dict[str, Personal]) -> None:
    review.return_evaluation(number=1, answers=answers, returned_on=D, meta=meta())


def test_a_planned_event_records_venue_duration_facilitators_and_note_taker() -> None:
    event = journeys.evidenced(CASE).learning_events[0]
    assert event["venue"] == "Community centre"
    assert event["duration"] == "a full day"  # the rule set's, when none is given
    assert event["facilitators"] == [CASE.reviewer_ids[0]]
    assert event["note_taker"] == CASE.administrator


def test_facilitators_are_members_of_the_review_team() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(
        review,
        lambda: review.plan_learning_event(
            format="practitioner-learning-event",
            planned_on=D,
            facilitators=[uuid4()],
            meta=meta(),
        ),
    )
    assert rule == "review.not-a-team-member"


def test_an_invited_practitioner_may_decline() -> None:
    review = journeys.evidenced(CASE)
    respond(review, "declined")
    assert review.learning_events[0]["responses"][-1]["response"] == "declined"


def test_only_an_invited_practitioner_responds() -> None:
    review = journeys.evidenced(CASE)
    assert refusal(review, lambda: respond(review, practitioner=uuid4())) == "review.not-invited"


def test_a_response_accepts_or_declines() -> None:
    review = journeys.evidenced(CASE)
    assert refusal(review, lambda: respond(review, "maybe")) == "review.unknown-response"


def test_attendance_is_recorded_once_the_event_is_held() -> None:
    review = journeys.evidenced(CASE)
    rule = refusal(
        review,
        lambda: review.record_participant_attended(
            number=1, practitioner=CASE.practitioner, attended_on=D, meta=meta()
        ),
    )
    assert rule == "review.learning-event-not-held"


def test_a_practitioner_who_declined_did_not_attend() -> None:
    review = journeys.evidenced(CASE)
    other = uuid4()
    review.invite_practitioner(
        number=1, practitioner=other, role="teacher", agency="School", invited_on=D, meta=meta()
    )
    respond(review, "declined", practitioner=other)
    review.hold_learning_event(number=1, held_on=D, attendees=[CASE.practitioner], meta=meta())
    rule = refusal(
        review,
        lambda: review.record_participant_attended(
            number=1, practitioner=other, attended_on=D, meta=meta()
        ),
    )
    assert rule == "review.participant-declined"


def test_working_notes_are_not_attributed_to_a_participant() -> None:
    review = journeys.evidenced(CASE)
    rule = refusal(
        review,
        lambda: review.hold_learning_event(
            number=1,
            held_on=D,
            attendees=[CASE.practitioner],
            notes=[opinion(CASE.practitioner, "I did not know who to tell.")],
            meta=meta(),
        ),
    )
    assert rule == "review.contribution-attributed"


def test_working_notes_are_kept_encrypted_as_personal_data() -> None:
    review = journeys.learned(CASE)
    note = review.learning_events[0]["notes"][0]
    assert (note.subject_id, note.value) == (
        CASE.child,
        "Nobody asked about the bruising at the time.",
    )


def test_coverage_uses_the_guidances_checklist() -> None:
    review = held()
    rule = refusal(
        review,
        lambda: review.record_coverage(number=1, covered=["gossip"], recorded_on=D, meta=meta()),
    )
    assert rule == "review.unknown-coverage-item"


def test_coverage_lists_what_was_not_covered() -> None:
    review = held()
    review.record_coverage(number=1, covered=["what-went-well"], recorded_on=D, meta=meta())
    coverage = review.learning_events[0]["coverage"]
    assert coverage["covered"] == ["what-went-well"]
    assert "family-views-then-and-now" in coverage["not_covered"]


def test_an_evaluation_answers_at_least_one_question() -> None:
    review = held()
    assert refusal(review, lambda: evaluate(review, {})) == "review.evaluation-empty"


def test_an_evaluation_asks_the_sample_forms_questions() -> None:
    review = held()
    answers = {"favourite-biscuit": opinion(CASE.practitioner, "Ginger.")}
    rule = refusal(review, lambda: evaluate(review, answers))
    assert rule == "review.unknown-evaluation-question"


def test_an_evaluation_comes_from_an_attendee() -> None:
    review = held()
    rule = refusal(review, lambda: evaluate(review, {"rating": opinion(uuid4(), "Good.")}))
    assert rule == "review.evaluation-not-from-attendee"


def test_an_evaluation_is_one_persons_form() -> None:
    review = held()
    answers = {
        "rating": opinion(CASE.practitioner, "Good."),
        "most-helpful": opinion(uuid4(), "The timeline."),
    }
    assert (
        refusal(review, lambda: evaluate(review, answers)) == "review.evaluation-of-several-people"
    )


def test_evaluation_answers_are_opinions() -> None:
    review = held()
    answers = {"rating": narrative(CASE.practitioner, "Good.")}
    assert refusal(review, lambda: evaluate(review, answers)) == "review.personal-category"
