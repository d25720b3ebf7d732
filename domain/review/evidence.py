"""Evidence: single-agency chronologies, the merged timeline, the genogram."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review import timeline
from domain.review.base import LifecycleEvent, ReviewState, require_text, span_end, topic


class ChronologyRequested(LifecycleEvent):
    """An agency was asked for its chronology of a period, by a due date."""

    TOPIC = topic("ChronologyRequested")
    agency: str
    period_start: date
    period_end: date
    due_on: date
    requested_on: date

    def evolve(self, review: ReviewState) -> None:
        submissions = review.chronologies.get(self.agency, {}).get("submissions", [])
        review.chronologies[self.agency] = {
            "period_start": self.period_start,
            "period_end": self.period_end,
            "due_on": self.due_on,
            "requested_on": self.requested_on,
            "submissions": submissions,
        }


class ChronologySubmitted(LifecycleEvent):
    """An agency submitted (a new version of) its chronology; entries narrate personal data."""

    TOPIC = topic("ChronologySubmitted")
    agency: str
    version: int
    entries: list[dict[str, Any]]
    submitted_on: date

    def evolve(self, review: ReviewState) -> None:
        review.chronologies[self.agency]["submissions"].append(
            {"submitted_on": self.submitted_on, "entries": [dict(e) for e in self.entries]}
        )


class ChronologiesMerged(LifecycleEvent):
    """The submitted chronologies were merged into one timeline (references, not copies)."""

    TOPIC = topic("ChronologiesMerged")
    version: int
    groups: list[dict[str, Any]]
    missing_agencies: list[str]
    merged_on: date

    def evolve(self, review: ReviewState) -> None:
        review.merges.append(
            {
                "version": self.version,
                "groups": self.groups,
                "missing_agencies": list(self.missing_agencies),
                "merged_on": self.merged_on,
            }
        )


class GenogramRecorded(LifecycleEvent):
    """A genogram was filed; it is restricted and never part of a published report."""

    TOPIC = topic("GenogramRecorded")
    document_ref: str
    visibility: str
    recorded_on: date

    def evolve(self, review: ReviewState) -> None:
        review.genograms.append(
            {
                "document_ref": self.document_ref,
                "visibility": self.visibility,
                "recorded_on": self.recorded_on,
            }
        )


_ENTRY_TEXT = ("practitioner_role", "source")


class EvidenceCommands(ReviewState):
    def request_chronology(
        self,
        *,
        agency: str,
        period_start: date,
        period_end: date,
        due_on: date,
        requested_on: date,
        meta: Meta,
    ) -> None:
        """Ask an agency for its chronology (rule: the period is within the rule set's limit,
        or the limit extended by decision) → ChronologyRequested.

        The rule counts back from the incident; the request's own end date stands for it.
        Raises DomainError ``review.agency-required``, ``review.chronology-period-invalid`` or
        ``review.chronology-period-exceeds-limit``.
        """
        self._require("request_chronology")
        agency = require_text(agency, "review.agency-required", "the agency")
        if period_end <= period_start:
            raise DomainError(
                "review.chronology-period-invalid", "the period ends before it starts"
            )
        self._check_period(period_start, period_end)
        self._record(
            ChronologyRequested,
            agency=agency,
            period_start=period_start,
            period_end=period_end,
            due_on=due_on,
            requested_on=requested_on,
            meta=meta,
        )

    def _check_period(self, start: date, end: date) -> None:
        rule = self.rules.chronology_for(self.kind)
        if rule is None:
            return
        extension = next(
            (d for d in reversed(self.decisions) if d["subject"] == "chronology-period"), None
        )
        if extension is not None:
            limit = span_end(start, "months", extension["chronology_months"])
            allowed = f"{extension['chronology_months']} months (extended)"
        else:
            limit = span_end(start, rule.period.unit, rule.period.amount)
            allowed = f"{rule.period.amount} {rule.period.unit}"
        if end > limit:
            raise DomainError(
                "review.chronology-period-exceeds-limit", f"chronologies may cover {allowed}"
            )

    def submit_chronology(
        self, *, agency: str, entries: list[dict[str, Any]], submitted_on: date, meta: Meta
    ) -> None:
        """Record an agency's chronology (rules: it was asked; entries well formed, what
        happened as narrative personal data) → ChronologySubmitted.

        An entry is ``{"date", "practitioner_role", "what_happened": Personal, "source"}`` with an
        optional ``"event"`` label that groups it with other agencies' entries when merged.
        Raises DomainError ``review.chronology-not-requested``, ``review.chronology-empty`` or
        ``review.chronology-entry-invalid``.
        """
        self._require("submit_chronology")
        requested = self.chronologies.get(agency)
        if requested is None:
            raise DomainError("review.chronology-not-requested", f"{agency!r} was not asked")
        if not entries:
            raise DomainError("review.chronology-empty", "a chronology needs entries")
        self._record(
            ChronologySubmitted,
            agency=agency,
            version=len(requested["submissions"]) + 1,
            entries=[_entry(e, i) for i, e in enumerate(entries)],
            submitted_on=submitted_on,
            meta=meta,
        )

    def merge_chronologies(self, *, merged_on: date, meta: Meta) -> None:
        """Merge the submitted chronologies (rule: at least one submitted; agencies still
        missing are listed) → ChronologiesMerged.

        Raises DomainError ``review.no-chronologies``.
        """
        self._require("merge_chronologies")
        if not any(c["submissions"] for c in self.chronologies.values()):
            raise DomainError("review.no-chronologies", "no chronology has been submitted")
        groups, missing = timeline.merge(self.chronologies)
        self._record(
            ChronologiesMerged,
            version=len(self.merges) + 1,
            groups=groups,
            missing_agencies=missing,
            merged_on=merged_on,
            meta=meta,
        )

    def record_genogram(self, *, document_ref: str, recorded_on: date, meta: Meta) -> None:
        """File a genogram, always restricted (rule: a document reference) → GenogramRecorded.

        Raises DomainError ``review.document-required``.
        """
        self._require("record_genogram")
        self._record(
            GenogramRecorded,
            document_ref=require_text(document_ref, "review.document-required", "the document"),
            visibility="restricted",
            recorded_on=recorded_on,
            meta=meta,
        )

    def merged_timeline(self) -> list[dict[str, Any]]:
        """The latest merged timeline, entries resolved (empty before the first merge)."""
        if not self.merges:
            return []
        return timeline.resolve(self.merges[-1]["groups"], self.chronologies)


def _entry(entry: dict[str, Any], index: int) -> dict[str, Any]:
    """A clean copy of one entry; raises DomainError ``review.chronology-entry-invalid``."""
    what = entry.get("what_happened")
    valid = (
        isinstance(entry.get("date"), date)
        and all(isinstance(entry.get(k), str) and entry[k].strip() for k in _ENTRY_TEXT)
        and isinstance(what, Personal)
        and what.category is Category.NARRATIVE
        and isinstance(entry.get("event") or "", str)
    )
    if not valid:
        raise DomainError(
            "review.chronology-entry-invalid",
            f"entry {index} needs a date, practitioner role, source and what happened (narrative)",
        )
    return {
        "date": entry["date"],
        "practitioner_role": entry["practitioner_role"].strip(),
        "what_happened": what,
        "source": entry["source"].strip(),
        "event": (entry.get("event") or "").strip() or None,
    }
