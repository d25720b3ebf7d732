"""Report, publication, action plan and closure commands over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import ENGLAND, SCOTLAND_CPC, WALES, Case


def in_learning(api: ReviewApi, case: Case) -> str:
    review = steps.evidenced(api, case)
    attendance = {"held_on": "2024-05-20", "attendees": [api.person("practitioner")]}
    api.ok(review, "learning-events/1/attendance", attendance)
    return review


def test_a_draft_with_an_empty_section_is_refused(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = in_learning(api, WALES)
    body = {"sections": {"circumstances": []}, "drafted_on": "2024-06-01"}
    assert api.refused(review, "report/drafts", body).json()["rule"] == (
        "review.report-sections-empty"
    )


def test_only_a_reviewer_drafts_the_report(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = in_learning(api, WALES)
    body = {"sections": steps.report_sections(WALES), "drafted_on": "2024-06-01"}
    assert api.refused(review, "report/drafts", body, "chair").status_code == 403


def test_each_statement_shows_whether_it_is_fact_or_opinion(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = in_learning(api, WALES)
    body = {"sections": steps.report_sections(WALES), "drafted_on": "2024-06-01"}
    api.ok(review, "report/drafts", body)
    (report,) = api.state(review)["reports"]
    bases = {s["basis"] for s in report["sections"]["circumstances"]}
    assert bases == {"fact", "professional-opinion"}
    assert "additional-scrutiny" in report["sections"]


def test_a_report_sent_too_close_to_publication_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, ENGLAND)
    api.ok(review, "decisions", steps.publication_decision("2024-09-02"))
    body = {"recipient": "ofsted", "submitted_on": "2024-08-22"}
    response = api.refused(review, "report/submissions", body)
    assert response.json()["rule"] == "review.report-lead-time-too-short"
    assert "2024-08-21" in response.json()["detail"]  # the summer bank holiday does not count


def test_a_bank_holiday_override_moves_the_lead_time_deadline(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, ENGLAND)
    holiday = {"day": "2024-08-28", "action": "add", "reason": "Extra holiday."}
    added = client.post(
        "/calendars/england-and-wales/overrides", json=holiday, headers=api.headers()
    )
    assert added.status_code == 201, added.text
    client.app.state.services.runner.catch_up_all()  # type: ignore[attr-defined]
    api.ok(review, "decisions", steps.publication_decision("2024-09-02"))
    body = {"recipient": "ofsted", "submitted_on": "2024-08-21"}
    response = api.refused(review, "report/submissions", body)
    assert "2024-08-20" in response.json()["detail"]


def test_publishing_waits_for_every_body_owed_the_report(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, ENGLAND)
    api.ok(review, "decisions", steps.publication_decision())
    api.ok(review, "report/submissions", {"recipient": "ofsted", "submitted_on": "2024-08-01"})
    body = steps.publication(steps.rendering(api, review))
    assert api.refused(review, "report/publication", body).json()["rule"] == (
        "review.report-not-submitted"
    )


def test_a_review_with_open_actions_does_not_close(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    api.ok(review, "decisions", steps.publication_decision())
    steps.discharge(api, review, "2024-08-01")
    api.ok(review, "report/publication", steps.publication(steps.rendering(api, review)))
    body = {"reason": "Done.", "closed_on": "2024-11-05"}
    assert api.refused(review, "closure", body).json()["rule"] == "review.actions-outstanding"


def test_the_report_stays_published_for_the_minimum_period(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.closed(api, WALES)
    early = {"reason": "Superseded.", "withdrawn_on": "2024-10-01"}
    assert api.refused(review, "report/withdrawal", early).json()["rule"] == (
        "review.report-min-display-not-elapsed"
    )
    api.ok(review, "report/withdrawal", {**early, "withdrawn_on": "2024-12-01"})
    assert api.state(review)["publication"]["withdrawn_on"] == "2024-12-01"


def test_a_closed_review_is_listed_as_closed(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.closed(api, WALES)
    closed = client.get("/reviews?stage=closed", headers=api.headers()).json()["items"]
    assert [r["id"] for r in closed] == [review]
    action = {"action": "More.", "owner": "Council", "due_on": "2025-01-01"}
    assert api.refused(review, "action-plan", action).json()["rule"] == (
        "review.command-not-allowed-in-stage"
    )
