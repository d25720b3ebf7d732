"""Request and response bodies of /reviews."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.dashboards import DeadlineOut
from api.schemas.review_state import ReviewStateOut
from domain.review import SUMMARY_MAX, Jurisdiction


class NotificationIn(BaseModel):
    """A notification that opens a review. The summary must not name anyone: personal data goes
    into dedicated personal fields, which are encrypted."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "jurisdiction": "wales",
                    "notifying_agency": "Gwent Police",
                    "summary": "Serious injury to a child known to three agencies.",
                    "received_on": "2026-11-02",
                }
            ]
        },
    )

    jurisdiction: Jurisdiction
    notifying_agency: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX)
    received_on: date
    review_type: str | None = Field(
        default=None,
        max_length=100,
        description="the kind of review whose rules apply (default: the jurisdiction's usual "
        "one: scotland cpc-learning-review, wales cpr, england cspr); e.g. apc-learning-review",
    )


class ReviewOut(BaseModel):
    """A review as the review_summary view holds it, with its stage (review_state view)."""

    id: UUID
    partnership_id: str
    jurisdiction: Jurisdiction
    notifying_agency: str
    summary: str
    received_on: date
    version: int
    opened_at: datetime
    updated_at: datetime
    position: int
    rule_set_id: str | None = None
    stage: str | None = None
    kind: str | None = None
    paused: bool = False


class ReviewDetailOut(ReviewOut):
    """One review: its summary, everything recorded in it (rebuilt from its events), and the
    timeline of its clocks (from the deadlines view)."""

    state: ReviewStateOut
    clocks: list[DeadlineOut] = Field(
        description="every clock of the review, open, met or closed, by the day it counts "
        "from: due date, status today, pauses with their reasons, the day it was met or "
        "closed, and the calendar version it was counted with"
    )


class ReviewPage(BaseModel):
    """One page of reviews; pass ``next_cursor`` as ``cursor`` for the next page."""

    items: list[ReviewOut]
    next_cursor: str | None
