"""'How busy is Munich?' answers from the stored plan, changing nothing.

The departures and tonnes out of the hub are recomputed here from the plan itself (its lane
buckets and the network's lanes), not from the evaluation the answer reads.
"""

from __future__ import annotations

from solver import DAY_NAMES, Network, Plan
from tests.assistant.api.test_traffic import plan_by_day
from tests.assistant.conftest import World
from tests.assistant.test_binding_question import _ask, _solved_live
from tools import get_scenario, list_scenarios


def _busiest_hub(net: Network, plan: Plan) -> str:
    """The hub with the most loaded departures in the plan's week."""
    trucks = {
        h.id: sum(
            t
            for ln in net.lanes
            if ln.origin == h.id
            for t, _, _ in plan_by_day(net, plan, ln.id).values()
        )
        for h in net.hubs
    }
    return max(trucks, key=lambda k: (trucks[k], k))


def _out_of(net: Network, plan: Plan, hub: str) -> dict[int, tuple[int, int, float]]:
    """Day → (loaded trucks, empty trailers, tonnes) leaving ``hub`` in the plan."""
    out: dict[int, tuple[int, int, float]] = {}
    for ln in net.lanes:
        if ln.origin != hub:
            continue
        for day, (t, e, w) in plan_by_day(net, plan, ln.id).items():
            t0, e0, w0 = out.get(day, (0, 0, 0.0))
            out[day] = (t0 + t, e0 + e, w0 + w)
    return out


def test_a_hubs_departures_per_day_are_the_plans_own(world: World) -> None:
    """Each day shows the plan's loaded and empty departures and tonnes out of the hub, and
    the week's total; no version is created and live's head stays."""
    net, plan = _solved_live(world)
    hub = _busiest_hub(net, plan)
    name = net.hub_by_id[hub].name
    before = len(list_scenarios(world.db, world.planner))
    head = get_scenario(world.db, world.planner, "live").head
    result = _ask(world, f"how busy is {name}?")
    assert result.version is None
    assert len(list_scenarios(world.db, world.planner)) == before
    assert get_scenario(world.db, world.planner, "live").head == head
    assert f"runs at {name} ({hub}" in result.answer
    lines = result.answer.splitlines()
    out = _out_of(net, plan, hub)
    for day in range(net.calendar.days):
        line = next(x for x in lines if x.startswith(f"- {DAY_NAMES[day]}:"))
        trucks, empty, tonnes = out.get(day, (0, 0, 0.0))
        if trucks or empty:
            assert line.startswith(f"- {DAY_NAMES[day]}: {trucks} loaded")
            assert f"{tonnes:,.0f} t out" in line or f"{tonnes:,.1f} t out" in line
        else:
            assert "no departures" in line
    total = sum(t for t, _, _ in out.values())
    assert f"- In all: {total} loaded" in result.answer


def test_a_day_narrows_a_hub_question(world: World) -> None:
    """'What leaves H on Tuesday?' reads Tuesday only."""
    net, plan = _solved_live(world)
    name = net.hub_by_id[_busiest_hub(net, plan)].name
    answer = _ask(world, f"what leaves {name} on Tuesday?").answer
    days = [d for d in range(7) if f"- {DAY_NAMES[d]}:" in answer]
    assert days == [1] and "In all" not in answer
