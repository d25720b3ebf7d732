"""The Review aggregate: one multi-agency learning review, from notification to closure.

The commands live in one mixin per area of the guidance; this module assembles them and keeps the
two events recorded before rule sets existed (``NotificationReceived``, ``InformationRequested``),
whose pinned topics and fields stored history depends on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.meta import Meta
from domain.review.after import AfterCommands
from domain.review.base import Jurisdiction, ReviewEvent, resolve_rule_set_id, topic
from domain.review.commissioning import CommissioningCommands
from domain.review.decisions import DecisionCommands
from domain.review.evidence import EvidenceCommands
from domain.review.family import FamilyCommands
from domain.review.family_engagement import FamilyEngagementCommands
from domain.review.intake import IntakeCommands
from domain.review.learning import LearningCommands
from domain.review.participation import ParticipationCommands
from domain.review.proceedings import ProceedingsCommands
from domain.review.proposals import ProposalCommands
from domain.review.publication import PublicationCommands
from domain.review.report import ReportCommands
from domain.review.snapshot import ReviewSnapshot

SUMMARY_MAX = 4000


class Review(
    IntakeCommands,
    DecisionCommands,
    CommissioningCommands,
    ProceedingsCommands,
    EvidenceCommands,
    FamilyCommands,
    FamilyEngagementCommands,
    LearningCommands,
    ParticipationCommands,
    ProposalCommands,
    ReportCommands,
    PublicationCommands,
    AfterCommands,
    Aggregate,
):
    """A learning review (Scotland), child practice review (Wales) or CSPR (England)."""

    TOPIC = "reviewtrail.Review"
    # Every event of the aggregate, decorated or module-level, derives from ReviewEvent.
    Event = ReviewEvent

    class Created(Aggregate.Created):
        TOPIC = topic("Created")

    Snapshot = ReviewSnapshot
    SNAPSHOTTED = True  # reads look for its snapshot (``SnapshotAwareRepository``)

    jurisdiction: Jurisdiction
    partnership_id: str
    notifying_agency: str
    summary: str
    received_on: date
    opened_by: str

    @classmethod
    def receive_notification(
        cls,
        *,
        jurisdiction: Jurisdiction,
        notifying_agency: str,
        summary: str,
        received_on: date,
        meta: Meta,
        review_type: str | None = None,
    ) -> Review:
        """Open a review (rule: agency and summary present) → NotificationReceived.

        The rule set is the one in force for ``review_type`` (default: the jurisdiction's usual
        kind) on ``received_on``. Raises DomainError ``review.notifying-agency-required``,
        ``review.summary-required``, ``review.summary-too-long`` or ``rules.unknown-rule-set``.
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
        jurisdiction = Jurisdiction(jurisdiction)
        return cls(
            jurisdiction=jurisdiction,
            partnership_id=meta.partnership_id,
            notifying_agency=notifying_agency.strip(),
            summary=summary.strip(),
            received_on=received_on,
            meta=meta,
            rule_set_id=resolve_rule_set_id(jurisdiction, review_type, received_on),
        )

    @event("NotificationReceived", topic=topic("NotificationReceived"))
    def __init__(
        self,
        *,
        jurisdiction: Jurisdiction,
        partnership_id: str,
        notifying_agency: str,
        summary: str,
        received_on: date,
        meta: Meta,
        rule_set_id: str | None = None,
    ) -> None:
        self.jurisdiction = Jurisdiction(jurisdiction)
        self.partnership_id = partnership_id
        self.notifying_agency = notifying_agency
        self.summary = summary
        self.received_on = received_on
        # Whoever recorded the notification is on the review until a team is appointed.
        self.opened_by = meta.actor_id

        self.information_requests = []
        # Reviews recorded before rule sets were adopted carry no id: theirs is the one that
        # was in force for the jurisdiction's usual kind on the day (if any).
        self.start_lifecycle(
            rule_set_id or resolve_rule_set_id(self.jurisdiction, None, received_on)
        )
        self.remember("NotificationReceived", {"received_on": str(received_on)})

    def request_information(
        self, *, agency: str, due_on: date, meta: Meta, requested_on: date | None = None
    ) -> None:
        """Ask an agency for information about the case (rule: agency named; the answer is not
        due before the request) → InformationRequested.

        ``requested_on`` None (and every request recorded before it existed) means the day the
        event was recorded. Raises DomainError ``review.agency-required``,
        ``review.due-before-request`` or ``review.command-not-allowed-in-stage``.
        """
        self._require("request_information")
        if not agency.strip():
            raise DomainError(
                "review.agency-required", "the agency asked for information is required"
            )
        if requested_on is not None and due_on < requested_on:
            raise DomainError(
                "review.due-before-request", "the answer cannot be due before it was requested"
            )
        self._information_requested(
            agency=agency.strip(), due_on=due_on, meta=meta, requested_on=requested_on
        )

    @event("InformationRequested", topic=topic("InformationRequested"))
    def _information_requested(
        self, *, agency: str, due_on: date, meta: Meta, requested_on: date | None = None
    ) -> None:
        self.information_requests.append(
            {"agency": agency, "due_on": due_on, "requested_on": requested_on, "answered": False}
        )
        self.remember("InformationRequested", {"agency": agency})


def event_name(domain_event: Any) -> str:
    """The short past-tense name of a stored event (``NotificationReceived``)."""
    return type(domain_event).__name__
