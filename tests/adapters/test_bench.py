"""``reviewtrail bench`` on a tiny run: the report's shape, never its timings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from adapters.bench import BenchParameters, render_markdown, run_bench, update_latest_run
from adapters.bench.report import SCALE_TARGETS
from api.cli.bench import ProductWiring

TINY = BenchParameters(events=5, catch_up_events=40, samples=2, scale_events=300, scale_samples=3)
SECTIONS = {"machine", "date", "events", "figures", "ratios", "targets", "met", "scale"}


def bench_databases(server_url: str) -> set[str]:
    with psycopg.connect(server_url) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'rt_bench_%'"
        ).fetchall()
    return {str(row[0]) for row in rows}


@pytest.fixture(scope="module")
def earlier_bench_databases(pg_server_url: str) -> set[str]:
    """Those of bench runs going on elsewhere on the server (not this module's to drop)."""
    return bench_databases(pg_server_url)


@pytest.fixture(scope="module")
def report(pg_server_url: str, earlier_bench_databases: set[str]) -> dict[str, Any]:
    return run_bench(pg_server_url, TINY, ProductWiring())


def test_a_bench_report_has_every_section_and_survives_json(report: dict[str, Any]) -> None:
    assert set(report) >= SECTIONS
    assert json.loads(json.dumps(report)) == report


def test_a_bench_report_describes_the_machine(report: dict[str, Any]) -> None:
    machine = report["machine"]
    assert machine["cpu_count"] >= 1
    assert machine["python"].count(".") == 2
    assert machine["postgres"][0].isdigit()
    assert machine["platform"]


def test_a_bench_report_records_the_sizes_it_ran_with(report: dict[str, Any]) -> None:
    assert (report["events"], report["samples"]) == (TINY.events, TINY.samples)
    assert report["catch_up_events"] >= TINY.catch_up_events


def test_every_figure_of_a_bench_run_is_positive(report: dict[str, Any]) -> None:
    figures = report["figures"]
    assert {
        "raw_save_events_per_s",
        "command_path_events_per_s",
        "command_path_concurrent_events_per_s",
        "use_case_events_per_s",
        "reference_catch_up_events_per_s",
        "rebuild_events_per_s",
        "read_your_writes_p50_ms",
        "read_your_writes_p95_ms",
        "reference_wait_p50_ms",
        "reference_wait_p95_ms",
    } <= set(figures)
    assert all(value > 0 for value in figures.values())


def test_every_ratio_of_a_bench_run_is_positive(report: dict[str, Any]) -> None:
    ratios = report["ratios"]
    assert set(ratios) == {
        "command_path_vs_raw_save",
        "command_path_concurrent_vs_raw_save",
        "rebuild_vs_reference_runner",
        "use_case_vs_raw_save",
    }
    assert all(value > 0 for value in ratios.values())


def test_every_target_gets_a_met_verdict(report: dict[str, Any]) -> None:
    assert set(report["met"]) == set(report["targets"])
    assert all(isinstance(verdict, bool) for verdict in report["met"].values())


def test_a_bench_run_drops_its_temporary_databases(
    report: dict[str, Any], pg_server_url: str, earlier_bench_databases: set[str]
) -> None:
    assert bench_databases(pg_server_url) <= earlier_bench_databases


def test_updating_the_docs_rewrites_only_the_latest_run_section(
    report: dict[str, Any], tmp_path: Path
) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\nIntro.\n\n## Latest run\n\nold figures\n\n## Notes\n\nKept.\n")
    update_latest_run(docs, report)
    text = docs.read_text()
    assert "old figures" not in text
    assert text.startswith("# Benchmarks\n\nIntro.\n\n## Latest run\n")
    assert text.endswith("## Notes\n\nKept.\n")
    assert report["date"] in text


def test_an_at_scale_run_loads_demo_data_and_says_how_long_it_took(
    report: dict[str, Any],
) -> None:
    scale = report["scale"]
    assert scale["events"] >= TINY.scale_events
    assert scale["reviews"] >= 2
    assert (scale["seed"], scale["samples"]) == (TINY.seed, TINY.scale_samples)
    for name in ("scale_load_s", "scale_catch_up_projections_s", "scale_catch_up_audit_s"):
        assert report["figures"][name] > 0


def test_every_at_scale_target_has_its_figure_and_a_verdict(report: dict[str, Any]) -> None:
    for name, (op, bound) in SCALE_TARGETS.items():
        assert report["targets"][name] == f"{op} {bound:g}"
        assert report["figures"][name] > 0
        assert report["met"][name] is (report["figures"][name] <= bound)


def test_the_markdown_shows_the_at_scale_targets(report: dict[str, Any]) -> None:
    text = render_markdown(report)
    assert "(d) At scale" in text
    assert "`POST /subjects/{id}/erasure`" in text
    assert "full audit verification" in text


def test_without_scale_events_the_at_scale_run_is_skipped(pg_server_url: str) -> None:
    tiny = BenchParameters(events=2, catch_up_events=10, samples=2)
    report = run_bench(pg_server_url, tiny, ProductWiring())
    assert "scale" not in report
    assert not set(SCALE_TARGETS) & set(report["met"])
