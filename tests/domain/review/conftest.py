from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.errors import DomainError
from domain.review import Review


def refusal(review: Review, command: Callable[[], object]) -> str:
    """The rule that refused ``command``; fails unless it was refused with nothing recorded."""
    before = (review.version, len(review.pending_events), review.stage)
    with pytest.raises(DomainError) as refused:
        command()
    assert (review.version, len(review.pending_events), review.stage) == before
    return refused.value.rule
