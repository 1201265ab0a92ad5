"""Evaluation recomputes costs and flags violations from a plan's numbers alone."""

from __future__ import annotations

import pytest

from solver import Plan, ViolationKind, evaluate
from solver.network import Network, parse_network
from solver.plan import DemandPlan, LaneBucket, Leg, Shipment
from tests.solver.nets import line3


def _edited(net: Network, **changes: object) -> Network:
    data = net.model_dump(mode="json")
    for path, value in changes.items():
        table, idx, field = path.split("__")
        data[table][int(idx)][field] = value
    return parse_network(data)


def _line_plan(net: Network, trucks: int = 3, tonnes: float = 25.0) -> Plan:
    """25 t A->B in bucket 0 and B->C in bucket 1, on ``trucks`` trucks each."""
    return Plan(
        network_hash=net.content_hash(),
        n_buckets=4,
        buckets_per_day=4,
        lane_buckets=(
            LaneBucket(lane_id="A-B", bucket=0, trucks=trucks, loaded_t=tonnes),
            LaneBucket(lane_id="B-C", bucket=1, trucks=trucks, loaded_t=tonnes),
        ),
        demands=(
            DemandPlan(
                demand_id="D1",
                shipments=(
                    Shipment(
                        tonnes=tonnes,
                        legs=(
                            Leg(lane_id="A-B", depart_bucket=0, arrive_bucket=1),
                            Leg(lane_id="B-C", depart_bucket=1, arrive_bucket=2),
                        ),
                    ),
                ),
            ),
        ),
    )


def test_costs_recomputed_by_hand() -> None:
    """6 trucks at 100 EUR and 25 t handled at A, B and C (1 EUR/t) cost 675 EUR, all on time."""
    net = line3()
    ev = evaluate(net, _line_plan(net))
    k = ev.kpis
    assert k.linehaul_cost_eur == pytest.approx(600.0)
    assert k.handling_cost_eur == pytest.approx(75.0)
    assert k.total_cost_eur == pytest.approx(675.0)
    assert k.service_level == pytest.approx(1.0)
    assert k.truck_fill_rate == pytest.approx(50.0 / 60.0)
    assert k.cost_per_tkm_eur == pytest.approx(675.0 / (25.0 * 200.0))
    assert ev.violations == ()


def test_plan_on_edited_volume_shows_unserved() -> None:
    """The parent's plan on a network with 30 t instead of 25 t leaves 5 t unserved (5,000 EUR)."""
    net = line3()
    edited = _edited(net, demands__0__volume_t=30.0)
    ev = evaluate(edited, _line_plan(net))
    assert ev.kpis.unserved_t == pytest.approx(5.0)
    assert ev.kpis.unserved_penalty_eur == pytest.approx(5000.0)
    kinds = {v.kind for v in ev.violations}
    assert kinds == {ViolationKind.UNSERVED}
    assert not ev.hard_violations


def test_plan_on_smaller_volume_shows_surplus() -> None:
    """With 20 t demanded, the 25 t plan ships 5 t in surplus (soft) and serves everything."""
    net = line3()
    ev = evaluate(_edited(net, demands__0__volume_t=20.0), _line_plan(net))
    assert ev.kpis.surplus_t == pytest.approx(5.0)
    assert ev.kpis.unserved_t == 0.0
    assert [v.kind for v in ev.violations] == [ViolationKind.SURPLUS]


def test_closed_lane_and_hub_are_hard_violations() -> None:
    """Closing lane B-C and hub Beta flags the plan that still uses them, naming both."""
    net = line3()
    ev = evaluate(_edited(net, lanes__1__active=False), _line_plan(net))
    closed = [v for v in ev.hard_violations if v.kind == ViolationKind.LANE_CLOSED]
    assert closed and closed[0].entities == ("B-C",)
    assert "Beta (B) → Gamma (C)" in closed[0].message
    ev = evaluate(_edited(net, hubs__1__open=False), _line_plan(net))
    hub_closed = [v for v in ev.hard_violations if v.kind == ViolationKind.HUB_CLOSED]
    assert hub_closed and all("B" in v.entities for v in hub_closed)
    assert "Beta (B) is closed on Monday" in hub_closed[0].message


def test_hub_over_capacity_named_with_amount() -> None:
    """Beta at 20 t/day handling 25 t (a transfer counts once, on arrival) is over by 5 t."""
    net = line3()
    edited = _edited(net, hubs__1__capacity_t_per_day=20.0)
    ev = evaluate(edited, _line_plan(net))
    over = [v for v in ev.violations if v.kind == ViolationKind.HUB_OVER_CAPACITY]
    assert len(over) == 1
    assert over[0].amount == pytest.approx(5.0)
    assert over[0].message == "Beta (B) over capacity on Monday: 25.0 t of 20.0 t"


def test_overloaded_trucks_and_missing_lane_reported_not_raised() -> None:
    """25 t on 2 ten-tonne trucks is inconsistent; a lane missing from the network is named."""
    net = line3()
    ev = evaluate(net, _line_plan(net, trucks=2))
    assert any(v.kind == ViolationKind.PLAN_INCONSISTENT and v.hard for v in ev.violations)
    data = net.model_dump(mode="json")
    data["lanes"] = [data["lanes"][0]]
    ev = evaluate(parse_network(data), _line_plan(net))
    missing = [v for v in ev.violations if v.kind == ViolationKind.MISSING_ENTITY]
    assert missing and all("B-C" in v.entities for v in missing)
    assert ev.kpis.unserved_t == pytest.approx(25.0)


def test_plan_json_round_trip() -> None:
    """A plan written to JSON and read back is equal, and its JSON is canonical."""
    net = line3()
    plan = _line_plan(net)
    text = plan.to_json()
    back = Plan.from_json(text)
    assert back == plan.canonical()
    assert back.to_json() == text
