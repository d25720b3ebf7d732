"""decision_trail: which events join the trail, and what it keeps of them (no personal value)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from domain.meta import Meta
from domain.personal import Category, Personal
from projections.decision_trail import DecisionTrailProjection
from tests.examples import a_meta

WHEN = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


@dataclass
class TeamMemberAppointed:
    """Shaped as the review event of that name (the projection matches on the name)."""

    independence_statement: Personal | None
    meta: Meta = field(default_factory=a_meta)
    originator_id: UUID = field(default_factory=uuid4)
    member: UUID = field(default_factory=uuid4)
    role: str = "reviewer"
    agency: str = "Independent"
    external: bool = True
    appointed_on: date = date(2026, 4, 30)
    timestamp: datetime = WHEN


@dataclass
class DecisionRecorded:
    dissent: list[str]
    meta: Meta = field(default_factory=a_meta)
    originator_id: UUID = field(default_factory=uuid4)
    subject: str = "publication"
    outcome: str = "publish"
    response: str | None = None
    made_by: str = "partnership-board"
    decision_makers: list[str] = field(default_factory=lambda: ["board-chair", "vice-chair"])
    rationale: str = "In the public interest."
    decided_on: date = date(2026, 4, 30)
    kind: str | None = None
    amendments: str | None = None
    planned_publication_date: date | None = date(2026, 6, 1)
    chronology_months: int | None = None
    timestamp: datetime = WHEN


@dataclass
class AgencyInformationRecorded:
    """A review event that is not a decision."""

    meta: Meta = field(default_factory=a_meta)
    originator_id: UUID = field(default_factory=uuid4)
    timestamp: datetime = WHEN


@dataclass
class Rows:
    written: list[dict[str, Any]] = field(default_factory=list)

    def recorded(self, **row: Any) -> None:
        self.written.append(row)


def applied(event: Any, position: int = 7) -> list[dict[str, Any]]:
    rows = Rows()
    DecisionTrailProjection().apply(event, position, rows)
    return rows.written


def test_an_event_that_is_not_a_decision_is_not_on_the_trail() -> None:
    assert applied(AgencyInformationRecorded()) == []


def test_a_decision_without_dissent_is_unanimous_and_keeps_its_position_and_actor() -> None:
    event = DecisionRecorded(dissent=[])
    (row,) = applied(event, position=42)
    assert (row["position"], row["review_id"], row["event_type"]) == (
        42,
        event.originator_id,
        "DecisionRecorded",
    )
    assert (row["actor_id"], row["actor_role"]) == (event.meta.actor_id, event.meta.actor_role)
    assert row["summary"]["method"] == "unanimous"
    assert row["summary"]["planned_publication_date"] == "2026-06-01"


def test_an_appointment_without_a_statement_says_none_was_given() -> None:
    (row,) = applied(TeamMemberAppointed(independence_statement=None))
    assert row["summary"]["independence_statement_given"] is False
    assert row["personal"] == []


@given(text=st.text(min_size=1, max_size=40).filter(lambda t: t.strip() != ""))
def test_an_independence_statement_is_kept_as_a_reference_never_as_its_value(text: str) -> None:
    subject = uuid4()
    statement = Personal(subject, Category.NARRATIVE, f"<<{text}>>")
    (row,) = applied(TeamMemberAppointed(independence_statement=statement))
    assert row["personal"] == [
        {"field": "/independence_statement", "subject_id": str(subject), "category": "narrative"}
    ]
    assert row["summary"]["independence_statement_given"] is True
    assert f"<<{text}>>" not in repr(row["summary"])
