"""Loading the shipped rule sets and choosing one by id or by date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules import (
    Catalogue,
    Provenance,
    RuleSet,
    RuleSetInvalid,
    UnknownRuleSet,
    all_rule_sets,
    load_rule_set,
    rule_set_for,
)
from tests.domain.rules.conftest import renamed, shipped_document

SHIPPED = (
    "england.cspr@2023",
    "scotland.apc-learning-review@2022",
    "scotland.cpc-learning-review@2021",
    "wales.cpr@2012",
)


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_shipped_rule_set_loads_under_its_id(rule_set_id: str) -> None:
    assert load_rule_set(rule_set_id).id == rule_set_id


def test_all_rule_sets_are_the_four_shipped_files() -> None:
    assert tuple(r.id for r in all_rule_sets()) == SHIPPED


def test_unknown_id_raises_unknown_rule_set() -> None:
    with pytest.raises(UnknownRuleSet, match=r"wales\.cpr@1999"):
        load_rule_set("wales.cpr@1999")


def test_wales_review_notified_in_2019_uses_the_2012_rules() -> None:
    assert rule_set_for("wales", "cpr", date(2019, 3, 1)).id == "wales.cpr@2012"


def test_wales_cpr_rules_end_the_day_before_the_susr_began() -> None:
    assert rule_set_for("wales", "cpr", date(2024, 9, 30)).id == "wales.cpr@2012"
    with pytest.raises(UnknownRuleSet, match="2024-10-01"):
        rule_set_for("wales", "cpr", date(2024, 10, 1))


def test_adult_rules_start_on_26_may_2022() -> None:
    kind = "apc-learning-review"
    assert rule_set_for("scotland", kind, date(2022, 5, 26)).valid_from == date(2022, 5, 26)
    with pytest.raises(UnknownRuleSet):
        rule_set_for("scotland", kind, date(2022, 5, 25))


def test_england_cspr_rules_apply_to_a_2025_notification() -> None:
    assert rule_set_for("england", "cspr", date(2025, 1, 6)).id == "england.cspr@2023"


def _two_wales_versions() -> Catalogue:
    later = renamed(shipped_document("wales.cpr@2012"), "wales.cpr@2025")
    later["valid_from"], later["valid_to"] = "2024-10-01", None
    return Catalogue.from_documents(
        [
            ("wales.cpr@2012.json", shipped_document("wales.cpr@2012")),
            ("wales.cpr@2025.json", later),
        ]
    )


def test_catalogue_picks_the_version_valid_on_the_date() -> None:
    catalogue = _two_wales_versions()
    assert catalogue.valid_on("wales", "cpr", date(2024, 9, 30)).id == "wales.cpr@2012"
    assert catalogue.valid_on("wales", "cpr", date(2024, 10, 1)).id == "wales.cpr@2025"


@given(st.dates(min_value=date(2012, 4, 1), max_value=date(2040, 12, 31)))
def test_exactly_one_version_is_valid_on_any_date_after_the_first(day: date) -> None:
    catalogue = _two_wales_versions()
    valid = [r for r in catalogue.rule_sets if r.is_valid_on(day)]
    assert valid == [catalogue.valid_on("wales", "cpr", day)]


def test_overlapping_versions_are_refused_naming_the_later_file() -> None:
    overlapping = renamed(shipped_document("wales.cpr@2012"), "wales.cpr@2015")
    overlapping["valid_from"] = "2015-01-01"
    documents: list[tuple[str, object]] = [
        ("wales.cpr@2012.json", shipped_document("wales.cpr@2012")),
        ("wales.cpr@2015.json", overlapping),
    ]
    with pytest.raises(RuleSetInvalid, match=r"overlaps 'wales\.cpr@2012'") as caught:
        Catalogue.from_documents(documents)
    assert (caught.value.origin, caught.value.path) == ("wales.cpr@2015.json", "valid_from")


def test_open_ended_version_overlaps_any_later_one() -> None:
    first = shipped_document("england.cspr@2023")
    second = renamed(first, "england.cspr@2030")
    second["valid_from"] = "2030-01-01"
    with pytest.raises(RuleSetInvalid, match=r"overlaps 'england\.cspr@2023'"):
        Catalogue.from_documents([("first", first), ("second", second)])


def test_two_files_with_one_id_are_refused() -> None:
    document = shipped_document("wales.cpr@2012")
    with pytest.raises(RuleSetInvalid, match=r"duplicate rule set id 'wales\.cpr@2012'") as caught:
        Catalogue.from_documents([("first", document), ("second", document)])
    assert caught.value.origin == "second"


def test_json_file_must_be_named_after_its_id() -> None:
    with pytest.raises(RuleSetInvalid, match=r"named wales\.cpr@2012\.json"):
        Catalogue.from_documents([("wales.json", shipped_document("wales.cpr@2012"))])


def _provenances(rule_set: RuleSet) -> list[Provenance]:
    found: list[Provenance] = []

    def walk(value: object) -> None:
        if isinstance(value, Provenance):
            found.append(value)
        elif isinstance(value, tuple | frozenset):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(rule_set)
    return found


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_research_items_marked_recalled_or_unfound_are_unverified(rule_set_id: str) -> None:
    cited = [p for p in _provenances(load_rule_set(rule_set_id)) if p.source == "research"]
    flagged = [p for p in cited if "[R]" in p.ref or "[?]" in p.ref]
    assert [p.ref for p in flagged if p.verified] == []


def test_england_cites_recalled_research_items() -> None:
    refs = {p.ref for p in _provenances(load_rule_set("england.cspr@2023"))}
    assert {r for r in refs if "[R]" in r}


@pytest.mark.parametrize("rule_set_id", SHIPPED)
def test_every_clock_counts_on_the_rule_sets_calendar(rule_set_id: str) -> None:
    rule_set = load_rule_set(rule_set_id)
    assert {c.calendar for c in rule_set.clocks} == {rule_set.calendar}
