"""Intake: agency information, the criteria, the recommendation, notices to external bodies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review.base import (
    LifecycleEvent,
    ReviewState,
    require_category,
    require_one_of,
    require_text,
    topic,
)
from domain.rules.vocabulary import RECOMMENDATION_FIELDS

RECOMMENDATIONS = ("proceed", "not-proceed")
TEMPLATE = RECOMMENDATION_FIELDS


@dataclass(frozen=True)
class ReviewOutline:
    """The initial outline of the proposed review a recommendation may carry (the Welsh Review
    Sub-Group template); a rule set's template may require some of it (`TEMPLATE` names)."""

    time_period_covered: str | None = None
    agencies_involved: tuple[str, ...] = ()
    chair_independent: bool | None = None
    core_issues: str | None = None
    reviewer: str | None = None
    costs: str | None = None
    first_panel_on: date | None = None
    expected_completion_on: date | None = None

    def fields(self) -> dict[str, Any]:
        """The outline as event fields: blank text as None, empty agency names dropped."""
        values = {name: getattr(self, name) for name in TEMPLATE}
        for name, value in values.items():
            if isinstance(value, str):
                values[name] = value.strip() or None
        values["agencies_involved"] = tuple(a.strip() for a in self.agencies_involved if a.strip())
        return values


AGREEMENT = ("unanimous", "majority")


class AgencyInformationRecorded(LifecycleEvent):
    """An agency answered a request for information."""

    TOPIC = topic("AgencyInformationRecorded")
    agency: str
    received_on: date
    content: Personal | None

    def evolve(self, review: ReviewState) -> None:
        for request in review.information_requests:
            if request["agency"] == self.agency:
                request["answered"] = True
        review.agency_information.append(
            {"agency": self.agency, "received_on": self.received_on, "content": self.content}
        )


class CriteriaAssessed(LifecycleEvent):
    """The facts of the case were assessed against the rule set's criteria."""

    TOPIC = topic("CriteriaAssessed")
    facts: dict[str, bool]
    kind: str | None
    assessed_on: date

    def evolve(self, review: ReviewState) -> None:
        review.facts = dict(self.facts)
        review.assessed_kind = self.kind


class RecommendationMade(LifecycleEvent):
    """The recommending body recommended whether (and which kind of) review to hold."""

    TOPIC = topic("RecommendationMade")
    outcome: str
    kind: str | None
    agreement: str
    rationale: str
    proposed_terms_of_reference: str | None
    alternative_approach: str | None
    recommended_by: str | None
    recommended_on: date
    # The Welsh Review Sub-Group template's outline of the proposed review (optional elsewhere).
    time_period_covered: str | None = None
    agencies_involved: tuple[str, ...] = ()
    chair_independent: bool | None = None
    core_issues: str | None = None
    reviewer: str | None = None
    costs: str | None = None
    first_panel_on: date | None = None
    expected_completion_on: date | None = None

    def evolve(self, review: ReviewState) -> None:
        fields = ("outcome", "kind", "agreement", "rationale", "recommended_by", "recommended_on")
        entry: dict[str, Any] = {name: getattr(self, name) for name in fields + TEMPLATE}
        entry["proposed_terms_of_reference"] = self.proposed_terms_of_reference
        entry["alternative_approach"] = self.alternative_approach
        entry["agencies_involved"] = list(self.agencies_involved)
        review.recommendations.append(entry)


class ExternalBodyNotified(LifecycleEvent):
    """A body (Care Inspectorate, Welsh Government, the Panel, Ofsted …) was told something."""

    TOPIC = topic("ExternalBodyNotified")
    recipient: str
    purpose: str
    channel: str
    reference: str | None
    notified_on: date

    def evolve(self, review: ReviewState) -> None:
        review.notifications.append(
            {
                "recipient": self.recipient,
                "purpose": self.purpose,
                "channel": self.channel,
                "reference": self.reference,
                "notified_on": self.notified_on,
            }
        )


class IntakeCommands(ReviewState):
    def record_agency_information(
        self, *, agency: str, received_on: date, content: Personal | None, meta: Meta
    ) -> None:
        """Record an agency's answer (rule: it was asked) → AgencyInformationRecorded.

        Raises DomainError ``review.information-not-requested``.
        """
        self._require("record_agency_information")
        if not any(r["agency"] == agency.strip() for r in self.information_requests):
            raise DomainError(
                "review.information-not-requested", "no information was requested from the agency"
            )
        require_category(content, (Category.NARRATIVE,), "the information")
        self._record(
            AgencyInformationRecorded,
            agency=agency.strip(),
            received_on=received_on,
            content=content,
            meta=meta,
        )

    def assess_criteria(self, *, facts: dict[str, bool], assessed_on: date, meta: Meta) -> None:
        """Assess the case against the criteria (rule: every criterion answered) → CriteriaAssessed.

        The kind of review follows from the rule set's review kinds. Raises DomainError
        ``review.unknown-criterion`` or ``rules.missing-fact``.
        """
        rules = self._require("assess_criteria")
        known = {c.id for c in rules.criteria}
        unknown = sorted(set(facts) - known)
        if unknown:
            raise DomainError("review.unknown-criterion", f"{unknown[0]!r} is not a criterion")
        kind = rules.kind_for(facts)
        self._record(
            CriteriaAssessed,
            facts=dict(facts),
            kind=kind.id if kind else None,
            assessed_on=assessed_on,
            meta=meta,
        )

    def make_recommendation(
        self,
        *,
        outcome: str,
        kind: str | None,
        agreement: str,
        rationale: str,
        recommended_on: date,
        meta: Meta,
        proposed_terms_of_reference: str | None = None,
        alternative_approach: str | None = None,
        outline: ReviewOutline | None = None,
    ) -> None:
        """Recommend whether to hold a review (rules: rationale given; a kind whose criteria hold
        when proceeding, with the fields of the rule set's recommendation template filled in the
        ``outline``) → RecommendationMade.

        Raises DomainError ``review.unknown-outcome``, ``review.unknown-agreement``,
        ``review.rationale-required``, ``review.kind-required``, ``review.unknown-kind``,
        ``review.kind-criteria-not-met`` or ``review.recommendation-template-incomplete``.
        """
        rules = self._require("make_recommendation")
        require_one_of(outcome, RECOMMENDATIONS, "review.unknown-outcome")
        require_one_of(agreement, AGREEMENT, "review.unknown-agreement")
        rationale = require_text(rationale, "review.rationale-required", "a rationale")
        decision = next((d for d in rules.decisions if d.subject == "hold-review"), None)
        given = (outline or ReviewOutline()).fields()
        if outcome == "proceed":
            self._check_kind(kind)
            _check_template(given, decision.recommendation_template if decision else ())
        self._record(
            RecommendationMade,
            outcome=outcome,
            kind=kind if outcome == "proceed" else None,
            agreement=agreement,
            rationale=rationale,
            proposed_terms_of_reference=proposed_terms_of_reference,
            alternative_approach=alternative_approach,
            recommended_by=decision.recommended_by if decision else None,
            recommended_on=recommended_on,
            meta=meta,
            **given,
        )

    def notify_external_body(
        self,
        *,
        recipient: str,
        purpose: str,
        channel: str,
        notified_on: date,
        meta: Meta,
        reference: str | None = None,
    ) -> None:
        """Record a notice to a body the rule set names (rule: known body, channel given)
        → ExternalBodyNotified.

        Raises DomainError ``review.unknown-body``, ``review.purpose-required`` or
        ``review.channel-required``.
        """
        rules = self._require("notify_external_body")
        if recipient not in {b.id for b in rules.bodies}:
            raise DomainError("review.unknown-body", f"{recipient!r} is not a body of the rules")
        self._record(
            ExternalBodyNotified,
            recipient=recipient,
            purpose=require_text(purpose, "review.purpose-required", "the purpose"),
            channel=require_text(channel, "review.channel-required", "the channel"),
            reference=reference,
            notified_on=notified_on,
            meta=meta,
        )


def _check_template(outline: dict[str, Any], required: tuple[str, ...]) -> None:
    """Raises DomainError ``review.recommendation-template-incomplete`` naming the first
    required field left empty."""
    missing = [name for name in required if outline[name] in (None, ())]
    if missing:
        raise DomainError(
            "review.recommendation-template-incomplete",
            f"the recommendation template needs {missing[0].replace('_', ' ')}",
        )
