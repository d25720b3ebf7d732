"""Reads of decrypted personal data, recorded for the access trail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from uuid import UUID

from domain.access_log import PersonalDataAccess
from domain.meta import Meta
from domain.personal import Category
from domain.use_cases.base import UseCases

if TYPE_CHECKING:
    from domain.application import Receipt


class AccessUseCases(UseCases):
    def record_personal_data_view(
        self,
        *,
        access_id: UUID,
        record: tuple[str, UUID],
        subject_ids: Iterable[UUID],
        categories: Iterable[Category],
        purpose: str,
        meta: Meta,
    ) -> Receipt:
        """Record that a reader was shown decrypted values from ``record`` (kind, id)."""
        kind, record_id = record
        access = PersonalDataAccess.record_view(
            access_id=access_id,
            record_kind=kind,
            record_id=record_id,
            subject_ids=subject_ids,
            categories=categories,
            purpose=purpose,
            meta=meta,
        )
        return self.record(access)
