"""The scenario benchmark runs end to end on a small demo and reads back what it wrote."""

from __future__ import annotations

from evals.bench_scenarios import _report, bench_edits, run_benchmark
from solver import apply_edits, demo_network, parse_edits


def test_bench_edits_are_all_valid() -> None:
    """Every generated edit applies in sequence (none matches nothing or breaks the network)."""
    net = demo_network(hubs=8, seed=3)
    out = apply_edits(net, parse_edits(bench_edits(net, 25)))
    assert out.content_hash() != net.content_hash()


def test_small_benchmark_reports_figures() -> None:
    """A 10-edit run on 8 hubs materialises the deepest version with the recorded hash."""
    result = run_benchmark(8, depth=10, repeats=2)
    assert result.hash_ok and result.depth == 10 and result.hubs == 8
    assert result.materialise_cached_ms > 0 and result.clone_ms > 0
    assert "10 edits deep" in _report(result)
