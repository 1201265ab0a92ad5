"""'Which lanes run empty?' answers from the stored plan, changing nothing.

The empty trailers and the fill of loaded trucks are recomputed here from the plan itself
(its lane buckets and the lanes' truck capacities), not from the evaluation the answer reads.
"""

from __future__ import annotations

from collections import Counter

from solver import Network, Plan
from tests.assistant.conftest import World
from tests.assistant.test_binding_question import _ask, _solved_live
from tools import get_scenario, list_scenarios


def _empties(net: Network, plan: Plan, days: set[int]) -> Counter[str]:
    """Lane id → empty trailers the plan sends on ``days``."""
    out: Counter[str] = Counter()
    for lb in plan.lane_buckets:
        if net.calendar.day_of(lb.bucket) in days and lb.empty_trailers:
            out[lb.lane_id] += lb.empty_trailers
    return out


def _fill(net: Network, plan: Plan, days: set[int]) -> float:
    """Loaded tonnes over the room of the loaded trucks the plan sends on ``days``."""
    loaded = room = 0.0
    for lb in plan.lane_buckets:
        if net.calendar.day_of(lb.bucket) in days:
            loaded += lb.loaded_t
            room += lb.trucks * net.lane_by_id[lb.lane_id].truck_capacity_t
    return loaded / room


def test_empty_and_part_full_running_are_the_plans_own(world: World) -> None:
    """The answer gives the plan's empty trailers (in all and on the lane with most) and the
    average fill of its loaded trucks; no version is created and live's head stays."""
    net, plan = _solved_live(world)
    before = len(list_scenarios(world.db, world.planner))
    head = get_scenario(world.db, world.planner, "live").head
    result = _ask(world, "which lanes run empty?")
    assert result.version is None and [c.name for c in result.tool_calls] == ["lane_fill"]
    assert len(list_scenarios(world.db, world.planner)) == before
    assert get_scenario(world.db, world.planner, "live").head == head
    week = set(range(net.calendar.days))
    empties = _empties(net, plan, week)
    if empties:
        lane, most = min(empties.items(), key=lambda kv: (-kv[1], kv[0]))
        assert f"Empty trailers repositioned: {sum(empties.values())}**" in result.answer
        assert f"({lane}): {most} empty" in result.answer
    else:
        assert "No lane carries empty trailers in this plan" in result.answer
    assert f"Loaded trucks run {_fill(net, plan, week):.0%} full on average" in result.answer


def test_a_day_narrows_the_question(world: World) -> None:
    """'What's the load factor on Monday?' reads Monday's dispatches only."""
    net, plan = _solved_live(world)
    answer = _ask(world, "what's the load factor on Monday?").answer
    assert "on Monday:" in answer
    assert f"run {_fill(net, plan, {0}):.0%} full on average" in answer


def test_a_region_narrows_the_question_to_its_lanes(world: World) -> None:
    """'Which lanes run empty in the north?' lists only lanes with an end in the north, with
    the region's empty trailers recomputed from the plan."""
    net, plan = _solved_live(world)
    region = net.hubs[0].region
    week = set(range(net.calendar.days))
    inside = {
        ln.id
        for ln in net.lanes
        if region in {net.hub_by_id[ln.origin].region, net.hub_by_id[ln.destination].region}
    }
    empties = {k: v for k, v in _empties(net, plan, week).items() if k in inside}
    answer = _ask(world, f"which lanes run empty in the {region}?").answer
    assert f"on lanes to or from the {region}:" in answer
    if empties:
        assert f"Empty trailers repositioned: {sum(empties.values())}**" in answer
    listed = {line.split("(")[1].split(")")[0] for line in answer.splitlines() if " → " in line}
    assert listed <= inside
