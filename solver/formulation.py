"""The weekly service network design model as matrices (path/timing formulation).

Variables (column blocks, in this order)
-----------------------------------------
- ``x[j]``  tonnes on timed path ``j`` (:mod:`solver.columns`), continuous;
- ``u[d]``  unserved tonnes of demand ``d``, continuous;
- ``n[l,t]`` dispatches (loaded or empty) on lane ``l`` leaving in cycle bucket ``t``,
  integer, for open lane buckets (own-fleet lanes: all; contract lanes: those some
  path uses);
- ``s[h,t]`` own-fleet trailers standing at hub ``h`` after bucket ``t``, continuous,
  at most the hub's ``trailer_parking``;
- ``z``     on-time tonnes short of ``policy.service_target`` (only with a target).

Constraints (row blocks)
------------------------
- demand: ``sum_j x[j] + u[d] = volume``;
- truck capacity: tonnes on lane bucket ``(l,t)`` ``<= truck_capacity_t * n[l,t]``;
- lane day: ``sum_{t in day} n[l,t] <= max_trucks_per_day``;
- hub day: tonnes handled ``<= capacity_t_per_day`` (rows only where the demands that
  could pass could exceed it);
- drivers: ``sum transit_h * n`` of own-fleet lanes leaving a region on a day
  ``<= drivers * hours_per_driver`` (where a pool exists and could bind);
- trailer balance: ``s[h,t] = s[h,t-1] + arrivals - departures`` cyclically;
- fleet: ``s[h,last] + trailers on the road towards h at the wrap <= trailer pool of h``;
- service target: ``sum on-time x + z >= target * total volume``;
- lane rules (:mod:`solver.rules`): tonnes on lane ``l`` over the rule's buckets
  ``>= LANE_RULE_MIN_T`` (less when less freight can take it), so the lane runs a loaded
  truck; no row when no path of the model can use it (evaluation then flags the plan).

Via rules bound the paths of a demand that miss its via hub to zero tonnes, so every
model built here (cold, warm, neighbourhood, held trucks) routes that freight through
the hub or leaves it late or unserved.

Objective: truck dispatches * ``cost_eur_per_truck`` + path costs (per-tonne lane costs,
handling, late penalties) + unserved penalties + the service shortfall rate * ``z``;
exactly what :func:`solver.evaluate.evaluate` charges for the plan read from a
solution.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from solver.columns import Columns, DemandWindow, lane_bucket_open
from solver.evaluate import service_shortfall_rate
from solver.mathopt_lp import MatrixProgram
from solver.network import CarrierKind, Network
from solver.routes import Indexed
from solver.rules import columns_breaking_via, lane_rule_buckets, via_hubs

LANE_RULE_MIN_T = 1.0
"""Tonnes a required lane must carry over its days: enough to make it run a loaded truck."""


@dataclass(frozen=True, slots=True)
class RowInfo:
    """What a constraint row is, for explanations: kind, entity ids, day or bucket."""

    kind: str
    entities: tuple[str, ...]
    day: int | None = None
    bucket: int | None = None


@dataclass(slots=True)
class Formulation:
    """The design model of one network over a column set, with index maps."""

    net: Network
    idx: Indexed
    cols: Columns
    windows: list[DemandWindow]
    program: MatrixProgram
    volume: np.ndarray
    n_lane: np.ndarray
    n_bucket: np.ndarray
    n_index: np.ndarray
    s_hubs: np.ndarray
    rows: list[RowInfo] = field(default_factory=list)
    cap_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Truck capacity row of each truck variable (-1: none); demand rows come first."""
    service_row: int | None = None

    @property
    def x0(self) -> int:
        """First path column."""
        return 0

    @property
    def u0(self) -> int:
        """First unserved column."""
        return self.cols.n

    @property
    def n0(self) -> int:
        """First truck column."""
        return self.cols.n + len(self.volume)

    @property
    def s0(self) -> int:
        """First trailer-stock column."""
        return self.n0 + len(self.n_lane)

    @property
    def z_col(self) -> int | None:
        """The service shortfall column, if the policy has a target."""
        total = self.s0 + self.s_hubs.shape[0] * self.net.calendar.n_buckets
        return total if total < self.program.n_cols else None

    def unpack(self, vec: np.ndarray) -> ModelValues:
        """Split a full variable vector into named blocks (trucks and stock as grids)."""
        nb = self.net.calendar.n_buckets
        n_grid = np.zeros(self.n_index.shape)
        n_grid[self.n_lane, self.n_bucket] = vec[self.n0 : self.s0]
        s_grid = np.zeros((len(self.idx.hub_ids), nb))
        n_s = len(self.s_hubs)
        s_grid[self.s_hubs] = vec[self.s0 : self.s0 + n_s * nb].reshape(n_s, nb)
        z = float(vec[self.z_col]) if self.z_col is not None else 0.0
        return ModelValues(
            x=vec[: self.cols.n].copy(), u=vec[self.u0 : self.n0].copy(), n=n_grid, s=s_grid, z=z
        )

    def pack(self, values: ModelValues) -> np.ndarray:
        """The variable vector of ``values`` (trucks/stock outside this model are dropped)."""
        nb = self.net.calendar.n_buckets
        vec = np.zeros(self.program.n_cols)
        vec[: self.cols.n] = values.x
        vec[self.u0 : self.n0] = values.u
        vec[self.n0 : self.s0] = values.n[self.n_lane, self.n_bucket]
        n_s = len(self.s_hubs)
        vec[self.s0 : self.s0 + n_s * nb] = values.s[self.s_hubs].ravel()
        if self.z_col is not None:
            vec[self.z_col] = values.z
        return vec


@dataclass(slots=True)
class ModelValues:
    """A solution in model terms: path flows, unserved, trucks and stock grids, shortfall."""

    x: np.ndarray
    u: np.ndarray
    n: np.ndarray
    s: np.ndarray
    z: float = 0.0


class _Triplets:
    def __init__(self) -> None:
        self.r: list[np.ndarray] = []
        self.c: list[np.ndarray] = []
        self.v: list[np.ndarray] = []
        self.lb: list[np.ndarray] = []
        self.ub: list[np.ndarray] = []
        self.info: list[RowInfo] = []
        self.m = 0

    def add_rows(self, lb: np.ndarray, ub: np.ndarray, info: list[RowInfo]) -> int:
        first = self.m
        self.lb.append(np.asarray(lb, dtype=float))
        self.ub.append(np.asarray(ub, dtype=float))
        self.info.extend(info)
        self.m += len(info)
        return first

    def add(self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray | float) -> None:
        rows = np.asarray(rows, dtype=np.int64)
        self.r.append(rows)
        self.c.append(np.asarray(cols, dtype=np.int64))
        self.v.append(np.broadcast_to(np.asarray(vals, dtype=float), rows.shape).copy())

    def matrix(self, n_cols: int) -> sp.csr_matrix:
        if not self.r:
            return sp.csr_matrix((self.m, n_cols))
        return sp.csr_matrix(
            (np.concatenate(self.v), (np.concatenate(self.r), np.concatenate(self.c))),
            shape=(self.m, n_cols),
        )


def build_formulation(
    net: Network,
    idx: Indexed,
    cols: Columns,
    windows: list[DemandWindow],
    empty_buckets: np.ndarray | None = None,
    *,
    every_lane_bucket: bool = False,
) -> Formulation:
    """Assemble the design MIP of ``net`` over the timed paths ``cols``.

    ``empty_buckets`` (``[lane, bucket]`` booleans) limits the lane buckets where an
    own-fleet lane may dispatch without any path using it (empty repositioning only);
    by default every open bucket may. ``every_lane_bucket`` gives every open lane bucket a
    truck variable and a capacity row even if no path uses it (for other flow models
    built on top, like the arc-flow benchmark baseline).
    """
    cal = net.calendar
    nb, bpd = cal.n_buckets, cal.buckets_per_day
    lanes = [net.lane_by_id[lid] for lid in idx.lane_ids]
    hubs = [net.hub_by_id[hid] for hid in idx.hub_ids]
    n_l, n_h, n_d = len(lanes), len(hubs), len(idx.demand_ids)
    own = np.array([lane.carrier == CarrierKind.OWN for lane in lanes], dtype=bool)
    cap = np.array([lane.truck_capacity_t for lane in lanes])
    volume = np.array([net.demand_by_id[d].volume_t for d in idx.demand_ids])
    lb_open = lane_bucket_open(net, idx)

    # --- which lane buckets get a truck variable
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    leg_b = cols.leg_dep % nb
    used = np.zeros((n_l, nb), dtype=bool)
    used[cols.leg_lane, leg_b] = True
    if every_lane_bucket:
        used |= lb_open
    spare = own[:, None] if empty_buckets is None else (own[:, None] & empty_buckets)
    has_n = lb_open & (used | spare)
    lane_rules = lane_rule_buckets(net, idx, lb_open)
    n_lane, n_bucket = np.nonzero(has_n)
    n_n = len(n_lane)
    n_index = np.full((n_l, nb), -1, dtype=np.int64)
    n_index[n_lane, n_bucket] = np.arange(n_n)
    own_lanes_with_n = np.unique(n_lane[own[n_lane]])
    s_hubs = np.unique(
        np.concatenate([idx.lane_origin[own_lanes_with_n], idx.lane_dest[own_lanes_with_n]])
    )
    s_pos = np.full(n_h, -1, dtype=np.int64)
    s_pos[s_hubs] = np.arange(len(s_hubs))
    target = net.policy.service_target
    has_z = target is not None and float(volume.sum()) > 0

    x0, u0 = 0, cols.n
    n0 = u0 + n_d
    s0 = n0 + n_n
    n_cols = s0 + len(s_hubs) * nb + (1 if has_z else 0)

    t = _Triplets()
    # demand rows
    first = t.add_rows(volume, volume, [RowInfo("demand", (d,)) for d in idx.demand_ids])
    t.add(first + cols.demand, x0 + np.arange(cols.n), 1.0)
    t.add(first + np.arange(n_d), u0 + np.arange(n_d), 1.0)
    # truck capacity rows, one per used lane bucket
    cap_lb = np.flatnonzero(used[n_lane, n_bucket])
    row_of_n = np.full(n_n, -1, dtype=np.int64)
    first = t.add_rows(
        np.full(len(cap_lb), -np.inf),
        np.zeros(len(cap_lb)),
        [
            RowInfo(
                "truck_capacity",
                (idx.lane_ids[n_lane[k]],),
                int(n_bucket[k]) // bpd,
                int(n_bucket[k]),
            )
            for k in cap_lb
        ],
    )
    row_of_n[cap_lb] = first + np.arange(len(cap_lb))
    leg_n = n_index[cols.leg_lane, leg_b]
    t.add(row_of_n[leg_n], x0 + leg_col, 1.0)
    t.add(row_of_n[cap_lb], n0 + cap_lb, -cap[n_lane[cap_lb]])
    # lane-day rows
    n_day = n_bucket // bpd
    if bpd > 1 and n_n:
        keys = n_lane * cal.days + n_day
        uniq, inv = np.unique(keys, return_inverse=True)
        limits = np.array([lanes[k // cal.days].max_trucks_per_day for k in uniq], dtype=float)
        first = t.add_rows(
            np.full(len(uniq), -np.inf),
            limits,
            [RowInfo("lane_day", (idx.lane_ids[k // cal.days],), int(k % cal.days)) for k in uniq],
        )
        t.add(first + inv, n0 + np.arange(n_n), 1.0)
    # lane rules: a loaded truck over the rule's buckets
    breaking = columns_breaking_via(cols, idx, via_hubs(net, idx))
    for rule in lane_rules:
        on_rule = np.isin(leg_b, rule.buckets) & (cols.leg_lane == rule.lane)
        riders = np.unique(leg_col[on_rule])
        riders = riders[~breaking[riders]]
        need = min(LANE_RULE_MIN_T, float(volume[np.unique(cols.demand[riders])].sum()))
        if need <= 0:
            continue
        first = t.add_rows(
            np.array([need]), np.array([np.inf]), [RowInfo("lane_rule", (rule.lane_id,))]
        )
        legs_on = np.flatnonzero(on_rule)
        t.add(np.full(len(legs_on), first), x0 + leg_col[legs_on], 1.0)
    # hub-day throughput rows
    ev_col = np.concatenate([np.arange(cols.n), leg_col])
    ev_hub = np.concatenate(
        [idx.lane_origin[cols.leg_lane[cols.start[:-1]]], idx.lane_dest[cols.leg_lane]]
    )
    ev_day = np.concatenate(
        [(cols.leg_dep[cols.start[:-1]] % nb) // bpd, (cols.leg_arr % nb) // bpd]
    )
    if cols.n:
        hd = ev_hub * cal.days + ev_day
        pair = np.unique(cols.demand[ev_col] * (n_h * cal.days) + hd)
        reach = np.bincount(
            pair % (n_h * cal.days),
            weights=volume[pair // (n_h * cal.days)],
            minlength=n_h * cal.days,
        )
        capacity = np.array(
            [
                [h.capacity_t_per_day if h.is_open_on(day) else 0.0 for day in range(cal.days)]
                for h in hubs
            ]
        ).ravel()
        binding = np.flatnonzero(reach > capacity + 1e-9)
        hd_row = np.full(n_h * cal.days, -1, dtype=np.int64)
        first = t.add_rows(
            np.full(len(binding), -np.inf),
            capacity[binding],
            [RowInfo("hub_day", (idx.hub_ids[k // cal.days],), int(k % cal.days)) for k in binding],
        )
        hd_row[binding] = first + np.arange(len(binding))
        sel = hd_row[hd] >= 0
        t.add(hd_row[hd[sel]], x0 + ev_col[sel], 1.0)
    # driver rows (own-fleet dispatches)
    pools = {(p.region, p.day): p for p in net.drivers}
    if pools and n_n:
        region_names = sorted({h.region for h in hubs})
        region_of_hub = np.array([region_names.index(h.region) for h in hubs])
        transit = np.array([lane.transit_h for lane in lanes])
        is_own = own[n_lane]
        key = region_of_hub[idx.lane_origin[n_lane]] * cal.days + n_day
        ub_lane = np.array([lane.max_trucks_per_day for lane in lanes], dtype=float)
        worst = np.bincount(
            key[is_own],
            weights=(transit * ub_lane)[n_lane[is_own]],
            minlength=len(region_names) * cal.days,
        )
        rows_k: list[int] = []
        limits_l: list[float] = []
        infos: list[RowInfo] = []
        for k in range(len(region_names) * cal.days):
            pool = pools.get((region_names[k // cal.days], k % cal.days))
            if pool is None:
                continue
            avail = pool.drivers * pool.hours_per_driver
            if worst[k] > avail + 1e-9:
                rows_k.append(k)
                limits_l.append(avail)
                infos.append(RowInfo("drivers", (region_names[k // cal.days],), k % cal.days))
        drv_row = np.full(len(region_names) * cal.days, -1, dtype=np.int64)
        first = t.add_rows(np.full(len(rows_k), -np.inf), np.array(limits_l), infos)
        drv_row[rows_k] = first + np.arange(len(rows_k))
        sel = is_own & (drv_row[key] >= 0)
        ids = np.flatnonzero(sel)
        t.add(drv_row[key[ids]], n0 + ids, transit[n_lane[ids]])
    # trailer balance and fleet rows
    if len(s_hubs):
        n_s = len(s_hubs)
        first = t.add_rows(
            np.zeros(n_s * nb),
            np.zeros(n_s * nb),
            [
                RowInfo("trailer_balance", (idx.hub_ids[h],), b // bpd, b)
                for h in s_hubs
                for b in range(nb)
            ],
        )
        grid = np.arange(n_s * nb)
        prev = (grid // nb) * nb + (grid % nb - 1) % nb
        t.add(first + grid, s0 + grid, 1.0)
        t.add(first + grid, s0 + prev, -1.0)
        own_n = np.flatnonzero(own[n_lane])
        ol = n_lane[own_n]
        dep_row = s_pos[idx.lane_origin[ol]] * nb + n_bucket[own_n]
        arr_b = n_bucket[own_n] + idx.lane_tau[ol]
        arr_row = s_pos[idx.lane_dest[ol]] * nb + arr_b % nb
        t.add(first + dep_row, n0 + own_n, 1.0)
        t.add(first + arr_row, n0 + own_n, -1.0)
        if net.fleet:
            pool_of = {p.hub: p.trailers for p in net.fleet}
            first = t.add_rows(
                np.full(n_s, -np.inf),
                np.array([float(pool_of.get(idx.hub_ids[h], 0)) for h in s_hubs]),
                [RowInfo("fleet", (idx.hub_ids[h],)) for h in s_hubs],
            )
            t.add(first + np.arange(n_s), s0 + np.arange(n_s) * nb + nb - 1, 1.0)
            wraps = arr_b // nb
            w = np.flatnonzero(wraps > 0)
            t.add(first + s_pos[idx.lane_dest[ol[w]]], n0 + own_n[w], wraps[w].astype(float))
    # service target
    if has_z:
        assert target is not None
        first = t.add_rows(
            np.array([target * float(volume.sum())]), np.array([np.inf]), [RowInfo("service", ())]
        )
        on = np.flatnonzero(cols.on_time)
        t.add(np.full(len(on), first), x0 + on, 1.0)
        t.add(np.array([first]), np.array([n_cols - 1]), 1.0)
        service_row = first
    else:
        service_row = None

    c = np.zeros(n_cols)
    c[x0 : x0 + cols.n] = cols.cost
    c[u0 : u0 + n_d] = [net.demand_by_id[d].penalty_unserved_eur_per_t for d in idx.demand_ids]
    c[n0 : n0 + n_n] = [lanes[k].cost_eur_per_truck for k in n_lane]
    if has_z:
        c[-1] = service_shortfall_rate(net)
    col_lb = np.zeros(n_cols)
    col_ub = np.full(n_cols, np.inf)
    col_ub[x0 : x0 + cols.n] = volume[cols.demand]
    col_ub[x0 + np.flatnonzero(breaking)] = 0.0
    col_ub[u0 : u0 + n_d] = volume
    col_ub[n0 : n0 + n_n] = [lanes[k].max_trucks_per_day for k in n_lane]
    parking = np.array([hubs[h].trailer_parking for h in s_hubs], dtype=float)
    col_ub[s0 : s0 + len(s_hubs) * nb] = np.repeat(parking, nb)
    integer = np.zeros(n_cols, dtype=bool)
    integer[n0 : n0 + n_n] = True
    program = MatrixProgram(
        c=c,
        a=t.matrix(n_cols),
        row_lb=np.concatenate(t.lb) if t.lb else np.zeros(0),
        row_ub=np.concatenate(t.ub) if t.ub else np.zeros(0),
        col_lb=col_lb,
        col_ub=col_ub,
        integer=integer,
    )
    return Formulation(
        net=net,
        idx=idx,
        cols=cols,
        windows=windows,
        program=program,
        volume=volume,
        n_lane=n_lane,
        n_bucket=n_bucket,
        n_index=n_index,
        s_hubs=s_hubs,
        rows=t.info,
        cap_row=row_of_n,
        service_row=service_row,
    )
