"""Metamorphic check of the design solve: restricting edits never beat the parent's bound.

Run ``python -m evals.metamorphic [--edits 50] [--hubs 8 10 12] [--json]``. Each seeded
edit restricts a small demo network (more demand, a hub closure, fewer trucks on some
lanes, fewer drivers in a region): every plan of the child costs at least as much as
some plan of the parent, so the child's optimum is at least the parent's optimum, which
is at least the parent's proven lower bound. A child plan cheaper than that bound means
the bound is not valid for every plan (or the solve is wrong): the count must be 0. The
child is solved as answers solve it, warm-started from the parent's plan on every
second edit and cold otherwise. Also printed: children cheaper than the parent's *plan*
(allowed within the parent's gap: the parent was not optimal) and bounds above their own
plan (must be 0).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from rich.console import Console
from rich.table import Table

from solver import (
    Network,
    SolveResult,
    SolveSettings,
    apply_edits,
    demo_network,
    parse_edits,
    program_stdout,
)
from solver import solve as design_solve

SETTINGS = SolveSettings(time_limit_s=120.0, relative_gap=0.02, lp_rounds=15, mip_nodes=30)
"""Small deterministic effort; the safety stop is far enough not to fire under load."""
KINDS = ("more_demand", "hub_closure", "less_lane_capacity", "fewer_drivers")
TOL_EUR = 1e-6


@lru_cache(maxsize=16)
def parent_solve(hubs: int, seed: int) -> tuple[Network, SolveResult]:
    """The demo network and its solve, shared by every edit of the same network."""
    net = demo_network(hubs=hubs, seed=seed)
    return net, design_solve(net, SETTINGS)


def restricting_edit(net: Network, kind: str, seed: int) -> dict[str, Any]:
    """A seeded edit of ``kind`` that can only remove plans or add work."""
    rng = random.Random(seed)
    region = rng.choice(sorted({h.region for h in net.hubs}))
    if kind == "more_demand":
        return {"op": "scale_demand", "origin_regions": [region], "factor": rng.choice([1.1, 1.3])}
    if kind == "hub_closure":
        hub = rng.choice(sorted(h.id for h in net.hubs))
        days = rng.choice([None, [0, 1], [4]])
        return {"op": "close_hub", "hubs": [hub], **({"days": days} if days else {})}
    if kind == "less_lane_capacity":
        busy = sorted((ln for ln in net.lanes if ln.max_trucks_per_day >= 2), key=lambda ln: ln.id)
        lanes = rng.sample(busy, k=min(3, len(busy)))
        return {
            "op": "set_lane_capacity",
            "lanes": [ln.id for ln in lanes],
            "max_trucks_per_day": 1,
        }
    if kind == "fewer_drivers":
        return {"op": "set_drivers", "region": region, "factor": rng.choice([0.5, 0.8])}
    raise ValueError(f"unknown edit kind {kind!r}")


@dataclass(frozen=True)
class Check:
    """One restricting edit: the parent's plan and bound, the child's plan and bound."""

    hubs: int
    net_seed: int
    edit: dict[str, Any]
    warm: bool
    parent_eur: float
    parent_bound_eur: float
    child_status: str
    child_eur: float | None
    child_bound_eur: float | None
    seconds: float

    @property
    def below_parent_bound(self) -> bool:
        """The child's plan is cheaper than the parent's bound allows (must never happen)."""
        return self.child_eur is not None and self.child_eur < self.parent_bound_eur - TOL_EUR

    @property
    def cheaper_than_parent(self) -> bool:
        """The child's plan is cheaper than the parent's plan (the parent was not optimal)."""
        return self.child_eur is not None and self.child_eur < self.parent_eur - TOL_EUR

    @property
    def bound_above_plan(self) -> bool:
        """The child's bound lies above its own plan (must never happen)."""
        return (
            self.child_eur is not None
            and self.child_bound_eur is not None
            and self.child_bound_eur > self.child_eur + TOL_EUR
        )


def check(hubs: int, net_seed: int, kind: str, edit_seed: int, *, warm: bool) -> Check:
    """Solve the parent (cached) and the child of one seeded restricting edit."""
    net, parent = parent_solve(hubs, net_seed)
    if parent.objective_eur is None or parent.best_bound_eur is None:
        raise RuntimeError(f"parent {hubs} hubs seed {net_seed}: {parent.status}")
    edit = restricting_edit(net, kind, edit_seed)
    child_net = apply_edits(net, parse_edits([edit]))
    t = time.perf_counter()
    child = design_solve(child_net, SETTINGS, warm_start=parent.plan if warm else None)
    return Check(
        hubs=hubs,
        net_seed=net_seed,
        edit=edit,
        warm=warm,
        parent_eur=parent.objective_eur,
        parent_bound_eur=parent.best_bound_eur,
        child_status=child.status,
        child_eur=child.objective_eur,
        child_bound_eur=child.best_bound_eur,
        seconds=time.perf_counter() - t,
    )


def run(edits: int, hubs: list[int]) -> list[Check]:
    """``edits`` seeded restricting edits spread over the kinds and networks."""
    out = []
    for i in range(edits):
        size = hubs[i % len(hubs)]
        net_seed = 1 + (i // len(hubs)) % 3
        out.append(check(size, net_seed, KINDS[i % len(KINDS)], 100 + i, warm=i % 2 == 0))
    return out


def summary(checks: list[Check]) -> dict[str, Any]:
    """The counts the issue's target names, and the checks themselves."""
    return {
        "edits": len(checks),
        "below_parent_bound": sum(c.below_parent_bound for c in checks),
        "bound_above_plan": sum(c.bound_above_plan for c in checks),
        "cheaper_than_parent": sum(c.cheaper_than_parent for c in checks),
        "no_plan": sum(c.child_eur is None for c in checks),
        "checks": [{**asdict(c), "below_parent_bound": c.below_parent_bound} for c in checks],
    }


def main(argv: list[str] | None = None) -> None:
    """Run and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--hubs", type=int, nargs="+", default=[8, 10, 12])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with program_stdout():  # the solver's native prints go to stderr, not the report
        figures = summary(run(args.edits, args.hubs))
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    table = Table(title="Restricting edits: child plan against the parent's bound")
    for name in ("hubs", "edit", "warm", "parent €", "parent bound €", "child €", "ok"):
        table.add_column(name)
    for c in figures["checks"]:
        table.add_row(
            f"{c['hubs']}/{c['net_seed']}",
            json.dumps(c["edit"]),
            "warm" if c["warm"] else "cold",
            f"{c['parent_eur']:,.0f}",
            f"{c['parent_bound_eur']:,.0f}",
            "-" if c["child_eur"] is None else f"{c['child_eur']:,.0f}",
            "BELOW BOUND" if c["below_parent_bound"] else "ok",
        )
    console = Console()
    console.print(table)
    console.print(
        f"{figures['edits']} edits: {figures['below_parent_bound']} below the parent's bound "
        f"(must be 0), {figures['bound_above_plan']} bounds above their plan (must be 0), "
        f"{figures['cheaper_than_parent']} cheaper than the parent's plan (within its gap), "
        f"{figures['no_plan']} without a plan"
    )


if __name__ == "__main__":
    main()
