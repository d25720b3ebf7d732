"""One refusal per rule the earlier tests did not name: blank or unknown details, records that do
not exist, things done twice (issue D1). Each case builds the review as far as the command is
allowed, then checks that the command is refused with that rule and nothing was recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.review import Review
from tests.domain.review import journeys
from tests.domain.review.cases import SCOTLAND_CPC, WALES, Case
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import PLANNED_PUBLICATION, meta

D = date(2024, 8, 20)
CASE = SCOTLAND_CPC

Command = Callable[[Review, Case], object]


def assessed(case: Case) -> Review:
    """Notification → criteria assessed: a recommendation is next."""
    review = journeys.notified(case)
    review.assess_criteria(facts=case.facts, assessed_on=date(2024, 3, 4), meta=meta())
    return review


def publishing(case: Case) -> Review:
    """An accepted report and a decision to publish it: publication commands are allowed."""
    review = journeys.accepted(case)
    review.record_decision(
        subject="publication",
        outcome="publish",
        decision_makers=["board-chair"],
        rationale="Publish the anonymised report.",
        decided_on=date(2024, 7, 8),
        planned_publication_date=PLANNED_PUBLICATION,
        meta=meta(),
    )
    journeys.discharge(review, date(2024, 8, 1))
    return review


def deferred(case: Case) -> Review:
    review = publishing(case)
    defer(review, case)
    return review


def withdrawn(case: Case) -> Review:
    review = journeys.published(case)
    review.withdraw_report(reason="Court order.", withdrawn_on=D, court_order=True, meta=meta())
    return review


def with_proceedings(case: Case) -> Review:
    review = journeys.commissioned(case)
    review.record_parallel_proceedings(kind="criminal", body="COPFS", recorded_on=D, meta=meta())
    return review


def recommend(review: Review, case: Case, **overrides: object) -> None:
    values: dict[str, object] = {
        "outcome": "proceed",
        "kind": case.kind,
        "agreement": "unanimous",
        "rationale": "The case meets the criteria.",
        "recommended_on": date(2024, 3, 21),
        "outline": journeys.OUTLINE,
        "meta": meta(),
    }
    review.make_recommendation(**{**values, **overrides})  # type: ignore[arg-type]


def notify(review: Review, **overrides: str) -> None:
    values = {"recipient": review.rules.bodies[0].id, "purpose": "notice", "channel": "eForm"}
    review.notify_external_body(**{**values, **overrides}, notified_on=D, meta=meta())


def defer(review: Review, case: Case, **overrides: str) -> None:
    values = {"reason": "inquest", "detail": "The inquest opens in May.", "lifted_by_role": "chair"}
    review.defer_publication(**{**values, **overrides}, deferred_on=D, meta=meta())


def invite(
    review: Review, case: Case, practitioner: UUID | None = None, **overrides: object
) -> None:
    values: dict[str, object] = {"number": 1, "role": "social worker", "agency": "Council"}
    review.invite_practitioner(
        **{**values, **overrides},  # type: ignore[arg-type]
        practitioner=practitioner or uuid4(),
        invited_on=date(2024, 5, 2),
        meta=meta(),
    )


def learning_point(
    review: Review, text: str = "Schools were not told.", theme: str = "sharing"
) -> None:
    review.record_learning_point(text=text, theme=theme, recorded_on=date(2024, 5, 21), meta=meta())


def decide(review: Review, **overrides: object) -> None:
    values: dict[str, object] = {
        "subject": "chronology-period",
        "outcome": "extend",
        "decision_makers": ["panel"],
        "rationale": "The child was looked after for three years.",
        "decided_on": date(2024, 4, 5),
        "chronology_months": 18,
        "meta": meta(),
    }
    review.record_decision(**{**values, **overrides})  # type: ignore[arg-type]


CASES: list[tuple[str, Callable[[Case], Review], Command, str]] = [
    # Intake
    (
        "an agency asked for information is named",
        journeys.notified,
        lambda r, c: r.request_information(agency=" ", due_on=D, meta=meta()),
        "review.agency-required",
    ),
    (
        "a notice to another body states its purpose",
        journeys.notified,
        lambda r, c: notify(r, purpose=" "),
        "review.purpose-required",
    ),
    (
        "a notice to another body states its channel",
        journeys.notified,
        lambda r, c: notify(r, channel=" "),
        "review.channel-required",
    ),
    (
        "a recommendation is to proceed or not",
        assessed,
        lambda r, c: recommend(r, c, outcome="perhaps"),
        "review.unknown-outcome",
    ),
    (
        "a recommendation says how far the group agreed",
        assessed,
        lambda r, c: recommend(r, c, agreement="mostly"),
        "review.unknown-agreement",
    ),
    (
        "a recommendation to proceed names the kind of review",
        assessed,
        lambda r, c: recommend(r, c, kind=None),
        "review.kind-required",
    ),
    # Decisions
    (
        "a decision's outcome is one its subject allows",
        journeys.commissioned,
        lambda r, c: decide(r, outcome="postpone"),
        "review.unknown-outcome",
    ),
    (
        "an extended chronology period gives its months",
        journeys.commissioned,
        lambda r, c: decide(r, chronology_months=None),
        "review.chronology-months-required",
    ),
    # Commissioning and the team
    (
        "terms of reference have text",
        journeys.decided,
        lambda r, c: r.draft_terms_of_reference(text=" ", drafted_on=D, meta=meta()),
        "review.tor-text-required",
    ),
    (
        "amended terms of reference have text",
        journeys.commissioned,
        lambda r, c: r.amend_terms_of_reference(
            text=" ", reason="Add the GP.", amended_on=D, meta=meta()
        ),
        "review.tor-text-required",
    ),
    (
        "a team member's agency is named",
        journeys.decided,
        lambda r, c: r.appoint_team_member(
            member=uuid4(),
            role="panel-member",
            agency=" ",
            external=False,
            appointed_on=D,
            meta=meta(),
        ),
        "review.agency-required",
    ),
    (
        "standing a member down gives the reason",
        journeys.commissioned,
        lambda r, c: r.stand_down_team_member(
            member=c.chair, role="chair", reason=" ", stood_down_on=D, meta=meta()
        ),
        "review.stand-down-reason-required",
    ),
    (
        "a team meeting names who attended",
        journeys.commissioned,
        lambda r, c: r.hold_team_meeting(held_on=D, attendees=[], meta=meta()),
        "review.attendees-required",
    ),
    # Proceedings and pauses
    (
        "parallel proceedings name the body running them",
        journeys.commissioned,
        lambda r, c: r.record_parallel_proceedings(
            kind="criminal", body=" ", recorded_on=D, meta=meta()
        ),
        "review.body-required",
    ),
    (
        "concluded proceedings give the outcome",
        with_proceedings,
        lambda r, c: r.conclude_parallel_proceedings(
            number=1, outcome=" ", concluded_on=D, meta=meta()
        ),
        "review.outcome-required",
    ),
    (
        "a pause gives the reason",
        journeys.commissioned,
        lambda r, c: r.pause(reason=" ", paused_on=D, meta=meta()),
        "review.pause-reason-required",
    ),
    # Evidence and the family
    (
        "a chronology is asked of a named agency",
        journeys.commissioned,
        lambda r, c: r.request_chronology(
            agency=" ",
            period_start=date(2023, 3, 1),
            period_end=date(2024, 2, 28),
            due_on=D,
            requested_on=date(2024, 4, 3),
            meta=meta(),
        ),
        "review.agency-required",
    ),
    (
        "a genogram names its document",
        journeys.commissioned,
        lambda r, c: r.record_genogram(document_ref=" ", recorded_on=D, meta=meta()),
        "review.document-required",
    ),
    (
        "contact with the family states its channel",
        journeys.evidenced,
        lambda r, c: r.family_contact_made(
            member=c.mother, channel=" ", contacted_on=D, meta=meta()
        ),
        "review.channel-required",
    ),
    # Learning events and learning points
    (
        "a practitioner is invited to a learning event that exists",
        journeys.evidenced,
        lambda r, c: invite(r, c, number=9),
        "review.learning-event-unknown",
    ),
    (
        "a response is recorded for a learning event that exists",
        journeys.evidenced,
        lambda r, c: r.record_participant_response(
            number=9, practitioner=c.practitioner, response="accepted", responded_on=D, meta=meta()
        ),
        "review.learning-event-unknown",
    ),
    (
        "a practitioner is invited once",
        journeys.evidenced,
        lambda r, c: invite(r, c, c.practitioner),
        "review.already-invited",
    ),
    (
        "an invited practitioner's role is given",
        journeys.evidenced,
        lambda r, c: invite(r, c, role=" "),
        "review.role-required",
    ),
    (
        "an invited practitioner's agency is given",
        journeys.evidenced,
        lambda r, c: invite(r, c, agency=" "),
        "review.agency-required",
    ),
    (
        "a learning point has text",
        journeys.learned,
        lambda r, c: learning_point(r, text=" "),
        "review.learning-point-required",
    ),
    (
        "a learning point has a theme",
        journeys.learned,
        lambda r, c: learning_point(r, theme=" "),
        "review.theme-required",
    ),
    # The report
    (
        "every statement of a draft has text",
        journeys.learned,
        lambda r, c: r.draft_report(
            sections={journeys.first_section(r): [{"text": " ", "basis": "fact"}]},
            drafted_on=D,
            meta=meta(),
        ),
        "review.statement-text-required",
    ),
    (
        "a shared report names who it is shared with",
        journeys.learned,
        lambda r, c: r.share_report(
            version=1, recipients=[" "], comments_due=D, shared_on=D, meta=meta()
        ),
        "review.recipients-required",
    ),
    # Publication and deferrals
    (
        "a deferral gives a known reason",
        publishing,
        lambda r, c: defer(r, c, reason="holiday"),
        "publication.unknown-deferral-reason",
    ),
    (
        "a deferral gives its detail",
        publishing,
        lambda r, c: defer(r, c, detail=" "),
        "publication.deferral-detail-required",
    ),
    (
        "a deferral names the role that may lift it",
        publishing,
        lambda r, c: defer(r, c, lifted_by_role=" "),
        "publication.lifting-role-required",
    ),
    (
        "lifting a deferral that was never made",
        publishing,
        lambda r, c: r.lift_publication_deferral(number=1, lifted_on=D, meta=meta()),
        "publication.unknown-deferral",
    ),
    (
        "a published report says where it is published",
        publishing,
        lambda r, c: r.publish_report(
            redaction_set=journeys.rendering(r),
            location=" ",
            published_on=PLANNED_PUBLICATION,
            meta=meta(),
        ),
        "review.location-required",
    ),
    (
        "withdrawing a report gives the reason",
        journeys.published,
        lambda r, c: r.withdraw_report(reason=" ", withdrawn_on=D, court_order=True, meta=meta()),
        "review.withdrawal-reason-required",
    ),
    (
        "withdrawing a report that is no longer published",
        withdrawn,
        lambda r, c: r.withdraw_report(
            reason="Again.", withdrawn_on=D, court_order=True, meta=meta()
        ),
        "review.report-not-published",
    ),
    # After publication
    (
        "an action says what is to be done",
        journeys.learned,
        lambda r, c: r.add_action_plan_item(action=" ", owner="Education", due_on=D, meta=meta()),
        "review.action-required",
    ),
    (
        "an action names its owner",
        journeys.learned,
        lambda r, c: r.add_action_plan_item(action="Train.", owner=" ", due_on=D, meta=meta()),
        "review.owner-required",
    ),
    (
        "progress on an action is described",
        journeys.published,
        lambda r, c: r.report_action_progress(number=1, progress=" ", reported_on=D, meta=meta()),
        "review.progress-required",
    ),
    (
        "completing an action gives the evidence",
        journeys.published,
        lambda r, c: r.complete_action(number=1, evidence=" ", completed_on=D, meta=meta()),
        "review.evidence-required",
    ),
    (
        "closing a review gives the reason",
        journeys.published,
        lambda r, c: r.close_review(reason=" ", closed_on=D, meta=meta()),
        "review.closure-reason-required",
    ),
]


@pytest.mark.parametrize(
    ("build", "command", "rule"),
    [pytest.param(b, c, r, id=name) for name, b, c, r in CASES],
)
def test_a_command_without_what_the_rule_needs_is_refused_and_records_nothing(
    build: Callable[[Case], Review], command: Command, rule: str
) -> None:
    review = build(CASE)
    assert refusal(review, lambda: command(review, CASE)) == rule


def test_lifting_a_deferral_twice_is_refused() -> None:
    review = deferred(CASE)
    review.lift_publication_deferral(number=1, lifted_on=D, meta=meta())
    rule = refusal(
        review, lambda: review.lift_publication_deferral(number=1, lifted_on=D, meta=meta())
    )
    assert rule == "publication.deferral-lifted"


def test_extending_the_chronology_period_before_a_welsh_reviews_kind_is_decided_is_refused() -> (
    None
):
    """Wales extends a concise review's period up to 2 years and an extended one's up to 3: while
    the decision on the kind is pending, no chronology rule applies, so none can be extended."""
    review = assessed(WALES)
    recommend(review, WALES)
    assert (review.stage, review.kind) == ("decision", None)
    assert refusal(review, lambda: decide(review)) == "review.chronology-not-extendable"
