"""The three information-rights journeys of docs/api.md, each from intake to completion over
HTTP on real PostgreSQL: a FOI request for a published report, a SAR from a family member, and
a retention disposition. The dates and figures asserted are the ones the walkthroughs show."""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.api.information_rights import command, created, dp_lead, refused
from tests.api.review_steps import ReviewApi
from tests.domain.review.cases import WALES


def get(client: TestClient, path: str, headers: dict[str, str], **params: Any) -> Any:
    response = client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def span(part: str, text: str) -> dict[str, int]:
    return {"start": text.index(part), "end": text.index(part) + len(part)}


def redacted_report(client: TestClient, auth: TokenFor, review: str) -> str:
    """The accepted report (its text built by the API, the genogram withheld from it), the
    mother's name redacted by one data protection lead, approved and applied by another."""
    api = ReviewApi(client, auth)
    opened = steps.report_set(api, review)
    assert opened.status_code == 201, opened.text
    set_id = str(opened.json()["id"])
    path = f"/redaction-sets/{set_id}"
    name = {
        **span(steps.MOTHER, steps.document_text(api, set_id)),
        "code": "foia:s.40",
        "reason": "mother's name",
    }
    command(client, f"{path}/redactions", name, dp_lead(auth))
    refused(client, f"{path}/redactions/1/approval", None, dp_lead(auth), "redaction.four-eyes")
    command(client, f"{path}/redactions/1/approval", None, dp_lead(auth, "dp-2"))
    command(client, f"{path}/application", {"applied_on": "2026-04-14"}, dp_lead(auth, "dp-2"))
    return set_id


def summary_published(api: ReviewApi) -> str:
    """A Welsh review whose report was published as a summary, from its redacted rendering."""
    review = steps.accepted(api, WALES)
    api.ok(review, "decisions", {**steps.publication_decision(), "outcome": "publish-summary"})
    steps.discharge(api, review, "2024-08-01")
    published = api.ok(
        review, "report/publication", steps.publication(steps.rendering(api, review))
    )
    register = get(api.client, "/publications", api.headers(), min_position=published["position"])
    entry = next(e for e in register["items"] if e["review_id"] == review)
    assert (entry["state"], entry["published"]["form"]) == ("published", "summary")
    return review


def test_a_foi_request_for_a_published_report_from_intake_to_internal_review(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    review = summary_published(api)
    request = {
        "requester_name": "Sam Requester",
        "request_text": "Please send the full learning review report about Child B.",
        "authority": "Newport City Council",
        "nation": "wales",
        "received_on": "2026-03-02",
        "review_id": review,
    }
    request_id = created(client, "/foi-requests", request, dp_lead(auth))
    path = f"/foi-requests/{request_id}"
    received = get(client, path, dp_lead(auth))
    assert (received["regime"], received["due"], received["review_id"]) == (
        "foia",
        "2026-03-31",
        review,
    )
    assert any("Saint Patrick" in step["note"] for step in received["clock"]["steps"])
    pit = {"favours": "maintain", "reasoning": "Candour of the panel outweighs"}
    considered: list[dict[str, Any]] = [
        {"code": "foia:s.21", "reason": "The report is published on the board's website"},
        {"code": "foia:s.40", "reason": "Family members' names"},
        {"code": "foia:s.36", "reason": "Panel deliberation", "public_interest": pit},
    ]
    for exemption in considered:
        command(client, f"{path}/exemptions", exemption, dp_lead(auth))
    extension = {"notified_on": "2026-03-27", "reason": "Considering the public interest"}
    command(client, f"{path}/extension", extension, dp_lead(auth))
    extended = get(client, path, dp_lead(auth))["clock"]
    assert (extended["due"], extended["original_due"]) == ("2026-04-30", "2026-03-31")
    set_id = redacted_report(client, auth, review)
    pdf = client.get(
        f"/redaction-sets/{set_id}/disclosure", params={"format": "pdf"}, headers=dp_lead(auth)
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Jane Doe" not in text
    assert "GENOGRAM" not in text
    assert "mother,[redacted:s.40]" in re.sub(r"\s", "", text)
    answer = {
        "outcome": "disclosed-in-part",
        "responded_on": "2026-04-15",
        "relied_on": ["foia:s.21", "foia:s.40", "foia:s.36"],
        "redaction_set_id": set_id,
    }
    command(client, f"{path}/response", answer, dp_lead(auth))
    assert get(client, path, dp_lead(auth))["response"]["on_time"] is True
    command(client, f"{path}/internal-review", {"requested_on": "2026-05-01"}, dp_lead(auth))
    assert get(client, path, dp_lead(auth))["internal_review"]["due"] == "2026-06-02"
    decision = {"outcome": "upheld", "decided_on": "2026-05-20", "reason": "Exemptions apply"}
    command(client, f"{path}/internal-review/decision", decision, dp_lead(auth))
    listed = get(client, "/foi-requests", auth("governance-officer"))["items"][0]
    assert (listed["id"], listed["status"], listed["detail"]["on_time"]) == (
        request_id,
        "reviewed",
        True,
    )
    assert "Sam Requester" not in str(listed)


def a_child_in_a_review_with_a_sibling(api: ReviewApi) -> str:
    """A review whose health chronology is about the child and, in one entry, their sibling."""
    review = steps.commissioned(api, WALES)
    child, sibling = api.person("child", "child"), api.person("sibling", "sibling")
    request = {
        "agency": "Health",
        "period_start": "2023-03-01",
        "period_end": "2024-02-28",
        "due_on": "2024-04-30",
        "requested_on": "2024-04-03",
    }
    api.ok(review, "chronology-requests", request)
    entries = [
        steps.chronology_entry(
            api,
            "school nurse",
            what_happened={"subject_id": child, "value": "Child B missed school"},
        ),
        steps.chronology_entry(
            api, "health visitor", what_happened={"subject_id": sibling, "value": "Kim B at home"}
        ),
    ]
    api.ok(
        review,
        "chronologies",
        {"agency": "Health", "submitted_on": "2024-04-25", "entries": entries},
    )
    return child


def test_a_sar_from_a_family_member_from_intake_to_the_package_sent(
    client: TestClient, auth: TokenFor
) -> None:
    api = ReviewApi(client, auth)
    child = a_child_in_a_review_with_a_sibling(api)
    request = {
        "requester_name": "Pat Parent",
        "data_subject_id": child,
        "relationship": "mother, with parental responsibility",
        "nation": "wales",
        "received_on": "2026-01-30",
    }
    sar_id = created(client, "/sars", request, dp_lead(auth))
    path = f"/sars/{sar_id}"
    received = get(client, path, dp_lead(auth))
    assert (received["status"], received["clock"]["started"]) == ("awaiting-identity", False)
    check = {"verified_on": "2026-02-02", "method": "Passport and proof of parental responsibility"}
    command(client, f"{path}/identity-verification", check, dp_lead(auth))
    assert get(client, path, dp_lead(auth))["due"] == "2026-03-02"
    extension = {"notified_on": "2026-02-20", "reason": "Records held by four agencies"}
    command(client, f"{path}/extension", extension, dp_lead(auth))
    clock = get(client, path, dp_lead(auth))["clock"]
    assert (clock["due"], clock["original_due"]) == ("2026-05-05", "2026-03-02")
    command(client, f"{path}/compilation", {"compiled_on": "2026-02-25"}, dp_lead(auth))
    assert get(client, path, dp_lead(auth))["compiled"]["third_party_values"] >= 1
    sent = {"responded_on": "2026-03-02"}
    rule = "sar.third-party-exemption-required"
    refused(client, f"{path}/response", sent, dp_lead(auth), rule)
    para_16 = {"code": "dpa:Sch.2 para 16", "scope": "third-party", "reason": "The sibling"}
    command(client, f"{path}/exemptions", para_16, dp_lead(auth))
    command(client, f"{path}/response", sent, dp_lead(auth))
    done = get(client, path, dp_lead(auth))
    assert (done["status"], done["response"]["on_time"]) == ("responded", True)
    package = client.get(f"{path}/package", params={"format": "html"}, headers=dp_lead(auth))
    assert "Child B missed school" in package.text
    assert "Kim B at home" not in package.text
    assert "[third-party data]" in package.text
    trail = get(client, "/audit/access", auth("auditor"), subject=child)["items"]
    assert "subject access response" in {entry["purpose"] for entry in trail}


def test_a_retention_disposition_from_the_queue_to_proof_of_disposal(
    client: TestClient, auth: TokenFor
) -> None:
    child = created(
        client, "/subjects", {"relationship": "child", "name": "Child B"}, auth("chair")
    )
    request = {
        "requester_name": "Pat Parent",
        "data_subject_id": child,
        "relationship": "mother",
        "nation": "wales",
        "received_on": "2026-01-30",
    }
    sar_id = created(client, "/sars", request, dp_lead(auth))
    check = {"verified_on": "2026-01-30", "method": "passport"}
    command(client, f"/sars/{sar_id}/identity-verification", check, dp_lead(auth))
    command(client, f"/sars/{sar_id}/compilation", {"compiled_on": "2026-02-25"}, dp_lead(auth))
    command(client, f"/sars/{sar_id}/response", {"responded_on": "2026-03-02"}, dp_lead(auth))
    schedules = get(client, "/retention/schedules", auth("governance-officer"))["items"]
    assert {"sar-request", "foi-request"} <= {s["record_class"] for s in schedules}
    queue = get(client, "/retention/due", dp_lead(auth), as_of="2029-05-01")["items"]
    assert queue == [
        {
            "record_id": sar_id,
            "record_class": "sar-request",
            "action": "anonymise",
            "triggered_on": "2026-03-02",
            "due_on": "2028-03-02",
            "subjects": 1,
            "held": False,
        }
    ]
    proposal = {
        "record_class": "sar-request",
        "record_ids": [sar_id],
        "action": "anonymise",
        "as_of": "2029-05-01",
    }
    disposition = created(client, "/retention/dispositions", proposal, dp_lead(auth))
    path = f"/retention/dispositions/{disposition}"
    refused(client, f"{path}/approval", None, dp_lead(auth), "retention.four-eyes")
    command(client, f"{path}/approval", None, dp_lead(auth, "dp-2"))
    command(client, f"{path}/execution", {"carried_out_on": "2029-05-02"}, dp_lead(auth, "dp-2"))
    assert get(client, path, auth("governance-officer"))["proof"] == {
        "record_class": "sar-request",
        "records": 1,
        "subjects": 1,
        "erasures": 1,
        "carried_out_on": "2029-05-02",
        "by": "dp-2",
    }
    assert get(client, f"/sars/{sar_id}", dp_lead(auth))["requester_name"] == "[erased]"
    assert get(client, "/retention/due", dp_lead(auth), as_of="2029-05-01")["items"] == []
