"""Calibration recovers a planted demand bias or lane delay from simulated weeks, and proposes
little without."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from solver import (
    Network,
    Plan,
    SimulationSettings,
    WeekActuals,
    apply_edits,
    calibrate_demand,
    calibrate_transit,
    cheapest_path_plan,
    demo_network,
    simulate_week,
)


@pytest.fixture(scope="module")
def demo() -> tuple[Network, Plan]:
    net = demo_network(hubs=12, seed=5)
    return net, cheapest_path_plan(net)


def _weeks(net: Network, plan: Plan, **bias: Any) -> list[WeekActuals]:
    return [
        simulate_week(net, plan, SimulationSettings(seed=s, **bias), f"2027-W{s:02d}")
        for s in range(1, 5)
    ]


def test_planted_customer_and_region_bias_is_recovered(demo: tuple[Network, Plan]) -> None:
    net, plan = demo
    customers = sorted({d.customer for d in net.demands})
    region = net.regions[1]
    cb = {customers[2]: 0.4, customers[5]: -0.3}
    rb = {region: 0.25}
    cal = calibrate_demand(net, _weeks(net, plan, customer_bias=cb, region_bias=rb))
    calibrated = apply_edits(net, list(cal.edits))
    region_of = {h.id: h.region for h in net.hubs}
    # expected tonnes per customer and per region, recomputed from the planted bias
    expected: dict[str, float] = defaultdict(float)
    fitted: dict[str, float] = defaultdict(float)
    for d in net.demands:
        true_t = d.volume_t * (1 + cb.get(d.customer, 0.0)) * (1 + rb.get(region_of[d.origin], 0.0))
        for key in (f"c:{d.customer}", f"r:{region_of[d.origin]}"):
            expected[key] += true_t
            fitted[key] += calibrated.demand_by_id[d.id].volume_t
    for key, tonnes in expected.items():
        assert fitted[key] == pytest.approx(tonnes, rel=0.06), key
    keys = {(e.dimension, e.key) for e in cal.evidence}
    assert {("customer", customers[2]), ("customer", customers[5])} <= keys
    for ev in cal.evidence:
        assert ev.weeks == 4 and len(ev.weekly_factors) == 4
        assert ev.z is not None and ev.z >= 2.0


def test_without_bias_nothing_large_is_proposed(demo: tuple[Network, Plan]) -> None:
    net, plan = demo
    cal = calibrate_demand(net, _weeks(net, plan))
    assert all(abs(e.factor - 1) < 0.1 for e in cal.evidence)
    assert len(cal.skipped) + len(cal.evidence) == len({d.customer for d in net.demands}) + len(
        net.regions
    ) + len({d.release_day for d in net.demands})


def test_one_week_proposes_nothing(demo: tuple[Network, Plan]) -> None:
    net, plan = demo
    customer = sorted({d.customer for d in net.demands})[0]
    week = _weeks(net, plan, customer_bias={customer: 0.5})[0]
    cal = calibrate_demand(net, [week])
    assert cal.edits == () and cal.evidence == ()
    assert any(e.key == customer and e.factor > 1.3 for e in cal.skipped)


def test_a_planted_lane_delay_is_proposed_for_that_lane_alone(
    demo: tuple[Network, Plan],
) -> None:
    """With exact transit noise off, a lane whose trucks run 2 h late every week gets one
    edit adding 2 h to it; every other lane keeps its hours, and the calibrated network's
    transit on that lane is the hours the dispatches reported."""
    net, plan = demo
    used = sorted({lb.lane_id for lb in plan.lane_buckets})
    slow = used[3]
    weeks = _weeks(net, plan, lane_delay_h={slow: 2.0}, transit_sigma_h=0.0)
    cal = calibrate_transit(net, weeks)
    assert [(e.lanes, e.add_h) for e in cal.edits] == [((slow,), 2.0)]
    (ev,) = cal.evidence
    assert ev.lane_id == slow and ev.weeks == 4 and ev.extra_h == pytest.approx(2.0, abs=0.01)
    reported = [d.transit_h for w in weeks for d in w.dispatches if d.lane_id == slow]
    calibrated = apply_edits(net, list(cal.edits))
    assert calibrated.lane_by_id[slow].transit_h == pytest.approx(max(reported), abs=0.01)
    assert all(
        calibrated.lane_by_id[ln.id].transit_h == ln.transit_h for ln in net.lanes if ln.id != slow
    )


def test_trucks_on_time_propose_no_transit_change(demo: tuple[Network, Plan]) -> None:
    """Without delays nothing is proposed, and every lane that ran is in the skipped
    evidence with no extra hours."""
    net, plan = demo
    cal = calibrate_transit(net, _weeks(net, plan, transit_sigma_h=0.0))
    assert cal.edits == () and cal.evidence == ()
    assert cal.skipped and all(ev.extra_h == pytest.approx(0.0, abs=0.01) for ev in cal.skipped)


def test_one_week_of_delays_proposes_no_transit_change(demo: tuple[Network, Plan]) -> None:
    """One week cannot tell a persistent delay from a bad week."""
    net, plan = demo
    slow = sorted({lb.lane_id for lb in plan.lane_buckets})[0]
    week = _weeks(net, plan, lane_delay_h={slow: 3.0})[0]
    cal = calibrate_transit(net, [week])
    assert cal.edits == ()
    assert any(ev.lane_id == slow and ev.extra_h > 2.5 for ev in cal.skipped)


@pytest.mark.parametrize("index", range(5))
def test_one_regions_bias_is_proposed_for_that_region_alone(
    demo: tuple[Network, Plan], index: int
) -> None:
    """+30% out of one region (no customer or region noise) is proposed as that region ×1.3,
    not spread over the customers and the other regions (customers ×c with regions ÷c
    predict the same tonnes: fitted together, north +30% came out as north ×1.16 and every
    customer ×1.1-1.15). Other factors stay within the demand noise (5%)."""
    net, plan = demo
    region = net.regions[index]
    quiet = {"customer_sigma": 0.0, "region_sigma": 0.0}
    cal = calibrate_demand(net, _weeks(net, plan, region_bias={region: 0.3}, **quiet))
    (ev,) = [e for e in cal.evidence if e.dimension == "region" and e.key == region]
    assert ev.factor == pytest.approx(1.3, abs=0.03)
    assert ev.actual_t / ev.planned_t == pytest.approx(ev.factor, abs=0.03)
    others = [e for e in cal.evidence if e.dimension != "weekday" and e.key != region]
    assert all(abs(e.factor - 1) <= 0.05 for e in others), others
