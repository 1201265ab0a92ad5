"""The week simulator: reproducible by seed, and each part of its noise model does what it says."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from solver import (
    EditError,
    Network,
    Plan,
    SimulationSettings,
    WeekActuals,
    apply_edits,
    cheapest_path_plan,
    demo_network,
    simulate_week,
)
from solver.edits import ScaleDemand, SetLaneTransit
from tests.scenario_fixtures import tiny_network

WEEK = "2026-W49"
QUIET = {"demand_sigma": 0.0, "customer_sigma": 0.0, "region_sigma": 0.0, "transit_sigma_h": 0.0}


@pytest.fixture(scope="module")
def demo() -> tuple[Network, Plan]:
    net = demo_network(hubs=8, seed=3)
    return net, cheapest_path_plan(net)


def test_same_seed_same_actuals_other_seed_other_actuals(demo: tuple[Network, Plan]) -> None:
    net, plan = demo
    settings = SimulationSettings(seed=11, outage_hub=net.hubs[0].id, outage_day=1)
    first = simulate_week(net, plan, settings, WEEK)
    again = simulate_week(net, plan, SimulationSettings.model_validate(settings.model_dump()), WEEK)
    assert first.model_dump_json() == again.model_dump_json()
    other = simulate_week(net, plan, settings.model_copy(update={"seed": 12}), WEEK)
    assert other.deliveries != first.deliveries
    assert first.network_hash == net.content_hash()
    assert first.source == "simulator seed 11"


def test_planted_customer_and_region_bias_scale_demand_exactly(demo: tuple[Network, Plan]) -> None:
    net, plan = demo
    customer = sorted({d.customer for d in net.demands})[0]
    region = net.regions[0]
    settings = SimulationSettings(
        seed=1, customer_bias={customer: 0.3}, region_bias={region: -0.2}, **QUIET
    )
    acts = simulate_week(net, plan, settings, WEEK)
    region_of = {h.id: h.region for h in net.hubs}
    picked: dict[str, float] = defaultdict(float)
    for row in acts.deliveries:
        picked[row.demand_id] += row.picked_up_t
    assert set(picked) == {d.id for d in net.demands}
    for d in net.demands:
        expected = d.volume_t
        expected *= 1.3 if d.customer == customer else 1.0
        expected *= 0.8 if region_of[d.origin] == region else 1.0
        assert picked[d.id] == pytest.approx(expected, abs=2e-3), d.id


def test_deliveries_and_dispatches_are_consistent(demo: tuple[Network, Plan]) -> None:
    net, plan = demo
    acts = simulate_week(net, plan, SimulationSettings(seed=5, customer_bias={}), WEEK)
    for row in acts.deliveries:
        assert row.delivered_t <= row.picked_up_t + 1e-9
    for d in acts.dispatches:
        lane = net.lane_by_id[d.lane_id]
        assert d.trucks == math.ceil(d.loaded_t / lane.truck_capacity_t - 1e-6)
        assert d.transit_h is not None and d.transit_h >= lane.transit_h - 0.01


def test_outage_hub_sends_nothing_that_day_and_is_recorded() -> None:
    net = tiny_network()
    plan = cheapest_path_plan(net)
    day = 1
    assert any(
        net.lane_by_id[lb.lane_id].origin == "PAR" and net.calendar.day_of(lb.bucket) == day
        for lb in plan.lane_buckets
    ), "the plan must use PAR on the outage day for this test to mean something"
    acts = simulate_week(
        net, plan, SimulationSettings(seed=2, outage_hub="PAR", outage_day=day), WEEK
    )
    for d in acts.dispatches:
        if net.lane_by_id[d.lane_id].origin == "PAR":
            assert net.calendar.day_of(d.bucket) != day
    assert [(x.kind, x.entity, x.day) for x in acts.disruptions] == [("hub", "PAR", day)]


def test_planted_lane_delay_and_driver_absence() -> None:
    net = tiny_network()
    plan = cheapest_path_plan(net)
    settings = SimulationSettings(
        seed=4, lane_delay_h={"PAR-LYS": 5.0}, driver_absence=1.0, **QUIET
    )
    acts = simulate_week(net, plan, settings, WEEK)
    slow = [d for d in acts.dispatches if d.lane_id == "PAR-LYS"]
    assert slow and all(
        d.transit_h == pytest.approx(net.lane_by_id["PAR-LYS"].transit_h + 5, abs=0.01)
        for d in slow
    )
    assert {d.drivers for d in acts.drivers} == {0}
    assert len(acts.drivers) == len(net.drivers)


def test_settings_naming_unknown_entities_are_refused() -> None:
    net = tiny_network()
    plan = cheapest_path_plan(net)
    with pytest.raises(EditError, match=r"unknown customer 'Nobody'.*unknown outage hub 'XXX'"):
        simulate_week(
            net,
            plan,
            SimulationSettings(customer_bias={"Nobody": 0.1}, outage_hub="XXX"),
            WEEK,
        )


def test_reality_sets_the_demand_a_recalibrated_plan_meets(demo: tuple[Network, Plan]) -> None:
    net, plan = demo
    bigger = apply_edits(net, [ScaleDemand(factor=1.5)])
    settings = SimulationSettings(seed=8)
    direct = simulate_week(net, plan, settings, WEEK)
    via = simulate_week(bigger, cheapest_path_plan(bigger), settings, WEEK, reality=net)

    def picked(acts: WeekActuals) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for row in acts.deliveries:
            out[row.demand_id] += row.picked_up_t
        return out

    assert picked(via) == pytest.approx(picked(direct), abs=2e-3)


def test_trucks_keep_realitys_transit_whatever_the_plan_assumed() -> None:
    """A plan made on a copy with slower lanes is executed at the real lanes' hours: the
    dispatches report the real transit, not the copy's."""
    net = tiny_network()
    slower = apply_edits(net, [SetLaneTransit(lanes=("PAR-LYS",), add_h=3.0)])
    acts = simulate_week(
        slower, cheapest_path_plan(slower), SimulationSettings(seed=2, **QUIET), WEEK, reality=net
    )
    rows = [d for d in acts.dispatches if d.lane_id == "PAR-LYS"]
    assert rows and all(
        d.transit_h == pytest.approx(net.lane_by_id["PAR-LYS"].transit_h, abs=0.01) for d in rows
    )


def _late_week(demo: tuple[Network, Plan], *, trucks_wait: bool) -> WeekActuals:
    """The demo plan's week with every lane 5 h slower than planned, trucks waiting or not."""
    net, plan = demo
    late = {lane.id: 5.0 for lane in net.lanes}
    settings = SimulationSettings(seed=3, lane_delay_h=late, trucks_wait=trucks_wait, **QUIET)
    return simulate_week(net, plan, settings, WEEK)


def test_trucks_that_keep_their_schedule_leave_only_when_the_plan_has_trucks(
    demo: tuple[Network, Plan],
) -> None:
    """Without ``trucks_wait`` every loaded dispatch leaves in a bucket where the plan runs
    trucks on that lane; with it (the default) late freight leaves off the plan's schedule."""
    net, plan = demo
    n = net.calendar.n_buckets
    scheduled = {(lb.lane_id, lb.bucket % n) for lb in plan.lane_buckets if lb.trucks > 0}

    def off_schedule(acts: WeekActuals) -> int:
        return sum(
            1 for d in acts.dispatches if d.trucks and (d.lane_id, d.bucket) not in scheduled
        )

    assert off_schedule(_late_week(demo, trucks_wait=True)) > 0
    assert off_schedule(_late_week(demo, trucks_wait=False)) == 0


def test_freight_that_misses_its_truck_arrives_later(demo: tuple[Network, Plan]) -> None:
    """Freight late for a connection waits for the lane's next planned truck: no delivery is
    earlier than when trucks wait for it, and some are later."""
    waited = {
        (d.demand_id, d.part): d.delivered_h for d in _late_week(demo, trucks_wait=True).deliveries
    }
    kept = {
        (d.demand_id, d.part): d.delivered_h for d in _late_week(demo, trucks_wait=False).deliveries
    }
    both = [
        (waited[k], kept[k]) for k in waited if waited[k] is not None and kept.get(k) is not None
    ]
    assert both and all(k >= w - 1e-6 for w, k in both)
    assert sum(k - w for w, k in both) > 0
