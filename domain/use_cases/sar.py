"""Subject access requests: receipt, identity, extension, compilation, exemptions, response."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.clocks.registry import CalendarSource
from domain.errors import DomainError, NotFound
from domain.meta import Meta
from domain.personal import Personal
from domain.request_clock import Nation
from domain.sar import ExemptionScope, SubjectAccessRequest
from domain.subject import DataSubject
from domain.use_cases.base import UseCases

if TYPE_CHECKING:
    from domain.application import Receipt

SAR_REQUESTER = "sar-requester"


class SarUseCases(UseCases):
    def receive_sar(
        self,
        *,
        requester_name: Personal,
        data_subject_id: UUID,
        relationship: str,
        nation: Nation,
        received_on: date,
        meta: Meta,
    ) -> Receipt:
        """Register the requester (a data subject of their own) and record the request about
        ``data_subject_id`` (rule ``sar.unknown-data-subject``: registered in this partnership)."""
        try:
            self.get_owned(DataSubject, data_subject_id, meta.partnership_id)
        except NotFound:
            raise DomainError("sar.unknown-data-subject", "no such data subject") from None
        requester = DataSubject.register(
            subject_id=requester_name.subject_id,
            relationship=SAR_REQUESTER,
            name=requester_name,
            date_of_birth=None,
            identifiers={},
            meta=meta,
        )
        sar = SubjectAccessRequest.receive(
            requester=requester_name,
            data_subject_id=data_subject_id,
            relationship=relationship,
            nation=nation,
            received_on=received_on,
            meta=meta,
        )
        return self.record(requester, sar)

    def get_sar(
        self, sar_id: UUID, partnership_id: str, expected_version: int | None = None
    ) -> SubjectAccessRequest:
        """The request if it belongs to ``partnership_id`` (else NotFound)."""
        return self.get_owned(SubjectAccessRequest, sar_id, partnership_id, expected_version)

    def verify_sar_identity(
        self,
        sar_id: UUID,
        *,
        verified_on: date,
        method: str,
        calendars: CalendarSource,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record the identity check; the month starts at the later of receipt and this day."""
        sar = self.get_sar(sar_id, meta.partnership_id, expected_version)
        calendar = calendars.calendar(sar.clock.calendar_name)
        sar.verify_identity(verified_on=verified_on, method=method, calendar=calendar, meta=meta)
        return self.record(sar)

    def extend_sar(
        self,
        sar_id: UUID,
        *,
        notified_on: date,
        amount: int | None,
        reason: str,
        calendars: CalendarSource,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Extend by up to two months, notified within the first month."""
        sar = self.get_sar(sar_id, meta.partnership_id, expected_version)
        calendar = calendars.calendar(sar.clock.calendar_name)
        sar.extend(
            notified_on=notified_on, amount=amount, reason=reason, calendar=calendar, meta=meta
        )
        return self.record(sar)

    def compile_sar(
        self,
        sar_id: UUID,
        *,
        positions: list[int],
        third_party_values: int,
        compiled_on: date,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record the subject export the response is compiled from, on the request and as an
        export of the data subject, atomically."""
        sar = self.get_sar(sar_id, meta.partnership_id, expected_version)
        subject = self.get_owned(DataSubject, sar.data_subject_id, meta.partnership_id)
        subject.record_export(
            purpose=f"subject access request {sar.id}", events=len(positions), meta=meta
        )
        sar.record_compilation(
            positions=positions,
            third_party_values=third_party_values,
            compiled_on=compiled_on,
            meta=meta,
        )
        return self.record(subject, sar)

    def apply_sar_exemption(
        self,
        sar_id: UUID,
        *,
        code: str,
        scope: ExemptionScope,
        fields: list[tuple[int, str]],
        reason: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record a DPA 2018 exemption applied to the compiled export."""
        sar = self.get_sar(sar_id, meta.partnership_id, expected_version)
        sar.apply_exemption(code=code, scope=scope, fields=fields, reason=reason, meta=meta)
        return self.record(sar)

    def respond_to_sar(
        self,
        sar_id: UUID,
        *,
        responded_on: date,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record that the response was sent."""
        sar = self.get_sar(sar_id, meta.partnership_id, expected_version)
        sar.respond(responded_on=responded_on, meta=meta)
        return self.record(sar)
