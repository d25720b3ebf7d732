"""The RedactionSet aggregate: redactions over one document version, reviewed by four eyes.

The document version's text is ``Personal`` narrative of a *document pseudo-subject* (registered
with the set), so it is stored encrypted and can be crypto-shredded when its retention ends. Each
redaction is a span of character offsets with an exemption code and reason, by whom and when
(the event's timestamp); a second person approves or rejects it, never its author (rule
``redaction.four-eyes``), and the set as a whole is applied by someone other than its opener
(``redaction.four-eyes-set``), so a second person signs off even a set with no redactions. Only
a set whose every redaction is decided can be applied, and only if every restricted section (a
genogram always) is wholly removed (``disclosure.restricted-section``). A set over a review's
report holds the text built from the report version, with genograms and restricted material
withheld from it altogether. Applying records the fact; renderings are built on demand.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.exemptions import exemption
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.redaction_text import (
    Section,
    SectionKind,
    Segment,
    Span,
    check_sections,
    check_span,
    segments,
)

REASON_MAX = 500


class DocumentKind(StrEnum):
    """Which document a version is of."""

    REPORT = "report"
    MERGED_TIMELINE_SUMMARY = "merged-timeline-summary"
    MINUTES = "minutes"


class Decision(StrEnum):
    """Where one redaction is in its four-eyes review."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


def _topic(name: str) -> str:
    # Pinned topics: renaming a module or class must never break the stored history.
    return f"reviewtrail.RedactionSet.{name}"


def _section(data: dict[str, Any]) -> Section:
    return Section(
        int(data["start"]),
        int(data["end"]),
        str(data["heading"]),
        SectionKind(data["kind"]),
        bool(data["restricted"]),
    )


def _reason(reason: str) -> str:
    if not reason.strip() or len(reason) > REASON_MAX:
        raise DomainError("redaction.reason-required", f"give a reason (≤ {REASON_MAX} chars)")
    return reason.strip()


class RedactionSet(Aggregate):
    """Proposed, reviewed and applied redactions of one document version."""

    TOPIC = "reviewtrail.RedactionSet"

    class Created(Aggregate.Created):
        TOPIC = _topic("Created")

    @classmethod
    def open(
        cls,
        *,
        document_kind: DocumentKind,
        version_label: str,
        source_id: UUID | None,
        text: Personal,
        sections: list[dict[str, Any]],
        meta: Meta,
        source_version: int | None = None,
        withheld: list[str] | None = None,
    ) -> RedactionSet:
        """Start redacting a document version → RedactionSetOpened. ``source_id`` and
        ``source_version`` name the record the text is from (a review and its report version):
        publishing a report needs an applied set over the review's accepted version, whose text
        the caller builds from that version (`Review.report_document`), naming the sections
        ``withheld`` from it.

        Raises DomainError ``redaction.text-narrative``, ``redaction.version-required``,
        ``redaction.source-version-invalid`` or a section rule (``redaction.span-invalid``,
        ``redaction.sections-overlap`` …).
        """
        if text.category is not Category.NARRATIVE or text.value is None:
            raise DomainError("redaction.text-narrative", "the text is a narrative value")
        if not version_label.strip():
            raise DomainError("redaction.version-required", "name the document version")
        if source_version is not None and (source_id is None or source_version < 1):
            raise DomainError(
                "redaction.source-version-invalid",
                "a source version is a number from 1, of a named source",
            )
        stored = [
            {**s, "kind": SectionKind(s["kind"]).value, "restricted": bool(s["restricted"])}
            for s in sections
        ]
        check_sections([_section(s) for s in stored], len(text.value))
        return cls(
            partnership_id=meta.partnership_id,
            document_kind=DocumentKind(document_kind).value,
            version_label=version_label.strip(),
            source_id=source_id,
            text=text,
            length=len(text.value),
            sections=stored,
            meta=meta,
            source_version=source_version,
            withheld=list(withheld or []),
        )

    @event("RedactionSetOpened", topic=_topic("RedactionSetOpened"))
    def __init__(
        self,
        *,
        partnership_id: str,
        document_kind: str,
        version_label: str,
        source_id: UUID | None,
        text: Personal,
        length: int,
        sections: list[dict[str, Any]],
        meta: Meta,
        source_version: int | None = None,  # absent from sets opened before it was recorded
        withheld: list[str] | None = None,  # likewise
    ) -> None:
        self.partnership_id = partnership_id
        self.document_kind = DocumentKind(document_kind)
        self.version_label, self.source_id = version_label, source_id
        self.source_version = source_version
        self.withheld = list(withheld or [])
        self.opened_by = meta.actor_id
        self.text, self.length = text, length
        self.sections = [_section(s) for s in sections]
        self.redactions: list[dict[str, Any]] = []
        self.applied: dict[str, Any] | None = None

    @property
    def document_subject_id(self) -> UUID:
        """The pseudo-subject the document text is encrypted under."""
        return self.text.subject_id

    def _open_for_change(self) -> None:
        if self.applied is not None:
            raise DomainError("redaction.already-applied", "the set was applied; open a new one")

    def propose(self, *, start: int, end: int, code: str, reason: str, meta: Meta) -> None:
        """Mark a span for redaction → RedactionProposed (number n, by the actor, when).

        Raises DomainError ``redaction.already-applied``, ``redaction.span-invalid``,
        ``exemption.unknown`` or ``redaction.reason-required``.
        """
        self._open_for_change()
        check_span(start, end, self.length)
        exemption(code)
        self._proposed(
            number=len(self.redactions) + 1,
            start=start,
            end=end,
            code=code,
            reason=_reason(reason),
            meta=meta,
        )

    @event("RedactionProposed", topic=_topic("RedactionProposed"))
    def _proposed(
        self, *, number: int, start: int, end: int, code: str, reason: str, meta: Meta
    ) -> None:
        self.redactions.append(
            {
                "number": number,
                "start": start,
                "end": end,
                "code": code,
                "reason": reason,
                "by": meta.actor_id,
                "at": self.modified_on,
                "decision": Decision.PROPOSED,
                "decided_by": None,
                "decided_at": None,
                "decision_reason": None,
            }
        )

    def _decidable(self, number: int, meta: Meta) -> None:
        self._open_for_change()
        if not 1 <= number <= len(self.redactions):
            raise DomainError("redaction.unknown", "no redaction has that number")
        redaction = self.redactions[number - 1]
        if redaction["decision"] is not Decision.PROPOSED:
            raise DomainError("redaction.already-decided", "that redaction was already decided")
        if redaction["by"] == meta.actor_id:
            raise DomainError(
                "redaction.four-eyes", "a redaction is approved or rejected by someone else"
            )

    def approve(self, *, number: int, meta: Meta) -> None:
        """Approve redaction ``number`` (rule: four eyes) → RedactionApproved.

        Raises DomainError ``redaction.four-eyes``, ``redaction.unknown``,
        ``redaction.already-decided`` or ``redaction.already-applied``.
        """
        self._decidable(number, meta)
        self._decided(number=number, decision=Decision.APPROVED.value, reason=None, meta=meta)

    def reject(self, *, number: int, reason: str, meta: Meta) -> None:
        """Reject redaction ``number`` (rules: four eyes, a reason) → RedactionRejected.

        Raises DomainError as ``approve`` does, or ``redaction.reason-required``.
        """
        self._decidable(number, meta)
        self._rejected(
            number=number, decision=Decision.REJECTED.value, reason=_reason(reason), meta=meta
        )

    def _decide(self, number: int, decision: str, reason: str | None, meta: Meta) -> None:
        self.redactions[number - 1].update(
            decision=Decision(decision),
            decided_by=meta.actor_id,
            decided_at=self.modified_on,
            decision_reason=reason,
        )

    @event("RedactionApproved", topic=_topic("RedactionApproved"))
    def _decided(self, *, number: int, decision: str, reason: str | None, meta: Meta) -> None:
        self._decide(number, decision, reason, meta)

    @event("RedactionRejected", topic=_topic("RedactionRejected"))
    def _rejected(self, *, number: int, decision: str, reason: str | None, meta: Meta) -> None:
        self._decide(number, decision, reason, meta)

    def approved_spans(self) -> list[Span]:
        """The approved redactions as spans."""
        return [
            Span(r["start"], r["end"], (r["code"],))
            for r in self.redactions
            if r["decision"] is Decision.APPROVED
        ]

    def apply(self, *, applied_on: date, meta: Meta) -> None:
        """Apply the set (rules: applied by someone other than its opener, so a second person
        signs off every set, even one with no redactions; every redaction decided; restricted
        sections removed) → RedactionSetApplied, with the exemption codes it relies on.

        Raises DomainError ``redaction.already-applied``, ``redaction.four-eyes-set``,
        ``redaction.set-not-approved``, ``redaction.document-erased`` or
        ``disclosure.restricted-section``.
        """
        self._open_for_change()
        if meta.actor_id == self.opened_by:
            raise DomainError(
                "redaction.four-eyes-set",
                "a set is applied by a data protection lead other than the one who opened it",
            )
        if any(r["decision"] is Decision.PROPOSED for r in self.redactions):
            raise DomainError("redaction.set-not-approved", "every redaction must be decided")
        self.disclosure()  # refuses a rendering that would show a restricted section
        spans = self.approved_spans()
        self._applied(
            applied_on=applied_on,
            redactions=len(spans),
            codes=sorted({code for span in spans for code in span.codes}),
            meta=meta,
        )

    @event("RedactionSetApplied", topic=_topic("RedactionSetApplied"))
    def _applied(self, *, applied_on: date, redactions: int, codes: list[str], meta: Meta) -> None:
        self.applied = {
            "applied_on": applied_on,
            "redactions": redactions,
            "codes": list(codes),
            "by": meta.actor_id,
        }

    def disclosure(self) -> list[Segment]:
        """The disclosed text as segments, redacted spans removed.

        Raises DomainError ``redaction.document-erased`` once the text was crypto-shredded, or
        ``disclosure.restricted-section``.
        """
        if self.text.value is None:
            raise DomainError("redaction.document-erased", "the document text was erased")
        return segments(self.text.value, self.approved_spans(), self.sections)
