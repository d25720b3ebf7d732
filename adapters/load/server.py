"""``reviewtrail serve`` in a subprocess that can be killed and restarted on the same port and
database, and the memory of its process tree.

The bench's helpers give the default configuration (``serve_environment``) and a free port;
this class adds what the load and fault tests need: the process itself (its id, for memory
samples and ``kill -9``), extra settings, and a restart that clients simply reconnect to.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

import psutil

from adapters.bench.database import BenchError
from adapters.bench.served import free_port, serve_environment
from adapters.load.http import ConnectionLost, LoadClient

START_TIMEOUT = 60.0
HOST = "127.0.0.1"


class ServeProcess:
    """One ``reviewtrail serve`` at a time on ``HOST:port``; its output is appended to
    ``serve.log`` beside ``var_dir``."""

    def __init__(
        self, database_url: str, var_dir: Path, extra_env: dict[str, str] | None = None
    ) -> None:
        self.database_url, self.var_dir = database_url, var_dir
        self.host, self.port = HOST, free_port()
        self.log_path = var_dir.parent / "serve.log"
        self._env = {**serve_environment(database_url, var_dir), **(extra_env or {})}
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._process is None:
            raise BenchError("reviewtrail serve is not running")
        return self._process.pid

    def start(self) -> None:
        """Start the server and wait until ``/health`` answers 200."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "api.cli", "serve", "--host", self.host]
        with self.log_path.open("ab") as log:
            # cwd beside var_dir, so that no developer's .env is read.
            self._process = subprocess.Popen(  # noqa: S603
                [*command, "--port", str(self.port)],
                env=self._env,
                cwd=self.var_dir.parent,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_healthy()

    def kill(self) -> None:
        """``kill -9``: no shutdown of any kind (open transactions are simply cut off)."""
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait()
            self._process = None

    def stop(self) -> None:
        """A graceful stop (SIGTERM), or kill -9 when it takes longer than 30 s."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
            self._process = None

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        client = LoadClient(self.host, self.port, token="")
        try:
            while time.monotonic() < deadline:
                if self._process is None or self._process.poll() is not None:
                    raise BenchError(f"reviewtrail serve exited early:\n{self.log_tail()}")
                try:
                    if client.send("GET", "/health").status == 200:
                        return
                except ConnectionLost:
                    pass
                time.sleep(0.1)
        finally:
            client.close()
        raise BenchError(f"reviewtrail serve did not become healthy:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self) -> ServeProcess:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class MemorySampler:
    """Samples the resident memory of a process and its children in a thread; ``peak_mb``."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self._pid, self._interval = pid, interval
        self._samples: list[tuple[int, int]] = []  # (the process, it and its children)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> MemorySampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            own, tree = process_rss(self._pid), tree_rss(self._pid)
            if own:
                self._samples.append((own, tree))
            self._stop.wait(self._interval)

    def figures(self) -> dict[str, float]:
        """First, mean and peak resident memory of the process in MB, and the peak of the
        process with its children (``serve``'s projection runner and audit integrator); 0 when
        never sampled."""
        own = [sample[0] for sample in self._samples] or [0]
        tree = [sample[1] for sample in self._samples] or [0]
        return {
            "start_mb": _mb(own[0]),
            "mean_mb": _mb(sum(own) / len(own)),
            "peak_mb": _mb(max(own)),
            "tree_peak_mb": _mb(max(tree)),
            "samples": len(self._samples),
        }


def process_rss(pid: int) -> int:
    """Resident bytes of ``pid`` alone (0 when it has gone)."""
    try:
        return int(psutil.Process(pid).memory_info().rss)
    except psutil.Error:
        return 0


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every descendant (0 when it has gone)."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            continue  # a child that ended between the listing and the read
    return total


def _mb(value: float) -> float:
    return round(value / 1024 / 1024, 1)
