"""Weekly service network design: choose trucks, routes, timings and empties for a week.

:func:`solve` decides integer truck dispatches per lane and time bucket, the tonnes on
every timed route of every demand, empty trailer repositioning on own-fleet lanes
(balanced over the cyclic week), and the late and unserved tonnes, minimising
linehaul + handling + empty repositioning + penalties under hub throughput, lane
limits, drivers, fleet and service rules (see :mod:`solver.formulation` for the model
and :mod:`solver.evaluate` for the cost rules both share).

Method (price-and-branch over the whole time-expanded network)
---------------------------------------------------------------
1. *Candidates* (:mod:`solver.routes`, :mod:`solver.columns`): for every demand the
   3 cheapest via-hub routes plus the fastest, each time-expanded into timed paths
   (wait up to 8 buckets at the origin and up to 2 at one transfer, arrival by due +
   ``max_late_h``): a starting pool, not a limit. A network small enough that every
   timed path of every demand fits in ``FULL_MODEL_MAX_COLUMNS`` is solved whole
   instead (:func:`solver.pricing.all_timed_paths`): its MIP bound then holds for
   every plan and "optimal" is proven outright.
2. *LP by column generation with full pricing*: solve the LP over the kept paths,
   price the candidate pool against the duals and price **every timed path of the
   network** by dynamic programming over the time-expanded network
   (:mod:`solver.pricing`); keep the best pool paths, add the priced paths that beat
   them, repeat. Every round gives a Lagrangian bound valid for every plan
   (:mod:`solver.bound`); at convergence it equals the LP of the whole model
   (``relaxation_bound_eur``, the "plain full LP"). Then violated time-window
   cut-set inequalities on trucks (:mod:`solver.cuts`) and strong linking cuts
   (:mod:`solver.linking`: a demand smaller than a truck needs a whole truck on each lane
   bucket it rides; at most ``settings.link_cuts`` per round) are added and pricing
   continues, for at most ``settings.cut_rounds`` rounds, stopping once a round raises
   the bound by less than ``CUT_STALL``: ``best_bound_eur`` is that bound, the only one
   a status or gap is ever measured against. The linking cuts are what close the
   fixed-charge gap on network-design instances (MCND c37: plain LP 68,805, with them
   91,293; the arc-flow MIP's own bound after 60 s is 91,313); on the demo networks,
   whose demands are mostly larger than their share of a truck, they add ~0.1 %.
3. *Quick plan* (:mod:`solver.repair`): the LP flows with trucks rounded up, trimmed
   to the lane limits, empties fitted by LP: a feasible plan handed to the MIP.
   With ``settings.slope_rounds``, *slope scaling* (:mod:`solver.slope`) re-solves the
   LP with every truck priced at what its load really pays, rounding each LP to a plan:
   the cheapest one (fuller trucks) is the MIP's hint when it beats the quick plan, and
   its paths join the MIP's (MCND c37: 99,412 -> 96,427 before the search; c40 147,909 ->
   140,326; with 4 pricing rounds per LP, since cut to 1: 20-hub demo 1,333,415 ->
   1,310,831, and the 40-hub demo after 10 search MIPs 2,891,006 (5.28 %) -> 2,858,796
   (4.21 %)).
4. *Restricted master MIPs*: the MIP over the routes and timings the LP uses (priced
   paths included, plus any warm-start plan's and the slope plan's), then over the
   larger set that also holds the other timings of those routes at the same first
   departure, the first solution handed to the second as a hint. Their own bounds only
   bound plans over their paths: they steer the MIP and are never reported. With
   ``settings.timing_mip`` off the second MIP is skipped: the full-effort solves do so,
   since the neighbourhood search that follows (:mod:`solver.lns`) re-times freight part
   by part and gains more per second (40-hub demo, quiet machine: the second MIP took
   93 s for -0.7 %; the first search MIP 38 s for -3.6 %).

Effort, not wall clock: column generation is limited by ``settings.lp_rounds`` and each
MIP by ``settings.mip_nodes`` (HiGHS, one thread, fixed seed: deterministic), so a
plan is a function of (network, settings) on a quiet or a busy machine.
``settings.time_limit_s`` is a safety stop; when it cuts a phase short the result's
status is ``unfinished``.

Backend and measurements (2-core machine shared with other work, demo networks)
--------------------------------------------------------------------------------
HiGHS (MathOpt) is the default; SCIP is available; CP-SAT is refused (it rounds the
continuous tonnes). The full pricing reproduces the LP over every timed path exactly
(the tests enumerate every path of a 6-hub network and compare): 20 hubs 1,222,245 EUR,
40 hubs 2,736,507 EUR at convergence. The window cuts
raise it by 0.05-0.1 % on the demo networks (their windows are long: most rounding
can be undone by waiting), and close tiny networks' gaps entirely. ``python -m
evals.solver`` prints the plan, the bound, the plain LP and the gap per size and
effort. Measured on a 2-core machine running other work (load 5-7, so times are 2-3x
a quiet machine's):

====  ==========  =====  ======  ==========  ==========  ==========  ======
hubs  lanes/dem.  nodes  time    plan        bound       plain LP    gap
====  ==========  =====  ======  ==========  ==========  ==========  ======
20    94/297      1      31 s    1,339,072   1,223,208   1,222,245   8.7 %
40    192/576     1      106 s   2,894,967   2,738,000   2,736,399   5.4 %
150   782/2250    (LP)   190 s   -           6,528,618   6,525,333   -
====  ==========  =====  ======  ==========  ==========  ==========  ======

(Before the restricted master got the paths of least reduced cost beside the LP's: 20
hubs 1,375,425 at 11.1 %, 40 hubs 2,924,070 at 6.4 %, the same at 1 and 200 nodes.)

The plans are 5-9 % above the bound: the bound is honest, and says how far from
optimal a plan may be, not that it is. Most of the distance is integer trucks: the LP
runs 1,250 trucks on 518 lane buckets of the 20-hub demo, and rounding each up costs
18 % more; how much of that waiting and consolidating can recover is what neither the
plans nor the bound yet tell. More MIP nodes did not change the plans (the root of each
restricted master does the work), so the next gains are in the restriction (which paths
the MIP may use) and in a stronger relaxation of the trucks, not in longer searches.
The neighbourhood search of :mod:`solver.lns`, run on this module's plan by
:func:`solver.solve`, recovers most of it: 20 hubs 8.7 % -> 2.9 %, 40 hubs 5.4 % -> 2.0 %.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools import __version__ as ORTOOLS_VERSION

from solver.bound import full_bound
from solver.columns import (
    Columns,
    DemandWindow,
    TimingOptions,
    build_columns,
    demand_windows,
    lane_bucket_open,
)
from solver.cuts import WindowCut, add_cut_rows, separate_window_cuts, window_data
from solver.extract import extract_plan
from solver.formulation import Formulation, ModelValues, build_formulation
from solver.linking import LinkingCut, add_linking_rows, separate_linking_cuts
from solver.mathopt_lp import ProgramSolution, solve_program
from solver.network import Network
from solver.plan import Backend, Plan, SolveProgress, SolveResult, SolveSettings, SolveStatus
from solver.pricing import PricingNetwork, all_timed_paths, grow_pool, pricing_network
from solver.repair import repair
from solver.routes import Indexed, candidate_routes, index_network, via_routes
from solver.rules import via_hubs
from solver.slope import SlopePlan, slope_scale

ProgressCallback = Callable[[SolveProgress], None]

ROUTES_PER_DEMAND = 3
"""Cheapest via-hub routes per demand (the fastest route is added when different)."""
NEAR_PATHS_PER_DEMAND = 3
"""Paths of least reduced cost per demand the restricted MIP gets beside the LP's own."""
PRICED_PER_DEMAND = 5
"""Columns added per demand and column-generation round."""
LP_CONVERGED_GAP = 1e-4
"""Column generation stops once its bound is this close to the LP value (converged)."""
CUT_STALL = 2e-4
"""Cut rounds stop once a round raises the bound by less than this fraction (effort saved)."""
FULL_MODEL_MAX_COLUMNS = 2000
"""Candidate models with at most this many timed paths are solved whole, no restriction."""


@dataclass(slots=True)
class Candidates:
    """The candidate model of a network: indices, windows, timed paths, matrices."""

    net: Network
    idx: Indexed
    windows: list[DemandWindow]
    cols: Columns
    full: Formulation
    pricing: PricingNetwork

    def extended(self, extra: Columns) -> Candidates:
        """The same candidates with ``extra`` paths appended (model rebuilt over them)."""
        return self.with_columns(concat_columns(self.cols, extra))

    def with_columns(self, cols: Columns) -> Candidates:
        """The same network over the paths ``cols`` (model rebuilt over them)."""
        full = build_formulation(self.net, self.idx, cols, self.windows, every_lane_bucket=True)
        return Candidates(self.net, self.idx, self.windows, cols, full, self.pricing)


def build_candidates(
    net: Network,
    timing: TimingOptions | None = None,
    *,
    routes_per_demand: int = ROUTES_PER_DEMAND,
    extra: Columns | None = None,
) -> Candidates:
    """Routes, timed paths and the full candidate model of ``net`` (``extra`` paths appended)."""
    idx = index_network(net)
    pairs = [
        (idx.hub_index[net.demand_by_id[d].origin], idx.hub_index[net.demand_by_id[d].destination])
        for d in idx.demand_ids
    ]
    routes = candidate_routes(net, idx, pairs, k=routes_per_demand)
    via = via_hubs(net, idx)
    forced = {di: (o, d, int(via[di])) for di, (o, d) in enumerate(pairs) if via[di] >= 0}
    through = via_routes(net, idx, list(forced.values()), k=routes_per_demand)
    demand_routes = {di: through[key] for di, key in forced.items()}
    windows = demand_windows(net, idx)
    handling = np.array([net.hub_by_id[h].handling_cost_eur_per_t for h in idx.hub_ids])
    var_t = np.array([net.lane_by_id[lid].cost_eur_per_t for lid in idx.lane_ids])
    var_t = var_t + handling[idx.lane_dest]
    lb_open = lane_bucket_open(net, idx)
    cols = build_columns(
        net,
        idx,
        routes,
        windows,
        lb_open,
        var_t,
        handling,
        timing or TimingOptions(),
        demand_routes=demand_routes,
    )
    if extra is not None and extra.n:
        cols = concat_columns(cols, extra)
    pn = pricing_network(net, idx, windows, lb_open, var_t, handling)
    full = build_formulation(net, idx, cols, windows, every_lane_bucket=True)
    return Candidates(net, idx, windows, cols, full, pn)


def concat_columns(a: Columns, b: Columns) -> Columns:
    """Columns of ``a`` followed by those of ``b`` (route ids of ``b`` shifted past ``a``)."""
    shift = int(a.route.max(initial=-1)) + 1
    return Columns(
        demand=np.concatenate([a.demand, b.demand]),
        route=np.concatenate([a.route, b.route + shift]),
        cost=np.concatenate([a.cost, b.cost]),
        on_time=np.concatenate([a.on_time, b.on_time]),
        start=np.concatenate([a.start, a.start[-1] + b.start[1:]]),
        leg_lane=np.concatenate([a.leg_lane, b.leg_lane]),
        leg_dep=np.concatenate([a.leg_dep, b.leg_dep]),
        leg_arr=np.concatenate([a.leg_arr, b.leg_arr]),
    )


class _Clock:
    """Elapsed time, the deadline, and progress reporting."""

    def __init__(self, settings: SolveSettings, progress: ProgressCallback | None) -> None:
        self.start = time.perf_counter()
        self.limit = settings.time_limit_s
        self.progress = progress
        self.incumbent: float | None = None
        self.bound: float | None = None
        self.fired = False
        """Whether the wall-clock safety stop cut a phase short (the result is unfinished)."""

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def left(self) -> float:
        return self.limit - self.elapsed()

    def over(self) -> bool:
        """Whether the wall-clock safety stop has been reached (and remember that it was)."""
        if self.left() <= 0:
            self.fired = True
        return self.fired

    def report(
        self, phase: str, incumbent: float | None = None, bound: float | None = None
    ) -> None:
        if incumbent is not None:
            self.incumbent = incumbent if self.incumbent is None else min(self.incumbent, incumbent)
        if bound is not None:
            self.bound = bound
        if self.progress is None:
            return
        gap = _gap(self.incumbent, self.bound)
        self.progress(
            SolveProgress(
                elapsed_s=round(self.elapsed(), 3),
                phase=phase,
                incumbent_eur=self.incumbent,
                best_bound_eur=self.bound,
                gap=gap,
            )
        )


def _gap(obj: float | None, bound: float | None) -> float | None:
    if obj is None or bound is None:
        return None
    if abs(obj) < 1e-9:
        return 0.0 if abs(bound) < 1e-9 else None
    return max(0.0, (obj - bound) / abs(obj))


@dataclass(slots=True)
class _Lp:
    keep: np.ndarray
    x: np.ndarray
    objective: float
    bound: float
    """Bound on every plan (full LP with the window cuts found)."""
    plain_bound: float
    """Bound of the plain full LP (no cuts), or the best one before it converged."""
    reduced_cost: np.ndarray
    """Reduced cost of every pool path at the duals of the bound (for the MIP's paths)."""


def _column_generation(
    cand: Candidates,
    settings: SolveSettings,
    clock: _Clock,
    seed_cols: np.ndarray,
) -> tuple[Candidates, _Lp | None]:
    """LP relaxation of the full model by column generation and cuts; a bound on every plan.

    Each round solves the LP over the kept paths (with the window cuts found so far),
    prices the candidate paths and every timed path of the network
    (:func:`solver.bound.full_bound`), keeps the best candidate paths and adds the priced
    paths that beat them. Once no path prices out, the LP equals the plain full LP
    (``_Lp.plain_bound``); then violated window cuts (:mod:`solver.cuts`) are added and
    the loop goes on. The bound of every round is valid for every plan. Rounds are the
    effort measure (the same network gives the same rounds on any machine); the wall
    clock only stops the loop as a safety (``clock.fired``).
    """
    keep_cols: np.ndarray = np.zeros(cand.cols.n, dtype=bool)
    if cand.cols.n:
        keep_cols[np.r_[True, cand.cols.route[1:] != cand.cols.route[:-1]]] = True
    keep_cols[seed_cols] = True
    best: _Lp | None = None
    best_cand = cand
    best_bound = -np.inf
    plain: float | None = None
    cut_rounds = 0
    cuts: list[WindowCut] = []
    links: list[LinkingCut] = []
    bound_before_cuts = -np.inf
    seen: set[tuple[bool, int, int, int]] = set()
    data = window_data(cand.full)
    for _ in range(settings.lp_rounds):
        if clock.over():
            break
        form = add_linking_rows(add_cut_rows(cand.full, cuts), links)
        p = form.program
        nx = cand.cols.n
        a_csc = p.a.tocsc()
        kx = np.flatnonzero(keep_cols)
        sol = solve_program(
            p.keep_columns(np.concatenate([kx, np.arange(nx, p.n_cols)]), a_csc),
            Backend.HIGHS,
            time_limit_s=max(0.05, clock.left()),
            seed=settings.seed,
            relax=True,
        )
        if sol.status != "optimal" or sol.x is None or sol.duals is None:
            clock.fired |= sol.hit_time_limit
            break
        assert sol.objective is not None
        fb = full_bound(form, sol.duals, cand.pricing)
        best_bound = max(best_bound, fb.value)
        x = np.zeros(p.n_cols)
        x[kx] = sol.x[: len(kx)]
        x[nx:] = sol.x[len(kx) :]
        rc_x = p.c[:nx] - a_csc[:, :nx].T @ fb.duals
        best = _Lp(
            keep=keep_cols.copy(),
            x=x,
            objective=sol.objective,
            bound=best_bound,
            plain_bound=best_bound if plain is None else plain,
            reduced_cost=rc_x,
        )
        best_cand = cand
        clock.report("lp", bound=best_bound)
        gap = _gap(sol.objective, best_bound)
        if gap is not None and gap <= LP_CONVERGED_GAP:
            if plain is None:
                plain = best_bound
                best.plain_bound = plain
            if cut_rounds >= settings.cut_rounds:
                break
            if cut_rounds and best_bound - bound_before_cuts < CUT_STALL * abs(best_bound):
                break  # the last round of cuts barely moved the bound: the next would not either
            bound_before_cuts = best_bound
            cut_rounds += 1
            fresh_cuts = [
                c
                for c in separate_window_cuts(form, data, x)
                if (c.outbound, c.hub, c.start, c.length) not in seen
            ]
            fresh_links = (
                separate_linking_cuts(form, x, max_cuts=settings.link_cuts)
                if settings.link_cuts
                else []
            )
            if not fresh_cuts and not fresh_links:
                break
            links.extend(fresh_links)
            cuts.extend(fresh_cuts)
            seen.update((c.outbound, c.hub, c.start, c.length) for c in fresh_cuts)
            continue
        neg, fresh = grow_pool(
            cand.cols.demand, rc_x, keep_cols, fb.priced, per_demand=PRICED_PER_DEMAND
        )
        if not len(neg) and not fresh.n:
            break
        keep_cols[neg] = True
        if fresh.n:
            cand = cand.extended(fresh)
            keep_cols = np.concatenate([keep_cols, np.ones(fresh.n, dtype=bool)])
    return best_cand, best


def _slope_plan(
    cand: Candidates, lp: _Lp, settings: SolveSettings, clock: _Clock
) -> tuple[Candidates, _Lp, ModelValues | None]:
    """Run :func:`solver.slope.slope_scale` from the LP; the grown candidates, the LP
    carried over to them, and the plan that fills its trucks (None when none was found)."""
    grown = [cand]

    def extend(extra: Columns) -> Formulation:
        grown[0] = grown[0].extended(extra)
        return grown[0].full

    found: SlopePlan | None = slope_scale(
        cand.full,
        cand.pricing,
        lp.keep,
        rounds=settings.slope_rounds,
        left=clock.left,
        extend=extend,
        seed=settings.seed,
    )
    clock.fired |= found is not None and found.stopped
    wider = grown[0]
    lp = _Lp(
        keep=np.concatenate([lp.keep, np.zeros(wider.cols.n - cand.cols.n, dtype=bool)]),
        x=wider.full.pack(_padded(cand.full.unpack(lp.x), wider.cols.n)),
        objective=lp.objective,
        bound=lp.bound,
        plain_bound=lp.plain_bound,
        reduced_cost=np.concatenate([lp.reduced_cost, np.full(wider.cols.n - cand.cols.n, np.inf)]),
    )
    if found is None:
        return wider, lp, None
    clock.report("slope", incumbent=found.cost_eur)
    return wider, lp, _padded(found.form.unpack(found.vector), wider.cols.n)


def _padded(values: ModelValues, nx: int) -> ModelValues:
    """``values`` over ``nx`` paths (the paths appended since then carry no tonnes)."""
    x = np.concatenate([values.x, np.zeros(nx - len(values.x))])
    return ModelValues(x=x, u=values.u, n=values.n, s=values.s, z=values.z)


def _cheapest_per_demand(
    demand: np.ndarray, reduced_cost: np.ndarray, k: int = NEAR_PATHS_PER_DEMAND
) -> np.ndarray:
    """Positions of the ``k`` paths of least reduced cost of every demand."""
    order = np.lexsort((np.arange(len(demand)), reduced_cost, demand))
    d = demand[order]
    rank = np.arange(len(order)) - np.searchsorted(d, d)
    return np.sort(order[rank < k])


def _same_first_departure(cols: Columns, chosen: np.ndarray) -> np.ndarray:
    """All columns sharing a route and first departure with a chosen column."""
    first_dep = cols.leg_dep[cols.start[:-1]]
    key = cols.route * (int(first_dep.max(initial=0)) + 1) + first_dep
    return np.flatnonzero(np.isin(key, key[chosen]))


def _restricted(
    cand: Candidates, kx: np.ndarray, empty_buckets: np.ndarray | None = None
) -> Formulation:
    """The model over the paths ``kx`` of ``cand`` (no cut rows: measured, the linking cuts
    made the node-limited MIPs' plans worse on the demo and MCND networks)."""
    return build_formulation(
        cand.net, cand.idx, cand.cols.subset(kx), cand.windows, empty_buckets=empty_buckets
    )


def _values_in(form: Formulation, kx: np.ndarray, values: ModelValues, nx: int) -> np.ndarray:
    """The vector of a global solution (x over all candidate columns) in a restricted model."""
    local = ModelValues(x=values.x[kx], u=values.u, n=values.n, s=values.s, z=values.z)
    return form.pack(local)


def _global(form: Formulation, kx: np.ndarray, vec: np.ndarray, nx: int) -> ModelValues:
    local = form.unpack(vec)
    x = np.zeros(nx)
    x[kx] = local.x
    return ModelValues(x=x, u=local.u, n=local.n, s=local.s, z=local.z)


def _run_mip(
    form: Formulation,
    settings: SolveSettings,
    clock: _Clock,
    gap: float,
    hint: np.ndarray | None,
    *,
    whole: bool = False,
) -> ProgramSolution:
    """A restricted master MIP, limited by ``settings.mip_nodes`` (the clock is a safety).

    Its progress shows the MIP's own bound only for the ``whole`` model: a restricted
    master's bound holds for its paths alone, so the bound shown stays the full LP's.
    """

    def on_log(seconds: float, incumbent: float | None, bound: float | None) -> None:
        del seconds  # the clock measures the whole solve
        clock.report("mip", incumbent=incumbent, bound=bound if whole else None)

    sol = solve_program(
        form.program,
        settings.backend,
        time_limit_s=max(0.05, clock.left()),
        relative_gap=gap,
        threads=settings.threads,
        seed=settings.seed,
        hint=hint,
        on_log=on_log if clock.progress is not None else None,
        node_limit=settings.mip_nodes,
    )
    clock.fired |= sol.hit_time_limit
    return sol


def with_plan_paths(cand: Candidates, plan: Plan) -> Candidates:
    """``cand`` with every usable timed path of ``plan`` that it lacks appended.

    A plan found by column generation rides paths priced from the whole network, most of
    them not among the candidate routes; without them a warm start would drop those
    shipments and re-plan their freight from scratch. A path is usable when every leg's
    lane bucket is open, legs follow each other, and it arrives within the late window.
    """
    idx, pn, windows = cand.idx, cand.pricing, cand.windows
    lane_pos = {lid: i for i, lid in enumerate(idx.lane_ids)}
    dem_pos = {did: i for i, did in enumerate(idx.demand_ids)}
    wanted: dict[tuple[int, tuple[tuple[int, int], ...]], None] = {}
    for dp in plan.demands:
        d = dem_pos.get(dp.demand_id)
        if d is None:
            continue
        for ship in dp.shipments:
            if all(leg.lane_id in lane_pos for leg in ship.legs):
                path = tuple((lane_pos[leg.lane_id], leg.depart_bucket) for leg in ship.legs)
                wanted[(d, path)] = None
    cols = cand.cols
    for j in np.flatnonzero(np.isin(cols.demand, list({d for d, _ in wanted}))).tolist():
        positions = cols.legs(j)
        key = (
            int(cols.demand[j]),
            tuple((int(cols.leg_lane[k]), int(cols.leg_dep[k])) for k in positions),
        )
        wanted.pop(key, None)
    rows = [key for key in wanted if _usable(cand, *key)]
    if not rows:
        return cand
    demand: list[int] = []
    cost: list[float] = []
    on_time: list[bool] = []
    starts = [0]
    leg_lane: list[int] = []
    leg_dep: list[int] = []
    for d, path in rows:
        arrival = path[-1][1] + int(idx.lane_tau[path[-1][0]])
        late = arrival > windows[d].on_time_by
        base = float(pn.handling[pn.origin[d]]) + sum(float(pn.lane_var_t[x]) for x, _ in path)
        demand.append(d)
        cost.append(base + (float(pn.penalty_late[d]) if late else 0.0))
        on_time.append(not late)
        leg_lane.extend(x for x, _ in path)
        leg_dep.extend(t for _, t in path)
        starts.append(len(leg_lane))
    lanes = np.array(leg_lane, dtype=np.int64)
    deps = np.array(leg_dep, dtype=np.int64)
    extra = Columns(
        demand=np.array(demand, dtype=np.int64),
        route=np.arange(len(demand), dtype=np.int64),
        cost=np.array(cost, dtype=float),
        on_time=np.array(on_time, dtype=bool),
        start=np.array(starts, dtype=np.int64),
        leg_lane=lanes,
        leg_dep=deps,
        leg_arr=deps + idx.lane_tau[lanes],
    )
    return cand.extended(extra)


def _usable(cand: Candidates, d: int, legs: tuple[tuple[int, int], ...]) -> bool:
    """Whether timed path ``legs`` of demand ``d`` is a path of the network as it is now."""
    idx, win = cand.idx, cand.windows[d]
    nb = cand.net.calendar.n_buckets
    origin = idx.hub_index[cand.net.demand_by_id[idx.demand_ids[d]].origin]
    destination = idx.hub_index[cand.net.demand_by_id[idx.demand_ids[d]].destination]
    hub, clock = origin, win.release
    for lane, dep in legs:
        if idx.lane_origin[lane] != hub or dep < clock or not cand.pricing.lb_open[lane, dep % nb]:
            return False
        hub, clock = int(idx.lane_dest[lane]), dep + int(idx.lane_tau[lane])
    return hub == destination and clock <= win.late_by


def warm_start_columns(cand: Candidates, plan: Plan) -> np.ndarray:
    """Positions of the candidate columns that carry the shipments of ``plan``."""
    cols = cand.cols
    lane_pos = {lid: i for i, lid in enumerate(cand.idx.lane_ids)}
    dem_pos = {did: i for i, did in enumerate(cand.idx.demand_ids)}
    wanted: set[tuple[int, tuple[tuple[int, int], ...]]] = set()
    for dp in plan.demands:
        d = dem_pos.get(dp.demand_id)
        if d is None:
            continue
        for s in dp.shipments:
            if all(leg.lane_id in lane_pos for leg in s.legs):
                wanted.add((d, tuple((lane_pos[leg.lane_id], leg.depart_bucket) for leg in s.legs)))
    if not wanted:
        return np.zeros(0, dtype=np.int64)
    hits: list[int] = []
    wanted_d = {d for d, _ in wanted}
    for j in np.flatnonzero(np.isin(cols.demand, list(wanted_d))):
        legs = cols.legs(int(j))
        sig = (
            int(cols.demand[j]),
            tuple((int(cols.leg_lane[k]), int(cols.leg_dep[k])) for k in legs),
        )
        if sig in wanted:
            hits.append(int(j))
    return np.array(sorted(hits), dtype=np.int64)


def _hint_from_plan(cand: Candidates, plan: Plan, cols_hit: np.ndarray) -> ModelValues:
    """A model solution carrying the plan's trucks and those of its shipments we can map."""
    nb = cand.net.calendar.n_buckets
    nx = cand.cols.n
    x = np.zeros(nx)
    lane_pos = {lid: i for i, lid in enumerate(cand.idx.lane_ids)}
    dem_pos = {did: i for i, did in enumerate(cand.idx.demand_ids)}
    sig_to_col = {}
    for j in cols_hit:
        legs = cand.cols.legs(int(j))
        sig_to_col[
            (
                int(cand.cols.demand[j]),
                tuple((int(cand.cols.leg_lane[k]), int(cand.cols.leg_dep[k])) for k in legs),
            )
        ] = int(j)
    for dp in plan.demands:
        d = dem_pos.get(dp.demand_id)
        if d is None:
            continue
        for s in dp.shipments:
            if not all(leg.lane_id in lane_pos for leg in s.legs):
                continue
            sig = (d, tuple((lane_pos[leg.lane_id], leg.depart_bucket) for leg in s.legs))
            j = sig_to_col.get(sig)
            if j is not None:
                x[j] += s.tonnes
    n = np.zeros((len(cand.idx.lane_ids), nb))
    for lb in plan.lane_buckets:
        i = lane_pos.get(lb.lane_id)
        if i is not None and lb.bucket < nb:
            n[i, lb.bucket] = lb.trucks + lb.empty_trailers
    shipped = np.bincount(cand.cols.demand, weights=x, minlength=len(cand.idx.demand_ids))
    u = np.maximum(cand.full.volume - shipped, 0.0)
    return ModelValues(x=x, u=u, n=n, s=_stock(cand, n), z=0.0)


def _stock(cand: Candidates, n: np.ndarray) -> np.ndarray:
    """Least trailer stock per hub and bucket that carries the own-fleet dispatches ``n``."""
    idx = cand.idx
    nb = cand.net.calendar.n_buckets
    own = np.array([cand.net.lane_by_id[lid].carrier == "own" for lid in idx.lane_ids], dtype=bool)
    delta = np.zeros((len(idx.hub_ids), nb))
    lanes, buckets = np.nonzero(n * own[:, None])
    vals = n[lanes, buckets]
    np.add.at(delta, (idx.lane_origin[lanes], buckets), -vals)
    np.add.at(delta, (idx.lane_dest[lanes], (buckets + idx.lane_tau[lanes]) % nb), vals)
    cum = np.cumsum(delta, axis=1)
    stock: np.ndarray = cum - np.minimum(cum.min(axis=1, keepdims=True), 0.0)
    return stock


def solve(
    network: Network,
    settings: SolveSettings | None = None,
    *,
    progress: ProgressCallback | None = None,
    warm_start: Plan | None = None,
) -> SolveResult:
    """Design the week's plan for ``network``.

    Parameters
    ----------
    network
        The network to plan (validated).
    settings
        Time limit, relative gap, threads, seed and MIP backend (HiGHS or SCIP; CP-SAT
        is refused: it would round the continuous tonnes).
    progress
        Called with elapsed time, incumbent, best bound and gap as the solve proceeds.
    warm_start
        A plan (e.g. the parent scenario's) whose routes and trucks seed the solve.

    Returns
    -------
    SolveResult
        Status, objective (the plan's cost under the model, equal to
        :func:`solver.evaluate.evaluate`'s total), the restricted master's bound and gap,
        the candidate model's relaxation bound, time, OR-Tools version and the plan.

    Raises
    ------
    ValueError
        If ``settings.backend`` is CP-SAT.
    """
    settings = settings or SolveSettings()
    if settings.backend == Backend.CP_SAT:
        raise ValueError(
            "backend: CP-SAT rounds continuous variables, so it cannot solve the design model "
            "(tonnes are continuous); use highs or scip"
        )
    clock = _Clock(settings, progress)
    clock.report("candidates")
    cand = build_candidates(network)
    if not network.demands:
        return _finish(cand, settings, clock, None, 0.0, 0.0, "the network has no demand")
    every = every_path_fits(cand)
    if every is not None:
        return _solve_whole(cand.with_columns(every), settings, clock, warm_start)
    if warm_start is not None:
        cand = with_plan_paths(cand, warm_start)
    warm_cols = (
        warm_start_columns(cand, warm_start) if warm_start is not None else np.zeros(0, np.int64)
    )
    warm_values = _hint_from_plan(cand, warm_start, warm_cols) if warm_start is not None else None
    cand, lp = _column_generation(cand, settings, clock, warm_cols)
    slope: ModelValues | None = None
    if lp is not None and settings.slope_rounds and not clock.over():
        cand, lp, slope = _slope_plan(cand, lp, settings, clock)
    nx = cand.cols.n
    if warm_values is not None:  # the priced paths come after the candidates
        warm_values.x = np.concatenate([warm_values.x, np.zeros(nx - len(warm_values.x))])
    lp_bound = lp.bound if lp is not None else None
    plain_bound = lp.plain_bound if lp is not None else None
    if nx == 0:
        note = "no demand can reach its destination in time: serving nothing is the only plan"
        return _finish(cand, settings, clock, None, lp_bound, plain_bound, note)
    support = np.flatnonzero(lp.x[:nx] > 1e-6) if lp is not None else np.zeros(0, dtype=np.int64)
    chosen = np.union1d(support, warm_cols)
    if lp is not None:  # the paths the duals price closest: where a better plan may lie
        chosen = np.union1d(chosen, _cheapest_per_demand(cand.cols.demand, lp.reduced_cost))
    if slope is not None:  # the paths of the plan that fills its trucks
        chosen = np.union1d(chosen, np.flatnonzero(slope.x > 1e-9))
    if not len(chosen):
        chosen = np.flatnonzero(np.r_[True, cand.cols.route[1:] != cand.cols.route[:-1]])
    # stage 1: the LP's routes and timings
    form1 = _restricted(cand, chosen)
    hint1 = _values_in(form1, chosen, warm_values, nx) if warm_values is not None else None
    if lp is not None:
        lp_vec = _values_in(form1, chosen, cand.full.unpack(lp.x), nx)
        quick = repair(form1, lp_vec, time_limit_s=max(0.05, clock.left()), seed=settings.seed)
        if quick is not None:
            cost = float(form1.program.c @ quick)
            clock.report("repair", incumbent=cost)
            if hint1 is None or cost < float(form1.program.c @ hint1):
                hint1 = quick
    if slope is not None:
        slope_vec = _values_in(form1, chosen, slope, nx)
        if hint1 is None or float(form1.program.c @ slope_vec) < float(form1.program.c @ hint1):
            hint1 = slope_vec
    sol1 = _run_mip(form1, settings, clock, settings.relative_gap / 2, hint1)
    best_values = _global(form1, chosen, sol1.x, nx) if sol1.x is not None else None
    if best_values is not None:
        clock.report("mip", incumbent=sol1.objective)  # its bound holds for its paths only
    # stage 2: the same routes with the other timings at the same first departure
    wider = np.union1d(_same_first_departure(cand.cols, chosen), chosen)
    if not clock.over() and len(wider) > len(chosen) and settings.timing_mip:
        form2 = _restricted(cand, wider)
        seed = best_values if best_values is not None else warm_values
        hint2 = _values_in(form2, wider, seed, nx) if seed is not None else None
        sol2 = _run_mip(form2, settings, clock, settings.relative_gap, hint2)
        improved = sol2.x is not None and (
            sol1.objective is None
            or (sol2.objective is not None and sol2.objective < sol1.objective - 1e-6)
        )
        if improved and sol2.x is not None:
            best_values = _global(form2, wider, sol2.x, nx)
    return _finish(cand, settings, clock, best_values, lp_bound, plain_bound, "")


def relaxation_bounds(
    network: Network,
    settings: SolveSettings | None = None,
    *,
    progress: ProgressCallback | None = None,
    warm_start: Plan | None = None,
) -> tuple[float | None, float | None, bool] | None:
    """The bound valid for every plan and the plain full LP, without a MIP; and whether the
    safety stop fired. None when the network has no demand or is small enough for the
    whole-model solve, whose MIP bound is the one to use (call :func:`solve`)."""
    settings = settings or SolveSettings()
    clock = _Clock(settings, progress)
    clock.report("candidates")
    cand = build_candidates(network)
    if not network.demands or every_path_fits(cand) is not None:
        return None
    if warm_start is not None:
        cand = with_plan_paths(cand, warm_start)
    warm_cols = (
        warm_start_columns(cand, warm_start) if warm_start is not None else np.zeros(0, np.int64)
    )
    cand, lp = _column_generation(cand, settings, clock, warm_cols)
    if lp is None:
        return None
    return lp.bound, lp.plain_bound, clock.fired


def every_path_fits(cand: Candidates) -> Columns | None:
    """Every timed path of the network when they fit the whole-model solve, else None."""
    return all_timed_paths(cand.net, cand.pricing, limit=FULL_MODEL_MAX_COLUMNS)


def _solve_whole(
    cand: Candidates, settings: SolveSettings, clock: _Clock, warm_start: Plan | None
) -> SolveResult:
    """Solve a model that holds every timed path: its MIP bound holds for every plan."""
    nx = cand.cols.n
    if nx == 0:
        note = "no demand can reach its destination in time: serving nothing is the only plan"
        values = None
        bound: float | None = float(
            cand.full.program.c[cand.full.u0 : cand.full.n0] @ cand.full.volume
        )
        return _finish(cand, settings, clock, values, bound, bound, note)
    relaxed = solve_program(
        cand.full.program,
        Backend.HIGHS,
        time_limit_s=max(0.05, clock.left()),
        seed=settings.seed,
        relax=True,
    )
    clock.fired |= relaxed.hit_time_limit
    plain = relaxed.objective if relaxed.status == "optimal" else None
    hint = None
    if warm_start is not None:
        warm_cols = warm_start_columns(cand, warm_start)
        hint = cand.full.pack(_hint_from_plan(cand, warm_start, warm_cols))
    sol = _run_mip(cand.full, settings, clock, settings.relative_gap, hint, whole=True)
    values = _global(cand.full, np.arange(nx), sol.x, nx) if sol.x is not None else None
    bounds = [b for b in (sol.bound, plain) if b is not None]
    return _finish(cand, settings, clock, values, max(bounds) if bounds else None, plain, "")


def _finish(
    cand: Candidates,
    settings: SolveSettings,
    clock: _Clock,
    values: ModelValues | None,
    bound: float | None,
    relaxation_bound: float | None,
    note: str,
) -> SolveResult:
    net = cand.net
    nb = net.calendar.n_buckets
    if values is None:
        values = ModelValues(
            x=np.zeros(cand.cols.n),
            u=cand.full.volume.copy(),
            n=np.zeros((len(cand.idx.lane_ids), nb)),
            s=np.zeros((len(cand.idx.hub_ids), nb)),
        )
        note = note or "no plan better than serving nothing was found within the time limit"
    plan, objective = extract_plan(net, cand.idx, cand.cols, values.x, values.n)
    if bound is not None:
        bound = min(bound, objective)  # a bound above a plan that exists is rounding noise
    gap = _gap(objective, bound)
    status: SolveStatus = (
        "unfinished"
        if clock.fired
        else "optimal"
        if gap is not None and gap <= settings.relative_gap + 1e-9
        else "feasible"
    )
    clock.report("done", incumbent=objective, bound=bound)
    return SolveResult(
        status=status,
        objective_eur=round(objective, 6),
        best_bound_eur=None if bound is None else round(bound, 6),
        gap=gap,
        seconds=round(clock.elapsed(), 3),
        ortools_version=ORTOOLS_VERSION,
        settings=settings,
        plan=plan,
        relaxation_bound_eur=None if relaxation_bound is None else round(relaxation_bound, 6),
        message=note,
    )
