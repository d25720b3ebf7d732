"""Report statements are personal data of the report's document pseudo-subject: a fact is kept as
narrative, a professional opinion as opinion, so each can be erased apart from the other."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.personal import Category, Personal
from domain.review import Review
from domain.review.report import ReportDrafted, report_subject_id
from tests.domain.review import journeys
from tests.domain.review.cases import WALES

D = date(2024, 6, 10)


def drafted(review: Review) -> dict[str, list[dict[str, Any]]]:
    sections = journeys.full_report(review)
    sections["circumstances"] = [
        {"text": "  Child B lived with her mother, Jane Doe. ", "basis": "fact"},
        {"text": "Information sharing depended on individuals.", "basis": "professional-opinion"},
    ]
    review.draft_report(sections=sections, drafted_on=D, meta=journeys.meta("reviewer"))
    event = review.pending_events[-1]
    assert isinstance(event, ReportDrafted)
    return event.sections


def test_a_fact_is_narrative_and_an_opinion_is_opinion_of_the_reports_document() -> None:
    review = journeys.learned(WALES)
    fact, opinion = drafted(review)["circumstances"]
    subject = report_subject_id(review.id)
    assert fact == {
        "text": Personal(subject, Category.NARRATIVE, "Child B lived with her mother, Jane Doe."),
        "basis": "fact",
    }
    assert opinion == {
        "text": Personal(subject, Category.OPINION, "Information sharing depended on individuals."),
        "basis": "professional-opinion",
    }


def test_every_statement_in_the_event_is_personal() -> None:
    review = journeys.learned(WALES)
    statements = [s for v in drafted(review).values() for s in v]
    assert all(isinstance(s["text"], Personal) and s["text"].value for s in statements)


def test_the_document_subject_is_the_same_for_a_review_and_differs_from_its_id() -> None:
    review = journeys.learned(WALES)
    assert report_subject_id(review.id) == report_subject_id(review.id) != review.id
    assert report_subject_id(journeys.learned(WALES).id) != report_subject_id(review.id)


def test_a_version_drafted_in_plain_text_before_still_loads() -> None:
    review = journeys.learned(WALES)
    old = {k: [dict(s) for s in v] for k, v in journeys.full_report(review).items()}
    review.trigger_event(
        ReportDrafted,
        version=2,
        sections=old,
        drafted_on=D,
        meta=journeys.meta("reviewer"),
        stage=review.stage,
    )
    fact, opinion = review.reports[1]["sections"]["circumstances"]
    subject = report_subject_id(review.id)
    assert fact["text"] == Personal(subject, Category.NARRATIVE, old["circumstances"][0]["text"])
    assert opinion["text"] == Personal(subject, Category.OPINION, "What we think it means.")
    assert "What we think it means." in review.report_document(2).text


def test_an_erased_statement_shows_its_placeholder_in_the_report_document() -> None:
    review = journeys.learned(WALES)
    drafted(review)
    for statement in review.reports[-1]["sections"]["circumstances"]:
        if statement["basis"] == "professional-opinion":
            statement["text"] = Personal.erased(statement["text"].subject_id, Category.OPINION)
    text = review.report_document(len(review.reports)).text
    assert "Child B lived with her mother, Jane Doe.\n[erased]" in text
    assert "depended on individuals" not in text
