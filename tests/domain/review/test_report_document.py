"""A report version as the text a redaction set over it holds: built from the review's report,
never from what a client sends, with genograms and restricted material withheld altogether."""

from __future__ import annotations

from datetime import date

from domain.rules import load_rule_set
from domain.rules.model import ReportSection
from tests.domain.review import journeys
from tests.domain.review.cases import SCOTLAND_CPC, WALES
from tests.domain.review.conftest import refusal


def test_the_text_is_the_report_versions_sections_in_the_rule_sets_order() -> None:
    review = journeys.accepted(SCOTLAND_CPC)
    document = review.report_document(2)
    titles = [s.title for s in review.rules.report_sections_for(review.kind)]
    assert [s["heading"] for s in document.sections] == titles
    first = document.sections[0]
    assert document.text[first["start"] : first["end"]] == (
        f"{titles[0]}\n{titles[0]}: what happened.\nWhat we think it means."
    )
    assert document.text.count("\n\n") == len(titles) - 1
    assert document.withheld == []


def test_a_genogram_section_is_withheld_from_the_text() -> None:
    review = journeys.learned(WALES)
    sections = journeys.full_report(review)
    sections["genogram"] = [{"text": "GENOGRAM: Jane Doe - John Doe - Child B", "basis": "fact"}]
    review.draft_report(sections=sections, drafted_on=date(2024, 6, 10), meta=journeys.meta())
    document = review.report_document(2)
    assert document.withheld == ["genogram"]
    assert "GENOGRAM" not in document.text
    assert "Genogram" not in document.text
    assert all(s["kind"] == "text" and not s["restricted"] for s in document.sections)


def test_wales_excludes_the_genogram_from_publication_as_data() -> None:
    rules = load_rule_set(WALES.rule_set_id)
    assert rules.publication.excluded_material == ("genogram",)
    genogram = next(s for s in rules.report_sections if s.material == "genogram")
    assert genogram.never_published(rules.publication.excluded_material)
    assert not genogram.required


def test_restricted_or_excluded_sections_are_never_published() -> None:
    section = next(iter(load_rule_set(WALES.rule_set_id).report_sections))
    assert not section.never_published(())
    restricted = ReportSection(section.id, section.title, section.provenance, restricted=True)
    assert restricted.never_published(())
    assert section.never_published((section.id,))
    genogram = ReportSection("family-tree", "Family tree", section.provenance, material="genogram")
    assert genogram.never_published(())


def test_an_unknown_report_version_has_no_text() -> None:
    review = journeys.accepted(SCOTLAND_CPC)
    assert refusal(review, lambda: review.report_document(3)) == "review.report-version-unknown"
