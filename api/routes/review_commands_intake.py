"""Review commands before commissioning: information, criteria, recommendation, decisions,
notices to other bodies."""

from __future__ import annotations

from fastapi import APIRouter

from api.routes.review_commands import COMMAND_RESPONSES, ReviewCommandDep
from api.schemas.common import CommandAccepted
from api.schemas.review_commands import (
    AgencyInformationIn,
    CriteriaIn,
    DecisionIn,
    InformationRequestIn,
    NoticeIn,
    RecommendationIn,
    personal,
)
from domain.personal import Category

router = APIRouter(prefix="/reviews/{review_id}", tags=["review intake and decisions"])


@router.post(
    "/information-requests", operation_id="requestInformation", responses=COMMAND_RESPONSES
)
def request_information(body: InformationRequestIn, command: ReviewCommandDep) -> CommandAccepted:
    """Ask an agency for information about the case."""
    return command.run(
        command.app.request_information,
        agency=body.agency,
        due_on=body.due_on,
        requested_on=body.requested_on,
        meta=command.meta(),
    )


@router.post(
    "/agency-information", operation_id="recordAgencyInformation", responses=COMMAND_RESPONSES
)
def record_agency_information(
    body: AgencyInformationIn, command: ReviewCommandDep
) -> CommandAccepted:
    """Record an agency's answer to a request for information."""
    return command.run(
        command.app.record_agency_information,
        agency=body.agency,
        received_on=body.received_on,
        content=personal(body.content, Category.NARRATIVE),
        meta=command.meta(),
    )


@router.post("/criteria-assessments", operation_id="assessCriteria", responses=COMMAND_RESPONSES)
def assess_criteria(body: CriteriaIn, command: ReviewCommandDep) -> CommandAccepted:
    """Assess the case against the rule set's criteria (this settles the kind of review)."""
    return command.run(
        command.app.assess_criteria,
        facts=body.facts,
        assessed_on=body.assessed_on,
        meta=command.meta(),
    )


@router.post("/recommendations", operation_id="makeRecommendation", responses=COMMAND_RESPONSES)
def make_recommendation(body: RecommendationIn, command: ReviewCommandDep) -> CommandAccepted:
    """Recommend whether to hold a review, and which kind (with the outline the rules ask for)."""
    return command.run(
        command.app.make_recommendation,
        outcome=body.outcome,
        kind=body.kind,
        agreement=body.agreement,
        rationale=body.rationale,
        recommended_on=body.recommended_on,
        proposed_terms_of_reference=body.proposed_terms_of_reference,
        alternative_approach=body.alternative_approach,
        outline=body.outline.as_outline() if body.outline else None,
        meta=command.meta(body.rationale),
    )


@router.post("/decisions", operation_id="recordDecision", responses=COMMAND_RESPONSES)
def record_decision(body: DecisionIn, command: ReviewCommandDep) -> CommandAccepted:
    """Record a decision by the body the rule set names, with its rationale and any dissent."""
    return command.run(
        command.app.record_decision,
        subject=body.subject,
        outcome=body.outcome,
        decision_makers=body.decision_makers,
        rationale=body.rationale,
        decided_on=body.decided_on,
        response=body.response,
        dissent=body.dissent,
        kind=body.kind,
        amendments=body.amendments,
        planned_publication_date=body.planned_publication_date,
        chronology_months=body.chronology_months,
        exceptional_circumstances=body.exceptional_circumstances,
        meta=command.meta(body.rationale),
    )


@router.post("/notices", operation_id="notifyExternalBody", responses=COMMAND_RESPONSES)
def notify_external_body(body: NoticeIn, command: ReviewCommandDep) -> CommandAccepted:
    """Record a notice given to another body (Care Inspectorate, Welsh Government, the Panel …)."""
    return command.run(
        command.app.notify_external_body,
        recipient=body.recipient,
        purpose=body.purpose,
        channel=body.channel,
        notified_on=body.notified_on,
        reference=body.reference,
        meta=command.meta(),
    )
