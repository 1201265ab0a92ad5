"""Stress tests on tiny networks whose re-routed outcomes are computed by hand.

Defaults (tests/solver/nets.py): one day of four 6-hour buckets, contract lanes of one
bucket, 100 EUR per truck, 10 t trucks, handling 1 EUR/t at every hub, late 50 EUR/t,
unserved 1,000 EUR/t.
"""

from __future__ import annotations

import numpy as np
import pytest

from solver import EditError, Plan, SolveSettings, StressSpec, solve, stress_plan
from solver.network import Network
from solver.stress import run_stress_batch, scenario_volumes, stress_batches, stress_report
from tests.solver.nets import demand, hub, lane, network

SETTINGS = SolveSettings(time_limit_s=600, relative_gap=1e-6)


def planned(net: Network) -> Plan:
    res = solve(net, SETTINGS)
    assert res.plan is not None and res.status == "optimal"
    return res.plan


@pytest.fixture(scope="module")
def line() -> tuple[Network, Plan]:
    """A→B→C, 25 t from A (north) to C: the plan holds 3 trucks on each lane (30 t)."""
    net = network(
        "line",
        [hub("A", "Alpha"), hub("B", "Beta"), hub("C", "Gamma", region="south")],
        [lane("A", "B"), lane("B", "C")],
        [demand("D1", "A", "C", 25.0)],
    )
    return net, planned(net)


@pytest.fixture(scope="module")
def fork() -> tuple[Network, Plan]:
    """A→B with 20 t (2 full trucks) and A→C with 15 t (2 trucks, 5 t spare)."""
    net = network(
        "fork",
        [hub("A", "Alpha"), hub("B", "Beta"), hub("C", "Gamma")],
        [lane("A", "B"), lane("A", "C")],
        [demand("DB", "A", "B", 20.0), demand("DC", "A", "C", 15.0)],
    )
    return net, planned(net)


def test_held_trucks_absorb_what_fits_and_lose_the_rest(line: tuple[Network, Plan]) -> None:
    """+20% fills the 5 t spare exactly; +40% leaves 35 - 30 = 5 t unserved, cost 600+90+5,000."""
    net, plan = line
    same = stress_plan(net, plan, StressSpec(factor=1.2))
    assert same.base.service_level == pytest.approx(1.0)
    assert same.base.cost_eur == pytest.approx(300 + 300 + 25 * 3)
    assert same.scenario.service_level == pytest.approx(1.0)
    assert same.scenario.cost_eur == pytest.approx(600 + 30 * 3)
    worse = stress_plan(net, plan, StressSpec(factor=1.4))
    assert worse.scenario.unserved_t == pytest.approx(5.0)
    assert worse.scenario.service_level == pytest.approx(30 / 35)
    assert worse.scenario.cost_eur == pytest.approx(600 + 30 * 3 + 5 * 1000)
    assert worse.demands[0].demand_id == "D1"
    assert worse.demands[0].mean_lost_t == pytest.approx(5.0)
    assert {lr.lane_id for lr in worse.lanes} == {"A-B", "B-C"}
    assert "Alpha (A) → Beta (B)" in worse.text and "Monday" in worse.text


def test_the_full_lane_breaks_first(fork: tuple[Network, Plan]) -> None:
    """+20% on both: A→B has no spare (4 t lost), A→C's 5 t spare takes its 3 t more."""
    net, plan = fork
    report = stress_plan(net, plan, StressSpec(factor=1.2))
    assert [d.demand_id for d in report.demands] == ["DB"]
    assert report.demands[0].mean_unserved_t == pytest.approx(4.0)
    assert [lr.lane_id for lr in report.lanes] == ["A-B"]
    assert report.scenario.on_time_t == pytest.approx(20 + 18)


def test_region_and_day_filters_select_the_demand(line: tuple[Network, Plan]) -> None:
    """Only demand leaving the chosen region on the chosen days is scaled; bad filters refused."""
    net, plan = line
    north = stress_plan(net, plan, StressSpec(factor=1.4, regions=("North",), days=(0,)))
    assert north.scenario.demand_t == pytest.approx(35.0)
    with pytest.raises(ValueError, match="no demand leaves"):
        stress_plan(net, plan, StressSpec(factor=1.4, regions=("south",)))
    with pytest.raises(EditError, match="regions are"):
        stress_plan(net, plan, StressSpec(regions=("west",)))
    with pytest.raises(ValueError, match="outside the 1-day horizon"):
        stress_plan(net, plan, StressSpec(days=(3,)))


def test_draws_are_lognormal_per_od_pair_and_reproducible(fork: tuple[Network, Plan]) -> None:
    """Draw i multiplies each OD pair by exp(σZ - σ²/2), Z from default_rng([seed, i])."""
    net, plan = fork
    spec = StressSpec(factor=1.0, draws=3, sigma=0.3, seed=11)
    volumes = dict(scenario_volumes(net, spec))
    for i in (1, 2, 3):
        z = np.random.default_rng([11, i]).standard_normal(2)
        expected = np.array([20.0, 15.0]) * np.exp(0.3 * z - 0.045)
        assert volumes[i] == pytest.approx(expected, abs=1e-6)
    again = stress_plan(net, plan, spec)
    first = stress_plan(net, plan, spec)
    assert first == again
    other = stress_plan(net, plan, spec.model_copy(update={"seed": 12}))
    assert [p.demand_t for p in other.draws] != [p.demand_t for p in first.draws]


def test_batching_does_not_change_results(fork: tuple[Network, Plan]) -> None:
    """Draws solved one per batch, in reverse order, give the same report as one batch."""
    net, plan = fork
    spec = StressSpec(factor=1.1, draws=4, sigma=0.2, seed=3)
    whole = stress_plan(net, plan, spec)
    batches = stress_batches(net, plan, spec, per_batch=1)
    results = [r for b in reversed(batches) for r in run_stress_batch(b)]
    assert stress_report(net, plan, spec, results) == whole
    assert len(whole.draws) == 4
    assert whole.cost_p5 <= whole.cost_p50 <= whole.cost_p95
    assert whole.service_p5 <= whole.service_p50 <= whole.service_p95
    costs = sorted(p.cost_eur for p in whole.draws)
    assert whole.cost_p50 == pytest.approx((costs[1] + costs[2]) / 2)
