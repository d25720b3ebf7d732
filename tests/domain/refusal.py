"""``with refused("rule.id"):`` — the block raises a DomainError naming that rule."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from domain.errors import DomainError


@contextmanager
def refused(rule: str) -> Iterator[None]:
    """Assert that the block raises a DomainError (or ClockError) whose rule is ``rule``."""
    with pytest.raises(DomainError) as error:
        yield
    assert error.value.rule == rule
