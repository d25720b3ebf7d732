"""``reviewtrail serve``'s background work in child processes: the projection runner and the
audit integrator, each a ``reviewtrail projections run`` / ``reviewtrail audit integrate`` of its
own, supervised by the API process.

As threads of the API process they would share its interpreter lock: every request then waits
for the runner's decoding and the integrator's hashing of the events the previous requests
recorded (reads too, since each read of personal data records an access-trail event). As
processes they run beside the requests on another core, exactly as in a scaled-out deployment
(docs/operations.md), and the API is woken by the runner's commits over LISTEN/NOTIFY
(``ProjectionRunner.follow``).

A child that exits is restarted after a pause (its work resumes after its last committed batch);
on Linux a child is sent SIGTERM when the API process dies, even by ``kill -9``, so none is left
behind; elsewhere a child notices its parent has gone within a second or two.
"""

from __future__ import annotations

import ctypes
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from types import FrameType

log = logging.getLogger("reviewtrail.background")
RESTART_PAUSE = 1.0
STOP_TIMEOUT = 15.0
READY_TIMEOUT = 60.0
SIGNAL_POLL = 0.1
"""How soon a worker acts on SIGTERM or SIGINT (``run_until_signalled``)."""
READY_FD = "REVIEWTRAIL_READY_FD"
"""Set in a first child's environment: a pipe to write one byte to once it is at work."""
PR_SET_PDEATHSIG = 1


def children_for(run_projections: bool, run_audit_integrator: bool) -> list[list[str]]:
    """The ``reviewtrail`` subcommands ``serve`` runs beside the API."""
    commands = []
    if run_projections:
        commands.append(["projections", "run"])
    if run_audit_integrator:
        commands.append(["audit", "integrate"])
    return commands


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the child watches its parent instead (WATCH_PARENT below)


WATCH_PARENT = "REVIEWTRAIL_PARENT_PID"
"""Set in a child's environment: the pid whose death the child stops on (``watch_parent``)."""


def signal_ready() -> None:
    """In a child of ``serve``: tell the parent we are at work (no-op otherwise)."""
    raw = os.environ.pop(READY_FD, None)
    if raw is None or not raw.isdigit():
        return
    try:
        os.write(int(raw), b"1")
        os.close(int(raw))
    except OSError:
        pass  # the parent stopped waiting (or has gone)


def watch_parent(stop: threading.Event | None = None) -> None:
    """In a child of ``serve``: send ourselves SIGTERM once the parent has gone (the portable
    twin of PR_SET_PDEATHSIG), checked every second in a daemon thread."""
    raw = os.environ.get(WATCH_PARENT)
    if not raw or not raw.isdigit():
        return
    parent = int(raw)

    def watch() -> None:
        event = stop or threading.Event()
        while not event.wait(1.0):
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def run_until_signalled(
    work: Callable[[], None], request_stop: Callable[[], None], name: str
) -> None:
    """Run ``work`` (a ``run_forever``) until SIGTERM or SIGINT asks it to stop, then return
    once it has (re-raising what it raised). A child of ``serve`` reports that it is at work
    (``signal_ready``) once the work has started and the handlers are in place, so a stop that
    follows is always an orderly one.

    The signal handler takes no lock: it only notes the signal, and this, the main thread, calls
    ``request_stop`` itself within ``SIGNAL_POLL`` seconds. Python runs a handler in the main
    thread between two bytecodes, and handlers nest, so a burst of signals (the kernel's
    PR_SET_PDEATHSIG, the parent watch and ``serve``'s stop can all come at once) runs one
    handler inside another. ``request_stop`` sets a ``threading.Event``: a handler that called
    it could interrupt an outer one holding that Event's lock in ``Event.set`` and then wait
    for the lock for ever (py-spy showed exactly that, twice: first with the main thread
    itself waiting on the Event, then, once the work had moved to a thread, with nested
    handlers), leaving an orphaned ``audit integrate`` hanging with the integrator's advisory
    lock held.
    """
    failure: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # re-raised in the main thread below
            failure.append(error)

    signalled: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        signalled.append(signum)  # atomic, and no lock that an outer handler could hold

    signal.signal(signal.SIGTERM, note)
    signal.signal(signal.SIGINT, note)
    thread = threading.Thread(target=run, name=name)
    thread.start()
    signal_ready()
    asked = False
    while thread.is_alive():
        thread.join(timeout=SIGNAL_POLL)
        if signalled and not asked:
            asked = True
            request_stop()
    if failure:
        raise failure[0]


class Background:
    """Runs each of ``commands`` as ``python -m api.cli <command>`` with ``database_url``, and
    restarts any that exits until ``stop()``."""

    def __init__(self, commands: Sequence[Sequence[str]], database_url: str) -> None:
        self._commands = [list(c) for c in commands]
        self._env = {
            **os.environ,
            "REVIEWTRAIL_DATABASE_URL": database_url,
            WATCH_PARENT: str(os.getpid()),
        }
        self._processes: dict[int, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._supervisor: threading.Thread | None = None
        self._started = threading.Event()

    def start(self) -> Background:
        """Start every child and wait (at most ``READY_TIMEOUT``) until each is at work, so the
        API does not answer before the views it waits for are being applied."""
        # One long-lived thread starts every child: PR_SET_PDEATHSIG fires when the thread
        # that forked a child ends, so it must be one that lives as long as the API.
        self._supervisor = threading.Thread(target=self._supervise, name="background", daemon=True)
        self._supervisor.start()
        self._started.wait(timeout=READY_TIMEOUT + 5)
        return self

    def _spawn(self, index: int, ready_fd: int | None = None) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "api.cli", *self._commands[index]]
        env = self._env if ready_fd is None else {**self._env, READY_FD: str(ready_fd)}
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command,
            env=env,
            pass_fds=() if ready_fd is None else (ready_fd,),
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        with self._lock:
            self._processes[index] = process
        log.info("started %s (pid %d)", " ".join(self._commands[index]), process.pid)
        return process

    def _spawn_and_wait(self) -> None:
        pipes = [os.pipe() for _ in self._commands]
        try:
            waiting = {}
            for index, (read, write) in enumerate(pipes):
                waiting[read] = (index, self._spawn(index, write))
                os.close(write)
            deadline = time.monotonic() + READY_TIMEOUT
            while waiting and (remaining := deadline - time.monotonic()) > 0:
                readable, _, _ = select.select(list(waiting), [], [], min(remaining, 0.5))
                for read in readable:
                    waiting.pop(read)  # a byte (at work), or end of file (it exited first)
                for read, (_, process) in list(waiting.items()):
                    if process.poll() is not None:
                        waiting.pop(read)
            for index, _ in waiting.values():
                log.warning(
                    "%s not at work after %.0f s; serving anyway",
                    " ".join(self._commands[index]),
                    READY_TIMEOUT,
                )
        finally:
            for read, _ in pipes:
                os.close(read)

    def _supervise(self) -> None:
        try:
            self._spawn_and_wait()
        finally:
            self._started.set()
        while not self._stop.wait(0.5):
            for index in range(len(self._commands)):
                with self._lock:
                    code = self._processes[index].poll()
                if code is None or self._stop.is_set():
                    continue
                log.error(
                    "%s exited with %d; restarting it in %.0f s",
                    " ".join(self._commands[index]),
                    code,
                    RESTART_PAUSE,
                )
                if self._stop.wait(RESTART_PAUSE):
                    return
                self._spawn(index)

    def stop(self) -> None:
        """SIGTERM every child (each finishes its batch), then wait; kill what will not stop."""
        self._stop.set()
        if self._supervisor is not None:
            self._supervisor.join(timeout=5)
        with self._lock:
            processes = list(self._processes.values())
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
