"""``reviewtrail status``: health of the database, projections and audit integrator."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from adapters.postgres import tracking
from adapters.settings import Settings
from tests.api.conftest import TokenFor
from tests.api.test_cli_subjects import cli
from tests.examples import notification_json


def test_status_lists_every_projection_and_the_last_checkpoint(
    client: TestClient, auth: TokenFor, settings: Settings, database_url: str
) -> None:
    client.post("/reviews", json=notification_json(), headers=auth())
    services = client.app.state.services  # type: ignore[attr-defined]
    services.runner.catch_up_all()
    services.integrator.integrate()

    result = cli(database_url, settings.var_dir, "status")

    assert result.returncode == 0, result.stderr
    for name in services.runner.names:
        assert name in result.stdout
    assert "audit integrator" in result.stdout
    assert "no checkpoint signed yet" not in result.stdout


def test_status_exits_1_when_a_projection_has_failed(
    client: TestClient, settings: Settings, database_url: str
) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    tracking.mark_failed(services.db, "review_summary", "KeyError at position 7")

    result = cli(database_url, settings.var_dir, "status")

    assert result.returncode == 1
    assert "failed projections: review_summary" in result.stderr


def test_status_exits_1_when_the_database_is_unreachable(tmp_path: Path) -> None:
    unreachable = f"postgresql://nobody@/reviewtrail?host={tmp_path}&port=1"
    result = cli(unreachable, tmp_path / "var", "status")
    assert result.returncode == 1
    assert "database unreachable" in result.stderr
    assert "Traceback" not in result.stderr
