"""access_trail: which events count as a read of personal data, and the view on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from api.deps import Services
from domain.meta import Meta
from domain.personal import Category, Personal
from projections.access_trail import AccessTrailProjection
from tests.examples import a_meta

WHEN = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


@dataclass
class RecordViewed:
    """A future event in the naming convention: ``...Viewed`` with a ``purpose``."""

    originator_id: UUID
    subject_id: UUID
    purpose: str
    meta: Meta
    timestamp: datetime = WHEN


@dataclass
class CaseFileOpened:
    """A future event that opts in with ``access_purpose`` and names several people."""

    originator_id: UUID
    subject_ids: list[UUID]
    access_purpose: str
    meta: Meta
    timestamp: datetime = WHEN


@dataclass
class SummaryAmended:
    """Not an access: it has a purpose-like field but neither marker."""

    originator_id: UUID
    purpose: str
    meta: Meta
    timestamp: datetime = WHEN


@dataclass
class Rows:
    written: list[dict[str, Any]] = field(default_factory=list)

    def accessed(self, **row: Any) -> None:
        self.written.append(row)


def applied(event: Any) -> list[dict[str, Any]]:
    rows = Rows()
    AccessTrailProjection().apply(event, 7, rows)
    return rows.written


def test_a_viewed_event_with_a_purpose_is_a_view_of_its_subject() -> None:
    subject = uuid4()
    (row,) = applied(RecordViewed(uuid4(), subject, "case conference", a_meta(role="chair")))
    assert (row["subject_ids"], row["action"], row["purpose"]) == (
        [subject],
        "view",
        "case conference",
    )
    assert (row["actor_id"], row["actor_role"], row["accessed_at"]) == ("user-1", "chair", WHEN)


def test_an_event_with_an_access_purpose_names_every_subject_it_read() -> None:
    people = [uuid4(), uuid4()]
    (row,) = applied(CaseFileOpened(uuid4(), people, "panel preparation", a_meta()))
    assert (row["subject_ids"], row["action"]) == (people, "access")


def test_an_event_without_a_marker_is_not_an_access() -> None:
    assert applied(SummaryAmended(uuid4(), "typo", a_meta())) == []


def export(services: Services, *, purpose: str, partnership: str = "p-north") -> UUID:
    subject = uuid4()
    meta = a_meta(partnership=partnership, role="dp-lead", actor="dpo-7")
    services.app.register_subject(
        subject_id=subject,
        relationship="child",
        name=Personal(subject, Category.IDENTITY, "Alex"),
        date_of_birth=None,
        identifiers={},
        meta=meta,
    )
    services.app.record_export(subject, purpose=purpose, events=1, meta=meta)
    return subject


def test_a_subject_export_is_on_the_trail_of_that_subject_only(services: Services) -> None:
    subject = export(services, purpose="SAR 2026/3")
    export(services, purpose="SAR 2026/4")  # another subject: not on this trail
    services.runner.catch_up("access_trail")
    rows = services.access.page("p-north", subject_id=subject, actor_id=None, after=None, limit=10)
    assert [(r["subject_id"], r["actor_id"], r["action"], r["purpose"]) for r in rows] == [
        (subject, "dpo-7", "export", "SAR 2026/3")
    ]


def test_another_partnership_sees_none_of_the_trail(services: Services) -> None:
    subject = export(services, purpose="SAR 2026/3")
    services.runner.catch_up("access_trail")
    assert (
        services.access.page("p-south", subject_id=subject, actor_id=None, after=None, limit=10)
        == []
    )
