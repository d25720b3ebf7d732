"""The DataSubject aggregate: a person whose personal data reviewtrail holds.

Its id *is* the subject id that every ``Personal`` about the person carries, so the key store,
the subject index and erasure all meet on it. Its events hold no personal data apart from the
registration's ``Personal`` fields (encrypted); erasure and exports are recorded here too.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal

IDENTIFIER_KINDS = ("nhs-number", "chi-number", "ni-number")


def _topic(name: str) -> str:
    return f"reviewtrail.DataSubject.{name}"


class DataSubject(Aggregate):
    """A person: child, adult at risk, family member, practitioner or requester."""

    TOPIC = "reviewtrail.DataSubject"

    class Created(Aggregate.Created):
        TOPIC = _topic("Created")

    @classmethod
    def register(
        cls,
        *,
        subject_id: UUID,
        relationship: str,
        name: Personal,
        date_of_birth: Personal | None,
        identifiers: dict[str, Personal],
        meta: Meta,
    ) -> DataSubject:
        """Register a person (rule: every personal field is about this subject) → SubjectRegistered.

        Raises DomainError ``subject.field-of-another-subject`` or ``subject.unknown-identifier``.
        """
        fields = [name, *identifiers.values(), *([date_of_birth] if date_of_birth else [])]
        if any(f.subject_id != subject_id for f in fields):
            raise DomainError("subject.field-of-another-subject", "a field is about someone else")
        unknown = set(identifiers) - set(IDENTIFIER_KINDS)
        if unknown:
            raise DomainError("subject.unknown-identifier", "unknown identifier kind")
        if not relationship.strip():
            raise DomainError("subject.relationship-required", "the relationship is required")
        return cls(
            id=subject_id,
            partnership_id=meta.partnership_id,
            relationship=relationship.strip(),
            name=name,
            date_of_birth=date_of_birth,
            identifiers=dict(identifiers),
            meta=meta,
        )

    @event("SubjectRegistered", topic=_topic("SubjectRegistered"))
    def __init__(
        self,
        *,
        id: UUID,
        partnership_id: str,
        relationship: str,
        name: Personal,
        date_of_birth: Personal | None,
        identifiers: dict[str, Personal],
        meta: Meta,
    ) -> None:
        self.partnership_id = partnership_id
        self.relationship = relationship
        self.erasures: list[dict[str, Any]] = []
        self.exports = 0

    def erase(
        self,
        *,
        category: Category | None,
        reason: str,
        legal_basis: str,
        keys_destroyed: int,
        meta: Meta,
    ) -> None:
        """Record crypto-shredding (rule: reason and legal basis stated) → SubjectErased."""
        self.check_erasure(reason, legal_basis)
        self._erased(
            category=category.value if category else None,
            reason=reason.strip(),
            legal_basis=legal_basis.strip(),
            keys_destroyed=keys_destroyed,
            meta=meta,
        )

    @staticmethod
    def check_erasure(reason: str, legal_basis: str) -> None:
        """Raises DomainError ``subject.erasure-needs-reason`` unless both are stated."""
        if not reason.strip() or not legal_basis.strip():
            raise DomainError(
                "subject.erasure-needs-reason", "a reason and a legal basis are required"
            )

    @event("SubjectErased", topic=_topic("SubjectErased"))
    def _erased(
        self,
        *,
        category: str | None,
        reason: str,
        legal_basis: str,
        keys_destroyed: int,
        meta: Meta,
    ) -> None:
        self.erasures.append({"category": category, "reason": reason})

    def authorise_new_key(self, *, category: Category | None, reason: str, meta: Meta) -> None:
        """Allow new personal data after an erasure (rule: reason stated) → NewKeyAuthorised."""
        if not reason.strip():
            raise DomainError("subject.new-key-needs-reason", "a reason is required")
        self._new_key_authorised(
            category=category.value if category else None, reason=reason, meta=meta
        )

    @event("NewKeyAuthorised", topic=_topic("NewKeyAuthorised"))
    def _new_key_authorised(self, *, category: str | None, reason: str, meta: Meta) -> None:
        pass

    def record_export(self, *, purpose: str, events: int, meta: Meta) -> None:
        """Record a subject-access export (rule: purpose stated) → SubjectDataExported."""
        if not purpose.strip():
            raise DomainError(
                "subject.export-needs-purpose", "the purpose of the export is required"
            )
        self._exported(purpose=purpose.strip(), events=events, meta=meta)

    @event("SubjectDataExported", topic=_topic("SubjectDataExported"))
    def _exported(self, *, purpose: str, events: int, meta: Meta) -> None:
        self.exports += 1
