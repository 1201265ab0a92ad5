"""Mid-week re-plan: the frozen part never changes; trailer projections follow the moves."""

from __future__ import annotations

import pytest

from solver.actuals import DispatchActual, WeekActuals
from solver.demo import cheapest_path_plan, demo_network
from solver.network import Network
from solver.plan import LaneBucket, Plan, SolveSettings
from solver.replan import (
    demand_factors,
    expected_rest,
    freeze,
    imbalances,
    replan_week,
    trailer_projection,
)
from solver.simulate import SimulationSettings, simulate_week

SETTINGS = SolveSettings(time_limit_s=60, mip_nodes=1)


@pytest.fixture(scope="module")
def week() -> tuple[Network, Plan, WeekActuals]:
    """A 6-hub demo network, its cheapest-path plan and a simulated week with a bias."""
    net = demo_network(hubs=6, seed=2)
    plan = cheapest_path_plan(net)
    sim = SimulationSettings(seed=4, region_bias={net.regions[0]: 0.3})
    return net, plan, simulate_week(net, plan, sim, "2026-W49")


@pytest.mark.parametrize("through", [0, 2])
def test_frozen_dispatches_are_exactly_the_actuals(
    week: tuple[Network, Plan, WeekActuals], through: int
) -> None:
    """Every dispatch before the cut in the re-plan is the actual one, and no other exists."""
    net, plan, acts = week
    result = replan_week(net, plan, acts, through, SETTINGS)
    cut = (through + 1) * net.calendar.buckets_per_day
    assert result.plan is not None
    past = {(lb.lane_id, lb.bucket): lb for lb in result.plan.lane_buckets if lb.bucket < cut}
    actual = {(d.lane_id, d.bucket): d for d in acts.dispatches if d.bucket < cut}
    assert set(past) == set(actual)
    for key, d in actual.items():
        lb = past[key]
        assert (lb.trucks, lb.loaded_t, lb.empty_trailers) == (
            d.trucks,
            d.loaded_t,
            d.empty_trailers,
        )
    assert all(lb.bucket >= cut for lb in result.replan.rest)
    assert result.replan.status in ("optimal", "feasible")


def test_what_happens_after_the_cut_does_not_change_the_replan(
    week: tuple[Network, Plan, WeekActuals],
) -> None:
    """Actuals dated after the cut (not yet known) change neither the frozen part nor re-plan."""
    net, plan, acts = week
    cut = 2 * net.calendar.buckets_per_day
    later = tuple(d for d in acts.dispatches if d.bucket >= cut)
    doubled = tuple(
        DispatchActual(
            lane_id=d.lane_id,
            bucket=d.bucket,
            trucks=d.trucks * 2,
            loaded_t=d.loaded_t,
            empty_trailers=d.empty_trailers + 1,
        )
        for d in later
    )
    changed = acts.model_copy(
        update={"dispatches": tuple(d for d in acts.dispatches if d.bucket < cut) + doubled}
    )
    a = replan_week(net, plan, acts, 1, SETTINGS)
    b = replan_week(net, plan, changed, 1, SETTINGS)
    assert a.frozen == b.frozen
    assert a.plan is not None and b.plan is not None
    assert a.plan.lane_buckets == b.plan.lane_buckets
    assert a.carry_on.projection == b.carry_on.projection


def test_projection_with_the_actual_rest_reproduces_the_simulated_trailers(
    week: tuple[Network, Plan, WeekActuals],
) -> None:
    """Projecting with the dispatches that really followed gives the trailers the week had."""
    net, plan, acts = week
    through = 1
    frozen = freeze(net, acts, through)
    rest = [
        LaneBucket(
            lane_id=d.lane_id,
            bucket=d.bucket,
            trucks=d.trucks,
            loaded_t=d.loaded_t,
            empty_trailers=d.empty_trailers,
        )
        for d in acts.dispatches
        if d.bucket >= frozen.cut_bucket
    ]
    projection = trailer_projection(net, plan, frozen, rest)
    actual = {(t.hub, t.day): t.trailers for t in acts.trailers}
    compared = 0
    for p in projection:
        if (p.hub_id, p.day) in actual and p.projected >= 0:
            assert p.projected == actual[(p.hub_id, p.day)], (p.hub_id, p.day)
            compared += 1
    assert compared >= len(net.fleet) * (net.calendar.days - through - 1) // 2


def test_imbalances_are_hub_days_beyond_the_threshold(
    week: tuple[Network, Plan, WeekActuals],
) -> None:
    """The imbalance list is exactly the hub-days off the plan by the threshold, largest first."""
    net, plan, acts = week
    frozen = freeze(net, acts, 0)
    projection = trailer_projection(net, plan, frozen, [lb for lb in plan.lane_buckets])
    rows = imbalances(projection, threshold=2)
    expected = {(p.hub_id, p.day) for p in projection if abs(p.projected - p.planned) >= 2}
    expected |= {(p.hub_id, p.day) for p in projection if p.projected < 0}
    assert {(p.hub_id, p.day) for p in rows} == expected
    sizes = [abs(p.imbalance) for p in rows]
    assert sizes == sorted(sizes, reverse=True)


def test_through_the_last_day_is_refused(week: tuple[Network, Plan, WeekActuals]) -> None:
    """Freezing the whole week leaves nothing to re-plan: a clear error naming the day."""
    net, _, acts = week
    with pytest.raises(ValueError, match="through_day 6"):
        freeze(net, acts, 6)


CALM = SimulationSettings(
    seed=1, demand_sigma=0, customer_sigma=0, region_sigma=0, transit_sigma_h=0, driver_absence=0
)


def test_a_week_running_to_plan_is_expected_to_carry_on_as_planned() -> None:
    """With freight, transit and drivers as planned, the rest expected is the plan's rest."""
    net = demo_network(hubs=6, seed=2)
    plan = cheapest_path_plan(net)
    acts = simulate_week(net, plan, CALM, "2026-W49")
    frozen = freeze(net, acts, 1)
    assert set(demand_factors(net, frozen).values()) == {1.0}
    rest = {(lb.lane_id, lb.bucket): (lb.trucks, lb.empty_trailers)
            for lb in expected_rest(net, plan, frozen)}  # fmt: skip
    planned = {(lb.lane_id, lb.bucket): (lb.trucks, lb.empty_trailers)
               for lb in plan.lane_buckets if lb.bucket >= frozen.cut_bucket}  # fmt: skip
    assert rest == planned


def test_trucks_follow_freight_both_ways_and_the_rest_of_a_customer_is_scaled() -> None:
    """A customer shipping 40% less so far is expected to keep doing so: its demands not
    released yet are scaled by what was seen, and lanes carrying mostly its freight get
    fewer trucks than planned (and more for one shipping more)."""
    net = demo_network(hubs=6, seed=2)
    plan = cheapest_path_plan(net)
    customers = sorted({d.customer for d in net.demands})
    low, high = customers[0], customers[1]
    sim = CALM.model_copy(update={"customer_bias": {low: -0.4, high: 0.4}})
    acts = simulate_week(net, plan, sim, "2026-W49")
    frozen = freeze(net, acts, 1)
    factors = demand_factors(net, frozen)
    later = [d for d in net.demands if d.release_day > 1]
    assert {round(factors[d.id], 6) for d in later if d.customer == low} == {0.6}
    assert {round(factors[d.id], 6) for d in later if d.customer == high} == {1.4}
    rest = expected_rest(net, plan, frozen)
    trucks = sum(lb.trucks for lb in rest)
    planned = sum(lb.trucks for lb in plan.lane_buckets if lb.bucket >= frozen.cut_bucket)
    tonnes = sum(lb.loaded_t for lb in rest)
    planned_t = sum(lb.loaded_t for lb in plan.lane_buckets if lb.bucket >= frozen.cut_bucket)
    # the expected freight is the plan's scaled per demand, and trucks go with it
    expected_t = sum(
        s.tonnes * factors[dp.demand_id]
        for dp in plan.demands
        for s in dp.shipments
        for leg in s.legs
        if leg.depart_bucket % net.calendar.n_buckets >= frozen.cut_bucket
    )
    assert tonnes == pytest.approx(expected_t, rel=1e-3) and tonnes != pytest.approx(planned_t)
    assert trucks != planned
