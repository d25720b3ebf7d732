"""The FoiRequest aggregate: one request for information held by a member agency.

The requester's name and the request text are ``Personal`` data of the requester (a data subject
registered with the request), so they are encrypted and erasable. Every event that moves the
clock records the due date and the ``calendar_version`` it was counted with.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.clocks import Calendar, Extension
from domain.errors import DomainError
from domain.exemptions import Regime, exemption
from domain.foi.policy import (
    EXTENSION_BASIS,
    INTERNAL_REVIEW_RULES,
    REGIME_RULES,
    FoiStatus,
    Outcome,
    ReviewOutcome,
    check_disclosure_set,
    check_public_interest,
    check_reliance,
    regime_for,
)
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.redaction import RedactionSet
from domain.request_clock import DueDate, Nation, RequestClock

Move = Callable[[RequestClock, date], RequestClock]
# Each clock move: the status it needs, the status it leaves, and what it does to the clock.
MOVES: dict[str, tuple[FoiStatus, FoiStatus, Move]] = {
    "ClarificationAsked": (
        FoiStatus.OPEN,
        FoiStatus.AWAITING_CLARIFICATION,
        lambda clock, on: clock.stopped(on, "clarification asked (s.1(3))"),
    ),
    "ClarificationReceived": (
        FoiStatus.AWAITING_CLARIFICATION,
        FoiStatus.OPEN,
        lambda clock, on: clock.resumed(on).restarted(on, "clarification received"),
    ),
    "FeesNoticeIssued": (
        FoiStatus.OPEN,
        FoiStatus.AWAITING_FEE,
        lambda clock, on: clock.stopped(on, "fees notice issued (s.9, s.10(2))"),
    ),
    "FeePaid": (FoiStatus.AWAITING_FEE, FoiStatus.OPEN, lambda clock, on: clock.resumed(on)),
}


def _topic(name: str) -> str:
    # Pinned topics: renaming a module or class must never break the stored history.
    return f"reviewtrail.FoiRequest.{name}"


def _clock(regime: Regime) -> RequestClock:
    rule = REGIME_RULES[regime]
    return RequestClock(rule, rule.calendar)


def received_clock(regime: Regime, received_on: date) -> RequestClock:
    """The clock of a request under ``regime`` received on ``received_on`` (day 0)."""
    return _clock(regime).started(received_on)


def internal_review_clock(regime: Regime, requested_on: date) -> RequestClock:
    """The clock of an internal review under ``regime`` requested on ``requested_on``."""
    rule = INTERNAL_REVIEW_RULES[regime]
    return RequestClock(rule, rule.calendar).started(requested_on)


class FoiRequest(Aggregate):
    """A request for information under FOIA, FOISA or EIR."""

    TOPIC = "reviewtrail.FoiRequest"

    class Created(Aggregate.Created):
        TOPIC = _topic("Created")

    @classmethod
    def receive(
        cls,
        *,
        requester: Personal,
        request_text: Personal,
        authority: str,
        nation: Nation,
        environmental: bool,
        received_on: date,
        review_id: UUID | None,
        calendar: Calendar,
        meta: Meta,
    ) -> FoiRequest:
        """Record a request (rules: requester's own fields, authority named) → FoiRequestReceived.

        Raises DomainError ``foi.requester-fields``, ``foi.authority-required``,
        ``foi.eir-scotland-unsupported`` or ``request.wrong-calendar``.
        """
        if requester.category is not Category.IDENTITY or (
            request_text.subject_id != requester.subject_id
        ):
            raise DomainError("foi.requester-fields", "the request text is the requester's data")
        if not authority.strip():
            raise DomainError("foi.authority-required", "the receiving authority is required")
        regime = regime_for(nation, environmental)
        due = DueDate.of(received_clock(regime, received_on).deadline(calendar))
        return cls(
            partnership_id=meta.partnership_id,
            regime=regime.value,
            authority=authority.strip(),
            nation=nation.value,
            requester=requester,
            request_text=request_text,
            received_on=received_on,
            review_id=review_id,
            due=due.due,
            calendar_version=due.calendar_version,
            meta=meta,
        )

    @event("FoiRequestReceived", topic=_topic("FoiRequestReceived"))
    def __init__(
        self,
        *,
        partnership_id: str,
        regime: str,
        authority: str,
        nation: str,
        requester: Personal,
        request_text: Personal,
        received_on: date,
        review_id: UUID | None,
        due: date | None,
        calendar_version: str | None,
        meta: Meta,
    ) -> None:
        self.partnership_id = partnership_id
        self.regime = Regime(regime)
        self.authority, self.nation = authority, Nation(nation)
        self.requester, self.request_text = requester, request_text
        self.received_on, self.review_id = received_on, review_id
        self.clock = received_clock(self.regime, received_on)
        self.status = FoiStatus.OPEN
        self.due, self.calendar_version = due, calendar_version
        self.exemptions: dict[str, dict[str, Any]] = {}
        self.response: dict[str, Any] | None = None
        self.internal_review: dict[str, Any] | None = None

    @property
    def requester_subject_id(self) -> UUID:
        """The data subject registered for the requester of this request."""
        return self.requester.subject_id

    def _expect(self, *statuses: FoiStatus) -> None:
        if self.status not in statuses:
            raise DomainError("foi.wrong-status", f"not allowed while the request is {self.status}")

    def _not_before_receipt(self, day: date) -> None:
        if day < self.received_on:
            raise DomainError("foi.date-before-receipt", "a date cannot be before receipt")

    def _move(self, name: str, on: date, calendar: Calendar) -> dict[str, Any]:
        needs, _, move = MOVES[name]
        self._expect(needs)
        self._not_before_receipt(on)
        due = DueDate.of(move(self.clock, on).deadline(calendar))
        return {"on": on, "due": due.due, "calendar_version": due.calendar_version}

    def _moved(self, name: str, on: date, due: date | None, calendar_version: str | None) -> None:
        _, leaves, move = MOVES[name]
        self.clock, self.status = move(self.clock, on), leaves
        self.due, self.calendar_version = due, calendar_version

    def ask_clarification(self, *, asked_on: date, calendar: Calendar, meta: Meta) -> None:
        """Ask what the requester wants (rule: open) → ClarificationAsked; the clock stops.

        Raises DomainError ``foi.wrong-status`` or ``foi.date-before-receipt``.
        """
        self._clarification_asked(**self._move("ClarificationAsked", asked_on, calendar), meta=meta)

    @event("ClarificationAsked", topic=_topic("ClarificationAsked"))
    def _clarification_asked(
        self, *, on: date, due: date | None, calendar_version: str | None, meta: Meta
    ) -> None:
        self._moved("ClarificationAsked", on, due, calendar_version)

    def receive_clarification(self, *, received_on: date, calendar: Calendar, meta: Meta) -> None:
        """Record the clarification → ClarificationReceived: the 20 working days start again
        from that day (s.1(3), s.10(1)).

        Raises DomainError ``foi.wrong-status`` or ClockError ``clock.pause-order``.
        """
        moved = self._move("ClarificationReceived", received_on, calendar)
        self._clarification_received(**moved, meta=meta)

    @event("ClarificationReceived", topic=_topic("ClarificationReceived"))
    def _clarification_received(
        self, *, on: date, due: date | None, calendar_version: str | None, meta: Meta
    ) -> None:
        self._moved("ClarificationReceived", on, due, calendar_version)

    def issue_fees_notice(self, *, issued_on: date, calendar: Calendar, meta: Meta) -> None:
        """Send a fees notice (rule: open) → FeesNoticeIssued; the clock pauses until payment.

        Raises DomainError ``foi.wrong-status`` or ``foi.date-before-receipt``.
        """
        self._fees_notice_issued(**self._move("FeesNoticeIssued", issued_on, calendar), meta=meta)

    @event("FeesNoticeIssued", topic=_topic("FeesNoticeIssued"))
    def _fees_notice_issued(
        self, *, on: date, due: date | None, calendar_version: str | None, meta: Meta
    ) -> None:
        self._moved("FeesNoticeIssued", on, due, calendar_version)

    def record_fee_paid(self, *, paid_on: date, calendar: Calendar, meta: Meta) -> None:
        """Record payment → FeePaid; the days from notice to payment are disregarded.

        Raises DomainError ``foi.wrong-status`` or ClockError ``clock.pause-order``.
        """
        self._fee_paid(**self._move("FeePaid", paid_on, calendar), meta=meta)

    @event("FeePaid", topic=_topic("FeePaid"))
    def _fee_paid(
        self, *, on: date, due: date | None, calendar_version: str | None, meta: Meta
    ) -> None:
        self._moved("FeePaid", on, due, calendar_version)

    def extend(
        self, *, notified_on: date, amount: int | None, reason: str, calendar: Calendar, meta: Meta
    ) -> None:
        """Extend the deadline → DeadlineExtended: FOIA s.10(3) public interest extension (only
        while a qualified exemption is considered) or EIR reg 7; FOISA has none.

        Raises DomainError ``foi.extension-foisa``, ``foi.extension-needs-qualified-exemption``,
        ``foi.extension-reason-required``, ``foi.wrong-status``, ``request.already-extended``, or
        ClockError ``<rule>.extension-notice-late`` / ``<rule>.extension-amount``.
        """
        if self.regime is Regime.FOISA:
            raise DomainError("foi.extension-foisa", "FOISA allows no public interest extension")
        self._expect(FoiStatus.OPEN)
        if self.regime is Regime.FOIA and not any(
            exemption(code).needs_public_interest_test for code in self.exemptions
        ):
            raise DomainError(
                "foi.extension-needs-qualified-exemption",
                "a public interest extension needs a qualified exemption under consideration",
            )
        if not reason.strip():
            raise DomainError("foi.extension-reason-required", "the extension needs a reason")
        extension = Extension(notified_on, amount, reason.strip())
        due = DueDate.of(self.clock.extended(extension).deadline(calendar))
        self._extended(
            notified_on=notified_on,
            amount=amount,
            reason=reason.strip(),
            basis=EXTENSION_BASIS[self.regime],
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
        basis: str,
        due: date | None,
        calendar_version: str | None,
        meta: Meta,
    ) -> None:
        self.clock = self.clock.extended(Extension(notified_on, amount, reason))
        self.due, self.calendar_version = due, calendar_version

    def consider_exemption(
        self, *, code: str, reason: str, favours: str | None, reasoning: str, meta: Meta
    ) -> None:
        """Record an exemption under consideration → ExemptionConsidered. A qualified one needs
        its public interest test (``favours`` maintain or disclose, and the ``reasoning``).

        Raises DomainError ``exemption.unknown``, ``foi.exemption-wrong-regime``,
        ``foi.exemption-reason-required``, ``foi.public-interest-test-required``,
        ``foi.public-interest-test-not-applicable`` or ``foi.wrong-status``.
        """
        self._expect(FoiStatus.OPEN, FoiStatus.AWAITING_CLARIFICATION, FoiStatus.AWAITING_FEE)
        found = exemption(code)
        if found.regime is not self.regime:
            raise DomainError("foi.exemption-wrong-regime", f"not a {self.regime} exemption")
        if not reason.strip():
            raise DomainError("foi.exemption-reason-required", "say why the exemption is engaged")
        check_public_interest(found.needs_public_interest_test, favours, reasoning)
        self._exemption_considered(
            code=code,
            reason=reason.strip(),
            public_interest_favours=favours,
            public_interest_reasoning=reasoning.strip() or None,
            meta=meta,
        )

    @event("ExemptionConsidered", topic=_topic("ExemptionConsidered"))
    def _exemption_considered(
        self,
        *,
        code: str,
        reason: str,
        public_interest_favours: str | None,
        public_interest_reasoning: str | None,
        meta: Meta,
    ) -> None:
        self.exemptions[code] = {
            "code": code,
            "reason": reason,
            "public_interest_favours": public_interest_favours,
            "public_interest_reasoning": public_interest_reasoning,
            "by": meta.actor_id,
        }

    def respond(
        self,
        *,
        outcome: Outcome,
        responded_on: date,
        relied_on: list[str],
        redaction_set_id: UUID | None,
        meta: Meta,
        redaction_set: RedactionSet | None = None,
    ) -> None:
        """Answer the request (rules: see ``check_reliance``; a disclosure's redaction set,
        ``redaction_set_id``, is an applied set of the partnership, found as ``redaction_set``)
        → FoiResponded.

        Raises DomainError ``foi.wrong-status``, ``foi.date-before-receipt``, a rule of
        ``domain.foi.policy.check_reliance`` or of ``check_disclosure_set``.
        """
        self._expect(FoiStatus.OPEN)
        self._not_before_receipt(responded_on)
        check_reliance(Outcome(outcome), relied_on, self.exemptions)
        check_disclosure_set(redaction_set_id, redaction_set, self.partnership_id)
        self._responded(
            outcome=Outcome(outcome).value,
            responded_on=responded_on,
            relied_on=sorted(set(relied_on)),
            redaction_set_id=redaction_set_id,
            on_time=self.due is None or responded_on <= self.due,
            meta=meta,
        )

    @event("FoiResponded", topic=_topic("FoiResponded"))
    def _responded(
        self,
        *,
        outcome: str,
        responded_on: date,
        relied_on: list[str],
        redaction_set_id: UUID | None,
        on_time: bool,
        meta: Meta,
    ) -> None:
        self.status = FoiStatus.RESPONDED
        self.response = {
            "outcome": outcome,
            "responded_on": responded_on,
            "relied_on": list(relied_on),
            "redaction_set_id": redaction_set_id,
            "on_time": on_time,
        }

    def review_clock(self) -> RequestClock | None:
        """The internal review's clock, once one was requested."""
        if self.internal_review is None:
            return None
        return internal_review_clock(self.regime, self.internal_review["requested_on"])

    def request_internal_review(
        self, *, requested_on: date, calendar: Calendar, meta: Meta
    ) -> None:
        """The requester asks for a review (rule: responded) → InternalReviewRequested, due in 20
        working days (FOIA Code of Practice, FOISA s.21) or 40 (EIR reg 11).

        Raises DomainError ``foi.wrong-status`` or ``foi.review-before-response``.
        """
        self._expect(FoiStatus.RESPONDED)
        assert self.response is not None
        if requested_on < self.response["responded_on"]:
            raise DomainError("foi.review-before-response", "the review follows the response")
        due = DueDate.of(internal_review_clock(self.regime, requested_on).deadline(calendar))
        self._review_requested(
            requested_on=requested_on, due=due.due, calendar_version=due.calendar_version, meta=meta
        )

    @event("InternalReviewRequested", topic=_topic("InternalReviewRequested"))
    def _review_requested(
        self, *, requested_on: date, due: date | None, calendar_version: str | None, meta: Meta
    ) -> None:
        self.status = FoiStatus.UNDER_INTERNAL_REVIEW
        self.internal_review = {
            "requested_on": requested_on,
            "due": due,
            "calendar_version": calendar_version,
            "outcome": None,
        }

    def decide_internal_review(
        self, *, outcome: ReviewOutcome, decided_on: date, reason: str, meta: Meta
    ) -> None:
        """Record the review's decision (rules: under review, reasons) → InternalReviewDecided.

        Raises DomainError ``foi.wrong-status``, ``foi.review-reason-required`` or
        ``foi.date-before-receipt``.
        """
        self._expect(FoiStatus.UNDER_INTERNAL_REVIEW)
        self._not_before_receipt(decided_on)
        if not reason.strip():
            raise DomainError("foi.review-reason-required", "the review decision needs reasons")
        assert self.internal_review is not None
        due = self.internal_review["due"]
        self._review_decided(
            outcome=ReviewOutcome(outcome).value,
            decided_on=decided_on,
            reason=reason.strip(),
            on_time=due is None or decided_on <= due,
            meta=meta,
        )

    @event("InternalReviewDecided", topic=_topic("InternalReviewDecided"))
    def _review_decided(
        self, *, outcome: str, decided_on: date, reason: str, on_time: bool, meta: Meta
    ) -> None:
        assert self.internal_review is not None
        self.status = FoiStatus.REVIEWED
        self.internal_review.update(outcome=outcome, decided_on=decided_on, on_time=on_time)
