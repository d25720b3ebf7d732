"""The RedactionSet aggregate and disclosure text in memory: four eyes, removal, restriction."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from domain.personal import Category, Personal
from domain.redaction import Decision, DocumentKind, RedactionSet
from domain.redaction_text import Span, segments
from tests.domain.refusal import refused
from tests.examples import a_meta

TEXT = "Child B lived with her mother, Jane Doe, at 1 High Street.\nGENOGRAM: Jane - Tom"
NAME = (31, 39)  # "Jane Doe"
GENOGRAM = {
    "start": 59,
    "end": len(TEXT),
    "heading": "Genogram",
    "kind": "genogram",
    "restricted": False,
}
AUTHOR, REVIEWER = a_meta(role="dp-lead", actor="dp-1"), a_meta(role="dp-lead", actor="dp-2")


def a_set(sections: list[dict[str, Any]] | None = None) -> RedactionSet:
    return RedactionSet.open(
        document_kind=DocumentKind.REPORT,
        version_label="v3",
        source_id=None,
        text=Personal(uuid4(), Category.NARRATIVE, TEXT),
        sections=sections or [],
        meta=AUTHOR,
    )


def proposed(redaction_set: RedactionSet, span: tuple[int, int], code: str = "foia:s.40") -> int:
    redaction_set.propose(start=span[0], end=span[1], code=code, reason="third party", meta=AUTHOR)
    return len(redaction_set.redactions)


def disclosed(redaction_set: RedactionSet) -> str:
    return "".join(segment.text for segment in redaction_set.disclosure())


def test_the_author_cannot_approve_their_own_redaction() -> None:
    redaction_set = a_set()
    number = proposed(redaction_set, NAME)
    with refused("redaction.four-eyes"):
        redaction_set.approve(number=number, meta=AUTHOR)


def test_a_second_dp_lead_approves_and_the_decision_is_recorded_with_who_and_when() -> None:
    redaction_set = a_set()
    redaction_set.approve(number=proposed(redaction_set, NAME), meta=REVIEWER)
    (redaction,) = redaction_set.redactions
    assert redaction["decision"] is Decision.APPROVED
    assert (redaction["by"], redaction["decided_by"]) == ("dp-1", "dp-2")
    assert redaction["at"] is not None
    assert redaction["decided_at"] is not None


def test_a_set_with_an_undecided_redaction_cannot_be_applied() -> None:
    redaction_set = a_set()
    proposed(redaction_set, NAME)
    with refused("redaction.set-not-approved"):
        redaction_set.apply(applied_on=date(2026, 2, 1), meta=REVIEWER)


def test_applied_redactions_remove_the_text_and_name_the_exemption() -> None:
    redaction_set = a_set()
    redaction_set.approve(number=proposed(redaction_set, NAME), meta=REVIEWER)
    redaction_set.apply(applied_on=date(2026, 2, 1), meta=REVIEWER)
    text = disclosed(redaction_set)
    assert "Jane Doe" not in text
    assert "her mother, [redacted: s.40], at" in text
    assert redaction_set.applied is not None
    assert redaction_set.applied["codes"] == ["foia:s.40"]


def test_a_rejected_redaction_is_not_applied() -> None:
    redaction_set = a_set()
    redaction_set.reject(
        number=proposed(redaction_set, NAME), reason="already public", meta=REVIEWER
    )
    redaction_set.apply(applied_on=date(2026, 2, 1), meta=REVIEWER)
    assert "Jane Doe" in disclosed(redaction_set)


def test_a_genogram_that_is_not_wholly_redacted_refuses_the_disclosure() -> None:
    redaction_set = a_set([GENOGRAM])
    with refused("disclosure.restricted-section"):
        redaction_set.apply(applied_on=date(2026, 2, 1), meta=REVIEWER)


def test_a_restricted_section_wholly_redacted_can_be_disclosed_without_its_text() -> None:
    section = {**GENOGRAM, "kind": "text", "restricted": True}
    redaction_set = a_set([section])
    number = proposed(redaction_set, (59, len(TEXT)), "foia:s.38")
    redaction_set.approve(number=number, meta=REVIEWER)
    redaction_set.apply(applied_on=date(2026, 2, 1), meta=REVIEWER)
    assert disclosed(redaction_set).endswith("[redacted: s.38]")


def test_overlapping_redactions_become_one_naming_both_exemptions() -> None:
    pieces = segments(TEXT, [Span(31, 35, ("foia:s.40",)), Span(33, 39, ("foia:s.38",))], [])
    assert [p.text for p in pieces if p.redacted] == ["[redacted: s.38, s.40]"]


def test_a_span_outside_the_text_is_refused() -> None:
    with refused("redaction.span-invalid"):
        proposed(a_set(), (10, len(TEXT) + 1))


def test_overlapping_sections_are_refused() -> None:
    with refused("redaction.sections-overlap"):
        a_set([GENOGRAM, {**GENOGRAM, "start": 60, "heading": "Again"}])


@given(
    st.text(min_size=1, max_size=80),
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 20)), max_size=6),
)
def test_a_disclosure_keeps_exactly_the_characters_outside_every_span(
    text: str, raw: list[tuple[int, int]]
) -> None:
    spans = [
        Span(start, min(start + width, len(text)), ("foia:s.40",))
        for start, width in raw
        if start < len(text)
    ]
    shown = "".join(p.text for p in segments(text, spans, []) if not p.redacted)
    kept = "".join(c for i, c in enumerate(text) if not any(s.start <= i < s.end for s in spans))
    assert shown == kept


def test_the_opener_cannot_apply_a_set_without_redactions_alone() -> None:
    redaction_set = a_set()
    before = (redaction_set.version, len(redaction_set.pending_events))
    with refused("redaction.four-eyes-set"):
        redaction_set.apply(applied_on=date(2026, 2, 1), meta=AUTHOR)
    assert (redaction_set.version, len(redaction_set.pending_events)) == before
    assert redaction_set.applied is None


def test_a_second_dp_lead_signs_off_a_set_without_redactions_by_applying_it() -> None:
    redaction_set = a_set()
    redaction_set.apply(applied_on=date(2026, 2, 1), meta=REVIEWER)
    assert redaction_set.applied is not None
    assert (redaction_set.opened_by, redaction_set.applied["by"]) == ("dp-1", "dp-2")


def test_a_set_opened_before_withheld_sections_were_recorded_still_loads() -> None:
    redaction_set = a_set()
    events = redaction_set.collect_events()
    del events[0].__dict__["withheld"]
    replayed: RedactionSet | None = None
    for stored in events:
        replayed = stored.mutate(replayed)
    assert replayed is not None
    assert (replayed.withheld, replayed.opened_by) == ([], "dp-1")
