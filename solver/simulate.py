"""A seeded week simulator: the actuals a plan would produce in a noisy, disrupted week.

The model of noise (documented for planners in ``docs/actuals-format.md``):

1. **Demand.** Every customer draws a factor ``1 + customer_bias + N(0, customer_sigma)``,
   every origin region ``1 + region_bias + N(0, region_sigma)``, every release weekday
   ``1 + weekday_bias``; each demand's actual tonnes are its planned volume times the
   three factors times ``1 + N(0, demand_sigma)`` (never below zero). The plan's
   shipments carry the demand scaled by actual / planned; tonnes the plan left unserved
   stay unserved.
2. **Transit.** Every dispatch (lane and departure bucket) takes the lane's transit time
   plus ``lane_delay_h`` (planted, per lane) plus ``|N(0, transit_sigma_h)|`` hours.
   Freight is available for its next leg from the start of the bucket after it arrives,
   and leaves no earlier than planned. With ``trucks_wait`` (the default) a truck waits
   for late freight; without it trucks keep their schedule: freight that misses its
   planned departure takes the lane's next departure in the plan (the same one a week
   later at worst), so a plan timed on transit times the roads do not keep pays in
   service.
3. **Hub outage.** ``outage_hub`` handles nothing on ``outage_day``: freight due to leave
   it waits for the next day's first bucket, freight arriving waits for the next day.
4. **Capacity.** Dispatchers add trucks when freight grows, up to the lane's trucks per
   day less its empty trips; freight beyond that stays behind (not delivered).
5. **Drivers.** Each planned driver is absent with probability ``driver_absence``.
   When the own-fleet dispatches of a region and day need more driver-hours than the
   drivers present give, empty repositioning trips are cancelled first; loaded trucks
   go ahead with hired drivers.
6. **Trailers** on hand per hub at the start of each day follow the actual own-fleet
   departures and arrivals from the smallest start position that keeps the plan's
   trailers non-negative; a shortfall shows as zero (trailers borrowed).

Each part draws from its own random stream derived from the seed, so the same network,
plan, week and settings always give identical actuals.

Examples
--------
>>> SimulationSettings(seed=3).seed
3
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from solver.actuals import (
    DeliveryActual,
    DispatchActual,
    Disruption,
    DriverActual,
    TrailerActual,
    WeekActuals,
)
from solver.errors import EditError
from solver.network import CarrierKind, Network
from solver.plan import Plan

__all__ = ["SimulationSettings", "simulate_week"]

_EPS = 1e-9


Bias = Annotated[float, Field(ge=-1, le=10, allow_inf_nan=False)]
"""A planted demand bias: -1 (no demand) to +10 (eleven times the forecast)."""
DelayH = Annotated[float, Field(ge=0, le=168, allow_inf_nan=False)]
"""Extra transit hours of a lane, up to a week."""


class SimulationSettings(BaseModel):
    """Seed and noise of a simulated week (all shares are fractions: 0.1 = 10%)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    seed: int = Field(default=1, ge=0, le=2**63 - 1, description="Seed of every random draw.")
    demand_sigma: float = Field(default=0.10, ge=0, le=1, description="Noise per demand.")
    customer_sigma: float = Field(default=0.05, ge=0, le=1, description="Noise per customer.")
    region_sigma: float = Field(default=0.05, ge=0, le=1, description="Noise per origin region.")
    customer_bias: dict[str, Bias] = Field(
        default_factory=dict, description="Planted demand bias per customer (0.2 = +20%)."
    )
    region_bias: dict[str, Bias] = Field(
        default_factory=dict, description="Planted demand bias per origin region."
    )
    weekday_bias: dict[int, Bias] = Field(
        default_factory=dict, description="Planted demand bias per release day (0 = Monday)."
    )
    transit_sigma_h: float = Field(
        default=1.0, ge=0, le=48, description="Delay noise per dispatch (h)."
    )
    lane_delay_h: dict[str, DelayH] = Field(
        default_factory=dict, description="Planted extra transit hours per lane."
    )
    outage_hub: str | None = Field(default=None, description="Hub closed on outage_day.")
    outage_day: int = Field(default=2, ge=0, le=13)
    driver_absence: float = Field(
        default=0.05, ge=0, le=1, description="Probability a driver is absent."
    )
    trucks_wait: bool = Field(
        default=True,
        description=(
            "A truck waits for its late freight (True), or keeps its schedule and late "
            "freight takes the lane's next planned departure (False)."
        ),
    )


def _check(network: Network, s: SimulationSettings) -> None:
    problems: list[str] = []
    customers = {d.customer for d in network.demands}
    for name, known, what in (
        (s.customer_bias, customers, "customer"),
        (s.region_bias, set(network.regions), "region"),
        (s.lane_delay_h, set(network.lane_by_id), "lane"),
    ):
        problems.extend(f"unknown {what} {key!r}" for key in sorted(name) if key not in known)
    problems.extend(
        f"weekday {d} is outside the {network.calendar.days}-day week"
        for d in sorted(s.weekday_bias)
        if not 0 <= d < network.calendar.days
    )
    if s.outage_hub is not None and s.outage_hub not in network.hub_by_id:
        problems.append(f"unknown outage hub {s.outage_hub!r}")
    if s.outage_day >= network.calendar.days:
        problems.append(f"outage_day {s.outage_day} is outside the week")
    if problems:
        raise EditError("simulation settings: " + "; ".join(problems))


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"lanewise-sim:{seed}:{part}")


def _demand_factors(network: Network, s: SimulationSettings) -> dict[str, float]:
    """Actual / planned tonnes per demand id."""
    rng = _rng(s.seed, "demand")
    region_of = {h.id: h.region for h in network.hubs}
    customer_f = {
        c: 1.0 + s.customer_bias.get(c, 0.0) + rng.gauss(0.0, s.customer_sigma)
        for c in sorted({d.customer for d in network.demands})
    }
    region_f = {
        r: 1.0 + s.region_bias.get(r, 0.0) + rng.gauss(0.0, s.region_sigma) for r in network.regions
    }
    out: dict[str, float] = {}
    for d in sorted(network.demands, key=lambda d: d.id):
        noise = 1.0 + rng.gauss(0.0, s.demand_sigma)
        weekday = 1.0 + s.weekday_bias.get(d.release_day, 0.0)
        factor = customer_f[d.customer] * region_f[region_of[d.origin]] * weekday * noise
        out[d.id] = max(0.0, factor)
    return out


class _Move(BaseModel):
    """One leg of one shipment as executed: lane, actual departure bucket, arrival hour."""

    lane_id: str
    bucket: int
    arrive_h: float


def simulate_week(
    network: Network,
    plan: Plan,
    settings: SimulationSettings,
    week: str,
    *,
    reality: Network | None = None,
) -> WeekActuals:
    """The actuals of ``plan`` executed on ``network`` in a week drawn from ``settings``.

    ``reality`` (default: ``network``) is the network whose volumes the noise applies to
    and whose lanes' transit times the trucks keep: a plan made on a recalibrated copy of a
    network meets the demand and the roads of the original.
    It must hold the same demand ids.

    Raises
    ------
    EditError
        If the settings name customers, regions, lanes, hubs or days the network lacks,
        or ``reality`` lacks a demand of ``network``.
    """
    _check(network, settings)
    truth = reality or network
    missing = sorted(set(network.demand_by_id) - set(truth.demand_by_id))
    if missing:
        raise EditError(f"reality lacks demands {', '.join(missing[:5])}")
    cal = network.calendar
    bh, n = cal.bucket_h, cal.n_buckets
    lanes = network.lane_by_id
    noise = _demand_factors(truth, settings)
    actual_of = {d.id: truth.demand_by_id[d.id].volume_t * noise[d.id] for d in network.demands}
    factor = {
        d.id: actual_of[d.id] / d.volume_t if d.volume_t > 0 else 0.0 for d in network.demands
    }
    delay_rng = _rng(settings.seed, "transit")
    delay = {
        (lane.id, b): settings.lane_delay_h.get(lane.id, 0.0)
        + abs(delay_rng.gauss(0.0, settings.transit_sigma_h))
        for lane in sorted(network.lanes, key=lambda x: x.id)
        for b in range(n)
    }
    outage = settings.outage_hub
    # trucks keep the real network's transit times, whatever the plan's network assumed
    real_h = {ln.id: truth.lane_by_id.get(ln.id, ln).transit_h for ln in network.lanes}

    def closed(hub: str, hour: float) -> bool:
        return hub == outage and int(hour // 24) % cal.days == settings.outage_day

    scheduled: dict[str, set[int]] = defaultdict(set)  # lane -> buckets it has trucks in
    for lb in plan.lane_buckets:
        if lb.trucks > 0:
            scheduled[lb.lane_id].add(lb.bucket % n)

    # --- route every shipment through the week as it happens
    executed: dict[str, list[tuple[float, list[_Move]]]] = {}
    for dp in sorted(plan.demands, key=lambda p: p.demand_id):
        ratio = factor.get(dp.demand_id, 1.0)
        runs: list[tuple[float, list[_Move]]] = []
        for ship in dp.shipments:
            ready = ship.legs[0].depart_bucket * bh
            moves: list[_Move] = []
            for leg in ship.legs:
                lane = lanes[leg.lane_id]
                dep_h = max(leg.depart_bucket * bh, ready)
                if closed(lane.origin, dep_h):
                    dep_h = (dep_h // 24 + 1) * 24
                bucket = math.ceil(dep_h / bh - _EPS)
                if not settings.trucks_wait and bucket > leg.depart_bucket:
                    bucket = _next_departure(scheduled[lane.id], bucket, n)
                arr_h = bucket * bh + real_h[lane.id] + delay[(lane.id, bucket % n)]
                if closed(lane.destination, arr_h):
                    arr_h = (arr_h // 24 + 1) * 24
                moves.append(_Move(lane_id=lane.id, bucket=bucket, arrive_h=arr_h))
                ready = math.ceil(arr_h / bh - _EPS) * bh
            runs.append((ship.tonnes * ratio, moves))
        executed[dp.demand_id] = runs

    # --- empties (moved past an outage) and trucks per lane-day
    empties: dict[tuple[str, int], int] = defaultdict(int)
    planned_trucks: dict[tuple[str, int], int] = defaultdict(int)
    for lb in plan.lane_buckets:
        lane = lanes[lb.lane_id]
        planned_trucks[(lb.lane_id, cal.day_of(lb.bucket))] += lb.trucks
        b = lb.bucket
        if lb.empty_trailers and closed(lane.origin, b * bh):
            b = math.ceil((b * bh // 24 + 1) * 24 / bh - _EPS)
        empties[(lb.lane_id, b % n)] += lb.empty_trailers
    _cancel_empties_for_drivers(network, settings, empties, executed)

    # --- capacity: freight beyond the trucks a lane can still send stays behind
    load: dict[tuple[str, int], float] = defaultdict(float)
    for runs in executed.values():
        for tonnes, moves in runs:
            for m in moves:
                load[(m.lane_id, m.bucket % n)] += tonnes
    carry: dict[tuple[str, int], float] = {}
    budget: dict[tuple[str, int], int] = {}
    for key in sorted(load):
        lane = lanes[key[0]]
        day_key = (key[0], cal.day_of(key[1]))
        if day_key not in budget:
            day_empties = sum(empties[(key[0], b)] for b in range(n) if cal.day_of(b) == day_key[1])
            budget[day_key] = max(planned_trucks[day_key], lane.max_trucks_per_day - day_empties)
        need = math.ceil(load[key] / lane.truck_capacity_t - _EPS)
        give = min(need, budget[day_key])
        budget[day_key] -= give
        carry[key] = 1.0 if need <= give else give * lane.truck_capacity_t / load[key]

    # --- deliveries, and the loads actually carried
    deliveries: list[DeliveryActual] = []
    carried: dict[tuple[str, int], float] = defaultdict(float)
    transit: dict[tuple[str, int], float] = {}
    for d in sorted(network.demands, key=lambda d: d.id):
        actual_t = actual_of[d.id]
        runs = executed.get(d.id, [])
        part = 0
        for tonnes, moves in runs:
            part += 1
            frac = min(carry[(m.lane_id, m.bucket % n)] for m in moves)
            moved = tonnes * frac
            for m in moves:
                key = (m.lane_id, m.bucket % n)
                carried[key] += moved
                transit[key] = real_h[m.lane_id] + delay[key]
            deliveries.append(
                DeliveryActual(
                    demand_id=d.id,
                    part=part,
                    picked_up_t=round(tonnes, 3),
                    delivered_t=round(min(moved, tonnes), 3),
                    delivered_h=round(moves[-1].arrive_h, 2) if moved > _EPS else None,
                )
            )
        left = actual_t - sum(t for t, _ in runs)
        if left > 5e-4 or not runs:
            deliveries.append(
                DeliveryActual(demand_id=d.id, part=part + 1, picked_up_t=round(max(left, 0), 3))
            )

    dispatches: list[DispatchActual] = []
    for key in sorted(set(carried) | {k for k, v in empties.items() if v}):
        lane = lanes[key[0]]
        tonnes = carried.get(key, 0.0)
        trucks = math.ceil(tonnes / lane.truck_capacity_t - 1e-6) if tonnes > 5e-4 else 0
        if trucks == 0 and empties[key] == 0:
            continue
        dispatches.append(
            DispatchActual(
                lane_id=key[0],
                bucket=key[1],
                trucks=trucks,
                loaded_t=round(tonnes, 3) if trucks else 0.0,
                empty_trailers=empties[key],
                transit_h=round(transit.get(key, real_h[lane.id] + delay[key]), 2),
            )
        )

    disruptions: tuple[Disruption, ...] = ()
    if outage is not None:
        disruptions = (
            Disruption(kind="hub", entity=outage, day=settings.outage_day, reason="simulated"),
        )
    return WeekActuals(
        week=week,
        network_hash=network.content_hash(),
        source=f"simulator seed {settings.seed}",
        dispatches=tuple(dispatches),
        deliveries=tuple(deliveries),
        trailers=_trailers(network, plan, dispatches),
        drivers=_drivers_present(network, settings),
        disruptions=disruptions,
    ).canonical()


def _next_departure(buckets: set[int], earliest: int, n: int) -> int:
    """The first bucket from ``earliest`` on whose position in the week (of ``n`` buckets)
    is in ``buckets``: the next truck of a lane that keeps its schedule."""
    for k in range(n):
        if (earliest + k) % n in buckets:
            return earliest + k
    return earliest  # a lane with no truck in the plan: a dispatcher sends one


def _drivers_present(network: Network, s: SimulationSettings) -> tuple[DriverActual, ...]:
    rng = _rng(s.seed, "drivers")
    out = []
    for pool in sorted(network.drivers, key=lambda p: (p.region, p.day)):
        present = sum(1 for _ in range(pool.drivers) if rng.random() >= s.driver_absence)
        out.append(DriverActual(region=pool.region, day=pool.day, drivers=present))
    return tuple(out)


def _cancel_empties_for_drivers(
    network: Network,
    s: SimulationSettings,
    empties: dict[tuple[str, int], int],
    executed: Mapping[str, list[tuple[float, list[_Move]]]],
) -> None:
    """Cancel empty trips, in lane and bucket order, where drivers present fall short."""
    cal = network.calendar
    region_of = {h.id: h.region for h in network.hubs}
    hours: dict[tuple[str, int], float] = {
        (p.region, p.day): 0.0 for p in network.drivers
    }  # filled below with the hours the drivers present give
    for dr in _drivers_present(network, s):
        pool = next(p for p in network.drivers if (p.region, p.day) == (dr.region, dr.day))
        hours[(dr.region, dr.day)] = dr.drivers * pool.hours_per_driver
    need: dict[tuple[str, int], float] = defaultdict(float)
    loaded: dict[tuple[str, int], float] = defaultdict(float)
    for runs in executed.values():
        for tonnes, moves in runs:
            for m in moves:
                loaded[(m.lane_id, m.bucket % cal.n_buckets)] += tonnes
    for (lane_id, b), tonnes in loaded.items():
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
        rd = (region_of[lane.origin], cal.day_of(key[1]))
        if lane.carrier is not CarrierKind.OWN or rd not in hours:
            continue
        while empties[key] > 0 and need[rd] > hours[rd] + _EPS:
            empties[key] -= 1
            need[rd] -= lane.transit_h


def _trailers(
    network: Network, plan: Plan, dispatches: list[DispatchActual]
) -> tuple[TrailerActual, ...]:
    """Own-fleet trailers on hand per hub at the start of each day (see the module notes)."""
    if not network.fleet:
        return ()
    cal = network.calendar

    def net_by_day(rows: list[tuple[str, int, int]]) -> dict[str, list[int]]:
        net: dict[str, list[int]] = defaultdict(lambda: [0] * cal.days)
        for lane_id, bucket, count in rows:
            lane = network.lane_by_id[lane_id]
            if lane.carrier is not CarrierKind.OWN or count == 0:
                continue
            net[lane.origin][cal.day_of(bucket)] -= count
            arrive = bucket + math.ceil(lane.transit_h / cal.bucket_h - _EPS)
            if arrive < cal.n_buckets:
                net[lane.destination][cal.day_of(arrive)] += count
        return net

    planned = net_by_day(
        [(lb.lane_id, lb.bucket, lb.trucks + lb.empty_trailers) for lb in plan.lane_buckets]
    )
    actual = net_by_day([(d.lane_id, d.bucket, d.trucks + d.empty_trailers) for d in dispatches])
    pools = {p.hub: p.trailers for p in network.fleet}
    out: list[TrailerActual] = []
    for hub in sorted(set(pools) | set(planned) | set(actual)):
        low, running = 0, 0
        for day in range(cal.days):
            running += planned[hub][day]
            low = min(low, running)
        start = max(pools.get(hub, 0), -low)
        on_hand = start
        for day in range(cal.days):
            out.append(TrailerActual(hub=hub, day=day, trailers=max(0, on_hand)))
            on_hand += actual[hub][day]
    return tuple(out)
