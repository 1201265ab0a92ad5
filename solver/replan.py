"""Mid-week re-plan: freeze what has happened, re-plan the rest of the week, project trailers.

Given a week's actuals known up to the end of a weekday (``through_day``), the *cut* is the
first bucket of the next day. :func:`freeze` takes what has happened before the cut as fixed:

- **dispatches done**: every actual dispatch leaving before the cut (trucks and empties);
- **trailers where they are**: the latest trailers-on-hand row of each hub up to the cut,
  moved on by the actual dispatches since;
- **freight**: demands released up to ``through_day`` take their actual tonnes picked up,
  less what was delivered before the cut; demands delivered in full drop out; later
  releases keep their forecast. The actuals do not say where undelivered freight is between
  legs, so it is routed from its origin over the trucks that actually left (their number
  is fixed, so freight in transit keeps its truck).

:func:`replan_week` then builds the design model of :mod:`solver.formulation` over the
candidate timed paths of :func:`solver.design.build_candidates` and solves it twice:

- **carry on**: every dispatch fixed (before the cut as it happened, after it as carrying
  on with the plan is expected to run: :func:`expected_rest`), freight re-routed over them
  by LP; rows on trucks alone are already decided;
- **re-plan**: dispatches before the cut fixed, those after it free (integer), under every
  rule of the model including the cyclic trailer balance; the LP over every candidate path
  first, then the MIP over the paths it and the carry-on use plus each demand's cheapest
  (``settings.mip_nodes`` nodes, the clock a safety stop).

Rows of days up to the cut that hold only what already happened (daily lane limits,
drivers, hub throughput, the fleet at the cycle's wrap) are not re-imposed: the past is
what it was. The week stays cyclic: buckets before the cut stand for what happened this
week and, wrapping, for the start of the next.

:func:`trailer_projection` projects own-fleet trailers on hand per hub at the start of each
day after the cut, by the same rule as the week simulator (:mod:`solver.simulate`):
departures count on their day, arrivals on the day they land inside the week. Its
*imbalance* is projected minus planned trailers on hand (the plan's own trajectory from
the simulator's start position): negative is a hub short of the trailers its plan needs,
positive one piling them up.

Examples
--------
>>> from solver.demo import demo_network, cheapest_path_plan
>>> from solver.simulate import SimulationSettings, simulate_week
>>> net = demo_network(hubs=6, seed=2)
>>> plan = cheapest_path_plan(net)
>>> acts = simulate_week(net, plan, SimulationSettings(seed=1), "2026-W49")
>>> frozen = freeze(net, acts, 1)
>>> frozen.cut_bucket
8
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from solver.actuals import WeekActuals
from solver.design import Candidates, build_candidates
from solver.extract import extract_plan
from solver.formulation import Formulation
from solver.held import TRUCK_ONLY_ROWS
from solver.mathopt_lp import MatrixProgram, ProgramSolution, solve_program
from solver.network import CarrierKind, Network
from solver.plan import Backend, LaneBucket, Plan, SolveSettings

__all__ = [
    "FrozenWeek",
    "MidWeekReplan",
    "ReplanOption",
    "TrailerProjection",
    "actuals_through",
    "carry_on_week",
    "demand_factors",
    "expected_rest",
    "freeze",
    "imbalances",
    "planned_on_hand",
    "replan_week",
    "trailer_projection",
]

_EPS = 1e-6
PAST_ROWS: frozenset[str] = frozenset({"lane_day", "drivers", "hub_day"})
"""Row kinds of a day that are not re-imposed on days up to the cut (they happened)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FrozenWeek(_Frozen):
    """What has happened by the cut: dispatches, trailers on hand, freight left to move."""

    week: str
    through_day: int = Field(description="Last day (0 = Monday) whose actuals are known.")
    cut_bucket: int = Field(description="First bucket re-planned (start of the next day).")
    dispatches: tuple[LaneBucket, ...] = Field(description="Actual dispatches before the cut.")
    volumes: dict[str, float] = Field(description="Tonnes each demand still has to move.")
    done: tuple[str, ...] = Field(description="Demands delivered in full before the cut.")
    trailers_known: dict[str, tuple[int, int]] = Field(
        description="Per hub, the latest (day, trailers on hand) row up to the cut."
    )
    picked_t: dict[str, float] = Field(
        default_factory=dict,
        description="Tonnes picked up so far per demand released by ``through_day``.",
    )
    delays: tuple[tuple[str, int, float], ...] = Field(
        default=(),
        description="(lane, bucket, hours beyond the lane's transit) of dispatches before the cut.",
    )
    driver_presence: float | None = Field(
        default=None, description="Drivers who worked ÷ drivers planned, days up to the cut."
    )
    closed: tuple[tuple[str, int], ...] = Field(
        default=(), description="(hub, day) closures reported up to ``through_day``."
    )


class TrailerProjection(_Frozen):
    """Own-fleet trailers on hand at a hub at the start of a day: planned vs projected."""

    hub_id: str
    day: int
    planned: int
    projected: int

    @property
    def imbalance(self) -> int:
        """Projected minus planned trailers (negative: short of what the plan needs)."""
        return self.projected - self.planned


class ReplanOption(_Frozen):
    """One way through the rest of the week, with its cost and service."""

    name: str
    status: str = Field(description="optimal / feasible / unfinished / no_solution.")
    cost_eur: float | None = Field(description="Model cost of the whole week (past included).")
    demand_t: float = Field(description="Tonnes still to move at the cut.")
    on_time_t: float
    late_t: float
    unserved_t: float
    rest: tuple[LaneBucket, ...] = Field(description="Dispatches from the cut on.")
    projection: tuple[TrailerProjection, ...]

    @property
    def service_level(self) -> float:
        """Share of the tonnes still to move that arrive on time (1.0 if none)."""
        return self.on_time_t / self.demand_t if self.demand_t > _EPS else 1.0


class MidWeekReplan(_Frozen):
    """A mid-week re-plan: the frozen part, carrying on with the plan, and the re-plan."""

    frozen: FrozenWeek
    carry_on: ReplanOption
    replan: ReplanOption
    plan: Plan | None = Field(description="The re-plan: frozen dispatches + the rest.")
    unrepresented: tuple[LaneBucket, ...] = Field(
        default=(), description="Frozen dispatches on lane buckets the model has no truck for."
    )
    seconds: float


# --- freezing -------------------------------------------------------------------------


def freeze(network: Network, actuals: WeekActuals, through_day: int) -> FrozenWeek:
    """What has happened by the end of ``through_day`` (see the module notes).

    Raises
    ------
    ValueError
        If ``through_day`` is not a day of the week before its last (nothing to re-plan).
    """
    cal = network.calendar
    if not 0 <= through_day < cal.days - 1:
        raise ValueError(
            f"through_day {through_day} must be a day before the last of the "
            f"{cal.days}-day week (0 = Monday)"
        )
    cut = (through_day + 1) * cal.buckets_per_day
    cut_h = cut * cal.bucket_h
    dispatches = tuple(
        LaneBucket(
            lane_id=d.lane_id,
            bucket=d.bucket,
            trucks=d.trucks,
            loaded_t=d.loaded_t,
            empty_trailers=d.empty_trailers,
        )
        for d in sorted(actuals.dispatches, key=lambda d: (d.lane_id, d.bucket))
        if d.bucket < cut and d.lane_id in network.lane_by_id
    )
    picked: dict[str, float] = defaultdict(float)
    delivered: dict[str, float] = defaultdict(float)
    for dl in actuals.deliveries:
        picked[dl.demand_id] += dl.picked_up_t
        if dl.delivered_h is not None and dl.delivered_h < cut_h:
            delivered[dl.demand_id] += dl.delivered_t
    volumes: dict[str, float] = {}
    done: list[str] = []
    for d in sorted(network.demands, key=lambda d: d.id):
        if d.release_day > through_day or d.id not in picked:
            volumes[d.id] = d.volume_t
            continue
        left = round(max(0.0, picked[d.id] - delivered[d.id]), 3)
        if left <= 1e-3:
            done.append(d.id)
        else:
            volumes[d.id] = left
    known: dict[str, tuple[int, int]] = {}
    for tr in sorted(actuals.trailers, key=lambda r: (r.hub, r.day)):
        if tr.day <= through_day:
            known[tr.hub] = (tr.day, tr.trailers)
    released = {d.id for d in network.demands if d.release_day <= through_day}
    delays = tuple(
        sorted(
            (d.lane_id, d.bucket, round(max(0.0, d.transit_h - lane.transit_h), 3))
            for d in actuals.dispatches
            if d.bucket < cut
            and d.transit_h is not None
            and (lane := network.lane_by_id.get(d.lane_id)) is not None
        )
    )
    pools = {(p.region, p.day): p.drivers for p in network.drivers}
    seen = [
        (a.drivers, pools[(a.region, a.day)])
        for a in actuals.drivers
        if a.day <= through_day and (a.region, a.day) in pools
    ]
    planned_drivers = sum(p for _, p in seen)
    closed = {(x.entity, x.day) for x in actuals.disruptions if x.kind == "hub"}
    return FrozenWeek(
        week=actuals.week,
        through_day=through_day,
        cut_bucket=cut,
        dispatches=dispatches,
        volumes=volumes,
        done=tuple(done),
        trailers_known=known,
        picked_t={k: round(v, 3) for k, v in sorted(picked.items()) if k in released},
        delays=delays,
        driver_presence=sum(a for a, _ in seen) / planned_drivers if planned_drivers else None,
        closed=tuple(sorted((hub, day) for hub, day in closed if day <= through_day)),
    )


def actuals_through(network: Network, actuals: WeekActuals, through_day: int) -> WeekActuals:
    """What of a whole week's actuals is known by the end of ``through_day``.

    The rows a TMS would have sent by then: dispatches leaving before the next day,
    deliveries of demands released by then (tonnes delivered later read as not delivered
    yet), trailers, drivers and disruptions of the days up to it. Used to replay a
    simulated week day by day, as actuals arrive in practice.
    """
    cal = network.calendar
    cut = (through_day + 1) * cal.buckets_per_day
    cut_h = cut * cal.bucket_h
    released = {d.id for d in network.demands if d.release_day <= through_day}
    deliveries = tuple(
        d
        if d.delivered_h is not None and d.delivered_h < cut_h
        else d.model_copy(update={"delivered_t": 0.0, "delivered_h": None})
        for d in actuals.deliveries
        if d.demand_id in released
    )
    return actuals.model_copy(
        update={
            "dispatches": tuple(d for d in actuals.dispatches if d.bucket < cut),
            "deliveries": deliveries,
            "trailers": tuple(t for t in actuals.trailers if t.day <= through_day),
            "drivers": tuple(d for d in actuals.drivers if d.day <= through_day),
            "disruptions": tuple(d for d in actuals.disruptions if d.day <= through_day),
        }
    )


def rest_network(network: Network, frozen: FrozenWeek) -> Network:
    """``network`` with each demand's tonnes still to move (those delivered dropped)."""
    demands = tuple(
        d.model_copy(update={"volume_t": float(frozen.volumes[d.id])})
        for d in network.demands
        if d.id in frozen.volumes and frozen.volumes[d.id] > 0
    )
    fields = {name: getattr(network, name) for name in type(network).model_fields}
    fields["demands"] = demands
    return Network(**fields)


# --- trailers -------------------------------------------------------------------------


def _moves_by_day(network: Network, rows: Iterable[tuple[str, int, int]]) -> dict[str, list[int]]:
    """Own-fleet trailers gained per hub and day: departures on their day, arrivals on theirs."""
    cal = network.calendar
    out: dict[str, list[int]] = defaultdict(lambda: [0] * cal.days)
    for lane_id, bucket, count in rows:
        lane = network.lane_by_id.get(lane_id)
        if lane is None or lane.carrier is not CarrierKind.OWN or count == 0:
            continue
        out[lane.origin][cal.day_of(bucket)] -= count
        arrive = bucket + math.ceil(lane.transit_h / cal.bucket_h - 1e-9)
        if arrive < cal.n_buckets:
            out[lane.destination][cal.day_of(arrive)] += count
    return out


def _rows(buckets: Iterable[LaneBucket]) -> list[tuple[str, int, int]]:
    return [(lb.lane_id, lb.bucket, lb.trucks + lb.empty_trailers) for lb in buckets]


def planned_on_hand(network: Network, plan: Plan) -> dict[str, list[int]]:
    """Trailers on hand per hub at the start of each day if the plan runs as planned.

    The start is the simulator's: the hub's pool, or more if the plan's moves would
    otherwise take it below zero.
    """
    cal = network.calendar
    moves = _moves_by_day(network, _rows(plan.lane_buckets))
    pools = {p.hub: p.trailers for p in network.fleet}
    out: dict[str, list[int]] = {}
    for hub in sorted(set(pools) | set(moves)):
        low, running = 0, 0
        for day in range(cal.days):
            running += moves[hub][day]
            low = min(low, running)
        on_hand = max(pools.get(hub, 0), -low)
        days = []
        for day in range(cal.days):
            days.append(on_hand)
            on_hand += moves[hub][day]
        out[hub] = days
    return out


def trailer_projection(
    network: Network, plan: Plan, frozen: FrozenWeek, rest: Sequence[LaneBucket]
) -> tuple[TrailerProjection, ...]:
    """Planned vs projected trailers per hub at the start of every day after the cut.

    Projected: the hub's latest known trailers row, moved on by the frozen dispatches and
    then by ``rest`` (the dispatches from the cut on); a hub without a row starts from
    its planned position at the start of the week.
    """
    cal = network.calendar
    planned = planned_on_hand(network, plan)
    moves = _moves_by_day(
        network,
        _rows(frozen.dispatches) + _rows(lb for lb in rest if lb.bucket >= frozen.cut_bucket),
    )
    out: list[TrailerProjection] = []
    for hub in sorted(set(planned) | set(moves)):
        plan_days = planned.get(hub, [0] * cal.days)
        day0, on_hand = frozen.trailers_known.get(hub, (0, plan_days[0]))
        for day in range(day0, cal.days):
            if day > frozen.through_day:
                out.append(
                    TrailerProjection(
                        hub_id=hub, day=day, planned=plan_days[day], projected=on_hand
                    )
                )
            on_hand += moves[hub][day]
    return tuple(out)


def demand_factors(network: Network, frozen: FrozenWeek) -> dict[str, float]:
    """Actual ÷ forecast tonnes per demand: known for those picked up by the cut, estimated
    for the rest as a customer factor times an origin-region factor fitted to the known
    ones (tonne-weighted, alternating means; 1 where nothing is known)."""
    region_of = {h.id: h.region for h in network.hubs}
    demands = network.demand_by_id
    known = {
        i: t / demands[i].volume_t
        for i, t in frozen.picked_t.items()
        if i in demands and demands[i].volume_t > 0
    }
    customer: dict[str, float] = defaultdict(lambda: 1.0)
    region: dict[str, float] = defaultdict(lambda: 1.0)
    for _ in range(20):
        for fit, other, key_of, other_of in (
            (customer, region, lambda d: d.customer, lambda d: region_of[d.origin]),
            (region, customer, lambda d: region_of[d.origin], lambda d: d.customer),
        ):
            num: dict[str, float] = defaultdict(float)
            den: dict[str, float] = defaultdict(float)
            for i, f in known.items():
                d = demands[i]
                num[key_of(d)] += d.volume_t * f / max(other[other_of(d)], _EPS)
                den[key_of(d)] += d.volume_t
            for k in num:
                fit[k] = num[k] / den[k]
    return {
        d.id: known.get(d.id, customer[d.customer] * region[region_of[d.origin]])
        for d in network.demands
    }


def expected_rest(network: Network, plan: Plan, frozen: FrozenWeek) -> tuple[LaneBucket, ...]:
    """The dispatches to expect from the cut on if the plan is carried on, as execution runs.

    What the week so far says is carried forward through the plan's shipments:

    - **freight**: each demand's tonnes scale by its factor (:func:`demand_factors`: actual
      for those picked up, fitted per customer and region for the rest);
    - **timing**: each shipment leaves no earlier than its freight is ready; legs that have
      left take their actual transit, later ones the lane's transit plus its typical delay
      (the larger of the lane's smallest delay so far and the median delay of the week);
      a hub reported closed on a day sends and receives nothing until the next day;
    - **trucks follow freight**: a lane-bucket gets the trucks its tonnes fill, more or
      fewer than planned, within the lane's trucks per day;
    - **empties**: the plan's, moved past a closure, and cancelled (lane and bucket order)
      where the region's drivers — its pool times the share of drivers present so far —
      cannot cover the day's trips.
    """
    cal = network.calendar
    n, bh, cut = cal.n_buckets, cal.bucket_h, frozen.cut_bucket
    lanes = network.lane_by_id
    factor = demand_factors(network, frozen)
    known = {(lane, b): x for lane, b, x in frozen.delays}
    by_lane: dict[str, list[float]] = defaultdict(list)
    for lane_id, _, x in frozen.delays:
        by_lane[lane_id].append(x)
    every = [x for xs in by_lane.values() for x in xs]
    typical = 0.674 * math.sqrt(sum(x * x for x in every) / len(every)) if every else 0.0

    def delay(lane_id: str, b: int) -> float:
        if (lane_id, b) in known:
            return known[(lane_id, b)]
        seen = by_lane.get(lane_id, [])
        return max(typical, min(seen)) if len(seen) >= 3 else typical

    closures = set(frozen.closed)

    def closed(hub: str, hour: float) -> bool:
        return (hub, int(hour // 24) % cal.days) in closures

    load: dict[tuple[str, int], float] = defaultdict(float)
    for dp in plan.demands:
        f = factor.get(dp.demand_id, 1.0)
        for ship in dp.shipments:
            ready = ship.legs[0].depart_bucket * bh
            for leg in ship.legs:
                lane = lanes[leg.lane_id]
                dep_h = max(leg.depart_bucket * bh, ready)
                if closed(lane.origin, dep_h):
                    dep_h = (dep_h // 24 + 1) * 24
                b = math.ceil(dep_h / bh - _EPS)
                arr_h = b * bh + lane.transit_h + delay(lane.id, b % n)
                if closed(lane.destination, arr_h):
                    arr_h = (arr_h // 24 + 1) * 24
                load[(lane.id, b % n)] += ship.tonnes * f
                ready = math.ceil(arr_h / bh - _EPS) * bh
    planned_trucks: dict[tuple[str, int], int] = defaultdict(int)
    empties: dict[tuple[str, int], int] = defaultdict(int)
    for lb in plan.lane_buckets:
        planned_trucks[(lb.lane_id, cal.day_of(lb.bucket))] += lb.trucks
        b = lb.bucket
        if lb.empty_trailers and closed(lanes[lb.lane_id].origin, b * bh):
            b = math.ceil((b * bh // 24 + 1) * 24 / bh - _EPS)
        empties[(lb.lane_id, b % n)] += lb.empty_trailers
    if frozen.driver_presence is not None:
        _cancel_empties(network, frozen, load, empties)
    empties_day: dict[tuple[str, int], int] = defaultdict(int)
    for (lane_id, b), count in empties.items():
        empties_day[(lane_id, cal.day_of(b))] += count
    budget: dict[tuple[str, int], int] = {}
    out = []
    keys = {k for k in load if k[1] >= cut} | {k for k, v in empties.items() if k[1] >= cut and v}
    for key in sorted(keys):
        lane = lanes[key[0]]
        day_key = (key[0], cal.day_of(key[1]))
        if day_key not in budget:
            budget[day_key] = max(
                planned_trucks[day_key], lane.max_trucks_per_day - empties_day[day_key]
            )
        tonnes = load.get(key, 0.0)
        need = math.ceil(tonnes / lane.truck_capacity_t - 1e-6) if tonnes > 5e-4 else 0
        trucks = min(need, budget[day_key])
        budget[day_key] -= trucks
        if trucks or empties.get(key, 0):
            out.append(
                LaneBucket(
                    lane_id=key[0],
                    bucket=key[1],
                    trucks=trucks,
                    loaded_t=round(tonnes, 3) if trucks else 0.0,
                    empty_trailers=empties.get(key, 0),
                )
            )
    return tuple(out)


def _cancel_empties(
    network: Network,
    frozen: FrozenWeek,
    load: dict[tuple[str, int], float],
    empties: dict[tuple[str, int], int],
) -> None:
    """Cancel empty trips after the cut where the drivers expected cannot cover the day."""
    cal = network.calendar
    presence = frozen.driver_presence if frozen.driver_presence is not None else 1.0
    region_of = {h.id: h.region for h in network.hubs}
    hours = {(p.region, p.day): p.drivers * presence * p.hours_per_driver for p in network.drivers}
    need: dict[tuple[str, int], float] = defaultdict(float)
    for (lane_id, b), tonnes in load.items():
        lane = network.lane_by_id[lane_id]
        if lane.carrier is CarrierKind.OWN:
            trucks = math.ceil(tonnes / lane.truck_capacity_t - _EPS)
            need[(region_of[lane.origin], cal.day_of(b))] += trucks * lane.transit_h
    for (lane_id, b), count in empties.items():
        lane = network.lane_by_id[lane_id]
        if lane.carrier is CarrierKind.OWN:
            need[(region_of[lane.origin], cal.day_of(b))] += count * lane.transit_h
    for key in sorted(empties):
        lane = network.lane_by_id[key[0]]
        region_day = (region_of[lane.origin], cal.day_of(key[1]))
        if key[1] < frozen.cut_bucket or lane.carrier is not CarrierKind.OWN:
            continue
        if region_day not in hours:
            continue
        while empties[key] > 0 and need[region_day] > hours[region_day] + _EPS:
            empties[key] -= 1
            need[region_day] -= lane.transit_h


def imbalances(
    projection: Iterable[TrailerProjection], *, day: int | None = None, threshold: int = 1
) -> list[TrailerProjection]:
    """Hub-days whose projection is at least ``threshold`` trailers off the plan (or below
    zero), largest first; only ``day`` if given."""
    rows = [
        p
        for p in projection
        if (day is None or p.day == day) and (abs(p.imbalance) >= threshold or p.projected < 0)
    ]
    return sorted(rows, key=lambda p: (-abs(p.imbalance), p.hub_id, p.day))


# --- the model ------------------------------------------------------------------------


def _grid(
    idx_lanes: dict[str, int], shape: tuple[int, int], rows: Iterable[LaneBucket]
) -> np.ndarray:
    grid = np.zeros(shape)
    for lb in rows:
        i = idx_lanes.get(lb.lane_id)
        if i is not None and lb.bucket < shape[1]:
            grid[i, lb.bucket] += lb.trucks + lb.empty_trailers
    return grid


def _fixed_program(
    form: Formulation,
    cut: int,
    through_day: int,
    fixed: np.ndarray,
    *,
    fix_all: bool,
    on_hand: dict[str, int] | None = None,
) -> MatrixProgram:
    """``form``'s program with trucks before the cut (or all, with ``fix_all``) held at
    ``fixed`` and the rows of days that happened dropped.

    With ``on_hand`` (trailers per hub at the cut) the stock standing at the cut is at
    most what is there; stock before the cut is free (it happened).
    """
    p = form.program
    col_lb, col_ub = p.col_lb.copy(), p.col_ub.copy()
    if on_hand is not None:
        nb = form.net.calendar.n_buckets
        for k, h in enumerate(form.s_hubs):
            base = form.s0 + k * nb
            col_lb[base : base + cut - 1] = -np.inf
            hub = form.idx.hub_ids[h]
            col_ub[base + cut - 1] = min(col_ub[base + cut - 1], max(0, on_hand.get(hub, 0)))
    row_lb, row_ub = p.row_lb.copy(), p.row_ub.copy()
    held = fixed[form.n_lane, form.n_bucket]
    sel = np.ones(len(held), dtype=bool) if fix_all else form.n_bucket < cut
    cols = form.n0 + np.flatnonzero(sel)
    col_lb[cols] = held[sel]
    col_ub[cols] = held[sel]
    for r, info in enumerate(form.rows):
        past = info.day is not None and info.day <= through_day and info.kind in PAST_ROWS
        if past or info.kind == "fleet" or (fix_all and info.kind in TRUCK_ONLY_ROWS):
            row_lb[r], row_ub[r] = -np.inf, np.inf
    return replace(p, col_lb=col_lb, col_ub=col_ub, row_lb=row_lb, row_ub=row_ub)


def _option(
    name: str,
    status: str,
    sol: ProgramSolution,
    form: Formulation,
    rest: tuple[LaneBucket, ...],
    projection: tuple[TrailerProjection, ...],
) -> ReplanOption:
    cols = form.cols
    volume = float(form.volume.sum())
    if sol.x is None:
        return ReplanOption(
            name=name, status=status, cost_eur=None, demand_t=round(volume, 3), on_time_t=0.0,
            late_t=0.0, unserved_t=round(volume, 3), rest=rest, projection=projection,
        )  # fmt: skip
    x = sol.x[: cols.n]
    on = float(x[cols.on_time].sum())
    late = float(x[~cols.on_time].sum())
    return ReplanOption(
        name=name,
        status=status,
        cost_eur=None if sol.objective is None else round(float(sol.objective), 2),
        demand_t=round(volume, 3),
        on_time_t=round(on, 3),
        late_t=round(late, 3),
        unserved_t=round(max(0.0, volume - on - late), 3),
        rest=rest,
        projection=projection,
    )


def _rest_buckets(
    form: Formulation, vec: np.ndarray, cut: int
) -> tuple[tuple[LaneBucket, ...], np.ndarray]:
    """Dispatches from the cut on in a solution (loaded and empty), and the truck grid."""
    values = form.unpack(vec)
    n_grid = np.round(values.n)
    nb = form.net.calendar.n_buckets
    loads = np.zeros(n_grid.shape)
    cols = form.cols
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    np.add.at(loads, (cols.leg_lane, cols.leg_dep % nb), values.x[leg_col])
    rows: list[LaneBucket] = []
    for i, b in zip(*np.nonzero(n_grid), strict=True):
        if b < cut:
            continue
        lane = form.net.lane_by_id[form.idx.lane_ids[i]]
        load = max(0.0, float(loads[i, b]))
        count = int(n_grid[i, b])
        trucks = min(count, math.ceil(load / lane.truck_capacity_t - 1e-6)) if load > 1e-6 else 0
        rows.append(
            LaneBucket(
                lane_id=lane.id,
                bucket=int(b),
                trucks=trucks,
                loaded_t=round(load, 3) if trucks else 0.0,
                empty_trailers=count - trucks,
            )
        )
    return tuple(sorted(rows, key=lambda r: (r.lane_id, r.bucket))), n_grid


def _status(sol: ProgramSolution) -> str:
    if sol.x is None:
        return "no_solution"
    if sol.hit_time_limit:
        return "unfinished"
    return "optimal" if sol.status == "optimal" else "feasible"


def _keep(cand: Candidates, *vecs: np.ndarray) -> np.ndarray:
    """Columns some solution uses, plus the cheapest of each demand."""
    cols = cand.cols
    keep = np.zeros(cols.n, dtype=bool)
    for v in vecs:
        keep |= v[: cols.n] > _EPS
    order = np.lexsort((cols.cost, cols.demand))
    first = np.ones(len(order), dtype=bool)
    first[1:] = cols.demand[order][1:] != cols.demand[order][:-1]
    keep[order[first]] = True
    return np.flatnonzero(keep)


def carry_on_week(
    network: Network,
    plan: Plan,
    actuals: WeekActuals,
    through_day: int,
    *,
    time_limit_s: float = 60.0,
) -> ReplanOption:
    """Only the *carry on* option of :func:`replan_week`: every dispatch held, freight
    re-routed by LP, trailers projected. One LP, no MIP: cheap enough to run whenever
    actuals arrive (the watcher), where the full re-plan is prepared only when needed.

    Raises
    ------
    ValueError
        If ``through_day`` leaves nothing to re-plan.
    """
    frozen = freeze(network, actuals, through_day)
    net = rest_network(network, frozen)
    cand = build_candidates(net)
    lane_pos = {lid: i for i, lid in enumerate(cand.idx.lane_ids)}
    shape = (len(cand.idx.lane_ids), net.calendar.n_buckets)
    planned_rest = expected_rest(network, plan, frozen)
    whole = _grid(lane_pos, shape, frozen.dispatches) + _grid(lane_pos, shape, planned_rest)
    form = cand.full
    prog = _fixed_program(form, frozen.cut_bucket, through_day, whole, fix_all=True)
    carry = solve_program(prog, Backend.HIGHS, time_limit_s=time_limit_s, relax=True)
    rest = tuple(sorted(planned_rest, key=lambda r: (r.lane_id, r.bucket)))
    projection = trailer_projection(network, plan, frozen, rest)
    return _option("carry on", _status(carry), carry, form, rest, projection)


def replan_week(
    network: Network,
    plan: Plan,
    actuals: WeekActuals,
    through_day: int,
    settings: SolveSettings | None = None,
) -> MidWeekReplan:
    """Freeze the week up to ``through_day`` and re-plan the rest (see the module notes).

    Raises
    ------
    ValueError
        If ``through_day`` leaves nothing to re-plan.
    """
    settings = settings or SolveSettings()
    start = time.perf_counter()

    def left() -> float:
        return max(0.5, settings.time_limit_s - (time.perf_counter() - start))

    frozen = freeze(network, actuals, through_day)
    cut = frozen.cut_bucket
    net = rest_network(network, frozen)
    cand = build_candidates(net)
    idx = cand.idx
    lane_pos = {lid: i for i, lid in enumerate(idx.lane_ids)}
    shape = (len(idx.lane_ids), net.calendar.n_buckets)
    past = _grid(lane_pos, shape, frozen.dispatches)
    planned_rest = expected_rest(network, plan, frozen)
    whole = past + _grid(lane_pos, shape, planned_rest)
    form = cand.full
    has_var = np.zeros(shape, dtype=bool)
    has_var[form.n_lane, form.n_bucket] = True
    unrepresented = tuple(
        lb for lb in frozen.dispatches if not has_var[lane_pos[lb.lane_id], lb.bucket]
    )

    # carry on: every dispatch held, freight re-routed by LP
    carry_prog = _fixed_program(form, cut, through_day, whole, fix_all=True)
    carry = solve_program(carry_prog, Backend.HIGHS, time_limit_s=left(), relax=True)
    carry_rest = tuple(sorted(planned_rest, key=lambda r: (r.lane_id, r.bucket)))
    carry_opt = _option(
        "carry on",
        _status(carry),
        carry,
        form,
        carry_rest,
        trailer_projection(network, plan, frozen, carry_rest),
    )

    # re-plan: LP over every candidate path, then the MIP over the paths in use
    at_cut = {
        p.hub_id: p.projected
        for p in trailer_projection(network, plan, frozen, ())
        if p.day == through_day + 1
    }
    full_prog = _fixed_program(form, cut, through_day, past, fix_all=False, on_hand=at_cut)
    lp = solve_program(full_prog, settings.backend, time_limit_s=left(), relax=True)
    vecs = [v for v in (lp.x, carry.x) if v is not None]
    small = cand.with_columns(cand.cols.subset(_keep(cand, *vecs)))
    prog = _fixed_program(small.full, cut, through_day, past, fix_all=False, on_hand=at_cut)
    mip = solve_program(
        prog,
        settings.backend,
        time_limit_s=left(),
        relative_gap=settings.relative_gap,
        threads=settings.threads,
        seed=settings.seed,
        node_limit=settings.mip_nodes,
    )
    result_plan: Plan | None = None
    rest: tuple[LaneBucket, ...] = ()
    if mip.x is not None:
        rest, n_grid = _rest_buckets(small.full, mip.x, cut)
        held_past = n_grid[:, :cut][has_var[:, :cut]]
        if not np.allclose(held_past, past[:, :cut][has_var[:, :cut]]):
            raise RuntimeError("the re-plan moved a dispatch before the cut")  # pragma: no cover
        model_plan, _ = extract_plan(net, idx, small.cols, mip.x[: small.cols.n], n_grid)
        result_plan = model_plan.model_copy(
            update={
                "network_hash": network.content_hash(),
                "lane_buckets": tuple(
                    sorted(frozen.dispatches + rest, key=lambda r: (r.lane_id, r.bucket))
                ),
            }
        )
    replan_opt = _option(
        "re-plan",
        _status(mip),
        mip,
        small.full,
        rest,
        trailer_projection(network, plan, frozen, rest) if mip.x is not None else (),
    )
    return MidWeekReplan(
        frozen=frozen,
        carry_on=carry_opt,
        replan=replan_opt,
        plan=result_plan,
        unrepresented=unrepresented,
        seconds=round(time.perf_counter() - start, 3),
    )
