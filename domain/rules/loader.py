"""Load the rule sets shipped as package data, validate them, and choose one by id or by date.

Reading package data through `importlib.resources` is the only I/O in `domain/`; it happens once,
on first use, and the result is immutable.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources

from domain.errors import DomainError
from domain.rules.parsing import RuleSetInvalid, Walk, build
from domain.rules.rule_set import RuleSet
from domain.rules.validation import check_rule_set

RULES_PACKAGE = "domain.rules"


class UnknownRuleSet(DomainError, LookupError):
    """No rule set has the id, or none is valid for the jurisdiction, kind and date.

    Rule `rules.unknown-rule-set`: a review cannot run under rules that do not exist.
    """

    def __init__(self, message: str) -> None:
        super().__init__("rules.unknown-rule-set", message)


def parse_rule_set(document: object, origin: str) -> RuleSet:
    """Build and validate one rule set from parsed JSON; raises RuleSetInvalid naming `origin`."""
    walk = Walk(origin)
    rule_set = build(RuleSet, document, walk)
    check_rule_set(rule_set, walk)
    return rule_set


@dataclass(frozen=True)
class Catalogue:
    """A validated collection of rule sets: unique ids, no overlapping validity periods."""

    rule_sets: tuple[RuleSet, ...]

    @classmethod
    def from_documents(cls, documents: Iterable[tuple[str, object]]) -> Catalogue:
        """Parse (origin, document) pairs; raises RuleSetInvalid on the first problem."""
        parsed = [(origin, parse_rule_set(document, origin)) for origin, document in documents]
        for origin, rule_set in parsed:
            if origin.endswith(".json") and origin != f"{rule_set.id}.json":
                raise RuleSetInvalid(origin, "id", f"file should be named {rule_set.id}.json")
        _check_unique_ids(parsed)
        _check_no_overlap(parsed)
        return cls(tuple(rule_set for _, rule_set in parsed))

    def get(self, rule_set_id: str) -> RuleSet:
        """The rule set with this id; raises UnknownRuleSet."""
        found = next((r for r in self.rule_sets if r.id == rule_set_id), None)
        if found is None:
            raise UnknownRuleSet(f"no rule set {rule_set_id!r}")
        return found

    def valid_on(self, jurisdiction: str, kind: str, on: date) -> RuleSet:
        """The rule set for `jurisdiction` and `kind` in force on `on`; raises UnknownRuleSet."""
        for rule_set in self.rule_sets:
            same = (rule_set.jurisdiction, rule_set.kind) == (jurisdiction, kind)
            if same and rule_set.is_valid_on(on):
                return rule_set
        raise UnknownRuleSet(f"no {jurisdiction}/{kind} rule set is valid on {on.isoformat()}")


def _check_unique_ids(parsed: list[tuple[str, RuleSet]]) -> None:
    seen: dict[str, str] = {}
    for origin, rule_set in parsed:
        first = seen.setdefault(rule_set.id, origin)
        if first != origin:
            raise RuleSetInvalid(origin, "id", f"duplicate rule set id {rule_set.id!r} ({first})")


def _check_no_overlap(parsed: list[tuple[str, RuleSet]]) -> None:
    ordered = sorted(parsed, key=lambda p: (p[1].jurisdiction, p[1].kind, p[1].valid_from))
    for (_, earlier), (origin, later) in itertools.pairwise(ordered):
        same = (earlier.jurisdiction, earlier.kind) == (later.jurisdiction, later.kind)
        if same and (earlier.valid_to is None or later.valid_from <= earlier.valid_to):
            raise RuleSetInvalid(
                origin, "valid_from", f"validity overlaps {earlier.id!r} for the same kind"
            )


def read_documents(package: str = RULES_PACKAGE) -> list[tuple[str, object]]:
    """Every `*.json` file in `package`, parsed, as (file name, document) pairs in name order."""
    files = sorted(
        (f for f in resources.files(package).iterdir() if f.name.endswith(".json")),
        key=lambda f: f.name,
    )
    documents: list[tuple[str, object]] = []
    for file in files:
        try:
            documents.append((file.name, json.loads(file.read_text(encoding="utf-8"))))
        except json.JSONDecodeError as exc:
            raise RuleSetInvalid(file.name, "", f"not valid JSON: {exc}") from exc
    return documents


@functools.cache
def shipped_catalogue() -> Catalogue:
    """The rule sets shipped with reviewtrail, loaded and validated once."""
    return Catalogue.from_documents(read_documents())


def load_rule_set(rule_set_id: str) -> RuleSet:
    """The shipped rule set with this id (e.g. 'wales.cpr@2012'); raises UnknownRuleSet."""
    return shipped_catalogue().get(rule_set_id)


def rule_set_for(jurisdiction: str, kind: str, on: date) -> RuleSet:
    """The shipped rule set in force on `on` (e.g. the review's notification date)."""
    return shipped_catalogue().valid_on(jurisdiction, kind, on)


def all_rule_sets() -> tuple[RuleSet, ...]:
    """Every shipped rule set, ordered by file name."""
    return shipped_catalogue().rule_sets
