"""How a tracked clock and its deadline become a row of the ``deadlines`` table, and back.

Pauses are stored as ``[first, last, reason]``, steps as the engine's lines, and a FOI or SAR
clock's own inputs (``inputs``) as ``{"start", "restarts": [[on, reason]], "extension":
[notified_on, amount, basis] | null}``; a review clock has none. Every value is an id, a date, a
rule id, an event name or a statutory basis: never a personal value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from psycopg.types.json import Jsonb

from domain.clocks import Deadline, Extension, Pause, Restart
from projections.tracked_clocks import RequestInputs, TrackedClock

UPSERT = (
    "INSERT INTO deadlines (aggregate_id, clock_id, partnership_id, kind, description,"
    " anchor_date, due_date, paused_reason, calendar, calendar_version, steps, state, pauses,"
    " ended_on, inputs, last_position) VALUES (%(aggregate_id)s, %(clock_id)s,"
    " %(partnership_id)s, %(kind)s, %(description)s, %(anchor)s, %(due)s, %(paused_reason)s,"
    " %(calendar)s, %(version)s, %(steps)s, %(state)s, %(pauses)s, %(ended_on)s, %(inputs)s,"
    " %(position)s) ON CONFLICT (aggregate_id, clock_id) DO UPDATE SET"
    " anchor_date = EXCLUDED.anchor_date, due_date = EXCLUDED.due_date,"
    " paused_reason = EXCLUDED.paused_reason, calendar_version = EXCLUDED.calendar_version,"
    " steps = EXCLUDED.steps, state = EXCLUDED.state, pauses = EXCLUDED.pauses,"
    " ended_on = EXCLUDED.ended_on, inputs = EXCLUDED.inputs,"
    " last_position = EXCLUDED.last_position"
)
# Keeps the dates: a met or closed clock, or one its calendar can no longer count.
UPDATE_INPUTS = (
    "UPDATE deadlines SET state = %(state)s, ended_on = %(ended_on)s, anchor_date = %(anchor)s,"
    " pauses = %(pauses)s, inputs = %(inputs)s, last_position = %(position)s"
    " WHERE aggregate_id = %(aggregate_id)s AND clock_id = %(clock_id)s"
)


def inputs_values(clock: TrackedClock, position: int) -> dict[str, Any]:
    """The parameters of ``UPDATE_INPUTS``: the clock's inputs and state, not its dates."""
    return {
        "aggregate_id": clock.aggregate_id,
        "clock_id": clock.clock_id,
        "anchor": clock.anchor,
        "state": clock.state,
        "ended_on": clock.ended_on,
        "pauses": Jsonb([_pause(p) for p in clock.pauses]),
        "inputs": None if clock.request is None else Jsonb(_inputs(clock.request)),
        "position": position,
    }


def row_values(clock: TrackedClock, deadline: Deadline, position: int) -> dict[str, Any]:
    """The parameters of ``UPSERT``: the clock with the dates ``deadline`` counted."""
    open_pause = next((p for p in clock.pauses if p.end is None), None)
    return {
        **inputs_values(clock, position),
        "partnership_id": clock.partnership_id,
        "kind": clock.kind,
        "description": clock.description,
        "due": deadline.due,
        "paused_reason": open_pause.reason if deadline.paused and open_pause else None,
        "calendar": clock.calendar,
        "version": deadline.calendar_version,
        "steps": Jsonb([_step(step) for step in deadline.steps]),
    }


def tracked(row: dict[str, Any]) -> TrackedClock:
    """The tracked clock a ``deadlines`` row holds."""
    return TrackedClock(
        row["partnership_id"],
        row["kind"],
        row["aggregate_id"],
        row["clock_id"],
        row["description"],
        row["anchor_date"],
        row["calendar"],
        pauses(row["pauses"]),
        row["state"],
        row["ended_on"],
        None if row["inputs"] is None else _request(row["inputs"]),
    )


def pauses(stored: list[list[str | None]]) -> tuple[Pause, ...]:
    """The pauses of a row's ``pauses`` column."""
    return tuple(Pause(_day(s), _maybe_day(e), r or "") for s, e, r in stored)


def _step(step: Any) -> dict[str, str]:
    return {
        "kind": str(step.kind),
        "first": step.first.isoformat(),
        "last": step.last.isoformat(),
        "note": step.note,
    }


def _pause(pause: Pause) -> list[str | None]:
    end = pause.end.isoformat() if pause.end else None
    return [pause.start.isoformat(), end, pause.reason]


def _inputs(inputs: RequestInputs) -> dict[str, Any]:
    extension = inputs.extension
    return {
        "start": inputs.start.isoformat(),
        "restarts": [[r.on.isoformat(), r.reason] for r in inputs.restarts],
        "extension": None
        if extension is None
        else [_iso(extension.notified_on), extension.amount, extension.reason],
    }


def _request(stored: dict[str, Any]) -> RequestInputs:
    extension = stored["extension"]
    return RequestInputs(
        _day(stored["start"]),
        tuple(Restart(_day(on), reason) for on, reason in stored["restarts"]),
        None
        if extension is None
        else Extension(_maybe_day(extension[0]), extension[1], extension[2]),
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> date:
    assert text is not None
    return date.fromisoformat(text)


def _maybe_day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
