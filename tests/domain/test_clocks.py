"""The pure clock engine, counted against fixed calendars (real UK calendars: tests/adapters)."""

from __future__ import annotations

import calendar as gregorian
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.clocks import (
    BUILTIN_RULES,
    EIR,
    FOIA,
    FOISA,
    UK_GDPR_SAR,
    ClockError,
    ClockRule,
    ClockStatus,
    DayZero,
    Deadline,
    Direction,
    Extension,
    ExtensionPolicy,
    FixedCalendar,
    Pause,
    Restart,
    StepKind,
    Unit,
    add_months,
    compute,
    status,
    working_days_between,
)

PLAIN = FixedCalendar()
FESTIVE = FixedCalendar(
    {
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 28): "Boxing Day (observed)",
        date(2027, 1, 1): "New Year's Day",
    },
    version="festive-2026",
)
MON_5_JAN = date(2026, 1, 5)


def rule(unit: Unit = Unit.WORKING_DAYS, amount: int = 20, **options: Any) -> ClockRule:
    return ClockRule("test", "test clock", unit, amount, "fixed", **options)


def lines(deadline: Deadline) -> list[str]:
    return deadline.explain().splitlines()


# Day 0 and working days


def test_first_working_day_after_receipt_is_day_one() -> None:
    assert compute(rule(amount=1), MON_5_JAN, PLAIN).due == date(2026, 1, 6)


def test_receipt_on_a_saturday_makes_monday_day_one() -> None:
    assert compute(rule(amount=1), date(2026, 1, 10), PLAIN).due == date(2026, 1, 12)


def test_next_working_day_convention_makes_monday_day_zero_for_saturday_receipt() -> None:
    clock = rule(amount=1, day_zero=DayZero.NEXT_WORKING_DAY)
    assert compute(clock, date(2026, 1, 10), PLAIN).due == date(2026, 1, 13)


def test_twenty_working_days_skip_the_weekends() -> None:
    assert compute(FOIA, MON_5_JAN, PLAIN).due == date(2026, 2, 2)


def test_christmas_and_new_year_holidays_are_skipped() -> None:
    # Counted: 21-24 Dec (4), 29-31 Dec (7), 4-8 Jan (12), 11-15 Jan (17), 18-20 Jan (20).
    assert compute(FOIA, date(2026, 12, 18), FESTIVE).due == date(2027, 1, 20)


def test_each_skipped_holiday_has_its_own_step() -> None:
    steps = lines(compute(FOIA, date(2026, 12, 18), FESTIVE))
    assert "2026-12-25 skipped: bank holiday: Christmas Day" in steps
    assert "2026-12-28 skipped: bank holiday: Boxing Day (observed)" in steps
    assert "2027-01-01 skipped: bank holiday: New Year's Day" in steps


def test_counted_days_are_grouped_into_one_step_per_run() -> None:
    deadline = compute(FOIA, MON_5_JAN, PLAIN)
    assert "2026-01-06..2026-01-09 counted: working days 1-4" in lines(deadline)
    assert sum(step.kind is StepKind.COUNT for step in deadline.steps) == 5


def test_deadline_records_the_calendar_version_it_was_computed_with() -> None:
    assert compute(FOIA, MON_5_JAN, FESTIVE).calendar_version == "festive-2026"


def test_a_clock_must_count_at_least_one_unit() -> None:
    with pytest.raises(ClockError):
        rule(amount=0)


# Months, weeks and calendar days


def test_sar_received_3_sep_is_due_on_the_corresponding_date_3_oct() -> None:
    assert compute(UK_GDPR_SAR, date(2025, 9, 3), PLAIN).due == date(2025, 10, 3)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2025, 3, 31), date(2025, 4, 30)),
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
    ],
)
def test_month_clock_clamps_to_the_last_day_of_a_shorter_month(received: date, due: date) -> None:
    assert compute(rule(Unit.MONTHS, 1), received, PLAIN).due == due


def test_sar_received_30_jan_2026_is_due_mon_2_mar_2026() -> None:
    assert compute(UK_GDPR_SAR, date(2026, 1, 30), PLAIN).due == date(2026, 3, 2)


def test_sar_rollover_lists_the_weekend_it_skipped() -> None:
    deadline = compute(UK_GDPR_SAR, date(2026, 1, 30), PLAIN)
    assert "2026-02-28 skipped: Saturday" in lines(deadline)
    assert "2026-03-01 skipped: Sunday" in lines(deadline)
    assert [s.kind for s in deadline.steps][-2:] == [StepKind.ROLLOVER, StepKind.DUE]


def test_calendar_day_clock_without_roll_forward_can_end_on_a_saturday() -> None:
    assert compute(rule(Unit.CALENDAR_DAYS, 5), MON_5_JAN, PLAIN).due == date(2026, 1, 10)


def test_calendar_day_clock_with_roll_forward_ends_on_the_next_working_day() -> None:
    clock = rule(Unit.CALENDAR_DAYS, 5, roll_forward=True)
    assert compute(clock, MON_5_JAN, PLAIN).due == date(2026, 1, 12)


def test_weeks_count_seven_calendar_days_each() -> None:
    assert compute(rule(Unit.WEEKS, 2), MON_5_JAN, PLAIN).due == date(2026, 1, 19)


def test_add_months_backwards_clamps_to_the_month_end() -> None:
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


# Pauses and restarts


def test_working_days_inside_a_pause_do_not_count() -> None:
    pause = Pause(date(2026, 1, 12), date(2026, 1, 14), "fee notice")
    assert compute(FOIA, MON_5_JAN, PLAIN, pauses=[pause]).due == date(2026, 2, 5)


def test_pause_is_explained_as_one_step() -> None:
    pause = Pause(date(2026, 1, 12), date(2026, 1, 14), "fee notice")
    steps = lines(compute(FOIA, MON_5_JAN, PLAIN, pauses=[pause]))
    assert "2026-01-12..2026-01-14 paused: fee notice" in steps


def test_pause_on_a_month_clock_adds_the_paused_days() -> None:
    pause = Pause(date(2025, 9, 10), date(2025, 9, 19), "clarification sought")
    assert compute(UK_GDPR_SAR, date(2025, 9, 3), PLAIN, pauses=[pause]).due == date(2025, 10, 13)


def test_open_pause_leaves_the_clock_paused_without_a_due_date() -> None:
    pause = Pause(date(2026, 1, 12), None, "parallel proceedings")
    deadline = compute(FOIA, MON_5_JAN, PLAIN, pauses=[pause])
    assert (deadline.paused, deadline.due, deadline.paused_since) == (True, None, date(2026, 1, 12))


def test_open_pause_after_the_due_date_does_not_pause_the_clock() -> None:
    pause = Pause(date(2026, 2, 10), None, "parallel proceedings")
    deadline = compute(FOIA, MON_5_JAN, PLAIN, pauses=[pause])
    assert (deadline.paused, deadline.due) == (False, date(2026, 2, 2))


def test_pause_cannot_end_before_it_starts() -> None:
    with pytest.raises(ClockError):
        Pause(date(2026, 1, 14), date(2026, 1, 12))


def test_clarification_restarts_the_count_from_its_receipt() -> None:
    restart = Restart(date(2026, 1, 19), "clarification received")
    assert compute(FOIA, MON_5_JAN, PLAIN, restarts=[restart]).due == date(2026, 2, 16)


def test_restart_is_explained() -> None:
    deadline = compute(FOIA, MON_5_JAN, PLAIN, restarts=[Restart(date(2026, 1, 19))])
    assert "2026-01-19 clock restarted: clarification received" in lines(deadline)


def test_restart_before_receipt_is_refused() -> None:
    with pytest.raises(ClockError):
        compute(FOIA, MON_5_JAN, PLAIN, restarts=[Restart(date(2026, 1, 2))])


# Extensions


def test_foia_public_interest_extension_adds_twenty_working_days() -> None:
    deadline = compute(FOIA, MON_5_JAN, PLAIN, extension=Extension(date(2026, 1, 20)))
    assert (deadline.original_due, deadline.due) == (date(2026, 2, 2), date(2026, 3, 2))


def test_public_interest_extension_length_is_configurable() -> None:
    extension = Extension(date(2026, 1, 20), amount=10)
    assert compute(FOIA, MON_5_JAN, PLAIN, extension=extension).due == date(2026, 2, 16)


def test_foisa_allows_no_extension() -> None:
    with pytest.raises(ClockError, match="allows no extension"):
        compute(FOISA, MON_5_JAN, PLAIN, extension=Extension(date(2026, 1, 20)))


def test_eir_complex_and_voluminous_request_gets_forty_working_days() -> None:
    assert compute(EIR, MON_5_JAN, PLAIN, extension=Extension(date(2026, 1, 20))).due == date(
        2026, 3, 2
    )


def test_eir_extension_beyond_forty_working_days_is_refused() -> None:
    with pytest.raises(ClockError):
        compute(EIR, MON_5_JAN, PLAIN, extension=Extension(date(2026, 1, 20), amount=21))


def test_sar_extension_counts_three_months_from_receipt() -> None:
    deadline = compute(
        UK_GDPR_SAR, date(2025, 1, 31), PLAIN, extension=Extension(date(2025, 2, 10))
    )
    assert deadline.due == date(2025, 4, 30)


def test_sar_extension_by_one_month_counts_two_months_from_receipt() -> None:
    extension = Extension(date(2025, 2, 10), amount=1)
    assert compute(UK_GDPR_SAR, date(2025, 1, 31), PLAIN, extension=extension).due == date(
        2025, 3, 31
    )


def test_sar_extension_by_three_months_is_refused() -> None:
    with pytest.raises(ClockError):
        compute(UK_GDPR_SAR, date(2025, 1, 31), PLAIN, extension=Extension(date(2025, 2, 10), 3))


def test_sar_extension_notified_after_the_original_due_date_is_refused() -> None:
    with pytest.raises(ClockError, match="after the original due date 2026-03-02"):
        compute(UK_GDPR_SAR, date(2026, 1, 30), PLAIN, extension=Extension(date(2026, 3, 3)))


def test_sar_extension_notified_on_the_original_due_date_is_accepted() -> None:
    deadline = compute(UK_GDPR_SAR, date(2026, 1, 30), PLAIN, extension=Extension(date(2026, 3, 2)))
    assert deadline.due == date(2026, 4, 30)


def test_extension_without_a_notice_date_is_refused_when_notice_is_required() -> None:
    with pytest.raises(ClockError, match="notice date is required"):
        compute(UK_GDPR_SAR, date(2026, 1, 30), PLAIN, extension=Extension())


def test_an_extension_whose_notice_is_still_pending_counts_and_says_so() -> None:
    extension = Extension(amount=2, notice_pending=True)
    deadline = compute(UK_GDPR_SAR, date(2026, 1, 30), PLAIN, extension=extension)
    assert deadline.due == date(2026, 4, 30)
    assert "notice still to be given by 2026-03-02" in deadline.explain()


def test_an_extension_counted_in_another_unit_than_the_rule_s_is_refused() -> None:
    with pytest.raises(ClockError, match="extended in working days"):
        compute(FOIA, MON_5_JAN, PLAIN, extension=Extension(MON_5_JAN, 1, unit=Unit.MONTHS))


def test_extension_in_another_unit_counts_on_from_the_original_due_date() -> None:
    policy = ExtensionPolicy(Unit.WORKING_DAYS, 5, notice_within_period=False)
    clock = rule(Unit.MONTHS, 1, roll_forward=True, extension=policy)
    assert compute(clock, date(2026, 1, 30), PLAIN, extension=Extension()).due == date(2026, 3, 9)


# "At least N before" deadlines


def test_report_is_due_two_weeks_before_planned_publication() -> None:
    clock = rule(Unit.WEEKS, 2, direction=Direction.BACKWARD)
    assert compute(clock, date(2026, 3, 20), PLAIN).due == date(2026, 3, 6)


def test_seven_working_days_before_publication_skip_the_weekend() -> None:
    clock = rule(Unit.WORKING_DAYS, 7, direction=Direction.BACKWARD)
    assert compute(clock, date(2026, 3, 20), PLAIN).due == date(2026, 3, 11)


def test_backward_deadline_on_a_saturday_rolls_back_to_friday() -> None:
    clock = rule(Unit.CALENDAR_DAYS, 5, direction=Direction.BACKWARD, roll_forward=True)
    assert compute(clock, date(2026, 3, 12), PLAIN).due == date(2026, 3, 6)


def test_backward_deadline_refuses_pauses() -> None:
    clock = rule(Unit.WEEKS, 2, direction=Direction.BACKWARD)
    with pytest.raises(ClockError):
        compute(clock, date(2026, 3, 20), PLAIN, pauses=[Pause(date(2026, 3, 1))])


# Dashboards


def test_working_days_left_exclude_today_and_include_the_due_date() -> None:
    assert working_days_between(MON_5_JAN, date(2026, 1, 9), PLAIN) == 4


def test_working_days_left_on_the_due_date_are_zero() -> None:
    assert working_days_between(MON_5_JAN, MON_5_JAN, PLAIN) == 0


def test_working_days_between_are_negative_once_overdue() -> None:
    assert working_days_between(date(2026, 1, 12), date(2026, 1, 9), PLAIN) == -1


def test_working_days_between_skip_bank_holidays() -> None:
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29), FESTIVE) == 1


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 23), ClockStatus.ON_TRACK),
        (date(2026, 1, 26), ClockStatus.DUE_SOON),
        (date(2026, 2, 2), ClockStatus.DUE_SOON),
        (date(2026, 2, 3), ClockStatus.OVERDUE),
    ],
)
def test_status_is_due_soon_within_five_working_days(today: date, expected: ClockStatus) -> None:
    assert status(compute(FOIA, MON_5_JAN, PLAIN), today, PLAIN) == expected


def test_status_of_a_paused_clock_is_paused() -> None:
    deadline = compute(FOIA, MON_5_JAN, PLAIN, pauses=[Pause(date(2026, 1, 12))])
    assert status(deadline, date(2026, 3, 1), PLAIN) == ClockStatus.PAUSED


@pytest.mark.parametrize(
    ("rule_id", "calendar"),
    [
        ("foia", "uk-any"),
        ("foisa", "scotland"),
        ("eir", "uk-any"),
        ("uk-gdpr-sar", "england-and-wales"),
    ],
)
def test_builtin_rules_count_against_their_statutory_calendar(rule_id: str, calendar: str) -> None:
    assert BUILTIN_RULES[rule_id].calendar == calendar


# Properties

starts = st.dates(date(2024, 1, 1), date(2027, 12, 31))
holiday_sets = st.sets(st.dates(date(2024, 1, 1), date(2028, 12, 31)), max_size=40)
units = st.sampled_from(list(Unit))


@given(starts, st.integers(1, 60), holiday_sets, st.sampled_from(list(DayZero)))
def test_working_day_due_date_is_never_a_non_working_day(
    start: date, amount: int, holidays: set[date], day_zero: DayZero
) -> None:
    calendar = FixedCalendar(dict.fromkeys(holidays, "holiday"))
    due = compute(rule(amount=amount, day_zero=day_zero), start, calendar).due
    assert due is not None
    assert calendar.is_working_day(due)


@given(starts, units, st.integers(1, 30), st.integers(-10, 60), st.integers(0, 30), st.booleans())
def test_adding_a_pause_never_makes_a_deadline_earlier(
    start: date, unit: Unit, amount: int, offset: int, length: int, roll: bool
) -> None:
    clock = rule(unit, amount, roll_forward=roll)
    first = start + timedelta(days=offset)
    paused = compute(clock, start, PLAIN, pauses=[Pause(first, first + timedelta(days=length))])
    unpaused = compute(clock, start, PLAIN).due
    assert paused.due is not None
    assert unpaused is not None
    assert paused.due >= unpaused


@given(starts, st.integers(-36, 36))
def test_months_land_on_the_corresponding_day_or_the_month_end(day: date, months: int) -> None:
    result = add_months(day, months)
    last = gregorian.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months


@given(starts, units, st.integers(1, 30), st.booleans(), holiday_sets)
def test_backward_deadlines_never_fall_after_the_planned_date(
    planned: date, unit: Unit, amount: int, roll: bool, holidays: set[date]
) -> None:
    calendar = FixedCalendar(dict.fromkeys(holidays, "holiday"))
    clock = rule(unit, amount, direction=Direction.BACKWARD, roll_forward=roll)
    due = compute(clock, planned, calendar).due
    assert due is not None
    assert due <= planned


@given(starts, st.integers(1, 40), holiday_sets, st.data())
def test_a_new_bank_holiday_inside_the_span_moves_the_deadline_one_working_day_later(
    start: date, amount: int, holidays: set[date], data: st.DataObject
) -> None:
    before = FixedCalendar(dict.fromkeys(holidays, "holiday"))
    due = compute(rule(amount=amount), start, before).due
    assert due is not None
    span = [start + timedelta(days=n) for n in range(1, (due - start).days + 1)]
    extra = data.draw(st.sampled_from([d for d in span if before.is_working_day(d)]))
    after = FixedCalendar({**before.holidays, extra: "proclaimed"})
    moved = compute(rule(amount=amount), start, after).due
    assert moved is not None
    assert moved > due
    assert working_days_between(due, moved, after) == 1


@given(starts, st.integers(1, 60), holiday_sets)
def test_working_days_left_on_receipt_equal_the_rule_amount(
    start: date, amount: int, holidays: set[date]
) -> None:
    calendar = FixedCalendar(dict.fromkeys(holidays, "holiday"))
    due = compute(rule(amount=amount), start, calendar).due
    assert due is not None
    assert working_days_between(start, due, calendar) == amount
