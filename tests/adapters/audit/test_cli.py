"""``reviewtrail audit verify`` as a real process: exit 0 when intact, 1 naming the damage."""

from __future__ import annotations

import os
import subprocess
import sys

from api.deps import Services
from tests.adapters.audit.world import an_integrator, positions, record_events, superuser


def cli(services: Services, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "REVIEWTRAIL_DATABASE_URL": services.db.url,
        "REVIEWTRAIL_VAR_DIR": str(services.settings.var_dir),
        "COLUMNS": "200",  # rich wraps long lines at the terminal width
    }
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "audit", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_verify_exits_0_on_an_intact_log_and_1_naming_an_altered_event(
    services: Services,
) -> None:
    record_events(services, 8)
    an_integrator(services).integrate()
    intact = cli(services, "verify")
    assert intact.returncode == 0, intact.stderr
    assert "intact: 8 events" in intact.stderr

    target = positions(services)[3]
    with superuser(services) as db:
        db.execute(
            "UPDATE reviewtrail_events SET topic = topic || 'x' WHERE notification_id = %s",
            (target,),
        )
    damaged = cli(services, "verify")
    assert damaged.returncode == 1
    assert f"altered event at position {target}" in damaged.stderr
    by_python = cli(services, "verify", "--hash-in-python")
    assert by_python.returncode == 1
    assert f"altered event at position {target}" in by_python.stderr


def test_an_auditor_verifies_with_the_published_verifier_key_and_a_copied_file(
    services: Services,
) -> None:
    record_events(services, 4)
    an_integrator(services, batch=2).integrate()
    published = cli(services, "public-key")
    assert published.returncode == 0, published.stderr
    copy = services.settings.var_dir / "copy-of-checkpoints.log"
    copy.write_bytes(services.settings.audit_checkpoint_file.read_bytes())

    result = cli(
        services, "verify", "--public-key", published.stdout.strip(), "--checkpoints", str(copy)
    )
    assert result.returncode == 0, result.stderr
    assert "4 checkpoints verified" in result.stderr


def test_integrate_once_integrates_every_committed_event(services: Services) -> None:
    record_events(services, 6)
    result = cli(services, "integrate", "--once")
    assert result.returncode == 0, result.stderr
    assert "integrated 6 events" in result.stderr
