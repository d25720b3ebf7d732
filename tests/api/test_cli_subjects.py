"""The operator CLI for erasure and KEK rotation, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import TokenFor


def cli(database_url: str, var_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "REVIEWTRAIL_DATABASE_URL": database_url,
        "REVIEWTRAIL_VAR_DIR": str(var_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_cli_erases_a_subject_and_rotates_the_kek(
    client: TestClient, auth: TokenFor, database_url: str, tmp_path: Path
) -> None:
    var_dir = tmp_path / "var"
    kept = client.post(
        "/subjects", json={"relationship": "parent", "name": "Kept"}, headers=auth()
    ).json()["id"]
    gone = client.post(
        "/subjects", json={"relationship": "child", "name": "Gone"}, headers=auth()
    ).json()["id"]

    rotated = cli(database_url, var_dir, "keys", "rotate-kek")
    assert rotated.returncode == 0, rotated.stderr
    assert json.loads((var_dir / "keys.json").read_text())["current"] == 2

    erased = cli(
        database_url,
        var_dir,
        "subjects",
        "erase",
        gone,
        "--reason",
        "court order",
        "--legal-basis",
        "Art. 17",
        "--partnership",
        "p-north",
        "--actor",
        "dpo-1",
    )
    assert erased.returncode == 0, erased.stderr
    client.app.state.services.keys.cache.clear()  # type: ignore[attr-defined]
    export = client.get(
        f"/subjects/{gone}/export", params={"purpose": "check"}, headers=auth("dp-lead")
    )
    assert export.json()["events"][0]["data"]["name"]["value"] == "[erased]"
    kept_export = client.get(
        f"/subjects/{kept}/export", params={"purpose": "check"}, headers=auth("dp-lead")
    )
    assert kept_export.json()["events"][0]["data"]["name"]["value"] == "Kept"


def test_erasing_without_a_reason_is_a_plain_error(database_url: str, tmp_path: Path) -> None:
    result = cli(database_url, tmp_path / "var", "subjects", "erase", "not-a-uuid", "--reason", "x")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
