"""The load test's report: JSON, and the markdown section of docs/benchmarks.md."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adapters.load.run import LoadParameters

HEADING = "## Load test"
MEMORY_TARGET_MB = 250.0  # DESIGN.md section 8: API process memory under load


def build_report(
    machine: Mapping[str, Any],
    params: LoadParameters,
    figures: Mapping[str, Any],
    memory: Mapping[str, float],
    acknowledged_commands: int,
) -> dict[str, Any]:
    """Machine, date, parameters, the recorder's figures, server memory and the target."""
    return {
        "machine": dict(machine),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "parameters": {
            "clients": params.clients,
            "duration_s": params.duration,
            "max_requests": params.max_requests,
        },
        **figures,
        "acknowledged_commands": acknowledged_commands,
        "server_memory": dict(memory),
        "targets": {"server_rss_peak_mb": f"<= {MEMORY_TARGET_MB:g}", "server_errors": "== 0"},
        "met": {
            "server_rss_peak_mb": memory["peak_mb"] <= MEMORY_TARGET_MB,
            "server_errors": figures["server_errors"] == 0,
        },
    }


def render_markdown(report: Mapping[str, Any]) -> str:
    """The "Load test" section of docs/benchmarks.md for ``report``."""
    m, p, mem = report["machine"], report["parameters"], report["server_memory"]
    met = {name: "**yes**" if ok else "**no**" for name, ok in report["met"].items()}
    errors = ", ".join(f"{n} x {code}" for code, n in report["errors_by_status"].items())
    return "\n".join(
        [
            HEADING,
            "",
            "<!-- rewritten by `reviewtrail loadtest --update-docs`; the template is in"
            " adapters/load/report.py -->",
            "",
            f"Run on {report['date']}: {m['cpu_count']} CPUs, Python {m['python']},"
            f" PostgreSQL {m['postgres']}, {m['platform']}; 1-minute load average"
            f" {m['load_average_before']} before the run.",
            f"{p['clients']} concurrent clients for {report['elapsed_s']:.0f} s (bounds:"
            f" {p['duration_s']:g} s, {p['max_requests']:,} requests):"
            f" **{report['requests']:,} requests, {report['throughput_rps']:.0f} requests/s**,"
            f" {report['acknowledged_commands']:,} commands acknowledged.",
            "",
            "| target | measured | met |",
            "|---|---:|---|",
            f"| API process memory ≤ {MEMORY_TARGET_MB:g} MB under load (peak RSS of the"
            f" `reviewtrail serve` process) | {mem['peak_mb']:.0f} MB (start"
            f" {mem['start_mb']:.0f} MB, mean {mem['mean_mb']:.0f} MB; with its projection"
            f" runner and audit integrator processes {mem.get('tree_peak_mb', 0):.0f} MB)"
            f" | {met['server_rss_peak_mb']} |",
            f"| no 5xx | {report['server_errors']} | {met['server_errors']} |",
            "",
            f"Other errors: {errors or 'none'}; connections lost: {report['connections_lost']};"
            f" idempotent retries not replayed: {sum(report['anomalies'].values())}; answers"
            f" served from views that were behind (`X-Views-Behind`):"
            f" {sum(report.get('stale_responses', {}).values())}.",
            "",
            *_latency_table(report["latency_ms"]),
            "",
            "Reproduce from the repository root: `./scripts/loadtest --clients"
            f" {p['clients']} --duration {p['duration_s']:g} --update-docs` (embedded PostgreSQL"
            " unless `REVIEWTRAIL_DATABASE_URL` is set).",
            "",
        ]
    )


def _latency_table(latency: Mapping[str, Any]) -> list[str]:
    rows = [
        "| operation | requests | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    entries = [*latency["per_operation"].items(), ("**all**", latency["overall"])]
    for name, f in entries:
        if not f["count"]:
            continue
        rows.append(
            f"| {name} | {f['count']:,} | {f['p50']:.1f} | {f['p95']:.1f} | {f['p99']:.1f}"
            f" | {f['max']:.0f} | {f['errors']} |"
        )
    return rows


def update_section(path: Path, report: Mapping[str, Any]) -> None:
    """Replace (or append) the "Load test" section of ``path``; other sections are kept."""
    text = path.read_text()
    section = render_markdown(report)
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n")
