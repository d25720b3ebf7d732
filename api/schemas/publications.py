"""Response bodies of GET /publications: the publications register (no personal data)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

PublicationState = Literal["undecided", "decided", "deferred", "published", "withdrawn"]


class PublicationDecisionOut(BaseModel):
    """The latest publication decision."""

    outcome: Literal["publish", "publish-summary", "do-not-publish"]
    decided_on: date
    planned_on: date | None = Field(description="The planned publication date, if decided")


class DeferralOut(BaseModel):
    """A deferral: why, who may lift it, and whether it was lifted (``lifted_on``)."""

    number: int
    reason: str
    lifted_by_role: str
    deferred_on: date
    lifted_on: date | None


class PublishedOut(BaseModel):
    """The report as published."""

    report_version: int
    form: Literal["full", "summary"]
    location: str
    published_on: date
    redaction_set_id: UUID | None = Field(
        description="The applied redaction set it was published from (null before it was recorded)"
    )
    earliest_withdrawal_on: date | None = Field(
        description="The end of the rule set's minimum display period: withdrawing earlier "
        "needs a court order (null when the rule set sets none)"
    )


class WithdrawnOut(BaseModel):
    withdrawn_on: date
    reason: str


class PublicationEntry(BaseModel):
    """One review's publication state."""

    review_id: UUID
    rule_set_id: str | None
    state: PublicationState
    decision: PublicationDecisionOut | None
    deferrals: list[DeferralOut]
    published: PublishedOut | None
    withdrawn: WithdrawnOut | None
    opened_at: datetime
    updated_at: datetime
    position: int

    @classmethod
    def of(cls, row: dict[str, Any]) -> PublicationEntry:
        """A publications row."""
        decision = (
            PublicationDecisionOut(
                outcome=row["decision"], decided_on=row["decided_on"], planned_on=row["planned_on"]
            )
            if row["decision"]
            else None
        )
        withdrawn = (
            WithdrawnOut(withdrawn_on=row["withdrawn_on"], reason=row["withdrawal_reason"])
            if row["withdrawn_on"]
            else None
        )
        return cls(
            review_id=row["review_id"],
            rule_set_id=row["rule_set_id"],
            state=row["state"],
            decision=decision,
            deferrals=[DeferralOut(**d) for d in row["deferrals"]],
            published=PublishedOut.model_validate(row) if row["published_on"] else None,
            withdrawn=withdrawn,
            opened_at=row["opened_at"],
            updated_at=row["updated_at"],
            position=row["last_position"],
        )


class PublicationPage(BaseModel):
    """One page of the register; pass ``next_cursor`` as ``cursor`` for the next page."""

    items: list[PublicationEntry]
    next_cursor: str | None
