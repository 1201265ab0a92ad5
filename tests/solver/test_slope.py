"""Slope scaling: re-pricing trucks at their real cost consolidates freight into full trucks.

The costs checked here are recomputed by hand or by :func:`solver.evaluate.evaluate`, not
read from the heuristic.
"""

from __future__ import annotations

import numpy as np
import pytest

from solver import SolveProgress, SolveSettings, evaluate, solve
from solver.columns import Columns
from solver.demo import demo_network
from solver.design import Candidates, build_candidates
from solver.extract import extract_plan
from solver.formulation import Formulation
from solver.mathopt_lp import solve_program
from solver.network import Network
from solver.plan import Backend
from solver.repair import repair
from solver.slope import SlopePlan, slope_scale
from tests.solver.nets import demand, hub, lane, network


def _feeder() -> Network:
    """2 t at A and 8 t at B, both for C; A-C and B-C cost 100 EUR a 10 t truck, A-B 10 EUR.

    The LP ships each demand direct (10 EUR/t either way); rounded up that is two trucks
    into C (200 EUR + 20 EUR handling). Feeding A's 2 t through B fills one truck to C:
    10 + 100 EUR for trucks, handling 3 hubs x 2 t + 2 hubs x 8 t = 22 EUR, 132 EUR.
    """
    return network(
        "feeder",
        [hub("A", "Alpha"), hub("B", "Beta"), hub("C", "Gamma", region="south")],
        [lane("A", "C"), lane("B", "C"), lane("A", "B", cost_eur_per_truck=10.0)],
        [demand("D1", "A", "C", 2.0), demand("D2", "B", "C", 8.0)],
    )


def _run(cand: Candidates, rounds: int) -> SlopePlan | None:
    grown = [cand]

    def extend(extra: Columns) -> Formulation:
        grown[0] = grown[0].extended(extra)
        return grown[0].full

    keep = np.ones(cand.cols.n, dtype=bool)
    return slope_scale(
        cand.full, cand.pricing, keep, rounds=rounds, left=lambda: 600.0, extend=extend
    )


def _evaluated_cost(net: Network, found: SlopePlan) -> float:
    """The slope plan read back as a plan and costed by the evaluator; no hard violation."""
    values = found.form.unpack(found.vector)
    plan, _ = extract_plan(net, found.form.idx, found.form.cols, values.x, values.n)
    ev = evaluate(net, plan)
    assert ev.hard_violations == ()
    return ev.kpis.total_cost_eur


def test_slope_scaling_feeds_a_thin_load_into_a_full_truck() -> None:
    """The rounded LP runs two part-full trucks into C; slope scaling finds the one full one."""
    net = _feeder()
    cand = build_candidates(net)
    lp = solve_program(cand.full.program, Backend.HIGHS, time_limit_s=60, relax=True)
    assert lp.x is not None
    rounded_lp = repair(cand.full, lp.x, time_limit_s=60)
    assert rounded_lp is not None
    assert float(cand.full.program.c @ rounded_lp) == pytest.approx(220.0)
    found = _run(cand, rounds=10)
    assert found is not None
    assert found.cost_eur == pytest.approx(132.0)
    assert _evaluated_cost(net, found) == pytest.approx(132.0)


def test_slope_scaling_is_deterministic() -> None:
    """The same network and rounds give the same plan, truck for truck and tonne for tonne."""
    net = demo_network(hubs=8, seed=3)
    first = _run(build_candidates(net), rounds=6)
    second = _run(build_candidates(net), rounds=6)
    assert first is not None and second is not None
    assert first.scaled_lps == second.scaled_lps
    assert np.array_equal(first.vector, second.vector)
    assert _evaluated_cost(net, first) == pytest.approx(first.cost_eur, rel=1e-9)


def test_the_design_plan_is_never_worse_than_the_slope_plan() -> None:
    """The slope plan is handed to the MIP: the solve's plan costs at most what it did."""
    net = demo_network(hubs=10, seed=5)
    seen: list[SolveProgress] = []
    res = solve(
        net,
        SolveSettings(time_limit_s=600, mip_nodes=1, slope_rounds=5),
        progress=seen.append,
    )
    slope_costs = [p.incumbent_eur for p in seen if p.phase == "slope"]
    assert len(slope_costs) == 1 and slope_costs[0] is not None
    assert res.status != "unfinished"
    assert res.objective_eur is not None
    assert res.objective_eur <= slope_costs[0] + 1e-6
    assert res.plan is not None
    assert evaluate(net, res.plan).kpis.total_cost_eur == pytest.approx(res.objective_eur)
