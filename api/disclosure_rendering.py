"""Disclosure renderings of an applied redaction set: HTML and PDF.

Both are built from the disclosure *segments*, in which redacted text is already removed and
replaced by ``[redacted: <exemption>]``: nothing is drawn over text, so no hidden layer, no
recoverable glyphs. The PDF is written from scratch by fpdf2 with core fonts; its metadata
(title, subject, keywords, author, creator, producer) is set from the set's id, document kind and
exemption labels only, never from the document's text. Characters outside Latin-1 are
transliterated in the PDF (core fonts); the HTML keeps them as they are.
"""

from __future__ import annotations

import unicodedata
from html import escape

from fpdf import FPDF

from domain.exemptions import exemption
from domain.redaction import RedactionSet
from domain.redaction_text import Segment

PRODUCER = "reviewtrail"
_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def _title(redaction_set: RedactionSet) -> str:
    return f"Disclosure {redaction_set.id}"


def _subject(redaction_set: RedactionSet) -> str:
    return f"Redacted {redaction_set.document_kind.value} ({redaction_set.version_label})"


def _exemptions(redaction_set: RedactionSet) -> list[str]:
    codes = (redaction_set.applied or {}).get("codes", [])
    return [f"{exemption(c).label}: {exemption(c).title}" for c in codes]


def disclosure_html(redaction_set: RedactionSet, segments: list[Segment]) -> str:
    """A self-contained, escaped HTML page of the disclosure."""
    body = "".join(
        f"<span class='redaction'>{escape(s.text)}</span>" if s.redacted else escape(s.text)
        for s in segments
    )
    listed = "".join(f"<li>{escape(line)}</li>" for line in _exemptions(redaction_set))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(_title(redaction_set))}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:auto}"
        ".text{white-space:pre-wrap}.redaction{font-weight:bold;background:#eee}</style>"
        f"</head><body><h1>{escape(_subject(redaction_set))}</h1>"
        f"<div class='text'>{body}</div>"
        f"<h2>Exemptions applied</h2><ul>{listed}</ul></body></html>"
    )


def latin1(text: str) -> str:
    """``text`` in the core fonts' Latin-1: typographic punctuation made plain, accented
    letters outside Latin-1 reduced to their base letter (ŵ → w), anything else ``?``."""
    out = []
    for char in text.translate(_PUNCTUATION):
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def disclosure_pdf(redaction_set: RedactionSet, segments: list[Segment]) -> bytes:
    """The disclosure as a PDF whose text and metadata hold no redacted string."""
    pdf = FPDF()
    pdf.set_title(_title(redaction_set))
    pdf.set_subject(_subject(redaction_set))
    pdf.set_keywords("disclosure redacted")
    pdf.set_author(PRODUCER)
    pdf.set_creator(PRODUCER)
    pdf.set_producer(PRODUCER)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, latin1(_subject(redaction_set)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    text = "".join(segment.text for segment in segments)
    pdf.multi_cell(0, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, "Exemptions applied", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in _exemptions(redaction_set) or ["none"]:
        pdf.multi_cell(0, 5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
