"""The Review aggregate: one multi-agency learning review, from notification to closure."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.meta import Meta

SUMMARY_MAX = 4000


class Jurisdiction(StrEnum):
    SCOTLAND = "scotland"
    WALES = "wales"
    ENGLAND = "england"


def _topic(name: str) -> str:
    # Pinned topics: renaming a module or class must never break the stored history.
    return f"reviewtrail.Review.{name}"


class Review(Aggregate):
    """A learning review (Scotland), child practice review (Wales) or CSPR (England)."""

    TOPIC = "reviewtrail.Review"

    class Created(Aggregate.Created):
        TOPIC = _topic("Created")

    jurisdiction: Jurisdiction
    partnership_id: str
    notifying_agency: str
    summary: str
    received_on: date

    @classmethod
    def receive_notification(
        cls,
        *,
        jurisdiction: Jurisdiction,
        notifying_agency: str,
        summary: str,
        received_on: date,
        meta: Meta,
    ) -> Review:
        """Open a review (rule: agency and summary present) → NotificationReceived.

        Raises DomainError ``review.notifying-agency-required`` or ``review.summary-required``.
        """
        if not notifying_agency.strip():
            raise DomainError(
                "review.notifying-agency-required", "the notifying agency is required"
            )
        if not summary.strip():
            raise DomainError(
                "review.summary-required", "a summary of the notification is required"
            )
        if len(summary) > SUMMARY_MAX:
            raise DomainError(
                "review.summary-too-long", f"the summary exceeds {SUMMARY_MAX} characters"
            )
        return cls(
            jurisdiction=jurisdiction,
            partnership_id=meta.partnership_id,
            notifying_agency=notifying_agency.strip(),
            summary=summary.strip(),
            received_on=received_on,
            meta=meta,
        )

    @event("NotificationReceived", topic=_topic("NotificationReceived"))
    def __init__(
        self,
        *,
        jurisdiction: Jurisdiction,
        partnership_id: str,
        notifying_agency: str,
        summary: str,
        received_on: date,
        meta: Meta,
    ) -> None:
        self.jurisdiction = Jurisdiction(jurisdiction)
        self.partnership_id = partnership_id
        self.notifying_agency = notifying_agency
        self.summary = summary
        self.received_on = received_on

        self.information_requests: list[dict[str, Any]] = []

    def request_information(self, *, agency: str, due_on: date, meta: Meta) -> None:
        """Ask an agency for information about the case (rule: agency named) → InformationRequested.

        Raises DomainError ``review.agency-required``.
        """
        if not agency.strip():
            raise DomainError(
                "review.agency-required", "the agency asked for information is required"
            )
        self._information_requested(agency=agency.strip(), due_on=due_on, meta=meta)

    @event("InformationRequested", topic=_topic("InformationRequested"))
    def _information_requested(self, *, agency: str, due_on: date, meta: Meta) -> None:
        self.information_requests.append({"agency": agency, "due_on": due_on})


def event_name(domain_event: Any) -> str:
    """The short past-tense name of a stored event (``NotificationReceived``)."""
    return type(domain_event).__name__
