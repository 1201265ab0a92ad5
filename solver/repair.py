"""A quick feasible plan from an LP solution: round the loads up, trim, fit the empties.

The MIP solver needs a few seconds of root work before its first good plan; this gives
it one at once (as a hint), so a solve stopped early still returns a sensible plan:

1. keep the LP's path flows and give every lane bucket the trucks its load needs
   (``ceil(load / capacity)``);
2. where that breaks a lane's daily truck limit, take the last, least-filled truck off
   the buckets with the smallest remainders and cut those tonnes from the paths that
   use them (they become unserved);
3. with the flows fixed, solve for the dispatches (loaded and empty) that balance the
   trailers within the fleet, lane, driver and parking limits: an LP whose solution is
   almost always integral; if not, a short MIP;
4. when no dispatches can carry those flows (whole trucks need more drivers, trailers or
   parking than the LP's fractions did), a short MIP ships at most the LP's tonnes on
   each path and leaves the rest unserved.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from solver.formulation import Formulation
from solver.mathopt_lp import MatrixProgram, solve_program
from solver.plan import Backend

MAX_TRIM_ROUNDS = 10
REPAIR_NODES = 50
"""Branch-and-bound nodes of the small rounding MIP (deterministic effort)."""


def _loads(form: Formulation, x: np.ndarray) -> np.ndarray:
    cols = form.cols
    nb = form.net.calendar.n_buckets
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    nid = form.n_index[cols.leg_lane, cols.leg_dep % nb]
    load = np.zeros(len(form.n_lane))
    np.add.at(load, nid, x[leg_col])
    return load


def repair(
    form: Formulation, lp_vec: np.ndarray, *, time_limit_s: float, seed: int = 7
) -> np.ndarray | None:
    """A feasible variable vector of ``form`` near the LP solution ``lp_vec``, or None."""
    net = form.net
    cal = net.calendar
    cols = form.cols
    nb, bpd = cal.n_buckets, cal.buckets_per_day
    lanes = [net.lane_by_id[form.idx.lane_ids[k]] for k in form.n_lane]
    cap = np.array([lane.truck_capacity_t for lane in lanes])
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    nid = form.n_index[cols.leg_lane, cols.leg_dep % nb]
    x = np.maximum(lp_vec[: cols.n].copy(), 0.0)
    day_key = form.n_lane * cal.days + form.n_bucket // bpd
    limits = _day_limits(form)
    for _ in range(MAX_TRIM_ROUNDS):
        load = _loads(form, x)
        trucks = np.ceil(load / cap - 1e-6)
        per_day = np.bincount(day_key, weights=trucks, minlength=len(limits))
        over = np.flatnonzero(per_day > limits + 0.5)
        if not len(over):
            break
        for key in over:
            members = np.flatnonzero((day_key == key) & (trucks > 0))
            remainder = load[members] - cap[members] * (trucks[members] - 1)
            order = members[np.argsort(remainder, kind="stable")]
            for k in order[: int(per_day[key] - limits[key])]:
                need = load[k] - cap[k] * (trucks[k] - 1) + 1e-7
                users = np.unique(leg_col[nid == k])
                for j in users[np.argsort(-x[users], kind="stable")]:
                    cut = min(x[j], need)
                    x[j] -= cut
                    need -= cut
                    if need <= 1e-9:
                        break
    x[x < 1e-9] = 0.0
    load = _loads(form, x)
    p = form.program
    lo, hi = p.col_lb.copy(), p.col_ub.copy()
    lo[: cols.n] = hi[: cols.n] = x
    shipped = np.bincount(cols.demand, weights=x, minlength=len(form.volume))
    unserved = np.maximum(form.volume - shipped, 0.0)
    lo[form.u0 : form.n0] = hi[form.u0 : form.n0] = unserved
    lo[form.n0 : form.s0] = np.minimum(np.ceil(load / cap - 1e-6), hi[form.n0 : form.s0])
    fixed = replace(p, col_lb=lo, col_ub=np.maximum(hi, lo))
    sol = solve_program(fixed, Backend.HIGHS, time_limit_s=time_limit_s, seed=seed, relax=True)
    if sol.status == "infeasible":  # whole trucks need more drivers, trailers or parking
        return _shrink(form, x, time_limit_s=time_limit_s, seed=seed)
    if sol.status != "optimal" or sol.x is None:
        return None
    n = sol.x[form.n0 : form.s0]
    if np.all(np.abs(n - np.round(n)) < 1e-6):
        out = sol.x.copy()
        out[form.n0 : form.s0] = np.round(n)
        return out
    return _short_mip(fixed, time_limit_s=time_limit_s, seed=seed)


def _short_mip(p: MatrixProgram, *, time_limit_s: float, seed: int) -> np.ndarray | None:
    """A plan of ``p`` from ``REPAIR_NODES`` nodes within 5% (deterministic), or None."""
    mip = solve_program(
        p,
        Backend.HIGHS,
        time_limit_s=time_limit_s,
        relative_gap=0.05,
        seed=seed,
        node_limit=REPAIR_NODES,
    )
    return mip.x if mip.x is not None and mip.status in ("optimal", "feasible") else None


def _shrink(
    form: Formulation, x: np.ndarray, *, time_limit_s: float, seed: int
) -> np.ndarray | None:
    """The cheapest plan that ships at most ``x`` on each path, with whole trucks.

    When the trucks the rounded flows need break a driver, fleet or parking limit, some
    of those tonnes cannot move: this small MIP (the paths' tonnes capped at ``x``, the
    rest unserved, ``REPAIR_NODES`` nodes) decides which.
    """
    p = form.program
    n = form.cols.n
    hi = p.col_ub.copy()
    hi[:n] = np.minimum(hi[:n], x)
    capped = replace(p, col_ub=hi, col_lb=np.minimum(p.col_lb, hi))
    return _short_mip(capped, time_limit_s=time_limit_s, seed=seed)


def _day_limits(form: Formulation) -> np.ndarray:
    """``max_trucks_per_day`` per (lane, day) key ``lane * days + day``."""
    days = form.net.calendar.days
    out = np.zeros(len(form.idx.lane_ids) * days)
    for i, lane_id in enumerate(form.idx.lane_ids):
        out[i * days : (i + 1) * days] = form.net.lane_by_id[lane_id].max_trucks_per_day
    return out
