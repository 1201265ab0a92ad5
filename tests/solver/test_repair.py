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
from solver.repair import repair


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
