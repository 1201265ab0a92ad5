"""The benchmark baseline: a plain time-expanded arc-flow MIP of the same weekly network.

This is the model a competent analyst writes first: one commodity per origin and
release day, flowing over a time-expanded copy of the network (lane arcs per departure
bucket, holding arcs at every hub, delivery arcs into each demand's destination up to
its late deadline), with the same integer trucks per lane bucket, lane-day limits, hub
throughput, drivers, trailer balance, fleet and service rules as the design model
(those rows come from :func:`solver.formulation.build_formulation` with no paths and
a truck variable on every open lane bucket). Costs are the same: trucks, per-tonne lane
costs, handling at the origin and at every arrival, late and unserved penalties.
Nothing is restricted, so its bound is a bound on every plan of the network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from solver.columns import Columns, demand_windows, lane_bucket_open
from solver.formulation import build_formulation
from solver.mathopt_lp import MatrixProgram
from solver.network import Network
from solver.routes import index_network


@dataclass(frozen=True, slots=True)
class ArcFlowModel:
    """The baseline MIP and its size."""

    program: MatrixProgram
    commodities: int
    arcs: int


def estimate_variables(net: Network) -> int:
    """Arc, holding and delivery variables the baseline would have (to refuse huge builds)."""
    idx = index_network(net)
    windows = demand_windows(net, idx)
    ends: dict[tuple[int, int], int] = {}
    for did, w in zip(idx.demand_ids, windows, strict=True):
        key = (idx.hub_index[net.demand_by_id[did].origin], w.release)
        ends[key] = max(ends.get(key, w.release), w.late_by)
    lanes = int(idx.lane_usable.sum())
    hubs = len(idx.hub_ids)
    return sum((end - rel + 1) * (lanes + hubs) for (_, rel), end in ends.items())


def build_arc_flow(net: Network) -> ArcFlowModel:
    """Assemble the arc-flow MIP of ``net`` (numpy; a few seconds for a million arcs)."""
    cal = net.calendar
    nb, bpd, days = cal.n_buckets, cal.buckets_per_day, cal.days
    idx = index_network(net)
    windows = demand_windows(net, idx)
    lb_open = lane_bucket_open(net, idx)
    base = build_formulation(net, idx, Columns.empty(), windows, every_lane_bucket=True)
    p0 = base.program
    n_h = len(idx.hub_ids)
    lanes = [net.lane_by_id[lid] for lid in idx.lane_ids]
    handling = np.array([net.hub_by_id[h].handling_cost_eur_per_t for h in idx.hub_ids])
    lane_var = np.array([lane.cost_eur_per_t for lane in lanes]) + handling[idx.lane_dest]
    tau = idx.lane_tau
    demands = [net.demand_by_id[d] for d in idx.demand_ids]
    groups: dict[tuple[int, int], list[int]] = {}
    for j, d in enumerate(demands):
        groups.setdefault((idx.hub_index[d.origin], windows[j].release), []).append(j)

    cols_c: list[np.ndarray] = []
    cols_ub: list[np.ndarray] = []
    # triplets (row, local col, value); rows: old rows as is, new rows offset later
    old_r: list[np.ndarray] = []
    old_c: list[np.ndarray] = []
    old_v: list[np.ndarray] = []
    new_r: list[np.ndarray] = []
    new_c: list[np.ndarray] = []
    new_v: list[np.ndarray] = []
    rhs: list[np.ndarray] = []
    n_new_cols = 0
    n_nodes = 0
    hub_day_rows = n_h * days  # the first new rows: throughput per hub and day
    n_arcs = 0

    def add_cols(cost: np.ndarray, ub: np.ndarray) -> np.ndarray:
        nonlocal n_new_cols
        ids = n_new_cols + np.arange(len(cost))
        n_new_cols += len(cost)
        cols_c.append(cost)
        cols_ub.append(ub)
        return ids

    for (o, rel), members in sorted(groups.items()):
        end = max(windows[j].late_by for j in members)
        horizon = end - rel + 1
        supply = float(sum(demands[j].volume_t for j in members))
        node0 = hub_day_rows + n_nodes
        n_nodes += n_h * horizon
        rhs.append(np.zeros(n_h * horizon))
        rhs[-1][o * horizon] = supply

        def node(
            h: np.ndarray,
            t: np.ndarray,
            node0: int = node0,
            horizon: int = horizon,
            rel: int = rel,
        ) -> np.ndarray:
            out: np.ndarray = node0 + h * horizon + (t - rel)
            return out

        # lane arcs
        ts = np.arange(rel, end + 1)
        ok = lb_open[:, ts % nb] & (ts[None, :] + tau[:, None] <= end)
        li, ti = np.nonzero(ok)
        t_dep = ts[ti]
        t_arr = t_dep + tau[li]
        cost = lane_var[li] + np.where(idx.lane_origin[li] == o, handling[o], 0.0)
        ids = add_cols(cost, np.full(len(li), supply))
        n_arcs += len(li)
        new_r += [node(idx.lane_origin[li], t_dep), node(idx.lane_dest[li], t_arr)]
        new_c += [ids, ids]
        new_v += [np.ones(len(li)), -np.ones(len(li))]
        arr_day = (t_arr % nb) // bpd
        new_r.append(idx.lane_dest[li] * days + arr_day)
        new_c.append(ids)
        new_v.append(np.ones(len(li)))
        first = idx.lane_origin[li] == o
        new_r.append(o * days + (t_dep[first] % nb) // bpd)
        new_c.append(ids[first])
        new_v.append(np.ones(int(first.sum())))
        cap_rows = base.cap_row[base.n_index[li, t_dep % nb]]
        old_r.append(cap_rows)
        old_c.append(ids)
        old_v.append(np.ones(len(li)))
        # holding arcs
        grid_h, grid_t = np.meshgrid(np.arange(n_h), np.arange(rel, end), indexing="ij")
        hh, th = grid_h.ravel(), grid_t.ravel()
        ids = add_cols(np.zeros(len(hh)), np.full(len(hh), supply))
        new_r += [node(hh, th), node(hh, th + 1)]
        new_c += [ids, ids]
        new_v += [np.ones(len(hh)), -np.ones(len(hh))]
        # unsent supply (becomes unserved through the demand rows)
        ids = add_cols(np.zeros(1), np.array([supply]))
        new_r.append(np.array([node0 + o * horizon]))
        new_c.append(ids)
        new_v.append(np.ones(1))
        # deliveries
        for j in members:
            w = windows[j]
            dest = idx.hub_index[demands[j].destination]
            tt = np.arange(rel + 1, w.late_by + 1)
            late = tt > w.on_time_by
            ids = add_cols(
                np.where(late, demands[j].penalty_late_eur_per_t, 0.0),
                np.full(len(tt), demands[j].volume_t),
            )
            new_r.append(node(np.full(len(tt), dest), tt))
            new_c.append(ids)
            new_v.append(np.ones(len(tt)))
            old_r.append(np.full(len(tt), j))  # demand rows come first in the base model
            old_c.append(ids)
            old_v.append(np.ones(len(tt)))
            if base.service_row is not None:
                on = ids[~late]
                old_r.append(np.full(len(on), base.service_row))
                old_c.append(on)
                old_v.append(np.ones(len(on)))

    m0, n0 = p0.n_rows, p0.n_cols
    m_new = hub_day_rows + n_nodes
    r = np.concatenate([*old_r, *(m0 + x for x in new_r)]) if (old_r or new_r) else np.zeros(0)
    c = np.concatenate([*(n0 + x for x in old_c), *(n0 + x for x in new_c)])
    v = np.concatenate([*old_v, *new_v])
    extra = sp.csr_matrix((v, (r, c)), shape=(m0 + m_new, n0 + n_new_cols))
    a = sp.vstack(
        [
            sp.hstack([p0.a, sp.csr_matrix((m0, n_new_cols))]),
            sp.csr_matrix((m_new, n0 + n_new_cols)),
        ]
    )
    a = (a + extra).tocsr()
    hub_cap = np.array(
        [
            [
                net.hub_by_id[h].capacity_t_per_day if net.hub_by_id[h].is_open_on(d) else 0.0
                for d in range(days)
            ]
            for h in idx.hub_ids
        ]
    ).ravel()
    node_rhs = np.concatenate(rhs) if rhs else np.zeros(0)
    program = MatrixProgram(
        c=np.concatenate([p0.c, *cols_c]),
        a=a,
        row_lb=np.concatenate([p0.row_lb, np.full(hub_day_rows, -np.inf), node_rhs]),
        row_ub=np.concatenate([p0.row_ub, hub_cap, node_rhs]),
        col_lb=np.concatenate([p0.col_lb, np.zeros(n_new_cols)]),
        col_ub=np.concatenate([p0.col_ub, *cols_ub]),
        integer=np.concatenate([p0.integer, np.zeros(n_new_cols, dtype=bool)]),
    )
    return ArcFlowModel(program=program, commodities=len(groups), arcs=n_arcs)
