"""review_summary: one row per review for lists and the review page header."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.review import Review
from domain.review.team import TeamMemberAppointed, TeamMemberStoodDown


class ReviewSummaryWriter(Protocol):
    """The writes the review_summary view supports."""

    def review_opened(
        self,
        *,
        review_id: UUID,
        partnership_id: str,
        jurisdiction: str,
        notifying_agency: str,
        summary: str,
        received_on: date,
        opened_at: datetime,
        position: int,
        notifier: str,
    ) -> None:
        """The review's row, and its notifier as a member of it."""
        ...

    def review_changed(
        self, *, review_id: UUID, version: int, changed_at: datetime, position: int
    ) -> None: ...

    def member_joined(self, *, review_id: UUID, user_id: str, role: str) -> None: ...

    def member_left(self, *, review_id: UUID, user_id: str, role: str) -> None: ...


NOTIFIER = "notifier"
"""The member row of whoever recorded a review's notification."""


class ReviewSummaryProjection:
    """Keeps one summary row per review, its version and the last event's log position, and who
    is on it (its notifier and serving team members, by user id)."""

    name = "review_summary"
    version = 2

    def apply(self, event: Any, position: int, writer: ReviewSummaryWriter) -> None:
        if isinstance(event, Review.NotificationReceived):  # type: ignore[attr-defined]
            writer.review_opened(
                review_id=event.originator_id,
                partnership_id=event.partnership_id,
                jurisdiction=str(event.jurisdiction),
                notifying_agency=event.notifying_agency,
                summary=event.summary,
                received_on=event.received_on,
                opened_at=event.timestamp,
                position=position,
                notifier=event.meta.actor_id,
            )
        elif isinstance(event, Review.Event):
            writer.review_changed(
                review_id=event.originator_id,
                version=event.originator_version,
                changed_at=event.timestamp,
                position=position,
            )
            _members(event, writer)


def _members(event: Any, writer: ReviewSummaryWriter) -> None:
    if isinstance(event, TeamMemberAppointed):
        writer.member_joined(
            review_id=event.originator_id, user_id=str(event.member), role=event.role
        )
    elif isinstance(event, TeamMemberStoodDown):
        writer.member_left(
            review_id=event.originator_id, user_id=str(event.member), role=event.role
        )
