"""Time-window cut-set inequalities on trucks: the integer rounding the LP leaves out.

The LP relaxation lets a lane bucket run 0.4 of a truck; real plans run whole trucks.
For a hub ``h`` and a window ``W`` of consecutive cycle buckets, the demands whose
freight *must* leave ``h`` within ``W`` (origin ``h``, every possible first departure in
``W``) need ``C * N_W + U_W >= V_W``, where ``N_W`` counts the trucks leaving ``h``
in ``W`` (every lane out of ``h``, capacity at most ``C``), ``V_W`` is those demands'
tonnes and ``U_W`` their unserved tonnes. ``N_W`` is an integer, so the mixed-integer
rounding (MIR) of that inequality holds for every plan::

    N_W + U_W / (C * f) >= ceil(V_W / C),     f = V_W / C - floor(V_W / C) > 0

The same holds for freight that must *arrive* at ``h`` within ``W`` (destination ``h``,
trucks counted by arrival bucket). A demand's possible first departures run from its
release to its last late bucket minus the fewest buckets any route to its destination
takes; its possible arrivals from release plus those buckets to the last late bucket.
:func:`separate_window_cuts` finds the most violated ones for an LP solution with cyclic
prefix sums (every hub, start and length at once); :func:`add_cut_rows` appends them to a
formulation whose lane buckets all have trucks (``every_lane_bucket=True``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from solver.formulation import Formulation, RowInfo

MIN_FRACTION = 0.05
"""MIR cuts with a smaller fractional part are skipped (huge coefficients, little gain)."""
MIN_VIOLATION = 0.02
"""Trucks by which an LP solution must violate a cut for it to be added."""


@dataclass(frozen=True, slots=True)
class WindowCut:
    """``N_W + sum(u[demands]) / (capacity * frac) >= rhs`` for one hub and window."""

    outbound: bool
    hub: int
    start: int
    length: int
    demands: tuple[int, ...]
    capacity: float
    frac: float
    rhs: float


@dataclass(frozen=True, slots=True)
class WindowData:
    """Per demand, the cyclic windows of its possible departures and arrivals."""

    dep_start: np.ndarray
    dep_len: np.ndarray
    arr_start: np.ndarray
    arr_len: np.ndarray
    out_cap: np.ndarray
    """Per hub, the largest truck capacity of a usable lane leaving it (0: none)."""
    in_cap: np.ndarray


def window_data(form: Formulation) -> WindowData:
    """Departure and arrival windows of every demand of ``form`` (cyclic, clipped to a week)."""
    net, idx = form.net, form.idx
    nb = net.calendar.n_buckets
    n_h = len(idx.hub_ids)
    use = idx.lane_usable
    graph = sp.csr_matrix(
        (idx.lane_tau[use].astype(float), (idx.lane_origin[use], idx.lane_dest[use])),
        shape=(n_h, n_h),
    )
    dist = dijkstra(graph, directed=True)
    demands = [net.demand_by_id[d] for d in idx.demand_ids]
    o = np.array([idx.hub_index[d.origin] for d in demands], dtype=np.int64)
    t = np.array([idx.hub_index[d.destination] for d in demands], dtype=np.int64)
    release = np.array([w.release for w in form.windows], dtype=np.int64)
    late_by = np.array([w.late_by for w in form.windows], dtype=np.int64)
    mind = dist[o, t] if len(o) else np.zeros(0)
    reach = np.isfinite(mind)
    mind_i = np.where(reach, mind, 0).astype(np.int64)
    span = np.where(reach, late_by - mind_i - release + 1, 0)
    cap = np.array([net.lane_by_id[lid].truck_capacity_t for lid in idx.lane_ids])
    out_cap = np.zeros(n_h)
    in_cap = np.zeros(n_h)
    np.maximum.at(out_cap, idx.lane_origin[use], cap[use])
    np.maximum.at(in_cap, idx.lane_dest[use], cap[use])
    return WindowData(
        dep_start=release % nb,
        dep_len=np.clip(span, 0, nb),
        arr_start=(release + mind_i) % nb,
        arr_len=np.clip(span, 0, nb),
        out_cap=out_cap,
        in_cap=in_cap,
    )


def _truck_sums(form: Formulation, n_vals: np.ndarray, outbound: bool) -> np.ndarray:
    """``[hub, bucket]`` trucks leaving (or arriving at) each hub in each cycle bucket."""
    idx = form.idx
    nb = form.net.calendar.n_buckets
    out = np.zeros((len(idx.hub_ids), nb))
    lane = form.n_lane
    if outbound:
        np.add.at(out, (idx.lane_origin[lane], form.n_bucket), n_vals)
    else:
        np.add.at(out, (idx.lane_dest[lane], (form.n_bucket + idx.lane_tau[lane]) % nb), n_vals)
    return out


def separate_window_cuts(
    form: Formulation, data: WindowData, vec: np.ndarray, *, max_per_hub: int = 3
) -> list[WindowCut]:
    """The window cuts that the solution ``vec`` of ``form`` violates most, per hub and side."""
    nb = form.net.calendar.n_buckets
    n_vals = vec[form.n0 : form.s0]
    u = vec[form.u0 : form.n0]
    vol = form.volume
    idx = form.idx
    origin = np.array([idx.hub_index[form.net.demand_by_id[d].origin] for d in idx.demand_ids])
    dest = np.array([idx.hub_index[form.net.demand_by_id[d].destination] for d in idx.demand_ids])
    lengths = np.arange(1, nb + 1)
    cuts: list[WindowCut] = []
    for outbound in (True, False):
        trucks = _truck_sums(form, n_vals, outbound)
        ends = dest if not outbound else origin
        start = data.dep_start if outbound else data.arr_start
        span = data.dep_len if outbound else data.arr_len
        caps = data.out_cap if outbound else data.in_cap
        for h in range(len(idx.hub_ids)):
            mine = np.flatnonzero((ends == h) & (span > 0))
            if not len(mine) or caps[h] <= 0:
                continue
            cap = float(caps[h])
            doubled = np.concatenate([trucks[h], trucks[h]])
            prefix = np.concatenate([[0.0], np.cumsum(doubled)])
            found: list[tuple[float, WindowCut]] = []
            for a in range(nb):
                key = (start[mine] - a) % nb + span[mine]  # window length that holds each demand
                key = np.where(span[mine] >= nb, nb, key)
                v = np.cumsum(np.bincount(key, weights=vol[mine], minlength=2 * nb + 1))[lengths]
                us = np.cumsum(np.bincount(key, weights=u[mine], minlength=2 * nb + 1))[lengths]
                n_w = prefix[a + lengths] - prefix[a]
                b = v / cap
                f = b - np.floor(b)
                ok = f >= MIN_FRACTION
                lhs = n_w + us / (cap * np.where(ok, f, 1.0))
                viol = np.where(ok, np.ceil(b) - lhs, 0.0)
                best = int(np.argmax(viol))
                if viol[best] > MIN_VIOLATION:
                    length = int(lengths[best])
                    members = mine[key <= length]
                    found.append(
                        (
                            float(viol[best]),
                            WindowCut(
                                outbound=outbound,
                                hub=h,
                                start=a,
                                length=length,
                                demands=tuple(int(d) for d in members),
                                capacity=cap,
                                frac=float(f[best]),
                                rhs=float(np.ceil(b[best])),
                            ),
                        )
                    )
            found.sort(key=lambda item: (-item[0], item[1].start, item[1].length))
            cuts.extend(cut for _, cut in found[:max_per_hub])
    return cuts


def add_cut_rows(form: Formulation, cuts: list[WindowCut]) -> Formulation:
    """``form`` with one ``>=`` row per cut appended (trucks and unserved tonnes only)."""
    if not cuts:
        return form
    idx = form.idx
    nb = form.net.calendar.n_buckets
    lane = form.n_lane
    dep_hub = idx.lane_origin[lane]
    arr_hub = idx.lane_dest[lane]
    arr_b = (form.n_bucket + idx.lane_tau[lane]) % nb
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for r, cut in enumerate(cuts):
        hub = dep_hub if cut.outbound else arr_hub
        bucket = form.n_bucket if cut.outbound else arr_b
        inside = (bucket - cut.start) % nb < cut.length
        k = np.flatnonzero((hub == cut.hub) & inside)
        d = np.array(cut.demands, dtype=np.int64)
        rows.append(np.full(len(k) + len(d), r))
        cols.append(np.concatenate([form.n0 + k, form.u0 + d]))
        vals.append(
            np.concatenate([np.ones(len(k)), np.full(len(d), 1.0 / (cut.capacity * cut.frac))])
        )
    p = form.program
    extra = sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(cuts), p.n_cols),
    )
    program = replace(
        p,
        a=sp.vstack([p.a, extra]).tocsr(),
        row_lb=np.concatenate([p.row_lb, [c.rhs for c in cuts]]),
        row_ub=np.concatenate([p.row_ub, np.full(len(cuts), np.inf)]),
    )
    info = [
        RowInfo("window_cut", (idx.hub_ids[c.hub],), c.start // form.net.calendar.buckets_per_day)
        for c in cuts
    ]
    return replace(form, program=program, rows=[*form.rows, *info])
