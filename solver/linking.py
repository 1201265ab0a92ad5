"""Strong linking cuts: a demand rides a lane bucket only where a truck runs.

The capacity row of a lane bucket lets the LP run a fraction of a truck just big enough
for the tonnes on it: 2 t of a 24 t truck opens 1/12 of it. Every plan obeys the
stronger, per-demand rule ::

    x[d, l, t] <= min(volume_d, capacity_l) * n[l, t]

(``x[d, l, t]``: tonnes of demand ``d`` on lane ``l`` leaving in cycle bucket ``t``;
``n`` counts whole trucks, so ``n = 0`` carries nothing and ``n >= 1`` carries all of
``d``). It is the row that makes the classic fixed-charge network design relaxation
tight; on lanes whose demands are small against a truck it is where most of the bound
comes from. There are too many such rows to write them all, so
:func:`separate_linking_cuts` picks the ones an LP solution violates most and
:func:`add_linking_rows` appends them. Their duals price a path of ``d`` on ``(l, t)``
(:func:`linking_duals`, used by :func:`solver.pricing.price_all_paths`), so the bound of
:mod:`solver.bound` stays valid for every plan of the network.

>>> cut = LinkingCut(demand=3, lane=0, bucket=5, coefficient=2.0)
>>> cut.coefficient
2.0
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from solver.formulation import Formulation, RowInfo
from solver.pricing import LinkDuals

MIN_VIOLATION = 0.05
"""Trucks by which an LP solution must violate a linking cut for it to be added."""
LINK_ROW = "link"
"""The :class:`~solver.formulation.RowInfo` kind of a linking row."""


@dataclass(frozen=True, slots=True)
class LinkingCut:
    """``x[demand, lane, bucket] <= coefficient * n[lane, bucket]`` (indices of the model)."""

    demand: int
    lane: int
    bucket: int
    coefficient: float


def _leg_keys(form: Formulation) -> tuple[np.ndarray, np.ndarray]:
    """Per path leg: its column and its ``(demand, lane, cycle bucket)`` key as one integer."""
    cols = form.cols
    nb = form.net.calendar.n_buckets
    n_l = len(form.idx.lane_ids)
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    key = (cols.demand[leg_col] * n_l + cols.leg_lane) * nb + cols.leg_dep % nb
    return leg_col, key


def separate_linking_cuts(form: Formulation, vec: np.ndarray, *, max_cuts: int) -> list[LinkingCut]:
    """The linking cuts the solution ``vec`` of ``form`` violates most (at most ``max_cuts``).

    Only pairs whose demand is smaller than a truck are candidates: otherwise the capacity
    row already says as much. Ties are broken by the key, so the choice is deterministic.
    """
    nb = form.net.calendar.n_buckets
    n_l = len(form.idx.lane_ids)
    leg_col, key = _leg_keys(form)
    flow = vec[form.x0 : form.x0 + form.cols.n][leg_col]
    on = flow > 1e-9
    if not on.any():
        return []
    keys, inverse = np.unique(key[on], return_inverse=True)
    tonnes = np.bincount(inverse, weights=flow[on])
    demand, rest = np.divmod(keys, n_l * nb)
    lane, bucket = np.divmod(rest, nb)
    truck = form.n_index[lane, bucket]
    cap = np.array([form.net.lane_by_id[lid].truck_capacity_t for lid in form.idx.lane_ids])
    coefficient = np.minimum(form.volume[demand], cap[lane])
    useful = (truck >= 0) & (form.volume[demand] < cap[lane]) & (coefficient > 0)
    trucks = np.where(truck >= 0, vec[form.n0 + np.maximum(truck, 0)], 0.0)
    violation = np.where(useful, tonnes / np.where(useful, coefficient, 1.0) - trucks, 0.0)
    pick = np.flatnonzero(violation > MIN_VIOLATION)
    pick = pick[np.lexsort((keys[pick], -violation[pick]))][:max_cuts]
    pick.sort()
    return [
        LinkingCut(int(demand[i]), int(lane[i]), int(bucket[i]), float(coefficient[i]))
        for i in pick
    ]


def add_linking_rows(form: Formulation, cuts: list[LinkingCut]) -> Formulation:
    """``form`` with one ``<= 0`` row per cut: the demand's tonnes minus ``coefficient`` trucks."""
    if not cuts:
        return form
    nb = form.net.calendar.n_buckets
    n_l = len(form.idx.lane_ids)
    idx = form.idx
    cut_key = np.array([(c.demand * n_l + c.lane) * nb + c.bucket for c in cuts], dtype=np.int64)
    order = np.argsort(cut_key, kind="stable")
    leg_col, key = _leg_keys(form)
    pos = np.searchsorted(cut_key[order], key)
    hit = pos < len(cuts)
    hit[hit] = cut_key[order][pos[hit]] == key[hit]
    leg_rows = order[pos[hit]]
    truck = np.array([form.n_index[c.lane, c.bucket] for c in cuts], dtype=np.int64)
    if (truck < 0).any():
        raise ValueError("linking cuts need a truck variable on every lane bucket they name")
    rows = np.concatenate([leg_rows, np.arange(len(cuts))])
    cols = np.concatenate([form.x0 + leg_col[hit], form.n0 + truck])
    vals = np.concatenate([np.ones(int(hit.sum())), [-c.coefficient for c in cuts]])
    p = form.program
    extra = sp.csr_matrix((vals, (rows, cols)), shape=(len(cuts), p.n_cols))
    program = replace(
        p,
        a=sp.vstack([p.a, extra]).tocsr(),
        row_lb=np.concatenate([p.row_lb, np.full(len(cuts), -np.inf)]),
        row_ub=np.concatenate([p.row_ub, np.zeros(len(cuts))]),
    )
    bpd = form.net.calendar.buckets_per_day
    info = [
        RowInfo(
            LINK_ROW, (idx.demand_ids[c.demand], idx.lane_ids[c.lane]), c.bucket // bpd, c.bucket
        )
        for c in cuts
    ]
    return replace(form, program=program, rows=[*form.rows, *info])


def linking_duals(form: Formulation, y: np.ndarray) -> LinkDuals | None:
    """What the linking rows of ``form`` charge a path per tonne, from row duals ``y``.

    ``y`` must already have the signs the rows allow (``<= 0``); the charge is ``-y``.
    """
    rows = [r for r, info in enumerate(form.rows) if info.kind == LINK_ROW]
    if not rows:
        return None
    demand_pos = {d: i for i, d in enumerate(form.idx.demand_ids)}
    lane_pos = {lid: i for i, lid in enumerate(form.idx.lane_ids)}
    infos = [form.rows[r] for r in rows]
    return LinkDuals(
        demand=np.array([demand_pos[i.entities[0]] for i in infos], dtype=np.int64),
        lane=np.array([lane_pos[i.entities[1]] for i in infos], dtype=np.int64),
        bucket=np.array([i.bucket for i in infos], dtype=np.int64),
        charge=-y[np.array(rows, dtype=np.int64)],
    )
