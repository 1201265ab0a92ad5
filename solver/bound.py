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
- *Lane rules*: a required lane's row counts tonnes on its rule buckets, so its dual is
  added to those lane buckets' leg duals, as a capacity dual is.
- *Truck capacity*: the formulation must have a truck and a capacity row for every open
  lane bucket (``every_lane_bucket=True``), as the full model does. Where a truck has a
  positive reduced cost, its capacity row's dual is lowered by ``reduced cost / truck
  capacity``: the truck's reduced cost becomes zero (its term stays zero) and every path
  on that lane bucket pays the truck's cost per tonne. This choice is itself an optimal
  dual of the restricted LP, so column generation with it converges to the full LP, where
  ``L(y)`` equals the LP value.
- *Linking rows* (:mod:`solver.linking`): a row's dual charges the one demand it names
  on its lane bucket, in pricing as in the restricted LP, so ``L(y)`` bounds every plan
  of the model with those rows, which every integer plan obeys.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.formulation import Formulation
from solver.linking import linking_duals
from solver.pricing import PathDuals, PricedPaths, PricingNetwork, price_all_paths
from solver.rules import lane_rule_buckets


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
    nb = net.calendar.n_buckets
    n_l, n_h = len(idx.lane_ids), len(idx.hub_ids)
    nx = form.cols.n
    y = clip_duals(form, y)
    if not (form.cap_row >= 0).all() or (pn.lb_open & (form.n_index < 0)).any():
        raise ValueError("full_bound needs a formulation with every open lane bucket")
    cap_t = np.array([net.lane_by_id[lid].truck_capacity_t for lid in idx.lane_ids])
    # raise each truck's capacity dual until its reduced cost is zero
    rc = p.c - p.a.T @ y
    n_cols = np.arange(form.n0, form.s0)
    y[form.cap_row] -= np.maximum(rc[n_cols], 0.0) / cap_t[form.n_lane]
    cap = np.zeros((n_l, nb))
    cap[form.n_lane, form.n_bucket] = y[form.cap_row]
    hub_day = np.zeros((n_h, net.calendar.days))
    for r, info in enumerate(form.rows):
        if info.kind == "hub_day" and info.day is not None:
            hub_day[idx.hub_index[info.entities[0]], info.day] = y[r]
    rules = {x.lane_id: x for x in lane_rule_buckets(net, idx, pn.lb_open)}
    for r, info in enumerate(form.rows):
        if info.kind == "lane_rule":  # tonnes on the lane's rule buckets: priced per leg
            rule = rules[info.entities[0]]
            cap[rule.lane, rule.buckets] += y[r]
    service = float(y[form.service_row]) if form.service_row is not None else 0.0
    duals = PathDuals(
        demand=y[: len(form.volume)],
        cap=cap,
        hub_day=hub_day,
        service=service,
        link=linking_duals(form, y),
    )
    priced = price_all_paths(pn, duals, threshold=threshold)
    # L(y): rows, the non-path variables, then every demand's cheapest path
    rc = p.c - p.a.T @ y
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
