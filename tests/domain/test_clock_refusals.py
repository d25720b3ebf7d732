"""One refusal per clock rule the other tests did not name (issue D1). The clock engine is pure:
nothing is recorded, so each case checks the rule the ClockError names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from domain.clocks import (
    UK_GDPR_SAR,
    ClockRule,
    DayZero,
    Direction,
    Extension,
    FixedCalendar,
    Pause,
    Unit,
    compute,
)
from tests.domain.refusal import refused
from tests.domain.test_clocks import MON_5_JAN, PLAIN, rule


@dataclass(frozen=True)
class NeverWorking:
    """A calendar on which no day is a working day (bad holiday data)."""

    name: str = "never"
    version: str = "never-1"

    def is_working_day(self, day: date) -> bool:
        return False

    def non_working_reason(self, day: date) -> str | None:
        return "closed"


CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "a clock that counts no unit",
        lambda: ClockRule("test", "test clock", Unit.WORKING_DAYS, 0, "fixed"),
        "test.amount",
    ),
    (
        "a lead-time deadline with a pause",
        lambda: compute(
            rule(direction=Direction.BACKWARD), MON_5_JAN, PLAIN, pauses=[Pause(MON_5_JAN)]
        ),
        "test.backward",
    ),
    (
        "an extension that needs notice within the period, with no notice date",
        lambda: compute(UK_GDPR_SAR, MON_5_JAN, FixedCalendar(), extension=Extension()),
        "uk-gdpr-sar.extension-notice",
    ),
    (
        "counting working days on a calendar that has none",
        lambda: compute(rule(amount=1), MON_5_JAN, NeverWorking()),
        "clock.no-working-days",
    ),
    (
        "rolling to a working day on a calendar that has none",
        lambda: compute(
            rule(amount=1, day_zero=DayZero.NEXT_WORKING_DAY), MON_5_JAN, NeverWorking()
        ),
        "clock.no-working-days",
    ),
]


@pytest.mark.parametrize(
    ("compute_it", "rule_id"), [pytest.param(c, r, id=name) for name, c, r in CASES]
)
def test_a_clock_input_the_rules_forbid_is_refused(
    compute_it: Callable[[], object], rule_id: str
) -> None:
    with refused(rule_id):
        compute_it()
