"""Shapes of /dashboards/deadlines: every clock of a partnership, with where it stands today."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

DeadlineKind = Literal["review", "foi", "sar"]
DeadlineState = Literal["open", "met", "closed"]
DeadlineSort = Literal["due", "-due"]


class DeadlineStep(BaseModel):
    """One line of the clock engine's explanation of the due date."""

    kind: str = Field(examples=["skip"])
    first: date
    last: date
    note: str = Field(examples=["skipped: Saturday"])


class ClockPauseOut(BaseModel):
    """Days ``from``..``to`` (inclusive) did not count; ``to`` null: the clock is still stopped."""

    model_config = ConfigDict(populate_by_name=True)

    from_: date = Field(alias="from")
    to: date | None
    reason: str = Field(
        description="why a review clock stopped (the kind of parallel proceedings, or the hold's "
        "reason code), or the request clock's rule",
        examples=[
            "parallel proceedings: criminal",
            "review on hold: publication-delayed",
            "clarification asked (s.1(3))",
        ],
    )


class DeadlineOut(BaseModel):
    """One clock: what it is, whose it is, when it is due and how it stands today.

    ``status`` is ``on track``, ``due soon`` (within 5 working days), ``overdue`` or ``paused``
    for an open clock, and the clock's ``state`` (``met`` or ``closed``) otherwise.
    """

    kind: DeadlineKind = Field(description="what the clock belongs to")
    aggregate_id: UUID = Field(description="the review, FOI request or SAR")
    clock_id: str = Field(
        description="the rule's id; a review's clocks kept per agency or per action add "
        "``#<agency>`` or ``#<action number>`` (``chronology-due#Health``, "
        "``action-plan-item-due#1``: the due dates the review team set)",
        examples=[
            "wales.cpr@2012/complete-within-6-months-of-referral",
            "foia",
            "uk-gdpr-sar",
            "chronology-due#Health",
            "action-plan-item-due#1",
        ],
    )
    what: str = Field(description="the rule's description")
    anchor_date: date = Field(
        description="the day the clock counts from (a request clock's latest restart), the "
        "planned date a lead-time clock counts back from, or the day a chronology was requested "
        "or an action added"
    )
    due: date | None = Field(description="null while the clock is paused")
    working_days_left: int | None = Field(
        description="working days from today to the due date (negative when overdue)"
    )
    status: str = Field(examples=["on track", "due soon", "overdue", "paused", "met"])
    paused_reason: str | None = Field(description="why the clock is stopped now")
    pauses: list[ClockPauseOut] = Field(description="every stop of the clock, oldest first")
    state: DeadlineState
    ended_on: date | None = Field(description="the day the clock was met or closed")
    calendar: str = Field(examples=["england-and-wales"])
    calendar_version: str = Field(description="the calendar data the due date was counted with")
    steps: list[DeadlineStep]


class DeadlinePage(BaseModel):
    """A page of clocks; pass ``next_cursor`` back as ``cursor`` for the next page."""

    today: date = Field(description="the day ``status`` and ``working_days_left`` count from")
    items: list[DeadlineOut]
    next_cursor: str | None
