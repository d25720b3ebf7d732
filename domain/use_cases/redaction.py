"""Redaction sets: open one over a document version, propose, review by four eyes, apply."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.meta import Meta
from domain.personal import Category, Personal
from domain.redaction import DocumentKind, RedactionSet
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
        text: str,
        sections: list[dict[str, Any]],
        meta: Meta,
        source_version: int | None = None,
    ) -> Receipt:
        """Register the document as a pseudo-subject (so its text is encrypted under its own key
        and can be erased when retention ends) and open a redaction set over its text."""
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
            text=Personal(document_subject_id, Category.NARRATIVE, text),
            sections=sections,
            meta=meta,
            source_version=source_version,
        )
        return self.record(document, redaction_set)

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
