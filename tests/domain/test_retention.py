"""Retention in memory: schedules, four-eyes dispositions, stackable legal holds."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain.personal import Category
from domain.retention import (
    SCHEDULES,
    Action,
    Disposition,
    DispositionStatus,
    HoldType,
    LegalHold,
    SubjectHolds,
    refuse_if_held,
)
from tests.domain.refusal import refused
from tests.examples import a_meta

PROPOSER, APPROVER = a_meta(role="dp-lead", actor="dp-1"), a_meta(role="dp-lead", actor="dp-2")


def due_record(due_on: date = date(2026, 1, 1), *subjects: UUID) -> dict[str, Any]:
    return {"record_id": uuid4(), "subject_ids": list(subjects) or [uuid4()], "due_on": due_on}


def a_disposition(record_class: str = "foi-request", **overrides: Any) -> Disposition:
    values: dict[str, Any] = {
        "record_class": record_class,
        "records": [due_record()],
        "action": Action.ANONYMISE,
        "categories": [],
        "as_of": date(2026, 3, 1),
        "meta": PROPOSER,
    }
    values.update(overrides)
    return Disposition.propose(**values)


def test_an_foi_request_falls_due_three_years_after_its_trigger() -> None:
    assert SCHEDULES["foi-request"].due_on(date(2024, 2, 29)) == date(2027, 2, 28)


def test_a_record_kept_permanently_never_falls_due_and_cannot_be_disposed_of() -> None:
    assert SCHEDULES["learning-review-scotland"].due_on(date(2024, 1, 1)) is None
    with refused("retention.retain-permanently"):
        a_disposition("learning-review-scotland")


def test_a_record_not_yet_due_cannot_be_proposed() -> None:
    with refused("retention.not-due"):
        a_disposition(records=[due_record(date(2026, 6, 1))])


def test_an_action_other_than_the_schedules_is_refused() -> None:
    with refused("retention.action-not-scheduled"):
        a_disposition(action=Action.ERASE_CATEGORY, categories=[Category.CONTACT])


def test_a_reviewed_class_may_erase_named_categories_only() -> None:
    disposition = a_disposition(
        "disclosure-working-copy", action=Action.ERASE_CATEGORY, categories=[Category.NARRATIVE]
    )
    (subject,) = disposition.subject_ids
    assert disposition.erasures() == [(subject, Category.NARRATIVE)]


def test_anonymising_erases_every_category_of_each_subject() -> None:
    one, two = uuid4(), uuid4()
    disposition = a_disposition(records=[due_record(date(2026, 1, 1), one, two)])
    assert sorted(disposition.erasures(), key=str) == sorted([(one, None), (two, None)], key=str)


def test_the_proposer_cannot_approve_their_own_disposition() -> None:
    with refused("retention.four-eyes"):
        a_disposition().approve(meta=PROPOSER)


def test_only_an_approved_disposition_is_carried_out_and_its_proof_holds_no_content() -> None:
    disposition = a_disposition()
    with refused("retention.not-approved"):
        disposition.record_carried_out(erasures=1, carried_out_on=date(2026, 3, 2), meta=APPROVER)
    disposition.approve(meta=APPROVER)
    disposition.record_carried_out(erasures=1, carried_out_on=date(2026, 3, 2), meta=APPROVER)
    assert disposition.status is DispositionStatus.CARRIED_OUT
    assert disposition.proof == {
        "record_class": "foi-request",
        "records": 1,
        "subjects": 1,
        "erasures": 1,
        "carried_out_on": date(2026, 3, 2),
        "by": "dp-2",
    }


def a_hold(subject: UUID) -> LegalHold:
    return LegalHold.place(
        name="Operation Elm",
        hold_type=HoldType.CRIMINAL_PROCEEDINGS,
        reason="police investigation",
        owner="dp-1",
        subject_ids=[subject],
        meta=PROPOSER,
    )


def test_holds_stack_and_a_subject_stays_held_until_the_last_is_lifted() -> None:
    subject = uuid4()
    first, second = a_hold(subject), a_hold(subject)
    holds = SubjectHolds(subject_id=subject, partnership_id="p-north", meta=PROPOSER)
    holds.hold(hold_id=first.id, meta=PROPOSER)
    holds.hold(hold_id=second.id, meta=PROPOSER)
    holds.lift(hold_id=first.id, meta=PROPOSER)
    with refused("retention.legal-hold"):
        refuse_if_held(holds)
    holds.lift(hold_id=second.id, meta=PROPOSER)
    refuse_if_held(holds)


def test_a_released_hold_cannot_be_released_again() -> None:
    hold = a_hold(uuid4())
    hold.release(reason="trial concluded", meta=PROPOSER)
    with refused("retention.hold-released"):
        hold.release(reason="again", meta=PROPOSER)


def test_a_hold_needs_a_reason() -> None:
    with refused("retention.hold-reason-required"):
        LegalHold.place(
            name="x",
            hold_type=HoldType.INQUIRY,
            reason=" ",
            owner="o",
            subject_ids=[uuid4()],
            meta=PROPOSER,
        )
