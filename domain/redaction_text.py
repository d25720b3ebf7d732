"""Pure text work for disclosures: merging redaction spans, restricted sections, segments.

A disclosure *removes* redacted text (it is never merely covered): the rendering is built from
segments in which a redacted span is replaced by ``[redacted: <exemption labels>]``, so the
original characters never reach the HTML or PDF at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from domain.errors import DomainError
from domain.exemptions import exemption


class SectionKind(StrEnum):
    """What a marked section of a document is; a genogram is always restricted."""

    TEXT = "text"
    GENOGRAM = "genogram"


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start`` (inclusive) to ``end`` (exclusive) withheld under ``codes``."""

    start: int
    end: int
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A marked part of a document; ``restricted`` parts may never be disclosed."""

    start: int
    end: int
    heading: str
    kind: SectionKind
    restricted: bool

    @property
    def never_disclosed(self) -> bool:
        """True for a restricted section or a genogram."""
        return self.restricted or self.kind is SectionKind.GENOGRAM


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a disclosure: text shown as it is, or the placeholder of a removed span."""

    text: str
    redacted: bool


def check_span(start: int, end: int, length: int) -> None:
    """Raises DomainError ``redaction.span-invalid`` unless 0 <= start < end <= length."""
    if not 0 <= start < end <= length:
        raise DomainError("redaction.span-invalid", f"a span must lie within 0..{length}")


def check_sections(sections: Sequence[Section], length: int) -> None:
    """Sections lie inside the text, do not overlap and have headings.

    Raises DomainError ``redaction.span-invalid``, ``redaction.sections-overlap`` or
    ``redaction.section-heading-required``.
    """
    ordered = sorted(sections, key=lambda s: s.start)
    for section in ordered:
        check_span(section.start, section.end, length)
        if not section.heading.strip():
            raise DomainError("redaction.section-heading-required", "a section needs a heading")
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise DomainError("redaction.sections-overlap", "sections may not overlap")


def merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans as one, with every code that applies to it."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            codes = tuple(sorted(set(last.codes) | set(span.codes)))
            merged[-1] = Span(last.start, max(last.end, span.end), codes)
        else:
            merged.append(Span(span.start, span.end, tuple(sorted(set(span.codes)))))
    return merged


def check_restricted(sections: Sequence[Section], spans: Sequence[Span]) -> None:
    """Every restricted section or genogram is wholly removed by the approved spans.

    Raises DomainError ``disclosure.restricted-section``.
    """
    merged = merge(spans)
    for section in sections:
        if section.never_disclosed and not any(
            s.start <= section.start and section.end <= s.end for s in merged
        ):
            raise DomainError(
                "disclosure.restricted-section",
                f"section '{section.heading}' is restricted and can never be disclosed",
            )


def placeholder(codes: Sequence[str]) -> str:
    """``[redacted: s.40]``, or ``[redacted: s.38, s.40]`` for several exemptions."""
    labels = sorted({exemption(code).label for code in codes})
    return f"[redacted: {', '.join(labels)}]"


def segments(text: str, spans: Sequence[Span], sections: Sequence[Section]) -> list[Segment]:
    """The disclosure of ``text``: approved spans removed and replaced by their placeholder.

    Raises DomainError ``disclosure.restricted-section`` when a restricted section would show.
    """
    check_restricted(sections, spans)
    pieces: list[Segment] = []
    cursor = 0
    for span in merge(spans):
        if span.start > cursor:
            pieces.append(Segment(text[cursor : span.start], redacted=False))
        pieces.append(Segment(placeholder(span.codes), redacted=True))
        cursor = span.end
    if cursor < len(text):
        pieces.append(Segment(text[cursor:], redacted=False))
    return pieces
