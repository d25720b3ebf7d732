"""``with refused("rule.id"):`` — the block raises a DomainError naming that rule;
``with refused("rule.id", recording_nothing=aggregate):`` — and the aggregate recorded nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from eventsourcing.domain import Aggregate

from domain.errors import DomainError


@contextmanager
def refused(rule: str, *, recording_nothing: Aggregate | None = None) -> Iterator[None]:
    """Assert that the block raises a DomainError (or ClockError) whose rule is ``rule`` and,
    given ``recording_nothing``, that the aggregate's version and pending events are unchanged."""
    aggregate = recording_nothing
    before = None if aggregate is None else (aggregate.version, len(aggregate.pending_events))
    with pytest.raises(DomainError) as error:
        yield
    assert error.value.rule == rule
    if aggregate is not None:
        assert (aggregate.version, len(aggregate.pending_events)) == before
