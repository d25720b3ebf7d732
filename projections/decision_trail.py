"""decision_trail: who decided what about a review, in what role, when, how and why.

One row per decision-relevant event (recommendations, decisions, terms-of-reference versions and
their agreement, appointments, notices to external bodies, publication with the redaction set it
was published from, deferrals and clearances of publication, pauses, closure), keyed
by its log position so each row can be proved against the signed audit log. The row keeps the
event's non-personal fields as a JSON summary. A field holding a ``Personal`` (an independence
statement, say) is kept as a reference only (its JSON-pointer path, subject and category): the
API reads the value back from the event store for callers entitled to it, so personal data never
leaves the encrypted log and erasure needs no rebuild here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.personal import personal_fields

FIELDS: dict[str, tuple[str, ...]] = {
    "RecommendationMade": (
        "outcome",
        "kind",
        "agreement",
        "rationale",
        "alternative_approach",
        "recommended_by",
        "recommended_on",
    ),
    "DecisionRecorded": (
        "subject",
        "outcome",
        "response",
        "made_by",
        "decision_makers",
        "dissent",
        "rationale",
        "decided_on",
        "kind",
        "amendments",
        "planned_publication_date",
        "chronology_months",
    ),
    "TermsOfReferenceDrafted": ("version", "drafted_on"),
    "TermsOfReferenceAmended": ("version", "reason", "amended_on"),
    "TermsOfReferenceAgreed": ("version", "agreed_by", "agreed_on"),
    "TeamMemberAppointed": (
        "member",
        "role",
        "agency",
        "external",
        "independence_statement",
        "appointed_on",
    ),
    "TeamMemberStoodDown": ("member", "role", "reason", "stood_down_on"),
    "ExternalBodyNotified": ("recipient", "purpose", "channel", "reference", "notified_on"),
    "ReportAccepted": ("version", "body", "accepted_on"),
    "ReportPublished": (
        "version",
        "form",
        "location",
        "published_on",
        "redaction_set_id",
        "display_until",
    ),
    "PublicationDeferred": ("number", "reason", "detail", "lifted_by_role", "deferred_on"),
    "PublicationDeferralLifted": ("number", "lifted_on"),
    "PublicationCleared": ("number", "reference", "cleared_on"),
    "ReportWithdrawn": ("reason", "withdrawn_on"),
    "ReviewPaused": ("reason", "paused_on"),
    "ReviewResumed": ("resumed_on",),
    "ReviewClosed": ("reason", "closed_on"),
}
"""The events on the trail and the fields each contributes (terms-of-reference text is the
document itself, not a decision about it, so only its version is kept)."""


class DecisionTrailWriter(Protocol):
    """The writes the decision_trail view supports."""

    def recorded(
        self,
        *,
        position: int,
        review_id: UUID,
        partnership_id: str,
        event_type: str,
        actor_id: str,
        actor_role: str,
        recorded_at: datetime,
        summary: dict[str, Any],
        personal: list[dict[str, str]],
    ) -> None: ...


class DecisionTrailProjection:
    """One row per decision-relevant review event: actor, role, time, summary, personal refs."""

    name = "decision_trail"
    version = 2  # 2: publication deferrals and clearances; the redaction set published from

    def apply(self, event: Any, position: int, writer: DecisionTrailWriter) -> None:
        fields, meta = FIELDS.get(type(event).__name__), getattr(event, "meta", None)
        if fields is None or meta is None:
            return
        summary, personal = summarise(event, fields)
        writer.recorded(
            position=position,
            review_id=event.originator_id,
            partnership_id=meta.partnership_id,
            event_type=type(event).__name__,
            actor_id=meta.actor_id,
            actor_role=meta.actor_role,
            recorded_at=event.timestamp,
            summary=summary,
            personal=personal,
        )


def summarise(event: Any, fields: tuple[str, ...]) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The event's non-personal ``fields`` as JSON values, and a reference to each personal one.

    A field holding any ``Personal`` is left out of the summary; ``<field>_given`` says whether
    it held something, and each ``Personal`` inside it becomes a reference."""
    summary: dict[str, Any] = {}
    personal: list[dict[str, str]] = []
    for name in fields:
        value = getattr(event, name)
        found = list(personal_fields(value, f"/{name}"))
        if found:
            summary[f"{name}_given"] = True
            personal += [
                {"field": path, "subject_id": str(p.subject_id), "category": p.category.value}
                for path, p in found
            ]
        else:
            summary[name] = plain(value)
    return {**summary, **_derived(event)}, personal


def _derived(event: Any) -> dict[str, Any]:
    name = type(event).__name__
    if name == "DecisionRecorded":
        # Dissent recorded means the body decided by majority.
        return {"method": "majority" if event.dissent else "unanimous"}
    if name == "TeamMemberAppointed":
        return {"independence_statement_given": event.independence_statement is not None}
    return {}


def plain(value: Any) -> Any:
    """``value`` as JSON: dates as ISO text, ids as text, containers element by element."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value
