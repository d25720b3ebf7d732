"""Fault tests: ``reviewtrail serve`` in a subprocess under load from a few client threads, a
fault injected, then the checks of ``tests/faults/checks.py``. Each is bounded well under a
minute on two cores."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from adapters.bench.served import serve_environment
from adapters.load import Load, LoadParameters, Mint, ServeProcess
from api.cli.background import READY_FD
from api.cli.loadtest import development_tokens

CLIENTS = 3  # one user of each persona
Serve = Callable[..., ServeProcess]


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def mint(var_dir: Path) -> Mint:
    return development_tokens(var_dir)


@pytest.fixture
def serve(var_dir: Path) -> Iterator[Serve]:
    """Start ``reviewtrail serve`` on a database (with extra settings); stopped afterwards."""
    started: list[ServeProcess] = []

    def start(database_url: str, **settings: str) -> ServeProcess:
        env = {f"REVIEWTRAIL_{name.upper()}": value for name, value in settings.items()}
        server = ServeProcess(database_url, var_dir, env)
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def worker(var_dir: Path) -> Iterator[Callable[..., Worker]]:
    """Make ``Worker``s on the served app's settings; all stopped afterwards."""
    made: list[Worker] = []

    def make(args: list[str], database_url: str, **settings: str) -> Worker:
        made.append(Worker(args, database_url, var_dir, **settings))
        return made[-1]

    yield make
    for each in made:
        each.stop()


def load_on(server: ServeProcess, mint: Mint, seconds: float = 60.0) -> Load:
    """Users on ``server`` until stopped (``seconds`` is only a safety bound)."""
    params = LoadParameters(clients=CLIENTS, duration=seconds, max_requests=100_000)
    return Load(server.host, server.port, mint, params).start()


def answered_while(load: Load, seconds: float) -> int:
    """Let the load run for ``seconds``; how many commands were acknowledged meanwhile."""
    before = len(load.ledger.acknowledged())
    time.sleep(seconds)
    return len(load.ledger.acknowledged()) - before


def recovers(load: Load, within: float = 60.0) -> bool:
    """Whether the load has a command acknowledged again before ``within`` seconds pass. The
    bound only keeps a broken service from hanging the suite: how soon it recovers depends on
    the machine and is measured by the load test, not asserted here."""
    before, deadline = len(load.ledger.acknowledged()), time.monotonic() + within
    while time.monotonic() < deadline:
        if len(load.ledger.acknowledged()) > before:
            return True
        time.sleep(0.1)
    return False


class Worker:
    """A ``reviewtrail`` command running in the background (``projections run``, ``audit
    integrate``) with the served app's settings, to be killed and restarted."""

    def __init__(self, args: list[str], database_url: str, var_dir: Path, **settings: str) -> None:
        self._args = [sys.executable, "-m", "api.cli", *args]
        extra = {f"REVIEWTRAIL_{name.upper()}": value for name, value in settings.items()}
        self._env = {**serve_environment(database_url, var_dir), **extra}
        self._cwd = var_dir.parent
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        log = self._cwd / f"{'-'.join(self._args[3:])}.log"  # e.g. projections-run.log
        with log.open("ab") as output:
            self._process = subprocess.Popen(
                self._args, env=self._env, cwd=self._cwd, stdout=output, stderr=subprocess.STDOUT
            )
        return self

    def start_at_work(self, timeout: float) -> Worker:
        """Start it and return once it reports that it is at work, with its stop handlers in
        place (the pipe ``reviewtrail serve`` gives its children, ``READY_FD``)."""
        read, write = os.pipe()
        log = self._cwd / f"{'-'.join(self._args[3:])}.log"
        try:
            with log.open("ab") as output:
                self._process = subprocess.Popen(
                    self._args,
                    env={**self._env, READY_FD: str(write)},
                    pass_fds=(write,),
                    cwd=self._cwd,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            os.close(write)
            readable, _, _ = select.select([read], [], [], timeout)
            assert readable, f"{self._args[3:]} not at work after {timeout} s"
            assert os.read(read, 1) == b"1", f"{self._args[3:]} exited before it was at work"
        finally:
            os.close(read)
        return self

    def kill(self) -> None:
        """kill -9; asserts it was still running (it did not die of something else)."""
        assert self._process is not None
        assert self._process.poll() is None
        self._process.send_signal(signal.SIGKILL)
        self._process.wait()

    def signal(self, signum: int) -> None:
        assert self._process is not None
        self._process.send_signal(signum)

    def wait(self, timeout: float) -> int:
        """Its exit status (``subprocess.TimeoutExpired`` if it has not exited in time)."""
        assert self._process is not None
        return self._process.wait(timeout=timeout)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
