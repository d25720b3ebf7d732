"""Request and response bodies of /sars."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.casework import ClockOut, Day, Text, example
from domain.request_clock import Nation
from domain.sar import ExemptionScope, SarStatus, SubjectAccessRequest

Strict = ConfigDict(extra="forbid")


class SarIn(BaseModel):
    """A subject access request as received. The requester is registered as a data subject of
    their own; ``data_subject_id`` is the registered person whose data is asked for."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "requester_name": "Pat Parent",
                    "data_subject_id": "6a0f4c1e-8a1b-4f5e-9d3c-2b7e1f0a9c11",
                    "relationship": "mother, with parental responsibility",
                    "nation": "wales",
                    "received_on": "2026-01-30",
                }
            ]
        },
    )

    requester_name: Text
    data_subject_id: UUID
    relationship: Text = Field(description="How the requester relates to the data subject")
    nation: Nation = Field(description="Where the controller is: decides the working-day calendar")
    received_on: Day


class VerificationIn(BaseModel):
    """The identity (and authority to act) check; the month runs from the later of receipt and
    this day."""

    model_config = example(
        verified_on="2026-02-02", method="Passport and proof of parental responsibility"
    )
    verified_on: Day
    method: Text


class SarExtensionIn(BaseModel):
    """Up to two further months, notified with reasons within the first month."""

    model_config = example(notified_on="2026-02-20", reason="Records held by four agencies")
    notified_on: Day
    amount: int | None = Field(default=None, ge=1, le=2)
    reason: Text


class CompilationIn(BaseModel):
    model_config = example(compiled_on="2026-02-25")
    compiled_on: Day


class FieldRef(BaseModel):
    """One field of the compiled export: its log position and JSON pointer in ``data``."""

    model_config = Strict
    position: int = Field(ge=1)
    path: str = Field(min_length=1, max_length=500, pattern=r"^/")


class SarExemptionIn(BaseModel):
    """A DPA 2018 exemption: ``third-party`` (Sch. 2 para 16, every third party's data) or named
    ``fields`` of the export (e.g. Sch. 3 Pt 3 serious harm)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "dpa:Sch.2 para 16",
                    "scope": "third-party",
                    "reason": "Siblings' and professionals' data; no consent, not reasonable",
                }
            ]
        },
    )
    code: str = Field(min_length=1, max_length=40)
    scope: ExemptionScope
    fields: list[FieldRef] = Field(default_factory=list, max_length=500)
    reason: Text


class SarResponseIn(BaseModel):
    model_config = example(responded_on="2026-03-02")
    responded_on: Day


class SarOut(BaseModel):
    """A request with its clock counted now; ``requester_name`` for the data protection lead
    only."""

    id: UUID
    version: int
    status: SarStatus
    data_subject_id: UUID
    requester_subject_id: UUID
    requester_name: str | None
    relationship: str
    nation: Nation
    received_on: date
    verified_on: date | None
    due: date | None = Field(description="As recorded by the last event that set it")
    calendar_version: str | None
    clock: ClockOut
    compiled: dict[str, Any] | None
    exemptions: list[dict[str, Any]]
    response: dict[str, Any] | None

    @classmethod
    def of(cls, sar: SubjectAccessRequest, clock: ClockOut, personal: bool) -> SarOut:
        """Shape the aggregate; the compiled export as counts, not positions."""
        compiled = None
        if sar.compiled is not None:
            compiled = {
                "records": len(sar.compiled["positions"]),
                "third_party_values": sar.compiled["third_party_values"],
                "compiled_on": sar.compiled["compiled_on"],
            }
        return cls(
            id=sar.id,
            version=sar.version,
            status=sar.status,
            data_subject_id=sar.data_subject_id,
            requester_subject_id=sar.requester_subject_id,
            requester_name=sar.requester.display if personal else None,
            relationship=sar.relationship,
            nation=sar.nation,
            received_on=sar.received_on,
            verified_on=sar.verified_on,
            due=sar.due,
            calendar_version=sar.calendar_version,
            clock=clock,
            compiled=compiled,
            exemptions=sar.exemptions,
            response=sar.response,
        )
