"""Design solve on tiny networks whose optimal plans are computed by hand in each test.

Defaults (tests/solver/nets.py): one day of four 6-hour buckets, lanes of one bucket,
100 EUR per truck, 10 t trucks, handling 1 EUR/t at every hub, late 50 EUR/t,
unserved 1,000 EUR/t. A pair of tests per constraint: binding and not binding.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from solver import SolveSettings, ViolationKind, evaluate
from solver.design import solve
from solver.network import Network
from tests.solver.nets import demand, hub, lane, network

SETTINGS = SolveSettings(time_limit_s=600, relative_gap=1e-6)


def two_hubs(
    lanes: list[dict[str, Any]] | None = None,
    demands: list[dict[str, Any]] | None = None,
    hub_b: dict[str, Any] | None = None,
    **kw: Any,
) -> Network:
    """Alpha (north) and Beta (south), lane A-B, 25 t from A to B unless told otherwise."""
    return network(
        "two-hubs",
        [hub("A", "Alpha"), hub("B", "Beta", region="south", **(hub_b or {}))],
        lanes if lanes is not None else [lane("A", "B")],
        demands if demands is not None else [demand("D1", "A", "B", 25.0)],
        **kw,
    )


def solved(net: Network) -> tuple[float, Any]:
    """Solve, check the independent evaluation agrees to the cent, return cost and evaluation."""
    res = solve(net, SETTINGS)
    assert res.plan is not None and res.objective_eur is not None
    ev = evaluate(net, res.plan)
    assert ev.kpis.total_cost_eur == pytest.approx(res.objective_eur, abs=0.005)
    assert not ev.hard_violations, [v.message for v in ev.hard_violations]
    assert res.status == "optimal"
    return res.objective_eur, ev


def kinds(ev: Any) -> set[ViolationKind]:
    return {v.kind for v in ev.violations}


def test_lane_capacity_not_binding() -> None:
    """25 t on 10 t trucks: 3 trucks (300) + handling at both ends (50) = 350 EUR."""
    cost, ev = solved(two_hubs())
    assert cost == pytest.approx(350.0)
    assert ev.kpis.trucks == 3 and ev.kpis.unserved_t == 0


def test_lane_capacity_binding() -> None:
    """Two trucks a day: 20 t go (200 + 40), 5 t stay unserved (5,000) = 5,240 EUR."""
    cost, ev = solved(two_hubs(lanes=[lane("A", "B", max_trucks_per_day=2)]))
    assert cost == pytest.approx(5240.0)
    assert ev.kpis.unserved_t == pytest.approx(5.0)
    unserved = [v for v in ev.violations if v.kind == ViolationKind.UNSERVED]
    assert unserved and unserved[0].entities[0] == "D1"


def test_hub_throughput_binding() -> None:
    """Beta handles 15 t a day: 15 t on 2 trucks (200 + 30) and 10 t unserved = 10,230 EUR."""
    cost, ev = solved(two_hubs(hub_b={"capacity_t_per_day": 15.0}))
    assert cost == pytest.approx(10230.0)
    assert ev.kpis.hub_utilisation_max == pytest.approx(1.0)


def test_hub_throughput_not_binding() -> None:
    """Beta at 25 t a day is exactly enough: the 350 EUR plan."""
    cost, _ = solved(two_hubs(hub_b={"capacity_t_per_day": 25.0}))
    assert cost == pytest.approx(350.0)


def own_pair(**kw: Any) -> list[dict[str, Any]]:
    return [lane("A", "B", carrier="own", **kw), lane("B", "A", carrier="own", **kw)]


def test_trailer_balance_forces_empties() -> None:
    """Own fleet one way: 3 loaded trucks and 3 empty returns (600) + 50 handling = 650 EUR."""
    cost, ev = solved(two_hubs(lanes=own_pair()))
    assert cost == pytest.approx(650.0)
    assert ev.kpis.empty_trailers == 3 and ev.kpis.empty_cost_eur == pytest.approx(300.0)
    assert ev.kpis.max_trailer_imbalance == 0


def test_trailer_balance_not_binding_with_backhaul() -> None:
    """25 t each way fills the returns: 6 loaded trucks (600) + 100 handling = 700 EUR."""
    net = two_hubs(
        lanes=own_pair(), demands=[demand("D1", "A", "B", 25.0), demand("D2", "B", "A", 25.0)]
    )
    cost, ev = solved(net)
    assert cost == pytest.approx(700.0)
    assert ev.kpis.empty_trailers == 0


def test_drivers_binding() -> None:
    """One 9 h driver in the north: one 5 h dispatch from Alpha, 10 t served.

    Truck + empty return (200) + 20 handling + 15 t unserved (15,000) = 15,220 EUR.
    """
    drivers = [{"region": "north", "day": 0, "drivers": 1, "hours_per_driver": 9.0}]
    cost, ev = solved(two_hubs(lanes=own_pair(), drivers=drivers))
    assert cost == pytest.approx(15220.0)
    assert ev.kpis.driver_utilisation_max == pytest.approx(5.0 / 9.0)


def test_drivers_not_binding() -> None:
    """Two drivers (18 h) cover three 5 h dispatches: the 650 EUR own-fleet plan."""
    drivers = [{"region": "north", "day": 0, "drivers": 2, "hours_per_driver": 9.0}]
    cost, _ = solved(two_hubs(lanes=own_pair(), drivers=drivers))
    assert cost == pytest.approx(650.0)


def test_fleet_binding_moves_freight_to_contract() -> None:
    """No trailers at Alpha: the 250 EUR contract lane carries it (750 + 50 = 800 EUR)."""
    lanes = [*own_pair(), lane("A", "B", id="A-B-c", cost_eur_per_truck=250.0)]
    fleet = [{"hub": "A", "trailers": 0}, {"hub": "B", "trailers": 0}]
    cost, ev = solved(two_hubs(lanes=lanes, fleet=fleet))
    assert cost == pytest.approx(800.0)
    assert ev.kpis.empty_trailers == 0


def test_fleet_not_binding_uses_own_lanes() -> None:
    """Three trailers at Alpha: own fleet with empty returns (650) beats contract (800)."""
    lanes = [*own_pair(), lane("A", "B", id="A-B-c", cost_eur_per_truck=250.0)]
    fleet = [{"hub": "A", "trailers": 3}, {"hub": "B", "trailers": 0}]
    cost, ev = solved(two_hubs(lanes=lanes, fleet=fleet))
    assert cost == pytest.approx(650.0)
    assert ev.kpis.trailers_required <= 3


def test_service_window_binding_makes_freight_late() -> None:
    """Due in 5 h but the lane takes a 6 h bucket: all 25 t late (1,250) + 350 = 1,600 EUR."""
    cost, ev = solved(two_hubs(demands=[demand("D1", "A", "B", 25.0, due_h=5.0)]))
    assert cost == pytest.approx(1600.0)
    assert ev.kpis.late_t == pytest.approx(25.0) and ev.kpis.service_level == 0.0
    assert ViolationKind.SERVICE_MISS in kinds(ev)


def test_service_window_not_binding() -> None:
    """Due in 6 h: arriving at the start of the next bucket is on time (350 EUR)."""
    cost, ev = solved(two_hubs(demands=[demand("D1", "A", "B", 25.0, due_h=6.0)]))
    assert cost == pytest.approx(350.0)
    assert ev.kpis.service_level == 1.0


def line(closed: bool) -> Network:
    hubs = [hub("A", "Alpha"), hub("B", "Beta", open=not closed), hub("C", "Gamma")]
    return network("line", hubs, [lane("A", "B"), lane("B", "C")], [demand("D1", "A", "C", 25.0)])


def test_closed_only_transfer_hub_leaves_demand_unserved_and_named() -> None:
    """Beta closed and the only way through: 25 t unserved (25,000), named as unreachable."""
    cost, ev = solved(line(closed=True))
    assert cost == pytest.approx(25000.0)
    unreachable = [v for v in ev.violations if v.kind == ViolationKind.UNREACHABLE]
    assert unreachable and unreachable[0].entities == ("D1", "A", "C")


def test_open_transfer_hub_carries_freight() -> None:
    """Via Beta: 3 + 3 trucks (600) and 25 t handled three times (75) = 675 EUR."""
    cost, _ = solved(line(closed=False))
    assert cost == pytest.approx(675.0)


def test_zero_capacity_everywhere_gives_unserved_plan() -> None:
    """No lane may dispatch: the plan serves nothing and says which demand, no exception."""
    cost, ev = solved(two_hubs(lanes=[lane("A", "B", max_trucks_per_day=0)]))
    assert cost == pytest.approx(25000.0)
    assert [v.entities[0] for v in ev.violations if v.kind == ViolationKind.UNSERVED] == ["D1"]


def test_service_target_binding_pays_for_the_fast_lane() -> None:
    """Slow lane (2 buckets, 100 EUR) is late at 10 EUR/t; fast lane costs 300 EUR a truck.

    Without a target: 3 slow trucks 300 + 250 late + 50 handling = 600 EUR (service 0%).
    With a 100% on-time target: 3 fast trucks 900 + 50 = 950 EUR (service 100%).
    """
    lanes = [lane("A", "B", transit_h=11.0), lane("A", "B", id="A-B-fast", cost_eur_per_truck=300)]
    demands = [demand("D1", "A", "B", 25.0, due_h=6.0, penalty_late_eur_per_t=10.0)]
    cost, ev = solved(two_hubs(lanes=lanes, demands=demands))
    assert cost == pytest.approx(600.0)
    assert ev.kpis.service_level == 0.0
    cost, ev = solved(two_hubs(lanes=lanes, demands=demands, policy={"service_target": 1.0}))
    assert cost == pytest.approx(950.0)
    assert ev.kpis.service_level == 1.0 and ev.kpis.service_penalty_eur == 0.0


def test_deterministic_plan_json() -> None:
    """The same network and settings give byte-identical plan JSON."""
    net = two_hubs(
        lanes=own_pair(), demands=[demand("D1", "A", "B", 25.0), demand("D2", "B", "A", 12.0)]
    )
    a = solve(net, SETTINGS)
    b = solve(net, SETTINGS)
    assert a.plan is not None and b.plan is not None
    assert a.plan.to_json() == b.plan.to_json()


def test_cp_sat_backend_refused_with_reason() -> None:
    """CP-SAT would round tonnes to integers: refused with a message naming the backend."""
    with pytest.raises(ValueError, match="backend"):
        solve(two_hubs(), SolveSettings(backend="cp_sat"))


DEMO_SETTINGS = SolveSettings(time_limit_s=600, relative_gap=0.01, mip_nodes=50)
"""Effort-limited: the wall clock (a safety stop) never decides the plan."""


@pytest.fixture(scope="module")
def demo_solve() -> tuple[Network, Any]:
    """A 10-hub demo network solved once (restricted-master path, a few seconds)."""
    from solver.demo import demo_network

    net = demo_network(hubs=10, seed=3)
    return net, solve(net, DEMO_SETTINGS)


def test_demo_plan_evaluates_to_the_objective(demo_solve: tuple[Network, Any]) -> None:
    """The independent evaluation of a solver plan equals its objective to the cent."""
    net, res = demo_solve
    assert res.status in ("optimal", "feasible") and res.plan is not None
    ev = evaluate(net, res.plan)
    assert abs(ev.kpis.total_cost_eur - res.objective_eur) < 0.005
    assert not ev.hard_violations
    assert res.best_bound_eur <= res.objective_eur + 1e-6
    assert res.relaxation_bound_eur <= res.best_bound_eur + 1e-6
    assert ev.kpis.service_level > 0.9


def test_hand_broken_plan_reports_hard_violations(demo_solve: tuple[Network, Any]) -> None:
    """Dropping the empty returns and piling trucks on one lane-day is flagged, not hidden."""
    net, res = demo_solve
    plan = res.plan
    rows = list(plan.lane_buckets)
    k = next(i for i, r in enumerate(rows) if r.empty_trailers > 0)
    broken_lane = rows[k].lane_id
    rows[k] = rows[k].model_copy(update={"empty_trailers": 0})
    j = next(i for i, r in enumerate(rows) if r.trucks > 0 and r.lane_id != broken_lane)
    limit = net.lane_by_id[rows[j].lane_id].max_trucks_per_day
    rows[j] = rows[j].model_copy(update={"trucks": limit + 1})
    ev = evaluate(net, plan.model_copy(update={"lane_buckets": tuple(rows)}))
    hard = {v.kind for v in ev.hard_violations}
    assert ViolationKind.TRAILER_IMBALANCE in hard
    assert ViolationKind.LANE_OVER_CAPACITY in hard
    over = next(v for v in ev.violations if v.kind == ViolationKind.LANE_OVER_CAPACITY)
    assert rows[j].lane_id in over.entities


def test_warm_start_is_never_worse(demo_solve: tuple[Network, Any]) -> None:
    """Solving again from the plan itself returns a plan at most as costly."""
    net, res = demo_solve
    again = solve(net, DEMO_SETTINGS, warm_start=res.plan)
    assert again.objective_eur <= res.objective_eur + 0.01


def test_progress_reports_phases_and_final_numbers() -> None:
    """Progress is reported with elapsed time; the last report carries the final objective."""
    seen: list[Any] = []
    res = solve(two_hubs(lanes=own_pair()), SETTINGS, progress=seen.append)
    assert seen and seen[-1].phase == "done"
    assert seen[-1].incumbent_eur == pytest.approx(res.objective_eur)
    assert seen[-1].gap == pytest.approx(0.0, abs=1e-9)
    assert all(a.elapsed_s <= b.elapsed_s for a, b in itertools.pairwise(seen))


def test_restricted_master_path_is_deterministic(demo_solve: tuple[Network, Any]) -> None:
    """A second solve of the 10-hub demo with the same settings gives the same plan JSON."""
    net, res = demo_solve
    again = solve(net, DEMO_SETTINGS)
    assert res.status == again.status != "unfinished"
    assert res.best_bound_eur == again.best_bound_eur
    assert again.plan is not None and res.plan is not None
    assert again.plan.to_json() == res.plan.to_json()


def test_the_timing_mip_never_makes_the_plan_costlier(
    demo_solve: tuple[Network, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the second MIP (other timings of the chosen routes) one MIP is solved and
    the plan is its: it breaks no rule, has the same bound, and costs at least the
    two-stage plan."""
    import solver.design as design

    net, res = demo_solve
    mips: list[int] = []
    run_mip = design._run_mip
    monkeypatch.setattr(design, "_run_mip", lambda *a, **k: mips.append(1) or run_mip(*a, **k))
    one_stage = solve(net, DEMO_SETTINGS.model_copy(update={"timing_mip": False}))
    assert len(mips) == 1
    assert one_stage.plan is not None and one_stage.objective_eur is not None
    assert not evaluate(net, one_stage.plan).hard_violations
    assert one_stage.best_bound_eur == res.best_bound_eur
    assert res.objective_eur <= one_stage.objective_eur + 1e-6
