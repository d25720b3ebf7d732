"""Retention: legal holds over data subjects, and dispositions carried out by erasure."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from domain.errors import DomainError, NotFound
from domain.meta import Meta
from domain.personal import Category
from domain.retention import (
    SCHEDULE_VERSION,
    Action,
    Disposition,
    HoldType,
    LegalHold,
    SubjectHolds,
    refuse_if_held,
    subject_holds_id,
)
from domain.subject import DataSubject
from domain.use_cases.base import UseCases, read

if TYPE_CHECKING:
    from domain.application import Receipt

LEGAL_BASIS = "UK GDPR Art. 5(1)(e) storage limitation; retention schedule {}@{}"


def subject_holds(repository: Any, subject_id: UUID) -> SubjectHolds | None:
    """The holds aggregate of ``subject_id``, or None if it was never held."""
    try:
        holds: SubjectHolds = read(repository, subject_holds_id(subject_id))
    except AggregateNotFoundError:
        return None
    return holds


class RetentionUseCases(UseCases):
    if TYPE_CHECKING:
        # Provided by SubjectUseCases in the composed application.
        def erase_subject(
            self,
            subject_id: UUID,
            *,
            category: Category | None,
            reason: str,
            legal_basis: str,
            meta: Meta,
            expected_version: int | None = None,
        ) -> Receipt: ...

    def _holds_for(self, subject_ids: list[UUID], meta: Meta) -> list[SubjectHolds]:
        found = []
        for subject_id in subject_ids:
            try:
                self.get_owned(DataSubject, subject_id, meta.partnership_id)
            except NotFound:
                raise DomainError("retention.unknown-subject", "no such data subject") from None
            holds = subject_holds(self.repository, subject_id)
            if holds is None:
                holds = SubjectHolds(
                    subject_id=subject_id, partnership_id=meta.partnership_id, meta=meta
                )
            found.append(holds)
        return found

    def place_legal_hold(
        self,
        *,
        name: str,
        hold_type: HoldType,
        reason: str,
        owner: str,
        subject_ids: list[UUID],
        meta: Meta,
    ) -> Receipt:
        """Place a hold over data subjects; each subject's holds are saved with it."""
        hold = LegalHold.place(
            name=name,
            hold_type=hold_type,
            reason=reason,
            owner=owner,
            subject_ids=subject_ids,
            meta=meta,
        )
        covered = self._holds_for(sorted(hold.subject_ids), meta)
        for holds in covered:
            holds.hold(hold_id=hold.id, meta=meta)
        return self.record(*covered, hold)

    def get_legal_hold(
        self, hold_id: UUID, partnership_id: str, expected_version: int | None = None
    ) -> LegalHold:
        """The hold if it belongs to ``partnership_id`` (else NotFound; VersionMismatch when
        ``expected_version`` is given and stale)."""
        return self.get_owned(LegalHold, hold_id, partnership_id, expected_version)

    def extend_legal_hold(
        self,
        hold_id: UUID,
        *,
        subject_ids: list[UUID],
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Cover more subjects with an active hold."""
        hold = self.get_legal_hold(hold_id, meta.partnership_id, expected_version)
        covered = self._holds_for(hold.cover(subject_ids=subject_ids, meta=meta), meta)
        for holds in covered:
            holds.hold(hold_id=hold.id, meta=meta)
        return self.record(*covered, hold)

    def release_legal_hold(
        self, hold_id: UUID, *, reason: str, meta: Meta, expected_version: int | None = None
    ) -> Receipt:
        """Release a hold; subjects held by other holds stay held."""
        hold = self.get_legal_hold(hold_id, meta.partnership_id, expected_version)
        hold.release(reason=reason, meta=meta)
        lifted = [h for s in sorted(hold.subject_ids) if (h := subject_holds(self.repository, s))]
        for holds in lifted:
            holds.lift(hold_id=hold.id, meta=meta)
        return self.record(*lifted, hold)

    def propose_disposition(
        self,
        *,
        record_class: str,
        records: list[dict[str, Any]],
        action: Action,
        categories: list[Category],
        as_of: date,
        meta: Meta,
    ) -> Receipt:
        """Propose disposing of due records (``record_id``, ``subject_ids``, ``due_on``)."""
        disposition = Disposition.propose(
            record_class=record_class,
            records=records,
            action=action,
            categories=categories,
            as_of=as_of,
            meta=meta,
        )
        return self.record(disposition)

    def get_disposition(
        self, disposition_id: UUID, partnership_id: str, expected_version: int | None = None
    ) -> Disposition:
        """The disposition if it belongs to ``partnership_id`` (else NotFound; VersionMismatch
        when ``expected_version`` is given and stale)."""
        return self.get_owned(Disposition, disposition_id, partnership_id, expected_version)

    def approve_disposition(
        self, disposition_id: UUID, *, meta: Meta, expected_version: int | None = None
    ) -> Receipt:
        """Approve a disposition (never one's own proposal)."""
        disposition = self.get_disposition(disposition_id, meta.partnership_id, expected_version)
        disposition.approve(meta=meta)
        return self.record(disposition)

    def reject_disposition(
        self,
        disposition_id: UUID,
        *,
        reason: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Reject a disposition (never one's own proposal), with a reason."""
        disposition = self.get_disposition(disposition_id, meta.partnership_id, expected_version)
        disposition.reject(reason=reason, meta=meta)
        return self.record(disposition)

    def carry_out_disposition(
        self,
        disposition_id: UUID,
        *,
        carried_out_on: date,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Erase every (subject, category) of an approved disposition, then record the proof.

        Every subject is checked for legal holds before anything is erased (rule
        ``retention.legal-hold``), so a held subject stops the whole disposition.
        """
        disposition = self.get_disposition(disposition_id, meta.partnership_id, expected_version)
        disposition.check_can_carry_out()
        for subject_id in disposition.subject_ids:
            refuse_if_held(subject_holds(self.repository, subject_id))
        basis = LEGAL_BASIS.format(disposition.record_class, SCHEDULE_VERSION)
        erasures = disposition.erasures()
        for subject_id, category in erasures:
            self.erase_subject(
                subject_id,
                category=category,
                reason=f"retention disposition {disposition.id}",
                legal_basis=basis,
                meta=meta,
            )
        disposition.record_carried_out(
            erasures=len(erasures), carried_out_on=carried_out_on, meta=meta
        )
        return self.record(disposition)
