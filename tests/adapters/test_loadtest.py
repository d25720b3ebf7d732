"""``reviewtrail loadtest`` for a few seconds: no 5xx and a sane report, never its timings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from adapters.load import LoadParameters, render_markdown, run_loadtest, update_section
from adapters.load.session import VIEWS_BEHIND
from adapters.load.stats import Recorder
from api import freshness
from api.cli.loadtest import development_tokens

SHORT = LoadParameters(clients=3, duration=4.0, max_requests=5000)
SECTIONS = {"machine", "date", "parameters", "latency_ms", "statuses", "server_memory", "met"}


@pytest.fixture(scope="module")
def report(pg_server_url: str) -> dict[str, Any]:
    return run_loadtest(pg_server_url, SHORT, development_tokens)


def test_a_short_load_test_meets_no_server_error(report: dict[str, Any]) -> None:
    assert report["server_errors"] == 0, report["errors_by_status"]
    assert report["connections_lost"] == 0
    assert report["anomalies"] == {}
    assert report["stale_responses"] == {}  # every read found its views caught up


def test_answers_served_from_views_behind_are_counted_per_operation() -> None:
    recorder = Recorder()
    recorder.record("GET /reviews", 200, 0.004, stale=True)
    recorder.record("GET /reviews", 200, 0.003)
    recorder.record("GET /dashboards/deadlines", 200, 0.01)
    summary = recorder.summary(elapsed=1.0)
    assert summary["stale_responses"] == {"GET /reviews": 1}
    assert summary["requests"] == 3
    assert freshness.HEADER.lower() == VIEWS_BEHIND  # what the sessions look for is what is sent


def test_the_personas_send_only_what_the_rules_accept(report: dict[str, Any]) -> None:
    # A refused body would measure the refusal, not the command (a Welsh recommendation to
    # proceed without the Sub-Group template's outline used to be refused every time).
    assert "422" not in report["errors_by_status"], report["latency_ms"]["per_operation"]


def test_a_load_test_report_has_every_section_and_survives_json(report: dict[str, Any]) -> None:
    assert set(report) >= SECTIONS
    assert json.loads(json.dumps(report)) == report


def test_a_load_test_runs_commands_and_queries_of_every_persona(report: dict[str, Any]) -> None:
    operations = set(report["latency_ms"]["per_operation"])
    assert {"POST /reviews", "GET /reviews", "POST /subjects", "GET /audit/checkpoint"} <= (
        operations
    )
    assert report["acknowledged_commands"] > 0
    assert report["requests"] == sum(report["statuses"].values())


def test_latency_percentiles_are_ordered(report: dict[str, Any]) -> None:
    for figures in [
        report["latency_ms"]["overall"],
        *report["latency_ms"]["per_operation"].values(),
    ]:
        assert 0 < figures["p50"] <= figures["p95"] <= figures["p99"] <= figures["max"]


def test_the_servers_memory_was_sampled(report: dict[str, Any]) -> None:
    memory = report["server_memory"]
    assert memory["samples"] > 0
    assert 0 < memory["start_mb"] <= memory["peak_mb"]
    # serve's projection runner and audit integrator are child processes, counted apart
    assert memory["tree_peak_mb"] > memory["peak_mb"]
    assert report["met"]["server_rss_peak_mb"] == (memory["peak_mb"] <= 250)


def test_updating_the_docs_replaces_only_the_load_test_section(
    report: dict[str, Any], tmp_path: Path
) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n## Load test\n\nold figures\n\n## After\n\nkept\n")
    update_section(docs, report)
    text = docs.read_text()
    assert "old figures" not in text
    assert render_markdown(report) in text
    assert text.endswith("## After\n\nkept\n")
