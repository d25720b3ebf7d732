"""Report statements over HTTP: stored only encrypted under the report's document subject, shown
by the reader's roles like any narrative or opinion, erasable by category (opinions apart from
facts), and versions drafted in plain text before still load."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import psycopg
import pytest
from fastapi.testclient import TestClient

from domain.review.report import ReportDrafted, report_subject_id
from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.review_steps import ReviewApi
from tests.canary import canary, leaks, pg_dump
from tests.domain.review.cases import WALES
from tests.examples import a_meta

FACT, OPINION = canary("fact"), canary("opinion")


@pytest.fixture
def api(client: TestClient, auth: TokenFor) -> ReviewApi:
    return ReviewApi(client, auth)


@pytest.fixture
def review(api: ReviewApi) -> str:
    """A review whose first report version names a person in a fact and holds an opinion."""
    review = steps.evidenced(api, WALES)
    attendance = {"held_on": "2024-05-20", "attendees": [api.person("practitioner")]}
    api.ok(review, "learning-events/1/attendance", attendance)
    sections = steps.report_sections(WALES)
    sections["circumstances"] = [
        {"text": f"Child B lived with her mother, Jane Doe. {FACT}", "basis": "fact"},
        {"text": f"Information sharing failed. {OPINION}", "basis": "professional-opinion"},
    ]
    api.ok(review, "report/drafts", {"sections": sections, "drafted_on": "2024-06-01"})
    return review


def statements(api: ReviewApi, review: str, role: str = "reviewer") -> list[dict[str, Any]]:
    response = api.client.get(f"/reviews/{review}", headers=api.headers(role))
    assert response.status_code == 200, response.text
    return response.json()["state"]["reports"][-1]["sections"]["circumstances"]  # type: ignore[no-any-return]


def test_a_drafted_statement_is_stored_only_encrypted(
    api: ReviewApi, review: str, database_url: str
) -> None:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT state FROM reviewtrail_events WHERE originator_id = %s", (UUID(review),)
        ).fetchall()
    assert not any(leaks(bytes(state), secret) for (state,) in rows for secret in (FACT, OPINION))
    api.client.app.state.services.runner.catch_up_all()  # type: ignore[attr-defined]
    dump = pg_dump(database_url)
    assert not leaks(dump, FACT)
    assert not leaks(dump, OPINION)
    assert not leaks(dump, "Jane Doe")
    fact, opinion = statements(api, review)
    assert FACT in fact["text"]["value"]
    assert OPINION in opinion["text"]["value"]


def test_a_fact_is_narrative_and_an_opinion_opinion_of_the_reports_document_subject(
    api: ReviewApi, review: str
) -> None:
    fact, opinion = statements(api, review)
    subject = str(report_subject_id(UUID(review)))
    assert (fact["basis"], fact["text"]["category"]) == ("fact", "narrative")
    assert (opinion["basis"], opinion["text"]["category"]) == ("professional-opinion", "opinion")
    assert fact["text"]["subject_id"] == opinion["text"]["subject_id"] == subject


def test_an_auditor_sees_placeholders_and_a_panel_members_read_is_in_the_access_trail(
    api: ReviewApi, review: str
) -> None:
    head = api.log_head()
    assert {s["text"]["value"] for s in statements(api, review, "auditor")} == {"[personal data]"}
    assert api.log_head() == head
    assert FACT in statements(api, review, "panel-member")[0]["text"]["value"]
    params = {"subject": str(report_subject_id(UUID(review)))}
    response = api.client.get("/audit/access", params=params, headers=api.headers("auditor"))
    assert response.status_code == 200, response.text
    assert [e["actor_role"] for e in response.json()["items"]] == ["panel-member"]


def test_erasing_the_reports_opinions_leaves_its_facts(api: ReviewApi, review: str) -> None:
    subject = report_subject_id(UUID(review))
    erasure = {"category": "opinion", "reason": "retention ended", "legal_basis": "Art. 17(1)(a)"}
    response = api.client.post(
        f"/subjects/{subject}/erasure", json=erasure, headers=api.headers("dp-lead")
    )
    assert response.status_code == 200, response.text
    fact, opinion = statements(api, review)
    assert FACT in fact["text"]["value"]
    assert not fact["text"]["erased"]
    assert (opinion["text"]["value"], opinion["text"]["erased"]) == ("[erased]", True)


def test_a_version_drafted_in_plain_text_before_still_loads(api: ReviewApi, review: str) -> None:
    app = api.client.app.state.services.app  # type: ignore[attr-defined]
    old = app.get_review(UUID(review), api.partnership)
    sections = {k: [{"text": f"Plain {k}.", "basis": "fact"}] for k in steps.report_sections(WALES)}
    old.trigger_event(
        ReportDrafted,
        version=2,
        sections=sections,
        drafted_on=date(2024, 6, 2),
        meta=a_meta(api.partnership, "reviewer"),
        stage=old.stage,
    )
    app.save(old)
    (plain,) = statements(api, review)
    assert plain["text"]["value"] == "Plain circumstances."
    assert plain["text"]["category"] == "narrative"
