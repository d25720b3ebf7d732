"""Publication: the accepted report sent to the bodies owed it (checked against the rule set's
lead time before the planned publication date), published from the approved redacted rendering
of that report only, and withdrawn no earlier than the minimum display period allows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.clocks import compute
from domain.clocks.registry import CalendarSource
from domain.errors import DomainError
from domain.meta import Meta
from domain.redaction import DocumentKind
from domain.review.base import LifecycleEvent, ReviewState, payload, require_text, span_end, topic
from domain.review.deferral import DeferralCommands
from domain.review.obligations import outstanding
from domain.review.report import report_document
from domain.rules import Clock, RuleSet, clock_rule

if TYPE_CHECKING:
    from domain.redaction import RedactionSet


class ReportSubmitted(LifecycleEvent):
    """The accepted report was sent to a body (with the latest day the rule set allowed)."""

    TOPIC = topic("ReportSubmitted")
    recipient: str
    version: int
    submitted_on: date
    latest_on: date | None

    def evolve(self, review: ReviewState) -> None:
        review.submissions.append(
            {
                "recipient": self.recipient,
                "version": self.version,
                "submitted_on": self.submitted_on,
                "latest_on": self.latest_on,
            }
        )


class ReportPublished(LifecycleEvent):
    """The report (or its summary) was published, from the redacted rendering of an applied
    redaction set, to stay published at least until ``display_until`` (the rule set's minimum
    display period; None when it has none). Both are None in events recorded before they were."""

    TOPIC = topic("ReportPublished")
    version: int
    form: str
    location: str
    published_on: date
    redaction_set_id: UUID | None = None
    display_until: date | None = None

    def evolve(self, review: ReviewState) -> None:
        review.publication = {
            "version": self.version,
            "form": self.form,
            "location": self.location,
            "published_on": self.published_on,
            "redaction_set_id": self.redaction_set_id,
            "display_until": self.display_until,
            "withdrawn_on": None,
            "withdrawal_reason": None,
        }


class ReportWithdrawn(LifecycleEvent):
    """The published report was taken down."""

    TOPIC = topic("ReportWithdrawn")
    reason: str
    withdrawn_on: date

    def evolve(self, review: ReviewState) -> None:
        assert review.publication is not None  # the command checked it
        review.publication.update(withdrawn_on=self.withdrawn_on, withdrawal_reason=self.reason)


class PublicationCommands(DeferralCommands):
    def submit_report(
        self, *, recipient: str, submitted_on: date, calendars: CalendarSource, meta: Meta
    ) -> None:
        """Send the accepted report to a body (rule: no later than the rule set's lead time
        before the planned publication date, counted on the clock's calendar) → ReportSubmitted.

        Raises DomainError ``review.report-not-accepted``, ``review.unknown-body``,
        ``review.publication-date-not-planned`` or ``review.report-lead-time-too-short``.
        """
        rules = self._require("submit_report")
        accepted = [r for r in self.reports if r["accepted_on"]]
        if not accepted:
            raise DomainError("review.report-not-accepted", "the report has not been accepted")
        if recipient not in {b.id for b in rules.bodies}:
            raise DomainError("review.unknown-body", f"{recipient!r} is not a body of the rules")
        latest = None
        for clock in rules.clocks:
            if clock.direction == "before" and clock.satisfied_by.matches(
                "ReportSubmitted", {"recipient": recipient}
            ):
                latest = self._latest_submission(clock, submitted_on, calendars)
        self._record(
            ReportSubmitted,
            recipient=recipient,
            version=accepted[-1]["version"],
            submitted_on=submitted_on,
            latest_on=latest,
            meta=meta,
        )

    def _latest_submission(
        self, clock: Clock, submitted_on: date, calendars: CalendarSource
    ) -> date:
        planned = self._anchor_date(clock)
        if planned is None:
            raise DomainError(
                "review.publication-date-not-planned", "decide the publication date first"
            )
        due = compute(clock_rule(clock), planned, calendars.calendar(clock.calendar)).due
        if due is not None and submitted_on > due:
            raise DomainError(
                "review.report-lead-time-too-short",
                f"the rules need the report by {due.isoformat()}, {clock.amount} "
                f"{clock.unit.replace('_', ' ')} before publication on {planned.isoformat()}",
            )
        assert due is not None  # a lead-time clock has no pauses
        return due

    def _anchor_date(self, clock: Clock) -> date | None:
        field = clock.anchor.date_field
        for decision in reversed(self.decisions):
            if field and clock.anchor.matches("DecisionRecorded", payload(decision)):
                value = decision.get(field)
                return value if isinstance(value, date) else None
        return None

    def publish_report(
        self,
        *,
        redaction_set: RedactionSet | None,
        location: str,
        published_on: date,
        meta: Meta,
    ) -> None:
        """Publish the accepted report from its approved redacted rendering (rules: no deferral
        unlifted; no criminal proceedings or FAI open and uncleared (see `domain.review.deferral`);
        a decision to publish; the report reached every body owed it; ``redaction_set`` is an
        applied set over this review's accepted report version, of this partnership; None when
        the set named was not found in the partnership) → ReportPublished, with the set's id and
        the end of the rule set's minimum display period.

        Raises DomainError ``publication.deferred``, ``publication.proceedings-open``,
        ``review.publication-not-decided``, ``review.report-not-submitted``,
        ``review.location-required`` or a rendering rule (``publication.redaction-set-unknown``,
        ``publication.redaction-set-not-report``, ``publication.redaction-set-other-review``,
        ``publication.redaction-set-other-version``, ``publication.redaction-set-not-applied``,
        ``redaction.document-erased`` once the set's text was crypto-shredded,
        ``publication.redaction-set-text-differs`` when its text is not the report version's).
        """
        rules = self._require("publish_report")
        self.check_not_deferred()
        self.check_proceedings_allow_publication()
        decision = next(
            (d for d in reversed(self.decisions) if d["subject"] == "publication"), None
        )
        if decision is None or decision["outcome"] == "do-not-publish":
            raise DomainError("review.publication-not-decided", "there is no decision to publish")
        owed = [
            o
            for o in outstanding(self.open_obligations())
            if o["discharged_by"] == "ReportSubmitted"
        ]
        if owed:
            raise DomainError(
                "review.report-not-submitted", f"the report must first go to {owed[0]['recipient']}"
            )
        version = [r for r in self.reports if r["accepted_on"]][-1]["version"]
        self._record(
            ReportPublished,
            version=version,
            form="summary" if decision["outcome"] == "publish-summary" else "full",
            location=require_text(location, "review.location-required", "where it is published"),
            published_on=published_on,
            redaction_set_id=self._check_rendering(redaction_set, version),
            display_until=_display_until(rules, published_on),
            meta=meta,
        )

    def _check_rendering(self, redaction_set: RedactionSet | None, version: int) -> UUID:
        """The id of ``redaction_set`` once it is the approved rendering of report ``version``."""
        if redaction_set is None or redaction_set.partnership_id != self.partnership_id:
            raise DomainError(
                "publication.redaction-set-unknown", "no such redaction set in your partnership"
            )
        if redaction_set.document_kind is not DocumentKind.REPORT:
            raise DomainError(
                "publication.redaction-set-not-report", "the redaction set is not of a report"
            )
        if redaction_set.source_id != cast(Aggregate, self).id:
            raise DomainError(
                "publication.redaction-set-other-review",
                "the redaction set is not over this review's report",
            )
        if redaction_set.source_version != version:
            raise DomainError(
                "publication.redaction-set-other-version",
                f"the redaction set is not over the accepted report version {version}",
            )
        if redaction_set.applied is None:
            raise DomainError(
                "publication.redaction-set-not-applied",
                "the redaction set must be approved and applied first",
            )
        redaction_set.disclosure()  # the rendering must still exist: its text may be erased
        if redaction_set.text.value != report_document(self, version).text:
            raise DomainError(
                "publication.redaction-set-text-differs",
                f"the redaction set's text is not that of report version {version}",
            )
        return redaction_set.id

    def withdraw_report(
        self, *, reason: str, withdrawn_on: date, meta: Meta, court_order: bool = False
    ) -> None:
        """Take the published report down (rule: not before the rule set's minimum display
        period has passed, unless a court order requires it) → ReportWithdrawn.

        Raises DomainError ``review.report-not-published``, ``review.withdrawal-reason-required``
        or ``review.report-min-display-not-elapsed``.
        """
        rules = self._require("withdraw_report")
        published = self.publication
        if published is None or published["withdrawn_on"] is not None:
            raise DomainError("review.report-not-published", "no report is published")
        display = rules.publication.min_display
        if display is not None and not court_order:
            until = span_end(
                published["published_on"], display.duration.unit, display.duration.amount
            )
            if withdrawn_on < until:
                raise DomainError(
                    "review.report-min-display-not-elapsed",
                    f"the report stays published until {until.isoformat()}",
                )
        self._record(
            ReportWithdrawn,
            reason=require_text(reason, "review.withdrawal-reason-required", "the reason"),
            withdrawn_on=withdrawn_on,
            meta=meta,
        )


def _display_until(rules: RuleSet, published_on: date) -> date | None:
    """The first day the report may be withdrawn without a court order (None: any day)."""
    display = rules.publication.min_display
    if display is None:
        return None
    return span_end(published_on, display.duration.unit, display.duration.amount)
