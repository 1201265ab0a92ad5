"""A lower bound on the cost of *every* plan of a network, from any LP duals.

The design model is solved over a restricted set of timed paths, but a planner needs
a bound on every plan the network allows. Lagrangian duality gives one for any row
duals ``y`` of the right signs::

    L(y) = sum_rows y_i * (the row's side)  +  sum_vars min(rc_j * lb_j, rc_j * ub_j)
           + sum_demands volume_d * min(0, least reduced cost of any timed path of d)

where ``rc = c - A^T y``. The last term is computed by :func:`solver.pricing.price_all_paths`
over the whole time-expanded network, so ``L(y)`` bounds the full model, not the
candidates. Two rules make it tight:

- *Signs*: duals are clipped to the signs their rows allow before anything else, so
  numerical noise never makes the bound invalid.
- *Truck capacity for lane buckets the model leaves out*: the full model has a truck
  variable and a capacity row for every open lane bucket. Where the formulation has
  none (or its truck has a positive reduced cost), the capacity row's dual is set to
  ``-(reduced cost of that truck) / truck capacity``: the truck's reduced cost becomes
  zero (its term stays zero) and every path on that lane bucket pays the truck's cost
  per tonne. This choice is itself an optimal dual of the restricted LP, so column
  generation with it converges to the full LP, where ``L(y)`` equals the LP value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.formulation import Formulation
from solver.network import CarrierKind
from solver.pricing import PathDuals, PricedPaths, PricingNetwork, price_all_paths


@dataclass(frozen=True, slots=True)
class FullBound:
    """A bound valid for every plan, with the priced paths and the duals that gave it."""

    value: float
    priced: PricedPaths
    duals: np.ndarray
    """The (clipped, adjusted) row duals of the formulation used."""


def clip_duals(form: Formulation, y: np.ndarray) -> np.ndarray:
    """Row duals with the signs their rows allow (``<=`` rows ``<= 0``, ``>=`` rows ``>= 0``)."""
    p = form.program
    out = y.copy()
    only_ub = ~np.isfinite(p.row_lb) & np.isfinite(p.row_ub)
    only_lb = np.isfinite(p.row_lb) & ~np.isfinite(p.row_ub)
    out[only_ub] = np.minimum(out[only_ub], 0.0)
    out[only_lb] = np.maximum(out[only_lb], 0.0)
    free = ~np.isfinite(p.row_lb) & ~np.isfinite(p.row_ub)
    out[free] = 0.0
    return out


def full_bound(
    form: Formulation, y: np.ndarray, pn: PricingNetwork, *, threshold: float = -1e-6
) -> FullBound:
    """``L(y)`` of the full model for duals ``y`` of ``form``'s rows (see the module doc)."""
    p = form.program
    net, idx = form.net, form.idx
    nb, bpd = net.calendar.n_buckets, net.calendar.buckets_per_day
    n_l, n_h = len(idx.lane_ids), len(idx.hub_ids)
    nx = form.cols.n
    y = clip_duals(form, y)
    lanes = [net.lane_by_id[lid] for lid in idx.lane_ids]
    cap_t = np.array([lane.truck_capacity_t for lane in lanes])
    truck_eur = np.array([lane.cost_eur_per_truck for lane in lanes])
    # truck capacity duals of the lane buckets the formulation has trucks for
    rc = p.c - p.a.T @ y
    n_cols = np.arange(form.n0, form.s0)
    k_lane, k_bucket = form.n_lane, form.n_bucket
    has_row = form.cap_row >= 0
    raise_by = np.maximum(rc[n_cols], 0.0) / cap_t[k_lane]
    y[form.cap_row[has_row]] -= raise_by[has_row]
    cap = np.zeros((n_l, nb))
    cap[k_lane[has_row], k_bucket[has_row]] = y[form.cap_row[has_row]]
    # a truck without a capacity row: the row the full model has, priced the same way
    cap[k_lane[~has_row], k_bucket[~has_row]] = -raise_by[~has_row]
    # open lane buckets without a truck (contract lanes no path uses): only the lane-day
    # row and the truck cost price them
    lane_day = np.zeros((n_l, net.calendar.days))
    hub_day = np.zeros((n_h, net.calendar.days))
    lane_pos = {lid: i for i, lid in enumerate(idx.lane_ids)}
    for r, info in enumerate(form.rows):
        if info.kind == "lane_day" and info.day is not None:
            lane_day[lane_pos[info.entities[0]], info.day] = y[r]
        elif info.kind == "hub_day" and info.day is not None:
            hub_day[idx.hub_index[info.entities[0]], info.day] = y[r]
    missing = pn.lb_open & (form.n_index < 0)
    ml, mb = np.nonzero(missing)
    contract = np.array([lane.carrier != CarrierKind.OWN for lane in lanes], dtype=bool)
    assert contract[ml].all() or not len(ml), "own-fleet lanes have a truck in every bucket"
    cap[ml, mb] = -(truck_eur[ml] - lane_day[ml, mb // bpd]) / cap_t[ml]
    service = float(y[form.service_row]) if form.service_row is not None else 0.0
    duals = PathDuals(demand=y[: len(form.volume)], cap=cap, hub_day=hub_day, service=service)
    priced = price_all_paths(pn, duals, threshold=threshold)
    # L(y): rows, the non-path variables, then every demand's cheapest path
    rc = p.c - p.a.T @ y
    rc[n_cols[~has_row]] += cap_t[k_lane[~has_row]] * cap[k_lane[~has_row], k_bucket[~has_row]]
    rc[n_cols] = np.where(np.abs(rc[n_cols]) < 1e-9, 0.0, rc[n_cols])
    side = np.where(y > 0, p.row_lb, np.where(y < 0, p.row_ub, 0.0))
    value = float(y @ np.where(np.isfinite(side), side, 0.0))
    other = rc[nx:]
    lb, ub = p.col_lb[nx:], p.col_ub[nx:]
    if np.any((other < 0) & ~np.isfinite(ub)) or np.any((other > 0) & ~np.isfinite(lb)):
        return FullBound(-np.inf, priced, y)
    value += float(np.sum(np.where(other < 0, other * ub, other * lb)))
    mins = priced.min_reduced_cost
    value += float(np.sum(form.volume * np.minimum(np.where(np.isfinite(mins), mins, 0.0), 0.0)))
    return FullBound(value, priced, y)
