"""Prometheus metrics in the text exposition format (version 0.0.4), without a client library.

Only counters, histograms and gauges with a fixed set of label names are needed. Label values are
route templates, methods, statuses, operation ids and projection names: never identifiers taken
from a URL, and never personal data.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
Labels = tuple[str, ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: Sequence[str], values: Sequence[str], extra: str = "") -> str:
    pairs = [f'{name}="{_escape(value)}"' for name, value in zip(names, values, strict=True)]
    if extra:
        pairs.append(extra)
    return "{" + ",".join(pairs) + "}" if pairs else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


@dataclass
class Counter:
    """A monotonically increasing count per label set."""

    name: str
    help: str
    label_names: Labels
    _values: dict[Labels, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def inc(self, *labels: str, amount: float = 1.0) -> None:
        with self._lock:
            self._values[labels] = self._values.get(labels, 0.0) + amount

    def value(self, *labels: str) -> float:
        return self._values.get(labels, 0.0)

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        with self._lock:
            samples = sorted(self._values.items())
        for labels, value in samples:
            lines.append(f"{self.name}{_labels(self.label_names, labels)} {_number(value)}")
        return lines


@dataclass
class _Series:
    counts: list[int]
    total: float = 0.0
    observed: int = 0


@dataclass
class Histogram:
    """Observations counted into cumulative ``le`` buckets, with their sum and count."""

    name: str
    help: str
    label_names: Labels
    buckets: tuple[float, ...] = LATENCY_BUCKETS
    _series: dict[Labels, _Series] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def observe(self, value: float, *labels: str) -> None:
        with self._lock:
            series = self._series.setdefault(labels, _Series([0] * len(self.buckets)))
            index = bisect.bisect_left(self.buckets, value)
            if index < len(self.buckets):
                series.counts[index] += 1
            series.total += value
            series.observed += 1

    def count(self, *labels: str) -> int:
        series = self._series.get(labels)
        return series.observed if series else 0

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        with self._lock:
            snapshot = [
                (labels, _Series(list(s.counts), s.total, s.observed))
                for labels, s in sorted(self._series.items())
            ]
        for labels, series in snapshot:
            lines.extend(self._series_lines(labels, series))
        return lines

    def _series_lines(self, labels: Labels, series: _Series) -> Iterable[str]:
        cumulative = 0
        names = self.label_names
        for bound, count in zip(self.buckets, series.counts, strict=True):
            cumulative += count
            bucket = _labels(names, labels, 'le="' + _number(bound) + '"')
            yield f"{self.name}_bucket{bucket} {cumulative}"
        everything = _labels(names, labels, 'le="+Inf"')
        yield f"{self.name}_bucket{everything} {series.observed}"
        yield f"{self.name}_sum{_labels(names, labels)} {_number(series.total)}"
        yield f"{self.name}_count{_labels(names, labels)} {series.observed}"


def gauge(name: str, help: str, label_name: str, values: dict[str, float]) -> list[str]:
    """A gauge family computed at scrape time, one sample per ``label_name`` value."""
    lines = [f"# HELP {name} {help}", f"# TYPE {name} gauge"]
    for value_label, value in sorted(values.items()):
        lines.append(f"{name}{_labels((label_name,), (value_label,))} {_number(value)}")
    return lines


class Metrics:
    """The application's request and command metrics (one instance per HTTP application)."""

    def __init__(self) -> None:
        self.latency = Histogram(
            "reviewtrail_http_request_duration_seconds",
            "HTTP request latency by method, route template and status",
            ("method", "route", "status"),
        )
        self.commands = Counter(
            "reviewtrail_commands_total",
            "commands (non-GET requests) by operation and outcome (ok, rejected, error)",
            ("operation", "outcome"),
        )
        self.stale_reads = Counter(
            "reviewtrail_stale_reads_total",
            "reads served from a view that had not applied the position waited for, by view",
            ("view",),
        )

    def render(self, extra: Iterable[str] = ()) -> str:
        """The exposition text of every family, the scrape-time ``extra`` lines last."""
        lines = [*self.latency.render(), *self.commands.render(), *self.stale_reads.render()]
        return "\n".join([*lines, *extra]) + "\n"


def single_gauge(name: str, help: str, value: float) -> list[str]:
    """A gauge without labels, computed at scrape time."""
    return [f"# HELP {name} {help}", f"# TYPE {name} gauge", f"{name} {_number(value)}"]
