"""Plan vs actual: where a week went differently from its plan, and where the model was wrong.

:func:`plan_vs_actual` compares a plan with a week's actuals on the network it was
executed on, per lane, hub, region, customer and day:

- *lane*, *hub* (outbound) and *day* (departure day) rows compare dispatches: loaded
  tonnes, loaded trucks, empty trips and linehaul cost (trucks and empties times the
  lane's cost per truck plus tonnes times its cost per tonne);
- *region* (of the origin), *customer* and *day* (release day) rows compare demand
  tonnes (planned volume vs picked up) and the on-time share (planned: the plan's
  evaluation; actual: tonnes delivered by the due hour over tonnes picked up); *hub*
  rows carry the on-time share of freight destined to the hub.

Rows come biggest absolute tonne deviation first. Demand bias (actual / planned tonnes)
by customer, region and weekday, and transit bias per lane (mean actual hours, weighted
by dispatches, minus the lane's transit time) and hub throughput (each hub's busiest
day planned and actual against its capacity) say where the model was wrong. Demands
without any delivery row in the actuals are left out of both sides, so partial actuals
compare like with like.

Examples
--------
>>> DeviationRow(dimension="lane", key="A-B", planned_t=10.0, actual_t=12.0).deviation_t
2.0
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from solver.actuals import WeekActuals
from solver.evaluate import due_hour, evaluate
from solver.network import DAY_NAMES, Lane, Network
from solver.plan import Plan

__all__ = [
    "Bias",
    "DeviationRow",
    "HubThroughput",
    "PlanVsActual",
    "demand_bias",
    "hub_throughput",
    "plan_vs_actual",
    "transit_bias",
]

Dimension = Literal["network", "lane", "hub", "region", "customer", "day"]
BiasDimension = Literal["customer", "region", "weekday", "lane"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DeviationRow(_Frozen):
    """Planned against actual for one lane, hub, region, customer or day (or the network)."""

    dimension: Dimension
    key: str
    label: str = ""
    planned_t: float = 0.0
    actual_t: float = 0.0
    planned_trucks: int | None = None
    actual_trucks: int | None = None
    planned_empties: int | None = None
    actual_empties: int | None = None
    planned_cost_eur: float | None = None
    actual_cost_eur: float | None = None
    planned_on_time: float | None = Field(default=None, description="Share of tonnes on time.")
    actual_on_time: float | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def deviation_t(self) -> float:
        """Actual minus planned tonnes."""
        return round(self.actual_t - self.planned_t, 6)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def deviation_share(self) -> float | None:
        """Deviation as a share of planned tonnes (None when nothing was planned)."""
        return None if self.planned_t <= 0 else round(self.deviation_t / self.planned_t, 6)


class Bias(_Frozen):
    """A persistent difference between model and reality on one customer, region, day or lane.

    For demand, ``planned`` and ``actual`` are tonnes and ``ratio`` is actual / planned;
    for lanes they are transit hours and ``ratio`` is actual / planned hours.
    """

    dimension: BiasDimension
    key: str
    planned: float
    actual: float
    ratio: float | None
    observations: int


class HubThroughput(_Frozen):
    """A hub's busiest day planned and actual against its modelled capacity.

    Throughput per day counts tonnes released at the hub (planned volume or picked-up
    tonnes on the release day) and tonnes arriving on loaded trucks (arrival day from the
    departure bucket and the transit time, actual transit where reported).
    """

    hub_id: str
    label: str
    capacity_t_per_day: float
    planned_peak_t: float
    actual_peak_t: float
    planned_days_over: int
    actual_days_over: int


class PlanVsActual(_Frozen):
    """A week's plan against its actuals: totals, rows biggest first, and the biases."""

    week: str
    totals: DeviationRow
    rows: tuple[DeviationRow, ...]
    demand_bias: tuple[Bias, ...]
    transit_bias: tuple[Bias, ...]
    hub_throughput: tuple[HubThroughput, ...] = Field(
        default=(), description="Busiest hubs first (actual peak over capacity)."
    )


def _lane_cost(lane: Lane, trucks: int, empties: int, tonnes: float) -> float:
    return (trucks + empties) * lane.cost_eur_per_truck + tonnes * lane.cost_eur_per_t


class _Acc:
    """Running sums of one row."""

    def __init__(self) -> None:
        self.planned_t = 0.0
        self.actual_t = 0.0
        self.trucks = [0, 0]
        self.empties = [0, 0]
        self.cost = [0.0, 0.0]
        self.on_time = [0.0, 0.0]
        self.base = [0.0, 0.0]
        self.has_dispatch = False
        self.has_service = False

    def row(self, dimension: Dimension, key: str, label: str) -> DeviationRow:
        d = self.has_dispatch
        return DeviationRow(
            dimension=dimension,
            key=key,
            label=label,
            planned_t=round(self.planned_t, 6),
            actual_t=round(self.actual_t, 6),
            planned_trucks=self.trucks[0] if d else None,
            actual_trucks=self.trucks[1] if d else None,
            planned_empties=self.empties[0] if d else None,
            actual_empties=self.empties[1] if d else None,
            planned_cost_eur=round(self.cost[0], 2) if d else None,
            actual_cost_eur=round(self.cost[1], 2) if d else None,
            planned_on_time=_share(self.on_time[0], self.base[0]) if self.has_service else None,
            actual_on_time=_share(self.on_time[1], self.base[1]) if self.has_service else None,
        )


def _share(part: float, whole: float) -> float | None:
    return None if whole <= 0 else round(part / whole, 6)


def plan_vs_actual(network: Network, plan: Plan, actuals: WeekActuals) -> PlanVsActual:
    """Compare ``plan`` with ``actuals`` on ``network`` (see the module notes for the rules)."""
    cal = network.calendar
    lanes, hubs = network.lane_by_id, network.hub_by_id
    region_of = {h.id: h.region for h in network.hubs}
    accs: dict[tuple[Dimension, str], _Acc] = defaultdict(_Acc)
    total = _Acc()

    def dispatch(side: int, lane_id: str, bucket: int, trucks: int, empties: int, t: float) -> None:
        lane = lanes.get(lane_id)
        if lane is None:
            return
        cost = _lane_cost(lane, trucks, empties, t)
        keys: list[tuple[Dimension, str]] = [
            ("lane", lane_id),
            ("hub", lane.origin),
            ("day", str(cal.day_of(bucket))),
        ]
        for acc in [accs[k] for k in keys] + [total]:
            acc.has_dispatch = True
            if side == 0:
                acc.planned_t += t
            else:
                acc.actual_t += t
            acc.trucks[side] += trucks
            acc.empties[side] += empties
            acc.cost[side] += cost

    for lb in plan.lane_buckets:
        dispatch(0, lb.lane_id, lb.bucket, lb.trucks, lb.empty_trailers, lb.loaded_t)
    for d in actuals.dispatches:
        dispatch(1, d.lane_id, d.bucket, d.trucks, d.empty_trailers, d.loaded_t)

    outcome = {o.demand_id: o for o in evaluate(network, plan).demands}
    picked: dict[str, float] = defaultdict(float)
    on_time: dict[str, float] = defaultdict(float)
    for row in actuals.deliveries:
        demand = network.demand_by_id.get(row.demand_id)
        if demand is None:
            continue
        picked[row.demand_id] += row.picked_up_t
        if row.delivered_h is not None and row.delivered_h <= due_hour(demand) + 1e-9:
            on_time[row.demand_id] += row.delivered_t
    for demand_id in sorted(picked):
        demand = network.demand_by_id[demand_id]
        planned_on_time = outcome[demand_id].on_time_t if demand_id in outcome else 0.0
        keys: list[tuple[Dimension, str]] = [
            ("region", region_of[demand.origin]),
            ("customer", demand.customer or "(none)"),
        ]
        service_keys = [*keys, ("day", str(demand.release_day)), ("hub", demand.destination)]
        for acc in [accs[k] for k in keys]:
            acc.planned_t += demand.volume_t
            acc.actual_t += picked[demand_id]
        for acc in [accs[k] for k in service_keys] + [total]:
            acc.has_service = True
            acc.on_time[0] += planned_on_time
            acc.base[0] += demand.volume_t
            acc.on_time[1] += on_time[demand_id]
            acc.base[1] += picked[demand_id]

    def label(dim: Dimension, key: str) -> str:
        if dim == "hub" and key in hubs:
            return f"{hubs[key].name} ({key})"
        if dim == "day":
            return cal.day_name(int(key))
        if dim == "lane" and key in lanes:
            lane = lanes[key]
            return f"{hubs[lane.origin].name} → {hubs[lane.destination].name}"
        return key

    rows = [acc.row(dim, key, label(dim, key)) for (dim, key), acc in accs.items()]
    rows.sort(key=lambda r: (-abs(r.deviation_t), r.dimension, r.key))
    return PlanVsActual(
        week=actuals.week,
        totals=total.row("network", network.name, network.name),
        rows=tuple(rows),
        demand_bias=demand_bias(network, [actuals]),
        transit_bias=transit_bias(network, [actuals]),
        hub_throughput=hub_throughput(network, plan, actuals),
    )


def hub_throughput(network: Network, plan: Plan, actuals: WeekActuals) -> tuple[HubThroughput, ...]:
    """Planned and actual peak daily throughput per hub (see :class:`HubThroughput`)."""
    cal = network.calendar
    lanes = network.lane_by_id
    sides: tuple[dict[tuple[str, int], float], dict[tuple[str, int], float]] = (
        defaultdict(float),
        defaultdict(float),
    )

    def arrive(
        side: int, lane_id: str, bucket: int, tonnes: float, transit_h: float | None
    ) -> None:
        lane = lanes.get(lane_id)
        if lane is None or tonnes <= 0:
            return
        hours = transit_h if transit_h is not None else lane.transit_h
        day = cal.day_of(bucket + math.ceil(hours / cal.bucket_h - 1e-9))
        sides[side][(lane.destination, day)] += tonnes

    for d in network.demands:
        sides[0][(d.origin, d.release_day)] += d.volume_t
    for lb in plan.lane_buckets:
        arrive(0, lb.lane_id, lb.bucket, lb.loaded_t, None)
    for row in actuals.deliveries:
        demand = network.demand_by_id.get(row.demand_id)
        if demand is not None:
            sides[1][(demand.origin, demand.release_day)] += row.picked_up_t
    for x in actuals.dispatches:
        arrive(1, x.lane_id, x.bucket, x.loaded_t, x.transit_h)
    out = []
    for hub in network.hubs:
        cap = hub.capacity_t_per_day
        days = range(cal.days)
        planned = [sides[0].get((hub.id, day), 0.0) for day in days]
        actual = [sides[1].get((hub.id, day), 0.0) for day in days]
        out.append(
            HubThroughput(
                hub_id=hub.id,
                label=f"{hub.name} ({hub.id})",
                capacity_t_per_day=cap,
                planned_peak_t=round(max(planned, default=0.0), 3),
                actual_peak_t=round(max(actual, default=0.0), 3),
                planned_days_over=sum(1 for t in planned if t > cap + 1e-6),
                actual_days_over=sum(1 for t in actual if t > cap + 1e-6),
            )
        )
    out.sort(
        key=lambda h: (
            -(h.actual_peak_t / h.capacity_t_per_day if h.capacity_t_per_day else math.inf),
            h.hub_id,
        )
    )
    return tuple(out)


def demand_bias(network: Network, weeks: Iterable[WeekActuals]) -> tuple[Bias, ...]:
    """Actual / planned tonnes by customer, origin region and release weekday over weeks.

    Only demands with delivery rows count, on both sides; biggest departure from 1 first.
    """
    region_of = {h.id: h.region for h in network.hubs}
    sums: dict[tuple[BiasDimension, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for week in weeks:
        picked: dict[str, float] = defaultdict(float)
        for row in week.deliveries:
            if row.demand_id in network.demand_by_id:
                picked[row.demand_id] += row.picked_up_t
        for demand_id, actual in picked.items():
            d = network.demand_by_id[demand_id]
            keys: list[tuple[BiasDimension, str]] = [
                ("customer", d.customer or "(none)"),
                ("region", region_of[d.origin]),
                ("weekday", DAY_NAMES[d.release_day % 7]),
            ]
            for key in keys:
                acc = sums[key]
                acc[0] += d.volume_t
                acc[1] += actual
                acc[2] += 1
    out = [
        Bias(
            dimension=dim,
            key=key,
            planned=round(p, 6),
            actual=round(a, 6),
            ratio=None if p <= 0 else round(a / p, 6),
            observations=int(n),
        )
        for (dim, key), (p, a, n) in sums.items()
    ]
    out.sort(key=lambda b: (-abs((b.ratio or 1.0) - 1.0), b.dimension, b.key))
    return tuple(out)


def transit_bias(network: Network, weeks: Iterable[WeekActuals]) -> tuple[Bias, ...]:
    """Mean actual transit hours per lane (weighted by dispatches) against the lane's hours."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for week in weeks:
        for d in week.dispatches:
            count: float = d.trucks + d.empty_trailers
            if d.transit_h is None or count == 0 or d.lane_id not in network.lane_by_id:
                continue
            sums[d.lane_id][0] += d.transit_h * count
            sums[d.lane_id][1] += count
    out = []
    for lane_id, (hours, count) in sums.items():
        planned = network.lane_by_id[lane_id].transit_h
        actual = hours / count
        out.append(
            Bias(
                dimension="lane",
                key=lane_id,
                planned=round(planned, 6),
                actual=round(actual, 6),
                ratio=round(actual / planned, 6),
                observations=int(count),
            )
        )
    out.sort(key=lambda b: (-(b.actual - b.planned), b.key))
    return tuple(out)
