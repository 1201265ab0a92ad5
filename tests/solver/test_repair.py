"""The quick repaired plan from an LP solution is a real plan: no hard violation, priced right."""

from __future__ import annotations

import numpy as np
import pytest

from solver import SolveSettings, evaluate
from solver.demo import demo_network
from solver.design import (
    _Clock,
    _column_generation,
    _global,
    _restricted,
    _values_in,
    build_candidates,
)
from solver.extract import extract_plan
from solver.mathopt_lp import solve_program
from solver.plan import Backend
from solver.repair import repair
from tests.solver.nets import demand, hub, lane, network


def test_repair_gives_a_feasible_plan_near_the_lp() -> None:
    """On the 10-hub demo the repaired LP plan breaks no rule and costs what the model says."""
    net = demo_network(hubs=10, seed=3)
    cand = build_candidates(net)
    settings = SolveSettings(time_limit_s=600)
    cand, lp = _column_generation(cand, settings, _Clock(settings, None), np.zeros(0, np.int64))
    assert lp is not None
    nx = cand.cols.n
    chosen = np.flatnonzero(lp.x[:nx] > 1e-6)
    form = _restricted(cand, chosen)
    vec = repair(form, _values_in(form, chosen, cand.full.unpack(lp.x), nx), time_limit_s=5)
    assert vec is not None
    values = _global(form, chosen, vec, nx)
    plan, cost = extract_plan(net, cand.idx, cand.cols, values.x, values.n)
    ev = evaluate(net, plan)
    assert not ev.hard_violations, [v.message for v in ev.hard_violations]
    assert ev.kpis.total_cost_eur == pytest.approx(cost, abs=0.01)
    assert cost >= lp.objective - 1e-6
    assert cost <= 1.3 * lp.objective


def test_repair_ships_less_when_whole_trucks_need_more_drivers() -> None:
    """15 t on an own-fleet 10 t lane with 18 driver-hours: the LP runs 1.5 trucks out and
    1.5 back (15 h); two whole round trips need 20 h, so the repaired plan runs one (10 h)
    and leaves 5 t unserved rather than giving up or breaking the driver limit."""
    net = network(
        "short-of-drivers",
        [hub("A", "Alpha"), hub("B", "Beta")],
        [lane("A", "B", carrier="own"), lane("B", "A", carrier="own")],
        [demand("D1", "A", "B", 15.0)],
        drivers=[{"region": "north", "day": 0, "drivers": 2, "hours_per_driver": 9.0}],
    )
    cand = build_candidates(net)
    form = cand.full
    lp = solve_program(form.program, Backend.HIGHS, time_limit_s=60, relax=True)
    assert lp.x is not None
    assert lp.x[form.n0 : form.s0].sum() == pytest.approx(3.0)
    vec = repair(form, lp.x, time_limit_s=60)
    assert vec is not None
    values = form.unpack(vec)
    plan, cost = extract_plan(net, cand.idx, cand.cols, values.x, values.n)
    ev = evaluate(net, plan)
    assert not ev.hard_violations, [v.message for v in ev.hard_violations]
    assert ev.kpis.unserved_t == pytest.approx(5.0)
    assert ev.kpis.total_cost_eur == pytest.approx(cost, abs=0.01)
