"""UK calendars from the holidays package, with overrides, and the statutes' worked examples."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from holidays.version import __version__ as holidays_version
from hypothesis import given
from hypothesis import strategies as st

from adapters.calendars import (
    CALENDAR_NAMES,
    PACKAGE_VERSION,
    CalendarOverride,
    calendar_for,
)
from domain.clocks import BUILTIN_RULES, FOIA, UK_GDPR_SAR, Extension, compute

NATIONS = ("england-and-wales", "scotland", "northern-ireland")


def due(rule_id: str, received: date) -> date | None:
    rule = BUILTIN_RULES[rule_id]
    return compute(rule, received, calendar_for(rule.calendar)).due


# Worked examples: FOIA s.10 / FOISA s.10 working days; ICO right-of-access month counting.
@pytest.mark.parametrize(
    ("rule_id", "received", "expected"),
    [
        # NI's Battle of the Boyne (observed Mon 14 Jul) counts under FOIA only.
        ("foia", date(2025, 7, 1), date(2025, 7, 30)),
        ("foisa", date(2025, 7, 1), date(2025, 7, 29)),
        # NI's St Patrick's Day (Mon 17 Mar) counts under FOIA only.
        ("foia", date(2025, 3, 3), date(2025, 4, 1)),
        ("foisa", date(2025, 3, 3), date(2025, 3, 31)),
        # 25, 26 Dec, 1 Jan and Scotland's 2 Jan are all skipped by both.
        ("foia", date(2025, 12, 10), date(2026, 1, 13)),
        ("foisa", date(2025, 12, 10), date(2026, 1, 13)),
        ("eir", date(2025, 7, 1), date(2025, 7, 30)),
        ("uk-gdpr-sar", date(2025, 9, 3), date(2025, 10, 3)),
        ("uk-gdpr-sar", date(2025, 3, 31), date(2025, 4, 30)),
        ("uk-gdpr-sar", date(2025, 1, 31), date(2025, 2, 28)),
        ("uk-gdpr-sar", date(2026, 1, 30), date(2026, 3, 2)),
        # 25 Dec (Thu) and 26 Dec (Fri) are bank holidays, then a weekend.
        ("uk-gdpr-sar", date(2025, 11, 25), date(2025, 12, 29)),
    ],
)
def test_worked_example_is_due_on_the_stated_date(
    rule_id: str, received: date, expected: date
) -> None:
    assert due(rule_id, received) == expected


def test_sar_received_31_mar_2025_and_extended_is_due_30_jun_2025() -> None:
    calendar = calendar_for("england-and-wales")
    extension = Extension(date(2025, 4, 10), reason="complex")
    deadline = compute(UK_GDPR_SAR, date(2025, 3, 31), calendar, extension=extension)
    assert deadline.due == date(2025, 6, 30)


def test_foia_and_england_only_counting_differ_on_the_boyne_holiday() -> None:
    england = compute(FOIA, date(2025, 7, 1), calendar_for("england-and-wales"))
    assert england.due == date(2025, 7, 29)


def test_foia_explains_the_northern_irish_holiday_it_skipped() -> None:
    steps = compute(FOIA, date(2025, 7, 1), calendar_for("uk-any")).explain().splitlines()
    assert (
        "2025-07-14 skipped: bank holiday: Battle of the Boyne (observed) (northern-ireland)"
        in (steps)
    )


# Calendars


def test_calendar_names_are_the_three_nations_and_uk_any() -> None:
    assert set(CALENDAR_NAMES) == {*NATIONS, "uk-any"}


def test_christmas_reason_names_the_holiday_and_the_calendar() -> None:
    reason = calendar_for("scotland").non_working_reason(date(2026, 12, 25))
    assert reason == "bank holiday: Christmas Day (scotland)"


def test_uk_any_names_every_nation_that_keeps_a_holiday() -> None:
    reason = calendar_for("uk-any").non_working_reason(date(2026, 12, 25))
    assert reason == "bank holiday: Christmas Day (england-and-wales, scotland, northern-ireland)"


@pytest.mark.parametrize("name", CALENDAR_NAMES)
def test_weekend_days_are_named_in_every_calendar(name: str) -> None:
    calendar = calendar_for(name)
    assert calendar.non_working_reason(date(2026, 1, 10)) == "Saturday"
    assert calendar.non_working_reason(date(2026, 1, 11)) == "Sunday"


@pytest.mark.parametrize(
    ("name", "is_working"),
    [
        ("england-and-wales", True),
        ("northern-ireland", True),
        ("scotland", False),
        ("uk-any", False),
    ],
)
def test_2_january_is_a_bank_holiday_in_scotland_only(name: str, is_working: bool) -> None:
    assert calendar_for(name).is_working_day(date(2026, 1, 2)) is is_working


@pytest.mark.parametrize(
    ("name", "is_working"),
    [
        ("england-and-wales", False),
        ("northern-ireland", False),
        ("scotland", True),
        ("uk-any", False),
    ],
)
def test_easter_monday_is_not_a_scottish_bank_holiday(name: str, is_working: bool) -> None:
    assert calendar_for(name).is_working_day(date(2025, 4, 21)) is is_working


def test_st_andrews_day_observed_is_a_scottish_bank_holiday() -> None:
    assert calendar_for("scotland").non_working_reason(date(2025, 12, 1)) == (
        "bank holiday: Saint Andrew's Day (observed) (scotland)"
    )


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_uk_any_is_the_union_of_the_nations(day: date) -> None:
    any_nation = any(not calendar_for(name).is_working_day(day) for name in NATIONS)
    assert calendar_for("uk-any").is_working_day(day) is not any_nation


def test_unknown_calendar_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown calendar"):
        calendar_for("wales")


# Overrides and versions

ADDED = CalendarOverride(date(2025, 7, 22), "add", "State funeral", "scotland")


def test_override_adds_a_bank_holiday() -> None:
    reason = calendar_for("scotland", [ADDED]).non_working_reason(date(2025, 7, 22))
    assert reason == "bank holiday: State funeral [override] (scotland)"


def test_override_removes_a_bank_holiday() -> None:
    removed = CalendarOverride(date(2025, 8, 4), "remove", "not observed", "scotland")
    assert calendar_for("scotland", [removed]).is_working_day(date(2025, 8, 4))


def test_a_nations_override_applies_to_uk_any() -> None:
    assert not calendar_for("uk-any", [ADDED]).is_working_day(date(2025, 7, 22))


def test_a_nations_override_does_not_touch_another_nation() -> None:
    assert calendar_for("england-and-wales", [ADDED]).is_working_day(date(2025, 7, 22))


def test_removing_a_holiday_in_one_nation_keeps_it_in_uk_any_while_another_keeps_it() -> None:
    removed = CalendarOverride(date(2025, 8, 25), "remove", "moved", "england-and-wales")
    reason = calendar_for("uk-any", [removed]).non_working_reason(date(2025, 8, 25))
    assert reason == "bank holiday: Late Summer Bank Holiday (northern-ireland)"


def test_uk_any_override_can_remove_a_holiday_every_nation_keeps() -> None:
    removed = CalendarOverride(date(2025, 8, 25), "remove", "moved", "uk-any")
    assert calendar_for("uk-any", [removed]).is_working_day(date(2025, 8, 25))


def test_later_override_of_the_same_day_wins() -> None:
    removed = CalendarOverride(ADDED.day, "remove", "withdrawn", "scotland")
    assert calendar_for("scotland", [ADDED, removed]).is_working_day(ADDED.day)


def test_override_with_an_unknown_action_is_refused() -> None:
    with pytest.raises(ValueError, match="action"):
        CalendarOverride(date(2025, 7, 22), "move", "typo", "scotland")  # type: ignore[arg-type]


def test_override_of_an_unknown_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown calendar"):
        CalendarOverride(date(2025, 7, 22), "add", "typo", "england")


def test_version_without_overrides_is_the_package_version() -> None:
    assert calendar_for("scotland").version == f"holidays-{holidays_version}" == PACKAGE_VERSION


def test_version_changes_when_an_override_applies() -> None:
    version = calendar_for("scotland", [ADDED]).version
    assert version.startswith(f"{PACKAGE_VERSION}+")
    assert version != calendar_for("scotland").version


def test_version_changes_when_an_override_changes() -> None:
    renamed = CalendarOverride(ADDED.day, "add", "Coronation", "scotland")
    assert calendar_for("scotland", [ADDED]).version != calendar_for("scotland", [renamed]).version


def test_version_ignores_overrides_of_other_calendars() -> None:
    assert calendar_for("england-and-wales", [ADDED]).version == PACKAGE_VERSION


def test_version_does_not_depend_on_override_order() -> None:
    other = CalendarOverride(date(2025, 7, 23), "add", "Second day", "scotland")
    first = calendar_for("scotland", [ADDED, other]).version
    assert first == calendar_for("scotland", [other, ADDED]).version


def test_added_bank_holiday_moves_a_foia_deadline_one_working_day_later() -> None:
    calendar = calendar_for("uk-any", [ADDED])
    assert compute(FOIA, date(2025, 7, 1), calendar).due == date(2025, 7, 31)


@given(st.dates(date(2024, 1, 1), date(2027, 12, 31)), st.data())
def test_override_inside_the_counted_span_moves_the_deadline_by_one_working_day(
    received: date, data: st.DataObject
) -> None:
    before = calendar_for("uk-any")
    original = compute(FOIA, received, before).due
    assert original is not None
    span = [received + timedelta(days=n) for n in range(1, (original - received).days + 1)]
    day = data.draw(st.sampled_from([d for d in span if before.is_working_day(d)]))
    after = calendar_for("uk-any", [CalendarOverride(day, "add", "proclaimed", "uk-any")])
    moved = compute(FOIA, received, after).due
    assert moved is not None
    assert moved > original
    assert [d for d in _days_after(original, moved) if after.is_working_day(d)] == [moved]


def _days_after(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range(1, (last - first).days + 1)]
