"""What a stored plan runs from one hub to another: 'how many trucks BER-HAM per day?'.

Read-only: the answer comes from the version's stored plan and its independent evaluation
(every departure bucket's loaded trucks, empty trailers and tonnes on the lane), per day of
the plan's week, beside the lane's daily limit. Nothing is solved and no version is created.
Between two hubs without a direct lane the answer says so and names the hubs one stop
apart that connect them. Asked "between A and B", both directions are read: A→B and B→A.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from solver import DAY_NAMES, Evaluation, Lane, Network
from storage import Database
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.insights import solved_result, with_plan_warning
from tools.scenarios import ScenarioRef, version_network
from tools.wording import join_words

CONNECTIONS_SHOWN = 5
"""At most this many connecting hubs are named when two hubs have no direct lane."""


class LaneDayTraffic(BaseModel):
    """One lane on one day of the plan: what it dispatches and how full its trucks are."""

    lane_id: str
    day: int
    day_name: str
    loaded_trucks: int
    empty_trailers: int
    tonnes: float
    capacity_t: float
    """Tonnes the day's loaded trucks could carry."""
    fill: float
    """Tonnes over the loaded trucks' capacity (0 when no truck is loaded)."""
    max_trucks_per_day: int
    """Loaded plus empty departures the lane allows that day (0 when it is closed)."""


class LaneTraffic(BaseModel):
    """What a version's plan runs from ``origin`` to ``destination`` (and back, when
    ``both_ways``), and the answer in words."""

    scenario_id: int
    scenario_name: str
    n: int
    origin: str
    destination: str
    both_ways: bool = False
    """Both directions were read: origin→destination, then destination→origin."""
    lane_ids: list[str]
    """The direct lanes read (empty when there is none)."""
    days: list[LaneDayTraffic]
    """Each direct lane on each day asked about, in lane then day order."""
    via: list[str]
    """Without a direct lane: the ids of the hubs one lane from each (A→X→B, or B→X→A)."""
    text: str


def _percent(x: float) -> str:
    return f"{x * 100:.0f}%"


def _tonnes(x: float) -> str:
    return f"{x:,.0f} t" if abs(x) >= 10 else f"{x:,.1f} t"


def _day_rows(
    net: Network, evaluation: Evaluation, lane: Lane, days: Sequence[int]
) -> list[LaneDayTraffic]:
    """The lane's loaded trucks, empties and tonnes summed over each day's departure
    buckets, for the days asked (all days of the week when none)."""
    wanted = list(days) or list(range(net.calendar.days))
    sums: dict[int, tuple[int, int, float, float]] = {d: (0, 0, 0.0, 0.0) for d in wanted}
    for use in evaluation.lane_buckets:
        if use.lane_id != lane.id or use.day not in sums:
            continue
        trucks, empty, tonnes, cap = sums[use.day]
        sums[use.day] = (
            trucks + use.trucks,
            empty + use.empty_trailers,
            tonnes + use.loaded_t,
            cap + use.capacity_t,
        )
    limits = {ld.day: ld.max_trucks for ld in evaluation.lane_days if ld.lane_id == lane.id}
    limit = lane.max_trucks_per_day if lane.active else 0
    return [
        LaneDayTraffic(
            lane_id=lane.id,
            day=day,
            day_name=DAY_NAMES[day],
            loaded_trucks=trucks,
            empty_trailers=empty,
            tonnes=tonnes,
            capacity_t=cap,
            fill=tonnes / cap if cap > 0 else 0.0,
            max_trucks_per_day=limits.get(day, limit),
        )
        for day, (trucks, empty, tonnes, cap) in sorted(sums.items())
    ]


def _day_line(row: LaneDayTraffic) -> str:
    """'- Tuesday: 3 loaded + 1 empty departures of 6 allowed, 41 t, trucks 57% full'."""
    limit = (
        f" of {row.max_trucks_per_day} allowed"
        if row.max_trucks_per_day > 0
        else " (no departures allowed)"
    )
    if row.loaded_trucks == 0 and row.empty_trailers == 0:
        return f"- {row.day_name}: no departures{limit}"
    empty = f" + {row.empty_trailers} empty" if row.empty_trailers else ""
    moved = (
        f", {_tonnes(row.tonnes)}, trucks {_percent(row.fill)} full" if row.loaded_trucks else ""
    )
    return f"- {row.day_name}: {row.loaded_trucks} loaded{empty} departures{limit}{moved}"


def _lane_text(lane: Lane, rows: Sequence[LaneDayTraffic], several_days: bool) -> list[str]:
    """The lines of one lane: its heading, one line per day and the total over the days."""
    carrier = "own fleet" if lane.carrier.value == "own" else f"{lane.carrier.value} carrier"
    state = "" if lane.active else ", closed"
    lines = [f"Lane {lane.id} ({carrier}, {lane.truck_capacity_t:g} t trucks{state}):"]
    lines += [_day_line(r) for r in rows]
    if several_days:
        trucks = sum(r.loaded_trucks for r in rows)
        empty = sum(r.empty_trailers for r in rows)
        tonnes = sum(r.tonnes for r in rows)
        cap = sum(r.capacity_t for r in rows)
        fill = f", trucks {_percent(tonnes / cap)} full" if cap > 0 else ""
        lines.append(
            f"- In all: {trucks} loaded + {empty} empty departures, {_tonnes(tonnes)}{fill}"
        )
    return lines


def _connections(net: Network, origin: str, destination: str) -> list[str]:
    """Hubs X with an active lane origin→X and one X→destination, by id."""
    out_of = {ln.destination for ln in net.lanes if ln.active and ln.origin == origin}
    into = {ln.origin for ln in net.lanes if ln.active and ln.destination == destination}
    return sorted((out_of & into) - {origin, destination})


def lane_traffic(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    origin: str,
    destination: str,
    days: Sequence[int] = (),
    both_ways: bool = False,
) -> LaneTraffic:
    """Per day, the loaded trucks, empty trailers, tonnes and truck fill the version's stored
    plan runs on the lane from ``origin`` to ``destination`` (hub ids), and with
    ``both_ways`` on the lane back too ('between A and B'), beside each lane's daily limit;
    ``days`` narrows to those days (0 = Monday). Without a direct lane, the hubs connecting
    the two in one stop. The plan is read, never solved."""
    result = solved_result(db, actor, scenario, n)
    evaluation = result.evaluation
    assert evaluation is not None
    net = version_network(db, actor, scenario, result.n)
    for hub in (origin, destination):
        if hub not in net.hub_by_id:
            raise InvalidRequest(f"there is no hub with id “{hub}” in this network")
    if origin == destination:
        raise InvalidRequest(f"a lane joins two different hubs, not “{origin}” to itself")
    for day in days:
        if not 0 <= day < net.calendar.days:
            raise InvalidRequest(
                f"day {day} is outside the plan's week (0 = Monday to {net.calendar.days - 1})"
            )
    wanted = sorted(set(days))
    ways = [(origin, destination), (destination, origin)] if both_ways else [(origin, destination)]
    arrow = {way: f"{net.hub_by_id[way[0]].name}→{net.hub_by_id[way[1]].name}" for way in ways}
    first, second = net.hub_by_id[origin].name, net.hub_by_id[destination].name
    names = f"between {first} and {second}" if both_ways else arrow[ways[0]]
    what = f"{result.scenario_name} v{result.n}"
    when = f" on {', '.join(DAY_NAMES[d] for d in wanted)}" if wanted else ""
    lanes = [ln for o, d in ways for ln in net.lanes if ln.origin == o and ln.destination == d]
    rows: list[LaneDayTraffic] = []
    via: list[str] = []
    if lanes:
        lines = [f"What **{what}** runs {names}{' (both directions)' if both_ways else ''}{when}:"]
        for lane in lanes:
            lane_rows = _day_rows(net, evaluation, lane, wanted)
            rows.extend(lane_rows)
            lines.extend(_lane_text(lane, lane_rows, len(lane_rows) > 1))
        run = {(ln.origin, ln.destination) for ln in lanes}
        lines += [f"No direct lane {arrow[way]}." for way in ways if way not in run]
        text = "\n".join(lines)
    else:
        via = sorted({h for o, d in ways for h in _connections(net, o, d)})
        hubs = [f"{net.hub_by_id[h].name} ({h})" for h in via]
        listed = join_words(hubs, last="or", limit=CONNECTIONS_SHOWN)
        text = f"There is no direct lane {names} in **{what}**. " + (
            f"Freight between them can change at {listed} (one lane in, one lane out)."
            if hubs
            else "No hub connects them with one lane in and one lane out."
        )
    return LaneTraffic(
        scenario_id=result.scenario_id,
        scenario_name=result.scenario_name,
        n=result.n,
        origin=origin,
        destination=destination,
        both_ways=both_ways,
        lane_ids=[ln.id for ln in lanes],
        days=rows,
        via=via,
        text=with_plan_warning(result, text),
    )
