"""Plan vs actual: every number recomputed by hand on a three-hub network."""

from __future__ import annotations

import pytest

from solver import (
    DeliveryActual,
    DemandPlan,
    DeviationRow,
    DispatchActual,
    LaneBucket,
    Leg,
    Plan,
    Shipment,
    WeekActuals,
    demand_bias,
    plan_vs_actual,
    transit_bias,
)
from tests.solver.nets import demand, hub, lane, network

NET = network(
    "abc",
    [hub("A", "Alpha"), hub("B", "Beta", region="south"), hub("C", "Gamma", region="south")],
    [lane("A", "B"), lane("B", "C", cost_eur_per_t=2.0)],
    [
        demand("D1", "A", "C", 15.0, customer="X"),
        demand("D2", "A", "B", 8.0, customer="Y"),
    ],
)
PLAN = Plan(
    network_hash=NET.content_hash(),
    n_buckets=4,
    buckets_per_day=4,
    lane_buckets=(
        LaneBucket(lane_id="A-B", bucket=0, trucks=3, loaded_t=23.0),
        LaneBucket(lane_id="B-C", bucket=1, trucks=2, loaded_t=15.0),
    ),
    demands=(
        DemandPlan(
            demand_id="D1",
            shipments=(
                Shipment(
                    tonnes=15.0,
                    legs=(
                        Leg(lane_id="A-B", depart_bucket=0, arrive_bucket=1),
                        Leg(lane_id="B-C", depart_bucket=1, arrive_bucket=2),
                    ),
                ),
            ),
        ),
        DemandPlan(
            demand_id="D2",
            shipments=(
                Shipment(tonnes=8.0, legs=(Leg(lane_id="A-B", depart_bucket=0, arrive_bucket=1),)),
            ),
        ),
    ),
)
ACTUALS = WeekActuals(
    week="2026-W49",
    dispatches=(
        DispatchActual(lane_id="A-B", bucket=0, trucks=3, loaded_t=25.0, transit_h=7.0),
        DispatchActual(
            lane_id="B-C", bucket=2, trucks=1, loaded_t=9.0, empty_trailers=1, transit_h=6.0
        ),
    ),
    deliveries=(
        DeliveryActual(demand_id="D1", picked_up_t=9.0, delivered_t=9.0, delivered_h=20.0),
        DeliveryActual(demand_id="D1", part=2, picked_up_t=7.0),
        DeliveryActual(demand_id="D2", picked_up_t=9.0, delivered_t=9.0, delivered_h=30.0),
    ),
)


def _row(dimension: str, key: str) -> DeviationRow:
    report = plan_vs_actual(NET, PLAN, ACTUALS)
    return next(r for r in report.rows if (r.dimension, r.key) == (dimension, key))


def test_lanes_compare_dispatches_and_cost() -> None:
    ab, bc = _row("lane", "A-B"), _row("lane", "B-C")
    assert (ab.planned_t, ab.actual_t, ab.planned_trucks, ab.actual_trucks) == (23, 25, 3, 3)
    assert (ab.planned_cost_eur, ab.actual_cost_eur) == (300, 300)
    assert (bc.planned_t, bc.actual_t, bc.deviation_t) == (15, 9, -6)
    assert (bc.planned_empties, bc.actual_empties) == (0, 1)
    # two trucks + 15 t * 2 EUR/t planned; one truck, one empty, 9 t * 2 EUR/t actual
    assert (bc.planned_cost_eur, bc.actual_cost_eur) == (230, 218)
    assert bc.deviation_share == pytest.approx(-6 / 15)


def test_customers_regions_and_on_time_share() -> None:
    x, y = _row("customer", "X"), _row("customer", "Y")
    assert (x.planned_t, x.actual_t) == (15, 16)
    assert (y.planned_t, y.actual_t) == (8, 9)
    # plan: D1 arrives at bucket 2 = 12 h, D2 at 6 h, both due at 24 h
    assert (x.planned_on_time, y.planned_on_time) == (1.0, 1.0)
    # actual: D1 9 of 16 t delivered at 20 h, D2 delivered at 30 h (late)
    assert x.actual_on_time == pytest.approx(9 / 16)
    assert y.actual_on_time == 0.0
    north = _row("region", "north")  # both demands leave A
    assert (north.planned_t, north.actual_t) == (23, 25)
    hub_c = _row("hub", "C")  # D1 is destined to C
    assert hub_c.actual_on_time == pytest.approx(9 / 16)


def test_totals_days_and_order() -> None:
    report = plan_vs_actual(NET, PLAN, ACTUALS)
    t = report.totals
    assert (t.planned_t, t.actual_t, t.planned_trucks, t.actual_trucks) == (38, 34, 5, 4)
    assert (t.planned_cost_eur, t.actual_cost_eur) == (530, 518)
    assert t.actual_on_time == pytest.approx(9 / 25)
    day0 = next(r for r in report.rows if (r.dimension, r.key) == ("day", "0"))
    assert (day0.label, day0.planned_t, day0.actual_t) == ("Monday", 38, 34)
    sizes = [abs(r.deviation_t) for r in report.rows]
    assert sizes == sorted(sizes, reverse=True)


def test_biases() -> None:
    biases = {(b.dimension, b.key): b for b in demand_bias(NET, [ACTUALS, ACTUALS])}
    assert biases[("customer", "X")].ratio == pytest.approx(16 / 15)
    assert biases[("customer", "X")].observations == 2
    assert biases[("weekday", "Monday")].ratio == pytest.approx(25 / 23)
    (ab, bc) = sorted(transit_bias(NET, [ACTUALS]), key=lambda b: b.key)
    assert (ab.planned, ab.actual, ab.observations) == (5.0, 7.0, 3)
    assert (bc.actual, bc.observations) == (6.0, 2)


def test_partial_actuals_compare_like_with_like() -> None:
    only_d2 = ACTUALS.model_copy(update={"deliveries": ACTUALS.deliveries[2:]})
    report = plan_vs_actual(NET, PLAN, only_d2)
    keys = {(r.dimension, r.key) for r in report.rows}
    assert ("customer", "X") not in keys
    assert report.totals.actual_on_time == 0.0


def test_hub_throughput_peaks() -> None:
    hubs = plan_vs_actual(NET, PLAN, ACTUALS).hub_throughput
    # released at A: 15 + 8 planned, 16 + 9 picked up; A-B arrives at B the same day
    # (5 h and 7 h transit, 6 h buckets), B-C at C: 15 t planned, 9 t actual
    assert [(h.hub_id, h.planned_peak_t, h.actual_peak_t) for h in hubs] == [
        ("A", 23, 25),
        ("B", 23, 25),
        ("C", 15, 9),
    ]
    assert all(h.actual_days_over == 0 and h.capacity_t_per_day == 1000 for h in hubs)
    tight = NET.model_copy(
        update={"hubs": tuple(h.model_copy(update={"capacity_t_per_day": 24.0}) for h in NET.hubs)}
    )
    over = {
        h.hub_id: (h.planned_days_over, h.actual_days_over)
        for h in plan_vs_actual(tight, PLAN, ACTUALS).hub_throughput
    }
    assert over == {"A": (0, 1), "B": (0, 1), "C": (0, 0)}
