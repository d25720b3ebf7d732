"""Redaction sets: open one over a document version, propose, review by four eyes, apply."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.redaction import DocumentKind, RedactionSet
from domain.review import Review
from domain.review.report import ReportDocument
from domain.subject import DataSubject
from domain.use_cases.base import UseCases

if TYPE_CHECKING:
    from domain.application import Receipt

DOCUMENT = "document"


class RedactionUseCases(UseCases):
    def open_redaction_set(
        self,
        *,
        document_subject_id: UUID,
        document_kind: DocumentKind,
        version_label: str,
        source_id: UUID | None,
        text: str | None,
        sections: list[dict[str, Any]],
        meta: Meta,
        source_version: int | None = None,
    ) -> Receipt:
        """Register the document as a pseudo-subject (so its text is encrypted under its own key
        and can be erased when retention ends) and open a redaction set over its text. A report
        of a review (``source_id``) is redacted from the text of its version ``source_version``
        as the review holds it, never from text the caller sends (see `report_document`)."""
        document_text, withheld = text, None
        if DocumentKind(document_kind) is DocumentKind.REPORT and source_id is not None:
            report = self.report_document(source_id, source_version, text, sections, meta)
            document_text, sections, withheld = report.text, report.sections, report.withheld
        if document_text is None:
            raise DomainError("redaction.text-required", "send the text of the document")
        label = f"{DocumentKind(document_kind).value} {version_label.strip()}"
        document = DataSubject.register(
            subject_id=document_subject_id,
            relationship=DOCUMENT,
            name=Personal(document_subject_id, Category.IDENTITY, label),
            date_of_birth=None,
            identifiers={},
            meta=meta,
        )
        redaction_set = RedactionSet.open(
            document_kind=document_kind,
            version_label=version_label,
            source_id=source_id,
            text=Personal(document_subject_id, Category.NARRATIVE, document_text),
            sections=sections,
            meta=meta,
            source_version=source_version,
            withheld=withheld,
        )
        return self.record(document, redaction_set)

    def report_document(
        self,
        review_id: UUID,
        version: int | None,
        text: str | None,
        sections: list[dict[str, Any]],
        meta: Meta,
    ) -> ReportDocument:
        """The text of the review's report ``version`` (NotFound for a review of another
        partnership). Text the caller sends must be that text; sections come from the report.

        Raises DomainError ``redaction.source-version-invalid``,
        ``review.report-version-unknown``, ``redaction.report-text-differs`` or
        ``redaction.report-sections-given``.
        """
        if version is None or version < 1:
            raise DomainError(
                "redaction.source-version-invalid", "name the report version (a number from 1)"
            )
        report = self.get_owned(Review, review_id, meta.partnership_id).report_document(version)
        if text is not None and text != report.text:
            raise DomainError(
                "redaction.report-text-differs",
                f"the text is not that of report version {version}; send none to have it built",
            )
        if sections:
            raise DomainError(
                "redaction.report-sections-given", "a report's sections come from the report"
            )
        return report

    def get_redaction_set(
        self, set_id: UUID, partnership_id: str, expected_version: int | None = None
    ) -> RedactionSet:
        """The set if it belongs to ``partnership_id`` (else NotFound)."""
        return self.get_owned(RedactionSet, set_id, partnership_id, expected_version)

    def propose_redaction(
        self,
        set_id: UUID,
        *,
        start: int,
        end: int,
        code: str,
        reason: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Mark a span for redaction under an exemption code."""
        redaction_set = self.get_redaction_set(set_id, meta.partnership_id, expected_version)
        redaction_set.propose(start=start, end=end, code=code, reason=reason, meta=meta)
        return self.record(redaction_set)

    def approve_redaction(
        self, set_id: UUID, *, number: int, meta: Meta, expected_version: int | None = None
    ) -> Receipt:
        """Approve a redaction (never one's own)."""
        redaction_set = self.get_redaction_set(set_id, meta.partnership_id, expected_version)
        redaction_set.approve(number=number, meta=meta)
        return self.record(redaction_set)

    def reject_redaction(
        self,
        set_id: UUID,
        *,
        number: int,
        reason: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Reject a redaction (never one's own), with a reason."""
        redaction_set = self.get_redaction_set(set_id, meta.partnership_id, expected_version)
        redaction_set.reject(number=number, reason=reason, meta=meta)
        return self.record(redaction_set)

    def apply_redaction_set(
        self, set_id: UUID, *, applied_on: date, meta: Meta, expected_version: int | None = None
    ) -> Receipt:
        """Apply a fully reviewed set; disclosures can then be rendered from it."""
        redaction_set = self.get_redaction_set(set_id, meta.partnership_id, expected_version)
        redaction_set.apply(applied_on=applied_on, meta=meta)
        return self.record(redaction_set)
