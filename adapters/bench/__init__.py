"""``reviewtrail bench``: the performance targets of DESIGN.md section 8, measured against
eventsourcing references in the same run, on a temporary database.

``run.run_bench`` orchestrates; ``reference`` measures the eventsourcing library, ``ours`` and
``served`` measure reviewtrail, ``report`` turns figures into JSON and markdown.
"""

from adapters.bench.database import BenchError
from adapters.bench.report import render_markdown, update_latest_run
from adapters.bench.run import BenchParameters, BenchServices, Wiring, run_bench

__all__ = [
    "BenchError",
    "BenchParameters",
    "BenchServices",
    "Wiring",
    "render_markdown",
    "run_bench",
    "update_latest_run",
]
