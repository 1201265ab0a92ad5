"""Explanations on constructed bottlenecks whose answer is known.

Defaults (tests/solver/nets.py): one day of four 6-hour buckets, contract lanes of one
bucket, 100 EUR per 10 t truck, handling 1 EUR/t at every hub, late 50 EUR/t, unserved
1,000 EUR/t. Every stated saving is checked against an independent design solve (MIP) of
the network with the limit raised by one unit.
"""

from __future__ import annotations

from typing import Any

import pytest

from solver import Plan, SolveSettings, explain_plan, solve
from solver.network import Network
from tests.solver.nets import demand, hub, lane, network

SETTINGS = SolveSettings(time_limit_s=600, relative_gap=1e-6)


def optimum(net: Network) -> tuple[float, Plan]:
    res = solve(net, SETTINGS)
    assert res.plan is not None and res.objective_eur is not None and res.status == "optimal"
    return res.objective_eur, res.plan


def line(bc: dict[str, Any] | None = None, b: dict[str, Any] | None = None) -> Network:
    """A→B→C with 35 t from A to C; options for lane B→C and hub B."""
    return network(
        "line",
        [hub("A", "Alpha"), hub("B", "Beta", **(b or {})), hub("C", "Gamma", region="south")],
        [lane("A", "B"), lane("B", "C", **(bc or {}))],
        [demand("D1", "A", "C", 35.0)],
    )


def test_a_lane_day_limit_is_named_first_and_priced_as_a_resolve() -> None:
    """B→C allows 2 trucks a day: 15 t unserved; one more truck serves 10 t, saving 9,770 EUR.

    10 t x (1,000 unserved - 3 handling) - 100 (B→C truck) - 100 (the A→B truck it needs).
    """
    cost, plan = optimum(line({"max_trucks_per_day": 2}))
    ex = explain_plan(line({"max_trucks_per_day": 2}), plan)
    first = ex.actions[0]
    assert (first.kind, first.entities, first.day) == ("lane_day", ("B-C",), 0)
    assert first.label == "+1 truck on Beta (B) → Gamma (C) on Monday"
    relaxed, _ = optimum(line({"max_trucks_per_day": 3}))
    assert first.checked_saving_eur == pytest.approx(cost - relaxed, rel=0.01)
    assert first.saving_eur == pytest.approx(cost - relaxed, rel=0.01)
    assert cost - relaxed == pytest.approx(9770.0)
    assert first.more_on_time_t == pytest.approx(10.0)
    assert first.demands == ("D1",)
    reason = ex.demands[0]
    assert reason.demand_id == "D1" and reason.unserved_t == pytest.approx(15.0)
    assert reason.blockers[0].kind == "lane_day"
    assert "daily truck limit of Beta (B) → Gamma (C) on Monday (2 trucks)" in reason.text
    assert "+1 truck on Beta (B) → Gamma (C) on Monday saves €9,770" in ex.text
    assert "serves 10 t more on time" in ex.text


def test_hub_capacity_is_named_and_priced_per_truckload() -> None:
    """Beta handles 20 t a day: 15 t unserved; 10 t more capacity serves 10 t (9,770 EUR)."""
    cost, plan = optimum(line(b={"capacity_t_per_day": 20.0}))
    ex = explain_plan(line(b={"capacity_t_per_day": 20.0}), plan)
    first = ex.actions[0]
    assert (first.kind, first.entities, first.day) == ("hub_day", ("B",), 0)
    assert first.amount == 10.0 and first.label == "+10 t of capacity at Beta (B) on Monday"
    relaxed, _ = optimum(line(b={"capacity_t_per_day": 30.0}))
    assert first.checked_saving_eur == pytest.approx(cost - relaxed, rel=0.01)
    assert "capacity of Beta (B) on Monday (20 t)" in ex.demands[0].text


def test_service_window_when_no_route_is_fast_enough() -> None:
    """Due within 4 h over a 5 h lane: always late, and no limit would change that."""
    net = network(
        "slow",
        [hub("A", "Alpha"), hub("B", "Beta")],
        [lane("A", "B")],
        [demand("D1", "A", "B", 10.0, due_h=4.0)],
    )
    _, plan = optimum(net)
    ex = explain_plan(net, plan)
    assert ex.late_t == pytest.approx(10.0)
    assert ex.demands[0].blockers[0].kind == "service_window"
    assert "service window: due within 4 h" in ex.demands[0].text
    assert ex.actions == ()


def test_truck_economics_when_a_truck_costs_more_than_the_loss() -> None:
    """1 t more than two full trucks, 50 EUR/t unserved: a third 100 EUR truck is not worth it."""
    net = network(
        "econ",
        [hub("A", "Alpha"), hub("B", "Beta")],
        [lane("A", "B")],
        [demand("D1", "A", "B", 21.0, penalty_unserved_eur_per_t=50.0)],
    )
    _, plan = optimum(net)
    ex = explain_plan(net, plan)
    assert ex.unserved_t == pytest.approx(1.0)
    blocker = ex.demands[0].blockers[0]
    assert blocker.kind == "truck_economics"
    assert "another dispatch on Alpha (A) → Beta (B) (€100)" in blocker.label
    assert "more than the €50 its loss costs" in blocker.label


def test_a_plan_that_breaks_a_limit_is_refused() -> None:
    """Explaining a plan against a network whose lane limit it breaks names the reason."""
    _, plan = optimum(line())
    with pytest.raises(ValueError, match=r"plan: it breaks .* hard limit"):
        explain_plan(line({"max_trucks_per_day": 1}), plan)
