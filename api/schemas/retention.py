"""Request and response bodies of /retention."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.casework import Day, Text, example
from domain.personal import Category
from domain.retention import Action, Disposition, HoldType, LegalHold, Schedule


class ScheduleOut(BaseModel):
    """A record class's retention rule; ``months`` null means kept permanently."""

    record_class: str
    description: str
    triggers: list[str]
    months: int | None
    action: Action
    categories: list[Category]
    source: str
    verified: bool

    @classmethod
    def of(cls, schedule: Schedule) -> ScheduleOut:
        return cls(
            record_class=schedule.record_class,
            description=schedule.description,
            triggers=list(schedule.triggers),
            months=schedule.months,
            action=schedule.action,
            categories=list(schedule.categories),
            source=schedule.source,
            verified=schedule.verified,
        )


class SchedulesOut(BaseModel):
    version: str
    items: list[ScheduleOut]


class DueRecord(BaseModel):
    """A record whose retention period has ended; ``held`` when a legal hold covers any of its
    subjects (it cannot be disposed of until every such hold is released)."""

    record_id: UUID
    record_class: str
    action: Action
    triggered_on: date
    due_on: date
    subjects: int
    held: bool

    @classmethod
    def of(cls, row: dict[str, Any]) -> DueRecord:
        return cls(subjects=len(row["subject_ids"]), **row)


class DuePage(BaseModel):
    items: list[DueRecord]
    next_cursor: str | None


class DispositionIn(BaseModel):
    """Due records of one class to dispose of. For a class whose schedule says ``review``,
    choose ``anonymise`` or ``erase-category`` (with ``categories``)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "record_class": "foi-request",
                    "record_ids": ["0f6e2b8a-7c51-4c57-9a53-3f4c6f3d2e10"],
                    "action": "anonymise",
                }
            ]
        },
    )
    record_class: str = Field(min_length=1, max_length=100)
    record_ids: list[UUID] = Field(min_length=1, max_length=500)
    action: Action
    categories: list[Category] = Field(default_factory=list, max_length=10)
    as_of: Day | None = Field(default=None, description="Default: today")


class ReasonIn(BaseModel):
    model_config = example(reason="Proceedings concluded; CPS confirmed no retrial")
    reason: Text


class ExecutionIn(BaseModel):
    model_config = example(carried_out_on="2029-05-02")
    carried_out_on: Day


class DispositionOut(BaseModel):
    """A disposition and, once carried out, its proof of disposal (no content)."""

    id: UUID
    version: int
    status: str
    record_class: str
    schedule_version: str
    record_ids: list[UUID]
    subjects: int
    action: Action
    categories: list[Category]
    as_of: date
    proposed_by: str
    decision: dict[str, Any] | None
    proof: dict[str, Any] | None

    @classmethod
    def of(cls, disposition: Disposition) -> DispositionOut:
        return cls(
            id=disposition.id,
            version=disposition.version,
            status=disposition.status.value,
            record_class=disposition.record_class,
            schedule_version=disposition.schedule_version,
            record_ids=disposition.record_ids,
            subjects=len(disposition.subject_ids),
            action=disposition.action,
            categories=disposition.categories,
            as_of=disposition.as_of,
            proposed_by=disposition.proposed_by,
            decision=disposition.decision,
            proof=disposition.proof,
        )


class HoldIn(BaseModel):
    """A named, typed legal hold over data subjects; reasons must not name anyone."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Operation Elm",
                    "hold_type": "criminal-proceedings",
                    "reason": "CPS liaison protocol: proceedings pending",
                    "owner": "dp-lead-1",
                    "subject_ids": ["6a0f4c1e-8a1b-4f5e-9d3c-2b7e1f0a9c11"],
                }
            ]
        },
    )
    name: Text
    hold_type: HoldType
    reason: Text
    owner: Text
    subject_ids: list[UUID] = Field(min_length=1, max_length=500)


class SubjectsIn(BaseModel):
    model_config = example(subject_ids=["6a0f4c1e-8a1b-4f5e-9d3c-2b7e1f0a9c11"])
    subject_ids: list[UUID] = Field(min_length=1, max_length=500)


class HoldOut(BaseModel):
    id: UUID
    version: int
    name: str
    hold_type: HoldType
    reason: str
    owner: str
    subject_ids: list[UUID]
    active: bool
    released: dict[str, str] | None

    @classmethod
    def of(cls, hold: LegalHold) -> HoldOut:
        return cls(
            id=hold.id,
            version=hold.version,
            name=hold.name,
            hold_type=hold.hold_type,
            reason=hold.reason,
            owner=hold.owner,
            subject_ids=sorted(hold.subject_ids),
            active=hold.released is None,
            released=hold.released,
        )
