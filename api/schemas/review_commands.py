"""Request bodies of the review commands: intake, decisions and commissioning.

Free-text fields that are not ``PersonalIn`` must not name or describe anyone: they are stored
in clear. Anything about a person goes into a ``PersonalIn`` (encrypted under the person's key).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.personal import Category, Personal
from domain.review.intake import ReviewOutline
from domain.review.proceedings import PAUSE_REASON_CODES

NameStr = Annotated[str, Field(min_length=1, max_length=200)]
TextStr = Annotated[str, Field(min_length=1, max_length=20_000)]


class CommandIn(BaseModel):
    model_config = ConfigDict(extra="forbid")


def example(**values: Any) -> ConfigDict:
    """The config of a command body: unknown fields refused, one example for the docs."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [values]})


class PersonalIn(CommandIn):
    """Personal data about one registered data subject (encrypted before it is stored)."""

    subject_id: UUID
    value: TextStr

    def as_personal(self, category: Category) -> Personal:
        return Personal(self.subject_id, category, self.value)


def personal(value: PersonalIn | None, category: Category) -> Personal | None:
    """``value`` as a Personal of ``category`` (None stays None)."""
    return value.as_personal(category) if value is not None else None


class InformationRequestIn(CommandIn):
    model_config = example(agency="NHS Lothian", due_on="2026-03-15", requested_on="2026-03-01")

    agency: NameStr
    due_on: date
    requested_on: date | None = Field(
        default=None,
        description="the day the request was made (the day a rule set's answer clock counts "
        "from); omitted: the day it is recorded",
    )


class AgencyInformationIn(CommandIn):
    """An agency's answer; ``content`` is narrative personal data about the subject."""

    model_config = example(
        agency="NHS Lothian",
        received_on="2026-03-10",
        content={
            "subject_id": "6b8d7a0e-7d3c-4d0c-8d7b-3a9f0e9c1a11",
            "value": "Seen at A&E twice in 2025.",
        },
    )

    agency: NameStr
    received_on: date
    content: PersonalIn | None = None


class CriteriaIn(CommandIn):
    """An answer to every criterion the review's rule set asks about (see the rule set)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "facts": {"died": True, "significantly-harmed": False},
                    "assessed_on": "2026-03-04",
                }
            ]
        },
    )

    facts: dict[str, bool] = Field(max_length=50)
    assessed_on: date


class OutlineIn(CommandIn):
    """The initial outline of the proposed review (the Welsh Review Sub-Group template); the
    rule set says which fields a recommendation to proceed must fill (all of them in Wales)."""

    time_period_covered: str | None = Field(default=None, max_length=2000)
    agencies_involved: list[NameStr] = Field(default_factory=list, max_length=50)
    chair_independent: bool | None = None
    core_issues: str | None = Field(default=None, max_length=20_000)
    reviewer: str | None = Field(default=None, max_length=2000)
    costs: str | None = Field(default=None, max_length=2000)
    first_panel_on: date | None = None
    expected_completion_on: date | None = None

    def as_outline(self) -> ReviewOutline:
        return ReviewOutline(
            **{**self.model_dump(), "agencies_involved": tuple(self.agencies_involved)}
        )


class RecommendationIn(CommandIn):
    model_config = example(
        outcome="proceed",
        kind="learning-review",
        agreement="unanimous",
        rationale="The criteria are met and several agencies were involved.",
        recommended_on="2026-03-21",
        proposed_terms_of_reference="How agencies shared information.",
    )

    outcome: Literal["proceed", "not-proceed"]
    kind: str | None = Field(default=None, max_length=100, description="a review kind of the rules")
    agreement: Literal["unanimous", "majority"]
    rationale: TextStr
    recommended_on: date
    proposed_terms_of_reference: str | None = Field(default=None, max_length=20_000)
    alternative_approach: str | None = Field(default=None, max_length=20_000)
    outline: OutlineIn | None = None


class DecisionIn(CommandIn):
    """A decision by the body the rule set names (``subject``: hold-review, publication,
    chronology-period, terms-of-reference, accept-report, action-plan)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "subject": "hold-review",
                    "outcome": "proceed",
                    "response": "agree",
                    "decision_makers": ["cpc-chair", "cpc-vice-chair"],
                    "rationale": "The criteria are met and agencies' roles need examining.",
                    "decided_on": "2026-03-25",
                }
            ]
        },
    )

    subject: str = Field(min_length=1, max_length=50)
    outcome: str = Field(min_length=1, max_length=50)
    decision_makers: list[str] = Field(min_length=1, max_length=50)
    rationale: TextStr
    decided_on: date
    response: Literal["agree", "agree-with-amendments", "disagree"] | None = None
    dissent: list[str] = Field(default_factory=list, max_length=50)
    kind: str | None = Field(default=None, max_length=100)
    amendments: str | None = Field(default=None, max_length=20_000)
    planned_publication_date: date | None = None
    chronology_months: int | None = Field(default=None, ge=1, le=240)
    exceptional_circumstances: str | None = Field(default=None, max_length=20_000)


class NoticeIn(CommandIn):
    """A notice to a body of the rule set (e.g. ``care-inspectorate``, ``welsh-government``)."""

    model_config = example(
        recipient="care-inspectorate",
        purpose="decision",
        channel="eForm",
        notified_on="2026-03-26",
        reference="CI-2026-114",
    )

    recipient: str = Field(min_length=1, max_length=100)
    purpose: str = Field(min_length=1, max_length=100)
    channel: NameStr
    notified_on: date
    reference: str | None = Field(default=None, max_length=200)


class TermsOfReferenceIn(CommandIn):
    model_config = example(
        text="Review how agencies shared information in 2025.", drafted_on="2026-03-27"
    )

    text: TextStr
    drafted_on: date


class AmendmentIn(CommandIn):
    model_config = example(
        text="Review how agencies, including the school, shared information.",
        reason="The school's role emerged.",
        amended_on="2026-03-28",
    )

    text: TextStr
    reason: TextStr
    amended_on: date


class AgreementIn(CommandIn):
    model_config = example(agreed_on="2026-04-02")

    agreed_on: date


class AppointmentIn(CommandIn):
    """A team member (a registered data subject); the statement of independence is theirs."""

    model_config = example(
        member="0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c",
        role="reviewer",
        agency="Independent",
        external=True,
        appointed_on="2026-03-29",
        independence_statement="I had no involvement in the case.",
    )

    member: UUID
    role: Literal["chair", "reviewer", "panel-member", "administrator"]
    agency: NameStr
    external: bool = False
    appointed_on: date
    independence_statement: str | None = Field(default=None, min_length=1, max_length=20_000)

    def statement(self) -> Personal | None:
        text = self.independence_statement
        return Personal(self.member, Category.NARRATIVE, text) if text else None


class StandDownIn(CommandIn):
    model_config = example(
        member="0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c",
        role="reviewer",
        reason="Conflict of interest found.",
        stood_down_on="2026-05-01",
    )

    member: UUID
    role: str = Field(min_length=1, max_length=50)
    reason: TextStr
    stood_down_on: date


class MeetingIn(CommandIn):
    model_config = example(
        held_on="2026-04-03",
        attendees=["0f5c2a9e-1b7d-4e3a-9c8b-2d4e6f8a0b1c"],
        minutes_ref="minutes-1",
    )

    held_on: date
    attendees: list[UUID] = Field(min_length=1, max_length=100)
    minutes_ref: str | None = Field(default=None, max_length=200)


class ProceedingsIn(CommandIn):
    """Proceedings alongside the review; ``details`` are criminal-offence personal data."""

    model_config = example(
        kind="criminal",
        body="COPFS",
        recorded_on="2026-03-05",
        details={
            "subject_id": "6b8d7a0e-7d3c-4d0c-8d7b-3a9f0e9c1a11",
            "value": "A relative has been charged.",
        },
    )

    kind: Literal["criminal", "fatal-accident-inquiry", "inquest", "childrens-hearing"]
    body: NameStr
    recorded_on: date
    details: PersonalIn | None = None


class ConclusionIn(CommandIn):
    model_config = example(outcome="Trial concluded.", concluded_on="2026-09-01")

    outcome: TextStr
    concluded_on: date


class PauseIn(CommandIn):
    model_config = example(
        reason="COPFS asked the review to wait for the trial.", paused_on="2026-03-05"
    )

    reason: str = Field(
        min_length=1,
        max_length=2000,
        examples=["publication-delayed"],
        description="why the review is on hold; one of the codes "
        f"({', '.join(PAUSE_REASON_CODES)}) is shown on the deadline dashboard, any other "
        "text only in the review and its decision trail",
    )
    paused_on: date


class ResumptionIn(CommandIn):
    model_config = example(resumed_on="2026-09-02")

    resumed_on: date
