"""The response package of a subject access request: the compiled subject export, with the
fields withheld under a DPA 2018 exemption replaced by ``[withheld: <exemption>]``."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from api.subject_export import ExportData
from domain.personal import Category, Withheld

THIRD_PARTY_KEYS = {"category", "value", "own"}


def _values(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict) and set(value) == THIRD_PARTY_KEYS:
        return [value]
    if isinstance(value, dict):
        return [v for item in value.values() for v in _values(item)]
    if isinstance(value, list):
        return [v for item in value for v in _values(item)]
    return []


def own_categories(export: ExportData) -> set[Category]:
    """The categories of the data subject's own values the export shows decrypted (withheld
    fields and erased values show nothing)."""
    return {
        Category(v["category"])
        for e in export.events
        for v in _values(e["data"])
        if v["own"] and v["category"] and not _placeholder(v["value"])
    }


def _placeholder(value: Any) -> bool:
    return value in {w.value for w in Withheld} or str(value).startswith("[withheld: ")


def third_party_values(export: ExportData) -> int:
    """How many values in the export are about someone else (and so withheld)."""
    return sum(1 for e in export.events for v in _values(e["data"]) if not v["own"])


def _withhold(data: Any, path: str, label: str) -> Any:
    if not path:
        category = data.get("category") if isinstance(data, dict) else None
        return {"category": category, "value": f"[withheld: {label}]", "own": True}
    head, _, rest = path.lstrip("/").partition("/")
    key = head.replace("~1", "/").replace("~0", "~")
    rest = f"/{rest}" if rest else ""
    if isinstance(data, dict) and key in data:
        return {**data, key: _withhold(data[key], rest, label)}
    if isinstance(data, list) and key.isdigit() and int(key) < len(data):
        index = int(key)
        return [*data[:index], _withhold(data[index], rest, label), *data[index + 1 :]]
    return data


def package(
    export: ExportData, positions: list[int], withheld: dict[tuple[int, str], str]
) -> ExportData:
    """The compiled positions of ``export`` with ``withheld`` fields replaced."""
    chosen = set(positions)
    events = []
    for item in export.events:
        if item["position"] not in chosen:
            continue
        data = item["data"]
        for (position, path), label in withheld.items():
            if position == item["position"]:
                data = _withhold(data, path, label)
        events.append({**item, "data": data})
    return replace(export, events=events)
