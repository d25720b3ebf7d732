"""publications: the publications register, one row per review with its publication state.

A row opens with the review (state ``undecided``) and follows the publication decision (publish,
publish-summary or do-not-publish, with the planned date), each deferral (its reason and whether
it was lifted), the publication (report version, form, location, date, the redaction set it was
published from, and the earliest day it may be withdrawn without a court order: the rule set's
minimum display period) and the withdrawal (date and reason). The view's state column is derived
from those facts: ``withdrawn``, else ``published``, else ``deferred`` while any deferral is
unlifted, else ``decided`` once a publication decision is recorded, else ``undecided``.

Rows hold no personal data: enumerations, dates, numbers, ids, the publication's location and
the stated withdrawal reason. A deferral's free-text detail and a decision's rationale are not
copied.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from domain.review import Jurisdiction, ReviewEvent
from domain.review.base import resolve_rule_set_id

STATES = ("undecided", "decided", "deferred", "published", "withdrawn")
"""The publication states a row can be in (see the module docstring for their order)."""


class PublicationsWriter(Protocol):
    """The writes the publications view supports."""

    def opened(
        self,
        *,
        review_id: UUID,
        partnership_id: str,
        rule_set_id: str | None,
        opened_at: datetime,
        position: int,
    ) -> None: ...

    def changed(
        self, *, review_id: UUID, fields: dict[str, Any], changed_at: datetime, position: int
    ) -> None: ...

    def deferred(
        self, *, review_id: UUID, deferral: dict[str, Any], changed_at: datetime, position: int
    ) -> None: ...

    def deferral_lifted(
        self, *, review_id: UUID, number: int, lifted_on: date, changed_at: datetime, position: int
    ) -> None: ...


class PublicationsProjection:
    """Keeps each review's publication decision, deferrals, publication and withdrawal."""

    name = "publications"
    version = 1

    def apply(self, event: Any, position: int, writer: PublicationsWriter) -> None:
        """Open a row per review; record the publication facts of its later events."""
        if isinstance(event, ReviewEvent):
            _apply(event, position, writer)


def _apply(event: Any, position: int, writer: PublicationsWriter) -> None:
    name = type(event).__name__
    review_id, at = event.originator_id, event.timestamp
    if name == "NotificationReceived":
        writer.opened(
            review_id=review_id,
            partnership_id=event.partnership_id,
            rule_set_id=event.rule_set_id
            or resolve_rule_set_id(Jurisdiction(event.jurisdiction), None, event.received_on),
            opened_at=at,
            position=position,
        )
    elif name == "PublicationDeferred":
        writer.deferred(
            review_id=review_id, deferral=_deferral(event), changed_at=at, position=position
        )
    elif name == "PublicationDeferralLifted":
        writer.deferral_lifted(
            review_id=review_id,
            number=event.number,
            lifted_on=event.lifted_on,
            changed_at=at,
            position=position,
        )
    elif (fields := _fields(name, event)) is not None:
        writer.changed(review_id=review_id, fields=fields, changed_at=at, position=position)


def _deferral(event: Any) -> dict[str, Any]:
    return {
        "number": event.number,
        "reason": event.reason,
        "lifted_by_role": event.lifted_by_role,
        "deferred_on": event.deferred_on.isoformat(),
        "lifted_on": None,
    }


def _fields(name: str, event: Any) -> dict[str, Any] | None:
    """The columns a publication decision, publication or withdrawal sets (else None)."""
    if name == "DecisionRecorded" and event.subject == "publication":
        return {
            "decision": event.outcome,
            "decided_on": event.decided_on,
            "planned_on": event.planned_publication_date,
        }
    if name == "ReportPublished":
        return {
            "report_version": event.version,
            "form": event.form,
            "location": event.location,
            "published_on": event.published_on,
            "redaction_set_id": getattr(event, "redaction_set_id", None),
            "earliest_withdrawal_on": getattr(event, "display_until", None),
            "withdrawn_on": None,
            "withdrawal_reason": None,
        }
    if name == "ReportWithdrawn":
        return {"withdrawn_on": event.withdrawn_on, "withdrawal_reason": event.reason}
    return None
