"""Request and response bodies of /subjects."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.personal import Category

NHS = r"^\s*\d{3}\s?\d{3}\s?\d{4}\s*$"
CHI = r"^\s*\d{10}\s*$"
NI = r"^\s*[A-Za-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]?\s*$"


class SubjectIn(BaseModel):
    """A person whose personal data will be held. Every value here is encrypted before storage."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"relationship": "child", "name": "Alex Example", "date_of_birth": "2019-04-01"}
            ]
        },
    )

    relationship: str = Field(
        min_length=1, max_length=100, description="e.g. child, parent, sibling"
    )
    name: str = Field(min_length=1, max_length=300)
    date_of_birth: date | None = None
    nhs_number: str | None = Field(default=None, pattern=NHS)
    chi_number: str | None = Field(default=None, pattern=CHI)
    ni_number: str | None = Field(default=None, pattern=NI)


class ErasureIn(BaseModel):
    """Crypto-shred the subject's data (or one category), with the reason and its legal basis."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"reason": "retention period ended", "legal_basis": "UK GDPR Art. 17(1)(a)"},
                {
                    "reason": "health data no longer needed",
                    "legal_basis": "UK GDPR Art. 17(1)(a)",
                    "category": "health",
                },
            ]
        },
    )

    reason: str = Field(min_length=1, max_length=2000)
    legal_basis: str = Field(min_length=1, max_length=500, examples=["UK GDPR Art. 17(1)(a)"])
    category: Category | None = Field(default=None, description="erase one category only")


class NewKeyIn(BaseModel):
    """After an erasure, allow new personal data about the subject (or one category)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "the family made contact again"}]},
    )

    reason: str = Field(min_length=1, max_length=2000)
    category: Category | None = None


class Candidate(BaseModel):
    subject_id: UUID
    matched: list[str]


class Candidates(BaseModel):
    items: list[Candidate]


class Appearance(BaseModel):
    position: int
    aggregate_id: UUID
    event_type: str
    fields: list[str]
    categories: list[str]


class AppearancePage(BaseModel):
    items: list[Appearance]
    next_cursor: str | None


class SubjectExport(BaseModel):
    """Everything held about a subject: their own values decrypted, third parties' withheld."""

    subject_id: UUID
    generated_for: str
    events: list[dict[str, Any]]
