"""kill -9 the runner in the middle of a rebuild; restarted, the view equals a clean rebuild."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from adapters.postgres import tracking
from api.deps import Services
from tests.adapters.test_runner import record_reviews, view_rows


def start_rebuild(database_url: str, var_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "REVIEWTRAIL_DATABASE_URL": database_url,
        "REVIEWTRAIL_VAR_DIR": str(var_dir),
        "REVIEWTRAIL_PROJECTION_BATCH_SIZE": "20",
    }
    command = [sys.executable, "-m", "api.cli", "projections", "rebuild", "review_summary"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)


def wait_until_part_way(services: Services, process: subprocess.Popen[bytes], head: int) -> int:
    for _ in range(3000):
        position = tracking.position_of(services.db, "review_summary")
        if 0 < position < head:
            return position
        if process.poll() is not None:
            break
        time.sleep(0.005)
    raise AssertionError("the rebuild never reached the middle of the log")


def test_a_rebuild_killed_midway_resumes_to_the_same_view_as_a_clean_rebuild(
    services: Services, database_url: str, tmp_path: Path
) -> None:
    record_reviews(services, 4000)
    services.runner.catch_up_all()
    head = services.db.log_head()

    process = start_rebuild(database_url, tmp_path / "var")
    wait_until_part_way(services, process, head)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = tracking.position_of(services.db, "review_summary")
    assert 0 < killed_at < head

    services.runner.catch_up_all()
    resumed = view_rows(services)
    services.runner.rebuild("review_summary")
    assert resumed == view_rows(services)
    assert len(resumed) == 4000
