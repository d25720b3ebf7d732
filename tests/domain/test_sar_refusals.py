"""One refusal per SAR rule the other tests did not name (issue D1): each is refused with its
rule and the request records nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest

from domain.personal import Category, Personal
from domain.request_clock import Nation
from domain.sar import ExemptionScope, SubjectAccessRequest
from tests.domain.refusal import refused
from tests.domain.test_sar import ENGLAND_AND_WALES, a_sar, compiled, verified
from tests.examples import a_meta


def awaiting_identity() -> SubjectAccessRequest:
    return a_sar(date(2025, 3, 3))


def open_request() -> SubjectAccessRequest:
    return verified(date(2025, 3, 3))


def compiled_export() -> SubjectAccessRequest:
    return compiled(third_party_values=0)  # received 2026-01-05, positions 3 and 7


def apply(sar: SubjectAccessRequest, fields: list[tuple[int, str]], reason: str = "harm") -> None:
    sar.apply_exemption(
        code="dpa:Sch.3 Pt 3",
        scope=ExemptionScope.FIELDS,
        fields=fields,
        reason=reason,
        meta=a_meta(),
    )


CASES: list[
    tuple[str, Callable[[], SubjectAccessRequest], Callable[[SubjectAccessRequest], object], str]
] = [
    (
        "identity verified without saying how",
        awaiting_identity,
        lambda s: s.verify_identity(
            verified_on=date(2025, 3, 4), method=" ", calendar=ENGLAND_AND_WALES, meta=a_meta()
        ),
        "sar.verification-method-required",
    ),
    (
        "an extension notice without reasons",
        open_request,
        lambda s: s.extend(
            notified_on=date(2025, 3, 10),
            amount=None,
            reason=" ",
            calendar=ENGLAND_AND_WALES,
            meta=a_meta(),
        ),
        "sar.extension-reason-required",
    ),
    (
        "an exemption over named fields that names none",
        compiled_export,
        lambda s: apply(s, []),
        "sar.fields-required",
    ),
    (
        "an exemption applied without saying why",
        compiled_export,
        lambda s: apply(s, [(3, "/name")], reason=" "),
        "sar.exemption-reason-required",
    ),
    (
        "a response dated before the request was received",
        compiled_export,
        lambda s: s.respond(responded_on=date(2026, 1, 2), meta=a_meta()),
        "sar.date-before-receipt",
    ),
]


@pytest.mark.parametrize(
    ("build", "command", "rule"), [pytest.param(b, c, r, id=name) for name, b, c, r in CASES]
)
def test_a_sar_command_the_rules_forbid_is_refused_and_records_nothing(
    build: Callable[[], SubjectAccessRequest],
    command: Callable[[SubjectAccessRequest], object],
    rule: str,
) -> None:
    sar = build()
    with refused(rule, recording_nothing=sar):
        command(sar)


def receive(requester: Personal, relationship: str = "parent") -> SubjectAccessRequest:
    return SubjectAccessRequest.receive(
        requester=requester,
        data_subject_id=uuid4(),
        relationship=relationship,
        nation=Nation.WALES,
        received_on=date(2025, 3, 3),
        meta=a_meta(role="dp-lead"),
    )


def test_a_requester_given_as_anything_but_an_identity_field_is_refused() -> None:
    with refused("sar.requester-identity"):
        receive(Personal(uuid4(), Category.NARRATIVE, "A. Parent"))


def test_a_request_that_does_not_say_how_the_requester_relates_to_the_subject_is_refused() -> None:
    with refused("sar.relationship-required"):
        receive(Personal(uuid4(), Category.IDENTITY, "A. Parent"), relationship=" ")
