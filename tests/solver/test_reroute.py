"""Re-routing with a plan's trucks held: service under more demand and the binding resource."""

from __future__ import annotations

import pytest

from solver import SolveSettings, evaluate
from solver.design import solve
from solver.reroute import reroute
from tests.solver.nets import demand
from tests.solver.test_design import two_hubs


def test_more_demand_on_held_trucks_leaves_the_excess_unserved_and_prices_capacity() -> None:
    """3 ten-tonne trucks planned for 25 t; at 35 t, 30 t ride and 5 t stay unserved.

    Cost: 300 trucks + 60 handling + 5,000 unserved = 5,360 EUR.

    One more tonne of truck capacity on A-B (in any bucket of the day: the freight may
    leave in any) would serve a tonne more: 1,000 EUR unserved penalty saved, 2 EUR
    handling paid, so those rows' duals are -998 and no other row binds.
    """
    base = solve(two_hubs(), SolveSettings(time_limit_s=600, relative_gap=1e-6))
    assert base.plan is not None
    bigger = two_hubs(demands=[demand("D1", "A", "B", 35.0)])
    out = reroute(bigger, base.plan)
    assert out.status == "optimal" and out.plan is not None
    assert out.objective_eur == pytest.approx(5360.0)
    assert evaluate(bigger, out.plan).kpis.unserved_t == pytest.approx(5.0)
    binding = [d for d in out.duals if d.dual < -1e-6]
    assert {(d.row.kind, d.row.entities) for d in binding} == {("truck_capacity", ("A-B",))}
    assert 0 in {d.row.bucket for d in binding}
    assert all(d.dual == pytest.approx(-998.0) for d in binding)


def test_closed_lane_drops_its_held_trucks() -> None:
    """Held dispatches on a lane that is now closed are counted as dropped."""
    base = solve(two_hubs(), SolveSettings(time_limit_s=600, relative_gap=1e-6))
    assert base.plan is not None
    from tests.solver.nets import lane

    closed = two_hubs(lanes=[lane("A", "B", active=False)])
    out = reroute(closed, base.plan)
    assert out.dropped_dispatches == 3
    assert out.status == "optimal" and out.objective_eur == pytest.approx(25000.0)
