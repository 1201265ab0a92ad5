"""Slope scaling: plans that fill their trucks, found by re-pricing trucks at their real cost.

The LP relaxation pays for a truck by the tonne (``cost_eur_per_truck / capacity``), so
it spreads freight thinly over many lane buckets, each with a fraction of a truck; the
restricted master MIP then inherits that spread. Slope scaling (Crainic, Gendron and
Hernu, *A slope scaling/Lagrangean perturbation heuristic with long-term memory for
multicommodity capacitated fixed-charge network design*, J. Heuristics 10, 2004)
repeats one step: solve the LP with every truck's cost scaled by what its load really
pays, ``ceil(trucks) / trucks`` of the last LP (a lane bucket the last LP left empty
keeps its factor), round that LP's flows up to whole trucks (:func:`solver.repair.repair`)
and keep the cheapest plan so rounded. Lane buckets carrying a sliver of a truck grow
expensive and lose their freight to the ones already running, so the flows consolidate.

Each LP is followed by pricing over the whole time-expanded network
(:func:`solver.bound.full_bound` prices every timed path at the scaled costs) and solved
again with the paths that price out, so the paths it adds are the ones consolidation
wants, and the restricted master MIP gets them (the design solve hands it the best plan
as a hint and its paths as columns). Effort is
``rounds`` scaled LPs of at most ``PRICING_ROUNDS`` pricing rounds each (HiGHS, fixed
seed: deterministic); the wall clock only stops the walk early. The walk also stops
once a rounded plan repeats one found before (the scaling has settled).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from solver.bound import full_bound
from solver.columns import Columns
from solver.formulation import Formulation, build_formulation
from solver.mathopt_lp import MatrixProgram, solve_program
from solver.plan import Backend
from solver.pricing import PricingNetwork, grow_pool
from solver.repair import repair

PRICING_ROUNDS = 1
"""Column-generation rounds per scaled LP at most (new paths priced at the scaled costs).

Measured on MCND c37 / c40 (plan after the design MIPs, no search): 0 rounds 97,627 /
138,710; 1 round 96,427 / 140,326; 2 rounds 96,981 / 140,109; 4 rounds 96,860 / 141,296,
the walk taking about twice as long. The differences are within how the MIP's path set
moves its plan (about 1%); one round keeps the walk cheap on the 400-demand instances."""
PATHS_PER_DEMAND = 3
"""Pool paths of negative reduced cost a demand gets per pricing round at most."""


@dataclass(frozen=True, slots=True)
class SlopePlan:
    """The cheapest rounded plan of the walk, as a vector of ``form``, with its cost."""

    form: Formulation
    """The full model over the columns the walk ended with (the pool plus priced paths)."""
    vector: np.ndarray
    cost_eur: float
    scaled_lps: int
    stopped: bool
    """Whether the wall clock ended the walk before its effort was spent."""


def slope_scale(
    form: Formulation,
    pricing: PricingNetwork,
    keep: np.ndarray,
    *,
    rounds: int,
    left: Callable[[], float],
    extend: Callable[[Columns], Formulation],
    seed: int = 7,
) -> SlopePlan | None:
    """The cheapest plan of ``rounds`` slope-scaling steps from ``form``'s LP (module doc).

    Parameters
    ----------
    form
        The full model (``every_lane_bucket=True``) over the path pool, without cut rows.
    pricing
        The pricing network of the whole time-expanded network.
    keep
        Booleans over ``form``'s paths: those the scaled LPs start from.
    rounds
        Scaled LPs at most (deterministic effort).
    left
        Seconds left before the safety stop.
    extend
        The full model over ``form``'s paths followed by the given new ones.
    """
    factor = np.ones(len(form.n_lane))
    keep = keep.copy()
    best: tuple[float, np.ndarray, Formulation] | None = None
    seen: set[bytes] = set()
    lps = 0
    for _ in range(rounds):
        if left() <= 0:
            return _result(best, lps, stopped=True)
        for priced_rounds in range(PRICING_ROUNDS + 1):
            lp = _scaled_lp(form, keep, factor, left(), seed)
            if lp is None:
                return _result(best, lps, stopped=left() <= 0)
            x_full, duals, scaled = lp
            if priced_rounds == PRICING_ROUNDS:
                break
            fb = full_bound(replace(form, program=scaled), duals, pricing)
            nx = form.cols.n
            rc = scaled.c[:nx] - scaled.a[:, :nx].T @ fb.duals
            neg, fresh = grow_pool(
                form.cols.demand, rc, keep, fb.priced, per_demand=PATHS_PER_DEMAND
            )
            if not len(neg) and not fresh.n:
                break
            keep[neg] = True
            if fresh.n:
                form = extend(fresh)
                keep = np.concatenate([keep, np.ones(fresh.n, dtype=bool)])
        lps += 1
        trucks = x_full[form.n0 : form.s0]
        support = np.flatnonzero(x_full[: form.cols.n] > 1e-6)
        rounded = _round(form, support, x_full, left(), seed)
        if rounded is not None:
            cost, vec = rounded
            key = np.round(vec[form.n0 : form.s0]).astype(np.int64).tobytes()
            if best is None or cost < best[0] - 1e-6:
                best = (cost, vec, form)
            if key in seen:
                break
            seen.add(key)
        loaded = trucks > 1e-6
        factor[loaded] = np.ceil(trucks[loaded] - 1e-6) / trucks[loaded]
    return _result(best, lps, stopped=False)


def _scaled_lp(
    form: Formulation, keep: np.ndarray, factor: np.ndarray, seconds: float, seed: int
) -> tuple[np.ndarray, np.ndarray, MatrixProgram] | None:
    """The LP of ``form`` over the kept paths with every truck's cost times its factor:
    its solution over all of ``form``'s variables, its row duals, and the scaled program.
    None when HiGHS did not solve it (the safety stop)."""
    c = form.program.c.copy()
    c[form.n0 : form.s0] *= factor
    scaled = replace(form.program, c=c)
    ci = np.concatenate([np.flatnonzero(keep), np.arange(form.cols.n, scaled.n_cols)])
    sol = solve_program(
        scaled.keep_columns(ci),
        Backend.HIGHS,
        time_limit_s=max(0.05, seconds),
        seed=seed,
        relax=True,
    )
    if sol.status != "optimal" or sol.x is None or sol.duals is None:
        return None
    x_full = np.zeros(scaled.n_cols)
    x_full[ci] = sol.x
    return x_full, sol.duals, scaled


def _round(
    form: Formulation, support: np.ndarray, x_full: np.ndarray, seconds: float, seed: int
) -> tuple[float, np.ndarray] | None:
    """The scaled LP's flows rounded to whole trucks, as a vector of ``form``, with its cost."""
    small = build_formulation(form.net, form.idx, form.cols.subset(support), form.windows)
    lp_vec = np.zeros(small.program.n_cols)
    lp_vec[: len(support)] = x_full[support]
    fixed = repair(small, lp_vec, time_limit_s=max(0.05, seconds), seed=seed)
    if fixed is None:
        return None
    local = small.unpack(fixed)
    x = np.zeros(form.cols.n)
    x[support] = local.x
    values = replace(local, x=x)
    vec = form.pack(values)
    return float(form.program.c @ vec), vec


def _result(
    best: tuple[float, np.ndarray, Formulation] | None, lps: int, *, stopped: bool
) -> SlopePlan | None:
    if best is None:
        return None
    cost, vec, form = best
    return SlopePlan(form=form, vector=vec, cost_eur=cost, scaled_lps=lps, stopped=stopped)
