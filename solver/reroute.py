"""Re-route freight with a plan's trucks held: the LP behind stress tests and explanations.

:func:`reroute` keeps the dispatches of a plan (trucks plus empty trailers per lane and
bucket) fixed and lets the flows choose again among the candidate timed paths of a
(possibly edited or perturbed) network, by linear programming. It returns the re-routed
plan, its cost, and the dual value of every constraint with a description of what the
row is (:class:`~solver.formulation.RowInfo`): the marginal cost of one more unit of
that resource (a tonne of truck capacity on a lane bucket, a tonne of hub throughput,
an hour of drivers ...). Negative duals on ``<=`` rows mean relaxing the row saves money.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from solver.design import build_candidates
from solver.extract import extract_plan
from solver.formulation import RowInfo
from solver.mathopt_lp import solve_program
from solver.network import Network
from solver.plan import Backend, Plan


@dataclass(frozen=True, slots=True)
class RowDual:
    """A constraint of the re-routing LP and its dual value (EUR per unit of the row)."""

    row: RowInfo
    dual: float


@dataclass(frozen=True, slots=True)
class Reroute:
    """The outcome of re-routing with trucks held."""

    status: str
    plan: Plan | None
    objective_eur: float | None
    duals: tuple[RowDual, ...]
    dropped_dispatches: int
    """Held dispatches on lane buckets the network no longer allows (closed, removed)."""


def reroute(network: Network, plan: Plan, *, time_limit_s: float = 30.0, seed: int = 7) -> Reroute:
    """Re-route the demands of ``network`` on exactly the dispatches of ``plan``.

    Dispatches on lanes or buckets the network does not allow any more are dropped and
    counted in ``dropped_dispatches`` (the LP may then be infeasible if the remaining
    own-fleet dispatches no longer balance: ``status`` says so).
    """
    cand = build_candidates(network)
    form = cand.full
    nb = network.calendar.n_buckets
    lane_pos = {lid: i for i, lid in enumerate(cand.idx.lane_ids)}
    held = np.zeros(form.n_index.shape)
    dropped = 0
    for lb in plan.lane_buckets:
        i = lane_pos.get(lb.lane_id)
        dispatches = lb.trucks + lb.empty_trailers
        if i is None or lb.bucket >= nb or form.n_index[i, lb.bucket] < 0:
            dropped += dispatches
            continue
        held[i, lb.bucket] = dispatches
    p = form.program
    lo, hi = p.col_lb.copy(), p.col_ub.copy()
    fixed = held[form.n_lane, form.n_bucket]
    lo[form.n0 : form.s0] = fixed
    hi[form.n0 : form.s0] = fixed
    sol = solve_program(
        replace(p, col_lb=lo, col_ub=hi),
        Backend.HIGHS,
        time_limit_s=time_limit_s,
        seed=seed,
        relax=True,
    )
    if sol.status != "optimal" or sol.x is None or sol.duals is None:
        return Reroute(sol.status, None, None, (), dropped)
    values = form.unpack(sol.x)
    new_plan, cost = extract_plan(network, cand.idx, cand.cols, values.x, values.n)
    duals = tuple(RowDual(info, float(y)) for info, y in zip(form.rows, sol.duals, strict=True))
    return Reroute("optimal", new_plan, cost, duals, dropped)
