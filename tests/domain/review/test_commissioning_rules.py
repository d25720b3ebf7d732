"""Refusals while commissioning: terms of reference, the team, proceedings and pauses."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.review import Review
from tests.domain.review import cases, journeys
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC, WALES
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import meta, narrative

D = date(2024, 4, 1)


def appoint(review: Review, member: UUID, role: str, **overrides: object) -> None:
    values: dict[str, object] = {
        "member": member,
        "role": role,
        "agency": "Council",
        "external": False,
        "appointed_on": D,
        "independence_statement": narrative(member, "Independent."),
        "meta": meta(),
    }
    values.update(overrides)
    review.appoint_team_member(**values)  # type: ignore[arg-type]


def drafted(case: cases.Case = WALES) -> Review:
    review = journeys.decided(case)
    review.draft_terms_of_reference(text="ToR.", drafted_on=D, meta=meta())
    return review


def agree(review: Review, version: int = 1) -> None:
    review.agree_terms_of_reference(version=version, agreed_on=D, meta=meta())


def test_the_terms_of_reference_are_drafted_once_then_amended() -> None:
    review = drafted()
    rule = refusal(
        review, lambda: review.draft_terms_of_reference(text="Again.", drafted_on=D, meta=meta())
    )
    assert rule == "review.tor-already-drafted"


def test_amending_needs_a_draft_first() -> None:
    review = journeys.decided(WALES)
    rule = refusal(
        review,
        lambda: review.amend_terms_of_reference(text="x", reason="y", amended_on=D, meta=meta()),
    )
    assert rule == "review.tor-not-drafted"


def test_an_amendment_states_its_reason() -> None:
    review = drafted()
    rule = refusal(
        review,
        lambda: review.amend_terms_of_reference(text="v2", reason="", amended_on=D, meta=meta()),
    )
    assert rule == "review.amendment-reason-required"


def test_an_amendment_stays_a_draft_until_agreed() -> None:
    review = journeys.commissioned(WALES)
    review.amend_terms_of_reference(text="v3", reason="Scope.", amended_on=D, meta=meta())
    assert [t["status"] for t in review.terms_of_reference] == ["superseded", "agreed", "draft"]
    agree(review, 3)
    assert [t["status"] for t in review.terms_of_reference] == [
        "superseded",
        "superseded",
        "agreed",
    ]


def test_only_a_draft_can_be_agreed() -> None:
    review = journeys.commissioned(WALES)
    assert refusal(review, lambda: agree(review, 1)) == "review.tor-not-draft"


def test_an_unknown_version_cannot_be_agreed() -> None:
    review = drafted()
    assert refusal(review, lambda: agree(review, 7)) == "review.tor-unknown-version"


def test_extended_review_needs_two_reviewers() -> None:
    review = drafted(WALES)
    appoint(review, uuid4(), "chair")
    appoint(review, uuid4(), "panel-member")
    appoint(review, uuid4(), "reviewer", external=True)
    assert refusal(review, lambda: agree(review)) == "review.extended-needs-two-reviewers"


def test_extended_review_needs_an_external_reviewer() -> None:
    review = drafted(WALES)
    for role in ("chair", "panel-member", "reviewer", "reviewer"):
        appoint(review, uuid4(), role)
    assert refusal(review, lambda: agree(review)) == "review.extended-needs-an-external-reviewer"


def test_the_team_has_every_role_the_rule_set_requires() -> None:
    review = drafted(SCOTLAND_CPC)
    for role in ("chair", "panel-member", "reviewer"):
        appoint(review, uuid4(), role)
    assert refusal(review, lambda: agree(review)) == "review.team-needs-administrator"


def test_a_reviewer_states_their_independence_where_the_rule_set_asks() -> None:
    review = drafted(ENGLAND)
    rule = refusal(
        review, lambda: appoint(review, uuid4(), "reviewer", independence_statement=None)
    )
    assert rule == "review.independence-statement-required"


def test_scotland_asks_for_no_independence_statement() -> None:
    review = drafted(SCOTLAND_CPC)
    appoint(review, uuid4(), "reviewer", independence_statement=None)
    assert review.team[-1]["independence_statement"] is None


def test_an_independence_statement_is_the_members_own() -> None:
    review = drafted(ENGLAND)
    member = uuid4()
    rule = refusal(
        review,
        lambda: appoint(review, member, "reviewer", independence_statement=narrative(uuid4(), "x")),
    )
    assert rule == "review.field-of-another-subject"


def test_a_member_is_appointed_to_a_role_once() -> None:
    review = drafted(ENGLAND)
    member = uuid4()
    appoint(review, member, "reviewer")
    assert (
        refusal(review, lambda: appoint(review, member, "reviewer")) == "review.already-appointed"
    )


def test_team_roles_are_the_rule_sets() -> None:
    review = drafted(ENGLAND)
    assert refusal(review, lambda: appoint(review, uuid4(), "mascot")) == "review.unknown-team-role"


def stand_down(review: Review, member: UUID, role: str) -> None:
    review.stand_down_team_member(
        member=member, role=role, reason="Left the council.", stood_down_on=D, meta=meta()
    )


def test_only_a_serving_member_stands_down() -> None:
    review = drafted(ENGLAND)
    assert refusal(review, lambda: stand_down(review, uuid4(), "reviewer")) == (
        "review.not-a-team-member"
    )


def test_a_commissioned_extended_review_keeps_two_reviewers() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(review, lambda: stand_down(review, WALES.reviewer_ids[1], "reviewer"))
    assert rule == "review.extended-needs-two-reviewers"


def test_a_reviewer_stands_down_once_replaced() -> None:
    review = journeys.commissioned(WALES)
    appoint(review, uuid4(), "reviewer")
    stand_down(review, WALES.reviewer_ids[1], "reviewer")
    assert len(review.active_team()) == len(review.team) - 1


def test_meeting_attendees_serve_on_the_team() -> None:
    review = journeys.commissioned(WALES)
    rule = refusal(
        review, lambda: review.hold_team_meeting(held_on=D, attendees=[uuid4()], meta=meta())
    )
    assert rule == "review.attendee-not-in-team"


def test_parallel_proceedings_are_of_a_known_kind() -> None:
    review = journeys.notified(SCOTLAND_CPC)
    rule = refusal(
        review,
        lambda: review.record_parallel_proceedings(
            kind="tribunal", body="COPFS", recorded_on=D, meta=meta()
        ),
    )
    assert rule == "review.unknown-proceedings"


def test_only_open_proceedings_conclude() -> None:
    review = journeys.notified(SCOTLAND_CPC)
    review.record_parallel_proceedings(kind="criminal", body="COPFS", recorded_on=D, meta=meta())
    review.conclude_parallel_proceedings(number=1, outcome="Verdict.", concluded_on=D, meta=meta())
    rule = refusal(
        review,
        lambda: review.conclude_parallel_proceedings(
            number=1, outcome="Again.", concluded_on=D, meta=meta()
        ),
    )
    assert rule == "review.proceedings-not-open"


def test_a_paused_review_cannot_be_paused_again() -> None:
    review = journeys.notified(SCOTLAND_CPC)
    review.pause(reason="Criminal trial.", paused_on=D, meta=meta())
    rule = refusal(review, lambda: review.pause(reason="Again.", paused_on=D, meta=meta()))
    assert rule == "review.already-paused"


def test_only_a_paused_review_resumes() -> None:
    review = journeys.notified(SCOTLAND_CPC)
    assert refusal(review, lambda: review.resume(resumed_on=D, meta=meta())) == "review.not-paused"


def test_a_review_resumes_no_earlier_than_it_paused() -> None:
    review = journeys.notified(SCOTLAND_CPC)
    review.pause(reason="Trial.", paused_on=D, meta=meta())
    rule = refusal(review, lambda: review.resume(resumed_on=date(2024, 3, 1), meta=meta()))
    assert rule == "review.resumed-before-paused"


def test_a_pause_owes_the_cpc_and_cog_a_delay_notice() -> None:
    review = journeys.notified(SCOTLAND_CPC)
    review.pause(reason="Trial.", paused_on=D, meta=meta())
    owed = {o["recipient"] for o in review.open_obligations() if not o["discharged"]}
    assert {"cpc", "cog"} <= owed
    assert review.paused
