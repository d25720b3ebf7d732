"""/clocks over HTTP on real PostgreSQL: statutes' worked examples, pauses, extensions, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.calendars import PACKAGE_VERSION
from domain.rules import all_rule_sets
from tests.api.conftest import TokenFor


def compute(client: TestClient, auth: TokenFor, **body: Any) -> Any:
    return client.post("/clocks/compute", json=body, headers=auth("reviewer"))


@pytest.mark.parametrize(
    ("body", "due", "calendar"),
    [
        # FOIA counts NI's Battle of the Boyne (observed Mon 14 Jul 2025); FOISA does not.
        ({"rule": "foia", "start": "2025-07-01"}, "2025-07-30", "uk-any"),
        ({"rule": "foisa", "start": "2025-07-01"}, "2025-07-29", "scotland"),
        ({"rule": "eir", "start": "2025-07-01"}, "2025-07-30", "uk-any"),
        # ICO: 30 Jan 2026 → no 30 Feb → Sat 28 Feb → rolled to Mon 2 Mar.
        ({"rule": "uk-gdpr-sar", "start": "2026-01-30"}, "2026-03-02", "england-and-wales"),
        # The caller may name another calendar: England and Wales have no Boyne holiday.
        (
            {"rule": "foia", "start": "2025-07-01", "calendar": "england-and-wales"},
            "2025-07-29",
            "england-and-wales",
        ),
        # Five paused working days, then Scotland's 4 Aug 2025 holiday also counts under FOIA.
        (
            {
                "rule": "foia",
                "start": "2025-07-01",
                "pauses": [{"from": "2025-07-07", "to": "2025-07-11", "reason": "clarification"}],
            },
            "2025-08-07",
            "uk-any",
        ),
        # A clarification received on 8 Jul restarts the FOISA clock from that day.
        (
            {"rule": "foisa", "start": "2025-07-01", "restarts": [{"on": "2025-07-08"}]},
            "2025-08-06",
            "scotland",
        ),
    ],
)
def test_a_worked_example_is_due_on_the_stated_date(
    client: TestClient, auth: TokenFor, body: dict[str, Any], due: str, calendar: str
) -> None:
    response = compute(client, auth, **body)
    assert response.status_code == 200
    result = response.json()
    assert (result["rule"], result["due"], result["calendar"]) == (body["rule"], due, calendar)
    assert result["paused"] is False
    assert result["calendar_version"] == PACKAGE_VERSION
    assert result["steps"][-1] == {"kind": "due", "first": due, "last": due, "note": "due"}


def test_a_sar_extended_by_two_months_is_due_three_months_from_receipt(
    client: TestClient, auth: TokenFor
) -> None:
    extension = {"notified_on": "2025-04-10", "reason": "complex"}
    result = compute(
        client, auth, rule="uk-gdpr-sar", start="2025-03-31", extension=extension
    ).json()
    assert (result["due"], result["original_due"]) == ("2025-06-30", "2025-04-30")
    assert any(step["kind"] == "extension" for step in result["steps"])


def test_extension_months_extends_a_sar_and_says_by_when_notice_is_owed(
    client: TestClient, auth: TokenFor
) -> None:
    result = compute(client, auth, rule="uk-gdpr-sar", start="2026-01-30", extension_months=2)
    assert result.status_code == 200, result.text
    body = result.json()
    assert (body["due"], body["original_due"]) == ("2026-04-30", "2026-03-02")
    (step,) = [s for s in body["steps"] if s["kind"] == "extension"]
    assert step["note"].endswith("notice still to be given by 2026-03-02")


def test_extension_months_with_a_notice_date_matches_the_extension_object(
    client: TestClient, auth: TokenFor
) -> None:
    notice = {"notified_on": "2025-04-10", "reason": "complex"}
    months = compute(
        client, auth, rule="uk-gdpr-sar", start="2025-03-31", extension_months=2, extension=notice
    ).json()
    amount = compute(
        client, auth, rule="uk-gdpr-sar", start="2025-03-31", extension={**notice, "amount": 2}
    ).json()
    assert months == amount


def test_an_open_pause_leaves_no_due_date(client: TestClient, auth: TokenFor) -> None:
    pause = {"from": "2025-07-07", "reason": "fee notice"}
    result = compute(client, auth, rule="foisa", start="2025-07-01", pauses=[pause]).json()
    assert (result["due"], result["paused"], result["paused_since"]) == (None, True, "2025-07-07")


def test_the_steps_explain_a_skipped_bank_holiday(client: TestClient, auth: TokenFor) -> None:
    steps = compute(client, auth, rule="foia", start="2025-07-01").json()["steps"]
    skipped = [s["note"] for s in steps if s["first"] == "2025-07-14"]
    assert skipped == ["skipped: bank holiday: Battle of the Boyne (observed) (northern-ireland)"]


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ({"rule": "no-such-clock", "start": "2025-07-01"}, "clock.unknown-rule"),
        (
            {
                "rule": "foia",
                "start": "2025-07-01",
                "pauses": [{"from": "2025-07-09", "to": "2025-07-08"}],
            },
            "clock.pause-order",
        ),
        (
            {"rule": "foisa", "start": "2025-07-01", "extension": {"reason": "busy"}},
            "foisa.extension",
        ),
        (
            {
                "rule": "uk-gdpr-sar",
                "start": "2025-03-31",
                "extension": {"notified_on": "2025-05-02"},
            },
            "uk-gdpr-sar.extension-notice-late",
        ),
        (
            {
                "rule": "uk-gdpr-sar",
                "start": "2025-03-31",
                "extension": {"notified_on": "2025-04-02", "amount": 3},
            },
            "uk-gdpr-sar.extension-amount",
        ),
        (
            {"rule": "foia", "start": "2025-07-01", "restarts": [{"on": "2025-06-30"}]},
            "clock.restart-order",
        ),
        (
            {"rule": "foia", "start": "2025-07-01", "extension_months": 1},
            "foia.extension-unit",
        ),
        (
            {
                "rule": "uk-gdpr-sar",
                "start": "2025-03-31",
                "extension_months": 2,
                "extension": {"notified_on": "2025-05-02"},
            },
            "uk-gdpr-sar.extension-notice-late",
        ),
    ],
)
def test_inputs_a_rule_forbids_are_refused_with_that_rule(
    client: TestClient, auth: TokenFor, body: dict[str, Any], rule: str
) -> None:
    response = compute(client, auth, **body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["rule"] == rule


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"rule": "foia", "start": "2025-13-01"}, "body/start"),
        ({"rule": "foia"}, "body/start"),
        ({"rule": "foia", "start": "2025-07-01", "calendar": "mars"}, "body/calendar"),
        (
            {"rule": "foia", "start": "2025-07-01", "pauses": [{"from": "soon"}]},
            "body/pauses/0/from",
        ),
        ({"rule": "foia", "start": "9999-12-31"}, "body/start"),
        ({"rule": "foia", "start": "2025-07-01", "surprise": 1}, "body/surprise"),
        (
            {"rule": "uk-gdpr-sar", "start": "2025-03-31", "extension_months": 3},
            "body/extension_months",
        ),
    ],
)
def test_malformed_input_gets_a_field_path(
    client: TestClient, auth: TokenFor, body: dict[str, Any], path: str
) -> None:
    response = compute(client, auth, **body)
    assert response.status_code == 422
    assert path in {error["path"] for error in response.json()["errors"]}


def test_computing_a_clock_needs_a_token(client: TestClient) -> None:
    response = client.post("/clocks/compute", json={"rule": "foia", "start": "2025-07-01"})
    assert response.status_code == 401


def test_the_rules_list_names_each_rule_with_its_extension_policy(
    client: TestClient, auth: TokenFor
) -> None:
    rules = {r["id"]: r for r in client.get("/clocks/rules", headers=auth()).json()["items"]}
    assert {"foia", "foisa", "eir", "uk-gdpr-sar"} <= set(rules)
    assert rules["foisa"]["extension"] is None
    sar = rules["uk-gdpr-sar"]
    assert (sar["unit"], sar["amount"], sar["calendar"]) == ("months", 1, "england-and-wales")
    assert sar["extension"]["max_amount"] == 2


WALES_COMPLETION = "wales.cpr@2012/complete-within-6-months-of-referral"
ENGLAND_PANEL_NOTICE = "england.cspr@2023/panel-serious-incident-within-5-working-days"


def test_the_rules_list_names_every_clock_of_every_rule_set(
    client: TestClient, auth: TokenFor
) -> None:
    rules = {r["id"]: r for r in client.get("/clocks/rules", headers=auth()).json()["items"]}
    shipped = {clock.id for rule_set in all_rule_sets() for clock in rule_set.clocks}
    assert set(rules) == {"foia", "foisa", "eir", "uk-gdpr-sar"} | shipped
    wales = rules[WALES_COMPLETION]
    assert (wales["unit"], wales["amount"], wales["calendar"]) == (
        "months",
        6,
        "england-and-wales",
    )
    assert wales["explanation"].startswith("6 months after NotificationReceived")
    assert "paused by ReviewPaused" in wales["explanation"]


def test_the_welsh_six_month_clock_clamps_to_february_and_counts_a_pause(
    client: TestClient, auth: TokenFor
) -> None:
    body = {
        "rule": WALES_COMPLETION,
        "start": "2025-08-29",
        "pauses": [{"from": "2025-10-01", "to": "2025-10-31", "reason": "inquest"}],
    }
    result = compute(client, auth, **body).json()
    assert (result["rule"], result["due"], result["calendar"]) == (
        WALES_COMPLETION,
        "2026-03-31",
        "england-and-wales",
    )
    kinds = [step["kind"] for step in result["steps"]]
    assert {"months", "pause", "due"} <= set(kinds)


def test_the_english_panel_notice_skips_the_early_may_bank_holiday(
    client: TestClient, auth: TokenFor
) -> None:
    result = compute(client, auth, rule=ENGLAND_PANEL_NOTICE, start="2025-05-02").json()
    assert result["due"] == "2025-05-12"
    skipped = {step["first"]: step["note"] for step in result["steps"] if step["kind"] == "skip"}
    assert "May Day" in skipped["2025-05-05"]
    assert set(skipped) == {"2025-05-03", "2025-05-04", "2025-05-05", "2025-05-10", "2025-05-11"}


def test_extension_months_and_an_extension_amount_together_are_refused(
    client: TestClient, auth: TokenFor
) -> None:
    extension = {"notified_on": "2025-04-10", "amount": 1}
    response = compute(
        client,
        auth,
        rule="uk-gdpr-sar",
        start="2025-03-31",
        extension_months=2,
        extension=extension,
    )
    assert response.status_code == 422
    assert "not both" in response.text
