"""``reviewtrail backup`` / ``restore``, and erasures made after a backup surviving its restore."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import sql

from adapters.postgres.backup import BackupError, candidate_dirs, created_at, find_tool
from adapters.settings import Settings
from api.app import create_app
from tests.api.conftest import TokenFor
from tests.api.test_cli_subjects import cli
from tests.conftest import with_dbname


@pytest.fixture
def empty_url(pg_server_url: str) -> Iterator[str]:
    """A second empty database on the test server, to restore into."""
    name = f"rt_restore_{uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield with_dbname(pg_server_url, name)
    with psycopg.connect(pg_server_url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def erase(database_url: str, var_dir: Path, subject_id: str) -> None:
    result = cli(
        database_url,
        var_dir,
        *("subjects", "erase", subject_id, "--reason", "court order"),
        *("--legal-basis", "Art. 17", "--partnership", "p-north", "--actor", "dpo-1"),
    )
    assert result.returncode == 0, result.stderr


def exported_name(url: str, settings: Settings, auth: TokenFor, subject_id: str) -> str:
    with TestClient(create_app(settings, url)) as client:
        export = client.get(
            f"/subjects/{subject_id}/export", params={"purpose": "check"}, headers=auth("dp-lead")
        )
    return str(export.json()["events"][0]["data"]["name"]["value"])


def test_an_erasure_after_a_backup_is_reapplied_when_it_is_restored(
    client: TestClient,
    auth: TokenFor,
    settings: Settings,
    database_url: str,
    empty_url: str,
    tmp_path: Path,
) -> None:
    gone = client.post(
        "/subjects", json={"relationship": "child", "name": "Gone"}, headers=auth()
    ).json()["id"]
    archive = tmp_path / "reviewtrail.dump"
    backed_up = cli(database_url, settings.var_dir, "backup", "--out", str(archive))
    assert backed_up.returncode == 0, backed_up.stderr
    erase(database_url, settings.var_dir, gone)

    restored = cli(empty_url, settings.var_dir, "restore", str(archive))

    assert restored.returncode == 0, restored.stderr
    assert "re-applied 1 erasures" in restored.stderr
    assert exported_name(empty_url, settings, auth, gone) == "[erased]"


def test_a_restore_without_later_erasures_brings_the_data_back(
    client: TestClient,
    auth: TokenFor,
    settings: Settings,
    database_url: str,
    empty_url: str,
    tmp_path: Path,
) -> None:
    kept = client.post(
        "/subjects", json={"relationship": "parent", "name": "Kept"}, headers=auth()
    ).json()["id"]
    archive = tmp_path / "reviewtrail.dump"
    assert cli(database_url, settings.var_dir, "backup", "--out", str(archive)).returncode == 0

    restored = cli(empty_url, settings.var_dir, "restore", str(archive))

    assert "re-applied 0 erasures" in restored.stderr
    assert exported_name(empty_url, settings, auth, kept) == "Kept"


def test_restore_refuses_a_database_that_is_not_empty(
    client: TestClient, settings: Settings, database_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "reviewtrail.dump"
    assert cli(database_url, settings.var_dir, "backup", "--out", str(archive)).returncode == 0

    refused = cli(database_url, settings.var_dir, "restore", str(archive))

    assert refused.returncode != 0
    assert "not empty" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_no_client_tools_as_new_as_the_server_is_a_plain_refusal() -> None:
    with pytest.raises(BackupError, match="PostgreSQL 99 or newer"):
        find_tool("pg_dump", 99, candidate_dirs())


def test_a_tool_directory_without_the_tool_is_skipped(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no pg_restore of PostgreSQL 13"):
        find_tool("pg_restore", 13, [tmp_path])


def test_the_archive_records_when_the_backup_started_in_utc(
    client: TestClient, settings: Settings, database_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "reviewtrail.dump"
    before = datetime.now(UTC).replace(microsecond=0)
    assert cli(database_url, settings.var_dir, "backup", "--out", str(archive)).returncode == 0
    after = datetime.now(UTC)

    assert before <= created_at(archive, database_url) <= after
