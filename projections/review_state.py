"""review_state: where each review stands (stage, kind, rule set, pause) for lists and filters.

The view holds no personal value. It keeps the review's non-personal status: the columns lists
filter on, and a small JSON document of milestones (versions agreed, report accepted, publication,
closure) plus the day each stage was entered. The full state of one review, with its personal
fields decrypted, is rebuilt from the event store at read time (``GET /reviews/{id}``): personal
data then never leaves the encrypted log, and erasure needs no rebuild here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.review import Jurisdiction, LifecycleEvent, Review
from domain.review.base import resolve_rule_set_id
from domain.rules import load_rule_set


class ReviewStateWriter(Protocol):
    """The writes the review_state view supports."""

    def review_opened(
        self,
        *,
        review_id: UUID,
        partnership_id: str,
        jurisdiction: str,
        rule_set_id: str | None,
        stage: str | None,
        opened_at: datetime,
        position: int,
    ) -> None: ...

    def review_changed(
        self,
        *,
        review_id: UUID,
        version: int,
        event: str,
        stage: str | None,
        milestones: dict[str, Any],
        changed_at: datetime,
        position: int,
    ) -> None: ...


class ReviewStateProjection:
    """One row per review: its stage after every event, and its non-personal milestones."""

    name = "review_state"
    version = 1

    def apply(self, event: Any, position: int, writer: ReviewStateWriter) -> None:
        if isinstance(event, Review.NotificationReceived):  # type: ignore[attr-defined]
            rule_set_id = event.rule_set_id or resolve_rule_set_id(
                Jurisdiction(event.jurisdiction), None, event.received_on
            )
            writer.review_opened(
                review_id=event.originator_id,
                partnership_id=event.partnership_id,
                jurisdiction=str(event.jurisdiction),
                rule_set_id=rule_set_id,
                stage=load_rule_set(rule_set_id).first_stage.id if rule_set_id else None,
                opened_at=event.timestamp,
                position=position,
            )
        elif isinstance(event, LifecycleEvent):
            _changed(event, position, writer, event.stage, milestones(event))
        elif isinstance(event, Review.Event):
            _changed(event, position, writer, None, {})


def _changed(
    event: Any,
    position: int,
    writer: ReviewStateWriter,
    stage: str | None,
    settled: dict[str, Any],
) -> None:
    writer.review_changed(
        review_id=event.originator_id,
        version=event.originator_version,
        event=type(event).__name__,
        stage=stage,
        milestones=settled,
        changed_at=event.timestamp,
        position=position,
    )


def milestones(event: Any) -> dict[str, Any]:
    """The non-personal facts an event settles (enumerations, numbers and dates only)."""
    name = type(event).__name__
    if name == "CriteriaAssessed":
        return {"assessed_kind": event.kind}
    if name == "DecisionRecorded":
        return _decision(event)
    if name in ("ReviewPaused", "ReviewResumed"):
        return {"paused": name == "ReviewPaused"}
    found = _MILESTONES.get(name)
    if found is None:
        return {}
    key, attribute = found
    return {key: _plain(getattr(event, attribute))}


def _decision(event: Any) -> dict[str, Any]:
    if event.subject == "hold-review":
        return {"decision": event.outcome, "kind": event.kind}
    if event.subject == "publication":
        return {
            "publication_decision": event.outcome,
            "planned_publication_date": _plain(event.planned_publication_date),
        }
    return {}


_MILESTONES: dict[str, tuple[str, str]] = {
    "RecommendationMade": ("recommendation", "outcome"),
    "TermsOfReferenceAgreed": ("terms_of_reference_version", "version"),
    "ChronologiesMerged": ("timeline_version", "version"),
    "ReportDrafted": ("report_version", "version"),
    "ReportAccepted": ("report_accepted_on", "accepted_on"),
    "ReportPublished": ("published_on", "published_on"),
    "ReportWithdrawn": ("withdrawn_on", "withdrawn_on"),
    "ActionPlanItemAdded": ("actions", "number"),
    "ReviewClosed": ("closed_on", "closed_on"),
}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
