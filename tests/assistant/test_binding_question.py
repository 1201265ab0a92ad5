"""'Which lanes are at capacity?' lists what the stored plan uses up, and changes nothing.

The expected lanes, hubs and driver pools are recomputed here from the plan itself (its
dispatches, shipments and the network's limits), not from the evaluation the answer reads.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict

from assistant.conversation import AskResult, ask, new_deps
from solver import DAY_NAMES, CarrierKind, Network, Plan
from tests.assistant.conftest import FAST, World
from tools import get_scenario, list_scenarios, solve_version, version_plan


def _ask(world: World, question: str) -> AskResult:
    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    return asyncio.run(ask(question, deps=deps))


def _solved_live(world: World) -> tuple[Network, Plan]:
    solve_version(world.db, world.planner, "live", settings=FAST)
    net, plan = version_plan(world.db, world.planner, "live")
    assert plan is not None
    return net, plan


def _full_lanes(net: Network, plan: Plan) -> dict[str, dict[int, tuple[int, int]]]:
    """Lane label → day → (departures, limit) where every departure of the day is used."""
    used: dict[tuple[str, int], int] = defaultdict(int)
    for lb in plan.lane_buckets:
        used[(lb.lane_id, net.calendar.day_of(lb.bucket))] += lb.trucks + lb.empty_trailers
    out: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    for (lane_id, day), n in used.items():
        lane = net.lane_by_id[lane_id]
        limit = lane.max_trucks_per_day if lane.active else 0
        if limit > 0 and n >= limit:
            origin, dest = net.hub_by_id[lane.origin].name, net.hub_by_id[lane.destination].name
            out[f"{origin}→{dest}"][day] = (n, limit)
    return out


def _hub_tonnes(net: Network, plan: Plan) -> dict[tuple[str, int], float]:
    """Tonnes handled per hub and day: where each shipment starts and every leg arrives."""
    tonnes: dict[tuple[str, int], float] = defaultdict(float)
    for dp in plan.demands:
        for s in dp.shipments:
            first = net.lane_by_id[s.legs[0].lane_id]
            tonnes[(first.origin, net.calendar.day_of(s.legs[0].depart_bucket))] += s.tonnes
            for leg in s.legs:
                lane = net.lane_by_id[leg.lane_id]
                tonnes[(lane.destination, net.calendar.day_of(leg.arrive_bucket))] += s.tonnes
    return tonnes


def _driver_hours(net: Network, plan: Plan) -> dict[tuple[str, int], float]:
    """Driver-hours per region and day: own-fleet dispatches times transit, at the origin."""
    hours: dict[tuple[str, int], float] = defaultdict(float)
    for lb in plan.lane_buckets:
        lane = net.lane_by_id[lb.lane_id]
        if lane.carrier == CarrierKind.OWN:
            region = net.hub_by_id[lane.origin].region
            day = net.calendar.day_of(lb.bucket)
            hours[(region, day)] += (lb.trucks + lb.empty_trailers) * lane.transit_h
    return hours


def _listed(answer: str, head: str) -> set[str]:
    """The resources an answer lists under ``head`` ('Lane', 'Hub', 'Drivers in the')."""
    return set(re.findall(rf"^- {head} (.+?):", answer, re.MULTILINE))


def _no_new_version(world: World, before: int, live_head: int, result: AskResult) -> None:
    assert result.version is None
    assert len(list_scenarios(world.db, world.planner)) == before
    assert get_scenario(world.db, world.planner, "live").head == live_head


def test_lanes_at_capacity_are_those_using_every_departure(world: World) -> None:
    """Each lane the plan dispatches to its daily limit is listed with its figures and days;
    no other lane is; nothing is created."""
    net, plan = _solved_live(world)
    before = len(list_scenarios(world.db, world.planner))
    head = get_scenario(world.db, world.planner, "live").head
    result = _ask(world, "which lanes are at capacity?")
    _no_new_version(world, before, head, result)
    expected = _full_lanes(net, plan)
    assert _listed(result.answer, "Lane") == set(expected)
    assert not _listed(result.answer, "Hub") and not _listed(result.answer, "Drivers in the")
    for label, days in expected.items():
        line = next(x for x in result.answer.splitlines() if x.startswith(f"- Lane {label}:"))
        for n, limit in days.values():
            assert f"{n} of {limit}" in line
        if len(days) == 1:
            assert DAY_NAMES[next(iter(days))] in line


def test_a_day_narrows_the_answer_to_that_day(world: World) -> None:
    """'… on Tuesday' lists only the lanes full on Tuesday, and says so."""
    net, plan = _solved_live(world)
    result = _ask(world, "any lanes maxed out on Tuesday?")
    expected = {label for label, days in _full_lanes(net, plan).items() if 1 in days}
    assert _listed(result.answer, "Lane") == expected
    assert "on Tuesday" in result.answer


def test_hubs_full_on_a_day_match_the_tonnes_they_handle(world: World) -> None:
    """A hub is listed when the tonnes it handles that day reach its throughput; when none
    does, the answer says so and names the fullest with its tonnes."""
    net, plan = _solved_live(world)
    tonnes = _hub_tonnes(net, plan)
    result = _ask(world, "which hubs are full on Tuesday?")
    expected = {
        h.name
        for h in net.hubs
        if h.is_open_on(1)
        and h.capacity_t_per_day > 0
        and tonnes[(h.id, 1)] >= 0.98 * h.capacity_t_per_day
    }
    assert _listed(result.answer, "Hub") == expected
    assert not _listed(result.answer, "Lane")
    if not expected:
        fullest = max(
            (h for h in net.hubs if h.is_open_on(1) and h.capacity_t_per_day > 0),
            key=lambda h: tonnes[(h.id, 1)] / h.capacity_t_per_day,
        )
        figures = f"{tonnes[(fullest.id, 1)]:,.0f} of {fullest.capacity_t_per_day:,.0f} t"
        assert "Nothing is at its limit" in result.answer
        assert f"Hub {fullest.name}: {figures}" in result.answer


def test_short_of_drivers_lists_regions_using_their_driver_hours(world: World) -> None:
    """'Where are we short of drivers?' lists the regions whose planned driver-hours reach
    those available, with both figures."""
    net, plan = _solved_live(world)
    hours = _driver_hours(net, plan)
    pools = {(p.region, p.day): p.drivers * p.hours_per_driver for p in net.drivers}
    full = {k for k, avail in pools.items() if avail > 0 and hours[k] >= 0.98 * avail}
    result = _ask(world, "where are we short of drivers?")
    assert _listed(result.answer, "Drivers in the") == {region for region, _ in full}
    for region, day in full:
        assert f"{hours[(region, day)]:,.0f} of {pools[(region, day)]:,.0f}" in result.answer
