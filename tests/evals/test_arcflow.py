"""The arc-flow baseline models the same costs and rules: equal optima on tiny networks."""

from __future__ import annotations

import pytest

from evals.arcflow import build_arc_flow, estimate_variables
from solver import SolveSettings
from solver.design import solve
from solver.mathopt_lp import solve_program
from solver.network import Network
from solver.plan import Backend
from tests.solver.nets import demand, lane
from tests.solver.test_design import line, own_pair, two_hubs

CASES = {
    "lane capacity": two_hubs(lanes=[lane("A", "B", max_trucks_per_day=2)]),
    "trailer balance": two_hubs(lanes=own_pair()),
    "transfer": line(closed=False),
    "late": two_hubs(demands=[demand("D1", "A", "B", 25.0, due_h=5.0)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_baseline_optimum_equals_design_optimum(name: str) -> None:
    """On tiny networks both models reach the same (hand-checked) optimal cost."""
    net: Network = CASES[name]
    base = solve_program(build_arc_flow(net).program, Backend.SCIP, time_limit_s=20)
    design = solve(net, SolveSettings(time_limit_s=20, relative_gap=1e-6))
    assert base.status == "optimal"
    assert base.objective == pytest.approx(design.objective_eur, abs=1e-6)


def test_size_estimate_grows_with_the_network() -> None:
    """The variable estimate counts arcs and holdings per commodity window (positive)."""
    small = estimate_variables(CASES["transfer"])
    assert small > 0
