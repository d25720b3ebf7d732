"""GET /reviews/{id}/decision-trail on real PostgreSQL: who decided what, in log order, each entry
proved against the signed audit log, as JSON pages or one CSV document."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from adapters.audit import verify_inclusion
from adapters.settings import Mode, Settings
from tests.api import review_steps as steps
from tests.api.conftest import TokenFor
from tests.domain.review.cases import WALES

TRAIL_EVENTS = {
    "recommendations": "RecommendationMade",
    "decisions": "DecisionRecorded",
    "notices": "ExternalBodyNotified",
    "terms-of-reference": "TermsOfReferenceDrafted",
    "terms-of-reference/amendments": "TermsOfReferenceAmended",
    "terms-of-reference/2/agreement": "TermsOfReferenceAgreed",
    "team": "TeamMemberAppointed",
    "pauses": "ReviewPaused",
    "resumptions": "ReviewResumed",
}
DISSENT = ["The police member preferred a rapid review."]
STATEMENT = "No involvement with the case."


@dataclass
class RecordingApi(steps.ReviewApi):
    """The review steps' API, remembering the position of each command that belongs on the
    trail; the decision to hold the review is recorded with a dissent."""

    recorded: list[tuple[int, str]] = field(default_factory=list)

    def ok(self, review: str, path: str, body: dict[str, Any], *roles: str) -> dict[str, Any]:
        if path == "decisions":
            body = {**body, "dissent": DISSENT}
        receipt = super().ok(review, path, body, *roles)
        if path in TRAIL_EVENTS:
            self.recorded.append((int(receipt["position"]), TRAIL_EVENTS[path]))
        return receipt


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # A checkpoint after every batch, so each entry is proved against a signed root.
    return Settings(
        mode=Mode.TEST,
        var_dir=tmp_path / "var",
        pool_size=4,
        database_timeout_seconds=1,
        audit_checkpoint_interval_seconds=0,
    )


@pytest.fixture
def api(client: TestClient, auth: TokenFor) -> RecordingApi:
    return RecordingApi(client, auth)


@pytest.fixture
def review(api: RecordingApi) -> str:
    """Recommended, decided with dissent, terms of reference drafted, amended and agreed, a team
    appointed, external bodies told, paused and resumed."""
    review = steps.commissioned(api, WALES)
    notice = {"recipient": "welsh-government", "purpose": "review-commissioned"}
    api.ok(review, "notices", {**notice, "channel": "email", "notified_on": "2024-04-03"})
    pause = {"reason": "The police asked the review to wait.", "paused_on": "2024-04-05"}
    api.ok(review, "pauses", pause)
    api.ok(review, "resumptions", {"resumed_on": "2024-05-01"})
    return review


def trail(api: RecordingApi, review: str, *roles: str, **params: str) -> httpx.Response:
    url = f"/reviews/{review}/decision-trail"
    params.setdefault("min_position", str(api.log_head()))
    response: httpx.Response = api.client.get(url, params=params, headers=api.headers(*roles))
    return response


def entries(api: RecordingApi, review: str, *roles: str) -> list[dict[str, Any]]:
    response = trail(api, review, *roles, limit="200")
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


def test_the_trail_lists_each_decision_in_log_order_with_its_position_and_type(
    api: RecordingApi, review: str
) -> None:
    found = [(e["position"], e["event_type"]) for e in entries(api, review, "auditor")]
    assert found == api.recorded
    assert {"ExternalBodyNotified", "ReviewPaused", "ReviewResumed"} <= {t for _, t in found}


def test_each_entry_names_the_actor_and_role_who_recorded_it(
    api: RecordingApi, review: str
) -> None:
    found = entries(api, review, "governance-officer")
    # The steps' token holds every role; each entry names the role that authorised its command.
    assert {e["actor_id"] for e in found} == {"user-1"}
    assert {e["actor_role"] for e in found} <= {"administrator", "chair"}
    times = [e["recorded_at"] for e in found]
    assert times == sorted(times)


def test_a_decision_with_dissent_reads_as_a_majority_decision_with_its_dissent(
    api: RecordingApi, review: str
) -> None:
    (decision,) = [
        e for e in entries(api, review, "chair") if e["event_type"] == "DecisionRecorded"
    ]
    summary = decision["summary"]
    assert (summary["subject"], summary["outcome"], summary["method"]) == (
        "hold-review",
        "proceed",
        "majority",
    )
    assert summary["dissent"] == DISSENT
    assert summary["decision_makers"] == ["board-chair"]
    assert summary["rationale"] == "Agreed with the recommendation."


def test_terms_of_reference_entries_give_versions_not_the_text(
    api: RecordingApi, review: str
) -> None:
    found = entries(api, review, "reviewer")
    versions = [
        (e["event_type"], e["summary"]["version"])
        for e in found
        if e["event_type"].startswith("TermsOfReference")
    ]
    assert versions == [
        ("TermsOfReferenceDrafted", 1),
        ("TermsOfReferenceAmended", 2),
        ("TermsOfReferenceAgreed", 2),
    ]
    assert all("text" not in e["summary"] for e in found)


def test_every_entry_has_an_inclusion_proof_that_verifies_against_its_root(
    api: RecordingApi, review: str
) -> None:
    for entry in entries(api, review, "auditor"):
        proof = entry["proof"]
        assert proof is not None, entry["proof_unavailable"]
        assert verify_inclusion(
            bytes.fromhex(proof["leaf_hash"]),
            proof["leaf_index"],
            proof["tree_size"],
            [bytes.fromhex(h) for h in proof["proof"]],
            bytes.fromhex(proof["root_hash"]),
        )


def test_an_independence_statement_is_shown_to_the_chair_only_as_given_to_an_auditor(
    api: RecordingApi, review: str
) -> None:
    def statements(role: str) -> set[str]:
        appointed = [
            e for e in entries(api, review, role) if e["event_type"] == "TeamMemberAppointed"
        ]
        assert all(e["summary"]["independence_statement_given"] for e in appointed)
        return {p["display"] for e in appointed for p in e["personal"]}

    assert statements("chair") == {STATEMENT}
    assert statements("auditor") == {"[personal data]"}


def test_the_view_stores_no_personal_value(api: RecordingApi, review: str) -> None:
    entries(api, review, "chair")
    services = api.client.app.state.services  # type: ignore[attr-defined]
    with services.db.connection() as conn:
        rows = conn.execute("SELECT summary, personal FROM decision_trail").fetchall()
    assert rows
    assert STATEMENT not in json.dumps(rows)


def test_the_csv_export_has_the_same_entries_as_the_json(api: RecordingApi, review: str) -> None:
    response = trail(api, review, "dp-lead", format="csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    found = entries(api, review, "dp-lead")
    assert [(int(r["position"]), r["event_type"], r["actor_role"]) for r in rows] == [
        (e["position"], e["event_type"], e["actor_role"]) for e in found
    ]
    assert [json.loads(r["summary"]) for r in rows] == [e["summary"] for e in found]
    # Each read of decrypted values appends to the access trail, so the tree (and its root)
    # grows between the two requests; the leaves proved are the same.
    assert [int(r["leaf_index"]) for r in rows] == [e["proof"]["leaf_index"] for e in found]


def test_pages_follow_next_cursor_without_gaps_or_repeats(api: RecordingApi, review: str) -> None:
    seen: list[int] = []
    params = {"limit": "3"}
    while True:
        page = trail(api, review, "panel-member", **params).json()
        seen += [e["position"] for e in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == [position for position, _ in api.recorded]


def test_another_partnership_gets_404(api: RecordingApi, review: str) -> None:
    api.partnership = "p-south"
    assert trail(api, review, "auditor").status_code == 404


@pytest.mark.parametrize("role", ["family-liaison", "administrator"])
def test_a_role_outside_governance_audit_and_the_panel_gets_403(
    api: RecordingApi, review: str, role: str
) -> None:
    response = trail(api, review, role)
    assert response.status_code == 403, response.text
