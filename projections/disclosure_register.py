"""disclosure_register: one row per FOI request, SAR, redaction set, legal hold and disposition,
for the data protection lead's lists and deadline dashboards.

Rows hold no personal data: status, dates, the due date with its calendar version, and a few
non-personal details (regime, receiving authority, record class, counts).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.foi import FoiRequest
from domain.redaction import RedactionSet
from domain.retention import Disposition, LegalHold
from domain.sar import SubjectAccessRequest

KINDS: dict[type, str] = {
    FoiRequest: "foi-request",
    SubjectAccessRequest: "sar",
    RedactionSet: "redaction-set",
    LegalHold: "legal-hold",
    Disposition: "disposition",
}
STATUS_AFTER = {
    "FoiRequestReceived": "open",
    "ClarificationAsked": "awaiting-clarification",
    "ClarificationReceived": "open",
    "FeesNoticeIssued": "awaiting-fee",
    "FeePaid": "open",
    "FoiResponded": "responded",
    "InternalReviewRequested": "under-internal-review",
    "InternalReviewDecided": "reviewed",
    "SarReceived": "awaiting-identity",
    "IdentityVerified": "open",
    "SarCompiled": "compiled",
    "SarResponded": "responded",
    "RedactionSetOpened": "open",
    "RedactionSetApplied": "applied",
    "LegalHoldPlaced": "active",
    "LegalHoldReleased": "released",
    "DispositionProposed": "proposed",
    "DispositionApproved": "approved",
    "DispositionRejected": "rejected",
    "DispositionCarriedOut": "carried-out",
}


class DisclosureRegisterWriter(Protocol):
    """The writes the disclosure_register view supports."""

    def opened(self, *, row: dict[str, Any]) -> None: ...

    def changed(
        self,
        *,
        record_id: UUID,
        status: str | None,
        due: tuple[date | None, str | None] | None,
        detail: dict[str, Any],
        version: int,
        changed_at: datetime,
        position: int,
    ) -> None: ...


def _kind(event: Any) -> str | None:
    for aggregate, kind in KINDS.items():
        if isinstance(event, aggregate.Event):  # type: ignore[attr-defined]
            return kind
    return None


def _opening(name: str, event: Any) -> dict[str, Any] | None:
    """The non-personal details of a creation event, or None for any other event."""
    if name == "FoiRequestReceived":
        return {"regime": event.regime, "authority": event.authority, "nation": event.nation}
    if name == "SarReceived":
        return {"data_subject_id": str(event.data_subject_id), "nation": event.nation}
    if name == "RedactionSetOpened":
        return {"document_kind": event.document_kind, "version_label": event.version_label}
    if name == "LegalHoldPlaced":
        return {
            "name": event.name,
            "hold_type": event.hold_type,
            "subjects": len(event.subject_ids),
        }
    if name == "DispositionProposed":
        return {
            "record_class": event.record_class,
            "action": event.action,
            "records": len(event.record_ids),
            "subjects": len(event.subject_ids),
        }
    return None


def _detail(name: str, event: Any) -> dict[str, Any]:
    """Details a later event adds to the row."""
    if name == "FoiResponded":
        return {"outcome": event.outcome, "on_time": event.on_time}
    if name == "SarResponded":
        return {"on_time": event.on_time}
    if name == "RedactionSetApplied":
        return {"redactions": event.redactions, "codes": list(event.codes)}
    if name == "DispositionCarriedOut":
        return {"erasures": event.erasures, "carried_out_on": event.carried_out_on.isoformat()}
    return {}


class DisclosureRegisterProjection:
    """Keeps one row per information-rights case, its status and its current due date."""

    name = "disclosure_register"
    version = 1

    def apply(self, event: Any, position: int, writer: DisclosureRegisterWriter) -> None:
        """Open a row on a creation event; update status, due date and details on the others."""
        kind = _kind(event)
        if kind is None:
            return
        name = type(event).__name__
        opening = _opening(name, event)
        if opening is not None:
            writer.opened(row=_row(kind, name, event, opening, position))
            return
        due = (event.due, event.calendar_version) if hasattr(event, "due") else None
        writer.changed(
            record_id=event.originator_id,
            status=STATUS_AFTER.get(name),
            due=due,
            detail=_detail(name, event),
            version=event.originator_version,
            changed_at=event.timestamp,
            position=position,
        )


def _row(kind: str, name: str, event: Any, detail: dict[str, Any], position: int) -> dict[str, Any]:
    return {
        "record_id": event.originator_id,
        "kind": kind,
        "partnership_id": event.meta.partnership_id,
        "status": STATUS_AFTER[name],
        "received_on": getattr(event, "received_on", None),
        "due_on": getattr(event, "due", None),
        "calendar_version": getattr(event, "calendar_version", None),
        "detail": detail,
        "version": event.originator_version,
        "opened_at": event.timestamp,
        "position": position,
    }
