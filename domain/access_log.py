"""PersonalDataAccess: one read of decrypted personal data, recorded for the access trail.

Each read is its own aggregate with a single event, rather than an event on the record read
(a Review) or on each person read about (their DataSubject). Appending to the record would bump
its version, so a mere read would change its ``ETag`` and break a writer's ``If-Match``;
appending to shared aggregates would make concurrent readers conflict and would need a load
before every write. A fresh aggregate is one insert that cannot conflict with anything. The
event is named ``...Viewed`` and carries ``purpose`` and ``subject_ids``, which is all the
access_trail projection looks for.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category


def _topic(name: str) -> str:
    # Pinned topics: renaming a module or class must never break the stored history.
    return f"reviewtrail.PersonalDataAccess.{name}"


class PersonalDataAccess(Aggregate):
    """A reader was shown decrypted values about some people, from one record, for a purpose."""

    TOPIC = "reviewtrail.PersonalDataAccess"

    class Created(Aggregate.Created):
        TOPIC = _topic("Created")

    @classmethod
    def record_view(
        cls,
        *,
        access_id: UUID,
        record_kind: str,
        record_id: UUID,
        subject_ids: Iterable[UUID],
        categories: Iterable[Category],
        purpose: str,
        meta: Meta,
    ) -> PersonalDataAccess:
        """Record a view (rule: purpose stated, someone's data shown) → PersonalDataViewed.

        Raises DomainError ``access.purpose-required`` or ``access.nothing-viewed``.
        """
        if not purpose.strip():
            raise DomainError("access.purpose-required", "the purpose of the read is required")
        subjects = list(dict.fromkeys(subject_ids))
        if not subjects:
            raise DomainError("access.nothing-viewed", "no personal data was shown")
        return cls(
            id=access_id,
            partnership_id=meta.partnership_id,
            record_kind=record_kind,
            record_id=record_id,
            subject_ids=subjects,
            categories=sorted(c.value for c in set(categories)),
            purpose=purpose.strip(),
            meta=meta,
        )

    @event("PersonalDataViewed", topic=_topic("PersonalDataViewed"))
    def __init__(
        self,
        *,
        id: UUID,
        partnership_id: str,
        record_kind: str,
        record_id: UUID,
        subject_ids: list[UUID],
        categories: list[str],
        purpose: str,
        meta: Meta,
    ) -> None:
        self.partnership_id = partnership_id
        self.record_kind = record_kind
        self.record_id = record_id
        self.subject_ids = subject_ids
        self.purpose = purpose
