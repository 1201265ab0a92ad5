"""The API benchmark serves the app on loopback and measures every read endpoint without errors."""

from __future__ import annotations

import math

import pytest
from rich.console import Console

from evals.api import _table, percentile, run_benchmark


def test_percentile_interpolates() -> None:
    """p50 of 1..4 is 2.5, p95 of 0..100 is 95, an empty list has none."""
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([float(i) for i in range(101)], 95) == 95.0
    assert math.isnan(percentile([], 50))


def test_small_benchmark_measures_every_endpoint() -> None:
    """Two users over the 6-hub demo: each endpoint answered 200 alone and under load, with
    as many samples as requested."""
    report = run_benchmark(6, users=2, requests_alone=3, rounds=1, solve_time_limit_s=5)
    assert report.hubs == 6 and report.what_if is None
    assert len(report.endpoints) == 10
    for e in report.endpoints:
        assert e.errors == 0, e
        assert (e.alone_n, e.load_n) == (3, 2)
        assert 0 < e.alone_p50_ms <= e.alone_p95_ms
    assert report.load_requests_per_s > 0
    console = Console(record=True, width=200)
    console.print(_table(report))
    assert "version page (HTML)" in console.export_text()


@pytest.mark.slow
def test_benchmark_against_worker_processes() -> None:
    """With --workers 2 the same endpoints are served by uvicorn processes over the same
    database, without errors."""
    report = run_benchmark(6, users=2, requests_alone=2, rounds=1, solve_time_limit_s=5, workers=2)
    assert report.workers == 2
    assert all(e.errors == 0 and e.load_n == 2 for e in report.endpoints)
