"""One refusal per data-subject rule the other tests did not name (issue D1): each is refused
with its rule and the subject records nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.personal import Category, Personal
from domain.subject import DataSubject
from tests.domain.refusal import refused
from tests.examples import a_meta

SUBJECT = uuid4()


def register(subject_id: UUID = SUBJECT, **overrides: Any) -> DataSubject:
    values: dict[str, Any] = {
        "subject_id": subject_id,
        "relationship": "child",
        "name": Personal(subject_id, Category.IDENTITY, "Child B"),
        "date_of_birth": None,
        "identifiers": {},
        "meta": a_meta(role="dp-lead"),
    }
    return DataSubject.register(**{**values, **overrides})


REGISTRATIONS: list[tuple[str, dict[str, Any], str]] = [
    (
        "a field about someone else",
        {"name": Personal(uuid4(), Category.IDENTITY, "Someone else")},
        "subject.field-of-another-subject",
    ),
    (
        "an identifier of a kind we do not know",
        {"identifiers": {"passport": Personal(SUBJECT, Category.IDENTITY, "123")}},
        "subject.unknown-identifier",
    ),
    ("no relationship to the review", {"relationship": " "}, "subject.relationship-required"),
]


@pytest.mark.parametrize(
    ("overrides", "rule"), [pytest.param(o, r, id=name) for name, o, r in REGISTRATIONS]
)
def test_registering_a_subject_the_rules_forbid_is_refused(
    overrides: dict[str, Any], rule: str
) -> None:
    with refused(rule):
        register(**overrides)


COMMANDS: list[tuple[str, Callable[[DataSubject], object], str]] = [
    (
        "a new key authorised without a reason",
        lambda s: s.authorise_new_key(category=None, reason=" ", meta=a_meta(role="dp-lead")),
        "subject.new-key-needs-reason",
    ),
    (
        "an export without its purpose",
        lambda s: s.record_export(purpose=" ", events=3, meta=a_meta(role="dp-lead")),
        "subject.export-needs-purpose",
    ),
]


@pytest.mark.parametrize(("command", "rule"), [pytest.param(c, r, id=n) for n, c, r in COMMANDS])
def test_a_subject_command_the_rules_forbid_is_refused_and_records_nothing(
    command: Callable[[DataSubject], object], rule: str
) -> None:
    subject = register()
    with refused(rule, recording_nothing=subject):
        command(subject)
