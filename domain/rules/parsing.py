"""Turn one parsed JSON document into typed rule-set values, or say exactly what is wrong.

The walk is driven by the dataclasses' type hints and field metadata (see `model.py`), so a new
field needs no parsing code. Every failure raises `RuleSetInvalid` naming the file and JSON path.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from datetime import date
from typing import Any, NoReturn, TypeVar, Union, get_args, get_origin, get_type_hints

from domain.rules.criteria import AllOf, AnyOf, Expr, Fact, Not
from domain.rules.vocabulary import VOCABULARIES

_T = TypeVar("_T")
_PAIRS = tuple[tuple[str, str], ...]
_OPERATORS = ("all", "any", "not")


class RuleSetInvalid(ValueError):
    """A rule-set file is malformed or inconsistent; `origin` is the file, `path` the JSON path."""

    def __init__(self, origin: str, path: str, problem: str) -> None:
        super().__init__(f"{origin}: {path or '(document)'}: {problem}")
        self.origin, self.path, self.problem = origin, path, problem


@dataclasses.dataclass
class Walk:
    """State of one document's walk: its name, and the ids it defines and refers to."""

    origin: str
    definitions: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    references: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)

    def fail(self, path: str, problem: str) -> NoReturn:
        """Raise RuleSetInvalid for this document."""
        raise RuleSetInvalid(self.origin, path, problem)

    def check_references(self) -> None:
        """Fail on the first reference to an id the document does not define."""
        for kind, value, path in self.references:
            if (kind, value) not in self.definitions:
                self.fail(path, f"unknown {kind} {value!r}")


def build(cls: type[_T], node: object, walk: Walk, path: str = "") -> _T:
    """Build dataclass `cls` from a JSON object, recording definitions and references."""
    if not isinstance(node, dict):
        walk.fail(path, "expected an object")
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(node) - set(fields))
    if unknown:
        walk.fail(path, f"unknown key {unknown[0]!r}")
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, spec in fields.items():
        where = f"{path}.{name}" if path else name
        if name in node:
            values[name] = _convert(hints[name], node[name], walk, where)
            _check_metadata(spec.metadata, values[name], walk, where)
        elif spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
            walk.fail(path, f"missing {name!r}")
    return cls(**values)


def _convert(hint: Any, value: object, walk: Walk, path: str) -> Any:
    if hint == Expr:
        return _expr(value, walk, path)
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        return _optional(hint, value, walk, path)
    if hint == _PAIRS:
        return _pairs(value, walk, path)
    if origin in (tuple, frozenset):
        return origin(_items(args[0], value, walk, path))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build(hint, value, walk, path)
    return _scalar(hint, value, walk, path)


def _optional(hint: Any, value: object, walk: Walk, path: str) -> Any:
    if value is None:
        return None
    present = [arg for arg in get_args(hint) if arg is not type(None)]
    inner = present[0] if len(present) == 1 else Union[tuple(present)]  # noqa: UP007
    return _convert(inner, value, walk, path)


def _items(hint: Any, value: object, walk: Walk, path: str) -> list[Any]:
    if not isinstance(value, list):
        walk.fail(path, "expected a list")
    items = [_convert(hint, item, walk, f"{path}[{i}]") for i, item in enumerate(value)]
    if all(isinstance(item, str) for item in items) and len(set(items)) != len(items):
        walk.fail(path, "duplicate entries")
    return items


def _pairs(value: object, walk: Walk, path: str) -> _PAIRS:
    if not isinstance(value, dict):
        walk.fail(path, "expected an object of strings")
    pairs = [(key, _scalar(str, item, walk, f"{path}.{key}")) for key, item in value.items()]
    return tuple(sorted(pairs))


def _scalar(hint: Any, value: object, walk: Walk, path: str) -> Any:
    if hint is date:
        return _date(value, walk, path)
    if hint is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        walk.fail(path, "expected a whole number of at least 0")
    if not isinstance(value, hint):
        walk.fail(path, f"expected {hint.__name__}, got {type(value).__name__}")
    if isinstance(value, str) and not value.strip():
        walk.fail(path, "must not be empty")
    return value


def _date(value: object, walk: Walk, path: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        walk.fail(path, f"expected an ISO date (YYYY-MM-DD), got {value!r}")


def _expr(value: object, walk: Walk, path: str) -> Expr:
    if isinstance(value, str):
        walk.references.append(("criterion", value, path))
        return Fact(value)
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in _OPERATORS:
        walk.fail(path, "expected a criterion id or an object with one key: all, any or not")
    operator, operand = next(iter(value.items()))
    where = f"{path}.{operator}"
    if operator == "not":
        return Not(_expr(operand, walk, where))
    if not isinstance(operand, list) or not operand:
        walk.fail(where, "expected a non-empty list of expressions")
    terms = tuple(_expr(term, walk, f"{where}[{i}]") for i, term in enumerate(operand))
    return AllOf(terms) if operator == "all" else AnyOf(terms)


def _check_metadata(meta: Mapping[str, Any], value: object, walk: Walk, path: str) -> None:
    for name in _names(value):
        if meta.get("vocab") and name not in VOCABULARIES[meta["vocab"]]:
            walk.fail(path, f"unknown {meta['vocab']} {name!r}")
        if "ref" in meta:
            walk.references.append((meta["ref"], name, path))
        if "defines" in meta:
            _define(walk, meta["defines"], name, path)


def _define(walk: Walk, kind: str, name: str, path: str) -> None:
    first = walk.definitions.setdefault((kind, name), path)
    if first != path:
        walk.fail(path, f"duplicate {kind} id {name!r} (first defined at {first})")


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | frozenset):
        return sorted(item for item in value if isinstance(item, str))
    return []
