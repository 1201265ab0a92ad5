"""Warm re-solve after an edit: repair the parent's plan around the change, then improve it.

A scenario version differs from its parent by a few edits, and the parent's plan is a
good plan for most of the new network. :func:`resolve` exploits that in three phases:

1. **Neighbourhood model**: the design model over the parent's shipments, every candidate
   path riding the parent's dispatches, and every timing of the parent's routes for the
   *affected* demands (volume changed, not planned, or named by a hard violation the
   parent's plan now has). Dispatches stay at the parent's values except on the *free*
   lanes: those the affected demands' paths use, those the parent's plan breaks a rule
   on, their own-fleet return lanes, and the own-fleet lanes out of hubs the parent's plan
   breaks a rule at.
2. **Repair** (about a second): the parent's plan itself, capped to the new volumes, is
   the first plan when it breaks no hard rule; then the neighbourhood's LP relaxation,
   rounded to whole trucks and rebalanced by :func:`solver.repair.repair`.
3. **Improve**: the neighbourhood MIP (``settings.mip_nodes`` nodes, a small charge per
   dispatch moved so ties keep the parent's dispatches) with the trucks fixed where its
   LP relaxation and the best plan so far agree (:func:`rins`; that plan is the hint), then
   the full design solve (:func:`solver.design.solve`) warm-started from the best plan
   so far, which also gives the bound valid for every plan. All phases are limited by
   deterministic effort; the wall clock is a safety stop.

With ``settings.full_replan`` off (the effort for questions) only the full model's bound
is computed after phase 3a, for an honest gap. The full solve's plan is returned only when
it is cheaper than the neighbourhood's by more than ``STABLE_SHARE``; otherwise the
neighbourhood's plan, which changes the parent's plan only where the edit reaches (the
status and gap are against the same valid bound either way). Without a parent plan this
is the design solve.
:func:`solve` (exported as ``solver.solve``) is the design solve's signature with this
path taken whenever a ``warm_start`` plan is given.

Measured with ``python -m evals.warm`` (+20% on demand leaving the north; time until a
plan as good as the cold solve's final one, warm / cold): 40 hubs 1.6 s / 7.5 s at an
8 s limit and 23 s / 25 s at 60 s (the warm plan ends 1.8% cheaper; its repaired plan,
0.6% above the cold final, is there after 2 s); 150 hubs 2.1 s / 4.0 s at 8 s and
3.8 s / 28 s at 60 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from ortools import __version__ as ortools_version

from solver.columns import Columns
from solver.design import (
    Candidates,
    ProgressCallback,
    build_candidates,
    relaxation_bounds,
    warm_start_columns,
    with_plan_paths,
)
from solver.design import solve as design_solve
from solver.evaluate import Violation, ViolationKind, evaluate
from solver.extract import extract_plan
from solver.formulation import Formulation, ModelValues, build_formulation
from solver.held import dispatch_grid
from solver.mathopt_lp import LogProgress, MatrixProgram, ProgramSolution, solve_program
from solver.network import CarrierKind, Network
from solver.plan import Backend, Plan, SolveProgress, SolveResult, SolveSettings, SolveStatus
from solver.repair import repair
from solver.rules import columns_breaking_via, lane_rule_buckets, via_hubs

STABILITY_EUR = 1.0
"""Charged per dispatch a warm re-solve moves on a freed lane bucket (a tie-breaker)."""
STABLE_SHARE = 0.02
"""The full design solve's plan replaces the neighbourhood's only when it is cheaper by more
than this share. Below it the saving is within the gap the solver is asked to prove, and
comes from re-planning freight the edit does not touch: measured on the 20-hub demo, full
plans 0.4-1.9% cheaper than the neighbourhood's moved 48-55% of the dispatches away from
the edit, against 2-9% for the neighbourhood's plan."""
_STABLE_MESSAGE = "warm re-solve: the parent's plan repaired and improved around the edit"
NEIGHBOURHOOD_GAP = 0.005
"""Relative gap the neighbourhood MIP stops at (its own bound: a local optimum)."""
VOLUME_TOL_T = 1e-6


def affected_demands(network: Network, parent: Plan) -> set[str]:
    """Demands whose volume differs from what the parent planned, or that it did not plan.

    A demand is unaffected when its shipped plus unserved tonnes in the parent plan add
    up to its volume on ``network``.

    Examples
    --------
    >>> from solver.demo import demo_network, cheapest_path_plan
    >>> net = demo_network(hubs=8, seed=1)
    >>> affected_demands(net, cheapest_path_plan(net))
    set()
    """
    planned = {dp.demand_id: dp.shipped_t + dp.unserved_t for dp in parent.demands}
    return {
        d.id
        for d in network.demands
        if d.id not in planned or abs(planned[d.id] - d.volume_t) > VOLUME_TOL_T
    }


def blocked_demands(cand: Candidates, parent: Plan) -> set[str]:
    """Demands the parent ships over a lane departure the network no longer allows.

    A closed hub or lane leaves their freight without a ride: they are re-planned
    (their routes at every timing), not only the dispatches they rode.
    """
    idx, nb = cand.idx, cand.net.calendar.n_buckets
    lane_pos = {lid: i for i, lid in enumerate(idx.lane_ids)}
    open_ = cand.pricing.lb_open
    return {
        dp.demand_id
        for dp in parent.demands
        if dp.demand_id in cand.net.demand_by_id
        and any(
            leg.lane_id not in lane_pos or not open_[lane_pos[leg.lane_id], leg.depart_bucket % nb]
            for s in dp.shipments
            for leg in s.legs
        )
    }


def _stock(form: Formulation, n: np.ndarray) -> np.ndarray:
    """Least own-fleet trailer stock per hub and bucket carrying dispatches ``n``."""
    idx, net = form.idx, form.net
    nb = net.calendar.n_buckets
    own = np.array([net.lane_by_id[lid].carrier == CarrierKind.OWN for lid in idx.lane_ids])
    delta = np.zeros((len(idx.hub_ids), nb))
    lanes, buckets = np.nonzero(n * own[:, None])
    vals = n[lanes, buckets]
    np.add.at(delta, (idx.lane_origin[lanes], buckets), -vals)
    np.add.at(delta, (idx.lane_dest[lanes], (buckets + idx.lane_tau[lanes]) % nb), vals)
    cum = np.cumsum(delta, axis=1)
    return np.asarray(cum - np.minimum(cum.min(axis=1, keepdims=True), 0.0))


def _parent_flows(cand: Candidates, cols: Columns, keep: np.ndarray, parent: Plan) -> np.ndarray:
    """Tonnes of the parent's shipments on the kept columns, capped at the new volumes."""
    lane_pos = {lid: i for i, lid in enumerate(cand.idx.lane_ids)}
    dem_pos = {did: i for i, did in enumerate(cand.idx.demand_ids)}
    wanted: dict[tuple[int, tuple[tuple[int, int], ...]], float] = {}
    for dp in parent.demands:
        d = dem_pos.get(dp.demand_id)
        for s in dp.shipments if d is not None else ():
            if all(leg.lane_id in lane_pos for leg in s.legs):
                assert d is not None
                key = (d, tuple((lane_pos[leg.lane_id], leg.depart_bucket) for leg in s.legs))
                wanted[key] = wanted.get(key, 0.0) + s.tonnes
    x = np.zeros(len(keep))
    wanted_d = np.array(sorted({d for d, _ in wanted}), dtype=np.int64)
    for local in np.flatnonzero(np.isin(cols.demand[keep], wanted_d)):
        j = int(keep[local])
        key = (
            int(cols.demand[j]),
            tuple((int(cols.leg_lane[k]), int(cols.leg_dep[k])) for k in cols.legs(j)),
        )
        x[local] = wanted.get(key, 0.0)
    volume = cand.full.volume
    demand = cols.demand[keep]
    shipped = np.bincount(demand, weights=x, minlength=len(volume))
    scale = np.where(shipped > volume, volume / np.maximum(shipped, 1e-12), 1.0)
    return np.asarray(x * scale[demand])


@dataclass(slots=True)
class Neighbourhood:
    """The neighbourhood model of phase 1, the parent's plan in it, and the MIP's bounds.

    ``moved_cols`` are the program's truck columns charged ``STABILITY_EUR`` per dispatch
    away from ``moved_target`` (the parent's); the charge's own columns follow the model's.
    """

    form: Formulation
    program: MatrixProgram
    hint: np.ndarray
    free_trucks: int
    moved_cols: np.ndarray
    moved_target: np.ndarray

    def full(self, vec: np.ndarray) -> np.ndarray:
        """``vec`` (the design model's columns) with the stability charge's columns filled in."""
        extra = vec[self.moved_cols] - self.moved_target
        return np.concatenate([vec, np.maximum(extra, 0.0), np.maximum(-extra, 0.0)])

    def local_form(self) -> Formulation:
        """The design model with the neighbourhood's bounds: what a repair may change."""
        m = self.form.program.n_cols
        p = replace(
            self.form.program, col_lb=self.program.col_lb[:m], col_ub=self.program.col_ub[:m]
        )
        return replace(self.form, program=p)

    def plan_of(self, vec: np.ndarray) -> tuple[Plan, float]:
        """The plan (and its cost) of ``vec``, a solution of the neighbourhood's program."""
        values = self.form.unpack(vec)
        return extract_plan(self.form.net, self.form.idx, self.form.cols, values.x, values.n)

    def relaxation(self, left: Callable[[], float]) -> np.ndarray | None:
        """The optimum of the neighbourhood's LP relaxation, or None if it has none in time."""
        lp = solve_program(self.program, Backend.HIGHS, time_limit_s=max(0.05, left()), relax=True)
        return lp.x


def neighbourhood_mip(
    program: MatrixProgram,
    hint: np.ndarray,
    *,
    left: Callable[[], float],
    seed: int,
    node_limit: int,
    on_log: LogProgress | None = None,
) -> ProgramSolution:
    """Solve a neighbourhood MIP (``program``, started from ``hint``) to the neighbourhood's
    gap within ``node_limit`` nodes: the effort every local search of a plan spends."""
    return solve_program(
        program,
        Backend.HIGHS,
        time_limit_s=max(0.05, left()),
        relative_gap=NEIGHBOURHOOD_GAP,
        seed=seed,
        hint=hint,
        on_log=on_log,
        node_limit=node_limit,
    )


def neighbourhood(
    network: Network,
    cand: Candidates,
    parent: Plan,
    *,
    focus: frozenset[str] | None = None,
    within: frozenset[str] | None = None,
    stable: bool = True,
) -> Neighbourhood | None:
    """Phase 1: the model around the edit (see the module docs); None if nothing changed.

    With ``focus`` the neighbourhood is around those demands instead of the edit: they
    may take every candidate path (any route, any timing) and the lanes those paths use
    are free; the search of :mod:`solver.lns` uses it. With ``within`` (hub ids) only the
    lanes touching those hubs are free, and the focused demands keep the paths that ride
    the plan's dispatches elsewhere: a smaller model. ``stable=False`` drops the charge
    per dispatch moved (a search for a cheaper plan has no parent to stay close to).
    """
    idx, cols = cand.idx, cand.cols
    nb = network.calendar.n_buckets
    held = dispatch_grid(parent, idx, nb)
    mine = warm_start_columns(cand, parent)
    hard = [v for v in evaluate(network, parent).violations if v.hard]
    broken = {e for v in hard for e in v.entities}
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    to_run = _columns_on_unrun_lanes(network, cand, hard, leg_col)
    broken |= {idx.demand_ids[d] for d in np.unique(cols.demand[to_run])}
    if focus is None:
        affected = (
            affected_demands(network, parent)
            | {d for d in broken if d in network.demand_by_id}
            | blocked_demands(cand, parent)
        )
    else:
        affected = set(focus) | {d for d in broken if d in network.demand_by_id}
    if not affected and not broken:
        return None
    dem_affected = np.array([d in affected for d in idx.demand_ids], dtype=bool)
    riding = np.ones(cols.n, dtype=bool)
    riding[leg_col[held[cols.leg_lane, cols.leg_dep % nb] <= 0]] = False
    parent_routes = np.zeros(int(cols.route.max(initial=-1)) + 1, dtype=bool)
    parent_routes[cols.route[mine]] = True
    if focus is not None:
        parent_routes[:] = True
    usable = np.ones(cols.n, dtype=bool)
    touching: np.ndarray | None = None
    if within is not None:
        part = np.array([h in within for h in idx.hub_ids], dtype=bool)
        touching = part[idx.lane_origin] | part[idx.lane_dest]
        leg_ok = touching[cols.leg_lane] | (held[cols.leg_lane, cols.leg_dep % nb] > 0)
        if cols.n:
            usable = np.logical_and.reduceat(leg_ok, cols.start[:-1])
    keep_mask = riding | (dem_affected[cols.demand] & parent_routes[cols.route] & usable)
    keep_mask[mine] = True
    # freight with a via hub takes any path through it; required lanes get their riders
    via = via_hubs(network, idx)
    keep_mask |= (
        dem_affected[cols.demand] & (via[cols.demand] >= 0) & ~columns_breaking_via(cols, idx, via)
    )
    keep_mask[to_run] = True
    keep = np.flatnonzero(keep_mask)
    sub = cols.subset(keep)
    form = build_formulation(network, idx, sub, cand.windows)
    free_lane = np.zeros(len(idx.lane_ids), dtype=bool)
    if touching is not None:
        free_lane |= touching
    else:
        for j in np.flatnonzero(dem_affected[sub.demand]):
            free_lane[sub.leg_lane[sub.start[j] : sub.start[j + 1]]] = True
    free_lane |= np.array([lid in broken for lid in idx.lane_ids], dtype=bool)
    own = np.array([network.lane_by_id[lid].carrier == CarrierKind.OWN for lid in idx.lane_ids])
    pair_free = np.zeros((len(idx.hub_ids), len(idx.hub_ids)), dtype=bool)
    pair_free[idx.lane_origin[free_lane], idx.lane_dest[free_lane]] = True
    # Trailers no longer arrive (or now arrive) at both ends of a freed lane: the own-fleet
    # lanes there are free to rebalance them, as at the hubs the parent's plan breaks.
    ends = np.array([h in broken for h in idx.hub_ids], dtype=bool)
    ends[idx.lane_origin[free_lane]] = True
    ends[idx.lane_dest[free_lane]] = True
    free_lane |= own & (
        pair_free[idx.lane_dest, idx.lane_origin] | ends[idx.lane_origin] | ends[idx.lane_dest]
    )
    p = form.program
    held_n = held[form.n_lane, form.n_bucket]
    ub_n = p.col_ub[form.n0 : form.s0]
    free = free_lane[form.n_lane] | (held_n > ub_n)
    fixed_n = np.minimum(held_n, ub_n)
    lo, hi = p.col_lb.copy(), p.col_ub.copy()
    lo[form.n0 : form.s0] = np.where(free, p.col_lb[form.n0 : form.s0], fixed_n)
    hi[form.n0 : form.s0] = np.where(free, ub_n, fixed_n)
    x = _parent_flows(cand, cols, keep, parent)
    shipped = np.bincount(sub.demand, weights=x, minlength=len(form.volume))
    n_grid = np.zeros_like(held)
    n_grid[form.n_lane, form.n_bucket] = fixed_n
    hint = form.pack(
        ModelValues(x=x, u=np.maximum(form.volume - shipped, 0.0), n=n_grid, s=_stock(form, n_grid))
    )
    if form.z_col is not None:
        target = network.policy.service_target or 0.0
        on = float(x[sub.on_time].sum())
        hint[form.z_col] = max(0.0, target * float(form.volume.sum()) - on)
    freed = np.flatnonzero(free)
    program = replace(p, col_lb=lo, col_ub=hi)
    moved = freed if stable else np.zeros(0, dtype=np.int64)
    program = _with_stability(program, form.n0 + moved, fixed_n[moved])
    hood = Neighbourhood(form, program, hint, len(freed), form.n0 + moved, fixed_n[moved])
    hood.hint = hood.full(hint)
    return hood


def _columns_on_unrun_lanes(
    network: Network, cand: Candidates, hard: list[Violation], leg_col: np.ndarray
) -> np.ndarray:
    """Candidate paths over a required lane the parent's plan leaves without a truck."""
    unrun = {v.entities[0] for v in hard if v.kind == ViolationKind.LANE_RULE_BROKEN}
    if not unrun:
        return np.zeros(0, dtype=np.int64)
    cols, nb = cand.cols, network.calendar.n_buckets
    wanted = np.zeros((len(cand.idx.lane_ids), nb), dtype=bool)
    for rule in lane_rule_buckets(network, cand.idx, cand.pricing.lb_open):
        if rule.lane_id in unrun:
            wanted[rule.lane, rule.buckets] = True
    on = wanted[cols.leg_lane, cols.leg_dep % nb]
    return np.unique(leg_col[on])


def _with_stability(p: MatrixProgram, cols: np.ndarray, target: np.ndarray) -> MatrixProgram:
    """``p`` with ``STABILITY_EUR`` charged per dispatch moved away from ``target`` on ``cols``.

    Among plans of (nearly) equal cost the one closest to the parent's dispatches wins,
    so free own-fleet lanes do not reshuffle their empties for nothing.
    """
    k = len(cols)
    if not k:
        return p
    n = p.n_cols
    link = sp.csr_matrix(
        (
            np.concatenate([np.ones(k), -np.ones(k), np.ones(k)]),
            (
                np.concatenate([np.arange(k)] * 3),
                np.concatenate([cols, n + np.arange(k), n + k + np.arange(k)]),
            ),
        ),
        shape=(k, n + 2 * k),
    )
    a = sp.hstack([p.a, sp.csr_matrix((p.n_rows, 2 * k))]).tocsr()
    return replace(
        p,
        c=np.concatenate([p.c, np.full(2 * k, STABILITY_EUR)]),
        a=sp.vstack([a, link]).tocsr(),
        row_lb=np.concatenate([p.row_lb, target]),
        row_ub=np.concatenate([p.row_ub, target]),
        col_lb=np.concatenate([p.col_lb, np.zeros(2 * k)]),
        col_ub=np.concatenate([p.col_ub, np.full(2 * k, np.inf)]),
        integer=np.concatenate([p.integer, np.zeros(2 * k, dtype=bool)]),
    )


def rins(hood: Neighbourhood, lp: np.ndarray, incumbent: np.ndarray) -> MatrixProgram:
    """The neighbourhood MIP with trucks fixed where its LP relaxation and ``incumbent`` agree.

    Relaxation-induced neighbourhood search: a truck count both the LP optimum and the
    best plan so far choose is kept, and the MIP decides only the rest (on the 40-hub
    demo about a fifth of the free trucks). Measured on +20% of the freight leaving each
    of the demo's five regions (40 hubs): plans 0.1-0.4% cheaper than the whole
    neighbourhood's MIP at the same node limit, found in 6-22 s instead of 13-38 s,
    because HiGHS's root cuts and sub-MIP heuristic work on the smaller model. The
    bounds widen to admit ``incumbent`` (a repair may take trucks off a held lane), so it
    stays a solution and the MIP can only improve on it.
    """
    p = hood.program
    trucks = slice(hood.form.n0, hood.form.s0)
    lo = np.minimum(p.col_lb, incumbent)
    hi = np.maximum(p.col_ub, incumbent)
    agree = hood.form.n0 + np.flatnonzero(np.abs(lp[trucks] - incumbent[trucks]) < 1e-6)
    lo[agree] = hi[agree] = incumbent[agree]
    return replace(p, col_lb=lo, col_ub=hi)


def _around(
    network: Network,
    parent: Plan,
    settings: SolveSettings,
    left: Callable[[], float],
    report: Callable[[str, float | None], None],
    *,
    improve: bool = True,
) -> tuple[Plan, float] | None:
    """Phases 1–3a: the best plan of the neighbourhood of ``parent`` on ``network``.

    None when nothing in the neighbourhood breaks no hard rule. When the edit leaves the
    parent's plan valid unchanged (nothing affected, nothing broken), that plan is it.
    Without ``improve`` the neighbourhood MIP (3a) is skipped: the repaired LP is it.
    """
    cand = with_plan_paths(build_candidates(network), parent)
    hood = neighbourhood(network, cand, parent)
    if hood is None:
        ev = evaluate(network, parent)
        return None if ev.hard_violations else (parent, ev.kpis.total_cost_eur)
    best: tuple[Plan, float] | None = None
    best_vec: np.ndarray | None = None  # best's values in the neighbourhood's program
    kept = hood.plan_of(hood.hint)  # the parent's plan, capped to the new volumes
    if not evaluate(network, kept[0]).hard_violations:
        best, best_vec = kept, hood.hint
        report("parent", best[1])
    lp = hood.relaxation(left)
    if lp is not None:
        quick = repair(hood.local_form(), lp, time_limit_s=max(0.05, left()), seed=settings.seed)
        if quick is not None:
            fixed = hood.plan_of(quick)
            if best is None or fixed[1] < best[1] - 1e-6:
                best, best_vec = fixed, hood.full(quick)
                report("repair", best[1])
    program, hint = hood.program, hood.hint
    if lp is not None and best_vec is not None:
        program, hint = rins(hood, lp, best_vec), best_vec
    if improve and left() > 0:

        def on_log(seconds: float, incumbent: float | None, bound: float | None) -> None:
            del seconds, bound
            report("neighbourhood", incumbent)

        sol = neighbourhood_mip(
            program,
            hint,
            left=left,
            seed=settings.seed,
            node_limit=settings.mip_nodes,
            on_log=on_log,
        )
        if sol.x is not None:
            found = hood.plan_of(sol.x)
            if best is None or found[1] < best[1] - 1e-6:
                best = found
                report("neighbourhood", best[1])
    return best


def adapt(
    network: Network,
    plan: Plan,
    settings: SolveSettings | None = None,
    *,
    improve: bool = True,
    progress: ProgressCallback | None = None,
) -> tuple[Plan, float] | None:
    """``plan`` (made for a neighbouring network) adjusted to ``network`` only where it must.

    The neighbourhood phases of :func:`resolve` without the full design solve: dispatches
    stay as in ``plan`` except on the lanes the differences between the networks reach.
    Returns the adjusted plan and its cost, or None when no such plan breaks no hard rule.
    A what-if's re-plan that beats its parent's plan is carried back this way, so the
    parent gets the same improvement and the two plans differ only where the edit reaches.
    ``improve=False`` stops after the repaired LP (about a second; no neighbourhood MIP).
    """
    settings = settings or SolveSettings()
    start = time.perf_counter()

    def left() -> float:
        return settings.time_limit_s - (time.perf_counter() - start)

    def report(phase: str, incumbent: float | None) -> None:
        if progress is not None:
            elapsed = round(time.perf_counter() - start, 3)
            progress(SolveProgress(elapsed_s=elapsed, phase=phase, incumbent_eur=incumbent))

    if not network.demands:
        return None
    return _around(network, plan, settings, left, report, improve=improve)


def resolve(
    network: Network,
    settings: SolveSettings | None = None,
    *,
    parent: Plan | None,
    progress: ProgressCallback | None = None,
) -> SolveResult:
    """Solve ``network`` starting from ``parent``, the plan of the version it was edited from.

    Same contract as :func:`solver.design.solve`. Without a parent (or when the parent's
    plan fits the network unchanged) it is the design solve warm-started from the parent.
    """
    settings = settings or SolveSettings()
    if parent is None or not network.demands:
        return design_solve(network, settings, progress=progress, warm_start=parent)
    start = time.perf_counter()

    def elapsed() -> float:
        return time.perf_counter() - start

    def left() -> float:
        return settings.time_limit_s - elapsed()

    def report(phase: str, incumbent: float | None) -> None:
        if progress is not None:
            progress(
                SolveProgress(elapsed_s=round(elapsed(), 3), phase=phase, incumbent_eur=incumbent)
            )

    report("candidates", None)
    best = _around(network, parent, settings, left, report)
    if left() <= 0 and best is not None:  # the safety stop fired: no time for the bound
        return _result(best, settings, elapsed(), None, unfinished=True)
    offset = elapsed()

    def shifted(p: SolveProgress) -> None:
        if progress is not None:
            progress(p.model_copy(update={"elapsed_s": round(p.elapsed_s + offset, 3)}))

    rest = settings.model_copy(update={"time_limit_s": max(left(), 0.1)})
    if not settings.full_replan and best is not None:
        bounds = relaxation_bounds(
            network, rest, progress=shifted if progress is not None else None, warm_start=best[0]
        )
        if bounds is not None:
            bound, plain, fired = bounds
            return _result(
                best,
                settings,
                elapsed(),
                None if bound is None else min(bound, best[1]),
                unfinished=fired,
                lp_bound=plain,
                message=f"{_STABLE_MESSAGE} (the full re-plan was not run: effort for questions)",
            )
    result = design_solve(
        network,
        rest,
        progress=shifted if progress is not None else None,
        warm_start=best[0] if best is not None else parent,
    )
    if (
        best is not None
        and result.objective_eur is not None
        and result.objective_eur > best[1] * (1 - STABLE_SHARE) - 1e-6
    ):
        saving = best[1] - result.objective_eur
        return _result(
            best,
            settings,
            elapsed(),
            result.best_bound_eur,
            unfinished=result.status == "unfinished",
            lp_bound=result.relaxation_bound_eur,
            message=(
                f"{_STABLE_MESSAGE}; a full re-plan found one €{saving:,.0f} cheaper "
                f"({saving / best[1]:.1%}, within the {STABLE_SHARE:.0%} kept for stability) "
                "by moving freight the edit does not touch"
                if saving > 0.5
                else _STABLE_MESSAGE
            ),
        )
    return result.model_copy(update={"seconds": round(elapsed(), 3), "settings": settings})


def _result(
    best: tuple[Plan, float],
    settings: SolveSettings,
    seconds: float,
    bound: float | None,
    *,
    unfinished: bool,
    lp_bound: float | None = None,
    message: str = _STABLE_MESSAGE,
) -> SolveResult:
    plan, cost = best
    gap = None if bound is None or cost <= 0 else max(0.0, (cost - bound) / cost)
    status: SolveStatus = (
        "unfinished"
        if unfinished
        else "optimal"
        if gap is not None and gap <= settings.relative_gap
        else "feasible"
    )
    return SolveResult(
        status=status,
        relaxation_bound_eur=lp_bound,
        objective_eur=round(cost, 6),
        best_bound_eur=None if bound is None else round(bound, 6),
        gap=gap,
        seconds=round(seconds, 3),
        ortools_version=ortools_version,
        settings=settings,
        plan=plan,
        message=message,
    )


def solve(
    network: Network,
    settings: SolveSettings | None = None,
    *,
    progress: ProgressCallback | None = None,
    warm_start: Plan | None = None,
) -> SolveResult:
    """:func:`solver.design.solve`, re-solving from ``warm_start`` by :func:`resolve` if given.

    Examples
    --------
    >>> from solver.demo import demo_network
    >>> net = demo_network(hubs=6, seed=2)
    >>> cold = solve(net, SolveSettings(time_limit_s=5))
    >>> warm = solve(net, SolveSettings(time_limit_s=5), warm_start=cold.plan)
    >>> warm.objective_eur <= cold.objective_eur + 1e-6
    True
    """
    if warm_start is None:
        return design_solve(network, settings, progress=progress)
    return resolve(network, settings, parent=warm_start, progress=progress)
