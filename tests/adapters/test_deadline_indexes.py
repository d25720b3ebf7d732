"""The dashboard's sort orders each have an index on the very same expression, or PostgreSQL
sorts every clock of a partnership for every page (DESIGN.md section 8: the dashboard)."""

from __future__ import annotations

import pytest

from adapters.postgres.views.deadlines import _ORDERS, CREATE


@pytest.mark.parametrize("order", sorted(_ORDERS))
def test_each_dashboard_order_has_an_index_on_its_sort_key(order: str) -> None:
    key = _ORDERS[order][0]
    indexes = [s for s in CREATE if "CREATE INDEX" in s and "partnership_id" in s]
    assert any(f"partnership_id, ({key}), aggregate_id, clock_id" in s for s in indexes)
