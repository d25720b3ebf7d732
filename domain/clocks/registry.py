"""Clock rules by id, and computing one of them against the calendar it names.

The built-in FOI and SAR rules are registered first; review rule sets add their clocks by id
(``scotland.cpc-learning-review@2021/…``) through ``register``. Calendars come in through a
``CalendarSource`` port, so the adapter that knows the stored overrides stays outside the domain.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from domain.clocks.builtin import BUILTIN_RULES
from domain.clocks.calendar import Calendar
from domain.clocks.engine import compute
from domain.clocks.model import ClockError, ClockRule, Deadline, Extension, Pause, Restart


class CalendarSource(Protocol):
    """The named working-day calendar, with whatever overrides currently apply to it."""

    def calendar(self, name: str) -> Calendar:
        """Raises ``ClockError`` ``clock.unknown-calendar`` for a name it does not know."""
        ...


class ClockRegistry:
    """Every clock rule the service can compute, by id."""

    def __init__(self, rules: Iterable[ClockRule] = ()) -> None:
        self._rules: dict[str, ClockRule] = {}
        for rule in rules:
            self.register(rule)

    def register(self, rule: ClockRule) -> None:
        """Add ``rule``; an id already taken by a different rule raises ``ValueError``.

        Registering the very same rule again is allowed, so loaders may run twice.
        """
        existing = self._rules.get(rule.id)
        if existing is not None and existing != rule:
            raise ValueError(f"clock rule {rule.id!r} is already registered")
        self._rules[rule.id] = rule

    def rule(self, rule_id: str) -> ClockRule:
        """The rule with this id; raises ``ClockError`` ``clock.unknown-rule`` if there is none."""
        rule = self._rules.get(rule_id)
        if rule is None:
            raise ClockError("clock.unknown-rule", "no clock rule has that id")
        return rule

    def __iter__(self) -> Iterator[ClockRule]:
        """The rules in id order."""
        return iter(sorted(self._rules.values(), key=lambda rule: rule.id))

    def __len__(self) -> int:
        return len(self._rules)


def builtin_registry() -> ClockRegistry:
    """A registry holding the FOIA, FOISA, EIR and UK GDPR SAR rules."""
    return ClockRegistry(BUILTIN_RULES.values())


@dataclass(frozen=True, slots=True)
class ClockRequest:
    """What a caller asks to compute: ``calendar`` None means the rule's own calendar."""

    rule_id: str
    start: date
    calendar: str | None = None
    pauses: Sequence[Pause] = ()
    restarts: Sequence[Restart] = ()
    extension: Extension | None = None


@dataclass(frozen=True, slots=True)
class Computation:
    """A computed deadline with the rule and the calendar it was counted against."""

    rule: ClockRule
    calendar: str
    deadline: Deadline


class Clocks:
    """The clock use case: look the rule up, fetch its calendar, compute the deadline."""

    def __init__(self, registry: ClockRegistry, calendars: CalendarSource) -> None:
        self.registry = registry
        self._calendars = calendars

    def compute(self, request: ClockRequest) -> Computation:
        """Compute ``request``; raises ``ClockError`` for an unknown rule or calendar, or for
        inputs the rule forbids (see ``domain.clocks.compute``)."""
        rule = self.registry.rule(request.rule_id)
        calendar = self._calendars.calendar(request.calendar or rule.calendar)
        deadline = compute(
            rule,
            request.start,
            calendar,
            pauses=request.pauses,
            extension=request.extension,
            restarts=request.restarts,
        )
        return Computation(rule, calendar.name, deadline)
