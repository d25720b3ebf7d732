"""What the load test measures: latency per operation, statuses, dropped connections."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from adapters.bench.timing import percentile

CONNECTION_LOST = "connection-lost"


@dataclass
class OperationStats:
    """One operation's latencies (seconds) and outcomes."""

    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    connections_lost: int = 0
    stale: int = 0  # answered from views that were behind (``X-Views-Behind``)


class Recorder:
    """Thread-safe tallies, one per operation (e.g. ``POST /reviews``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._operations: dict[str, OperationStats] = {}
        self._anomalies: Counter[str] = Counter()

    def record(self, operation: str, status: int, seconds: float, *, stale: bool = False) -> None:
        """An answered request (``stale``: served from views that were behind)."""
        with self._lock:
            stats = self._operations.setdefault(operation, OperationStats())
            stats.latencies.append(seconds)
            stats.statuses[status] += 1
            stats.stale += stale

    def lost(self, operation: str) -> None:
        """A request the server never answered."""
        with self._lock:
            self._operations.setdefault(operation, OperationStats()).connections_lost += 1

    def anomaly(self, kind: str) -> None:
        """A response that was answered but wrong (e.g. a retry not replayed)."""
        with self._lock:
            self._anomalies[kind] += 1

    def statuses(self) -> Counter[int]:
        """Every answered status, over all operations."""
        with self._lock:
            return sum((s.statuses for s in self._operations.values()), Counter())

    def summary(self, elapsed: float) -> dict[str, Any]:
        """Throughput, latency percentiles (overall and per operation) and errors."""
        with self._lock:
            operations = {name: _copy(stats) for name, stats in self._operations.items()}
            anomalies = dict(self._anomalies)
        every = [s for stats in operations.values() for s in stats.latencies]
        statuses = sum((s.statuses for s in operations.values()), Counter())
        answered = len(every)
        return {
            "elapsed_s": round(elapsed, 2),
            "requests": answered,
            "throughput_rps": round(answered / max(elapsed, 1e-9), 1),
            "latency_ms": {
                "overall": _latency(every, statuses),
                "per_operation": {
                    name: _latency(stats.latencies, stats.statuses)
                    for name, stats in sorted(operations.items())
                },
            },
            "statuses": {str(code): n for code, n in sorted(statuses.items())},
            "errors_by_status": {
                str(code): n for code, n in sorted(statuses.items()) if code >= 400
            },
            "server_errors": sum(n for code, n in statuses.items() if code >= 500),
            "connections_lost": sum(s.connections_lost for s in operations.values()),
            "stale_responses": {
                name: stats.stale for name, stats in sorted(operations.items()) if stats.stale
            },
            "anomalies": anomalies,
        }


def _copy(stats: OperationStats) -> OperationStats:
    return OperationStats(
        list(stats.latencies), Counter(stats.statuses), stats.connections_lost, stats.stale
    )


def _latency(seconds: list[float], statuses: Counter[int]) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "count": len(seconds),
        "errors": sum(n for code, n in statuses.items() if code >= 400),
    }
    if seconds:
        for name, percent in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100)):
            figures[name] = round(percentile(seconds, percent) * 1000, 1)
    return figures
