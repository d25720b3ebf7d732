"""/calendars overrides over HTTP on real PostgreSQL, and their effect on computed clocks."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.calendars import PACKAGE_VERSION
from tests.api.conftest import TokenFor

FOIA_JULY = {"rule": "foia", "start": "2025-07-01"}  # due 30 Jul 2025 without overrides


def log_head(client: TestClient) -> int:
    return int(client.app.state.services.db.log_head())  # type: ignore[attr-defined]


def override(
    client: TestClient, auth: TokenFor, calendar: str, role: str = "administrator", **body: Any
) -> Any:
    values = {"day": "2025-07-22", "action": "add", "reason": "Proclaimed bank holiday", **body}
    return client.post(f"/calendars/{calendar}/overrides", json=values, headers=auth(role))


def foia_july(client: TestClient, auth: TokenFor) -> dict[str, Any]:
    response = client.post("/clocks/compute", json=FOIA_JULY, headers=auth("reviewer"))
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.parametrize("role", ["administrator", "dp-lead"])
def test_an_added_bank_holiday_moves_the_next_computed_due_date(
    client: TestClient, auth: TokenFor, role: str
) -> None:
    created = override(client, auth, "england-and-wales", role=role)
    assert created.status_code == 201
    assert created.json()["position"] == log_head(client)

    result = foia_july(client, auth)
    assert result["due"] == "2025-07-31"
    assert result["calendar_version"].startswith(f"{PACKAGE_VERSION}+")
    notes = [s["note"] for s in result["steps"] if s["first"] == "2025-07-22"]
    assert notes == [
        "skipped: bank holiday: Proclaimed bank holiday [override] (england-and-wales)"
    ]


def test_a_removed_bank_holiday_counts_as_a_working_day(client: TestClient, auth: TokenFor) -> None:
    removed = override(
        client, auth, "northern-ireland", day="2025-07-14", action="remove", reason="Not kept"
    )
    assert removed.status_code == 201
    assert foia_july(client, auth)["due"] == "2025-07-29"


def test_the_latest_override_of_a_day_wins(client: TestClient, auth: TokenFor) -> None:
    override(client, auth, "england-and-wales")
    override(client, auth, "england-and-wales", action="remove", reason="Proclamation withdrawn")
    result = foia_july(client, auth)
    assert result["due"] == "2025-07-30"
    assert result["calendar_version"] != PACKAGE_VERSION


def test_an_override_of_another_calendar_leaves_the_clock_alone(
    client: TestClient, auth: TokenFor
) -> None:
    override(client, auth, "scotland")
    body = {**FOIA_JULY, "calendar": "england-and-wales"}
    result = client.post("/clocks/compute", json=body, headers=auth()).json()
    assert (result["due"], result["calendar_version"]) == ("2025-07-29", PACKAGE_VERSION)


def test_the_overrides_list_shows_who_changed_what_and_the_calendar_version(
    client: TestClient, auth: TokenFor
) -> None:
    override(client, auth, "england-and-wales", role="dp-lead")
    listed = client.get("/calendars/uk-any/overrides", headers=auth("auditor")).json()
    (item,) = listed["items"]
    assert (item["calendar"], item["day"], item["action"]) == (
        "england-and-wales",
        "2025-07-22",
        "add",
    )
    assert (item["recorded_by"], item["recorded_by_role"]) == ("user-1", "dp-lead")
    assert listed["version"] == foia_july(client, auth)["calendar_version"]


def test_a_nations_list_omits_other_nations_overrides(client: TestClient, auth: TokenFor) -> None:
    override(client, auth, "scotland")
    listed = client.get("/calendars/england-and-wales/overrides", headers=auth()).json()
    assert (listed["items"], listed["version"]) == ([], PACKAGE_VERSION)


def test_overriding_without_a_token_is_401_and_writes_nothing(client: TestClient) -> None:
    before = log_head(client)
    body = {"day": "2025-07-22", "action": "add", "reason": "x"}
    response = client.post("/calendars/england-and-wales/overrides", json=body)
    assert response.status_code == 401
    assert log_head(client) == before


@pytest.mark.parametrize("role", ["chair", "reviewer", "auditor", "governance-officer"])
def test_a_role_that_may_not_override_gets_403_and_writes_nothing(
    client: TestClient, auth: TokenFor, role: str
) -> None:
    before = log_head(client)
    assert override(client, auth, "england-and-wales", role=role).status_code == 403
    assert log_head(client) == before
    assert foia_july(client, auth)["due"] == "2025-07-30"


def test_an_unknown_calendar_is_404_and_writes_nothing(client: TestClient, auth: TokenFor) -> None:
    before = log_head(client)
    assert override(client, auth, "atlantis").status_code == 404
    assert client.get("/calendars/atlantis/overrides", headers=auth()).status_code == 404
    assert log_head(client) == before


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ({"day": "2025-07-19"}, "calendar.weekend"),
        ({"reason": "   "}, "calendar.reason-required"),
    ],
)
def test_a_refused_override_names_its_rule_and_writes_nothing(
    client: TestClient, auth: TokenFor, body: dict[str, Any], rule: str
) -> None:
    before = log_head(client)
    response = override(client, auth, "scotland", **body)
    assert response.status_code == 422
    assert response.json()["rule"] == rule
    assert log_head(client) == before


def test_repeating_an_override_is_refused_and_writes_nothing(
    client: TestClient, auth: TokenFor
) -> None:
    override(client, auth, "scotland")
    before = log_head(client)
    response = override(client, auth, "scotland")
    assert response.json()["rule"] == "calendar.override-unchanged"
    assert log_head(client) == before


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"action": "cancel"}, "body/action"),
        ({"day": "22/07/2025"}, "body/day"),
        ({"reason": ""}, "body/reason"),
    ],
)
def test_a_malformed_override_gets_a_field_path_and_writes_nothing(
    client: TestClient, auth: TokenFor, body: dict[str, Any], path: str
) -> None:
    before = log_head(client)
    response = override(client, auth, "scotland", **body)
    assert response.status_code == 422
    assert path in {error["path"] for error in response.json()["errors"]}
    assert log_head(client) == before
