"""The report: versioned drafts made of the rule set's sections, each statement marked as fact
or professional opinion; sharing with participants, their comments, acceptance by the body.

A statement's text is personal data wherever someone can be identified from it (with other
information held), and an opinion is personal data too: each statement's text is a ``Personal``
of the report's *document pseudo-subject* (`report_subject_id`), narrative for a fact and opinion
for a professional opinion, so the mapper stores it encrypted and retention can erase the
opinions apart from the facts. Versions drafted before held the text in plain; they still load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid5

from domain.errors import DomainError
from domain.meta import Meta
from domain.personal import Category, Personal
from domain.review.base import LifecycleEvent, ReviewState, require_category, topic

BASES = {"fact": Category.NARRATIVE, "professional-opinion": Category.OPINION}
"""What a statement in the report rests on, and the category its text is kept under."""

NAMESPACE = UUID("6f1d2c3b-8a4e-5b7f-9c0d-1e2f3a4b5c6d")


def report_subject_id(review_id: UUID) -> UUID:
    """The document pseudo-subject a review's report statements are about (the same for every
    caller): registered as a data subject (relationship ``document``) with the first draft, so
    the statements can be exported and crypto-shredded like any subject's data. Not the review
    id itself: a data subject is an aggregate whose id is the subject id."""
    return uuid5(NAMESPACE, str(review_id))


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """A report version as the text a redaction set holds, its sections (offsets into
    ``text``) and the ids of the sections withheld from it."""

    text: str
    sections: list[dict[str, Any]]
    withheld: list[str]


class ReportDrafted(LifecycleEvent):
    """A version of the report (sections of statements; written anonymised)."""

    TOPIC = topic("ReportDrafted")
    version: int
    sections: dict[str, list[dict[str, Any]]]
    """{section id: [{"text": Personal, "basis": ...}]} (text a plain str in older events)"""
    drafted_on: date

    def evolve(self, review: ReviewState) -> None:
        subject_id = report_subject_id(self.originator_id)
        review.reports.append(
            {
                "version": self.version,
                "sections": {
                    k: [_held(subject_id, s) for s in v] for k, v in self.sections.items()
                },
                "drafted_on": self.drafted_on,
                "shared": [],
                "comments": [],
                "accepted_on": None,
                "accepted_by": None,
            }
        )


class ReportShared(LifecycleEvent):
    """A version was shared with participants for comment."""

    TOPIC = topic("ReportShared")
    version: int
    recipients: list[str]
    comments_due: date
    shared_on: date

    def evolve(self, review: ReviewState) -> None:
        review.reports[self.version - 1]["shared"].append(
            {
                "recipients": list(self.recipients),
                "comments_due": self.comments_due,
                "shared_on": self.shared_on,
            }
        )


class ParticipantCommentReceived(LifecycleEvent):
    """A participant commented on a shared version (their opinion: personal data)."""

    TOPIC = topic("ParticipantCommentReceived")
    version: int
    participant: UUID
    comment: Personal
    received_on: date

    def evolve(self, review: ReviewState) -> None:
        review.reports[self.version - 1]["comments"].append(
            {
                "participant": self.participant,
                "comment": self.comment,
                "received_on": self.received_on,
            }
        )


class ReportAccepted(LifecycleEvent):
    """The body the rule set names accepted a version of the report."""

    TOPIC = topic("ReportAccepted")
    version: int
    body: str
    accepted_on: date

    def evolve(self, review: ReviewState) -> None:
        review.reports[self.version - 1].update(accepted_on=self.accepted_on, accepted_by=self.body)


class ReportCommands(ReviewState):
    if TYPE_CHECKING:

        @property
        def id(self) -> UUID: ...  # the aggregate's (Review mixes this into an Aggregate)

    def draft_report(
        self, *, sections: dict[str, list[dict[str, str]]], drafted_on: date, meta: Meta
    ) -> None:
        """Draft a new version (rules: sections the rule set knows, none empty; each statement
        marked fact or professional opinion) → ReportDrafted, each statement's text a
        ``Personal`` of the report's document subject (`report_subject_id`): narrative for a
        fact, opinion for a professional opinion. The caller registers that subject.

        Raises DomainError ``review.report-sections-empty``, ``review.unknown-report-section``,
        ``review.statement-text-required`` or ``review.statement-basis-unknown``.
        """
        rules = self._require("draft_report")
        if not sections or any(not statements for statements in sections.values()):
            raise DomainError("review.report-sections-empty", "every section needs a statement")
        known = {s.id for s in rules.report_sections_for(self.kind)}
        unknown = sorted(set(sections) - known)
        if unknown:
            raise DomainError("review.unknown-report-section", f"{unknown[0]!r} is not a section")
        self._record(
            ReportDrafted,
            version=len(self.reports) + 1,
            sections={
                k: [_statement(report_subject_id(self.id), s) for s in v]
                for k, v in sections.items()
            },
            drafted_on=drafted_on,
            meta=meta,
        )

    def share_report(
        self,
        *,
        version: int,
        recipients: list[str],
        comments_due: date,
        shared_on: date,
        meta: Meta,
    ) -> None:
        """Share a version with participants for comment (rule: recipients named) → ReportShared.

        Raises DomainError ``review.report-version-unknown`` or ``review.recipients-required``.
        """
        self._require("share_report")
        self._report(version)
        named = [r.strip() for r in recipients if r.strip()]
        if not named:
            raise DomainError("review.recipients-required", "name who the report is shared with")
        self._record(
            ReportShared,
            version=version,
            recipients=named,
            comments_due=comments_due,
            shared_on=shared_on,
            meta=meta,
        )

    def receive_participant_comment(
        self, *, version: int, participant: UUID, comment: Personal, received_on: date, meta: Meta
    ) -> None:
        """Record a participant's comment (rules: the version was shared; the comment is the
        participant's own) → ParticipantCommentReceived.

        Raises DomainError ``review.report-version-unknown``, ``review.report-not-shared``,
        ``review.field-of-another-subject`` or ``review.personal-category``.
        """
        self._require("receive_participant_comment")
        if not self._report(version)["shared"]:
            raise DomainError("review.report-not-shared", f"version {version} was not shared")
        if comment.subject_id != participant:
            raise DomainError("review.field-of-another-subject", "the comment is someone else's")
        require_category(comment, (Category.OPINION, Category.NARRATIVE), "the comment")
        self._record(
            ParticipantCommentReceived,
            version=version,
            participant=participant,
            comment=comment,
            received_on=received_on,
            meta=meta,
        )

    def accept_report(self, *, version: int, accepted_on: date, meta: Meta) -> None:
        """Accept the latest version on behalf of the body the rule set names (rule: it has
        every section the rule set requires) → ReportAccepted.

        Raises DomainError ``review.report-version-unknown``, ``review.report-not-latest`` or
        ``review.report-section-missing``.
        """
        rules = self._require("accept_report")
        report = self._report(version)
        if version != len(self.reports):
            raise DomainError("review.report-not-latest", "only the latest version is accepted")
        missing = [
            s.id
            for s in rules.report_sections_for(self.kind)
            if s.required and s.id not in report["sections"]
        ]
        if missing:
            raise DomainError("review.report-section-missing", f"section {missing[0]!r} is missing")
        self._record(
            ReportAccepted,
            version=version,
            body=rules.decision("accept-report").made_by,
            accepted_on=accepted_on,
            meta=meta,
        )

    def report_document(self, version: int) -> ReportDocument:
        """Report ``version`` as the text a redaction set over it holds (see
        `report_document`).

        Raises DomainError ``review.report-version-unknown``.
        """
        self._report(version)
        return report_document(self, version)

    def _report(self, version: int) -> dict[str, Any]:
        if not 0 < version <= len(self.reports):
            raise DomainError("review.report-version-unknown", f"there is no version {version}")
        return self.reports[version - 1]


def _statement(subject_id: UUID, statement: dict[str, str]) -> dict[str, Any]:
    text, basis = statement.get("text", ""), statement.get("basis", "")
    if not isinstance(text, str) or not text.strip():
        raise DomainError("review.statement-text-required", "a statement needs text")
    if basis not in BASES:
        raise DomainError(
            "review.statement-basis-unknown", "mark each statement fact or professional-opinion"
        )
    return {"text": Personal(subject_id, BASES[basis], text.strip()), "basis": basis}


def _held(subject_id: UUID, statement: dict[str, Any]) -> dict[str, Any]:
    # A version drafted before statements were encrypted holds plain text: held the same way in
    # memory, so every reader sees one shape (the stored plaintext itself cannot be shredded).
    text = statement["text"]
    if isinstance(text, str):
        text = Personal(subject_id, BASES.get(statement["basis"], Category.OPINION), text)
    return {"text": text, "basis": statement["basis"]}


def statement_text(statement: dict[str, Any]) -> str:
    """A held statement's text as a document shows it (``[erased]`` once shredded)."""
    text: Personal = statement["text"]
    return text.display


def _section(start: int, end: int, heading: str) -> dict[str, Any]:
    return {"start": start, "end": end, "heading": heading, "kind": "text", "restricted": False}


def report_document(review: ReviewState, version: int) -> ReportDocument:
    """Report ``version`` (which exists) as one text with a section per part: the only text a
    redaction set over this review's report may hold. A genogram, a restricted section and
    material the rule set's publication rule excludes are withheld: left out altogether."""
    drafted = review.reports[version - 1]["sections"]
    excluded = review.rules.publication.excluded_material
    text, sections, withheld = "", [], []
    for section in review.rules.report_sections:
        if section.id not in drafted:
            continue
        if section.never_published(excluded):
            withheld.append(section.id)
            continue
        body = "\n".join([section.title, *(statement_text(s) for s in drafted[section.id])])
        text += "\n\n" if text else ""
        sections.append(_section(len(text), len(text) + len(body), section.title))
        text += body
    return ReportDocument(text, sections, withheld)
