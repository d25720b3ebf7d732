"""Request and response bodies of /reviews."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

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


class ReviewOut(BaseModel):
    """A review as the review_summary view holds it."""

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


class ReviewPage(BaseModel):
    """One page of reviews; pass ``next_cursor`` as ``cursor`` for the next page."""

    items: list[ReviewOut]
    next_cursor: str | None
