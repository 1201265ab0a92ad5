"""Neighbourhood search after the design solve: never costlier, deterministic, effort-bound."""

from __future__ import annotations

from typing import Any

import pytest

from solver import SolveSettings, evaluate
from solver.demo import demo_network
from solver.design import solve as design_solve
from solver.lns import parts
from solver.lns import solve as searched_solve
from solver.network import Network
from solver.plan import Plan
from tests.solver.nets import demand, hub, lane, network

SETTINGS = SolveSettings(time_limit_s=600, relative_gap=0.001, mip_nodes=1, search_rounds=6)


@pytest.fixture(scope="module")
def demo() -> tuple[Network, Any, Any]:
    """The 10-hub demo (seed 3): the design solve's result, and the same solve searched."""
    net = demo_network(hubs=10, seed=3)
    return net, design_solve(net, SETTINGS), searched_solve(net, SETTINGS)


def test_search_is_never_costlier_than_the_design_plan(demo: tuple[Network, Any, Any]) -> None:
    """The searched plan costs at most the design solve's, breaks no hard rule, and its
    objective is what the independent evaluation computes; the bound is the same one."""
    net, before, after = demo
    assert after.plan is not None and after.objective_eur is not None
    assert after.objective_eur <= before.objective_eur + 1e-6
    ev = evaluate(net, after.plan)
    assert not ev.hard_violations
    assert ev.kpis.total_cost_eur == pytest.approx(after.objective_eur, abs=0.01)
    assert after.best_bound_eur == before.best_bound_eur
    assert after.gap == pytest.approx(
        (after.objective_eur - after.best_bound_eur) / after.objective_eur
    )


def test_search_finds_consolidation_the_restricted_master_misses(
    demo: tuple[Network, Any, Any],
) -> None:
    """On the demo the restricted master leaves part-full trucks: the search finds a plan
    strictly cheaper, and says so in the result's message."""
    _, before, after = demo
    assert after.objective_eur < before.objective_eur - 1.0
    assert "neighbourhood search" in after.message


def test_search_is_deterministic(demo: tuple[Network, Any, Any]) -> None:
    """The same network and settings give the same searched plan, byte for byte."""
    net, _, after = demo
    again = searched_solve(net, SETTINGS)
    assert again.plan is not None and after.plan is not None
    assert again.plan.to_json() == after.plan.to_json()


def test_no_search_rounds_and_no_reflow_is_the_design_solve(
    demo: tuple[Network, Any, Any],
) -> None:
    """With ``search_rounds=0`` and ``reflow=False`` the result is the design solve's plan."""
    net, before, _ = demo
    plain = searched_solve(net, SETTINGS.model_copy(update={"search_rounds": 0, "reflow": False}))
    assert plain.plan is not None and before.plan is not None
    assert plain.plan.to_json() == before.plan.to_json()


def _dispatches(plan: Plan) -> dict[tuple[str, int], int]:
    return {(lb.lane_id, lb.bucket): lb.trucks + lb.empty_trailers for lb in plan.lane_buckets}


def test_reflow_keeps_the_trucks_and_moves_freight_onto_their_room(
    demo: tuple[Network, Any, Any],
) -> None:
    """The re-flow alone (no search) keeps every own-fleet dispatch of the design plan,
    costs less (the design MIP left freight on dear paths or unserved), and its cost is what
    the independent evaluation computes, with no hard rule broken."""
    net, before, _ = demo
    flowed = searched_solve(net, SETTINGS.model_copy(update={"search_rounds": 0}))
    assert flowed.plan is not None and before.plan is not None
    assert flowed.objective_eur < before.objective_eur - 1.0
    assert "re-flow" in flowed.message
    ev = evaluate(net, flowed.plan)
    assert not ev.hard_violations
    assert ev.kpis.total_cost_eur == pytest.approx(flowed.objective_eur, abs=0.01)
    own = {lane.id for lane in net.lanes if lane.carrier == "own"}
    kept, was = _dispatches(flowed.plan), _dispatches(before.plan)
    assert {k: v for k, v in kept.items() if k[0] in own} == {
        k: v for k, v in was.items() if k[0] in own
    }
    assert set(kept) <= set(was)
    assert all(kept[k] <= was[k] for k in kept)


def test_a_question_re_plans_only_around_its_edit(demo: tuple[Network, Any, Any]) -> None:
    """A warm re-solve without ``full_replan`` (the effort for questions) is not searched:
    the search would move freight the edit does not reach."""
    net, before, _ = demo
    quick = SETTINGS.model_copy(update={"full_replan": False})
    warm = searched_solve(net, quick, warm_start=before.plan)
    assert "neighbourhood search" not in warm.message


def test_parts_are_regions_or_groups_of_hubs() -> None:
    """Regions are the parts; a one-region network is cut into groups of hubs by id."""
    regional = demo_network(hubs=10, seed=3)
    assert {frozenset(p) for p in parts(regional)} == {
        frozenset(h.id for h in regional.hubs if h.region == r)
        for r in {h.region for h in regional.hubs}
    }
    flat = network(
        "flat",
        [hub(f"H{i:02d}", f"Hub {i}", region="north") for i in range(13)],
        [lane("H00", "H01")],
        [demand("D1", "H00", "H01", 5.0)],
    )
    assert [sorted(p) for p in parts(flat)] == [
        [f"H{i:02d}" for i in range(0, 6)],
        [f"H{i:02d}" for i in range(6, 12)],
        ["H12"],
    ]


def test_search_mips_take_their_own_node_budget(
    demo: tuple[Network, Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each search MIP is limited to ``search_nodes`` branch-and-bound nodes, and to the
    design's ``mip_nodes`` when that is unset: the design MIP and the search can be given
    different effort."""
    import solver.lns as lns

    net, _, _ = demo
    limits: list[int | None] = []
    real = lns.neighbourhood_mip

    def recording(*args: Any, **kwargs: Any) -> Any:
        limits.append(kwargs.get("node_limit"))
        return real(*args, **kwargs)

    monkeypatch.setattr(lns, "neighbourhood_mip", recording)
    searched_solve(net, SETTINGS.model_copy(update={"search_rounds": 2, "search_nodes": 3}))
    assert limits and set(limits) == {3}
    limits.clear()
    searched_solve(net, SETTINGS.model_copy(update={"search_rounds": 2}))
    assert limits and set(limits) == {SETTINGS.mip_nodes}


def test_a_large_region_is_searched_in_chunks_of_neighbouring_hubs() -> None:
    """A region of more hubs than ``MAX_REGION_HUBS`` is cut into near-equal parts, each
    inside the region and none larger than the cap; neighbours along the region's longer
    side stay together (a line of hubs west to east is cut into a western and an eastern
    part), and smaller regions stay whole."""
    from solver.lns import MAX_REGION_HUBS

    n = MAX_REGION_HUBS + 3
    row = [
        hub(f"W{i:02d}", f"West {i}", region="west", lat=50.0, lon=2.0 + (7 * i) % n)
        for i in range(n)
    ]
    small = [hub("E00", "East 0", region="east"), hub("E01", "East 1", region="east")]
    net = network("wide", row + small, [lane("W00", "W01")], [demand("D1", "W00", "W01", 5.0)])
    groups = parts(net)
    assert frozenset({"E00", "E01"}) in groups
    west = [g for g in groups if g <= {h["id"] for h in row}]
    assert len(west) == 2 and sorted(map(len, west)) == [n // 2, n - n // 2]
    assert frozenset().union(*west) == {h["id"] for h in row}
    lon = {h["id"]: h["lon"] for h in row}
    a, b = sorted(west, key=lambda g: min(lon[i] for i in g))
    assert max(lon[i] for i in a) < min(lon[i] for i in b)
