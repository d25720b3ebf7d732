"""Assemble a subject-access export from the subject index and the event store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from api.deps import Services
from api.schemas.subjects import SubjectIn
from domain.disclosure import event_for_subject
from domain.personal import Category, Personal

PAGE = 1000


@dataclass(frozen=True)
class ExportData:
    subject_id: UUID
    generated_for: str
    events: list[dict[str, Any]]


def build_export(services: Services, subject_id: UUID, partnership_id: str) -> ExportData:
    """Every event holding the subject's data, decrypted for them, third parties withheld."""
    services.app.get_subject(subject_id, partnership_id)
    positions: list[int] = []
    after = 0
    while rows := services.subjects.appearances(
        subject_id, partnership_id, after=after, limit=PAGE
    ):
        positions.extend(int(row["position"]) for row in rows)
        after = positions[-1]
    events = [
        event_for_subject(event, position, subject_id)
        for position, event in services.events.at_positions(positions)
    ]
    return ExportData(subject_id=subject_id, generated_for=partnership_id, events=events)


def personal_values(
    subject_id: UUID, body: SubjectIn
) -> tuple[Personal, Personal | None, dict[str, Personal]]:
    """The request's values as Personal fields of ``subject_id`` (identity category)."""

    def identity(value: str) -> Personal:
        return Personal(subject_id, Category.IDENTITY, value)

    dob = identity(body.date_of_birth.isoformat()) if body.date_of_birth else None
    given = {
        "nhs-number": body.nhs_number,
        "chi-number": body.chi_number,
        "ni-number": body.ni_number,
    }
    identifiers = {kind: identity(value.strip()) for kind, value in given.items() if value}
    return identity(body.name), dob, identifiers
