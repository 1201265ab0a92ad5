"""Scenario benchmark: clone time and materialising a version many edits deep.

Targets (issue "versioned scenarios"): clone <= 10 ms at any size; materialising a
version 50 edits deep <= 200 ms cold and <= 10 ms cached on the 400-hub demo.

Run: ``python -m evals.bench_scenarios [--hubs 40 400] [--depth 50]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from solver import Network, demo_network
from storage import Database
from tools import (
    bootstrap_admin,
    clone_scenario,
    create_live,
    create_scenario,
    edit_scenario,
    user_ref,
    version_network,
)

TARGETS_MS = {"clone": 10.0, "materialise_cold": 200.0, "materialise_cached": 10.0}


class BenchResult(BaseModel):
    """Figures for one network size, in milliseconds (medians over ``repeats``)."""

    hubs: int
    lanes: int
    demands: int
    depth: int
    network_kb: float
    edit_write_ms: float
    clone_ms: float
    materialise_cold_ms: float
    materialise_cached_ms: float
    hash_ok: bool


def bench_edits(net: Network, depth: int) -> list[dict[str, Any]]:
    """``depth`` valid edits of mixed kinds over different entities of ``net``."""
    regions = list(net.regions)
    hubs = [h.id for h in net.hubs]
    lanes = [ln for ln in net.lanes if ln.active]
    pools = sorted((p.region, p.day, p.drivers) for p in net.drivers)
    edits: list[dict[str, Any]] = []
    for i in range(depth):
        kind = i % 5
        if kind == 0:
            r = regions[(i // 5) % len(regions)]
            edits.append({"op": "scale_demand", "origin_regions": [r], "factor": 1.02})
        elif kind == 1:
            edits.append({"op": "set_hub_capacity", "hubs": [hubs[i % len(hubs)]], "factor": 1.1})
        elif kind == 2:
            edits.append({"op": "close_hub", "hubs": [hubs[(i * 7) % len(hubs)]], "days": [i % 7]})
        elif kind == 3 and pools:
            region, day, drivers = pools[i % len(pools)]
            edits.append(
                {"op": "set_drivers", "region": region, "days": [day], "drivers": drivers + 1 + i}
            )
        else:
            lane = lanes[(i * 3) % len(lanes)]
            edits.append(
                {
                    "op": "set_lane_capacity",
                    "lanes": [lane.id],
                    "max_trucks_per_day": lane.max_trucks_per_day + 1 + i,
                }
            )
    return edits


def _ms(fn: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def run_benchmark(
    hubs: int, depth: int = 50, *, db: Database | None = None, repeats: int = 5
) -> BenchResult:
    """Build live from the ``hubs`` demo, write ``depth`` edits, then time clone and reads."""
    own_dir = None
    if db is None:
        own_dir = tempfile.TemporaryDirectory()
        db = Database(f"sqlite:///{Path(own_dir.name) / 'bench.db'}")
    try:
        net = demo_network(hubs=hubs)
        view, _ = bootstrap_admin(db, "bench", "bench@example.com")
        admin = user_ref(db, view.id)
        create_live(db, admin, net)
        create_scenario(db, admin, "deep")
        writes = []
        last = None
        for edit in bench_edits(net, depth):
            t0 = time.perf_counter()
            last = edit_scenario(db, admin, "deep", edit)
            writes.append((time.perf_counter() - t0) * 1000)
        assert last is not None
        counter = iter(range(10_000))
        clone = _ms(lambda: clone_scenario(db, admin, "deep", f"copy-{next(counter)}"), repeats)

        def cold() -> Network:
            db.clear_cache()
            return version_network(db, admin, "deep", last.n)

        cold_ms = _ms(cold, repeats)
        got = version_network(db, admin, "deep", last.n)
        cached_ms = _ms(lambda: version_network(db, admin, "deep", last.n), repeats)
        return BenchResult(
            hubs=len(net.hubs),
            lanes=len(net.lanes),
            demands=len(net.demands),
            depth=depth,
            network_kb=len(net.canonical_json().encode()) / 1024,
            edit_write_ms=statistics.median(writes),
            clone_ms=clone,
            materialise_cold_ms=cold_ms,
            materialise_cached_ms=cached_ms,
            hash_ok=got.content_hash() == last.network_hash,
        )
    finally:
        if own_dir is not None:
            db.dispose()
            own_dir.cleanup()


def _report(r: BenchResult) -> str:
    def mark(name: str, value: float) -> str:
        return "ok" if value <= TARGETS_MS[name] else f"OVER {TARGETS_MS[name]:g} ms"

    return (
        f"{r.hubs} hubs / {r.lanes} lanes / {r.demands} demands ({r.network_kb:,.0f} KiB JSON), "
        f"{r.depth} edits deep\n"
        f"  edit (write a version): {r.edit_write_ms:8.1f} ms median\n"
        f"  clone:                  {r.clone_ms:8.1f} ms  [{mark('clone', r.clone_ms)}]\n"
        f"  materialise cold:       {r.materialise_cold_ms:8.1f} ms  "
        f"[{mark('materialise_cold', r.materialise_cold_ms)}]\n"
        f"  materialise cached:     {r.materialise_cached_ms:8.3f} ms  "
        f"[{mark('materialise_cached', r.materialise_cached_ms)}]\n"
        f"  network hash matches the version: {r.hash_ok}"
    )


def main(argv: list[str] | None = None) -> None:
    """Print the figures for each requested size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hubs", type=int, nargs="+", default=[40, 400])
    parser.add_argument("--depth", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    for hubs in args.hubs:
        print(_report(run_benchmark(hubs, args.depth, repeats=args.repeats)), flush=True)


if __name__ == "__main__":
    main()
