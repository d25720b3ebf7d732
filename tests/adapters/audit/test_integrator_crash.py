"""kill -9 the integrator in the middle of the log; restarted, it continues to the right root."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from adapters.postgres.audit_queries import AuditQueries
from api.deps import Services
from tests.adapters.audit.test_integrator import expected_root
from tests.adapters.audit.world import an_integrator, verify_now
from tests.adapters.test_runner import record_reviews


def start_integrating(services: Services) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "REVIEWTRAIL_DATABASE_URL": services.db.url,
        "REVIEWTRAIL_VAR_DIR": str(services.settings.var_dir),
        "REVIEWTRAIL_AUDIT_BATCH_SIZE": "20",
        "REVIEWTRAIL_AUDIT_CHECKPOINT_INTERVAL_SECONDS": "0",
    }
    command = [sys.executable, "-m", "api.cli", "audit", "integrate", "--once"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_part_way(audit: AuditQueries, process: subprocess.Popen[bytes], total: int) -> None:
    for _ in range(3000):
        if 0 < audit.tree_state().size < total:
            return
        if process.poll() is not None:
            break
        time.sleep(0.005)
    raise AssertionError("the integrator never reached the middle of the log")


def test_an_integrator_killed_midway_resumes_to_the_root_of_the_whole_log(
    services: Services,
) -> None:
    record_reviews(services, 3000)
    audit = AuditQueries(services.db)

    process = start_integrating(services)
    wait_until_part_way(audit, process, 3000)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = audit.tree_state().size
    assert 0 < killed_at < 3000

    an_integrator(services, batch=500).integrate()
    state = audit.tree_state()
    assert state.size == 3000
    assert state.root == expected_root(services)
    report = verify_now(services, services.settings.audit_checkpoint_file)
    assert report.intact, report.summary()
