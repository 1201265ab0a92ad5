"""What a stored plan runs at one hub: 'how busy is Munich?', 'what leaves Paris on Monday?'.

Read-only, like :mod:`tools.lane_traffic`: per day of the plan's week, the departures out of
the hub (loaded trucks, empty trailers and tonnes, summed over its outgoing lanes), the
tonnes it handles against its capacity, and its own-fleet trailer balance (arrivals minus
departures), all from the version's stored plan and its independent evaluation. Nothing is
solved and no version is created.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from solver import DAY_NAMES, Evaluation, Network
from storage import Database
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.insights import days_asked, solved_result, with_plan_warning
from tools.scenarios import ScenarioRef, version_network


class HubDayTraffic(BaseModel):
    """One hub on one day of the plan: what leaves it and how much it handles."""

    day: int
    day_name: str
    loaded_departures: int
    empty_departures: int
    tonnes_out: float
    handled_t: float
    """Tonnes the hub handles that day (in and out), as the evaluation counts them."""
    capacity_t: float
    """Tonnes it can handle that day (0 when it is closed)."""
    trailer_balance: int
    """Own-fleet trailers arriving minus leaving (positive: they pile up)."""


class HubTraffic(BaseModel):
    """What a version's plan runs at ``hub``, and the answer in words."""

    scenario_id: int
    scenario_name: str
    n: int
    hub: str
    days: list[HubDayTraffic]
    text: str


def _tonnes(x: float) -> str:
    return f"{x:,.0f} t" if abs(x) >= 10 else f"{x:,.1f} t"


def _day_rows(
    net: Network, evaluation: Evaluation, hub: str, days: Sequence[int]
) -> list[HubDayTraffic]:
    """The hub's departures, handling and trailer balance for each day asked."""
    outgoing = {ln.id for ln in net.lanes if ln.origin == hub}
    out: dict[int, tuple[int, int, float]] = {d: (0, 0, 0.0) for d in days}
    for bucket in evaluation.lane_buckets:
        if bucket.lane_id in outgoing and bucket.day in out:
            trucks, empty, tonnes = out[bucket.day]
            out[bucket.day] = (
                trucks + bucket.trucks,
                empty + bucket.empty_trailers,
                tonnes + bucket.loaded_t,
            )
    handled = {h.day: h for h in evaluation.hub_days if h.hub_id == hub}
    balance = {t.day: t.imbalance for t in evaluation.trailer_days if t.hub_id == hub}
    rows = []
    for day in days:
        trucks, empty, tonnes = out[day]
        use = handled.get(day)
        rows.append(
            HubDayTraffic(
                day=day,
                day_name=DAY_NAMES[day],
                loaded_departures=trucks,
                empty_departures=empty,
                tonnes_out=tonnes,
                handled_t=use.throughput_t if use else 0.0,
                capacity_t=use.capacity_t if use else 0.0,
                trailer_balance=balance.get(day, 0),
            )
        )
    return rows


def _day_line(row: HubDayTraffic) -> str:
    """'- Tuesday: 12 loaded + 2 empty departures, 140 t out; handles 260 t of 400 t (65%);
    trailer balance +2'."""
    empty = f" + {row.empty_departures} empty" if row.empty_departures else ""
    left = (
        f"{row.loaded_departures} loaded{empty} departures, {_tonnes(row.tonnes_out)} out"
        if row.loaded_departures or row.empty_departures
        else "no departures"
    )
    if row.capacity_t > 0:
        share = row.handled_t / row.capacity_t
        handles = f"handles {_tonnes(row.handled_t)} of {_tonnes(row.capacity_t)} ({share:.0%})"
    else:
        handles = (
            "closed" if row.handled_t == 0 else f"closed, yet {_tonnes(row.handled_t)} planned"
        )
    trailers = f"; trailer balance {row.trailer_balance:+d}" if row.trailer_balance else ""
    return f"- {row.day_name}: {left}; {handles}{trailers}"


def hub_traffic(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    hub: str,
    days: Sequence[int] = (),
) -> HubTraffic:
    """Per day, the departures out of ``hub`` (an id), the tonnes it handles against its
    capacity and its trailer balance in the version's stored plan; ``days`` narrows to those
    days (0 = Monday). The plan is read, never solved.

    Raises
    ------
    InvalidRequest
        When the hub is not in the version's network or a day is outside its week.
    """
    result = solved_result(db, actor, scenario, n)
    evaluation = result.evaluation
    assert evaluation is not None
    net = version_network(db, actor, scenario, result.n)
    if hub not in net.hub_by_id:
        raise InvalidRequest(f"hub: there is no hub with id “{hub}” in this network")
    wanted = days_asked(net, days)
    rows = _day_rows(net, evaluation, hub, wanted)
    h = net.hub_by_id[hub]
    when = f" on {', '.join(DAY_NAMES[d] for d in wanted)}" if days else ""
    lines = [
        f"What **{result.scenario_name} v{result.n}** runs at {h.name} ({h.id}, "
        f"{h.kind.value}, {h.region}){when}:"
    ]
    lines += [_day_line(r) for r in rows]
    if len(rows) > 1:
        loaded = sum(r.loaded_departures for r in rows)
        empty = sum(r.empty_departures for r in rows)
        tonnes = sum(r.tonnes_out for r in rows)
        open_rows = [r for r in rows if r.capacity_t > 0]
        busiest = max(open_rows, key=lambda r: r.handled_t / r.capacity_t, default=None)
        peak = (
            f"; busiest day {busiest.day_name} at {busiest.handled_t / busiest.capacity_t:.0%} "
            "of its capacity"
            if busiest is not None
            else ""
        )
        lines.append(
            f"- In all: {loaded} loaded + {empty} empty departures, {_tonnes(tonnes)} out{peak}"
        )
    if any(r.trailer_balance for r in rows):
        lines.append(
            "Trailer balance: own-fleet trailers arriving minus leaving that day (above 0 they "
            "pile up, below 0 the hub runs short)."
        )
    return HubTraffic(
        scenario_id=result.scenario_id,
        scenario_name=result.scenario_name,
        n=result.n,
        hub=hub,
        days=rows,
        text=with_plan_warning(result, "\n".join(lines)),
    )
