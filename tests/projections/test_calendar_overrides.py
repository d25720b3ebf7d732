"""calendar_overrides view on real PostgreSQL: one current row per (calendar, day)."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.deps import Services
from tests.examples import a_meta, a_notification

JUBILEE = date(2026, 6, 15)


def rows(services: Services, calendar: str) -> list[tuple[Any, ...]]:
    return [
        (r["calendar"], r["day"], r["action"], r["reason"], r["last_position"])
        for r in services.calendars.list(calendar)
    ]


def test_the_latest_override_of_a_day_replaces_the_earlier_row(services: Services) -> None:
    meta = a_meta(role="administrator")
    services.app.add_bank_holiday(calendar="scotland", day=JUBILEE, reason="Jubilee", meta=meta)
    last = services.app.remove_bank_holiday(
        calendar="scotland", day=JUBILEE, reason="Withdrawn", meta=meta
    )
    services.runner.catch_up("calendar_overrides")
    assert rows(services, "scotland") == [
        ("scotland", JUBILEE, "remove", "Withdrawn", last.position)
    ]


def test_uk_any_lists_every_nations_overrides_by_day(services: Services) -> None:
    meta = a_meta(role="dp-lead")
    services.app.add_bank_holiday(calendar="scotland", day=JUBILEE, reason="Jubilee", meta=meta)
    services.app.add_bank_holiday(
        calendar="northern-ireland", day=date(2026, 5, 1), reason="Proclaimed", meta=meta
    )
    services.runner.catch_up("calendar_overrides")
    listed = [(calendar, day) for calendar, day, *_ in rows(services, "uk-any")]
    assert listed == [("northern-ireland", date(2026, 5, 1)), ("scotland", JUBILEE)]


def test_review_events_leave_the_view_empty(services: Services) -> None:
    services.app.receive_notification(**a_notification(), meta=a_meta())
    assert services.runner.catch_up("calendar_overrides") == 1
    assert rows(services, "uk-any") == []


def test_a_rebuild_reproduces_the_same_rows(services: Services) -> None:
    meta = a_meta(role="administrator")
    services.app.add_bank_holiday(calendar="scotland", day=JUBILEE, reason="Jubilee", meta=meta)
    services.app.remove_bank_holiday(
        calendar="scotland", day=date(2026, 8, 3), reason="Moved", meta=meta
    )
    services.runner.catch_up("calendar_overrides")
    before = rows(services, "scotland")
    services.runner.rebuild("calendar_overrides")
    assert rows(services, "scotland") == before
    assert len(before) == 2
