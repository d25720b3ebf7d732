"""Refusals from the report to closure: drafts, acceptance, lead times, publication, the plan."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.review import Review
from tests.domain.review import cases, journeys
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC, WALES
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import CALENDARS, meta, opinion

D = date(2024, 6, 1)


def in_learning(case: cases.Case = WALES) -> Review:
    review = journeys.evidenced(case)
    review.hold_learning_event(number=1, held_on=D, attendees=[case.practitioner], meta=meta())
    return review


def draft(review: Review, sections: dict[str, list[dict[str, str]]]) -> None:
    review.draft_report(sections=sections, drafted_on=D, meta=meta("reviewer"))


def test_a_draft_with_no_sections_is_refused() -> None:
    review = in_learning()
    assert refusal(review, lambda: draft(review, {})) == "review.report-sections-empty"


def test_a_draft_with_an_empty_section_is_refused() -> None:
    review = in_learning()
    assert refusal(review, lambda: draft(review, {"circumstances": []})) == (
        "review.report-sections-empty"
    )


def test_sections_are_the_rule_sets() -> None:
    review = in_learning()
    statement = [{"text": "x", "basis": "fact"}]
    assert refusal(review, lambda: draft(review, {"gossip": statement})) == (
        "review.unknown-report-section"
    )


def test_every_statement_is_marked_fact_or_professional_opinion() -> None:
    review = in_learning()
    statement = [{"text": "x", "basis": "hunch"}]
    assert refusal(review, lambda: draft(review, {"circumstances": statement})) == (
        "review.statement-basis-unknown"
    )


def test_the_extended_welsh_report_has_the_second_reviewers_section() -> None:
    review = journeys.learned(WALES)
    assert "additional-scrutiny" in journeys.full_report(review)


def test_comments_come_on_a_shared_version() -> None:
    review = journeys.learned(WALES)
    rule = refusal(
        review,
        lambda: review.receive_participant_comment(
            version=1,
            participant=WALES.practitioner,
            comment=opinion(WALES.practitioner, "Unfair."),
            received_on=D,
            meta=meta(),
        ),
    )
    assert rule == "review.report-not-shared"


def test_only_the_latest_version_is_accepted() -> None:
    review = journeys.learned(WALES)
    draft(review, journeys.full_report(review))
    rule = refusal(review, lambda: review.accept_report(version=1, accepted_on=D, meta=meta()))
    assert rule == "review.report-not-latest"


def test_a_report_missing_a_required_section_is_not_accepted() -> None:
    review = journeys.learned(WALES)
    rule = refusal(review, lambda: review.accept_report(version=1, accepted_on=D, meta=meta()))
    assert rule == "review.report-section-missing"


def test_acceptance_is_recorded_for_the_body_the_rule_set_names() -> None:
    assert journeys.accepted(SCOTLAND_CPC).reports[-1]["accepted_by"] == "cog"
    assert journeys.accepted(ENGLAND).reports[-1]["accepted_by"] == "safeguarding-partners"


def submit(review: Review, recipient: str, on: date) -> None:
    review.submit_report(recipient=recipient, submitted_on=on, calendars=CALENDARS, meta=meta())


def decide_publication(review: Review, planned: date = journeys.PLANNED_PUBLICATION) -> None:
    review.record_decision(
        subject="publication",
        outcome="publish",
        decision_makers=["partners"],
        rationale="Publish.",
        decided_on=D,
        planned_publication_date=planned,
        meta=meta(),
    )


def test_a_report_owed_before_publication_needs_the_planned_date() -> None:
    review = journeys.accepted(ENGLAND)
    rule = refusal(review, lambda: submit(review, "ofsted", date(2024, 8, 1)))
    assert rule == "review.publication-date-not-planned"


def test_england_refuses_a_report_sent_under_7_working_days_before_publication() -> None:
    review = journeys.accepted(ENGLAND)
    decide_publication(review, planned=date(2024, 9, 2))  # a Monday: 7 working days → 22 Aug
    rule = refusal(review, lambda: submit(review, "national-panel", date(2024, 8, 23)))
    assert rule == "review.report-lead-time-too-short"
    submit(review, "national-panel", date(2024, 8, 22))
    assert review.submissions[-1]["latest_on"] == date(2024, 8, 22)


def test_wales_refuses_a_report_sent_under_2_weeks_before_publication() -> None:
    review = journeys.accepted(WALES)
    decide_publication(review)
    rule = refusal(review, lambda: submit(review, "welsh-government", date(2024, 8, 20)))
    assert rule == "review.report-lead-time-too-short"


def test_publishing_waits_for_the_report_to_reach_every_body_owed_it() -> None:
    review = journeys.accepted(ENGLAND)
    decide_publication(review)
    submit(review, "national-panel", date(2024, 8, 1))
    rule = refusal(review, lambda: journeys.publish(review))
    assert rule == "review.report-not-submitted"


def test_publishing_needs_a_decision_to_publish() -> None:
    review = journeys.accepted(SCOTLAND_CPC)
    rule = refusal(review, lambda: journeys.publish(review))
    assert rule == "review.publication-not-decided"


def test_a_report_stays_published_for_the_minimum_display_period() -> None:
    review = journeys.closed(WALES)
    rule = refusal(
        review,
        lambda: review.withdraw_report(
            reason="Old.", withdrawn_on=date(2024, 11, 1), meta=meta("governance-officer")
        ),
    )
    assert rule == "review.report-min-display-not-elapsed"
    review.withdraw_report(reason="Old.", withdrawn_on=date(2024, 11, 25), meta=meta())
    assert review.publication is not None
    assert review.publication["withdrawn_on"] == date(2024, 11, 25)


def test_progress_is_reported_on_a_known_action() -> None:
    review = journeys.published(WALES)
    rule = refusal(
        review,
        lambda: review.report_action_progress(number=9, progress="x", reported_on=D, meta=meta()),
    )
    assert rule == "review.action-unknown"


def test_a_completed_action_takes_no_more_progress() -> None:
    review = journeys.published(WALES)
    review.complete_action(number=1, evidence="Done.", completed_on=D, meta=meta())
    rule = refusal(
        review, lambda: review.complete_action(number=1, evidence="x", completed_on=D, meta=meta())
    )
    assert rule == "review.action-completed"


def close(review: Review) -> None:
    review.close_review(reason="Done.", closed_on=date(2024, 12, 1), meta=meta())


def test_a_review_closes_once_every_action_is_complete() -> None:
    review = journeys.published(WALES)
    assert refusal(review, lambda: close(review)) == "review.actions-outstanding"


def test_a_review_closes_once_every_notice_owed_is_given() -> None:
    review = journeys.published(SCOTLAND_CPC)
    review.complete_action(number=1, evidence="Done.", completed_on=D, meta=meta())
    review.pause(reason="Publication challenged.", paused_on=D, meta=meta())
    review.resume(resumed_on=D, meta=meta())
    assert refusal(review, lambda: close(review)) == "review.obligations-outstanding"


def test_a_review_not_held_closes_from_the_decision_stage() -> None:
    review = journeys.notified(WALES)
    review.make_recommendation(
        outcome="not-proceed",
        kind=None,
        agreement="unanimous",
        rationale="Single agency.",
        recommended_on=D,
        alternative_approach="Single-agency learning.",
        meta=meta(),
    )
    review.record_decision(
        subject="hold-review",
        outcome="not-proceed",
        response="agree",
        decision_makers=["board-chair"],
        rationale="Agreed.",
        decided_on=D,
        meta=meta(),
    )
    journeys.discharge(review, D)
    close(review)
    assert review.stage == "closed"


def test_a_closed_review_takes_no_more_actions() -> None:
    review = journeys.closed(ENGLAND)
    rule = refusal(
        review,
        lambda: review.add_action_plan_item(action="More.", owner="Council", due_on=D, meta=meta()),
    )
    assert rule == "review.command-not-allowed-in-stage"


def test_a_participants_comment_is_their_own() -> None:
    review = journeys.learned(WALES)
    review.share_report(
        version=1, recipients=["participants"], comments_due=D, shared_on=D, meta=meta()
    )
    rule = refusal(
        review,
        lambda: review.receive_participant_comment(
            version=1,
            participant=uuid4(),
            comment=opinion(uuid4(), "x"),
            received_on=D,
            meta=meta(),
        ),
    )
    assert rule == "review.field-of-another-subject"
