"""Broken copies of a shipped rule set are refused with the file, the JSON path and the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.rules import RuleSetInvalid, read_documents
from tests.domain.rules.conftest import Document, refusal

Breakage = Callable[[Document], object]


def _set(path: list[Any], value: object) -> Breakage:
    def apply(document: Document) -> None:
        *parents, last = path
        node: Any = document
        for key in parents:
            node = node[key]
        node[last] = value

    return apply


def _delete(path: list[Any]) -> Breakage:
    def apply(document: Document) -> None:
        *parents, last = path
        node: Any = document
        for key in parents:
            node = node[key]
        del node[last]

    return apply


def _append(path: list[Any], value: object) -> Breakage:
    def apply(document: Document) -> None:
        node: Any = document
        for key in path:
            node = node[key]
        node.append(value)

    return apply


def _drop_permission(command: str) -> Breakage:
    def apply(document: Document) -> None:
        document["permissions"] = [p for p in document["permissions"] if p["command"] != command]

    return apply


BROKEN: dict[str, tuple[Breakage, str, str]] = {
    "unknown command in a stage": (
        _append(["stages", 0, "commands"], "launch_inquiry"),
        "stages[0].commands",
        "unknown command 'launch_inquiry'",
    ),
    "unknown command in a permission": (
        _set(["permissions", 0, "command"], "launch_inquiry"),
        "permissions[0].command",
        "unknown command 'launch_inquiry'",
    ),
    "unknown role": (
        _append(["permissions", 0, "roles"], "journalist"),
        "permissions[0].roles",
        "unknown role 'journalist'",
    ),
    "transition to an unknown stage": (
        _set(["stages", 0, "transitions", 0, "to"], "limbo"),
        "stages[0].transitions[0].to",
        "unknown stage 'limbo'",
    ),
    "clock with an unknown unit": (
        _set(["clocks", 0, "unit"], "fortnights"),
        "clocks[0].unit",
        "unknown unit 'fortnights'",
    ),
    "clock with an unknown calendar": (
        _set(["clocks", 0, "calendar"], "gregorian"),
        "clocks[0].calendar",
        "unknown calendar 'gregorian'",
    ),
    "clock pausing on an unknown event": (
        _append(["clocks", 0, "pause_on"], "CourtAdjourned"),
        "clocks[0].pause_on",
        "unknown event 'CourtAdjourned'",
    ),
    "duplicate stage id": (
        _set(["stages", 1, "id"], "notification"),
        "stages[1].id",
        "duplicate stage id 'notification'",
    ),
    "duplicate clock id": (
        _set(["clocks", 1, "id"], "wales.cpr@2012/complete-within-6-months-of-referral"),
        "clocks[1].id",
        "duplicate clock id",
    ),
    "duplicate permission": (
        _set(["permissions", 1, "command"], "receive_notification"),
        "permissions[1].command",
        "duplicate permission id 'receive_notification'",
    ),
    "missing provenance": (
        _delete(["criteria", 0, "provenance"]),
        "criteria[0]",
        "missing 'provenance'",
    ),
    "provenance citing an unknown source": (
        _set(["clocks", 0, "provenance", "source"], "hearsay"),
        "clocks[0].provenance.source",
        "unknown source 'hearsay'",
    ),
    "provenance without a verified flag": (
        _delete(["bodies", 0, "provenance", "verified"]),
        "bodies[0].provenance",
        "missing 'verified'",
    ),
    "criteria expression naming an unknown criterion": (
        _set(["review_kinds", 0, "when"], {"any": ["died", "abducted"]}),
        "review_kinds[0].when.any[1]",
        "unknown criterion 'abducted'",
    ),
    "malformed criteria expression": (
        _set(["review_kinds", 0, "when"], {"either": ["died"]}),
        "review_kinds[0].when",
        "one key: all, any or not",
    ),
    "notification to an unknown body": (
        _set(["notifications", 0, "recipient"], "home-office"),
        "notifications[0].recipient",
        "unknown body 'home-office'",
    ),
    "misspelt key": (
        _set(["clocks", 0, "ammount"], 6),
        "clocks[0]",
        "unknown key 'ammount'",
    ),
    "true given as a number": (
        _set(["team", 0, "min_reviewers"], True),
        "team[0].min_reviewers",
        "whole number",
    ),
    "empty title": (_set(["title"], "  "), "title", "must not be empty"),
    "date that is not ISO": (_set(["valid_from"], "1/4/2012"), "valid_from", "ISO date"),
    "validity ending before it starts": (
        _set(["valid_to"], "2011-12-31"),
        "valid_to",
        "ends before valid_from",
    ),
    "id not matching jurisdiction and kind": (
        _set(["id"], "wales.susr@2024"),
        "id",
        "expected 'wales.cpr@<version>'",
    ),
    "clock id outside the rule set": (
        _set(["clocks", 0, "id"], "six-months"),
        "clocks[0].id",
        "expected 'wales.cpr@2012/<name>'",
    ),
    "open stage with no way out": (
        _delete(["stages", 7, "transitions"]),
        "stages[7]",
        "stage 'action-plan' is not terminal and has no transitions",
    ),
    "stage no transition leads to": (
        _set(["stages", 0, "transitions", 0, "to"], "commissioning"),
        "stages",
        "no transition leads to stage 'decision'",
    ),
    "no terminal stage": (
        _set(["stages", 8, "terminal"], False),
        "stages",
        "no terminal stage",
    ),
    "transition on an event the stage cannot record": (
        _set(["stages", 0, "transitions", 0, "on", "event"], "ReportPublished"),
        "stages[0].transitions[0].on.event",
        "no command allowed in stage 'notification' records 'ReportPublished'",
    ),
    "command nobody may issue": (
        _drop_permission("record_genogram"),
        "permissions",
        "'record_genogram' is allowed in a stage but no role may run it",
    ),
    "before-clock with no planned date": (
        _delete(["clocks", 1, "anchor", "date_field"]),
        "clocks[1].anchor",
        "needs the anchor's date_field",
    ),
    "notification discharged differently from its clock": (
        _set(["notifications", 2, "discharged_by", "event"], "ExternalBodyNotified"),
        "notifications[2].discharged_by",
        "differs from 'wales.cpr@2012/report-to-welsh-government-2-weeks-before-publication'",
    ),
    "publication lead time counting forwards": (
        _set(
            ["publication", "lead_time_clock"],
            "wales.cpr@2012/complete-within-6-months-of-referral",
        ),
        "publication.lead_time_clock",
        "must count 'before' publication",
    ),
}


@pytest.mark.parametrize(("breakage", "path", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_copy_is_refused_with_file_and_path(
    wales: Document, breakage: Breakage, path: str, problem: str
) -> None:
    breakage(wales)
    error = refusal(wales)
    assert (error.origin, error.path) == ("wales.cpr@2012.json", path)
    assert problem in error.problem
    assert str(error).startswith(f"wales.cpr@2012.json: {path}: ")


def test_document_that_is_not_an_object_is_refused() -> None:
    assert refusal(["not", "a", "rule", "set"]).problem == "expected an object"


def test_unparseable_json_file_is_refused_naming_the_file(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "broken_rules_package"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "wales.cpr@2012.json").write_text('{"id": "wales.cpr@2012",')
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(RuleSetInvalid, match=r"^wales\.cpr@2012\.json: \(document\): not valid"):
        read_documents("broken_rules_package")
