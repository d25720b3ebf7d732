"""One refusal per FOI rule the other tests did not name (issue D1): each is refused with its
rule and the request records nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest

from domain.exemptions import Regime
from domain.foi import FoiRequest, Outcome, ReviewOutcome
from domain.foi.request import received_clock
from domain.personal import Category, Personal
from domain.request_clock import Nation
from tests.domain.refusal import refused
from tests.domain.test_foi import UK_ANY, a_request, consider_s36, respond
from tests.examples import a_meta

RESPONDED_ON = date(2025, 3, 20)  # `respond`'s day


def responded() -> FoiRequest:
    request = a_request()
    respond(request, Outcome.DISCLOSED_IN_FULL, [])
    return request


def under_review() -> FoiRequest:
    request = responded()
    request.request_internal_review(requested_on=date(2025, 3, 24), calendar=UK_ANY, meta=a_meta())
    return request


def extended() -> FoiRequest:
    request = a_request()
    consider_s36(request)
    extend(request)
    return request


def extend(request: FoiRequest, reason: str = "PIT") -> None:
    request.extend(
        notified_on=date(2025, 3, 28), amount=None, reason=reason, calendar=UK_ANY, meta=a_meta()
    )


def consider(request: FoiRequest, code: str = "foia:s.36", reason: str = "deliberation") -> None:
    request.consider_exemption(
        code=code, reason=reason, favours="maintain", reasoning="frank advice", meta=a_meta()
    )


def with_s36() -> FoiRequest:
    request = a_request()
    consider_s36(request)
    return request


CASES: list[tuple[str, Callable[[], FoiRequest], Callable[[FoiRequest], object], str]] = [
    (
        "a clarification asked before the request was received",
        a_request,
        lambda r: r.ask_clarification(asked_on=date(2025, 3, 1), calendar=UK_ANY, meta=a_meta()),
        "foi.date-before-receipt",
    ),
    (
        "an exemption with no code we know",
        a_request,
        lambda r: consider(r, "foia:s.99"),
        "exemption.unknown",
    ),
    (
        "an exemption considered without saying why it is engaged",
        a_request,
        lambda r: consider(r, reason=" "),
        "foi.exemption-reason-required",
    ),
    (
        "an extension without a reason",
        with_s36,
        lambda r: extend(r, reason=" "),
        "foi.extension-reason-required",
    ),
    ("a second extension", extended, extend, "request.already-extended"),
    (
        "a full disclosure that relies on an exemption",
        with_s36,
        lambda r: respond(r, Outcome.DISCLOSED_IN_FULL, ["foia:s.36"]),
        "foi.full-disclosure-with-exemption",
    ),
    (
        "an internal review asked for before the response",
        responded,
        lambda r: r.request_internal_review(
            requested_on=date(2025, 3, 19), calendar=UK_ANY, meta=a_meta()
        ),
        "foi.review-before-response",
    ),
    (
        "an internal review decided without reasons",
        under_review,
        lambda r: r.decide_internal_review(
            outcome=ReviewOutcome.UPHELD, decided_on=date(2025, 4, 1), reason=" ", meta=a_meta()
        ),
        "foi.review-reason-required",
    ),
]


@pytest.mark.parametrize(
    ("build", "command", "rule"), [pytest.param(b, c, r, id=name) for name, b, c, r in CASES]
)
def test_an_foi_command_the_rules_forbid_is_refused_and_records_nothing(
    build: Callable[[], FoiRequest], command: Callable[[FoiRequest], object], rule: str
) -> None:
    request = build()
    with refused(rule, recording_nothing=request):
        command(request)


def test_a_request_whose_text_is_not_the_requesters_own_is_refused() -> None:
    requester = uuid4()
    with refused("foi.requester-fields"):
        a_request(request_text=Personal(uuid4(), Category.NARRATIVE, "The report, please."))
    with refused("foi.requester-fields"):
        a_request(requester=Personal(requester, Category.NARRATIVE, "A. Requester"))


def test_a_request_to_no_named_authority_is_refused() -> None:
    with refused("foi.authority-required"):
        a_request(authority=" ")


def test_an_environmental_request_in_scotland_is_refused_until_eir_scotland_has_a_clock() -> None:
    with refused("foi.eir-scotland-unsupported"):
        a_request(Nation.SCOTLAND, environmental=True)


def test_stopping_a_stopped_request_clock_is_refused() -> None:
    clock = received_clock(Regime.FOIA, date(2025, 3, 3)).stopped(date(2025, 3, 5), "asked")
    with refused("request.clock-already-stopped"):
        clock.stopped(date(2025, 3, 6), "asked again")


def test_resuming_a_running_request_clock_is_refused() -> None:
    with refused("request.clock-not-stopped"):
        received_clock(Regime.FOIA, date(2025, 3, 3)).resumed(date(2025, 3, 5))
