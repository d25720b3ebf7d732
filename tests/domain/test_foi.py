"""The FoiRequest aggregate in memory: regimes, clock moves, exemptions, response, review."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain.clocks import FixedCalendar
from domain.exemptions import Regime
from domain.foi import FoiRequest, FoiStatus, Outcome, ReviewOutcome
from domain.personal import Category, Personal
from domain.redaction import DocumentKind, RedactionSet
from domain.request_clock import Nation
from tests.domain.refusal import refused
from tests.examples import a_meta

UK_ANY = FixedCalendar({date(2025, 7, 14): "Battle of the Boyne (observed)"}, name="uk-any")
SCOTLAND = FixedCalendar(name="scotland")


def a_request(nation: Nation = Nation.ENGLAND, **overrides: Any) -> FoiRequest:
    requester = uuid4()
    values: dict[str, Any] = {
        "requester": Personal(requester, Category.IDENTITY, "A. Requester"),
        "request_text": Personal(requester, Category.NARRATIVE, "The review report, please."),
        "authority": "Gwent Police",
        "nation": nation,
        "environmental": False,
        "received_on": date(2025, 3, 3),
        "review_id": None,
        "calendar": SCOTLAND if nation is Nation.SCOTLAND else UK_ANY,
        "meta": a_meta(role="dp-lead"),
    }
    values.update(overrides)
    return FoiRequest.receive(**values)


def replayed(request: FoiRequest) -> FoiRequest:
    aggregate: Any = None
    for domain_event in request.collect_events():
        aggregate = domain_event.mutate(aggregate)
    assert isinstance(aggregate, FoiRequest)
    return aggregate


def test_an_english_request_is_foia_and_due_20_working_days_later_skipping_any_uk_holiday() -> None:
    request = a_request(received_on=date(2025, 7, 1))
    assert request.regime is Regime.FOIA
    assert request.due == date(2025, 7, 30)
    assert request.calendar_version == UK_ANY.version


def test_a_scottish_authority_answers_under_foisa_on_the_scottish_calendar() -> None:
    request = a_request(Nation.SCOTLAND)
    assert request.regime is Regime.FOISA
    assert request.clock.calendar_name == "scotland"


def test_environmental_information_is_eir() -> None:
    assert a_request(environmental=True).regime is Regime.EIR


def test_a_calendar_other_than_the_regimes_is_refused() -> None:
    with refused("request.wrong-calendar"):
        a_request(calendar=SCOTLAND)


def test_asking_for_clarification_stops_the_clock() -> None:
    request = a_request()
    request.ask_clarification(asked_on=date(2025, 3, 5), calendar=UK_ANY, meta=a_meta())
    assert request.status is FoiStatus.AWAITING_CLARIFICATION
    assert request.due is None


def test_the_clarification_restarts_the_20_working_days_from_its_receipt() -> None:
    request = a_request()
    request.ask_clarification(asked_on=date(2025, 3, 5), calendar=UK_ANY, meta=a_meta())
    request.receive_clarification(received_on=date(2025, 3, 10), calendar=UK_ANY, meta=a_meta())
    assert request.due == date(2025, 4, 7)
    assert replayed(request).due == date(2025, 4, 7)


def test_the_days_between_fees_notice_and_payment_are_disregarded() -> None:
    request = a_request()
    assert request.due == date(2025, 3, 31)
    request.issue_fees_notice(issued_on=date(2025, 3, 10), calendar=UK_ANY, meta=a_meta())
    assert request.status is FoiStatus.AWAITING_FEE
    request.record_fee_paid(paid_on=date(2025, 3, 14), calendar=UK_ANY, meta=a_meta())
    assert request.due == date(2025, 4, 7)


def test_a_payment_before_the_notice_is_refused() -> None:
    request = a_request()
    request.issue_fees_notice(issued_on=date(2025, 3, 10), calendar=UK_ANY, meta=a_meta())
    with refused("clock.pause-order"):
        request.record_fee_paid(paid_on=date(2025, 3, 7), calendar=UK_ANY, meta=a_meta())


def consider_s36(request: FoiRequest, favours: str | None = "maintain", why: str = "frank") -> None:
    request.consider_exemption(
        code="foia:s.36", reason="panel deliberation", favours=favours, reasoning=why, meta=a_meta()
    )


def test_a_qualified_exemption_without_a_public_interest_test_is_refused() -> None:
    with refused("foi.public-interest-test-required"):
        consider_s36(a_request(), favours=None, why="")


def test_an_absolute_exemption_takes_no_public_interest_test() -> None:
    request = a_request()
    with refused("foi.public-interest-test-not-applicable"):
        request.consider_exemption(
            code="foia:s.40",
            reason="third parties",
            favours="maintain",
            reasoning="x",
            meta=a_meta(),
        )


def test_an_exemption_of_another_regime_is_refused() -> None:
    with refused("foi.exemption-wrong-regime"):
        a_request().consider_exemption(
            code="foisa:s.38", reason="personal", favours=None, reasoning="", meta=a_meta()
        )


def test_a_public_interest_extension_needs_a_qualified_exemption_under_consideration() -> None:
    request = a_request()
    with refused("foi.extension-needs-qualified-exemption"):
        request.extend(
            notified_on=date(2025, 3, 20), amount=None, reason="PIT", calendar=UK_ANY, meta=a_meta()
        )


def test_a_foia_public_interest_extension_adds_20_working_days() -> None:
    request = a_request()
    consider_s36(request)
    request.extend(
        notified_on=date(2025, 3, 28), amount=None, reason="PIT", calendar=UK_ANY, meta=a_meta()
    )
    assert request.due == date(2025, 4, 28)


def test_foisa_refuses_a_public_interest_extension() -> None:
    with refused("foi.extension-foisa"):
        a_request(Nation.SCOTLAND).extend(
            notified_on=date(2025, 3, 10),
            amount=None,
            reason="PIT",
            calendar=SCOTLAND,
            meta=a_meta(),
        )


def test_an_extension_notified_after_the_due_date_is_refused_by_the_clock() -> None:
    request = a_request()
    consider_s36(request)
    with refused("foia.extension-notice-late"):
        request.extend(
            notified_on=date(2025, 4, 1), amount=None, reason="PIT", calendar=UK_ANY, meta=a_meta()
        )


def respond(request: FoiRequest, outcome: Outcome, relied_on: list[str]) -> None:
    request.respond(
        outcome=outcome,
        responded_on=date(2025, 3, 20),
        relied_on=relied_on,
        redaction_set_id=None,
        meta=a_meta(),
    )


def test_a_partial_disclosure_must_name_the_exemptions_it_relies_on() -> None:
    with refused("foi.response-needs-exemption"):
        respond(a_request(), Outcome.DISCLOSED_IN_PART, [])


def test_relying_on_an_exemption_not_considered_is_refused() -> None:
    with refused("foi.exemption-not-considered"):
        respond(a_request(), Outcome.REFUSED, ["foia:s.40"])


def test_a_qualified_exemption_whose_test_favours_disclosure_cannot_be_relied_on() -> None:
    request = a_request()
    consider_s36(request, favours="disclose", why="learning outweighs")
    with refused("foi.public-interest-favours-disclosure"):
        respond(request, Outcome.DISCLOSED_IN_PART, ["foia:s.36"])


def test_a_response_in_time_is_recorded_as_on_time() -> None:
    request = a_request()
    consider_s36(request)
    respond(request, Outcome.NEITHER_CONFIRM_NOR_DENY, ["foia:s.36"])
    assert request.status is FoiStatus.RESPONDED
    assert request.response == replayed(request).response
    assert request.response is not None
    assert request.response["on_time"]


def test_a_foisa_review_is_due_20_scottish_working_days_after_it_is_asked_for() -> None:
    request = a_request(Nation.SCOTLAND)
    respond(request, Outcome.DISCLOSED_IN_FULL, [])
    request.request_internal_review(
        requested_on=date(2025, 3, 24), calendar=SCOTLAND, meta=a_meta()
    )
    assert request.internal_review is not None
    assert request.internal_review["due"] == date(2025, 4, 21)
    request.decide_internal_review(
        outcome=ReviewOutcome.UPHELD, decided_on=date(2025, 4, 1), reason="right", meta=a_meta()
    )
    assert replayed(request).status is FoiStatus.REVIEWED


def test_an_internal_review_needs_a_response_first() -> None:
    with refused("foi.wrong-status"):
        a_request().request_internal_review(
            requested_on=date(2025, 3, 24), calendar=UK_ANY, meta=a_meta()
        )


def test_a_clarification_moves_the_day_the_clock_counts_from() -> None:
    request = a_request(received_on=date(2025, 3, 3))
    request.ask_clarification(asked_on=date(2025, 3, 5), calendar=UK_ANY, meta=a_meta())
    request.receive_clarification(received_on=date(2025, 3, 10), calendar=UK_ANY, meta=a_meta())
    assert (request.clock.start, request.clock.counts_from) == (date(2025, 3, 3), date(2025, 3, 10))


def a_redaction_set(partnership: str = "p-north", *, applied: bool = True) -> RedactionSet:
    redaction_set = RedactionSet.open(
        document_kind=DocumentKind.MINUTES,
        version_label="v1",
        source_id=None,
        text=Personal(uuid4(), Category.NARRATIVE, "Panel minutes."),
        sections=[],
        meta=a_meta(partnership=partnership, role="dp-lead", actor="dp-1"),
    )
    if applied:
        second = a_meta(partnership=partnership, role="dp-lead", actor="dp-2")
        redaction_set.apply(applied_on=date(2025, 3, 19), meta=second)
    return redaction_set


def disclose_through(request: FoiRequest, redaction_set: RedactionSet | None, set_id: UUID) -> None:
    request.respond(
        outcome=Outcome.DISCLOSED_IN_PART,
        responded_on=date(2025, 3, 20),
        relied_on=["foia:s.36"],
        redaction_set_id=set_id,
        redaction_set=redaction_set,
        meta=a_meta(),
    )


def test_a_response_through_a_redaction_set_not_found_is_refused() -> None:
    request = a_request()
    consider_s36(request)
    version = request.version
    with refused("foi.redaction-set-unknown"):
        disclose_through(request, None, uuid4())
    foreign = a_redaction_set("p-south")
    with refused("foi.redaction-set-unknown"):
        disclose_through(request, foreign, foreign.id)
    assert (request.version, request.response) == (version, None)


def test_a_response_through_a_redaction_set_not_yet_applied_is_refused() -> None:
    request = a_request()
    consider_s36(request)
    unapplied = a_redaction_set(applied=False)
    with refused("foi.redaction-set-not-applied"):
        disclose_through(request, unapplied, unapplied.id)
    assert request.response is None


def test_a_response_through_an_applied_set_of_the_partnership_names_it() -> None:
    request = a_request()
    consider_s36(request)
    applied = a_redaction_set()
    disclose_through(request, applied, applied.id)
    assert request.response is not None
    assert request.response["redaction_set_id"] == applied.id
