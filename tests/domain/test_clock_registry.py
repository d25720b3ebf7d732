"""The clock registry and the compute use case, against fixed calendars."""

from __future__ import annotations

from datetime import date

import pytest

from domain.clocks import FOIA, FOISA, Calendar, ClockError, ClockRule, FixedCalendar, Unit
from domain.clocks.registry import ClockRegistry, ClockRequest, Clocks, builtin_registry

LEAD_TIME = ClockRule(
    "wales.cpr@2012/report-before-publication",
    "report to Welsh Government before publication",
    Unit.WEEKS,
    2,
    "england-and-wales",
)


class FixedCalendars:
    """A calendar source that names each calendar it hands out, with no holidays."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def calendar(self, name: str) -> Calendar:
        self.asked.append(name)
        return FixedCalendar(name=name, version=f"{name}-1")


def test_the_builtin_registry_holds_the_foi_and_sar_rules_in_id_order() -> None:
    assert [rule.id for rule in builtin_registry()] == ["eir", "foia", "foisa", "uk-gdpr-sar"]


def test_an_unknown_rule_is_refused_with_clock_unknown_rule() -> None:
    with pytest.raises(ClockError) as refused:
        builtin_registry().rule("foi")
    assert refused.value.rule == "clock.unknown-rule"


def test_a_rule_set_clock_can_be_registered_by_id() -> None:
    registry = builtin_registry()
    registry.register(LEAD_TIME)
    assert registry.rule(LEAD_TIME.id) is LEAD_TIME
    assert len(registry) == 5


def test_registering_the_same_rule_twice_is_harmless() -> None:
    registry = ClockRegistry([FOIA])
    registry.register(FOIA)
    assert len(registry) == 1


def test_a_different_rule_cannot_take_a_registered_id() -> None:
    registry = ClockRegistry([FOIA])
    with pytest.raises(ValueError, match="already registered"):
        registry.register(ClockRule("foia", "impostor", Unit.CALENDAR_DAYS, 5, "uk-any"))


def test_a_clock_is_counted_against_its_rules_calendar_by_default() -> None:
    calendars = FixedCalendars()
    computed = Clocks(builtin_registry(), calendars).compute(
        ClockRequest("foisa", date(2026, 1, 5))
    )
    assert (computed.rule, computed.calendar, calendars.asked) == (FOISA, "scotland", ["scotland"])
    assert computed.deadline.due == date(2026, 2, 2)
    assert computed.deadline.calendar_version == "scotland-1"


def test_a_caller_may_count_a_clock_against_another_calendar() -> None:
    calendars = FixedCalendars()
    request = ClockRequest("uk-gdpr-sar", date(2026, 1, 5), calendar="scotland")
    computed = Clocks(builtin_registry(), calendars).compute(request)
    assert (computed.calendar, calendars.asked) == ("scotland", ["scotland"])


def test_an_unknown_rule_fetches_no_calendar() -> None:
    calendars = FixedCalendars()
    with pytest.raises(ClockError):
        Clocks(builtin_registry(), calendars).compute(ClockRequest("nope", date(2026, 1, 5)))
    assert calendars.asked == []
