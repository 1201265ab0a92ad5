"""Pricing over the whole time-expanded network: the cheapest timed path of every demand.

Column generation over a restricted set of candidate paths only bounds plans that use
those paths. To bound *every* plan of the network, the reduced cost of every timed path
a demand could take — any route, any waits, any departure within its window — must be
known. :func:`price_all_paths` finds, for every demand and a given set of duals, the
timed path of least reduced cost by dynamic programming over unwrapped time buckets
(transit times are at least one bucket, so the time-expanded network is acyclic):

- a path starts at the origin at or after the release bucket (waiting is free), pays the
  origin's handling and its hub-day dual on the first departure day;
- each leg on lane ``l`` leaving in bucket ``t`` pays the lane's per-tonne cost, the
  handling at its destination, minus the duals of the truck-capacity row of ``(l, t)``
  and of the destination's hub-day row on the arrival day; it may only leave where the
  lane bucket is open (:func:`solver.columns.lane_bucket_open`);
- waiting at a transfer hub is free and unlimited;
- the path ends on arrival at the destination no later than the last late bucket,
  paying the late penalty after the due bucket, or earning the service-target dual when
  on time;
- a demand with a via hub (:mod:`solver.rules`) is priced in two phases: its first phase
  may not end, and hands its label over to the second phase on reaching the via hub,
  so only paths through that hub end at the destination.

The same rules define the columns of :mod:`solver.columns`, so a priced path is a column
of the full model and its cost is the one :func:`solver.evaluate.evaluate` charges.
:func:`all_timed_paths` lists those paths outright where there are few enough to solve
the whole model at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.columns import Columns, DemandWindow
from solver.network import Network
from solver.routes import Indexed
from solver.rules import via_hubs

_INF = np.inf
_HANDOVER = np.iinfo(np.int32).max
"""Source code of a second-phase label taken over from the first phase at the via hub."""


@dataclass(frozen=True, slots=True)
class LinkDuals:
    """Per-demand charges on lane buckets (linking rows, :mod:`solver.linking`), EUR per tonne."""

    demand: np.ndarray
    lane: np.ndarray
    bucket: np.ndarray
    """Cycle bucket of the departure."""
    charge: np.ndarray
    """Non-negative: what a tonne of ``demand`` pays for leaving on ``(lane, bucket)``."""


@dataclass(frozen=True, slots=True)
class PathDuals:
    """Duals that price a timed path (all in EUR per tonne, the sign a row's side gives).

    ``cap`` and ``hub_day`` are non-positive (``<=`` rows); ``service`` non-negative.
    """

    demand: np.ndarray
    """Per demand (equality row): any sign."""
    cap: np.ndarray
    """``[lane, cycle bucket]``: truck-capacity rows."""
    hub_day: np.ndarray
    """``[hub, day]``: hub throughput rows."""
    service: float = 0.0
    link: LinkDuals | None = None
    """Linking-row charges of single demands, where the model has such rows."""


@dataclass(frozen=True, slots=True)
class PricedPaths:
    """The least reduced cost of every demand's paths and the paths that reach it."""

    min_reduced_cost: np.ndarray
    """Per demand, ``+inf`` where no timed path exists."""
    columns: Columns
    """One path per demand whose least reduced cost is below the threshold asked."""


def grow_pool(
    pool_demand: np.ndarray,
    reduced_cost: np.ndarray,
    keep: np.ndarray,
    priced: PricedPaths,
    *,
    per_demand: int,
) -> tuple[np.ndarray, Columns]:
    """What one column-generation round adds: pool paths to switch on, and new paths.

    Of the pool paths not yet in the LP (``~keep``) with a negative reduced cost, each
    demand's ``per_demand`` cheapest (ties by position: deterministic); of the priced
    paths, those whose demand has nothing as cheap in the pool. Nothing to add means the
    LP over the kept paths is the LP over every timed path.
    """
    pool_min = np.full(len(priced.min_reduced_cost), np.inf)
    np.minimum.at(pool_min, pool_demand, reduced_cost)
    neg = np.flatnonzero((reduced_cost < -1e-6) & ~keep)
    if len(neg):
        neg = neg[np.lexsort((neg, reduced_cost[neg], pool_demand[neg]))]
        d = pool_demand[neg]
        rank = np.arange(len(neg)) - np.searchsorted(d, d)
        neg = neg[rank < per_demand]
    cols = priced.columns
    beats = priced.min_reduced_cost[cols.demand] < pool_min[cols.demand] - 1e-6
    return neg, cols.subset(np.flatnonzero(beats))


@dataclass(frozen=True, slots=True)
class PricingNetwork:
    """What pricing needs of a network, computed once per network (duals change, this not)."""

    idx: Indexed
    windows: list[DemandWindow]
    n_buckets: int
    buckets_per_day: int
    lb_open: np.ndarray
    lane_var_t: np.ndarray
    """Per lane: cost per tonne plus handling at its destination."""
    handling: np.ndarray
    origin: np.ndarray
    destination: np.ndarray
    penalty_late: np.ndarray
    via: np.ndarray
    """Per demand: the hub index it must pass through, -1 where free."""


def pricing_network(
    net: Network,
    idx: Indexed,
    windows: list[DemandWindow],
    lb_open: np.ndarray,
    lane_var_t: np.ndarray,
    handling: np.ndarray,
) -> PricingNetwork:
    """Collect the dual-independent data of ``net`` for :func:`price_all_paths`."""
    demands = [net.demand_by_id[d] for d in idx.demand_ids]
    return PricingNetwork(
        idx=idx,
        windows=windows,
        n_buckets=net.calendar.n_buckets,
        buckets_per_day=net.calendar.buckets_per_day,
        lb_open=lb_open,
        lane_var_t=lane_var_t,
        handling=handling,
        origin=np.array([idx.hub_index[d.origin] for d in demands], dtype=np.int64),
        destination=np.array([idx.hub_index[d.destination] for d in demands], dtype=np.int64),
        penalty_late=np.array([d.penalty_late_eur_per_t for d in demands]),
        via=via_hubs(net, idx),
    )


def price_all_paths(
    pn: PricingNetwork, duals: PathDuals, *, threshold: float = -1e-6, first_route: int = 0
) -> PricedPaths:
    """Least reduced cost over every timed path of every demand, and the paths below ``threshold``.

    Parameters
    ----------
    pn
        The network's pricing data (:func:`pricing_network`).
    duals
        Row duals of the model the paths would join.
    threshold
        Paths are returned for the demands whose least reduced cost is below it.
    first_route
        Route number given to the first returned path (each path is its own route).
    """
    idx = pn.idx
    nb, bpd = pn.n_buckets, pn.buckets_per_day
    n_d, n_h, n_l = len(pn.windows), len(idx.hub_ids), len(idx.lane_ids)
    if n_d == 0 or n_l == 0:
        return PricedPaths(np.full(n_d, _INF), Columns.empty())
    # rows: one per demand, plus a second phase for each demand with a via hub
    forced = np.flatnonzero(pn.via >= 0)
    demand_of = np.concatenate([np.arange(n_d), forced])
    n_r = len(demand_of)
    second = np.arange(n_d, n_r)
    release = np.array([w.release for w in pn.windows], dtype=np.int64)[demand_of]
    on_time_by = np.array([w.on_time_by for w in pn.windows], dtype=np.int64)[demand_of]
    late_by = np.array([w.late_by for w in pn.windows], dtype=np.int64)[demand_of]
    destination = pn.destination[demand_of]
    penalty_late = pn.penalty_late[demand_of]
    can_end = np.ones(n_r, dtype=bool)
    can_end[forced] = False
    tau = idx.lane_tau
    lo, ld = idx.lane_origin, idx.lane_dest
    buckets = np.arange(nb)
    # per lane and cycle bucket: the leg's reduced cost per tonne (inf where closed)
    arr_day = ((buckets[None, :] + tau[:, None]) % nb) // bpd
    leg = pn.lane_var_t[:, None] - duals.cap - duals.hub_day[ld[:, None], arr_day]
    leg = np.where(pn.lb_open, leg, _INF)
    # first departure from the origin: handling there, its hub-day dual on that day
    origin_extra = pn.handling[:, None] - duals.hub_day[:, buckets // bpd]  # [hub, bucket]
    t0, t1 = int(release.min()), int(late_by.max())
    span = t1 - t0 + 1
    max_tau = int(tau.max())
    ring = max_tau + 1
    fut_val = np.full((ring, n_r, n_h), _INF)
    fut_code = np.full((ring, n_r, n_h), -1, dtype=np.int32)
    label = np.full((n_r, n_h), _INF)
    src = np.full((span, n_r, n_h), -1, dtype=np.int32)
    best = np.full(n_r, _INF)
    best_t = np.full(n_r, -1, dtype=np.int64)
    best_code = np.full(n_r, -1, dtype=np.int64)
    rows = np.arange(n_r)
    from_origin = lo[None, :] == pn.origin[demand_of][:, None]  # [row, lane]
    from_origin[second] = False
    via_hub = pn.via[forced]
    charges = _charges_by_bucket(duals.link, forced, second, n_d, nb)
    pos_row = np.full(n_r, -1, dtype=np.int64)
    pos_lane = np.full(n_l, -1, dtype=np.int64)
    for t in range(t0, t1 + 1):
        slot = t % ring
        arrived, code = fut_val[slot], fut_code[slot]
        better = arrived < label
        label = np.where(better, arrived, label)
        src[t - t0] = np.where(better, code, -1)
        if len(forced):  # the first phase reaching its via hub starts the second phase
            handed = label[forced, via_hub] < label[second, via_hub]
            label[second[handed], via_hub[handed]] = label[forced[handed], via_hub[handed]]
            src[t - t0, second[handed], via_hub[handed]] = _HANDOVER
        # end at the destination on arrival
        ok = (t <= late_by) & (t > release) & can_end
        end = arrived[rows, destination]
        term = np.where(t <= on_time_by, -duals.service, penalty_late)
        cost = np.where(ok, end + term, _INF)
        improve = cost < best
        best = np.where(improve, cost, best)
        best_t = np.where(improve, t, best_t)
        best_code = np.where(improve, code[rows, destination], best_code)
        fut_val[slot] = _INF
        fut_code[slot] = -1
        # departures in bucket t
        b = t % nb
        lanes = np.flatnonzero(np.isfinite(leg[:, b]))
        active = np.flatnonzero((release <= t) & (t + 1 <= late_by))
        if not len(lanes) or not len(active):
            continue
        lab = label[np.ix_(active, lo[lanes])]
        start = np.where(
            from_origin[np.ix_(active, lanes)] & (release[active, None] <= t),
            origin_extra[lo[lanes], b][None, :],
            _INF,
        )
        use_start = start < lab
        val = np.minimum(lab, start) + leg[lanes, b][None, :]
        charge = charges[b]
        if charge is not None:  # linking rows: a charge for one demand on one lane bucket
            c_row, c_lane, c_val = charge
            pos_row[active] = np.arange(len(active))
            pos_lane[lanes] = np.arange(len(lanes))
            pr, pl = pos_row[c_row], pos_lane[c_lane]
            ok = (pr >= 0) & (pl >= 0)
            val[pr[ok], pl[ok]] += c_val[ok]
            pos_row[active] = -1
            pos_lane[lanes] = -1
        lane_code = np.where(use_start, lanes[None, :] + n_l, lanes[None, :])
        for k, lane in enumerate(lanes):
            arrive = t + int(tau[lane])
            if arrive > t1:
                continue
            s = arrive % ring
            h = int(ld[lane])
            v = val[:, k]
            cur = fut_val[s, active, h]
            win = v < cur
            if not win.any():
                continue
            sel = active[win]
            fut_val[s, sel, h] = v[win]
            fut_code[s, sel, h] = lane_code[win, k]
    # each demand ends in its last phase
    final = np.arange(n_d)
    final[forced] = second
    first_of = np.arange(n_r)
    first_of[second] = forced
    reduced = best[final] - duals.demand
    wanted = np.flatnonzero(reduced < threshold)
    return PricedPaths(
        np.where(np.isfinite(best[final]), reduced, _INF),
        _paths(pn, src, t0, wanted, final, first_of, best_t, best_code, first_route),
    )


def _charges_by_bucket(
    link: LinkDuals | None, forced: np.ndarray, second: np.ndarray, n_d: int, nb: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray] | None]:
    """Per cycle bucket, the linking charges as (pricing row, lane, charge); both phases of a
    demand with a via hub pay them."""
    out: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = [None] * nb
    if link is None or not len(link.demand):
        return out
    second_of = np.full(n_d, -1, dtype=np.int64)
    second_of[forced] = second
    two = second_of[link.demand] >= 0
    row = np.concatenate([link.demand, second_of[link.demand[two]]])
    lane = np.concatenate([link.lane, link.lane[two]])
    bucket = np.concatenate([link.bucket, link.bucket[two]])
    charge = np.concatenate([link.charge, link.charge[two]])
    keep = charge > 0
    for b in np.unique(bucket[keep]).tolist():
        sel = keep & (bucket == b)
        out[b] = (row[sel], lane[sel], charge[sel])
    return out


def _paths(
    pn: PricingNetwork,
    src: np.ndarray,
    t0: int,
    wanted: np.ndarray,
    final: np.ndarray,
    first_of: np.ndarray,
    end_t: np.ndarray,
    end_code: np.ndarray,
    first_route: int,
) -> Columns:
    """Walk back from each wanted demand's best arrival to its first departure.

    ``final`` is each demand's last-phase row, ``first_of`` each row's first-phase row.
    """
    idx = pn.idx
    n_l = len(idx.lane_ids)
    demand: list[int] = []
    cost: list[float] = []
    on_time: list[bool] = []
    starts = [0]
    leg_lane: list[int] = []
    leg_dep: list[int] = []
    leg_arr: list[int] = []
    for d in wanted.tolist():
        r = int(final[d])
        t, code, h = int(end_t[r]), int(end_code[r]), int(pn.destination[d])
        legs: list[tuple[int, int, int]] = []
        while True:
            while code < 0:  # waited at h: step back to when the label was set
                t -= 1
                code = int(src[t - t0, r, h])
            if code == _HANDOVER:  # the second phase began here: continue in the first
                r = int(first_of[r])
                code = int(src[t - t0, r, h])
                continue
            lane = code % n_l
            dep = t - int(idx.lane_tau[lane])
            legs.append((lane, dep, t))
            if code >= n_l:
                break
            t, h = dep, int(idx.lane_origin[lane])
            code = int(src[t - t0, r, h])
        legs.reverse()
        arrival = legs[-1][2]
        late = arrival > pn.windows[d].on_time_by
        demand.append(d)
        cost.append(
            float(pn.handling[pn.origin[d]])
            + float(sum(pn.lane_var_t[lane] for lane, _, _ in legs))
            + (float(pn.penalty_late[d]) if late else 0.0)
        )
        on_time.append(not late)
        for lane, dep, arr in legs:
            leg_lane.append(lane)
            leg_dep.append(dep)
            leg_arr.append(arr)
        starts.append(len(leg_lane))
    n = len(demand)
    return Columns(
        demand=np.array(demand, dtype=np.int64),
        route=np.arange(first_route, first_route + n, dtype=np.int64),
        cost=np.array(cost, dtype=float),
        on_time=np.array(on_time, dtype=bool),
        start=np.array(starts, dtype=np.int64),
        leg_lane=np.array(leg_lane, dtype=np.int64),
        leg_dep=np.array(leg_dep, dtype=np.int64),
        leg_arr=np.array(leg_arr, dtype=np.int64),
    )


def all_timed_paths(net: Network, pn: PricingNetwork, *, limit: int) -> Columns | None:
    """Every timed path of every demand that visits each hub at most once, or None past ``limit``.

    A demand with a via hub gets only the paths through that hub.

    A plan that revisits a hub, or passes its destination before arriving, can wait
    instead: it uses a subset of the same rows at no more cost. So when this list is
    complete, a model over it is the whole model and its MIP bound holds for every plan.
    """
    idx, windows, lb_open = pn.idx, pn.windows, pn.lb_open
    lane_var_t, handling = pn.lane_var_t, pn.handling
    nb = net.calendar.n_buckets
    n_h = len(idx.hub_ids)
    tau = idx.lane_tau
    out_lanes: list[list[int]] = [[] for _ in range(n_h)]
    for lane in np.flatnonzero(idx.lane_usable).tolist():
        out_lanes[int(idx.lane_origin[lane])].append(lane)
    # fewest buckets from every hub to every hub (pruning only)
    big = 10**9
    dist = np.full((n_h, n_h), big, dtype=np.int64)
    np.fill_diagonal(dist, 0)
    for lane in np.flatnonzero(idx.lane_usable).tolist():
        a, b = int(idx.lane_origin[lane]), int(idx.lane_dest[lane])
        dist[a, b] = min(dist[a, b], int(tau[lane]))
    for k in range(n_h):
        dist = np.minimum(dist, dist[:, k : k + 1] + dist[k : k + 1, :])
    rows: list[tuple[int, float, bool, list[tuple[int, int, int]]]] = []
    for di, did in enumerate(idx.demand_ids):
        d = net.demand_by_id[did]
        o, t = idx.hub_index[d.origin], idx.hub_index[d.destination]
        win = windows[di]
        via = int(pn.via[di])
        stack: list[tuple[int, int, tuple[tuple[int, int, int], ...], frozenset[int]]] = [
            (o, win.release, (), frozenset([o]))
        ]
        while stack:
            hub, clock, legs, seen = stack.pop()
            for lane in out_lanes[hub]:
                nxt = int(idx.lane_dest[lane])
                if nxt in seen:
                    continue
                step = int(tau[lane])
                last_dep = win.late_by - step - int(dist[nxt, t])
                for dep in range(clock, last_dep + 1):
                    if not lb_open[lane, dep % nb]:
                        continue
                    path = (*legs, (lane, dep, dep + step))
                    if nxt == t:
                        if via >= 0 and all(int(idx.lane_dest[x]) != via for x, _, _ in path):
                            continue
                        late = dep + step > win.on_time_by
                        cost = float(handling[o]) + float(sum(lane_var_t[x] for x, _, _ in path))
                        cost += d.penalty_late_eur_per_t if late else 0.0
                        rows.append((di, cost, not late, list(path)))
                        if len(rows) > limit:
                            return None
                    else:
                        stack.append((nxt, dep + step, path, seen | {nxt}))
    rows.sort(key=lambda r: (r[0], [(x, y) for x, y, _ in r[3]]))
    starts = np.concatenate([[0], np.cumsum([len(r[3]) for r in rows])]).astype(np.int64)
    legs_all = [leg for r in rows for leg in r[3]]
    return Columns(
        demand=np.array([r[0] for r in rows], dtype=np.int64),
        route=np.arange(len(rows), dtype=np.int64),
        cost=np.array([r[1] for r in rows], dtype=float),
        on_time=np.array([r[2] for r in rows], dtype=bool),
        start=starts,
        leg_lane=np.array([x for x, _, _ in legs_all], dtype=np.int64),
        leg_dep=np.array([y for _, y, _ in legs_all], dtype=np.int64),
        leg_arr=np.array([z for _, _, z in legs_all], dtype=np.int64),
    )
