"""A redaction set over a review's report, over HTTP on real PostgreSQL: its text is built by
the API from the report version (never taken from the client), a genogram or restricted
section is withheld from it altogether, and a second data protection lead signs off every set."""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.information_rights import command, log_head
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import SCOTLAND_CPC, WALES


def refused_opening(api: ReviewApi, review: str, **body: Any) -> str:
    """The rule refusing a set over the review's report; fails if anything was recorded."""
    before = log_head(api.client)
    response = steps.report_set(api, review, **body)
    assert response.status_code == 422, response.text
    assert log_head(api.client) == before
    return str(response.json()["rule"])


def test_a_report_set_holds_the_report_version_as_the_review_has_it(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    opened = steps.report_set(api, review)
    assert opened.status_code == 201, opened.text
    set_id = opened.json()["id"]
    text = steps.document_text(api, set_id)
    for statements in steps.report_sections(SCOTLAND_CPC).values():
        assert all(s["text"] in text for s in statements)
    shown = client.get(f"/redaction-sets/{set_id}", headers=api.headers()).json()
    headings = [s["heading"] for s in shown["sections"]]
    assert headings[0] == "How the review was conducted"
    assert (shown["source_version"], shown["withheld"], shown["opened_by"]) == (1, [], "dp-1")


def test_text_other_than_the_report_versions_is_refused(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    rule = refused_opening(api, review, text="A report nobody accepted.")
    assert rule == "redaction.report-text-differs"


def test_the_report_versions_own_text_may_be_sent(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    first = steps.report_set(api, review).json()["id"]
    same = steps.report_set(api, review, text=steps.document_text(api, first))
    assert same.status_code == 201, same.text


def test_sections_sent_for_a_report_set_are_refused(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    section = {"start": 0, "end": 5, "heading": "Mine", "kind": "text"}
    assert refused_opening(api, review, sections=[section]) == "redaction.report-sections-given"


def test_a_set_over_a_report_version_that_does_not_exist_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    assert refused_opening(api, review, source_version=2) == "review.report-version-unknown"
    rule = refused_opening(api, review, source_version=None)
    assert rule == "redaction.source-version-invalid"


def test_a_set_over_another_partnerships_report_is_not_found(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    before = log_head(client)
    assert (
        steps.report_set(ReviewApi(client, auth, partnership="p-south"), review).status_code == 404
    )
    assert log_head(client) == before


def test_a_text_document_without_text_is_refused(client: TestClient, auth: TokenFor) -> None:
    before = log_head(client)
    body = {"document_kind": "minutes", "version_label": "v1"}
    response = client.post(
        "/redaction-sets", json=body, headers=steps.dp_leads(ReviewApi(client, auth))[0]
    )
    assert (response.status_code, response.json()["rule"]) == (422, "redaction.text-required")
    assert log_head(client) == before


def test_the_genogram_is_never_in_the_set_nor_its_pdf(client: TestClient, auth: TokenFor) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, WALES)  # the Welsh rules exclude the genogram from publication
    opened = steps.report_set(api, review)
    set_id = opened.json()["id"]
    assert steps.GENOGRAM not in steps.document_text(api, set_id)
    path = f"/redaction-sets/{set_id}"
    assert client.get(path, headers=api.headers()).json()["withheld"] == ["genogram"]
    command(client, f"{path}/application", {"applied_on": "2024-08-30"}, steps.dp_leads(api)[1])
    pdf = client.get(f"{path}/disclosure", params={"format": "pdf"}, headers=api.headers())
    reader = PdfReader(io.BytesIO(pdf.content))
    extracted = re.sub(r"\s", "", "".join(page.extract_text() for page in reader.pages))
    assert re.sub(r"\s", "", "Circumstances that led to the review") in extracted
    for withheld in ("GENOGRAM", "JohnDoe", "Genogramofthefamily"):
        assert withheld not in extracted
    assert "GENOGRAM" not in client.get(f"{path}/disclosure", headers=api.headers()).text


def test_the_opener_alone_cannot_apply_a_set_without_redactions(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = steps.accepted(api, SCOTLAND_CPC)
    path = f"/redaction-sets/{steps.report_set(api, review).json()['id']}/application"
    author, second = steps.dp_leads(api)
    before = log_head(client)
    response = client.post(path, json={"applied_on": "2024-08-30"}, headers=author)
    assert (response.status_code, response.json()["rule"]) == (422, "redaction.four-eyes-set")
    assert log_head(client) == before
    command(client, path, {"applied_on": "2024-08-30"}, second)
