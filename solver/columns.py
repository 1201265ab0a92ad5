"""Timed paths: a demand's route with a departure bucket for every leg (model columns).

A timed path fixes when each leg departs (unwrapped buckets from the start of the
cycle). It is usable when every leg's lane bucket is open (lane active, origin hub open
on the departure day, destination open on the arrival day) and the last leg arrives
no later than ``due + policy.max_late_h``. Its cost per tonne is the lanes' per-tonne
cost, handling at the origin and at every leg's destination, plus the late penalty if
it arrives after due. The same :class:`Columns` arrays serve the design MIP, the LP
re-routing with trucks held (stress tests) and plan extraction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from solver.network import Network
from solver.routes import Indexed


@dataclass(frozen=True, slots=True)
class TimingOptions:
    """How many departure timings each route gets."""

    max_origin_wait: int = 8
    """Buckets a shipment may wait at its origin before the first leg."""
    max_transfer_wait: int = 2
    """Extra buckets a shipment may wait at one transfer hub."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Timed paths as flat arrays; legs of column ``j`` are ``start[j]:start[j+1]``.

    ``route`` numbers each (demand, route) pair, so timings of one route can be grouped.
    """

    demand: np.ndarray
    route: np.ndarray
    cost: np.ndarray
    on_time: np.ndarray
    start: np.ndarray
    leg_lane: np.ndarray
    leg_dep: np.ndarray
    leg_arr: np.ndarray

    @classmethod
    def empty(cls) -> Columns:
        """No columns."""
        z = np.zeros(0, dtype=np.int64)
        return cls(
            demand=z,
            route=z,
            cost=np.zeros(0),
            on_time=np.zeros(0, dtype=bool),
            start=np.zeros(1, dtype=np.int64),
            leg_lane=z,
            leg_dep=z,
            leg_arr=z,
        )

    @property
    def n(self) -> int:
        """Number of columns."""
        return int(self.demand.shape[0])

    def legs(self, j: int) -> range:
        """Leg positions of column ``j``."""
        return range(int(self.start[j]), int(self.start[j + 1]))

    def subset(self, keep: np.ndarray) -> Columns:
        """The columns at positions ``keep`` (sorted, unique), in that order."""
        keep = np.asarray(keep, dtype=np.int64)
        lens = np.diff(self.start)[keep]
        starts = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        if len(keep):
            legs = np.concatenate([np.arange(self.start[j], self.start[j + 1]) for j in keep])
        else:
            legs = np.zeros(0, dtype=np.int64)
        return Columns(
            demand=self.demand[keep],
            route=self.route[keep],
            cost=self.cost[keep],
            on_time=self.on_time[keep],
            start=starts,
            leg_lane=self.leg_lane[legs],
            leg_dep=self.leg_dep[legs],
            leg_arr=self.leg_arr[legs],
        )


@dataclass(frozen=True, slots=True)
class DemandWindow:
    """Release bucket, last on-time and last late arrival bucket of a demand."""

    release: int
    on_time_by: int
    late_by: int


def demand_windows(net: Network, idx: Indexed) -> list[DemandWindow]:
    """Windows of the demands in id order (arrival at the start of a bucket counts)."""
    bh = net.calendar.bucket_h
    bpd = net.calendar.buckets_per_day
    out: list[DemandWindow] = []
    for did in idx.demand_ids:
        d = net.demand_by_id[did]
        due = d.release_day * 24.0 + d.due_h
        out.append(
            DemandWindow(
                release=d.release_day * bpd,
                on_time_by=math.floor(due / bh + 1e-9),
                late_by=math.floor((due + net.policy.max_late_h) / bh + 1e-9),
            )
        )
    return out


def lane_bucket_open(net: Network, idx: Indexed) -> np.ndarray:
    """``[lane, bucket]`` True where a dispatch may leave (lane and both hub-days open)."""
    cal = net.calendar
    nb = cal.n_buckets
    days = np.arange(nb) // cal.buckets_per_day
    hub_open = np.zeros((len(idx.hub_ids), cal.days), dtype=bool)
    for i, hid in enumerate(idx.hub_ids):
        hub = net.hub_by_id[hid]
        hub_open[i] = [hub.is_open_on(day) for day in range(cal.days)]
    arr_day = ((np.arange(nb)[None, :] + idx.lane_tau[:, None]) % nb) // cal.buckets_per_day
    ok = hub_open[idx.lane_origin][:, days] & hub_open[idx.lane_dest[:, None], arr_day]
    out: np.ndarray = ok & idx.lane_usable[:, None]
    return out


def _waits(m: int, slack: int, opts: TimingOptions, n_buckets: int) -> list[tuple[int, ...]]:
    """Wait vectors (origin wait, then one per transfer) within the slack.

    Waiting a whole cycle or more only delays the same dispatches, so waits stay below
    ``n_buckets``.
    """
    out: list[tuple[int, ...]] = []
    cap_t = min(opts.max_transfer_wait, n_buckets - 1)
    for w0 in range(min(slack, opts.max_origin_wait, n_buckets - 1) + 1):
        base = [w0] + [0] * (m - 1)
        out.append(tuple(base))
        for i in range(1, m):
            for w in range(1, cap_t + 1):
                if w0 + w > slack:
                    break
                v = list(base)
                v[i] = w
                out.append(tuple(v))
    return out


def build_columns(
    net: Network,
    idx: Indexed,
    routes: dict[tuple[int, int], list[tuple[int, ...]]],
    windows: list[DemandWindow],
    lb_open: np.ndarray,
    lane_var_t: np.ndarray,
    handling: np.ndarray,
    opts: TimingOptions,
    *,
    demand_routes: dict[int, list[tuple[int, ...]]] | None = None,
) -> Columns:
    """Enumerate the usable timed paths of every demand over its candidate routes.

    ``demand_routes`` replaces the pair's routes for some demands (by demand index), e.g.
    the routes through a demand's via hub.
    """
    own_routes = demand_routes or {}
    nb = net.calendar.n_buckets
    demand_col: list[int] = []
    route_col: list[int] = []
    n_routes = 0
    cost_col: list[float] = []
    on_time_col: list[bool] = []
    starts: list[int] = [0]
    leg_lane: list[int] = []
    leg_dep: list[int] = []
    leg_arr: list[int] = []
    for di, did in enumerate(idx.demand_ids):
        d = net.demand_by_id[did]
        o, t = idx.hub_index[d.origin], idx.hub_index[d.destination]
        win = windows[di]
        for route in own_routes.get(di, routes.get((o, t), [])):
            taus = [int(idx.lane_tau[lane]) for lane in route]
            slack = win.late_by - win.release - sum(taus)
            if slack < 0:
                continue
            base = handling[o] + float(sum(lane_var_t[lane] for lane in route))
            n_routes += 1
            for waits in _waits(len(route), slack, opts, nb):
                clock = win.release
                deps: list[int] = []
                ok = True
                for lane, tau, w in zip(route, taus, waits, strict=True):
                    clock += w
                    if not lb_open[lane, clock % nb]:
                        ok = False
                        break
                    deps.append(clock)
                    clock += tau
                if not ok:
                    continue
                late = clock > win.on_time_by
                demand_col.append(di)
                route_col.append(n_routes - 1)
                cost_col.append(base + (d.penalty_late_eur_per_t if late else 0.0))
                on_time_col.append(not late)
                for lane, dep, tau in zip(route, deps, taus, strict=True):
                    leg_lane.append(lane)
                    leg_dep.append(dep)
                    leg_arr.append(dep + tau)
                starts.append(len(leg_lane))
    return Columns(
        demand=np.array(demand_col, dtype=np.int64),
        route=np.array(route_col, dtype=np.int64),
        cost=np.array(cost_col, dtype=float),
        on_time=np.array(on_time_col, dtype=bool),
        start=np.array(starts, dtype=np.int64),
        leg_lane=np.array(leg_lane, dtype=np.int64),
        leg_dep=np.array(leg_dep, dtype=np.int64),
        leg_arr=np.array(leg_arr, dtype=np.int64),
    )
