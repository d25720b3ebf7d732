"""A simulated user: one connection, one token, a budget, and a ledger of the commands it sent.

Every command carries an ``Idempotency-Key`` (and ``If-Match`` when it changes an aggregate the
user has read), as a frontend would send them. The ledger keeps each command's request id (the
correlation id of the events it records) and its outcome, so that the fault tests can check
afterwards that every acknowledged command is in the event store and none is half-recorded.
"""

from __future__ import annotations

import random
import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from adapters.load.http import ConnectionLost, LoadClient, Reply
from adapters.load.stats import Recorder

REPLAY_SHARE = 0.03  # commands retried with the same Idempotency-Key, as after a timeout
PAUSE_AFTER_LOST = 0.05  # a client whose connection dropped waits before its next request
VIEWS_BEHIND = "x-views-behind"  # on an answer served from views not caught up (api/freshness.py)


class BudgetSpent(Exception):
    """The run's request budget or time is used up, or it was asked to stop."""


class Budget:
    """At most ``requests`` requests until ``deadline`` (monotonic), or until ``stop`` is set."""

    def __init__(self, requests: int, seconds: float, stop: threading.Event) -> None:
        self._left, self._deadline, self.stop = requests, time.monotonic() + seconds, stop
        self._lock = threading.Lock()

    def take(self) -> None:
        """Use one request; raises ``BudgetSpent`` when none is left."""
        if self.stop.is_set() or time.monotonic() >= self._deadline:
            raise BudgetSpent
        with self._lock:
            if self._left <= 0:
                raise BudgetSpent
            self._left -= 1


@dataclass(frozen=True)
class Command:
    """A command as sent: ``aggregates`` is how many aggregates it records (0 for a retry that
    must be answered from the idempotency store); ``status`` None means no answer came."""

    operation: str
    request_id: UUID
    aggregates: int
    status: int | None
    receipt: dict[str, Any] | None


class Ledger:
    """Every command the clients sent, in the order they were answered (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._commands: list[Command] = []

    def add(self, command: Command) -> None:
        with self._lock:
            self._commands.append(command)

    def commands(self) -> list[Command]:
        with self._lock:
            return list(self._commands)

    def acknowledged(self) -> list[Command]:
        """Commands answered 2xx that recorded something (not idempotent retries)."""
        return [c for c in self.commands() if _ok(c.status) and c.aggregates]


class Shared:
    """What users of a partnership learn from each other: reviews to read, log positions to
    prove (a governance officer checks what the review team recorded)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reviews: dict[str, deque[str]] = {}
        self._positions: deque[int] = deque(maxlen=1000)

    def add_review(self, partnership: str, review_id: str) -> None:
        with self._lock:
            self._reviews.setdefault(partnership, deque(maxlen=200)).append(review_id)

    def review(self, partnership: str, rng: random.Random) -> str | None:
        with self._lock:
            known = self._reviews.get(partnership)
            return rng.choice(known) if known else None

    def add_position(self, position: int) -> None:
        with self._lock:
            self._positions.append(position)

    def position(self, rng: random.Random) -> int | None:
        with self._lock:
            return rng.choice(self._positions) if self._positions else None


@dataclass(frozen=True)
class Context:
    """What every session of one run shares."""

    recorder: Recorder
    ledger: Ledger
    shared: Shared
    budget: Budget


Action = Callable[[], None]


class Session(ABC):
    """One user: ``step()`` runs one action of the persona, picked at random by weight."""

    roles: tuple[str, ...] = ()

    def __init__(self, client: LoadClient, context: Context, partnership: str, seed: int) -> None:
        self.client, self.context, self.partnership = client, context, partnership
        self.rng = random.Random(seed)

    @abstractmethod
    def actions(self) -> list[tuple[float, Action]]:
        """(weight, action) pairs available now; weight 0 leaves one out (each persona's)."""

    def step(self) -> None:
        available = [(w, a) for w, a in self.actions() if w > 0]
        weights = [w for w, _ in available]
        self.rng.choices([a for _, a in available], weights)[0]()

    def query(self, operation: str, path: str) -> Reply | None:
        """A GET; None when the connection dropped."""
        return self._send(operation, "GET", path)

    def command(
        self,
        operation: str,
        path: str,
        body: dict[str, Any],
        version: int | None = None,
        aggregates: int = 1,
    ) -> Reply | None:
        """A POST with an Idempotency-Key (and If-Match when ``version`` is given), sometimes
        retried with the same key; entered in the ledger."""
        headers = {"Idempotency-Key": str(uuid4())}
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        reply = self._send(operation, "POST", path, body, headers, aggregates)
        if reply is None or not _ok(reply.status):
            return reply
        self.context.shared.add_position(int(reply.body["position"]))  # a receipt
        if self.rng.random() < REPLAY_SHARE:
            self._replay(path, body, headers, reply)
        return reply

    def _replay(
        self, path: str, body: dict[str, Any], headers: dict[str, str], first: Reply
    ) -> None:
        again = self._send("POST (retried, same Idempotency-Key)", "POST", path, body, headers, 0)
        if again is None:
            return
        if again.headers.get("idempotent-replayed") != "true" or again.body != first.body:
            self.context.recorder.anomaly("idempotent retry not answered with the first response")

    def _send(
        self,
        operation: str,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        aggregates: int | None = None,
    ) -> Reply | None:
        self.context.budget.take()
        request_id = uuid4()
        try:
            reply = self.client.send(method, path, body, headers, request_id)
        except ConnectionLost:
            self.context.recorder.lost(operation)
            self._enter(operation, request_id, aggregates, None, None)
            time.sleep(PAUSE_AFTER_LOST)
            return None
        stale = VIEWS_BEHIND in reply.headers
        self.context.recorder.record(operation, reply.status, reply.seconds, stale=stale)
        receipt = reply.body if _ok(reply.status) and isinstance(reply.body, dict) else None
        self._enter(operation, request_id, aggregates, reply.status, receipt)
        return reply

    def _enter(
        self,
        operation: str,
        request_id: UUID,
        aggregates: int | None,
        status: int | None,
        receipt: dict[str, Any] | None,
    ) -> None:
        if aggregates is not None:
            self.context.ledger.add(Command(operation, request_id, aggregates, status, receipt))


def _ok(status: int | None) -> bool:
    return status is not None and 200 <= status < 300
