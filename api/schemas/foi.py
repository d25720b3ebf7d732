"""Request and response bodies of /foi-requests and /exemptions."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.casework import ClockOut, Day, LongText, Text, example
from domain.exemptions import Exemption, Kind, Regime
from domain.foi import FoiRequest, FoiStatus, Outcome, ReviewOutcome
from domain.request_clock import Nation

Strict = ConfigDict(extra="forbid")


class FoiRequestIn(BaseModel):
    """A request as received. The requester's name and the request text are personal data of
    the requester (encrypted; the requester is registered as a data subject of their own)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "requester_name": "Sam Requester",
                    "request_text": "Please send the learning review report about Child B.",
                    "authority": "Newport City Council",
                    "nation": "wales",
                    "received_on": "2026-03-02",
                }
            ]
        },
    )

    requester_name: Text
    request_text: LongText
    authority: Text = Field(description="The member agency that received it (not the partnership)")
    nation: Nation = Field(description="Where the authority is: Scotland → FOISA, else FOIA")
    environmental: bool = Field(default=False, description="Environmental information → EIR")
    received_on: Day
    review_id: UUID | None = None


class AskedIn(BaseModel):
    model_config = example(asked_on="2026-03-04")
    asked_on: Day


class ReceivedIn(BaseModel):
    model_config = example(received_on="2026-03-09")
    received_on: Day


class IssuedIn(BaseModel):
    model_config = example(issued_on="2026-03-05")
    issued_on: Day


class PaidIn(BaseModel):
    model_config = example(paid_on="2026-03-12")
    paid_on: Day


class ExtensionIn(BaseModel):
    """FOIA s.10(3) public interest extension (a qualified exemption must be under
    consideration) or EIR reg 7; no ``amount`` takes the default of 20 working days."""

    model_config = example(
        notified_on="2026-03-27", reason="Considering the public interest in s.36"
    )
    notified_on: Day
    amount: int | None = Field(default=None, ge=1, le=60)
    reason: Text


class PublicInterestIn(BaseModel):
    """Which way the public interest test came out, and why."""

    model_config = Strict
    favours: Literal["maintain", "disclose"]
    reasoning: LongText


class ExemptionIn(BaseModel):
    """An exemption under consideration; qualified ones need ``public_interest``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "foia:s.36",
                    "reason": "Disclosure would inhibit the panel's free and frank deliberation",
                    "public_interest": {
                        "favours": "maintain",
                        "reasoning": "Learning is published separately; candour outweighs.",
                    },
                }
            ]
        },
    )
    code: str = Field(min_length=1, max_length=40, description="An id from GET /exemptions")
    reason: Text
    public_interest: PublicInterestIn | None = None


class ResponseIn(BaseModel):
    """The response; anything withheld names the considered exemptions it relies on."""

    model_config = example(
        outcome="disclosed-in-part", responded_on="2026-04-20", relied_on=["foia:s.40"]
    )
    outcome: Outcome
    responded_on: Day
    relied_on: list[str] = Field(default_factory=list, max_length=30)
    redaction_set_id: UUID | None = None


class InternalReviewIn(BaseModel):
    model_config = example(requested_on="2026-05-01")
    requested_on: Day


class ReviewDecisionIn(BaseModel):
    model_config = example(
        outcome="upheld", decided_on="2026-05-20", reason="Exemptions correctly applied"
    )
    outcome: ReviewOutcome
    decided_on: Day
    reason: LongText


class FoiRequestOut(BaseModel):
    """A request with its clock counted now. ``requester_name`` and ``request_text`` are shown
    to the data protection lead only (null for a governance officer)."""

    id: UUID
    version: int
    status: FoiStatus
    regime: Regime
    authority: str
    nation: Nation
    received_on: date
    review_id: UUID | None
    requester_subject_id: UUID
    requester_name: str | None
    request_text: str | None
    due: date | None = Field(description="As recorded by the last event that set it")
    calendar_version: str | None = Field(
        description="The calendar version ``due`` was counted with"
    )
    clock: ClockOut
    exemptions: list[dict[str, Any]]
    response: dict[str, Any] | None
    internal_review: dict[str, Any] | None

    @classmethod
    def of(
        cls, request: FoiRequest, clock: ClockOut, personal: bool, **extra: Any
    ) -> FoiRequestOut:
        """Shape the aggregate; personal values only when ``personal``."""
        return cls(
            id=request.id,
            version=request.version,
            status=request.status,
            regime=request.regime,
            authority=request.authority,
            nation=request.nation,
            received_on=request.received_on,
            review_id=request.review_id,
            requester_subject_id=request.requester_subject_id,
            requester_name=request.requester.display if personal else None,
            request_text=request.request_text.display if personal else None,
            due=request.due,
            calendar_version=request.calendar_version,
            clock=clock,
            exemptions=list(request.exemptions.values()),
            response=request.response,
            internal_review=extra.get("internal_review"),
        )


class ExemptionOut(BaseModel):
    """An exemption code and how it applies."""

    code: str
    regime: Regime
    label: str
    title: str
    kind: Kind
    needs_public_interest_test: bool

    @classmethod
    def of(cls, exemption: Exemption) -> ExemptionOut:
        return cls(
            code=exemption.code,
            regime=exemption.regime,
            label=exemption.label,
            title=exemption.title,
            kind=exemption.kind,
            needs_public_interest_test=exemption.needs_public_interest_test,
        )


class ExemptionsOut(BaseModel):
    items: list[ExemptionOut]
