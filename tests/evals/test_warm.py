"""The warm re-solve benchmark runs end to end on a small demo and its timings are consistent."""

from __future__ import annotations

from itertools import pairwise

from evals.warm import Trace, run_benchmark


def test_first_time_an_incumbent_reaches_an_objective() -> None:
    """Incumbents are (seconds, cost), improving: the first at most the target counts."""
    trace = Trace(
        objective_eur=90.0,
        bound_eur=80.0,
        seconds=5.0,
        status="feasible",
        incumbents=[(1.0, 120.0), (2.5, 100.0), (4.0, 90.0)],
    )
    assert trace.first_at_most(100.0) == 2.5
    assert trace.first_at_most(95.0) == 4.0
    assert trace.first_at_most(80.0) is None


def test_small_benchmark_measures_both_runs() -> None:
    """10 hubs, 3 s: both runs reach the cold run's final plan, the ratio is warm / cold."""
    r = run_benchmark(10, 3.0)
    assert r.cold.objective_eur is not None and r.warm.objective_eur is not None
    assert r.cold_s is not None and r.cold_s <= r.cold.seconds
    if r.warm_s is not None:
        assert r.ratio is not None and abs(r.ratio - r.warm_s / r.cold_s) < 1e-9
    assert r.warm.incumbents == sorted(r.warm.incumbents)
    assert all(b[1] < a[1] for a, b in pairwise(r.warm.incumbents))
