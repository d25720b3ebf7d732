"""/dashboards/deadlines for FOI requests and SARs on real PostgreSQL: their clocks start, stop,
restart, extend and are met as the aggregates' own clocks do, agree with the aggregate after
every move, follow calendar overrides on their own calendars, and only the DP lead and
governance officers see them."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor
from tests.api.information_rights import command, created, dp_lead
from tests.api.review_steps import ReviewApi, opened
from tests.canary import canary
from tests.domain.review.cases import WALES

Headers = dict[str, str]
QUALIFIED = {
    "code": "foia:s.36",
    "reason": "Free and frank deliberation",
    "public_interest": {"favours": "maintain", "reasoning": "Candour outweighs disclosure."},
}


def foi(**overrides: Any) -> dict[str, Any]:
    return {
        "requester_name": "Sam Requester",
        "request_text": "Please send the learning review report about Child B.",
        "authority": "Newport City Council",
        "nation": "wales",
        "received_on": "2025-07-01",
        **overrides,
    }


def a_child(client: TestClient, auth: TokenFor) -> str:
    body = {"relationship": "child", "name": "Child B", "date_of_birth": "2015-04-01"}
    return created(client, "/subjects", body, auth("chair"))


def sar(child: str, **overrides: Any) -> dict[str, Any]:
    return {
        "requester_name": "Pat Parent",
        "data_subject_id": child,
        "relationship": "mother, with parental responsibility",
        "nation": "wales",
        "received_on": "2026-01-30",
        **overrides,
    }


def deadlines(client: TestClient, headers: Headers, **params: str) -> list[dict[str, Any]]:
    response = client.get("/dashboards/deadlines", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def row(client: TestClient, auth: TokenFor, aggregate_id: str, clock_id: str) -> dict[str, Any]:
    (found,) = [
        item
        for item in deadlines(client, dp_lead(auth), limit="200")
        if item["aggregate_id"] == aggregate_id and item["clock_id"] == clock_id
    ]
    return found


def clock_ids(client: TestClient, headers: Headers, **params: str) -> set[tuple[str, str]]:
    return {(r["kind"], r["clock_id"]) for r in deadlines(client, headers, **params)}


def test_a_foia_request_is_due_20_working_days_after_receipt_on_the_uk_any_calendar(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))

    found = row(client, auth, request_id, "foia")

    assert (found["kind"], found["anchor_date"], found["due"]) == (
        "foi",
        "2025-07-01",
        "2025-07-30",
    )
    assert (found["calendar"], found["state"], found["status"]) == ("uk-any", "open", "overdue")
    assert found["what"] == "FOIA 2000 request: 20 working days"
    assert any("Boyne" in step["note"] for step in found["steps"])


def test_asking_for_clarification_pauses_the_foi_clock_with_its_reason(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(received_on="2025-03-03"), dp_lead(auth))
    path = f"/foi-requests/{request_id}/clarification-request"
    command(client, path, {"asked_on": "2025-03-05"}, dp_lead(auth))

    found = row(client, auth, request_id, "foia")

    assert (found["due"], found["status"], found["working_days_left"]) == (None, "paused", None)
    assert found["paused_reason"] == "clarification asked (s.1(3))"
    assert found["pauses"] == [
        {"from": "2025-03-05", "to": None, "reason": "clarification asked (s.1(3))"}
    ]


def test_the_clarification_restarts_the_foi_clock_from_the_day_it_arrives(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(received_on="2025-03-03"), dp_lead(auth))
    path = f"/foi-requests/{request_id}"
    command(client, f"{path}/clarification-request", {"asked_on": "2025-03-05"}, dp_lead(auth))
    command(client, f"{path}/clarification", {"received_on": "2025-03-10"}, dp_lead(auth))

    found = row(client, auth, request_id, "foia")

    # 20 working days from 10 March, skipping St Patrick's Day (17 March, Northern Ireland).
    assert (found["anchor_date"], found["due"], found["paused_reason"]) == (
        "2025-03-10",
        "2025-04-08",
        None,
    )
    assert any(step["kind"] == "restart" for step in found["steps"])


def test_a_fees_notice_pauses_the_foi_clock_until_the_fee_is_paid(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    path = f"/foi-requests/{request_id}"
    command(client, f"{path}/fees-notice", {"issued_on": "2025-07-07"}, dp_lead(auth))
    assert row(client, auth, request_id, "foia")["paused_reason"].startswith("fees notice")

    command(client, f"{path}/fee-payment", {"paid_on": "2025-07-09"}, dp_lead(auth))

    # 7, 8 and 9 July do not count: three working days after 30 July, skipping 4 August
    # (a bank holiday in Scotland, so in "any part of the United Kingdom").
    assert row(client, auth, request_id, "foia")["due"] == "2025-08-05"


def test_a_public_interest_extension_extends_the_foi_clock_by_its_statutory_basis(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    path = f"/foi-requests/{request_id}"
    command(client, f"{path}/exemptions", QUALIFIED, dp_lead(auth))
    extension = {"notified_on": "2025-07-25", "reason": "Balancing the public interest."}
    command(client, f"{path}/extension", extension, dp_lead(auth))

    found = row(client, auth, request_id, "foia")

    # 40 working days from 1 July, skipping 14 July (NI), 4 August (Scotland), 25 August.
    assert found["due"] == "2025-08-29"
    (note,) = [step["note"] for step in found["steps"] if step["kind"] == "extension"]
    assert "FOIA s.10(3)" in note
    assert "Balancing" not in note  # free text stays out of the view


def test_the_response_meets_the_foi_clock_and_an_internal_review_runs_its_own(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    path = f"/foi-requests/{request_id}"
    response = {"outcome": "disclosed-in-full", "responded_on": "2025-07-28"}
    command(client, f"{path}/response", response, dp_lead(auth))
    command(client, f"{path}/internal-review", {"requested_on": "2025-08-04"}, dp_lead(auth))

    answered = row(client, auth, request_id, "foia")
    review = row(client, auth, request_id, "foia-internal-review")

    assert (answered["state"], answered["status"], answered["ended_on"]) == (
        "met",
        "met",
        "2025-07-28",
    )
    assert (review["anchor_date"], review["due"], review["state"]) == (
        "2025-08-04",
        "2025-09-02",  # 20 working days, skipping the summer bank holiday (25 August)
        "open",
    )
    decision = {"outcome": "upheld", "decided_on": "2025-08-20", "reason": "Correctly answered."}
    command(client, f"{path}/internal-review/decision", decision, dp_lead(auth))
    decided = row(client, auth, request_id, "foia-internal-review")
    assert (decided["state"], decided["ended_on"]) == ("met", "2025-08-20")


def test_a_sar_is_listed_once_identity_is_verified_and_counts_from_verification(
    client: TestClient, auth: TokenFor
) -> None:
    sar_id = created(client, "/sars", sar(a_child(client, auth)), dp_lead(auth))
    assert ("sar", "uk-gdpr-sar") not in clock_ids(client, dp_lead(auth))

    verification = {"verified_on": "2026-02-03", "method": "passport"}
    command(client, f"/sars/{sar_id}/identity-verification", verification, dp_lead(auth))
    found = row(client, auth, sar_id, "uk-gdpr-sar")

    assert (found["kind"], found["anchor_date"], found["due"]) == (
        "sar",
        "2026-02-03",
        "2026-03-03",
    )
    assert found["calendar"] == "england-and-wales"


def test_a_sar_received_30_january_is_due_2_march_and_an_extension_adds_two_months(
    client: TestClient, auth: TokenFor
) -> None:
    sar_id = created(client, "/sars", sar(a_child(client, auth)), dp_lead(auth))
    verification = {"verified_on": "2026-01-30", "method": "passport"}
    command(client, f"/sars/{sar_id}/identity-verification", verification, dp_lead(auth))
    assert row(client, auth, sar_id, "uk-gdpr-sar")["due"] == "2026-03-02"

    extension = {"notified_on": "2026-02-20", "amount": 2, "reason": "Records across agencies"}
    command(client, f"/sars/{sar_id}/extension", extension, dp_lead(auth))

    found = row(client, auth, sar_id, "uk-gdpr-sar")
    assert found["due"] == "2026-04-30"
    assert "Records across agencies" not in str(found)


# Each step: (path under the request, body). The aggregate and the view must agree after each.
Step = tuple[str, dict[str, Any]]
FOIA_STEPS: list[Step] = [
    ("clarification-request", {"asked_on": "2025-07-03"}),
    ("clarification", {"received_on": "2025-07-08"}),
    ("fees-notice", {"issued_on": "2025-07-10"}),
    ("fee-payment", {"paid_on": "2025-07-15"}),
    ("exemptions", QUALIFIED),
    ("extension", {"notified_on": "2025-07-30", "amount": 10, "reason": "Public interest."}),
]
FOISA_STEPS: list[Step] = [
    ("clarification-request", {"asked_on": "2025-07-03"}),
    ("clarification", {"received_on": "2025-07-31"}),
]
EIR_STEPS: list[Step] = [
    ("fees-notice", {"issued_on": "2025-07-02"}),
    ("fee-payment", {"paid_on": "2025-07-02"}),
    ("extension", {"notified_on": "2025-07-20", "reason": "Complex and voluminous."}),
]


@pytest.mark.parametrize(
    ("body", "steps", "rule"),
    [
        (foi(), FOIA_STEPS, "foia"),
        (foi(nation="scotland"), FOISA_STEPS, "foisa"),
        (foi(environmental=True), EIR_STEPS, "eir"),
    ],
)
def test_the_dashboard_and_the_foi_aggregate_agree_after_every_move(
    client: TestClient, auth: TokenFor, body: dict[str, Any], steps: list[Step], rule: str
) -> None:
    request_id = created(client, "/foi-requests", body, dp_lead(auth))
    path = f"/foi-requests/{request_id}"
    assert_agree(client, auth, path, request_id, rule)
    for step, step_body in steps:
        command(client, f"{path}/{step}", step_body, dp_lead(auth))
        assert_agree(client, auth, path, request_id, rule)


def test_the_dashboard_and_the_sar_aggregate_agree_after_every_move(
    client: TestClient, auth: TokenFor
) -> None:
    sar_id = created(client, "/sars", sar(a_child(client, auth)), dp_lead(auth))
    path = f"/sars/{sar_id}"
    verification = {"verified_on": "2026-02-27", "method": "passport"}
    command(client, f"{path}/identity-verification", verification, dp_lead(auth))
    assert_agree(client, auth, path, sar_id, "uk-gdpr-sar")
    extension = {"notified_on": "2026-03-10", "amount": 1, "reason": "Complex."}
    command(client, f"{path}/extension", extension, dp_lead(auth))
    assert_agree(client, auth, path, sar_id, "uk-gdpr-sar")


def assert_agree(
    client: TestClient,
    auth: TokenFor,
    path: str,
    aggregate_id: str,
    rule: str,
    *,
    recorded: bool = True,
) -> None:
    """The view's row and the aggregate's clock counted now agree (and, unless the calendar
    changed since, the due date the aggregate's last event recorded)."""
    body = client.get(path, headers=dp_lead(auth)).json()
    found = row(client, auth, aggregate_id, rule)
    assert (found["due"], found["calendar_version"]) == (
        body["clock"]["due"],
        body["clock"]["calendar_version"],
    )
    assert (found["status"] == "paused") == (body["clock"]["status"] == "paused")
    if recorded:
        assert (found["due"], found["calendar_version"]) == (
            body["due"],
            body["calendar_version"],
        )


def an_override(client: TestClient, auth: TokenFor, calendar: str, day: str) -> None:
    holiday = {"day": day, "action": "add", "reason": "Proclaimed bank holiday"}
    added = client.post(
        f"/calendars/{calendar}/overrides", json=holiday, headers=auth("administrator")
    )
    assert added.status_code == 201, added.text


def test_an_override_recomputes_open_foia_and_foisa_clocks_only_on_their_own_calendars(
    client: TestClient, auth: TokenFor
) -> None:
    foia = created(client, "/foi-requests", foi(), dp_lead(auth))
    foisa = created(client, "/foi-requests", foi(nation="scotland"), dp_lead(auth))
    before = row(client, auth, foisa, "foisa")
    assert (row(client, auth, foia, "foia")["due"], before["due"]) == ("2025-07-30", "2025-07-29")

    an_override(client, auth, "england-and-wales", "2025-07-22")
    # FOIA counts a bank holiday in any part of the UK; FOISA only Scottish ones.
    assert row(client, auth, foia, "foia")["due"] == "2025-07-31"
    assert row(client, auth, foisa, "foisa") == before

    an_override(client, auth, "scotland", "2025-07-23")
    assert row(client, auth, foia, "foia")["due"] == "2025-08-01"
    after = row(client, auth, foisa, "foisa")
    assert after["due"] == "2025-07-30"
    assert after["calendar_version"] != before["calendar_version"]


def test_an_override_recomputes_an_open_sar_clock_on_its_nations_calendar(
    client: TestClient, auth: TokenFor
) -> None:
    sar_id = created(client, "/sars", sar(a_child(client, auth)), dp_lead(auth))
    verification = {"verified_on": "2026-01-30", "method": "passport"}
    command(client, f"/sars/{sar_id}/identity-verification", verification, dp_lead(auth))

    an_override(client, auth, "england-and-wales", "2026-03-02")

    found = row(client, auth, sar_id, "uk-gdpr-sar")
    assert found["due"] == "2026-03-03"
    assert_agree(client, auth, f"/sars/{sar_id}", sar_id, "uk-gdpr-sar", recorded=False)


def test_a_met_foi_clock_is_not_recomputed_by_an_override(
    client: TestClient, auth: TokenFor
) -> None:
    request_id = created(client, "/foi-requests", foi(), dp_lead(auth))
    response = {"outcome": "disclosed-in-full", "responded_on": "2025-07-10"}
    command(client, f"/foi-requests/{request_id}/response", response, dp_lead(auth))
    met = row(client, auth, request_id, "foia")

    an_override(client, auth, "england-and-wales", "2025-07-22")

    assert row(client, auth, request_id, "foia") == met


def every_kind(client: TestClient, auth: TokenFor) -> None:
    opened(ReviewApi(client, auth), WALES)
    created(client, "/foi-requests", foi(), dp_lead(auth))
    sar_id = created(client, "/sars", sar(a_child(client, auth)), dp_lead(auth))
    verification = {"verified_on": "2026-01-30", "method": "passport"}
    command(client, f"/sars/{sar_id}/identity-verification", verification, dp_lead(auth))


@pytest.mark.parametrize("role", ["dp-lead", "governance-officer"])
def test_the_dp_lead_and_governance_officers_see_foi_and_sar_clocks(
    client: TestClient, auth: TokenFor, role: str
) -> None:
    every_kind(client, auth)

    kinds = {kind for kind, _ in clock_ids(client, auth(role), limit="200")}

    assert kinds == {"review", "foi", "sar"}


@pytest.mark.parametrize(
    "role", ["chair", "reviewer", "panel-member", "administrator", "family-liaison", "auditor"]
)
def test_other_roles_see_only_review_clocks(client: TestClient, auth: TokenFor, role: str) -> None:
    every_kind(client, auth)

    assert {kind for kind, _ in clock_ids(client, auth(role), limit="200")} == {"review"}
    assert deadlines(client, auth(role), kind="sar") == []
    csv_kinds = {r["kind"] for r in csv_rows(client, auth(role))}
    assert csv_kinds == {"review"}


def test_another_partnership_sees_no_foi_or_sar_clock(client: TestClient, auth: TokenFor) -> None:
    every_kind(client, auth)

    assert deadlines(client, dp_lead(auth, partnership="p-south")) == []


@pytest.mark.parametrize("kind", ["review", "foi", "sar"])
def test_the_kind_filter_lists_only_that_kind(
    client: TestClient, auth: TokenFor, kind: str
) -> None:
    every_kind(client, auth)

    listed = deadlines(client, dp_lead(auth), kind=kind, limit="200")

    assert listed
    assert {item["kind"] for item in listed} == {kind}


def csv_rows(client: TestClient, headers: Headers, **params: str) -> list[dict[str, str]]:
    response = client.get("/dashboards/deadlines.csv", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def test_the_csv_lists_foi_and_sar_clocks_like_the_list(client: TestClient, auth: TokenFor) -> None:
    every_kind(client, auth)

    rows = csv_rows(client, dp_lead(auth))

    listed = deadlines(client, dp_lead(auth), limit="200")
    assert [(r["kind"], r["clock_id"], r["due"]) for r in rows] == [
        (item["kind"], item["clock_id"], item["due"] or "") for item in listed
    ]
    assert {r["kind"] for r in rows} == {"review", "foi", "sar"}


def test_the_view_holds_no_requester_name_request_text_or_free_text_reason(
    client: TestClient, auth: TokenFor
) -> None:
    name, text, reason = canary("name"), canary("text"), canary("reason")
    request_id = created(
        client, "/foi-requests", foi(requester_name=name, request_text=text), dp_lead(auth)
    )
    path = f"/foi-requests/{request_id}"
    command(client, f"{path}/exemptions", QUALIFIED, dp_lead(auth))
    command(
        client, f"{path}/extension", {"notified_on": "2025-07-25", "reason": reason}, dp_lead(auth)
    )
    row(client, auth, request_id, "foia")

    dumped = view_text(client)

    assert request_id in dumped
    for planted in (name, text, reason):
        assert planted not in dumped


def view_text(client: TestClient) -> str:
    services = client.app.state.services  # type: ignore[attr-defined]
    with services.db.connection() as conn:
        rows = conn.execute(
            "SELECT row_to_json(d)::text AS t FROM deadlines d UNION ALL"
            " SELECT row_to_json(r)::text FROM deadline_requests r"
        ).fetchall()
    return "\n".join(r["t"] for r in rows)


def test_rebuilding_the_view_reproduces_the_foi_and_sar_clocks(
    client: TestClient, auth: TokenFor
) -> None:
    every_kind(client, auth)
    an_override(client, auth, "england-and-wales", "2025-07-22")
    before = deadlines(client, dp_lead(auth), limit="200")

    client.app.state.services.runner.rebuild("deadlines")  # type: ignore[attr-defined]

    assert deadlines(client, dp_lead(auth), limit="200") == before
