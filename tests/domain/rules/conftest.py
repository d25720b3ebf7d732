"""Fixtures for rule-set tests: fresh, mutable copies of the shipped JSON documents."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from domain.rules import RuleSetInvalid, parse_rule_set, read_documents

Document = dict[str, Any]


def shipped_document(rule_set_id: str) -> Document:
    """A deep copy of a shipped rule-set document, safe to break."""
    document = dict(read_documents())[f"{rule_set_id}.json"]
    assert isinstance(document, dict)
    return copy.deepcopy(document)


def renamed(document: Document, new_id: str) -> Document:
    """The document under another id, with its clock ids and references renamed to match."""
    return json.loads(json.dumps(document).replace(document["id"], new_id))  # type: ignore[no-any-return]


def refusal(document: object, origin: str = "wales.cpr@2012.json") -> RuleSetInvalid:
    """The RuleSetInvalid raised when parsing `document`; fails the test if none is raised."""
    with pytest.raises(RuleSetInvalid) as caught:
        parse_rule_set(document, origin)
    return caught.value


@pytest.fixture
def wales() -> Document:
    """A breakable copy of the Welsh rule set."""
    return shipped_document("wales.cpr@2012")
