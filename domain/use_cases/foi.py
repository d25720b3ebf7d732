"""FOI requests: receipt (with the requester registered as a data subject), the clock's moves,
exemptions, the response and the internal review.

Calendars come in through the ``CalendarSource`` port, so every due date counts the stored
bank-holiday overrides; the aggregate records it with the calendar version.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.clocks.registry import CalendarSource
from domain.errors import NotFound
from domain.foi import REGIME_RULES, FoiRequest, Outcome, ReviewOutcome, regime_for
from domain.meta import Meta
from domain.personal import Personal
from domain.redaction import RedactionSet
from domain.request_clock import Nation
from domain.subject import DataSubject
from domain.use_cases.base import UseCases

if TYPE_CHECKING:
    from domain.application import Receipt

FOI_REQUESTER = "foi-requester"


class FoiUseCases(UseCases):
    def receive_foi_request(
        self,
        *,
        requester_name: Personal,
        request_text: Personal,
        authority: str,
        nation: Nation,
        environmental: bool,
        received_on: date,
        review_id: UUID | None,
        calendars: CalendarSource,
        meta: Meta,
    ) -> Receipt:
        """Register the requester (a data subject of their own) and record the request."""
        rule = REGIME_RULES[regime_for(nation, environmental)]
        requester = DataSubject.register(
            subject_id=requester_name.subject_id,
            relationship=FOI_REQUESTER,
            name=requester_name,
            date_of_birth=None,
            identifiers={},
            meta=meta,
        )
        request = FoiRequest.receive(
            requester=requester_name,
            request_text=request_text,
            authority=authority,
            nation=nation,
            environmental=environmental,
            received_on=received_on,
            review_id=review_id,
            calendar=calendars.calendar(rule.calendar),
            meta=meta,
        )
        return self.record(requester, request)

    def get_foi_request(
        self, request_id: UUID, partnership_id: str, expected_version: int | None = None
    ) -> FoiRequest:
        """The request if it belongs to ``partnership_id`` (else NotFound)."""
        return self.get_owned(FoiRequest, request_id, partnership_id, expected_version)

    def ask_foi_clarification(
        self,
        request_id: UUID,
        *,
        asked_on: date,
        calendars: CalendarSource,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Ask the requester to clarify; the clock stops until they answer."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        calendar = calendars.calendar(request.clock.calendar_name)
        request.ask_clarification(asked_on=asked_on, calendar=calendar, meta=meta)
        return self.record(request)

    def receive_foi_clarification(
        self,
        request_id: UUID,
        *,
        received_on: date,
        calendars: CalendarSource,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record the clarification; the clock restarts from that day."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        calendar = calendars.calendar(request.clock.calendar_name)
        request.receive_clarification(received_on=received_on, calendar=calendar, meta=meta)
        return self.record(request)

    def issue_foi_fees_notice(
        self,
        request_id: UUID,
        *,
        issued_on: date,
        calendars: CalendarSource,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Send a fees notice; the clock pauses until the fee is paid."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        calendar = calendars.calendar(request.clock.calendar_name)
        request.issue_fees_notice(issued_on=issued_on, calendar=calendar, meta=meta)
        return self.record(request)

    def record_foi_fee_paid(
        self,
        request_id: UUID,
        *,
        paid_on: date,
        calendars: CalendarSource,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record the fee paid; the clock runs again."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        calendar = calendars.calendar(request.clock.calendar_name)
        request.record_fee_paid(paid_on=paid_on, calendar=calendar, meta=meta)
        return self.record(request)

    def extend_foi_request(
        self,
        request_id: UUID,
        *,
        notified_on: date,
        amount: int | None,
        reason: str,
        calendars: CalendarSource,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Extend the deadline (FOIA public interest test, EIR reg 7; never FOISA)."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        calendar = calendars.calendar(request.clock.calendar_name)
        request.extend(
            notified_on=notified_on, amount=amount, reason=reason, calendar=calendar, meta=meta
        )
        return self.record(request)

    def consider_foi_exemption(
        self,
        request_id: UUID,
        *,
        code: str,
        reason: str,
        favours: str | None,
        reasoning: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record an exemption under consideration, with its public interest test if qualified."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        request.consider_exemption(
            code=code, reason=reason, favours=favours, reasoning=reasoning, meta=meta
        )
        return self.record(request)

    def respond_to_foi_request(
        self,
        request_id: UUID,
        *,
        outcome: Outcome,
        responded_on: date,
        relied_on: list[str],
        redaction_set_id: UUID | None,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record the response and the exemptions it relies on (a redaction set of another
        partnership counts as unknown)."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        redaction_set: RedactionSet | None = None
        if redaction_set_id is not None:
            try:
                redaction_set = self.get_owned(RedactionSet, redaction_set_id, meta.partnership_id)
            except NotFound:
                redaction_set = None
        request.respond(
            outcome=outcome,
            responded_on=responded_on,
            relied_on=relied_on,
            redaction_set_id=redaction_set_id,
            redaction_set=redaction_set,
            meta=meta,
        )
        return self.record(request)

    def request_foi_internal_review(
        self,
        request_id: UUID,
        *,
        requested_on: date,
        calendars: CalendarSource,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record the requester's request for an internal review, with its due date."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        calendar = calendars.calendar(request.clock.calendar_name)
        request.request_internal_review(requested_on=requested_on, calendar=calendar, meta=meta)
        return self.record(request)

    def decide_foi_internal_review(
        self,
        request_id: UUID,
        *,
        outcome: ReviewOutcome,
        decided_on: date,
        reason: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Record the internal review's decision."""
        request = self.get_foi_request(request_id, meta.partnership_id, expected_version)
        request.decide_internal_review(
            outcome=outcome, decided_on=decided_on, reason=reason, meta=meta
        )
        return self.record(request)
