"""FOI and SAR clocks on the deadlines view, moved by the aggregates' own clock functions.

A FOI request's clock starts on receipt under its regime's rule and calendar (FOIA and EIR count
``uk-any``, FOISA ``scotland``: ``received_clock``); clarification asked and received, a fees
notice and its payment stop, resume and restart it through the aggregate's own ``MOVES``; an
extension (FOIA public interest, EIR reg 7) extends it; the response meets it. An internal
review has a clock of its own (``internal_review_clock``), met by its decision. A SAR's clock
starts once the requester's identity is verified and counts from the later of receipt and
verification (``sar_clock``); an extension extends it; the response meets it.

Every due date is ``RequestClock.deadline`` on the view's calendar, the function the aggregate
records its due date with, so the view and the aggregate agree whenever their calendars do.
Free-text reasons stay out of the view: an extension is kept with its statutory basis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from typing import Any
from uuid import UUID

from domain.clocks import UK_GDPR_SAR, Calendar, ClockError, ClockRule, Deadline, Extension
from domain.exemptions import Regime
from domain.foi import (
    INTERNAL_REVIEW_RULES,
    MOVES,
    REGIME_RULES,
    FoiRequest,
    internal_review_clock,
    received_clock,
)
from domain.request_clock import Nation, RequestClock
from domain.sar import SubjectAccessRequest, sar_clock
from projections.tracked_clocks import DeadlinesWriter, RequestContext, RequestInputs, TrackedClock

REQUEST_RULES: Mapping[str, ClockRule] = MappingProxyType(
    {
        rule.id: rule
        for rule in (*REGIME_RULES.values(), *INTERNAL_REVIEW_RULES.values(), UK_GDPR_SAR)
    }
)
SAR_EXTENSION_BASIS = "UK GDPR Art 12(3): complexity or number of requests"
Move = Callable[[RequestClock], RequestClock]


def request_clock(tracked: TrackedClock) -> RequestClock:
    """The aggregate's ``RequestClock`` a tracked FOI or SAR clock stands for."""
    assert tracked.request is not None
    inputs = tracked.request
    rule = REQUEST_RULES[tracked.clock_id]
    return RequestClock(
        rule, tracked.calendar, inputs.start, tracked.pauses, inputs.restarts, inputs.extension
    )


def request_deadline(tracked: TrackedClock, calendar: Calendar) -> Deadline | None:
    """The clock's deadline on ``calendar``; None (keep the dates it has) when a changed
    calendar makes an input the rule checks invalid (an extension notice now after the original
    due date), since a read model must not stop on a fact the aggregate already accepted."""
    try:
        return request_clock(tracked).deadline(calendar)
    except ClockError:
        return None


def save_request_clock(tracked: TrackedClock, writer: DeadlinesWriter, position: int) -> None:
    """Count ``tracked`` on the view's copy of its calendar and store it."""
    deadline = request_deadline(tracked, writer.calendar(tracked.calendar))
    writer.clock_saved(tracked, deadline, position)


class RequestDeadlines:
    """Applies FOI request and SAR events to their clocks."""

    def apply(self, event: Any, position: int, writer: DeadlinesWriter) -> bool:
        """Start, move or meet the clocks ``event`` concerns; False if it is no FOI/SAR event."""
        if isinstance(event, FoiRequest.Event):
            _foi_event(event, position, writer)
            return True
        if isinstance(event, SubjectAccessRequest.Event):
            _sar_event(event, position, writer)
            return True
        return False


def _foi_event(event: Any, position: int, writer: DeadlinesWriter) -> None:
    name, request_id = type(event).__name__, event.originator_id
    if name == "FoiRequestReceived":
        received = RequestContext(
            event.partnership_id, "foi", event.nation, event.received_on, event.regime
        )
        writer.request_saved(request_id, received)
    context = writer.request_context(request_id)
    if context is None or context.regime is None:
        return
    regime = Regime(context.regime)
    main, review = REGIME_RULES[regime].id, INTERNAL_REVIEW_RULES[regime].id
    if name == "FoiRequestReceived":
        _started(received_clock(regime, event.received_on), context, request_id, writer, position)
    elif name == "InternalReviewRequested":
        clock = internal_review_clock(regime, event.requested_on)
        _started(clock, context, request_id, writer, position)
    elif name in MOVES:
        _moved(request_id, main, lambda clock: MOVES[name][2](clock, event.on), writer, position)
    elif name == "DeadlineExtended":
        extension = Extension(event.notified_on, event.amount, event.basis)
        _moved(request_id, main, lambda clock: clock.extended(extension), writer, position)
    elif name == "FoiResponded":
        _met(request_id, main, event.responded_on, writer, position)
    elif name == "InternalReviewDecided":
        _met(request_id, review, event.decided_on, writer, position)


def _sar_event(event: Any, position: int, writer: DeadlinesWriter) -> None:
    name, request_id, rule_id = type(event).__name__, event.originator_id, UK_GDPR_SAR.id
    if name == "SarReceived":
        received = RequestContext(event.partnership_id, "sar", event.nation, event.received_on)
        writer.request_saved(request_id, received)
        return
    context = writer.request_context(request_id)
    if context is None:
        return
    if name == "IdentityVerified":
        clock = sar_clock(Nation(context.nation), context.received_on, event.verified_on)
        _started(clock, context, request_id, writer, position)
    elif name == "DeadlineExtended":
        extension = Extension(event.notified_on, event.amount, SAR_EXTENSION_BASIS)
        _moved(request_id, rule_id, lambda clock: clock.extended(extension), writer, position)
    elif name == "SarResponded":
        _met(request_id, rule_id, event.responded_on, writer, position)


def _started(
    clock: RequestClock,
    context: RequestContext,
    request_id: UUID,
    writer: DeadlinesWriter,
    position: int,
) -> None:
    if any(c.clock_id == clock.rule.id for c in writer.clocks(request_id)):
        return
    rule = clock.rule
    tracked = TrackedClock(
        context.partnership_id,
        context.kind,
        request_id,
        rule.id,
        f"{rule.description}: {rule.unit.quantity(rule.amount)}",
        context.received_on,
        clock.calendar_name,
    )
    save_request_clock(_with(tracked, clock), writer, position)


def _moved(
    request_id: UUID, clock_id: str, move: Move, writer: DeadlinesWriter, position: int
) -> None:
    tracked = _open_clock(request_id, clock_id, writer)
    if tracked is not None:
        save_request_clock(_with(tracked, move(request_clock(tracked))), writer, position)


def _met(
    request_id: UUID, clock_id: str, day: date, writer: DeadlinesWriter, position: int
) -> None:
    tracked = _open_clock(request_id, clock_id, writer)
    if tracked is not None:
        writer.clock_saved(replace(tracked, state="met", ended_on=day), None, position)


def _open_clock(request_id: UUID, clock_id: str, writer: DeadlinesWriter) -> TrackedClock | None:
    found = [c for c in writer.clocks(request_id) if c.clock_id == clock_id and c.state == "open"]
    return found[0] if found else None


def _with(tracked: TrackedClock, clock: RequestClock) -> TrackedClock:
    """``tracked`` with the inputs of ``clock`` (which has started)."""
    assert clock.start is not None
    assert clock.counts_from is not None
    inputs = RequestInputs(clock.start, clock.restarts, clock.extension)
    return replace(tracked, anchor=clock.counts_from, pauses=clock.pauses, request=inputs)
