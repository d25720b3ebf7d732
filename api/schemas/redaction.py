"""Request and response bodies of /redaction-sets."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.casework import Day, Label, Text, example
from domain.redaction import Decision, DocumentKind, RedactionSet
from domain.redaction_text import SectionKind

Strict = ConfigDict(extra="forbid")
TEXT_MAX = 500_000


class SectionIn(BaseModel):
    """A marked part of the text by character offsets; a genogram or a ``restricted`` section
    can never be disclosed, so it must be wholly redacted before the set can be applied."""

    model_config = Strict
    start: int = Field(ge=0)
    end: int = Field(ge=1)
    heading: Label
    kind: SectionKind = SectionKind.TEXT
    restricted: bool = False


class RedactionSetIn(BaseModel):
    """A document version to redact. ``text`` is stored encrypted under a pseudo-subject of
    the document (registered with the set). A report of a review (``source_id`` and
    ``source_version``) is built from that report version by the server: send no ``text`` (or
    exactly that text) and no ``sections``; genograms and restricted sections are withheld."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "document_kind": "report",
                    "version_label": "final v3",
                    "text": "Child B lived with her mother, Jane Doe ...",
                    "sections": [{"start": 0, "end": 44, "heading": "Background", "kind": "text"}],
                }
            ]
        },
    )
    document_kind: DocumentKind
    version_label: Label
    source_id: UUID | None = Field(default=None, description="The review the document is from")
    source_version: int | None = Field(
        default=None,
        ge=1,
        description="The source's version of the document (a report version): publishing a "
        "report needs an applied set over the review's accepted version",
    )
    text: str | None = Field(
        default=None,
        min_length=1,
        max_length=TEXT_MAX,
        description="The document's text; omit it for a report of a review (built from it)",
    )
    sections: list[SectionIn] = Field(default_factory=list, max_length=200)


class RedactionIn(BaseModel):
    """Characters ``start`` (inclusive) to ``end`` (exclusive) withheld under ``code``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"start": 31, "end": 39, "code": "foia:s.40", "reason": "mother's name"}]
        },
    )
    start: int = Field(ge=0)
    end: int = Field(ge=1)
    code: str = Field(min_length=1, max_length=40)
    reason: Text


class RejectionIn(BaseModel):
    model_config = example(reason="The name is already public in the court judgment")
    reason: Text


class ApplicationIn(BaseModel):
    model_config = example(applied_on="2026-04-15")
    applied_on: Day


class RedactionOut(BaseModel):
    """One redaction: its span, exemption and reason, who proposed it and when, and the
    four-eyes decision."""

    number: int
    start: int
    end: int
    code: str
    reason: str
    by: str
    at: datetime
    decision: Decision
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None


class RedactionSetOut(BaseModel):
    """A redaction set without the document text (``GET …/document`` has it)."""

    id: UUID
    version: int
    document_kind: DocumentKind
    version_label: str
    source_id: UUID | None
    source_version: int | None
    document_subject_id: UUID
    length: int
    sections: list[dict[str, Any]]
    withheld: list[str] = Field(
        description="Report sections left out of the text (genogram, restricted, excluded)"
    )
    opened_by: str
    redactions: list[RedactionOut]
    applied: dict[str, Any] | None

    @classmethod
    def of(cls, redaction_set: RedactionSet) -> RedactionSetOut:
        return cls(
            id=redaction_set.id,
            version=redaction_set.version,
            document_kind=redaction_set.document_kind,
            version_label=redaction_set.version_label,
            source_id=redaction_set.source_id,
            source_version=redaction_set.source_version,
            document_subject_id=redaction_set.document_subject_id,
            length=redaction_set.length,
            sections=[
                {
                    "start": s.start,
                    "end": s.end,
                    "heading": s.heading,
                    "kind": s.kind,
                    "restricted": s.never_disclosed,
                }
                for s in redaction_set.sections
            ],
            withheld=redaction_set.withheld,
            opened_by=redaction_set.opened_by,
            redactions=[RedactionOut(**r) for r in redaction_set.redactions],
            applied=redaction_set.applied,
        )


class DocumentOut(BaseModel):
    """The unredacted text ("[erased]" once crypto-shredded), to choose offsets from."""

    id: UUID
    text: str
    length: int
