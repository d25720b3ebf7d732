"""/redaction-sets over HTTP on real PostgreSQL: four eyes, application, disclosure renderings,
restricted sections, encryption of the document text."""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.api.conftest import TokenFor
from tests.api.information_rights import command, created, dp_lead, log_head, refused
from tests.canary import canary, leaks, pg_dump


def document(text: str, **overrides: Any) -> dict[str, Any]:
    return {"document_kind": "report", "version_label": "final v3", "text": text, **overrides}


def span(text: str, part: str) -> tuple[int, int]:
    return text.index(part), text.index(part) + len(part)


def proposal(text: str, part: str, code: str = "foia:s.40") -> dict[str, Any]:
    start, end = span(text, part)
    return {"start": start, "end": end, "code": code, "reason": "a family member's name"}


def a_set_with_one_redaction(client: TestClient, auth: TokenFor) -> tuple[str, str, str]:
    name = canary("mother")
    text = f"Child B lived with her mother, {name}, who asked for help twice."
    set_id = created(client, "/redaction-sets", document(text), dp_lead(auth))
    command(client, f"/redaction-sets/{set_id}/redactions", proposal(text, name), dp_lead(auth))
    return set_id, name, text


def test_the_author_cannot_approve_their_own_redaction(client: TestClient, auth: TokenFor) -> None:
    set_id, _, _ = a_set_with_one_redaction(client, auth)
    path = f"/redaction-sets/{set_id}/redactions/1/approval"
    refused(client, path, None, dp_lead(auth, "dp-1"), "redaction.four-eyes")


def test_a_set_with_an_undecided_redaction_cannot_be_applied(
    client: TestClient, auth: TokenFor
) -> None:
    set_id, _, _ = a_set_with_one_redaction(client, auth)
    applied = {"applied_on": "2026-04-01"}
    path = f"/redaction-sets/{set_id}/application"
    refused(client, path, applied, dp_lead(auth, "dp-2"), "redaction.set-not-approved")


def test_an_applied_set_renders_pdf_and_html_without_the_redacted_text(
    client: TestClient, auth: TokenFor
) -> None:
    set_id, name, _ = a_set_with_one_redaction(client, auth)
    path = f"/redaction-sets/{set_id}"
    command(client, f"{path}/redactions/1/approval", None, dp_lead(auth, "dp-2"))
    command(client, f"{path}/application", {"applied_on": "2026-04-01"}, dp_lead(auth, "dp-2"))
    pdf = client.get(f"{path}/disclosure", params={"format": "pdf"}, headers=dp_lead(auth))
    assert pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    extracted = re.sub(r"\s", "", "".join(page.extract_text() for page in reader.pages))
    assert name not in extracted
    assert "hermother,[redacted:s.40],whoasked" in extracted
    assert name not in str(reader.metadata)
    html = client.get(f"{path}/disclosure", headers=auth("governance-officer")).text
    assert name not in html
    assert "[redacted: s.40]" in html
    review = client.get(path, headers=dp_lead(auth)).json()["redactions"][0]
    assert (review["by"], review["decided_by"], review["decision"]) == ("dp-1", "dp-2", "approved")


def test_a_set_is_rendered_only_once_applied(client: TestClient, auth: TokenFor) -> None:
    set_id, _, _ = a_set_with_one_redaction(client, auth)
    response = client.get(f"/redaction-sets/{set_id}/disclosure", headers=dp_lead(auth))
    assert response.status_code == 422
    assert response.json()["rule"] == "redaction.not-applied"


def test_a_genogram_section_not_wholly_redacted_refuses_the_application(
    client: TestClient, auth: TokenFor
) -> None:
    text = "Summary of practice.\nGENOGRAM: mother - father - Child B"
    genogram = {"start": 21, "end": len(text), "heading": "Genogram", "kind": "genogram"}
    set_id = created(client, "/redaction-sets", document(text, sections=[genogram]), dp_lead(auth))
    path = f"/redaction-sets/{set_id}/application"
    applied = {"applied_on": "2026-04-01"}
    refused(client, path, applied, dp_lead(auth, "dp-2"), "disclosure.restricted-section")


def test_the_document_text_is_stored_encrypted(
    client: TestClient, auth: TokenFor, database_url: str
) -> None:
    set_id, name, text = a_set_with_one_redaction(client, auth)
    assert not leaks(pg_dump(database_url), name)
    shown = client.get(f"/redaction-sets/{set_id}/document", headers=dp_lead(auth)).json()
    assert shown["text"] == text
    assert (
        client.get(
            f"/redaction-sets/{set_id}/document", headers=auth("governance-officer")
        ).status_code
        == 403
    )


def test_another_partnership_gets_404_and_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    set_id, _, _ = a_set_with_one_redaction(client, auth)
    other = dp_lead(auth, "dp-2", partnership="p-south")
    before = log_head(client)
    assert client.get(f"/redaction-sets/{set_id}", headers=other).status_code == 404
    posted = client.post(f"/redaction-sets/{set_id}/redactions/1/approval", headers=other)
    assert posted.status_code == 404
    assert log_head(client) == before
