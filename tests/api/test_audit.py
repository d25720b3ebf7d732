"""/audit over HTTP on real PostgreSQL: signed checkpoints, proofs that verify, the access trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.audit import verify_consistency, verify_inclusion
from adapters.audit.checkpoint import open_checkpoint
from adapters.audit.signing_key import signing_key_for
from adapters.settings import Mode, Settings
from tests.api.conftest import TokenFor
from tests.examples import notification_json


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # A checkpoint after every batch, and a short wait for positions never recorded.
    return Settings(
        mode=Mode.TEST,
        var_dir=tmp_path / "var",
        pool_size=4,
        database_timeout_seconds=1,
        audit_checkpoint_interval_seconds=0,
        read_your_writes_timeout=0.3,
    )


def open_review(client: TestClient, auth: TokenFor) -> int:
    response = client.post("/reviews", json=notification_json(), headers=auth("chair"))
    assert response.status_code == 201, response.text
    return int(response.json()["position"])


def integrated(client: TestClient, position: int) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    assert services.integrator.wait_for(position, timeout=10)


def unhex(values: list[str]) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


def test_the_latest_checkpoint_is_signed_by_the_audit_key(
    client: TestClient, auth: TokenFor, settings: Settings
) -> None:
    integrated(client, open_review(client, auth))
    body = client.get("/audit/checkpoint", headers=auth("panel-member")).json()
    checkpoint = open_checkpoint(body["note"], signing_key_for(settings).key.public_key())
    assert (checkpoint.size, checkpoint.root.hex()) == (body["tree_size"], body["root_hash"])
    assert body["origin"] == settings.audit_origin


def test_an_event_just_recorded_has_an_inclusion_proof_to_a_signed_root(
    client: TestClient, auth: TokenFor
) -> None:
    open_review(client, auth)
    position = open_review(client, auth)
    proof = client.get(
        "/audit/proofs/inclusion", params={"position": position}, headers=auth("reviewer")
    ).json()
    assert verify_inclusion(
        bytes.fromhex(proof["leaf_hash"]),
        proof["leaf_index"],
        proof["tree_size"],
        unhex(proof["proof"]),
        bytes.fromhex(proof["root_hash"]),
    )
    assert proof["checkpoint"] is not None
    assert f"\n{proof['tree_size']}\n" in proof["checkpoint"]


def test_a_later_tree_is_proved_consistent_with_an_earlier_checkpoint(
    client: TestClient, auth: TokenFor
) -> None:
    integrated(client, open_review(client, auth))
    earlier = client.get("/audit/checkpoint", headers=auth()).json()
    for _ in range(3):
        integrated(client, open_review(client, auth))
    proof = client.get(
        "/audit/proofs/consistency", params={"from": earlier["tree_size"]}, headers=auth()
    ).json()
    assert proof["from_root"] == earlier["root_hash"]
    assert proof["to_size"] > proof["from_size"]
    assert verify_consistency(
        proof["from_size"],
        proof["to_size"],
        bytes.fromhex(proof["from_root"]),
        bytes.fromhex(proof["to_root"]),
        unhex(proof["proof"]),
    )


def test_a_position_never_recorded_has_no_proof(client: TestClient, auth: TokenFor) -> None:
    integrated(client, open_review(client, auth))
    response = client.get("/audit/proofs/inclusion", params={"position": 999}, headers=auth())
    assert response.status_code == 404


def test_a_tree_larger_than_the_integrated_one_is_refused(
    client: TestClient, auth: TokenFor
) -> None:
    position = open_review(client, auth)
    integrated(client, position)
    response = client.get(
        "/audit/proofs/inclusion", params={"position": position, "tree_size": 50}, headers=auth()
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "audit.tree-size-out-of-range"


def test_proofs_need_a_bearer_token(client: TestClient) -> None:
    assert client.get("/audit/checkpoint").status_code == 401


def register_and_export(client: TestClient, auth: TokenFor, purpose: str) -> str:
    subject = client.post(
        "/subjects", json={"relationship": "child", "name": "Alex"}, headers=auth("chair")
    ).json()["id"]
    exported = client.get(
        f"/subjects/{subject}/export",
        params={"purpose": purpose},
        headers=auth("dp-lead", user="dpo-1"),
    )
    assert exported.status_code == 200, exported.text
    return str(subject)


def trail(client: TestClient, auth: TokenFor, **params: Any) -> Any:
    headers = auth("auditor", partnership=params.pop("partnership", "p-north"))
    response = client.get("/audit/access", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_an_export_is_on_the_access_trail_with_who_role_and_why(
    client: TestClient, auth: TokenFor
) -> None:
    subject = register_and_export(client, auth, "SAR 2026/14")
    (record,) = trail(client, auth, subject=subject)["items"]
    assert (record["actor_id"], record["actor_role"]) == ("dpo-1", "dp-lead")
    assert (record["action"], record["purpose"]) == ("export", "SAR 2026/14")


def test_the_access_trail_is_paged_by_cursor_and_filtered_by_actor(
    client: TestClient, auth: TokenFor
) -> None:
    subjects = [register_and_export(client, auth, f"SAR {i}") for i in range(3)]
    first = trail(client, auth, actor="dpo-1", limit=2)
    second = trail(client, auth, actor="dpo-1", limit=2, cursor=first["next_cursor"])
    assert [r["subject_id"] for r in first["items"] + second["items"]] == subjects
    assert second["next_cursor"] is None
    assert trail(client, auth, actor="someone-else")["items"] == []


def test_another_partnership_sees_nothing_of_the_access_trail(
    client: TestClient, auth: TokenFor
) -> None:
    subject = register_and_export(client, auth, "SAR 2026/15")
    assert trail(client, auth, subject=subject, partnership="p-south")["items"] == []


def test_only_auditors_governance_and_data_protection_read_the_access_trail(
    client: TestClient, auth: TokenFor
) -> None:
    assert client.get("/audit/access", headers=auth("chair")).status_code == 403
    assert client.get("/audit/access", headers=auth("governance-officer")).status_code == 200
