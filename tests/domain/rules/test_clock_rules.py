"""Rule-set clocks run on the clock engine under their own ids."""

from __future__ import annotations

from datetime import date

import pytest

from domain.clocks import FixedCalendar, compute
from domain.clocks.registry import builtin_registry
from domain.errors import DomainError
from domain.rules import (
    MissingFact,
    UnknownRuleSet,
    all_rule_sets,
    clock_registry,
    clock_rule,
    load_rule_set,
    register_clocks,
)

ALL_CLOCKS = [clock for rule_set in all_rule_sets() for clock in rule_set.clocks]


def test_every_shipped_clock_registers_beside_the_builtin_ones() -> None:
    registry = builtin_registry()
    before = len(registry)
    register_clocks(registry, all_rule_sets())
    register_clocks(registry, all_rule_sets())
    assert len(registry) == before + len(ALL_CLOCKS)


def test_the_clock_registry_holds_the_builtin_rules_and_every_shipped_clock() -> None:
    ids = {rule.id for rule in clock_registry()}
    assert ids == {rule.id for rule in builtin_registry()} | {clock.id for clock in ALL_CLOCKS}


def test_a_lead_time_clock_explains_the_planned_date_it_counts_back_from() -> None:
    clock = load_rule_set("wales.cpr@2012").clock(
        "wales.cpr@2012/report-to-welsh-government-2-weeks-before-publication"
    )
    assert clock_rule(clock).explanation.startswith(
        "at least 2 weeks before the planned_publication_date of DecisionRecorded"
    )


def test_panel_notice_for_an_incident_known_on_friday_3_jan_is_due_friday_10_jan() -> None:
    clock = load_rule_set("england.cspr@2023").clock(
        "england.cspr@2023/panel-serious-incident-within-5-working-days"
    )
    deadline = compute(clock_rule(clock), date(2025, 1, 3), FixedCalendar())
    assert deadline.due == date(2025, 1, 10)


def test_welsh_lead_time_moves_back_past_a_holiday_to_keep_two_weeks() -> None:
    wales = load_rule_set("wales.cpr@2012")
    rule = clock_rule(
        wales.clock("wales.cpr@2012/report-to-welsh-government-2-weeks-before-publication")
    )
    calendar = FixedCalendar({date(2019, 5, 14): "test holiday"})
    assert compute(rule, date(2019, 5, 28), calendar).due == date(2019, 5, 13)


def test_unverified_clock_says_so_in_its_source() -> None:
    clock = load_rule_set("england.cspr@2023").clock(
        "england.cspr@2023/complete-within-6-months-of-decision"
    )
    assert clock_rule(clock).source == "research: §1 E10 [R] (unverified)"


@pytest.mark.parametrize(
    ("error", "rule"),
    [
        (MissingFact("died"), "rules.missing-fact"),
        (UnknownRuleSet("no rule set"), "rules.unknown-rule-set"),
    ],
)
def test_rule_errors_are_domain_errors_naming_their_rule(error: DomainError, rule: str) -> None:
    assert isinstance(error, DomainError)
    assert error.rule == rule
