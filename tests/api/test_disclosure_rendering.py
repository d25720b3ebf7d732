"""Disclosure renderings in memory: the PDF's extracted text and metadata hold no redacted
string, and the HTML neither (no database needed)."""

from __future__ import annotations

import io
import re
from datetime import date
from uuid import uuid4

from pypdf import PdfReader

from api.disclosure_rendering import disclosure_html, disclosure_pdf, latin1
from domain.personal import Category, Personal
from domain.redaction import DocumentKind, RedactionSet
from tests.canary import canary
from tests.examples import a_meta

AUTHOR, REVIEWER = a_meta(role="dp-lead", actor="dp-1"), a_meta(role="dp-lead", actor="dp-2")


def applied_set(text: str, *spans: tuple[int, int]) -> RedactionSet:
    redaction_set = RedactionSet.open(
        document_kind=DocumentKind.REPORT,
        version_label="final",
        source_id=None,
        text=Personal(uuid4(), Category.NARRATIVE, text),
        sections=[],
        meta=AUTHOR,
    )
    for start, end in spans:
        redaction_set.propose(start=start, end=end, code="foia:s.40", reason="name", meta=AUTHOR)
        redaction_set.approve(number=len(redaction_set.redactions), meta=REVIEWER)
    redaction_set.apply(applied_on=date(2026, 4, 1), meta=REVIEWER)
    return redaction_set


def names_and_text() -> tuple[str, str, str]:
    mother, father = canary("mother"), canary("father")
    text = f"Child B lived with {mother}.\nHer father {father} visited weekly. Schools noticed."
    return mother, father, text


def pdf_text(redaction_set: RedactionSet) -> str:
    """The PDF's extracted text without whitespace, so a wrapped line cannot hide a string."""
    reader = PdfReader(io.BytesIO(disclosure_pdf(redaction_set, redaction_set.disclosure())))
    return re.sub(r"\s", "", "".join(page.extract_text() for page in reader.pages))


def spans_of(text: str, *names: str) -> list[tuple[int, int]]:
    return [(text.index(name), text.index(name) + len(name)) for name in names]


def test_the_pdf_text_holds_no_redacted_string_and_shows_the_exemption() -> None:
    mother, father, text = names_and_text()
    extracted = pdf_text(applied_set(text, *spans_of(text, mother)))
    assert mother not in extracted
    assert father in extracted  # the control: an unredacted name survives extraction
    assert "[redacted:s.40]" in extracted
    assert "Schoolsnoticed." in extracted


def test_every_redacted_string_is_gone_from_the_pdf() -> None:
    mother, father, text = names_and_text()
    extracted = pdf_text(applied_set(text, *spans_of(text, mother, father)))
    assert mother not in extracted
    assert father not in extracted


def test_the_pdf_metadata_holds_no_redacted_string() -> None:
    mother, father, text = names_and_text()
    redaction_set = applied_set(text, *spans_of(text, mother, father))
    reader = PdfReader(io.BytesIO(disclosure_pdf(redaction_set, redaction_set.disclosure())))
    metadata = reader.metadata
    assert metadata is not None
    fields = [
        metadata.title,
        metadata.subject,
        metadata.get("/Keywords"),
        metadata.author,
        metadata.producer,
        metadata.creator,
    ]
    assert all(field for field in fields)
    assert not any(name in str(field) for field in fields for name in (mother, father))
    assert str(metadata.title) == f"Disclosure {redaction_set.id}"
    assert metadata.producer == "reviewtrail"


def test_the_html_removes_the_redacted_text() -> None:
    mother, father, text = names_and_text()
    redaction_set = applied_set(text, *spans_of(text, mother))
    html = disclosure_html(redaction_set, redaction_set.disclosure())
    assert mother not in html
    assert father in html
    assert "[redacted: s.40]" in html


def test_text_outside_latin_1_is_transliterated_for_the_pdf() -> None:
    assert latin1("G\u0175yl \u201cDewi\u201d \u2013 Dafydd\u2026") == 'Gwyl "Dewi" - Dafydd...'
