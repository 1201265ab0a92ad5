"""Turn a model solution into a :class:`~solver.plan.Plan` and price it as the model does.

Trucks are rounded to integers and tonnes to the gram; on contract lanes only the
trucks the load needs are kept (an extra contract truck is pure waste), on own-fleet
lanes the remaining dispatches are the empty trailers that keep the fleet in balance.
The returned objective is the model's objective at exactly the numbers in the plan.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from solver.columns import Columns
from solver.evaluate import service_shortfall_rate
from solver.network import CarrierKind, Network
from solver.plan import DemandPlan, LaneBucket, Leg, Plan, Shipment
from solver.routes import Indexed

TONNE_DECIMALS = 6
"""Tonnes in a plan are rounded to this many decimals (a gram)."""


def extract_plan(
    net: Network, idx: Indexed, cols: Columns, x: np.ndarray, n_grid: np.ndarray
) -> tuple[Plan, float]:
    """Build the plan from path flows ``x`` (over ``cols``) and trucks ``n_grid[lane, bucket]``.

    Returns the plan and its cost under the model's objective (linehaul, handling,
    empties, late and unserved penalties, service shortfall).
    """
    cal = net.calendar
    nb = cal.n_buckets
    flows = np.round(np.where(x > 10.0 ** (-TONNE_DECIMALS), x, 0.0), TONNE_DECIMALS)
    lanes = [net.lane_by_id[lid] for lid in idx.lane_ids]
    load: dict[tuple[int, int], float] = defaultdict(float)
    shipments: dict[int, list[Shipment]] = defaultdict(list)
    late_t: dict[int, float] = defaultdict(float)
    shipped: dict[int, float] = defaultdict(float)
    on_time_total = 0.0
    cost = 0.0
    for j in np.flatnonzero(flows > 0):
        t = float(flows[j])
        d = int(cols.demand[j])
        legs = []
        for k in cols.legs(int(j)):
            lane = int(cols.leg_lane[k])
            dep = int(cols.leg_dep[k])
            load[(lane, dep % nb)] += t
            legs.append(
                Leg(
                    lane_id=idx.lane_ids[lane],
                    depart_bucket=dep,
                    arrive_bucket=int(cols.leg_arr[k]),
                )
            )
        shipments[d].append(Shipment(tonnes=t, legs=tuple(legs)))
        shipped[d] += t
        cost += t * float(cols.cost[j])
        if cols.on_time[j]:
            on_time_total += t
        else:
            late_t[d] += t
    trucks = np.rint(n_grid).astype(np.int64)
    rows: list[LaneBucket] = []
    lane_bucket_keys = set(load) | {
        (int(a), int(b)) for a, b in zip(*np.nonzero(trucks), strict=True)
    }
    for lane_i, b in sorted(lane_bucket_keys):
        lane_row = lanes[lane_i]
        tonnes = round(load.get((lane_i, b), 0.0), TONNE_DECIMALS)
        needed = math.ceil(tonnes / lane_row.truck_capacity_t - 1e-7) if tonnes > 0 else 0
        dispatched = int(trucks[lane_i, b])
        loaded = min(dispatched, needed)
        empties = dispatched - loaded if lane_row.carrier == CarrierKind.OWN else 0
        if lane_row.carrier == CarrierKind.CONTRACT:
            dispatched = loaded
        if dispatched == 0 and tonnes == 0:
            continue
        cost += dispatched * lane_row.cost_eur_per_truck
        rows.append(
            LaneBucket(
                lane_id=lane_row.id,
                bucket=b,
                trucks=loaded,
                loaded_t=tonnes,
                empty_trailers=empties,
            )
        )
    demands: list[DemandPlan] = []
    total = 0.0
    for d, did in enumerate(idx.demand_ids):
        dem = net.demand_by_id[did]
        total += dem.volume_t
        unserved = round(max(0.0, dem.volume_t - shipped.get(d, 0.0)), TONNE_DECIMALS)
        cost += unserved * dem.penalty_unserved_eur_per_t
        demands.append(
            DemandPlan(
                demand_id=did,
                shipments=tuple(shipments.get(d, ())),
                late_t=round(late_t.get(d, 0.0), TONNE_DECIMALS),
                unserved_t=unserved,
            )
        )
    target = net.policy.service_target
    if target is not None and total > 0:
        short = target * total - on_time_total
        if short > 1e-4:
            cost += short * service_shortfall_rate(net)
    plan = Plan(
        network_hash=net.content_hash(),
        n_buckets=nb,
        buckets_per_day=cal.buckets_per_day,
        lane_buckets=tuple(rows),
        demands=tuple(demands),
    )
    return plan, cost
