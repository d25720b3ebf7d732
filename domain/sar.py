"""The SubjectAccessRequest aggregate: a UK GDPR Art. 15 request, from receipt to response.

The requester (a parent, the person themselves, a solicitor …) is a data subject registered with
the request; the *data subject* is the person whose data is asked for. The clock ("uk-gdpr-sar",
one calendar month) starts at the later of receipt and identity verification (the "relevant
time", Art. 12(3) as amended); an extension of up to two months needs notice within the first
month, which the clock engine checks. The response is compiled from the subject export, where
third parties' data is withheld; the DPA 2018 exemption relied on is recorded before responding.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.clocks import UK_GDPR_SAR, Calendar, Extension
from domain.errors import DomainError
from domain.exemptions import Regime, exemption
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.request_clock import DueDate, Nation, RequestClock, nation_calendar

THIRD_PARTY_EXEMPTION = "dpa:Sch.2 para 16"


class SarStatus(StrEnum):
    """Where a subject access request is."""

    AWAITING_IDENTITY = "awaiting-identity"
    OPEN = "open"
    COMPILED = "compiled"
    RESPONDED = "responded"


class ExemptionScope(StrEnum):
    """What an exemption covers: every third party's data, or named fields of the export."""

    THIRD_PARTY = "third-party"
    FIELDS = "fields"


def _topic(name: str) -> str:
    # Pinned topics: renaming a module or class must never break the stored history.
    return f"reviewtrail.SubjectAccessRequest.{name}"


def sar_clock(nation: Nation, received_on: date, verified_on: date | None) -> RequestClock:
    """The clock of a request received on ``received_on``: not started until the identity is
    verified, then counting from the later of receipt and verification (the relevant time)."""
    clock = RequestClock(UK_GDPR_SAR, nation_calendar(nation))
    if verified_on is None:
        return clock
    clock = clock.started(received_on)
    if verified_on > received_on:
        clock = clock.restarted(verified_on, "identity verified (the relevant time)")
    return clock


class SubjectAccessRequest(Aggregate):
    """A subject access request about one data subject."""

    TOPIC = "reviewtrail.SubjectAccessRequest"

    class Created(Aggregate.Created):
        TOPIC = _topic("Created")

    @classmethod
    def receive(
        cls,
        *,
        requester: Personal,
        data_subject_id: UUID,
        relationship: str,
        nation: Nation,
        received_on: date,
        meta: Meta,
    ) -> SubjectAccessRequest:
        """Record a request (rules: requester's name, relationship stated) → SarReceived. The
        clock does not start until the requester's identity is verified.

        Raises DomainError ``sar.requester-identity`` or ``sar.relationship-required``.
        """
        if requester.category is not Category.IDENTITY:
            raise DomainError("sar.requester-identity", "the requester is an identity field")
        if not relationship.strip():
            raise DomainError(
                "sar.relationship-required", "say how the requester relates to the data subject"
            )
        return cls(
            partnership_id=meta.partnership_id,
            requester=requester,
            data_subject_id=data_subject_id,
            relationship=relationship.strip(),
            nation=Nation(nation).value,
            received_on=received_on,
            meta=meta,
        )

    @event("SarReceived", topic=_topic("SarReceived"))
    def __init__(
        self,
        *,
        partnership_id: str,
        requester: Personal,
        data_subject_id: UUID,
        relationship: str,
        nation: str,
        received_on: date,
        meta: Meta,
    ) -> None:
        self.partnership_id = partnership_id
        self.requester, self.data_subject_id = requester, data_subject_id
        self.relationship, self.nation = relationship, Nation(nation)
        self.received_on = received_on
        self.status = SarStatus.AWAITING_IDENTITY
        self.clock = sar_clock(self.nation, received_on, None)
        self.due: date | None = None
        self.calendar_version: str | None = None
        self.verified_on: date | None = None
        self.compiled: dict[str, Any] | None = None
        self.exemptions: list[dict[str, Any]] = []
        self.response: dict[str, Any] | None = None

    @property
    def requester_subject_id(self) -> UUID:
        """The data subject registered for the requester of this request."""
        return self.requester.subject_id

    def _expect(self, *statuses: SarStatus) -> None:
        if self.status not in statuses:
            raise DomainError("sar.wrong-status", f"not allowed while the request is {self.status}")

    def verify_identity(
        self, *, verified_on: date, method: str, calendar: Calendar, meta: Meta
    ) -> None:
        """Record that the requester's identity (and authority to act) is verified →
        IdentityVerified; the month runs from the later of receipt and verification.

        Raises DomainError ``sar.wrong-status``, ``sar.verification-method-required`` or
        ``request.wrong-calendar``.
        """
        self._expect(SarStatus.AWAITING_IDENTITY)
        if not method.strip():
            raise DomainError("sar.verification-method-required", "say how identity was verified")
        clock = sar_clock(self.nation, self.received_on, verified_on)
        due = DueDate.of(clock.deadline(calendar))
        self._verified(
            verified_on=verified_on,
            method=method.strip(),
            due=due.due,
            calendar_version=due.calendar_version,
            meta=meta,
        )

    @event("IdentityVerified", topic=_topic("IdentityVerified"))
    def _verified(
        self,
        *,
        verified_on: date,
        method: str,
        due: date | None,
        calendar_version: str | None,
        meta: Meta,
    ) -> None:
        self.verified_on = verified_on
        self.clock = sar_clock(self.nation, self.received_on, verified_on)
        self.status = SarStatus.OPEN
        self.due, self.calendar_version = due, calendar_version

    def extend(
        self, *, notified_on: date, amount: int | None, reason: str, calendar: Calendar, meta: Meta
    ) -> None:
        """Extend by up to two months for complexity or number (Art. 12(3)) → DeadlineExtended.

        Raises DomainError ``sar.wrong-status``, ``sar.extension-reason-required``,
        ``request.already-extended``, or ClockError ``uk-gdpr-sar.extension-notice-late`` (notice
        after the first month) / ``uk-gdpr-sar.extension-amount``.
        """
        self._expect(SarStatus.OPEN, SarStatus.COMPILED)
        if not reason.strip():
            raise DomainError("sar.extension-reason-required", "the notice must give reasons")
        extension = Extension(notified_on, amount, reason.strip())
        due = DueDate.of(self.clock.extended(extension).deadline(calendar))
        self._extended(
            notified_on=notified_on,
            amount=amount,
            reason=reason.strip(),
            due=due.due,
            calendar_version=due.calendar_version,
            meta=meta,
        )

    @event("DeadlineExtended", topic=_topic("DeadlineExtended"))
    def _extended(
        self,
        *,
        notified_on: date,
        amount: int | None,
        reason: str,
        due: date | None,
        calendar_version: str | None,
        meta: Meta,
    ) -> None:
        self.clock = self.clock.extended(Extension(notified_on, amount, reason))
        self.due, self.calendar_version = due, calendar_version

    def record_compilation(
        self, *, positions: list[int], third_party_values: int, compiled_on: date, meta: Meta
    ) -> None:
        """Record the subject export the response is compiled from (its log positions, and how
        many third-party values it withholds) → SarCompiled. Compiling again replaces it.

        Raises DomainError ``sar.wrong-status``.
        """
        self._expect(SarStatus.OPEN, SarStatus.COMPILED)
        self._compiled(
            positions=sorted(positions),
            third_party_values=third_party_values,
            compiled_on=compiled_on,
            meta=meta,
        )

    @event("SarCompiled", topic=_topic("SarCompiled"))
    def _compiled(
        self, *, positions: list[int], third_party_values: int, compiled_on: date, meta: Meta
    ) -> None:
        self.status = SarStatus.COMPILED
        self.compiled = {
            "positions": list(positions),
            "third_party_values": third_party_values,
            "compiled_on": compiled_on,
        }
        self.exemptions = []

    def apply_exemption(
        self,
        *,
        code: str,
        scope: ExemptionScope,
        fields: list[tuple[int, str]],
        reason: str,
        meta: Meta,
    ) -> None:
        """Record a DPA 2018 exemption applied to the compiled export → SarExemptionApplied:
        ``third-party`` (Sch. 2 para 16, every third party's data) or named ``fields``
        (position, JSON pointer) of the export.

        Raises DomainError ``exemption.unknown``, ``sar.wrong-status``, ``sar.exemption-not-dpa``,
        ``sar.third-party-needs-para-16``, ``sar.fields-required``, ``sar.field-not-in-export`` or
        ``sar.exemption-reason-required``.
        """
        self._expect(SarStatus.COMPILED)
        assert self.compiled is not None
        _check_exemption(code, ExemptionScope(scope), fields, set(self.compiled["positions"]))
        if not reason.strip():
            raise DomainError("sar.exemption-reason-required", "say why the exemption applies")
        self._exemption_applied(
            code=code,
            scope=ExemptionScope(scope).value,
            fields=[[position, path] for position, path in fields],
            reason=reason.strip(),
            meta=meta,
        )

    @event("SarExemptionApplied", topic=_topic("SarExemptionApplied"))
    def _exemption_applied(
        self, *, code: str, scope: str, fields: list[list[Any]], reason: str, meta: Meta
    ) -> None:
        self.exemptions.append(
            {"code": code, "scope": scope, "fields": fields, "reason": reason, "by": meta.actor_id}
        )

    def withheld_fields(self) -> dict[tuple[int, str], str]:
        """(position, JSON pointer) → exemption label, for fields withheld from the response."""
        return {
            (int(position), str(path)): exemption(e["code"]).label
            for e in self.exemptions
            for position, path in e["fields"]
        }

    def respond(self, *, responded_on: date, meta: Meta) -> None:
        """Send the response (rules: compiled; withheld third-party data has its exemption
        recorded) → SarResponded.

        Raises DomainError ``sar.wrong-status``, ``sar.third-party-exemption-required`` or
        ``sar.date-before-receipt``.
        """
        self._expect(SarStatus.COMPILED)
        assert self.compiled is not None
        if self.compiled["third_party_values"] and not any(
            e["scope"] == ExemptionScope.THIRD_PARTY for e in self.exemptions
        ):
            raise DomainError(
                "sar.third-party-exemption-required",
                "third parties' data is withheld: record the exemption (Sch. 2 para 16) first",
            )
        if responded_on < self.received_on:
            raise DomainError("sar.date-before-receipt", "a response cannot precede the request")
        self._responded(
            responded_on=responded_on,
            on_time=self.due is None or responded_on <= self.due,
            records=len(self.compiled["positions"]),
            meta=meta,
        )

    @event("SarResponded", topic=_topic("SarResponded"))
    def _responded(self, *, responded_on: date, on_time: bool, records: int, meta: Meta) -> None:
        self.status = SarStatus.RESPONDED
        self.response = {"responded_on": responded_on, "on_time": on_time, "records": records}


def _check_exemption(
    code: str, scope: ExemptionScope, fields: list[tuple[int, str]], positions: set[int]
) -> None:
    if exemption(code).regime is not Regime.DPA:
        raise DomainError("sar.exemption-not-dpa", "a SAR relies on DPA 2018 exemptions")
    if scope is ExemptionScope.THIRD_PARTY:
        if code != THIRD_PARTY_EXEMPTION:
            raise DomainError(
                "sar.third-party-needs-para-16", "third parties' data is withheld under para 16"
            )
        return
    if not fields:
        raise DomainError("sar.fields-required", "name the fields the exemption withholds")
    if any(position not in positions for position, _ in fields):
        raise DomainError("sar.field-not-in-export", "a field is not in the compiled export")
