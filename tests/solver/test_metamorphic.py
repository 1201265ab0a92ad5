"""Metamorphic checks: a restricting edit can never make the best possible plan cheaper.

More demand, a closed hub, fewer trucks on lanes or fewer drivers leave every plan of the
edited (child) network no cheaper than some plan of the parent, so the child's optimum is
at least the parent's optimum, which is at least the parent's reported lower bound. Hence,
whatever the solver finds, ``child.objective >= parent.best_bound`` must hold; and each
result's own bound must lie below its own plan. A bound that is only valid for a
restriction of the model (the candidate routes of the master problem) breaks the first
check; a child reported cheaper than its parent by more than the parent's gap breaks it too.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

import pytest

from solver import Network, SolveResult, SolveSettings, apply_edits, demo_network, parse_edits
from solver import solve as design_solve

SETTINGS = SolveSettings(time_limit_s=120.0, relative_gap=0.02, lp_rounds=15, mip_nodes=30)
"""Small deterministic effort; the safety stop is far enough not to fire under load."""
TOL_EUR = 1e-6


@lru_cache(maxsize=8)
def _parent(hubs: int, seed: int) -> tuple[Network, SolveResult]:
    """The demo network and its solve, shared by every edit of the same network."""
    net = demo_network(hubs=hubs, seed=seed)
    return net, design_solve(net, SETTINGS)


def _restricting_edit(net: Network, kind: str, seed: int) -> dict[str, Any]:
    """A seeded edit of ``kind`` that can only remove plans or add work."""
    rng = random.Random(seed)
    regions = sorted({h.region for h in net.hubs})
    region = rng.choice(regions)
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
    raise ValueError(kind)


CASES = [
    # (hubs, network seed, edit kind, edit seed, warm-start from the parent's plan)
    (8, 3, "more_demand", 1, True),
    (8, 3, "hub_closure", 2, False),
    (8, 3, "less_lane_capacity", 3, True),
    (8, 3, "fewer_drivers", 4, False),
    (8, 11, "more_demand", 5, False),
    (8, 11, "hub_closure", 6, True),
    (8, 11, "fewer_drivers", 7, True),
    (12, 2, "less_lane_capacity", 8, False),
]


@pytest.mark.parametrize(("hubs", "net_seed", "kind", "edit_seed", "warm"), CASES)
def test_restricting_edit_is_never_cheaper_than_the_parents_bound(
    hubs: int, net_seed: int, kind: str, edit_seed: int, warm: bool
) -> None:
    """child.objective >= parent.best_bound, and every bound lies below its own plan."""
    net, parent = _parent(hubs, net_seed)
    assert parent.objective_eur is not None and parent.best_bound_eur is not None
    assert parent.best_bound_eur <= parent.objective_eur + TOL_EUR
    edit = _restricting_edit(net, kind, edit_seed)
    child_net = apply_edits(net, parse_edits([edit]))
    child = design_solve(child_net, SETTINGS, warm_start=parent.plan if warm else None)
    assert child.objective_eur is not None, (edit, child.status, child.message)
    assert child.objective_eur >= parent.best_bound_eur - TOL_EUR, (
        f"{edit}: child €{child.objective_eur:,.2f} is below the parent's bound "
        f"€{parent.best_bound_eur:,.2f}, which is a lower bound on the child's optimum"
    )
    if child.best_bound_eur is not None:
        assert child.best_bound_eur <= child.objective_eur + TOL_EUR, (edit, child)
