"""The Disposition aggregate: records whose retention ended, approved by four eyes, disposed of.

A data protection lead proposes disposing of due records of one class; a second one approves
(never the proposer: rule ``retention.four-eyes``). Carrying it out crypto-shreds the records'
subjects per (subject, category) through the ordinary erasure, then records the proof of
disposal: record class, how many records, subjects and (subject, category) erasures, when and
by whom — never any content.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category
from domain.retention.schedules import SCHEDULE_VERSION, Action, schedule


class DispositionStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    CARRIED_OUT = "carried-out"


def _topic(name: str) -> str:
    return f"reviewtrail.Disposition.{name}"


def _check_action(record_class: str, action: Action, categories: list[Category]) -> None:
    scheduled = schedule(record_class)
    if scheduled.action is Action.RETAIN_PERMANENTLY:
        raise DomainError("retention.retain-permanently", "this record class is kept for good")
    allowed = {scheduled.action}
    if scheduled.action is Action.REVIEW:
        allowed = {Action.ERASE_CATEGORY, Action.ANONYMISE}
    if action not in allowed:
        raise DomainError("retention.action-not-scheduled", "the schedule says otherwise")
    if action is Action.ERASE_CATEGORY and not categories:
        raise DomainError("retention.categories-required", "name the categories to erase")


class Disposition(Aggregate):
    """The disposal of some due records of one record class."""

    TOPIC = "reviewtrail.Disposition"

    class Created(Aggregate.Created):
        TOPIC = _topic("Created")

    @classmethod
    def propose(
        cls,
        *,
        record_class: str,
        records: list[dict[str, Any]],
        action: Action,
        categories: list[Category],
        as_of: date,
        meta: Meta,
    ) -> Disposition:
        """Propose disposing of ``records`` (each ``{"record_id", "subject_ids", "due_on"}``)
        → DispositionProposed. Rules: the schedule allows the action; every record is due.

        Raises DomainError ``retention.unknown-record-class``, ``retention.retain-permanently``,
        ``retention.action-not-scheduled``, ``retention.categories-required``,
        ``retention.records-required`` or ``retention.not-due``.
        """
        action = Action(action)
        _check_action(record_class, action, categories)
        if not records:
            raise DomainError("retention.records-required", "propose at least one record")
        if any(r["due_on"] is None or r["due_on"] > as_of for r in records):
            raise DomainError("retention.not-due", "a record's retention period has not ended")
        return cls(
            partnership_id=meta.partnership_id,
            record_class=record_class,
            schedule_version=SCHEDULE_VERSION,
            record_ids=[r["record_id"] for r in records],
            subject_ids=sorted({s for r in records for s in r["subject_ids"]}),
            action=action.value,
            categories=[Category(c).value for c in categories]
            if action is Action.ERASE_CATEGORY
            else [],
            as_of=as_of,
            meta=meta,
        )

    @event("DispositionProposed", topic=_topic("DispositionProposed"))
    def __init__(
        self,
        *,
        partnership_id: str,
        record_class: str,
        schedule_version: str,
        record_ids: list[UUID],
        subject_ids: list[UUID],
        action: str,
        categories: list[str],
        as_of: date,
        meta: Meta,
    ) -> None:
        self.partnership_id, self.record_class = partnership_id, record_class
        self.schedule_version = schedule_version
        self.record_ids, self.subject_ids = list(record_ids), list(subject_ids)
        self.action = Action(action)
        self.categories = [Category(c) for c in categories]
        self.as_of, self.proposed_by = as_of, meta.actor_id
        self.status = DispositionStatus.PROPOSED
        self.decision: dict[str, Any] | None = None
        self.proof: dict[str, Any] | None = None

    def erasures(self) -> list[tuple[UUID, Category | None]]:
        """(subject, category) pairs to crypto-shred; category None means every category."""
        scopes: list[Category | None] = list(self.categories)
        if self.action is Action.ANONYMISE:
            scopes = [None]
        return [(subject, scope) for subject in self.subject_ids for scope in scopes]

    def _decidable(self, meta: Meta) -> None:
        if self.status is not DispositionStatus.PROPOSED:
            raise DomainError("retention.wrong-status", f"the disposition is {self.status}")
        if meta.actor_id == self.proposed_by:
            raise DomainError(
                "retention.four-eyes",
                "a disposition is approved by someone other than its proposer",
            )

    def approve(self, *, meta: Meta) -> None:
        """Approve (rule: four eyes) → DispositionApproved.

        Raises DomainError ``retention.four-eyes`` or ``retention.wrong-status``.
        """
        self._decidable(meta)
        self._approved(meta=meta)

    @event("DispositionApproved", topic=_topic("DispositionApproved"))
    def _approved(self, *, meta: Meta) -> None:
        self.status = DispositionStatus.APPROVED
        self.decision = {"by": meta.actor_id, "reason": None}

    def reject(self, *, reason: str, meta: Meta) -> None:
        """Reject (rules: four eyes, a reason) → DispositionRejected.

        Raises DomainError ``retention.four-eyes``, ``retention.wrong-status`` or
        ``retention.reason-required``.
        """
        self._decidable(meta)
        if not reason.strip():
            raise DomainError("retention.reason-required", "say why the disposition is rejected")
        self._rejected(reason=reason.strip(), meta=meta)

    @event("DispositionRejected", topic=_topic("DispositionRejected"))
    def _rejected(self, *, reason: str, meta: Meta) -> None:
        self.status = DispositionStatus.REJECTED
        self.decision = {"by": meta.actor_id, "reason": reason}

    def check_can_carry_out(self) -> None:
        """Raises DomainError ``retention.not-approved`` unless approved and not yet done."""
        if self.status is not DispositionStatus.APPROVED:
            raise DomainError("retention.not-approved", "only an approved disposition is done")

    def record_carried_out(self, *, erasures: int, carried_out_on: date, meta: Meta) -> None:
        """Record the proof of disposal (no content) → DispositionCarriedOut.

        Raises DomainError ``retention.not-approved``.
        """
        self.check_can_carry_out()
        self._carried_out(
            record_class=self.record_class,
            record_ids=list(self.record_ids),
            records=len(self.record_ids),
            subjects=len(self.subject_ids),
            erasures=erasures,
            action=self.action.value,
            categories=[c.value for c in self.categories],
            carried_out_on=carried_out_on,
            meta=meta,
        )

    @event("DispositionCarriedOut", topic=_topic("DispositionCarriedOut"))
    def _carried_out(
        self,
        *,
        record_class: str,
        record_ids: list[UUID],
        records: int,
        subjects: int,
        erasures: int,
        action: str,
        categories: list[str],
        carried_out_on: date,
        meta: Meta,
    ) -> None:
        self.status = DispositionStatus.CARRIED_OUT
        self.proof = {
            "record_class": record_class,
            "records": records,
            "subjects": subjects,
            "erasures": erasures,
            "carried_out_on": carried_out_on,
            "by": meta.actor_id,
        }
