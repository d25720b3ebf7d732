"""One refusal per redaction rule the other tests did not name (issue D1): each is refused with
its rule and the set records nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from domain.personal import Category, Personal
from domain.redaction import DocumentKind, RedactionSet
from tests.domain.refusal import refused
from tests.domain.test_redaction import AUTHOR, NAME, REVIEWER, TEXT, a_set, proposed


def with_proposal() -> RedactionSet:
    redaction_set = a_set()
    proposed(redaction_set, NAME)
    return redaction_set


def with_approval() -> RedactionSet:
    redaction_set = with_proposal()
    redaction_set.approve(number=1, meta=REVIEWER)
    return redaction_set


def applied() -> RedactionSet:
    redaction_set = with_approval()
    redaction_set.apply(applied_on=date(2025, 3, 19), meta=REVIEWER)
    return redaction_set


def propose(redaction_set: RedactionSet, reason: str = "third party") -> None:
    redaction_set.propose(start=NAME[0], end=NAME[1], code="foia:s.40", reason=reason, meta=AUTHOR)


CASES: list[tuple[str, Callable[[], RedactionSet], Callable[[RedactionSet], object], str]] = [
    ("a proposal without a reason", a_set, lambda s: propose(s, " "), "redaction.reason-required"),
    (
        "a rejection without a reason",
        with_proposal,
        lambda s: s.reject(number=1, reason=" ", meta=REVIEWER),
        "redaction.reason-required",
    ),
    (
        "approving a redaction that was never proposed",
        with_proposal,
        lambda s: s.approve(number=2, meta=REVIEWER),
        "redaction.unknown",
    ),
    (
        "deciding a redaction twice",
        with_approval,
        lambda s: s.reject(number=1, reason="not needed", meta=REVIEWER),
        "redaction.already-decided",
    ),
    ("proposing once the set was applied", applied, propose, "redaction.already-applied"),
]


@pytest.mark.parametrize(
    ("build", "command", "rule"), [pytest.param(b, c, r, id=name) for name, b, c, r in CASES]
)
def test_a_redaction_command_the_rules_forbid_is_refused_and_records_nothing(
    build: Callable[[], RedactionSet], command: Callable[[RedactionSet], object], rule: str
) -> None:
    redaction_set = build()
    with refused(rule, recording_nothing=redaction_set):
        command(redaction_set)


def open_set(**overrides: Any) -> RedactionSet:
    values: dict[str, Any] = {
        "document_kind": DocumentKind.REPORT,
        "version_label": "v3",
        "source_id": None,
        "text": Personal(uuid4(), Category.NARRATIVE, TEXT),
        "sections": [],
        "meta": AUTHOR,
    }
    return RedactionSet.open(**{**values, **overrides})


OPENING: list[tuple[str, dict[str, Any], str]] = [
    (
        "text that is not a narrative value",
        {"text": Personal(uuid4(), Category.IDENTITY, TEXT)},
        "redaction.text-narrative",
    ),
    ("a set that names no document version", {"version_label": " "}, "redaction.version-required"),
    (
        "a section without a heading",
        {"sections": [{"start": 0, "end": 7, "heading": " ", "kind": "text", "restricted": False}]},
        "redaction.section-heading-required",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "rule"), [pytest.param(o, r, id=name) for name, o, r in OPENING]
)
def test_opening_a_set_the_rules_forbid_is_refused(overrides: dict[str, Any], rule: str) -> None:
    with refused(rule):
        open_set(**overrides)
