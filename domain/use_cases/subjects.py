"""Data subjects: registration, crypto-shredding, new keys after erasure, exports."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.meta import Meta
from domain.personal import Category, Personal
from domain.retention.holds import refuse_if_held
from domain.subject import DataSubject
from domain.use_cases.base import UseCases
from domain.use_cases.retention import subject_holds

if TYPE_CHECKING:
    from domain.application import Receipt


class SubjectUseCases(UseCases):
    def register_subject(
        self,
        *,
        subject_id: UUID,
        relationship: str,
        name: Personal,
        date_of_birth: Personal | None,
        identifiers: dict[str, Personal],
        meta: Meta,
    ) -> Receipt:
        """Register a person whose personal data will be held."""
        subject = DataSubject.register(
            subject_id=subject_id,
            relationship=relationship,
            name=name,
            date_of_birth=date_of_birth,
            identifiers=identifiers,
            meta=meta,
        )
        return self.record(subject)

    def erase_subject(
        self,
        subject_id: UUID,
        *,
        category: Category | None,
        reason: str,
        legal_basis: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Crypto-shred a subject (or one category): destroy keys, then record SubjectErased."""
        subject = self.get_owned(DataSubject, subject_id, meta.partnership_id, expected_version)
        DataSubject.check_erasure(reason, legal_basis)
        refuse_if_held(subject_holds(self.repository, subject_id))  # rule retention.legal-hold
        destroyed = self.subject_keys.erase(subject_id, category)
        subject.erase(
            category=category,
            reason=reason,
            legal_basis=legal_basis,
            keys_destroyed=destroyed,
            meta=meta,
        )
        return self.record(subject)

    def authorise_new_key(
        self,
        subject_id: UUID,
        *,
        category: Category | None,
        reason: str,
        meta: Meta,
        expected_version: int | None = None,
    ) -> Receipt:
        """Allow new personal data for an erased subject, under a new key."""
        subject = self.get_owned(DataSubject, subject_id, meta.partnership_id, expected_version)
        subject.authorise_new_key(category=category, reason=reason, meta=meta)
        receipt = self.record(subject)
        self.subject_keys.authorise_new_key(subject_id, category)
        return receipt

    def record_export(self, subject_id: UUID, *, purpose: str, events: int, meta: Meta) -> Receipt:
        """Record that a subject-access export was produced."""
        subject = self.get_owned(DataSubject, subject_id, meta.partnership_id)
        subject.record_export(purpose=purpose, events=events, meta=meta)
        return self.record(subject)

    def get_subject(self, subject_id: UUID, partnership_id: str) -> DataSubject:
        return self.get_owned(DataSubject, subject_id, partnership_id)
