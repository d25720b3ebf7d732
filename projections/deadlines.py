"""deadlines: one row per clock of a review, with its due date counted on the stored calendar.

A review's clocks come from its rule set: an event starts the clocks whose anchor it matches
(``RuleSet.clocks_started_by``), the events a clock names pause and resume it, the event that
satisfies it marks it met, and closing the review closes the rest. Every due date is computed by
the clock engine against the projection's own copy of the calendar overrides, so replaying the
log gives the same dates in the same order; an override recomputes every open clock counted on
that calendar (and on ``uk-any``, the union of the nations) and stores the new calendar version.
FOI request and SAR clocks are moved by their aggregates' own clock functions
(``projections.request_deadlines``) and recomputed by overrides the same way.

The view holds no personal value: ids, rule ids, dates, event names and statutory bases only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from domain.calendar_overrides import CalendarOverrides
from domain.clocks import Calendar, ClockRule, Deadline, Direction, Pause, compute
from domain.clocks.registry import ClockRegistry
from domain.review import Jurisdiction, Review
from domain.review.base import payload, resolve_rule_set_id
from domain.review.proceedings import PAUSE_REASON_CODES
from domain.rules import Clock, MissingFact, RuleSet, clock_registry, load_rule_set
from projections.request_deadlines import RequestDeadlines, save_request_clock
from projections.review_due_dates import (
    due_date_met,
    is_due_date,
    key_of,
    keyed,
    rule_of,
    start_due_date,
    starts_due_date,
)
from projections.tracked_clocks import DeadlinesWriter, ReviewContext, TrackedClock

UK_ANY = "uk-any"
# A rule-set clock started by an event that names an agency is kept once per agency.
PER_AGENCY = "agency"


class DeadlinesProjection:
    """One row per clock of a review, FOI request or SAR: due date (None while paused), steps,
    calendar version, state, and the day it was met or closed."""

    name = "deadlines"
    # 2: FOI and SAR clocks, met/closed dates and request inputs (new columns and a table).
    # 3: chronology and action-plan due dates, per-agency information clocks, pause categories.
    version = 3

    def __init__(self, registry: ClockRegistry | None = None) -> None:
        self._registry = registry or clock_registry()
        self._requests = RequestDeadlines()

    def apply(self, event: Any, position: int, writer: DeadlinesWriter) -> None:
        """Start, pause, resume, meet or close clocks; recompute them when a calendar changes."""
        if isinstance(
            event, CalendarOverrides.BankHolidayAdded | CalendarOverrides.BankHolidayRemoved
        ):
            action = "add" if isinstance(event, CalendarOverrides.BankHolidayAdded) else "remove"
            writer.override_recorded(event.calendar, event.day, action, event.reason)
            for clock in writer.open_clocks_on((event.calendar, UK_ANY)):
                if not is_due_date(clock):  # a set date: no calendar moves it
                    self._save(clock, writer, position)
        elif self._requests.apply(event, position, writer):
            return  # a FOI request's or SAR's event, applied to its clocks
        elif isinstance(event, Review.NotificationReceived):  # type: ignore[attr-defined]
            self._opened(event, position, writer)
        elif isinstance(event, Review.Event):
            self._changed(event, position, writer)

    def _opened(self, event: Any, position: int, writer: DeadlinesWriter) -> None:
        rule_set_id = event.rule_set_id or resolve_rule_set_id(
            Jurisdiction(event.jurisdiction), None, event.received_on
        )
        context = ReviewContext(event.partnership_id, rule_set_id)
        writer.review_saved(event.originator_id, context)
        self._changed(event, position, writer)

    def _changed(self, event: Any, position: int, writer: DeadlinesWriter) -> None:
        context = writer.review_context(event.originator_id)
        if context is None or context.rule_set_id is None:
            return
        rules = load_rule_set(context.rule_set_id)
        name, fields, day = type(event).__name__, payload(vars(event)), event_day(event)
        context = _learned(context, event)
        for clock in writer.clocks(event.originator_id):
            if clock.state == "open":
                self._moved(clock, rules, event, (name, fields, day), writer, position)
        if name == "ReviewClosed":
            return
        if starts_due_date(name):
            start_due_date(event, context, writer.calendar(rules.calendar), writer, position)
        context = self._start(event, context, rules, writer, position)
        writer.review_saved(event.originator_id, context)

    def _moved(
        self,
        clock: TrackedClock,
        rules: RuleSet,
        event: Any,
        happened: tuple[str, dict[str, str], date],
        writer: DeadlinesWriter,
        position: int,
    ) -> None:
        name, fields, day = happened
        if name == "ReviewClosed" or _met(clock, rules, event, name, fields):
            state = "closed" if name == "ReviewClosed" else "met"
            writer.clock_saved(replace(clock, state=state, ended_on=day), None, position)
            return
        if is_due_date(clock):
            return
        spec = rules.clock(rule_of(clock.clock_id))
        if name in spec.pause_on and not _paused(clock):
            pause = Pause(day, None, pause_reason(event))
            self._save(replace(clock, pauses=(*clock.pauses, pause)), writer, position)
        elif name in spec.resume_on and _paused(clock):
            self._save(_resumed(clock, day), writer, position)

    def _start(
        self,
        event: Any,
        context: ReviewContext,
        rules: RuleSet,
        writer: DeadlinesWriter,
        position: int,
    ) -> ReviewContext:
        name, fields = type(event).__name__, payload(vars(event))
        triggers = [(name, event_day(event), fields)]
        if name == "CriteriaAssessed" or (name == "DecisionRecorded" and context.pending):
            triggers = [*context.pending, *triggers]
            context = replace(context, pending=())
        for trigger in triggers:
            context = self._started_by(trigger, event, context, rules, writer, position)
        return context

    def _started_by(
        self,
        trigger: tuple[str, date, dict[str, str]],
        event: Any,
        context: ReviewContext,
        rules: RuleSet,
        writer: DeadlinesWriter,
        position: int,
    ) -> ReviewContext:
        name, day, fields = trigger
        try:
            started = rules.clocks_started_by(name, fields, context.kind, context.facts or {})
        except MissingFact:
            # Which notices are owed is known once the facts are assessed: start them then.
            started = _unowned(rules, name, fields)
            kept = {k: v for k, v in fields.items() if k in {*_matched_keys(rules), PER_AGENCY}}
            context = replace(context, pending=(*context.pending, (name, day, kept)))
        known = {c.clock_id: c.state for c in writer.clocks(event.originator_id)}
        live = name == type(event).__name__
        for spec in started:
            anchor = _anchor(spec.anchor.date_field, trigger, event)
            clock_id = keyed(spec.id, fields[PER_AGENCY]) if PER_AGENCY in fields else spec.id
            # Asking an agency again starts its answered clock afresh; nothing else restarts.
            again = live and clock_id != spec.id and known.get(clock_id) != "open"
            if (clock_id in known and not again) or anchor is None:
                continue
            clock = TrackedClock(
                context.partnership_id, "review", event.originator_id, clock_id,
                _described(spec, fields), anchor, spec.calendar,
            )  # fmt: skip
            self._save(clock, writer, position)
        return context

    def _save(self, clock: TrackedClock, writer: DeadlinesWriter, position: int) -> None:
        if clock.request is not None:
            save_request_clock(clock, writer, position)
            return
        rule = self._registry.rule(rule_of(clock.clock_id))
        writer.clock_saved(
            clock, deadline_of(rule, clock, writer.calendar(clock.calendar)), position
        )


def deadline_of(rule: ClockRule, clock: TrackedClock, calendar: Calendar) -> Deadline:
    """The engine's explained deadline for ``clock`` (lead-time clocks are never paused)."""
    pauses = clock.pauses if rule.direction is Direction.FORWARD else ()
    return compute(rule, clock.anchor, calendar, pauses=pauses)


def event_day(event: Any) -> date:
    """The day an event says it happened: its first ``…_on`` date that is not a due date (an
    information request's ``due_on`` is when the answer is due), else the day it was recorded."""
    for key, value in vars(event).items():
        if key.endswith("_on") and key != "due_on" and isinstance(value, date):
            return value
    day: date = event.timestamp.date()
    return day


def _anchor(
    date_field: str | None, trigger: tuple[str, date, dict[str, str]], event: Any
) -> date | None:
    """The trigger's day, or the planned date a lead-time clock counts back from."""
    if date_field is None:
        return trigger[1]
    if trigger[0] != type(event).__name__:
        return None  # a deferred trigger: its planned date is no longer at hand
    planned: date | None = getattr(event, date_field, None)
    return planned


def _learned(context: ReviewContext, event: Any) -> ReviewContext:
    name = type(event).__name__
    if name == "CriteriaAssessed":
        return replace(context, kind=event.kind or context.kind, facts=dict(event.facts))
    if name == "DecisionRecorded" and getattr(event, "kind", None):
        return replace(context, kind=event.kind)
    return context


def _unowned(rules: RuleSet, name: str, fields: dict[str, str]) -> tuple[Clock, ...]:
    owned = {n.clock for n in rules.notifications if n.clock}
    return tuple(c for c in rules.clocks if c.id not in owned and c.anchor.matches(name, fields))


def _matched_keys(rules: RuleSet) -> set[str]:
    matches = [n.trigger for n in rules.notifications] + [c.anchor for c in rules.clocks]
    return {key for match in matches for key, _ in match.where}


def pause_reason(event: Any) -> str:
    """Why a review clock stopped, as a category that holds no personal value: the kind of
    parallel proceedings, or the reason a hold was stated as when it is one of the codes
    (free text may name someone, so the view says only that the review is on hold)."""
    if type(event).__name__ == "ParallelProceedingsRecorded":
        return f"parallel proceedings: {event.kind}"
    reason = getattr(event, "reason", None)
    return f"review on hold: {reason}" if reason in PAUSE_REASON_CODES else "review on hold"


def _met(
    clock: TrackedClock, rules: RuleSet, event: Any, name: str, fields: dict[str, str]
) -> bool:
    """True when the event meets the clock: a clock kept per agency only by that agency's."""
    if is_due_date(clock):
        return due_date_met(clock, name, event)
    key = key_of(clock.clock_id)
    spec = rules.clock(rule_of(clock.clock_id))
    return spec.satisfied_by.matches(name, fields) and key in (None, fields.get(PER_AGENCY))


def _described(spec: Clock, fields: dict[str, str]) -> str:
    agency = fields.get(PER_AGENCY)
    return spec.description if agency is None else f"{spec.description} ({agency})"


def _paused(clock: TrackedClock) -> bool:
    return bool(clock.pauses) and clock.pauses[-1].end is None


def _resumed(clock: TrackedClock, day: date) -> TrackedClock:
    last = clock.pauses[-1]
    # The day it resumes counts again: the pause covers the days before it.
    end = max(last.start, date.fromordinal(day.toordinal() - 1))
    return replace(clock, pauses=(*clock.pauses[:-1], Pause(last.start, end, last.reason)))
