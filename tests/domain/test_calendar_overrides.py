"""The CalendarOverrides aggregate, in memory."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from domain.calendar_overrides import CalendarOverrides, overrides_id
from domain.errors import DomainError
from domain.transcodings import DOMAIN_TRANSCODINGS
from tests.examples import a_meta

JUBILEE = date(2026, 6, 15)  # a Monday


class InMemory(Application[Any]):
    """An in-memory application that stores dates and meta the way ReviewTrail does."""

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in DOMAIN_TRANSCODINGS:
            transcoder.register(transcoding)


def scotland() -> CalendarOverrides:
    return CalendarOverrides.start(calendar="scotland", meta=a_meta(role="administrator"))


def test_each_calendar_has_one_overrides_history_with_a_derived_id() -> None:
    assert scotland().id == overrides_id("scotland") == scotland().id
    assert overrides_id("scotland") != overrides_id("uk-any")


def test_adding_a_bank_holiday_records_the_day_reason_and_meta() -> None:
    overrides, meta = scotland(), a_meta(role="dp-lead", actor="dp-9")
    overrides.add_bank_holiday(day=JUBILEE, reason=" Jubilee ", meta=meta)
    event = overrides.collect_events()[-1]
    assert isinstance(event, CalendarOverrides.BankHolidayAdded)
    assert (event.calendar, event.day, event.reason, event.meta) == (
        "scotland",
        JUBILEE,
        "Jubilee",
        meta,
    )


def test_removing_a_bank_holiday_records_bank_holiday_removed() -> None:
    overrides = scotland()
    overrides.remove_bank_holiday(
        day=date(2026, 8, 3), reason="Moved by proclamation", meta=a_meta()
    )
    assert isinstance(overrides.collect_events()[-1], CalendarOverrides.BankHolidayRemoved)
    assert overrides.override_on(date(2026, 8, 3)) == ("remove", "Moved by proclamation")


def test_the_latest_word_on_a_day_wins() -> None:
    overrides = scotland()
    overrides.add_bank_holiday(day=JUBILEE, reason="Jubilee", meta=a_meta())
    overrides.remove_bank_holiday(day=JUBILEE, reason="Proclamation withdrawn", meta=a_meta())
    assert overrides.override_on(JUBILEE) == ("remove", "Proclamation withdrawn")


def test_a_day_never_overridden_has_no_override() -> None:
    assert scotland().override_on(JUBILEE) is None


@pytest.mark.parametrize(
    ("day", "reason", "rule"),
    [
        (JUBILEE, "  ", "calendar.reason-required"),
        (JUBILEE, "x" * 201, "calendar.reason-too-long"),
        (date(2026, 6, 13), "Saturday", "calendar.weekend"),
        (date(2026, 6, 14), "Sunday", "calendar.weekend"),
    ],
)
def test_an_invalid_override_is_refused_with_its_rule(day: date, reason: str, rule: str) -> None:
    overrides = scotland()
    with pytest.raises(DomainError) as refused:
        overrides.add_bank_holiday(day=day, reason=reason, meta=a_meta())
    assert refused.value.rule == rule
    assert overrides.version == 1


def test_repeating_the_same_override_is_refused() -> None:
    overrides = scotland()
    overrides.add_bank_holiday(day=JUBILEE, reason="Jubilee", meta=a_meta())
    with pytest.raises(DomainError) as refused:
        overrides.add_bank_holiday(day=JUBILEE, reason="Jubilee", meta=a_meta())
    assert refused.value.rule == "calendar.override-unchanged"


def test_restating_an_override_with_a_new_reason_is_recorded() -> None:
    overrides = scotland()
    overrides.add_bank_holiday(day=JUBILEE, reason="Jubilee", meta=a_meta())
    overrides.add_bank_holiday(day=JUBILEE, reason="Platinum Jubilee", meta=a_meta())
    assert overrides.override_on(JUBILEE) == ("add", "Platinum Jubilee")


def test_a_calendar_needs_a_name() -> None:
    with pytest.raises(DomainError) as refused:
        CalendarOverrides.start(calendar=" ", meta=a_meta())
    assert refused.value.rule == "calendar.name-required"


def test_events_have_pinned_topics_independent_of_module_paths() -> None:
    topics = {
        CalendarOverrides.Created.TOPIC,
        CalendarOverrides.BankHolidayAdded.TOPIC,
        CalendarOverrides.BankHolidayRemoved.TOPIC,
    }
    assert topics == {
        "reviewtrail.CalendarOverrides.Created",
        "reviewtrail.CalendarOverrides.BankHolidayAdded",
        "reviewtrail.CalendarOverrides.BankHolidayRemoved",
    }


def test_stored_overrides_replay_to_the_same_state() -> None:
    app = InMemory()
    overrides = scotland()
    overrides.add_bank_holiday(day=JUBILEE, reason="Jubilee", meta=a_meta())
    overrides.remove_bank_holiday(day=date(2026, 8, 3), reason="Moved", meta=a_meta())
    app.save(overrides)
    replayed: CalendarOverrides = app.repository.get(overrides_id("scotland"))
    assert replayed.calendar == "scotland"
    assert replayed.days == overrides.days
    assert replayed.version == 3
