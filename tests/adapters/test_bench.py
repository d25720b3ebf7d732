"""``reviewtrail bench`` on a tiny run: the report's shape, never its timings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from adapters.bench import BenchParameters, run_bench, update_latest_run
from api.cli.bench import ProductWiring

TINY = BenchParameters(events=5, catch_up_events=40, samples=2)
SECTIONS = {"machine", "date", "events", "figures", "ratios", "targets", "met"}


@pytest.fixture(scope="module")
def report(pg_server_url: str) -> dict[str, Any]:
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


def test_a_bench_run_drops_its_temporary_database(
    report: dict[str, Any], pg_server_url: str
) -> None:
    with psycopg.connect(pg_server_url) as conn:
        left = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'rt_bench_%'"
        ).fetchall()
    assert left == []


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
