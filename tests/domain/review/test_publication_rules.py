"""Publication only from the approved redacted rendering, and never while criminal proceedings
or a fatal accident inquiry are open unless the body running them cleared it."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.personal import Category, Personal
from domain.redaction import DocumentKind, RedactionSet
from domain.review import Review
from tests.domain.review import journeys
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC, WALES, Case
from tests.domain.review.conftest import refusal
from tests.domain.review.journeys import PLANNED_PUBLICATION, meta, narrative, rendering
from tests.examples import a_meta

D = date(2024, 8, 20)


def ready(case: Case = SCOTLAND_CPC) -> Review:
    """An accepted report, a decision to publish, every body owed the report sent it."""
    review = journeys.accepted(case)
    review.record_decision(
        subject="publication",
        outcome="publish",
        decision_makers=["board-chair"],
        rationale="Publish the anonymised report.",
        decided_on=date(2024, 7, 8),
        planned_publication_date=PLANNED_PUBLICATION,
        meta=meta(),
    )
    journeys.discharge(review, date(2024, 8, 1))
    return review


def other_set(review: Review, **overrides: object) -> RedactionSet:
    given: dict[str, object] = {
        "document_kind": DocumentKind.REPORT,
        "version_label": "v2",
        "source_id": review.id,
        "source_version": 2,
        "text": narrative(uuid4(), "The report."),
        "sections": [],
        "meta": meta("dp-lead"),
        **overrides,
    }
    redaction_set = RedactionSet.open(**given)  # type: ignore[arg-type]
    redaction_set.apply(applied_on=D, meta=journeys.second_dp_lead())
    return redaction_set


def criminal_proceedings(review: Review, kind: str = "criminal") -> None:
    review.record_parallel_proceedings(
        kind=kind, body="COPFS", recorded_on=date(2024, 7, 10), meta=meta()
    )


def clear(review: Review, number: int = 1, reference: str = "COPFS letter PF/114") -> None:
    review.clear_publication(number=number, reference=reference, cleared_on=D, meta=meta())


def test_publishing_without_a_redaction_set_of_the_partnership_is_refused() -> None:
    review = ready()
    unknown = refusal(
        review,
        lambda: review.publish_report(
            redaction_set=None, location="https://x", published_on=D, meta=meta()
        ),
    )
    foreign = other_set(review, meta=a_meta(partnership="p-other", role="dp-lead"))
    elsewhere = refusal(review, lambda: journeys.publish(review, foreign))
    assert unknown == elsewhere == "publication.redaction-set-unknown"


def test_publishing_from_a_set_over_minutes_is_refused() -> None:
    review = ready()
    minutes = other_set(review, document_kind=DocumentKind.MINUTES)
    rule = refusal(review, lambda: journeys.publish(review, minutes))
    assert rule == "publication.redaction-set-not-report"


def test_publishing_from_another_reviews_report_is_refused() -> None:
    review = ready()
    elsewhere = other_set(review, source_id=uuid4())
    rule = refusal(review, lambda: journeys.publish(review, elsewhere))
    assert rule == "publication.redaction-set-other-review"


def test_publishing_from_a_version_other_than_the_accepted_one_is_refused() -> None:
    review = ready()  # version 2 was accepted
    rule = refusal(review, lambda: journeys.publish(review, rendering(review, 1)))
    assert rule == "publication.redaction-set-other-version"


def test_publishing_from_a_set_whose_text_is_not_the_accepted_report_is_refused() -> None:
    review = ready()  # version 2 was accepted; other_set's text is not its text
    rule = refusal(review, lambda: journeys.publish(review, other_set(review)))
    assert rule == "publication.redaction-set-text-differs"


def test_publishing_from_a_set_not_yet_applied_is_refused() -> None:
    review = ready()
    rule = refusal(review, lambda: journeys.publish(review, rendering(review, applied=False)))
    assert rule == "publication.redaction-set-not-applied"


def test_publishing_from_a_set_whose_text_was_erased_is_refused() -> None:
    review = ready()
    redaction_set = rendering(review)
    redaction_set.text = Personal.erased(redaction_set.document_subject_id, Category.NARRATIVE)
    rule = refusal(review, lambda: journeys.publish(review, redaction_set))
    assert rule == "redaction.document-erased"


def test_the_published_report_names_its_redaction_set_and_display_period() -> None:
    review = ready(WALES)
    redaction_set = rendering(review)
    journeys.publish(review, redaction_set)
    assert review.publication is not None
    assert review.publication["redaction_set_id"] == redaction_set.id
    assert review.publication["display_until"] == date(2024, 11, 25)  # Wales: 12 weeks


def test_england_keeps_the_report_published_for_a_year() -> None:
    review = ready(ENGLAND)
    journeys.publish(review)
    assert review.publication is not None
    assert review.publication["display_until"] == date(2025, 9, 2)


def test_open_criminal_proceedings_hold_publication_back() -> None:
    review = ready()
    criminal_proceedings(review)
    assert refusal(review, lambda: journeys.publish(review)) == "publication.proceedings-open"


def test_an_open_fatal_accident_inquiry_holds_publication_back() -> None:
    review = ready()
    criminal_proceedings(review, "fatal-accident-inquiry")
    assert refusal(review, lambda: journeys.publish(review)) == "publication.proceedings-open"


def test_publication_goes_ahead_once_the_proceedings_conclude() -> None:
    review = ready()
    criminal_proceedings(review)
    review.conclude_parallel_proceedings(
        number=1, outcome="Verdict given.", concluded_on=D, meta=meta()
    )
    journeys.publish(review)
    assert review.publication is not None


def test_publication_goes_ahead_when_the_body_running_them_agrees() -> None:
    review = ready()
    criminal_proceedings(review)
    clear(review)
    journeys.publish(review)
    assert review.proceedings[0]["publication_cleared_on"] == D
    assert review.publication is not None


def test_childrens_hearings_proceedings_do_not_hold_publication_back() -> None:
    review = ready()
    criminal_proceedings(review, "childrens-hearing")
    rule = refusal(review, lambda: clear(review))
    assert rule == "publication.proceedings-do-not-hold-publication"
    journeys.publish(review)
    assert review.publication is not None


def test_a_clearance_needs_the_agreements_reference() -> None:
    review = ready()
    criminal_proceedings(review)
    rule = refusal(review, lambda: clear(review, reference=" "))
    assert rule == "publication.clearance-reference-required"


def test_concluded_or_unknown_proceedings_cannot_be_cleared() -> None:
    review = ready()
    criminal_proceedings(review)
    review.conclude_parallel_proceedings(number=1, outcome="Verdict.", concluded_on=D, meta=meta())
    assert refusal(review, lambda: clear(review)) == "review.proceedings-not-open"
    assert refusal(review, lambda: clear(review, 2)) == "review.proceedings-not-open"


def test_proceedings_are_cleared_once() -> None:
    review = ready()
    criminal_proceedings(review)
    clear(review)
    assert refusal(review, lambda: clear(review)) == "publication.already-cleared"


def test_a_report_published_before_the_redaction_set_was_recorded_still_loads() -> None:
    review = ready()
    journeys.publish(review)
    events = review.collect_events()
    published = next(e for e in events if type(e).__name__ == "ReportPublished")
    for recorded_later in ("redaction_set_id", "display_until"):
        del published.__dict__[recorded_later]
    replayed: Review | None = None
    for stored in events:
        replayed = stored.mutate(replayed)
    assert replayed is not None
    assert replayed.publication is not None
    assert replayed.publication["redaction_set_id"] is None
    assert replayed.publication["version"] == 2


def test_publication_is_decided_only_after_the_familys_views_where_the_rules_consult_them() -> None:
    review = journeys.accepted(SCOTLAND_CPC, family=False)  # the Scottish rules consult them
    rule = refusal(
        review,
        lambda: review.record_decision(
            subject="publication",
            outcome="publish",
            decision_makers=["board-chair"],
            rationale="Publish the anonymised report.",
            decided_on=date(2024, 7, 8),
            planned_publication_date=PLANNED_PUBLICATION,
            meta=meta(),
        ),
    )
    assert rule == "publication.family-views-first"
