"""'How many trucks are we running BER-PAR daily?' answers from the stored plan, changing nothing.

The expected departures, tonnes and fill are recomputed here from the plan itself (its lane
buckets and the network's lanes), not from the evaluation the answer reads.
"""

from __future__ import annotations

import asyncio

from pydantic_ai import ModelResponse, TextPart, ToolCallPart
from pydantic_ai.messages import ModelMessage, ToolReturnPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from assistant.conversation import ask, new_deps
from solver import DAY_NAMES, Lane, Network, Plan
from tests.assistant.api.test_traffic import plan_by_day
from tests.assistant.conftest import FAST, World
from tests.assistant.test_binding_question import _ask, _solved_live
from tools import get_scenario, list_scenarios


def _busiest(net: Network, plan: Plan) -> Lane:
    """The lane with the most loaded trucks in the plan's week."""
    trucks = {
        ln.id: sum(t for t, _, _ in plan_by_day(net, plan, ln.id).values()) for ln in net.lanes
    }
    return net.lane_by_id[max(trucks, key=lambda k: (trucks[k], k))]


def _day_line(answer: str, day: int) -> str:
    return next(x for x in answer.splitlines() if x.startswith(f"- {DAY_NAMES[day]}:"))


def test_trucks_per_day_on_a_lane_are_the_plans_own(world: World) -> None:
    """Each day of the lane asked about shows the plan's loaded and empty departures, tonnes,
    fill and the lane's daily limit; no version is created and live's head stays."""
    net, plan = _solved_live(world)
    lane = _busiest(net, plan)
    origin, dest = net.hub_by_id[lane.origin].name, net.hub_by_id[lane.destination].name
    before = len(list_scenarios(world.db, world.planner))
    head = get_scenario(world.db, world.planner, "live").head
    result = _ask(world, f"how many trucks are we running {lane.origin}-{lane.destination} daily")
    assert result.version is None
    assert len(list_scenarios(world.db, world.planner)) == before
    assert get_scenario(world.db, world.planner, "live").head == head
    assert f"{origin}→{dest}" in result.answer
    for day, (trucks, empty, tonnes) in plan_by_day(net, plan, lane.id).items():
        line = _day_line(result.answer, day)
        assert f"of {lane.max_trucks_per_day} allowed" in line
        if trucks:
            fill = tonnes / (trucks * lane.truck_capacity_t)
            assert line.startswith(f"- {DAY_NAMES[day]}: {trucks} loaded")
            assert f"{tonnes:,.0f} t" in line or f"{tonnes:,.1f} t" in line
            assert f"trucks {fill * 100:.0f}% full" in line
        if empty:
            assert f"+ {empty} empty" in line


def test_a_day_and_from_to_words_narrow_the_answer(world: World) -> None:
    """'What do we send to B from A on Tuesday?' reads the lane A→B on Tuesday only."""
    net, plan = _solved_live(world)
    lane = _busiest(net, plan)
    origin, dest = net.hub_by_id[lane.origin].name, net.hub_by_id[lane.destination].name
    result = _ask(world, f"what do we send to {dest} from {origin} on Tuesday?")
    assert f"{origin}→{dest} on Tuesday" in result.answer
    days = [
        d
        for d in range(7)
        if any(x.startswith(f"- {DAY_NAMES[d]}:") for x in result.answer.splitlines())
    ]
    assert days == [1]


def test_between_two_hubs_reads_both_lanes_and_changes_nothing(world: World) -> None:
    """'Hi, what runs between A and B?' shows the plan's departures on A→B and on B→A (the
    greeting changes nothing of it); no version is created."""
    net, plan = _solved_live(world)
    lane = _busiest(net, plan)
    back = next(
        ln for ln in net.lanes if (ln.origin, ln.destination) == (lane.destination, lane.origin)
    )
    origin, dest = net.hub_by_id[lane.origin].name, net.hub_by_id[lane.destination].name
    before = len(list_scenarios(world.db, world.planner))
    result = _ask(world, f"hi, what runs between {origin} and {dest}?")
    assert result.version is None
    assert len(list_scenarios(world.db, world.planner)) == before
    assert f"between {origin} and {dest} (both directions)" in result.answer
    assert f"Lane {lane.id} " in result.answer and f"Lane {back.id} " in result.answer


def test_hubs_without_a_direct_lane_are_said_so_with_their_connections(world: World) -> None:
    """Between two hubs no lane joins, the answer says there is no direct lane and names the
    hubs one lane from each."""
    net, _ = _solved_live(world)
    pairs = {(ln.origin, ln.destination) for ln in net.lanes}
    a, b = next(
        (a.id, b.id) for a in net.hubs for b in net.hubs if a != b and (a.id, b.id) not in pairs
    )
    via = sorted(
        {ln.destination for ln in net.lanes if ln.active and ln.origin == a}
        & {ln.origin for ln in net.lanes if ln.active and ln.destination == b}
    )
    names = net.hub_by_id[a].name, net.hub_by_id[b].name
    result = _ask(world, f"trucks {names[0]} to {names[1]} per day?")
    assert f"no direct lane {names[0]}→{names[1]}" in result.answer
    for hub in via[:5]:
        assert f"{net.hub_by_id[hub].name} ({hub})" in result.answer


def test_a_misspelt_end_is_asked_about_and_nothing_is_read_or_made(world: World) -> None:
    """'trucks Berlinn to Paris per day?' asks whether Berlin is meant; nothing is created."""
    before = len(list_scenarios(world.db, world.planner))
    result = _ask(world, "how full are the trucks from Berlinn to Paris?")
    assert "Berlin" in result.answer and "changed nothing" in result.answer
    assert result.version is None
    assert len(list_scenarios(world.db, world.planner)) == before


def test_the_llm_path_reads_the_same_lane_and_is_told_a_misspelt_hub(world: World) -> None:
    """A model naming 'Pariss' is sent back with the closest hub (Paris) and nothing read;
    named right, it gets the same per-day answer as the built-in interpreter."""
    _solved_live(world)
    retries: list[str] = []

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        returned = [p for p in messages[-1].parts if isinstance(p, ToolReturnPart)]
        refused = [p for p in returned if p.outcome == "retried"]
        retries.extend(str(p.content) for p in refused)
        if returned and not refused:
            return ModelResponse(parts=[TextPart(str(returned[0].content))])
        args = {"origin": "Berlin", "destination": "Paris" if refused else "Pariss"}
        return ModelResponse(parts=[ToolCallPart("lane_traffic", args)])

    deps = new_deps(world.db, world.planner, solve_settings=FAST)
    result = asyncio.run(ask("trucks BER to PAR?", deps=deps, model=FunctionModel(model)))
    assert retries and "Paris (PAR)" in retries[0] and "Nothing was read" in retries[0]
    assert result.version is None
    assert result.answer == _ask(world, "trucks Berlin to Paris per day?").answer
