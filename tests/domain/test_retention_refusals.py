"""One refusal per retention rule the other tests did not name (issue D1): each is refused with
its rule and nothing is recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate

from domain.personal import Category
from domain.retention import Action, Disposition, HoldType, LegalHold
from domain.use_cases.retention import RetentionUseCases
from tests.domain.refusal import refused
from tests.domain.test_calendar_overrides import InMemory
from tests.domain.test_retention import APPROVER, PROPOSER, a_disposition

SUBJECT = uuid4()


def a_hold() -> LegalHold:
    return LegalHold.place(
        name="Operation Elm",
        hold_type=HoldType.CRIMINAL_PROCEEDINGS,
        reason="police investigation",
        owner="dp-1",
        subject_ids=[SUBJECT],
        meta=PROPOSER,
    )


def approved() -> Disposition:
    disposition = a_disposition()
    disposition.approve(meta=APPROVER)
    return disposition


CASES: list[tuple[str, Callable[[], Aggregate], Callable[[Any], object], str]] = [
    (
        "a hold extended to no subject it does not already cover",
        a_hold,
        lambda h: h.cover(subject_ids=[SUBJECT], meta=PROPOSER),
        "retention.hold-subjects-required",
    ),
    (
        "a disposition rejected without a reason",
        a_disposition,
        lambda d: d.reject(reason=" ", meta=APPROVER),
        "retention.reason-required",
    ),
    (
        "a disposition decided twice",
        approved,
        lambda d: d.approve(meta=APPROVER),
        "retention.wrong-status",
    ),
]


@pytest.mark.parametrize(
    ("build", "command", "rule"), [pytest.param(b, c, r, id=name) for name, b, c, r in CASES]
)
def test_a_retention_command_the_rules_forbid_is_refused_and_records_nothing(
    build: Callable[[], Aggregate], command: Callable[[Any], object], rule: str
) -> None:
    aggregate = build()
    with refused(rule, recording_nothing=aggregate):
        command(aggregate)


def test_a_hold_over_no_subject_is_refused() -> None:
    with refused("retention.hold-subjects-required"):
        LegalHold.place(
            name="Operation Elm",
            hold_type=HoldType.INQUIRY,
            reason="inquiry",
            owner="dp-1",
            subject_ids=[],
            meta=PROPOSER,
        )


PROPOSALS: list[tuple[str, dict[str, Any], str]] = [
    (
        "a record class with no schedule",
        {"record_class": "minutes"},
        "retention.unknown-record-class",
    ),
    ("a disposition of no record", {"records": []}, "retention.records-required"),
    (
        "erasing categories without naming them",
        {
            "record_class": "disclosure-working-copy",
            "action": Action.ERASE_CATEGORY,
            "categories": [],
        },
        "retention.categories-required",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "rule"), [pytest.param(o, r, id=name) for name, o, r in PROPOSALS]
)
def test_proposing_a_disposition_the_schedule_forbids_is_refused(
    overrides: dict[str, Any], rule: str
) -> None:
    with refused(rule):
        a_disposition(**overrides)


def test_naming_the_categories_lets_the_same_erasure_be_proposed() -> None:
    disposition = a_disposition(
        "disclosure-working-copy", action=Action.ERASE_CATEGORY, categories=[Category.NARRATIVE]
    )
    assert disposition.version == 1


class Retention(RetentionUseCases, InMemory):
    """The retention use cases over an in-memory store that has no data subject at all."""

    @property
    def subject_keys(self) -> NoReturn:
        raise AssertionError("no key is needed")

    def record(self, *aggregates: Aggregate) -> NoReturn:
        raise AssertionError("a refused command records nothing")


def test_a_hold_over_a_data_subject_that_does_not_exist_is_refused() -> None:
    unknown: UUID = uuid4()
    with refused("retention.unknown-subject"):
        Retention().place_legal_hold(
            name="Operation Elm",
            hold_type=HoldType.INQUIRY,
            reason="inquiry",
            owner="dp-1",
            subject_ids=[unknown],
            meta=PROPOSER,
        )
