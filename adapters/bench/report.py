"""The bench report: figures, ratios against the references, targets met, as JSON and markdown."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adapters.bench.run import BenchParameters

HEADING = "## Latest run"
# (measured value, comparison, bound): DESIGN.md section 8.
TARGETS: dict[str, tuple[str, float]] = {
    "command_path_vs_raw_save": (">=", 0.8),
    "command_path_concurrent_vs_raw_save": (">=", 0.8),
    "rebuild_vs_reference_runner": (">=", 10.0),
    "read_your_writes_p95_ms": ("<=", 50.0),
}
# (d) at scale: figures that must not exceed their bound (the target names the figure).
SCALE_TARGETS: dict[str, tuple[str, float]] = {
    "review_state_p95_ms": ("<=", 10.0),
    "deadline_dashboard_p95_ms": ("<=", 30.0),
    "sar_discovery_p95_ms": ("<=", 100.0),
    "erasure_p95_ms": ("<=", 50.0),
    "audit_verification_s": ("<=", 15.0),
    "inclusion_proof_p95_ms": ("<=", 5.0),
}
_COMPARE: dict[str, Callable[[float, float], bool]] = {">=": operator.ge, "<=": operator.le}


def build_report(
    machine: Mapping[str, Any],
    params: BenchParameters,
    replayed: int,
    figures: Mapping[str, float],
    scale: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON report: machine, date, sizes, figures, ratios, targets and which were met
    (with ``scale``, what the at-scale run loaded, and its targets too)."""
    ratios = {
        "command_path_vs_raw_save": figures["command_path_events_per_s"]
        / figures["raw_save_events_per_s"],
        "command_path_concurrent_vs_raw_save": figures["command_path_concurrent_events_per_s"]
        / figures["raw_save_events_per_s"],
        "rebuild_vs_reference_runner": figures["rebuild_events_per_s"]
        / figures["reference_catch_up_events_per_s"],
        # No target: it splits the command path's gap into domain + mapper versus HTTP.
        "use_case_vs_raw_save": figures["use_case_events_per_s"] / figures["raw_save_events_per_s"],
    }
    targets = {**TARGETS, **(SCALE_TARGETS if scale else {})}
    measured = {**ratios, **figures}
    report = {
        "machine": dict(machine),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "events": params.events,
        "catch_up_events": replayed,
        "samples": params.samples,
        "figures": {name: round(value, 2) for name, value in figures.items()},
        "ratios": {name: round(value, 3) for name, value in ratios.items()},
        "targets": {name: f"{op} {bound:g}" for name, (op, bound) in targets.items()},
        "met": {name: _COMPARE[op](measured[name], bound) for name, (op, bound) in targets.items()},
    }
    if scale:
        report["scale"] = dict(scale)
    return report


def render_markdown(report: Mapping[str, Any]) -> str:
    """The "Latest run" section of docs/benchmarks.md for ``report``."""
    m, f, r = report["machine"], report["figures"], report["ratios"]
    met = {name: "**yes**" if ok else "**no**" for name, ok in report["met"].items()}
    return "\n".join(
        [
            HEADING,
            "",
            "<!-- rewritten by `reviewtrail bench --update-docs`; the template is in"
            " adapters/bench/report.py -->",
            "",
            f"Run on {report['date']}: {m['cpu_count']} CPUs, Python {m['python']},"
            f" PostgreSQL {m['postgres']}, {m['platform']}; 1-minute load average"
            f" {m['load_average_before']} before the run.",
            f"Sizes: {report['events']} commands and raw saves, {report['catch_up_events']}"
            f" events replayed, {report['samples']} read-your-writes samples.",
            "",
            "| measure | reviewtrail | eventsourcing reference | ratio | target | met |",
            "|---|---:|---:|---:|---|---|",
            f"| (a) command path, events/s | {_n(f['command_path_events_per_s'])}"
            f" | {_n(f['raw_save_events_per_s'])} (`save()`)"
            f" | {r['command_path_vs_raw_save']:.2f} | ratio ≥ 0.8"
            f" | {met['command_path_vs_raw_save']} |",
            f"| (a) command path, 8 concurrent clients, events/s"
            f" | {_n(f['command_path_concurrent_events_per_s'])}"
            f" | {_n(f['raw_save_events_per_s'])} (`save()`, sequential)"
            f" | {r['command_path_concurrent_vs_raw_save']:.2f} | ratio ≥ 0.8"
            f" | {met['command_path_concurrent_vs_raw_save']} |",
            f"| (a) the same command in process (no HTTP), events/s"
            f" | {_n(f['use_case_events_per_s'])} | {_n(f['raw_save_events_per_s'])} (`save()`)"
            f" | {r['use_case_vs_raw_save']:.2f} | (none: explains (a)) | |",
            f"| (b) projection rebuild, events/s | {_n(f['rebuild_events_per_s'])}"
            f" | {_n(f['reference_catch_up_events_per_s'])} (`ProjectionRunner`)"
            f" | {r['rebuild_vs_reference_runner']:.1f} | ratio ≥ 10"
            f" | {met['rebuild_vs_reference_runner']} |",
            f"| (c) read-your-writes p50, ms | {f['read_your_writes_p50_ms']:.1f}"
            f" | {f['reference_wait_p50_ms']:.1f} (`runner.wait()`) | | | |",
            f"| (c) read-your-writes p95, ms | {f['read_your_writes_p95_ms']:.1f}"
            f" | {f['reference_wait_p95_ms']:.1f} (`runner.wait()`) | | ≤ 50 ms"
            f" | {met['read_your_writes_p95_ms']} |",
            "",
            *(_scale_section(report) if "scale" in report else []),
            "Reproduce from the repository root: `./scripts/bench --update-docs` (embedded"
            " PostgreSQL unless `REVIEWTRAIL_DATABASE_URL` is set; `--events N` scales the run,"
            " `--scale-events N` the at-scale run (d)).",
            "",
        ]
    )


SCALE_ROWS = (
    ("review state, `GET /reviews/{id}`", "review_state"),
    ("deadline dashboard, `GET /dashboards/deadlines`", "deadline_dashboard"),
    ("SAR discovery, search + events listing", "sar_discovery"),
    ("erasure of one subject, `POST /subjects/{id}/erasure`", "erasure"),
    ("inclusion proof, `GET /audit/proofs/inclusion`", "inclusion_proof"),
)


def _scale_section(report: Mapping[str, Any]) -> list[str]:
    """(d): what was loaded, how long it took, and each at-scale target."""
    scale, f = report["scale"], report["figures"]
    met = {name: "**yes**" if ok else "**no**" for name, ok in report["met"].items()}
    rows = []
    for label, name in SCALE_ROWS:
        target = f"{name}_p95_ms"
        bound = SCALE_TARGETS[target][1]
        rows.append(
            f"| (d) {label}, ms | {f[f'{name}_p50_ms']:.1f} | {f[target]:.1f} | ≤ {bound:g} ms"
            f" | {met[target]} | {f[target] / bound:.2f} |"
        )
    rows.insert(
        1,
        f"| (d) review list, `GET /reviews` (a page of the review_state projection), ms"
        f" | {f['review_list_p50_ms']:.1f} | {f['review_list_p95_ms']:.1f}"
        " | (none: for comparison) | | |",
    )
    verification, bound = f["audit_verification_s"], SCALE_TARGETS["audit_verification_s"][1]
    return [
        f"(d) At scale: {scale['events']:,} events, {scale['reviews']:,} reviews of demo data"
        f" (seed {scale['seed']}), recorded in {f['scale_load_s']:,.0f} s"
        f" ({f['scale_load_events_per_s']:,.0f} events/s); the projections then caught up in"
        f" {f['scale_catch_up_projections_s']:,.0f} s and the audit log in"
        f" {f['scale_catch_up_audit_s']:,.0f} s. Latencies are what an HTTP client sees,"
        f" {scale['samples']} samples each.",
        "",
        "| measure | p50 | p95 | target | met | p95 ÷ target |",
        "|---|---:|---:|---|---|---:|",
        *rows,
        f"| (d) full audit verification, s | | {verification:.1f} | ≤ {bound:g} s"
        f" | {met['audit_verification_s']} | {verification / bound:.2f} |",
        "",
    ]


def _n(value: float) -> str:
    return f"{value:,.0f}"


def update_latest_run(path: Path, report: Mapping[str, Any]) -> None:
    """Replace (or append) the "Latest run" section of ``path``; other sections are kept."""
    text = path.read_text()
    section = render_markdown(report)
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n")
