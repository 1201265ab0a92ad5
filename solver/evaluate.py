"""Independent evaluation of a plan on a network: costs, KPIs and every violation.

:func:`evaluate` recomputes everything from the plan's numbers and the network's data;
it knows nothing about the solver that made the plan. It never raises on a plan that
does not fit the network (a plan evaluated against an *edited* network, a hand-edited
plan): every mismatch becomes a :class:`Violation` naming the entities, and costs are
computed for whatever can be priced.

Cost model (the design solve minimises exactly this; see :mod:`solver.design`)
------------------------------------------------------------------------------
- linehaul: ``(trucks) * cost_eur_per_truck + loaded_t * cost_eur_per_t`` per lane bucket;
- empty: ``empty_trailers * cost_eur_per_truck`` (an empty move is a dispatch too);
- handling: every shipment tonne pays ``handling_cost_eur_per_t`` at its origin (on the
  day its first leg departs) and at the destination of every leg (on the arrival day);
- penalties: ``late_t * penalty_late_eur_per_t`` and ``unserved_t * penalty_unserved_eur_per_t``
  per demand; with a ``policy.service_target``, every tonne of on-time shortfall below
  the target costs :func:`service_shortfall_rate`.

Resource rules
--------------
- A hub's throughput on a day is the tonnes it handles then (origin departures and
  arrivals, as for handling cost); a closed hub-day handles nothing, and no truck may
  leave it on that day or arrive at it.
- A lane's dispatches (loaded and empty) per departure day are at most
  ``max_trucks_per_day``; an inactive lane carries none.
- An own-fleet dispatch consumes ``transit_h`` driver-hours of its origin hub's region
  on the departure day (contract carriers bring their own drivers); a region-day
  without a :class:`~solver.network.DriverPool` row is not limited.
- Own-fleet lanes move trailers: over the cyclic week every hub receives as many as
  it sends. The trailers a hub needs at the start of the week (the least stock so it
  never runs out, plus those on the road towards it at the week boundary) must not
  exceed its trailer pool (a hub without a pool has none; a network without any pool
  has an unlimited fleet), and no hub may hold more than its ``trailer_parking``.
- Freight is delivered at the start of its last leg's arrival bucket: on time up to
  ``release_day * 24 + due_h`` hours, late up to ``policy.max_late_h`` beyond, and
  counted unserved after that.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from solver.network import CarrierKind, Demand, Hub, Lane, Network
from solver.plan import Plan

TOL_T = 1e-4
"""Tonnes below this are treated as zero when checking capacities and balances."""
TOL_H = 1e-6
"""Hours tolerance when checking due times and driver hours."""


class ViolationKind(StrEnum):
    """What a violation is about."""

    HUB_OVER_CAPACITY = "hub_over_capacity"
    HUB_CLOSED = "hub_closed"
    LANE_OVER_CAPACITY = "lane_over_capacity"
    LANE_CLOSED = "lane_closed"
    DRIVER_SHORTAGE = "driver_shortage"
    TRAILER_SHORTAGE = "trailer_shortage"
    TRAILER_IMBALANCE = "trailer_imbalance"
    PARKING_OVER_CAPACITY = "parking_over_capacity"
    UNREACHABLE = "unreachable"
    SERVICE_MISS = "service_miss"
    SERVICE_TARGET_MISSED = "service_target_missed"
    UNSERVED = "unserved"
    SURPLUS = "surplus"
    ROUTE_RULE_BROKEN = "route_rule_broken"
    LANE_RULE_BROKEN = "lane_rule_broken"
    MISSING_ENTITY = "missing_entity"
    PLAN_INCONSISTENT = "plan_inconsistent"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Violation(_Frozen):
    """One broken rule (``hard``) or service shortfall (soft), with the entities involved."""

    kind: ViolationKind
    hard: bool
    entities: tuple[str, ...] = Field(description="Ids of the hubs, lanes, demands, regions.")
    day: int | None = None
    amount: float = Field(description="How much: tonnes, trucks, trailers, hours ...")
    unit: str
    message: str


class Kpis(_Frozen):
    """Headline numbers of a plan on a network."""

    total_cost_eur: float
    linehaul_cost_eur: float
    handling_cost_eur: float
    empty_cost_eur: float
    late_penalty_eur: float
    unserved_penalty_eur: float
    service_penalty_eur: float = Field(description="Shortfall below the service target.")
    cost_per_tkm_eur: float = Field(description="(linehaul+handling+empty) / loaded tonne-km.")
    tonne_km: float
    service_level: float = Field(description="Share of demand tonnes delivered on time, 0..1.")
    demand_t: float
    on_time_t: float
    late_t: float
    unserved_t: float
    surplus_t: float = Field(description="Tonnes shipped beyond the demand's volume.")
    trucks: int = Field(description="Loaded dispatches per week.")
    empty_trailers: int = Field(description="Empty repositioning dispatches per week.")
    truck_fill_rate: float = Field(description="Loaded tonnes / capacity of loaded trucks.")
    empty_km_share: float = Field(description="Empty km / all dispatched km.")
    lane_utilisation_max: float = Field(description="Max dispatches / max_trucks_per_day.")
    hub_utilisation_max: float = Field(description="Max throughput / capacity per hub-day.")
    fleet_utilisation: float = Field(description="Trailers needed / fleet (0 if unlimited).")
    trailers_required: int
    trailers_available: int | None = Field(description="None: no trailer pools, unlimited.")
    driver_utilisation_max: float = Field(description="Max driver-hours used / available.")
    max_trailer_imbalance: int = Field(description="Max |trailers in - out| per hub per week.")
    hard_violations: int
    soft_violations: int


class LaneBucketUse(_Frozen):
    """Per lane and departure bucket: dispatches, load and fill."""

    lane_id: str
    bucket: int
    day: int
    trucks: int
    empty_trailers: int
    loaded_t: float
    capacity_t: float
    fill: float


class LaneDayUse(_Frozen):
    """Per lane and day: dispatches against the lane's daily limit."""

    lane_id: str
    day: int
    dispatches: int
    max_trucks: int
    utilisation: float


class HubDayUse(_Frozen):
    """Per hub and day: tonnes handled against capacity (0 when closed)."""

    hub_id: str
    day: int
    throughput_t: float
    capacity_t: float
    utilisation: float


class TrailerDay(_Frozen):
    """Per hub and day: own-fleet trailers arriving, departing, and the net imbalance."""

    hub_id: str
    day: int
    arrivals: int
    departures: int
    imbalance: int


class DriverDay(_Frozen):
    """Per region and day: driver-hours used against those available (None: unlimited)."""

    region: str
    day: int
    hours_used: float
    hours_available: float | None
    utilisation: float


class DemandOutcome(_Frozen):
    """Per demand: volume and how much is on time, late, unserved, or shipped in surplus."""

    demand_id: str
    volume_t: float
    on_time_t: float
    late_t: float
    unserved_t: float
    surplus_t: float


class Evaluation(_Frozen):
    """KPIs, violations and the per-entity tables behind them (for charts and answers)."""

    network_hash: str
    plan_network_hash: str
    kpis: Kpis
    violations: tuple[Violation, ...]
    lane_buckets: tuple[LaneBucketUse, ...]
    lane_days: tuple[LaneDayUse, ...]
    hub_days: tuple[HubDayUse, ...]
    trailer_days: tuple[TrailerDay, ...]
    driver_days: tuple[DriverDay, ...]
    demands: tuple[DemandOutcome, ...]

    @property
    def hard_violations(self) -> tuple[Violation, ...]:
        """The violations of hard rules (capacities, closures, balance, consistency)."""
        return tuple(v for v in self.violations if v.hard)


def service_shortfall_rate(network: Network) -> float:
    """EUR per tonne of on-time shortfall below ``policy.service_target``.

    Ten times the largest unserved penalty (at least 1,000 EUR/t), so meeting the target
    is always preferred when it can be met at all.
    """
    top = max((d.penalty_unserved_eur_per_t for d in network.demands), default=0.0)
    return max(1000.0, 10.0 * top)


def transit_buckets(lane: Lane, bucket_h: float) -> int:
    """Buckets from a lane's departure to the bucket its freight is available (>= 1)."""
    return max(1, math.ceil(lane.transit_h / bucket_h - 1e-9))


def due_hour(demand: Demand) -> float:
    """Hour (from the start of the cycle) by which a demand is on time."""
    return demand.release_day * 24.0 + demand.due_h


def hub_label(hub: Hub | None, hub_id: str) -> str:
    """Human name of a hub, e.g. ``Lyon (LYS)``."""
    return f"{hub.name} ({hub.id})" if hub is not None else hub_id


def _tonnes(x: float) -> str:
    return f"{x:,.0f} t" if abs(x) >= 100 else f"{x:,.1f} t"


class _Evaluator:
    """One evaluation run; accumulates costs, usage and violations."""

    def __init__(self, network: Network, plan: Plan) -> None:
        self.net = network
        self.plan = plan
        cal = network.calendar
        self.B = cal.n_buckets
        self.bpd = cal.buckets_per_day
        self.bh = cal.bucket_h
        self.violations: list[Violation] = []
        self.linehaul = 0.0
        self.empty = 0.0
        self.handling = 0.0
        self.tonne_km = 0.0
        self.loaded_km = 0.0
        self.empty_km = 0.0
        self.trucks = 0
        self.empties = 0
        self.loaded_t = 0.0
        self.loaded_cap_t = 0.0
        self.throughput: dict[tuple[str, int], float] = defaultdict(float)
        self.lane_day: dict[tuple[str, int], int] = defaultdict(int)
        self.driver_h: dict[tuple[str, int], float] = defaultdict(float)
        self.trailer_dep: dict[tuple[str, int], int] = defaultdict(int)
        self.trailer_arr: dict[tuple[str, int], int] = defaultdict(int)
        self.wrap_in: dict[str, int] = defaultdict(int)
        self.lane_bucket_rows: list[LaneBucketUse] = []
        self.leg_load: dict[tuple[str, int], float] = defaultdict(float)
        self.closed_uses: set[tuple[str, int]] = set()
        self.late_pen = 0.0
        self.unserved_pen = 0.0

    # ---------------------------------------------------------------- helpers
    def add(
        self,
        kind: ViolationKind,
        hard: bool,
        entities: Iterable[str],
        amount: float,
        unit: str,
        message: str,
        day: int | None = None,
    ) -> None:
        self.violations.append(
            Violation(
                kind=kind,
                hard=hard,
                entities=tuple(entities),
                day=day,
                amount=round(amount, 6),
                unit=unit,
                message=message,
            )
        )

    def hub_name(self, hub_id: str) -> str:
        return hub_label(self.net.hub_by_id.get(hub_id), hub_id)

    def lane_name(self, lane: Lane) -> str:
        return f"{self.hub_name(lane.origin)} → {self.hub_name(lane.destination)}"

    def day_name(self, day: int) -> str:
        return self.net.calendar.day_name(day)

    def day_of(self, bucket: int) -> int:
        return self.net.calendar.day_of(bucket)

    def hub_open(self, hub_id: str, day: int) -> bool:
        hub = self.net.hub_by_id.get(hub_id)
        return hub is not None and hub.is_open_on(day)

    # ---------------------------------------------------------------- lanes
    def lane_buckets(self) -> None:
        seen: set[tuple[str, int]] = set()
        for lb in self.plan.lane_buckets:
            key = (lb.lane_id, lb.bucket)
            if key in seen:
                self.add(
                    ViolationKind.PLAN_INCONSISTENT,
                    True,
                    [lb.lane_id],
                    lb.bucket,
                    "bucket",
                    f"Lane {lb.lane_id} appears twice for bucket {lb.bucket} in the plan",
                )
            seen.add(key)
            lane = self.net.lane_by_id.get(lb.lane_id)
            if lane is None:
                if lb.trucks or lb.empty_trailers:
                    self.add(
                        ViolationKind.MISSING_ENTITY,
                        True,
                        [lb.lane_id],
                        lb.trucks + lb.empty_trailers,
                        "trucks",
                        f"Lane {lb.lane_id} is used by the plan but is not in the network "
                        f"({lb.trucks + lb.empty_trailers} dispatches not priced)",
                    )
                continue
            self.lane_bucket(lane, lb.bucket, lb.trucks, lb.loaded_t, lb.empty_trailers)

    def lane_bucket(self, lane: Lane, bucket: int, trucks: int, loaded: float, empt: int) -> None:
        b = bucket % self.B
        day = self.day_of(b)
        tau = transit_buckets(lane, self.bh)
        arr_day = self.day_of(b + tau)
        dispatches = trucks + empt
        self.linehaul += trucks * lane.cost_eur_per_truck + loaded * lane.cost_eur_per_t
        self.empty += empt * lane.cost_eur_per_truck
        self.trucks += trucks
        self.empties += empt
        self.loaded_t += loaded
        self.loaded_cap_t += trucks * lane.truck_capacity_t
        self.tonne_km += loaded * lane.distance_km
        self.loaded_km += trucks * lane.distance_km
        self.empty_km += empt * lane.distance_km
        self.lane_day[(lane.id, day)] += dispatches
        cap = trucks * lane.truck_capacity_t
        self.lane_bucket_rows.append(
            LaneBucketUse(
                lane_id=lane.id,
                bucket=b,
                day=day,
                trucks=trucks,
                empty_trailers=empt,
                loaded_t=loaded,
                capacity_t=cap,
                fill=loaded / cap if cap > 0 else 0.0,
            )
        )
        if loaded > cap + TOL_T:
            self.add(
                ViolationKind.PLAN_INCONSISTENT,
                True,
                [lane.id],
                loaded - cap,
                "t",
                f"{self.lane_name(lane)} bucket {b} ({self.day_name(day)}): {_tonnes(loaded)} "
                f"loaded on {trucks} truck(s) of {_tonnes(lane.truck_capacity_t)}",
                day,
            )
        if dispatches == 0:
            return
        origin = self.net.hub_by_id.get(lane.origin)
        if lane.carrier == CarrierKind.OWN:
            if origin is not None:
                self.driver_h[(origin.region, day)] += dispatches * lane.transit_h
            self.trailer_dep[(lane.origin, b)] += dispatches
            self.trailer_arr[(lane.destination, (b + tau) % self.B)] += dispatches
            self.wrap_in[lane.destination] += dispatches * ((b + tau) // self.B)
        elif empt:
            self.add(
                ViolationKind.PLAN_INCONSISTENT,
                False,
                [lane.id],
                empt,
                "trailers",
                f"{self.lane_name(lane)} is a contract lane but the plan moves {empt} empty "
                "trailer(s) on it",
                day,
            )
        if not lane.active:
            self.add(
                ViolationKind.LANE_CLOSED,
                True,
                [lane.id],
                dispatches,
                "trucks",
                f"{self.lane_name(lane)} is closed but the plan dispatches {dispatches} "
                f"truck(s) on {self.day_name(day)}",
                day,
            )
        for hub_id, d, verb in ((lane.origin, day, "leave"), (lane.destination, arr_day, "arrive")):
            if hub_id not in self.net.hub_by_id:
                self.add(
                    ViolationKind.MISSING_ENTITY,
                    True,
                    [hub_id, lane.id],
                    dispatches,
                    "trucks",
                    f"Hub {hub_id} of lane {lane.id} is not in the network",
                    d,
                )
            elif not self.hub_open(hub_id, d) and (hub_id, d) not in self.closed_uses:
                self.closed_uses.add((hub_id, d))
                self.add(
                    ViolationKind.HUB_CLOSED,
                    True,
                    [hub_id, lane.id],
                    dispatches,
                    "trucks",
                    f"{self.hub_name(hub_id)} is closed on {self.day_name(d)} but trucks "
                    f"{verb} it ({self.lane_name(lane)})",
                    d,
                )

    def lane_limits(self) -> tuple[tuple[LaneDayUse, ...], float]:
        rows: list[LaneDayUse] = []
        top = 0.0
        for (lane_id, day), n in sorted(self.lane_day.items()):
            lane = self.net.lane_by_id[lane_id]
            cap = lane.max_trucks_per_day if lane.active else 0
            util = n / cap if cap > 0 else 0.0
            top = max(top, util)
            rows.append(
                LaneDayUse(lane_id=lane_id, day=day, dispatches=n, max_trucks=cap, utilisation=util)
            )
            if lane.active and n > cap:
                self.add(
                    ViolationKind.LANE_OVER_CAPACITY,
                    True,
                    [lane_id],
                    n - cap,
                    "trucks",
                    f"{self.lane_name(lane)} over capacity on {self.day_name(day)}: "
                    f"{n} trucks of {cap}",
                    day,
                )
        return tuple(rows), top

    # ---------------------------------------------------------------- demands
    def demand(
        self, shipments: Iterable[tuple[float, list[tuple[Lane, int, int]]]], demand: Demand | None
    ) -> tuple[float, float, float]:
        """Account a demand's shipments; returns tonnes (on time, late, too late)."""
        on_time = late = too_late = 0.0
        for tonnes, legs in shipments:
            first_lane, first_dep, _ = legs[0]
            self.handle(first_lane.origin, self.day_of(first_dep), tonnes)
            for lane, _, arr in legs:
                self.handle(lane.destination, self.day_of(arr), tonnes)
            if demand is None:
                continue
            delivered_h = legs[-1][2] * self.bh
            due = due_hour(demand)
            if delivered_h <= due + TOL_H:
                on_time += tonnes
            elif delivered_h <= due + self.net.policy.max_late_h + TOL_H:
                late += tonnes
            else:
                too_late += tonnes
        return on_time, late, too_late

    def handle(self, hub_id: str, day: int, tonnes: float) -> None:
        hub = self.net.hub_by_id.get(hub_id)
        if hub is None:
            return
        self.handling += tonnes * hub.handling_cost_eur_per_t
        self.throughput[(hub_id, day)] += tonnes

    def check_shipment(
        self, demand: Demand | None, legs: list[tuple[Lane, int, int]]
    ) -> str | None:
        """Why a shipment's legs do not form a valid route for the demand, or None."""
        if demand is not None:
            if legs[0][0].origin != demand.origin:
                return f"starts at {legs[0][0].origin}, not at the origin {demand.origin}"
            if legs[-1][0].destination != demand.destination:
                return f"ends at {legs[-1][0].destination}, not at {demand.destination}"
            if legs[0][1] < demand.release_day * self.bpd:
                return f"departs in bucket {legs[0][1]}, before the release"
        for (lane, _dep, arr), (nxt, ndep, _) in itertools.pairwise(legs):
            if lane.destination != nxt.origin:
                return f"lane {lane.id} ends at {lane.destination} but {nxt.id} starts elsewhere"
            if ndep < arr:
                return f"lane {nxt.id} departs in bucket {ndep} before arrival in bucket {arr}"
        for lane, dep, arr in legs:
            if arr != dep + transit_buckets(lane, self.bh):
                return f"lane {lane.id} arrives in bucket {arr}, transit says otherwise"
        return None

    def demands(self) -> tuple[tuple[DemandOutcome, ...], float, float, float, float]:
        net = self.net
        same_network = self.plan.network_hash == net.content_hash()
        outcomes: list[DemandOutcome] = []
        planned: set[str] = set()
        late_pen = unserved_pen = 0.0
        tot_on = tot_late = tot_unserved = tot_surplus = 0.0
        for dp in self.plan.demands:
            if dp.demand_id in planned:
                self.add(
                    ViolationKind.PLAN_INCONSISTENT,
                    True,
                    [dp.demand_id],
                    1,
                    "rows",
                    f"Demand {dp.demand_id} appears twice in the plan",
                )
                continue
            planned.add(dp.demand_id)
            demand = net.demand_by_id.get(dp.demand_id)
            ships: list[tuple[float, list[tuple[Lane, int, int]]]] = []
            for shipment in dp.shipments:
                legs: list[tuple[Lane, int, int]] = []
                missing = [
                    leg.lane_id for leg in shipment.legs if leg.lane_id not in net.lane_by_id
                ]
                if missing:
                    self.add(
                        ViolationKind.MISSING_ENTITY,
                        True,
                        [dp.demand_id, *missing],
                        shipment.tonnes,
                        "t",
                        f"Demand {dp.demand_id} ships {_tonnes(shipment.tonnes)} over lane(s) "
                        f"{', '.join(missing)} that are not in the network",
                    )
                    continue
                for leg in shipment.legs:
                    lane = net.lane_by_id[leg.lane_id]
                    legs.append((lane, leg.depart_bucket, leg.arrive_bucket))
                    self.leg_load[(lane.id, leg.depart_bucket % self.B)] += shipment.tonnes
                why = self.check_shipment(demand, legs)
                if why is not None:
                    self.add(
                        ViolationKind.PLAN_INCONSISTENT,
                        True,
                        [dp.demand_id, *(leg.lane_id for leg in shipment.legs)],
                        shipment.tonnes,
                        "t",
                        f"Shipment of demand {dp.demand_id} ({_tonnes(shipment.tonnes)}) {why}",
                    )
                ships.append((shipment.tonnes, legs))
            on_time, late, too_late = self.demand(ships, demand)
            if demand is None:
                self.add(
                    ViolationKind.MISSING_ENTITY,
                    True,
                    [dp.demand_id],
                    dp.shipped_t,
                    "t",
                    f"Demand {dp.demand_id} is in the plan but not in the network "
                    f"({_tonnes(dp.shipped_t)} shipped)",
                )
                continue
            outcome = self.outcome(demand, on_time, late, too_late)
            if same_network and (
                abs(outcome.late_t - dp.late_t) > TOL_T
                or abs(outcome.unserved_t - dp.unserved_t) > TOL_T
            ):
                self.add(
                    ViolationKind.PLAN_INCONSISTENT,
                    True,
                    [demand.id],
                    abs(outcome.unserved_t - dp.unserved_t) + abs(outcome.late_t - dp.late_t),
                    "t",
                    f"Demand {demand.id}: the plan states {_tonnes(dp.late_t)} late and "
                    f"{_tonnes(dp.unserved_t)} unserved, its shipments give "
                    f"{_tonnes(outcome.late_t)} and {_tonnes(outcome.unserved_t)}",
                )
            outcomes.append(outcome)
        for demand in net.demands:
            if demand.id not in planned:
                outcomes.append(self.outcome(demand, 0.0, 0.0, 0.0))
        outcomes.sort(key=lambda o: o.demand_id)
        for o in outcomes:
            demand = net.demand_by_id[o.demand_id]
            late_pen += o.late_t * demand.penalty_late_eur_per_t
            unserved_pen += o.unserved_t * demand.penalty_unserved_eur_per_t
            tot_on += o.on_time_t
            tot_late += o.late_t
            tot_unserved += o.unserved_t
            tot_surplus += o.surplus_t
        self.demand_violations(outcomes)
        self.late_pen, self.unserved_pen = late_pen, unserved_pen
        return tuple(outcomes), tot_on, tot_late, tot_unserved, tot_surplus

    def outcome(
        self, demand: Demand, on_time: float, late: float, too_late: float
    ) -> DemandOutcome:
        vol = demand.volume_t
        on = min(vol, on_time)
        lt = min(vol - on, late)
        shipped = on_time + late + too_late
        return DemandOutcome(
            demand_id=demand.id,
            volume_t=vol,
            on_time_t=on,
            late_t=lt,
            unserved_t=max(0.0, vol - on - lt),
            surplus_t=max(0.0, shipped - vol),
        )

    def demand_violations(self, outcomes: list[DemandOutcome]) -> None:
        reach = _Reachability(self.net)
        for o in outcomes:
            d = self.net.demand_by_id[o.demand_id]
            # names first, the id once at the end: "Berlin (BER) → Lyon (LYS), Monday (D0007)"
            route = (
                f"{self.hub_name(d.origin)} → {self.hub_name(d.destination)}, "
                f"{self.day_name(d.release_day)} ({d.id})"
            )
            if o.unserved_t > TOL_T:
                if not reach.reachable(d.origin, d.destination):
                    self.add(
                        ViolationKind.UNREACHABLE,
                        False,
                        [d.id, d.origin, d.destination],
                        o.unserved_t,
                        "t",
                        f"{route}: no open route from "
                        f"{self.hub_name(d.origin)} to {self.hub_name(d.destination)}",
                        d.release_day,
                    )
                self.add(
                    ViolationKind.UNSERVED,
                    False,
                    [d.id, d.origin, d.destination],
                    o.unserved_t,
                    "t",
                    f"{route}: {_tonnes(o.unserved_t)} of {_tonnes(o.volume_t)} not served",
                    d.release_day,
                )
            if o.late_t > TOL_T:
                self.add(
                    ViolationKind.SERVICE_MISS,
                    False,
                    [d.id, d.origin, d.destination],
                    o.late_t,
                    "t",
                    f"{route}: {_tonnes(o.late_t)} of {_tonnes(o.volume_t)} "
                    f"late (due within {d.due_h:g} h)",
                    d.release_day,
                )
            if o.surplus_t > TOL_T:
                self.add(
                    ViolationKind.SURPLUS,
                    False,
                    [d.id],
                    o.surplus_t,
                    "t",
                    f"{route}: the plan ships {_tonnes(o.surplus_t)} more "
                    f"than its {_tonnes(o.volume_t)}",
                    d.release_day,
                )

    # ---------------------------------------------------------------- planner rules
    def routing_rules(self) -> None:
        """Flag freight that misses its via hub and required lanes left without a loaded truck."""
        via_of = self.net.via_of
        for dp in self.plan.demands:
            via = via_of.get(dp.demand_id)
            d = self.net.demand_by_id.get(dp.demand_id)
            if via is None or d is None:
                continue
            missed = sum(
                s.tonnes
                for s in dp.shipments
                if all(
                    (lane := self.net.lane_by_id.get(leg.lane_id)) is None
                    or lane.destination != via
                    for leg in s.legs
                )
            )
            if missed > TOL_T:
                self.add(
                    ViolationKind.ROUTE_RULE_BROKEN,
                    True,
                    [d.id, via],
                    missed,
                    "t",
                    f"{self.hub_name(d.origin)} → {self.hub_name(d.destination)}, "
                    f"{self.day_name(d.release_day)} ({d.id}): {_tonnes(missed)} do not pass "
                    f"through {self.hub_name(via)} as required",
                    d.release_day,
                )
        runs: dict[tuple[str, int], int] = defaultdict(int)
        for lb in self.plan.lane_buckets:
            if lb.loaded_t > TOL_T:
                runs[(lb.lane_id, self.day_of(lb.bucket))] += lb.trucks
        for rule in self.net.lane_rules:
            days = rule.days or tuple(range(self.net.calendar.days))
            if sum(runs[(rule.lane, day)] for day in days) > 0:
                continue
            lane = self.net.lane_by_id.get(rule.lane)
            name = self.lane_name(lane) if lane is not None else rule.lane
            when = " on " + ", ".join(self.day_name(day) for day in rule.days) if rule.days else ""
            self.add(
                ViolationKind.LANE_RULE_BROKEN,
                True,
                [rule.lane],
                1,
                "trucks",
                f"Lane {name} must run at least one loaded truck{when}; the plan runs none",
                rule.days[0] if len(rule.days) == 1 else None,
            )

    # ---------------------------------------------------------------- consistency
    def loads_match_legs(self) -> None:
        stated = {(lb.lane_id, lb.bucket % self.B): lb.loaded_t for lb in self.plan.lane_buckets}
        for key in sorted(set(stated) | set(self.leg_load)):
            a, b = stated.get(key, 0.0), self.leg_load.get(key, 0.0)
            if abs(a - b) > TOL_T * max(1.0, abs(b)) and key[0] in self.net.lane_by_id:
                lane = self.net.lane_by_id[key[0]]
                self.add(
                    ViolationKind.PLAN_INCONSISTENT,
                    True,
                    [key[0]],
                    abs(a - b),
                    "t",
                    f"{self.lane_name(lane)} bucket {key[1]}: the plan loads {_tonnes(a)} but "
                    f"its shipments put {_tonnes(b)} on it",
                    self.day_of(key[1]),
                )

    # ---------------------------------------------------------------- hubs
    def hubs(self) -> tuple[tuple[HubDayUse, ...], float]:
        rows: list[HubDayUse] = []
        top = 0.0
        days = self.net.calendar.days
        for hub in sorted(self.net.hubs, key=lambda h: h.id):
            for day in range(days):
                t = self.throughput.get((hub.id, day), 0.0)
                cap = hub.capacity_t_per_day if hub.is_open_on(day) else 0.0
                util = t / cap if cap > 0 else 0.0
                top = max(top, util)
                rows.append(
                    HubDayUse(
                        hub_id=hub.id, day=day, throughput_t=t, capacity_t=cap, utilisation=util
                    )
                )
                if t <= cap + TOL_T * max(1.0, cap):
                    continue
                if not hub.is_open_on(day):
                    if (hub.id, day) not in self.closed_uses:
                        self.closed_uses.add((hub.id, day))
                        self.add(
                            ViolationKind.HUB_CLOSED,
                            True,
                            [hub.id],
                            t,
                            "t",
                            f"{hub_label(hub, hub.id)} is closed on {self.day_name(day)} but "
                            f"handles {_tonnes(t)}",
                            day,
                        )
                else:
                    self.add(
                        ViolationKind.HUB_OVER_CAPACITY,
                        True,
                        [hub.id],
                        t - cap,
                        "t",
                        f"{hub_label(hub, hub.id)} over capacity on {self.day_name(day)}: "
                        f"{_tonnes(t)} of {_tonnes(cap)}",
                        day,
                    )
        return tuple(rows), top

    # ---------------------------------------------------------------- drivers
    def drivers(self) -> tuple[tuple[DriverDay, ...], float]:
        pools = {(p.region, p.day): p for p in self.net.drivers}
        rows: list[DriverDay] = []
        top = 0.0
        for key in sorted(set(pools) | set(self.driver_h)):
            used = self.driver_h.get(key, 0.0)
            pool = pools.get(key)
            avail = pool.drivers * pool.hours_per_driver if pool is not None else None
            util = used / avail if avail else 0.0
            top = max(top, util)
            rows.append(
                DriverDay(
                    region=key[0],
                    day=key[1],
                    hours_used=used,
                    hours_available=avail,
                    utilisation=util,
                )
            )
            if pool is not None and avail is not None and used > avail + TOL_H * max(1.0, avail):
                need = math.ceil(used / pool.hours_per_driver - 1e-9)
                self.add(
                    ViolationKind.DRIVER_SHORTAGE,
                    True,
                    [key[0]],
                    used - avail,
                    "h",
                    f"Drivers in {key[0]} short on {self.day_name(key[1])}: {need} needed, "
                    f"{pool.drivers} available ({used:,.0f} h of {avail:,.0f} h)",
                    key[1],
                )
        return tuple(rows), top

    # ---------------------------------------------------------------- trailers
    def trailers(self) -> tuple[tuple[TrailerDay, ...], int, int | None, int]:
        hubs = sorted({h for h, _ in self.trailer_dep} | {h for h, _ in self.trailer_arr})
        rows: list[TrailerDay] = []
        required = 0
        pools = {p.hub: p.trailers for p in self.net.fleet}
        limited = bool(self.net.fleet)
        worst = 0
        days = self.net.calendar.days
        for hub_id in hubs:
            dep = [self.trailer_dep.get((hub_id, b), 0) for b in range(self.B)]
            arr = [self.trailer_arr.get((hub_id, b), 0) for b in range(self.B)]
            cum = 0
            low = 0
            high = 0
            for b in range(self.B):
                cum += arr[b] - dep[b]
                low = min(low, cum)
                high = max(high, cum)
            stock0 = -low
            need = stock0 + self.wrap_in.get(hub_id, 0)
            required += need
            peak = stock0 + high
            have = pools.get(hub_id, 0)
            if limited and need > have:
                self.add(
                    ViolationKind.TRAILER_SHORTAGE,
                    True,
                    [hub_id],
                    need - have,
                    "trailers",
                    f"{self.hub_name(hub_id)} needs {need} trailers at the start of the week, "
                    f"has {have}",
                )
            for day in range(days):
                a = sum(arr[day * self.bpd : (day + 1) * self.bpd])
                d = sum(dep[day * self.bpd : (day + 1) * self.bpd])
                rows.append(
                    TrailerDay(hub_id=hub_id, day=day, arrivals=a, departures=d, imbalance=a - d)
                )
            worst = max(worst, abs(cum))
            if cum != 0:
                self.add(
                    ViolationKind.TRAILER_IMBALANCE,
                    True,
                    [hub_id],
                    abs(cum),
                    "trailers",
                    f"{self.hub_name(hub_id)} trailers out of balance over the week: "
                    f"{sum(arr)} arrive, {sum(dep)} leave",
                )
            hub = self.net.hub_by_id.get(hub_id)
            if hub is not None and peak > hub.trailer_parking:
                self.add(
                    ViolationKind.PARKING_OVER_CAPACITY,
                    True,
                    [hub_id],
                    peak - hub.trailer_parking,
                    "trailers",
                    f"{hub_label(hub, hub_id)} needs parking for {peak} trailers, "
                    f"has {hub.trailer_parking}",
                )
        available = sum(pools.values()) if limited else None
        return tuple(rows), required, available, worst

    # ---------------------------------------------------------------- all
    def run(self) -> Evaluation:
        net = self.net
        if self.plan.n_buckets != self.B or self.plan.buckets_per_day != self.bpd:
            self.add(
                ViolationKind.PLAN_INCONSISTENT,
                True,
                [],
                self.plan.n_buckets,
                "buckets",
                f"The plan has {self.plan.n_buckets} buckets ({self.plan.buckets_per_day} a "
                f"day), the network's calendar {self.B} ({self.bpd} a day)",
            )
        self.lane_buckets()
        outcomes, on, late, unserved, surplus = self.demands()
        self.loads_match_legs()
        self.routing_rules()
        lane_days, lane_util = self.lane_limits()
        hub_days, hub_util = self.hubs()
        driver_days, driver_util = self.drivers()
        trailer_days, required, available, imbalance = self.trailers()
        demand_t = sum(d.volume_t for d in net.demands)
        service_pen = 0.0
        target = net.policy.service_target
        if target is not None and demand_t > 0:
            short = target * demand_t - on
            if short > TOL_T:
                service_pen = short * service_shortfall_rate(net)
                self.add(
                    ViolationKind.SERVICE_TARGET_MISSED,
                    True,
                    [],
                    short,
                    "t",
                    f"Service target {target:.1%} missed: {on / demand_t:.1%} of tonnes on "
                    f"time ({_tonnes(short)} short)",
                )
        total = (
            self.linehaul
            + self.handling
            + self.empty
            + self.late_pen
            + self.unserved_pen
            + service_pen
        )
        operating = self.linehaul + self.handling + self.empty
        all_km = self.loaded_km + self.empty_km
        hard = sum(1 for v in self.violations if v.hard)
        kpis = Kpis(
            total_cost_eur=total,
            linehaul_cost_eur=self.linehaul,
            handling_cost_eur=self.handling,
            empty_cost_eur=self.empty,
            late_penalty_eur=self.late_pen,
            unserved_penalty_eur=self.unserved_pen,
            service_penalty_eur=service_pen,
            cost_per_tkm_eur=operating / self.tonne_km if self.tonne_km > 0 else 0.0,
            tonne_km=self.tonne_km,
            service_level=on / demand_t if demand_t > 0 else 1.0,
            demand_t=demand_t,
            on_time_t=on,
            late_t=late,
            unserved_t=unserved,
            surplus_t=surplus,
            trucks=self.trucks,
            empty_trailers=self.empties,
            truck_fill_rate=self.loaded_t / self.loaded_cap_t if self.loaded_cap_t > 0 else 0.0,
            empty_km_share=self.empty_km / all_km if all_km > 0 else 0.0,
            lane_utilisation_max=lane_util,
            hub_utilisation_max=hub_util,
            fleet_utilisation=required / available if available else 0.0,
            trailers_required=required,
            trailers_available=available,
            driver_utilisation_max=driver_util,
            max_trailer_imbalance=imbalance,
            hard_violations=hard,
            soft_violations=len(self.violations) - hard,
        )
        order = {k: i for i, k in enumerate(ViolationKind)}
        violations = sorted(
            self.violations,
            key=lambda v: (
                not v.hard,
                order[v.kind],
                v.day if v.day is not None else -1,
                v.entities,
            ),
        )
        return Evaluation(
            network_hash=net.content_hash(),
            plan_network_hash=self.plan.network_hash,
            kpis=kpis,
            violations=tuple(violations),
            lane_buckets=tuple(sorted(self.lane_bucket_rows, key=lambda r: (r.lane_id, r.bucket))),
            lane_days=lane_days,
            hub_days=hub_days,
            trailer_days=trailer_days,
            driver_days=driver_days,
            demands=outcomes,
        )


class _Reachability:
    """Which hubs can be reached over active lanes between hubs open on some day."""

    def __init__(self, network: Network) -> None:
        days = range(network.calendar.days)
        usable = {h.id for h in network.hubs if any(h.is_open_on(d) for d in days)}
        self.adj: dict[str, list[str]] = defaultdict(list)
        for lane in network.lanes:
            if (
                lane.active
                and lane.max_trucks_per_day > 0
                and lane.origin in usable
                and lane.destination in usable
            ):
                self.adj[lane.origin].append(lane.destination)
        self.usable = usable
        self.cache: dict[str, set[str]] = {}

    def reachable(self, origin: str, destination: str) -> bool:
        if origin not in self.usable:
            return False
        if origin not in self.cache:
            seen = {origin}
            stack = [origin]
            while stack:
                for nxt in self.adj.get(stack.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)
            self.cache[origin] = seen
        return destination in self.cache[origin]


def evaluate(network: Network, plan: Plan) -> Evaluation:
    """Recompute costs, KPIs and violations of ``plan`` on ``network``.

    Works for any plan and network pair: entities the plan uses but the network lacks,
    closed lanes or hubs still in use, changed volumes, and broken capacities become
    violations (``hard`` for broken rules), never exceptions.

    Examples
    --------
    >>> from solver.network import parse_network
    >>> net = parse_network({"name": "n", "hubs": [
    ...     {"id": "A", "name": "Alpha", "region": "r", "lat": 0, "lon": 0,
    ...      "capacity_t_per_day": 10, "handling_cost_eur_per_t": 1}]})
    >>> ev = evaluate(net, Plan(network_hash="?", n_buckets=28, buckets_per_day=4))
    >>> ev.kpis.total_cost_eur, ev.kpis.service_level
    (0.0, 1.0)
    """
    return _Evaluator(network, plan).run()
