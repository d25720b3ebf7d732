"""``run_until_signalled``: how a standalone worker (``projections run``, ``audit integrate``)
stops on SIGTERM or SIGINT. Its signal handler must take no lock: handlers nest, and one that set
the worker's stop Event deadlocked against an outer handler holding that Event's lock (CI saw a
worker hang on a burst of SIGTERMs)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

BOUND = 20.0  # only keeps a deadlocked worker from hanging the suite

# A worker whose request_stop holds a non-reentrant lock for 0.5 s: a signal handler that
# called it would be re-entered by the next signal while the outer call holds the lock.
SLOW_STOP = """
import threading, time
from api.cli.background import run_until_signalled

stopped, lock, calls = threading.Event(), threading.Lock(), []

def request_stop():
    with lock:
        calls.append(1)
        for _ in range(50):
            time.sleep(0.01)
        stopped.set()

def work():
    print("ready", flush=True)
    stopped.wait()

run_until_signalled(work, request_stop, "work")
print(f"stop requested {len(calls)} time(s)", flush=True)
"""

FAILING_WORK = """
import threading
from api.cli.background import run_until_signalled

stopped = threading.Event()

def work():
    print("ready", flush=True)
    stopped.wait()
    raise RuntimeError("stopped badly")

try:
    run_until_signalled(work, stopped.set, "work")
except RuntimeError as error:
    print(f"raised: {error}", flush=True)
"""


def signalled(script: str, signum: int, times: int) -> tuple[int, str]:
    """Run ``script`` in a new interpreter, send it ``signum`` ``times`` times (20 ms apart)
    once it prints ready, and return its exit status and what it printed next."""
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        for _ in range(times):
            process.send_signal(signum)
            time.sleep(0.02)
        out, _ = process.communicate(timeout=BOUND)
    finally:
        process.kill()
        process.wait()
    return process.returncode, out.strip()


def test_a_burst_of_sigterms_asks_the_work_to_stop_once() -> None:
    # 30 signals over 0.6 s, while request_stop holds its lock for 0.5 s.
    assert signalled(SLOW_STOP, signal.SIGTERM, 30) == (0, "stop requested 1 time(s)")


def test_sigint_stops_the_work_and_its_failure_is_raised() -> None:
    assert signalled(FAILING_WORK, signal.SIGINT, 1) == (0, "raised: stopped badly")
