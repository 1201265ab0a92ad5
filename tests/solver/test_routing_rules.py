"""Planner routing rules: freight forced through a hub, a lane forced to run.

Network (tests/solver/nets.py defaults: one day of four 6-hour buckets, contract lanes of
one bucket, 100 EUR per 10 t truck, handling 1 EUR/t at every hub): Alpha→Beta direct, and
Alpha→Gamma→Beta around. 10 t from Alpha to Beta.

- free: one truck Alpha→Beta (100) + handling at Alpha and Beta (20) = 120 EUR;
- via Gamma: two trucks (200) + handling at Alpha, Gamma and Beta (30) = 230 EUR;
- Alpha→Gamma must run a loaded truck: at least a tonne must take it, and then the
  whole 10 t going round (230 EUR) is cheaper than splitting (three trucks, 321 EUR).
"""

from __future__ import annotations

import numpy as np
import pytest

from solver import SolveSettings, evaluate, solve
from solver.demo import demo_network
from solver.design import _Clock, _column_generation, build_candidates
from solver.edits import CloseLane, RouteVia, UseLane, apply_edits, parse_edit
from solver.errors import EditError
from solver.evaluate import ViolationKind
from solver.mathopt_lp import solve_program
from solver.network import Network
from solver.plan import Backend
from solver.pricing import all_timed_paths
from solver.warm import resolve
from tests.solver.nets import demand, hub, lane, network

SETTINGS = SolveSettings(time_limit_s=600, relative_gap=1e-6)
QUIET = SolveSettings(time_limit_s=600, relative_gap=0.01, mip_nodes=20)


def triangle(due_h: float = 24.0) -> Network:
    """Alpha→Beta direct and via Gamma; 10 t Alpha→Beta."""
    return network(
        "triangle",
        [hub("A", "Alpha"), hub("B", "Beta", region="south"), hub("C", "Gamma", region="east")],
        [lane("A", "B"), lane("A", "C"), lane("C", "B")],
        [demand("D1", "A", "B", 10.0, due_h=due_h)],
    )


def hubs_passed(plan: object, demand_id: str, net: Network) -> set[str]:
    """Hubs the shipments of a demand arrive at (destination included)."""
    dp = next(d for d in plan.demands if d.demand_id == demand_id)  # type: ignore[attr-defined]
    return {net.lane_by_id[leg.lane_id].destination for s in dp.shipments for leg in s.legs}


def test_without_a_rule_the_plan_goes_direct() -> None:
    """The unconstrained optimum is the direct truck, 120 EUR, never via Gamma."""
    net = triangle()
    res = solve(net, SETTINGS)
    assert res.plan is not None and res.objective_eur == pytest.approx(120.0)
    assert hubs_passed(res.plan, "D1", net) == {"B"}


def test_route_via_is_honoured_at_its_hand_computed_cost() -> None:
    """Forced via Gamma: 230 EUR, every tonne passes Gamma, the evaluation agrees, no violation."""
    net = RouteVia(lanes=("Alpha→Beta",), via_hub="Gamma").apply(triangle())
    res = solve(net, SETTINGS)
    assert res.plan is not None and res.objective_eur == pytest.approx(230.0)
    assert hubs_passed(res.plan, "D1", net) == {"C", "B"}
    ev = evaluate(net, res.plan)
    assert ev.kpis.total_cost_eur == pytest.approx(230.0)
    assert not ev.hard_violations


def test_use_lane_is_honoured_at_its_hand_computed_cost() -> None:
    """Alpha→Gamma must run: one loaded truck there, 230 EUR, the evaluation agrees."""
    net = UseLane(lane="Alpha→Gamma").apply(triangle())
    res = solve(net, SETTINGS)
    assert res.plan is not None and res.objective_eur == pytest.approx(230.0)
    on_lane = [lb for lb in res.plan.lane_buckets if lb.lane_id == "A-C"]
    assert sum(lb.trucks for lb in on_lane) == 1
    assert sum(lb.loaded_t for lb in on_lane) == pytest.approx(10.0)
    ev = evaluate(net, res.plan)
    assert ev.kpis.total_cost_eur == pytest.approx(230.0)
    assert not ev.hard_violations


def test_evaluation_flags_a_plan_that_breaks_the_rules() -> None:
    """The direct plan on the ruled network breaks both rules, each a hard violation."""
    free = triangle()
    plan = solve(free, SETTINGS).plan
    assert plan is not None
    ruled = apply_edits(
        free, [RouteVia(lanes=("A→B",), via_hub="C"), UseLane(lane="A-C", days=(0,))]
    )
    ev = evaluate(ruled, plan)
    got = {v.kind: v for v in ev.hard_violations}
    assert got[ViolationKind.ROUTE_RULE_BROKEN].amount == pytest.approx(10.0)
    assert "Gamma" in got[ViolationKind.ROUTE_RULE_BROKEN].message
    assert got[ViolationKind.LANE_RULE_BROKEN].entities == ("A-C",)


@pytest.mark.parametrize(
    "edit, cost",
    [(RouteVia(lanes=("A→B",), via_hub="C"), 230.0), (UseLane(lane="A→C"), 230.0)],
    ids=["via", "lane"],
)
def test_warm_resolve_honours_the_rules(edit: object, cost: float) -> None:
    """From the direct parent plan, the re-solve around the edit reaches the forced optimum."""
    free = triangle()
    parent = solve(free, SETTINGS).plan
    ruled = edit.apply(free)  # type: ignore[attr-defined]
    for full in (True, False):
        warm = resolve(ruled, SETTINGS.model_copy(update={"full_replan": full}), parent=parent)
        assert warm.plan is not None and warm.objective_eur == pytest.approx(cost)
        assert not evaluate(ruled, warm.plan).hard_violations


def test_no_path_through_the_hub_in_time_leaves_the_freight_unserved() -> None:
    """Due in 9 h: the direct lane makes it, via Gamma (two 6 h legs) cannot; solve still works."""
    net = RouteVia(lanes=("A→B",), via_hub="Gamma").apply(triangle(due_h=9.0))
    res = solve(net, SETTINGS)
    assert res.plan is not None
    ev = evaluate(net, res.plan)
    assert ev.kpis.on_time_t == pytest.approx(0.0)
    assert ev.kpis.late_t + ev.kpis.unserved_t == pytest.approx(10.0)
    assert not ev.hard_violations


@pytest.mark.parametrize(
    "data, words",
    [
        ({"op": "route_via", "lanes": ["A→B"], "via_hub": "Omega"}, "no hub 'Omega'"),
        ({"op": "route_via", "lanes": ["A→B"], "via_hub": "Beta"}, "is an end of"),
        ({"op": "use_lane", "lane": "Beta→Alpha"}, "no lane from Beta to Alpha"),
        ({"op": "use_lane", "lane": "A-Z"}, "no lane"),
    ],
)
def test_bad_rules_are_refused_with_the_reason(data: dict[str, object], words: str) -> None:
    """Unknown hub or lane, or a via hub at the freight's own end, is an error naming it."""
    with pytest.raises(EditError, match=words):
        parse_edit(data).apply(triangle())


def test_a_closed_lane_cannot_be_required() -> None:
    """Closing Alpha→Gamma first makes 'use it' an error that says to reopen it."""
    closed = CloseLane(lanes=("A-C",)).apply(triangle())
    with pytest.raises(EditError, match="closed: reopen"):
        UseLane(lane="A-C").apply(closed)


def test_networks_without_rules_keep_their_hash() -> None:
    """No rule, no new key in the canonical JSON: stored networks keep their identity."""
    net = triangle()
    assert "via_rules" not in net.canonical_json() and "lane_rules" not in net.canonical_json()
    ruled = UseLane(lane="A-C").apply(net)
    assert ruled.content_hash() != net.content_hash()


def test_pricing_through_a_via_hub_reaches_the_lp_over_every_path_through_it() -> None:
    """Column generation with via rules converges to the LP over every allowed timed path."""
    base = demo_network(hubs=6, seed=2)
    d = base.demands[0]
    via = next(h.id for h in base.hubs if h.id not in (d.origin, d.destination))
    net = RouteVia(lanes=(f"{d.origin}→{d.destination}",), via_hub=via).apply(base)
    cand = build_candidates(net)
    every = all_timed_paths(net, cand.pricing, limit=100_000)
    assert every is not None
    whole = cand.with_columns(every)
    lp = solve_program(whole.full.program, Backend.HIGHS, time_limit_s=120, relax=True)
    assert lp.status == "optimal" and lp.objective is not None
    _, cg = _column_generation(cand, QUIET, _Clock(QUIET, None), np.zeros(0, np.int64))
    assert cg is not None
    assert cg.plain_bound == pytest.approx(lp.objective, rel=1e-6)
    free_cand = build_candidates(base)
    free_paths = all_timed_paths(base, free_cand.pricing, limit=100_000)
    assert free_paths is not None
    free_program = free_cand.with_columns(free_paths).full.program
    free = solve_program(free_program, Backend.HIGHS, time_limit_s=120, relax=True)
    assert free.objective is not None and lp.objective >= free.objective - 1e-6


def test_pricing_with_a_lane_rule_reaches_the_lp_over_every_path() -> None:
    """A required lane's dual reaches pricing: column generation converges to the whole LP."""
    base = demo_network(hubs=6, seed=2)
    lane_id = sorted(ln.id for ln in base.lanes)[0]
    net = UseLane(lane=lane_id, days=(2,)).apply(base)
    cand = build_candidates(net)
    every = all_timed_paths(net, cand.pricing, limit=100_000)
    assert every is not None
    program = cand.with_columns(every).full.program
    lp = solve_program(program, Backend.HIGHS, time_limit_s=120, relax=True)
    assert lp.status == "optimal" and lp.objective is not None
    _, cg = _column_generation(cand, QUIET, _Clock(QUIET, None), np.zeros(0, np.int64))
    assert cg is not None
    assert cg.plain_bound == pytest.approx(lp.objective, rel=1e-6)
