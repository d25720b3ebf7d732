"""Rule-set clocks as `domain.clocks` rules, so the clock engine computes them by their ids.

The rule-set vocabulary (``working_days``, ``after``/``before``) is the issue's; the engine's enums
are its own. This module is the one place that maps between them, and ``clock_registry`` is the
one place that composes the built-in FOI/SAR rules with every shipped rule set's clocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from domain.clocks.model import ClockRule, Direction, Unit
from domain.clocks.registry import ClockRegistry, builtin_registry
from domain.rules.loader import all_rule_sets
from domain.rules.model import Clock, EventMatch, Provenance
from domain.rules.rule_set import RuleSet

ENGINE_UNITS: Mapping[str, Unit] = MappingProxyType(
    {
        "working_days": Unit.WORKING_DAYS,
        "calendar_days": Unit.CALENDAR_DAYS,
        "weeks": Unit.WEEKS,
        "months": Unit.MONTHS,
    }
)
ENGINE_DIRECTIONS: Mapping[str, Direction] = MappingProxyType(
    {"after": Direction.FORWARD, "before": Direction.BACKWARD}
)


def clock_rule(clock: Clock) -> ClockRule:
    """The engine rule for a rule-set clock.

    A "before" deadline that lands on a non-working day moves to the working day before it, so the
    lead time the guidance asks for is kept; "after" deadlines stay where the count ends.
    """
    return ClockRule(
        id=clock.id,
        description=clock.description,
        unit=ENGINE_UNITS[clock.unit],
        amount=clock.amount,
        calendar=clock.calendar,
        direction=ENGINE_DIRECTIONS[clock.direction],
        roll_forward=clock.direction == "before",
        source=_cited(clock.provenance),
        explanation=explain(clock),
    )


def explain(clock: Clock) -> str:
    """What starts, stops and meets ``clock``, in the rule set's own event names."""
    quantity = ENGINE_UNITS[clock.unit].quantity(clock.amount)
    if clock.anchor.date_field is None:
        counted = f"{quantity} after {_event(clock.anchor)}"
    else:
        counted = (
            f"at least {quantity} before the {clock.anchor.date_field} of {_event(clock.anchor)}"
        )
    parts = [f"{counted}, on the {clock.calendar} calendar", f"met by {_event(clock.satisfied_by)}"]
    if clock.pause_on:
        parts.append(f"paused by {' or '.join(clock.pause_on)}")
    if clock.resume_on:
        parts.append(f"resumed by {' or '.join(clock.resume_on)}")
    return "; ".join(parts)


def clock_registry() -> ClockRegistry:
    """The built-in FOI/SAR rules and every clock of every shipped rule set, by id."""
    registry = builtin_registry()
    register_clocks(registry, all_rule_sets())
    return registry


def register_clocks(registry: ClockRegistry, rule_sets: Iterable[RuleSet]) -> None:
    """Register every clock of `rule_sets` (registering the same rule twice is harmless)."""
    for rule_set in rule_sets:
        for clock in rule_set.clocks:
            registry.register(clock_rule(clock))


def _event(match: EventMatch) -> str:
    where = ", ".join(f"{key}={value}" for key, value in match.where)
    return f"{match.event} ({where})" if where else match.event


def _cited(provenance: Provenance) -> str:
    cited = f"{provenance.source}: {provenance.ref}"
    return cited if provenance.verified else f"{cited} (unverified)"
