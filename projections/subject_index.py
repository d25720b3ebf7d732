"""subject_index: where each data subject appears in the log (no plaintext), and the blind
index rows that let a data protection lead find a subject without storing names."""

from __future__ import annotations

from typing import Any, Protocol
from uuid import UUID

from domain.personal import Personal, personal_fields
from domain.subject import DataSubject


class SubjectIndexWriter(Protocol):
    def appears(
        self,
        *,
        subject_id: UUID,
        partnership_id: str,
        position: int,
        aggregate_id: UUID,
        event_type: str,
        field_path: str,
        category: str,
    ) -> None: ...

    def identifiers(
        self, *, subject_id: UUID, partnership_id: str, values: dict[str, Personal]
    ) -> None: ...


REFERENCES = ("member",)
"""Fields that name a data subject by id alone. An event about someone that holds no personal
value of theirs (a relative identified, contacted, declining) is still held about them, so it
belongs in their subject-access export: indexed with the category ``reference``. A request's
own records (``data_subject_id`` of a SAR) are not: answering a SAR does not disclose the SAR."""


class SubjectIndexProjection:
    """Indexes every Personal field of every event, every reference to a subject by id, and a
    registered subject's identifiers."""

    name = "subject_index"
    version = 2

    def apply(self, event: Any, position: int, writer: SubjectIndexWriter) -> None:
        meta = getattr(event, "meta", None)
        if meta is None:
            return
        state = {k: v for k, v in vars(event).items() if k not in ("originator_id", "meta")}
        for path, field in personal_fields(state):
            writer.appears(
                subject_id=field.subject_id,
                partnership_id=meta.partnership_id,
                position=position,
                aggregate_id=event.originator_id,
                event_type=type(event).__name__,
                field_path=path,
                category=field.category.value,
            )
        for name in REFERENCES:
            if isinstance(subject := state.get(name), UUID):
                writer.appears(
                    subject_id=subject,
                    partnership_id=meta.partnership_id,
                    position=position,
                    aggregate_id=event.originator_id,
                    event_type=type(event).__name__,
                    field_path=f"/{name}",
                    category="reference",
                )
        if isinstance(event, DataSubject.SubjectRegistered):  # type: ignore[attr-defined]
            values = {"name": event.name, **event.identifiers}
            if event.date_of_birth is not None:
                values["date-of-birth"] = event.date_of_birth
            writer.identifiers(
                subject_id=event.originator_id, partnership_id=meta.partnership_id, values=values
            )
