"""Neighbourhood search on a finished plan: re-plan one part of the network's freight at a time.

The restricted master of :mod:`solver.design` picks among the paths its LP uses, and the
LP spreads freight thinly: its plan leaves trucks part-full that other freight could
fill. :func:`solve` first re-flows it (:mod:`solver.reflow`: one LP moving freight onto
the room its own trucks have, which takes most of what the first search MIP used to find),
then :func:`improve` takes the plan and, one *part* at a time, solves the neighbourhood
MIP of :func:`solver.warm.neighbourhood` focused on the demands that start or end in that
part: they may take any candidate path (any route, any timing), every other demand keeps
its paths or moves onto a path riding the plan's dispatches, and the lanes the focused
paths use are free. Each part is first searched with the trucks the neighbourhood's LP
relaxation and the plan agree on fixed (RINS, :func:`solver.warm.rins`: a much smaller
MIP), and as a whole only when that finds nothing cheaper (see :func:`_programs`). A
cheaper plan that breaks no hard rule replaces the incumbent, so the result is never
worse than the plan it started from.

The parts are the network's regions (by name; a region of more than
:data:`MAX_REGION_HUBS` hubs in chunks of neighbouring hubs), or, on a network with a
single region, groups of hubs by id; the walk goes round them in that order and ends after
``settings.search_rounds`` parts searched or once a whole round of parts found nothing
cheaper.
Each MIP has ``settings.search_nodes`` nodes (the design's ``mip_nodes`` when unset;
HiGHS, one thread, fixed seed), so the plan is a function of (network, settings); the
wall clock is only the safety stop. The full-effort solves give the search 1 node per MIP
and the design MIP 200: on 12 MCND C instances (c37-c40, c45, c46, c48, c50, c52, c54,
c56, c58) 200 nodes per search MIP gave exactly the plans of 1 node in the same time,
while on the 40-hub demo the first search MIP took 273 s with 200 nodes.

Measured on the demo networks (2 cores shared with other work, load 4-12, so times are
several times a quiet machine's), ``mip_nodes=1``, 10 search MIPs:

====  =======================  =======================  =====  ======
hubs  design plan (gap)        searched plan (gap)      gains  search
====  =======================  =======================  =====  ======
20    1,339,072 EUR (8.65 %)   1,260,202 EUR (2.94 %)   4      204 s
40    2,894,967 EUR (5.42 %)   2,795,018 EUR (2.04 %)   8      371 s
====  =======================  =======================  =====  ======

The gaps are to the bound valid for every plan (unchanged by the search). On a quiet
machine, with the design's second MIP skipped (``timing_mip=False``, as the full-effort
solves do), ``mip_nodes=1``, 30 cut rounds and up to 20 search MIPs, the 40-hub demo went
2,907,055 EUR (5.80 %) at 23 s -> 2,835,108 (3.41 %) at 50 s -> 2,800,871 (2.23 %) at
146 s -> 2,795,329 EUR (2.04 %, bound 2,738,321) at 388 s, the walk ending after 12 MIPs
(6 gains). With 200 nodes per MIP the first search MIP alone took 273 s. An earlier
variant that freed every lane the focused demands could use was slower per MIP (105-300 s
at 40 hubs) and found less (20 hubs: 3.4 % after 10 MIPs).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from solver.design import build_candidates, with_plan_paths
from solver.evaluate import evaluate
from solver.mathopt_lp import MatrixProgram
from solver.network import Hub, Network
from solver.plan import Plan, SolveProgress, SolveResult, SolveSettings, SolveStatus
from solver.reflow import ReflowStopped, reflow
from solver.warm import Neighbourhood, neighbourhood, neighbourhood_mip, rins
from solver.warm import solve as warm_solve

HUBS_PER_PART = 6
"""Hubs per part on a network whose hubs all share one region."""
MAX_REGION_HUBS = 12
"""A region with more hubs is searched in chunks (150-hub demo: one search MIP over a
30-hub region ran for more than 10 minutes; the 40-hub demo's regions, 6-11 hubs, are
searched whole)."""
GAIN_EUR = 0.5
"""A neighbourhood's plan replaces the incumbent only when cheaper by more than this."""


@dataclass(frozen=True, slots=True)
class Search:
    """What the search did: the best plan, its cost, MIPs solved, and gains found."""

    plan: Plan
    cost_eur: float
    mips: int
    gains: int
    stopped: bool
    """Whether the wall-clock safety stop ended the walk before its effort was spent."""


def parts(network: Network) -> list[frozenset[str]]:
    """The hub groups the search walks: regions, or hubs chunked by id in a one-region network.

    A region of more than :data:`MAX_REGION_HUBS` hubs is cut into near-equal chunks of
    neighbouring hubs (ordered along the region's longer side, east-west or north-south),
    since one MIP over a whole large region is too big to solve in useful time.

    Examples
    --------
    >>> from solver.demo import demo_network
    >>> groups = parts(demo_network(hubs=20))
    >>> len(groups), sum(len(g) for g in groups)
    (5, 20)
    """
    regions = sorted({h.region for h in network.hubs})
    if len(regions) > 1:
        return [
            chunk
            for r in regions
            for chunk in _chunks([h for h in network.hubs if h.region == r], MAX_REGION_HUBS)
        ]
    ids = sorted(h.id for h in network.hubs)
    return [frozenset(ids[i : i + HUBS_PER_PART]) for i in range(0, len(ids), HUBS_PER_PART)]


def _chunks(hubs: list[Hub], most: int) -> list[frozenset[str]]:
    """``hubs`` in near-equal chunks of at most ``most``, neighbours together."""
    k = -(-len(hubs) // most)
    if k <= 1:
        return [frozenset(h.id for h in hubs)]
    lon, lat = [h.lon for h in hubs], [h.lat for h in hubs]
    wide = max(lon) - min(lon) >= max(lat) - min(lat)
    line = sorted(hubs, key=lambda h: (h.lon if wide else h.lat, h.id))
    cuts = [round(i * len(line) / k) for i in range(k + 1)]
    return [frozenset(h.id for h in line[cuts[i] : cuts[i + 1]]) for i in range(k)]


def improve(
    network: Network,
    plan: Plan,
    cost_eur: float,
    settings: SolveSettings,
    *,
    left: Callable[[], float],
    report: Callable[[float], None] | None = None,
) -> Search:
    """The best plan the walk over :func:`parts` finds, starting from ``plan`` (see above)."""
    groups = [g for g in parts(network) if g]
    base = build_candidates(network)
    best, best_cost = plan, cost_eur
    searched = mips = gains = 0
    idle = 0  # parts in a row that found nothing cheaper
    k = 0
    while searched < settings.search_rounds and idle < len(groups):
        if left() <= 0:
            return Search(best, best_cost, mips, gains, stopped=True)
        hubs = groups[k % len(groups)]
        k += 1
        focus = frozenset(
            d.id for d in network.demands if d.origin in hubs or d.destination in hubs
        )
        hood = neighbourhood(
            network, with_plan_paths(base, best), best, focus=focus, within=hubs, stable=False
        )
        if hood is None:
            idle += 1
            continue
        searched += 1
        found = None
        for program in _programs(hood, left):
            sol = neighbourhood_mip(
                program,
                hood.hint,
                left=left,
                seed=settings.seed,
                node_limit=_search_nodes(settings),
            )
            mips += 1
            if sol.hit_time_limit:
                return Search(best, best_cost, mips, gains, stopped=True)
            found = hood.plan_of(sol.x) if sol.x is not None else None
            if (
                found is not None
                and found[1] < best_cost - GAIN_EUR
                and not evaluate(network, found[0]).hard_violations
            ):
                break
            found = None
        if found is not None:
            best, best_cost = found
            gains += 1
            idle = 0
            if report is not None:
                report(best_cost)
        else:
            idle += 1
    return Search(best, best_cost, mips, gains, stopped=False)


def _programs(hood: Neighbourhood, left: Callable[[], float]) -> Iterator[MatrixProgram]:
    """The MIPs a part is searched with, in turn until one finds a cheaper plan.

    First the neighbourhood with the trucks its LP relaxation and the plan agree on fixed
    (:func:`solver.warm.rins`), then, only if that finds nothing cheaper, the whole
    neighbourhood. On the 40-hub demo's re-flowed design plan the fixed MIPs took 2-21 s
    against 23-66 s for the whole neighbourhoods and found 4 of the first 6 parts' gains:
    2.22% above the bound after 105 s, where the whole neighbourhoods alone were at 2.70%
    (2.17% at 269 s).
    """
    lp = hood.relaxation(left)
    if lp is not None:
        yield rins(hood, lp, hood.hint)
    yield hood.program


def solve(
    network: Network,
    settings: SolveSettings | None = None,
    *,
    progress: Callable[[SolveProgress], None] | None = None,
    warm_start: Plan | None = None,
) -> SolveResult:
    """:func:`solver.warm.solve`, :func:`solver.reflow.reflow` of its plan, then :func:`improve`.

    The re-flow and the search (``settings.search_rounds`` parts) run on a plan the design
    solve did not prove; a what-if that re-plans only its edit (a ``warm_start`` without
    ``settings.full_replan``) skips both, so its plan differs from its parent's only where
    the edit reaches. The status and gap are against the same bound valid for every plan;
    a safety stop in the re-flow or the search leaves the best plan so far, labelled
    ``unfinished``.
    """
    settings = settings or SolveSettings()
    start = time.perf_counter()
    result = warm_solve(network, settings, progress=progress, warm_start=warm_start)
    if (
        (warm_start is not None and not settings.full_replan)  # re-plan only the edit
        or result.status != "feasible"  # proven, cut short, or no plan to start from
        or result.plan is None
        or result.objective_eur is None
    ):
        return result
    bound = result.best_bound_eur

    def left() -> float:
        return settings.time_limit_s - (time.perf_counter() - start)

    def report(phase: str, cost: float) -> None:
        if progress is not None:
            progress(
                SolveProgress(
                    elapsed_s=round(time.perf_counter() - start, 3),
                    phase=phase,
                    incumbent_eur=cost,
                    best_bound_eur=bound,
                    gap=_gap(cost, bound),
                )
            )

    plan, cost = result.plan, result.objective_eur
    notes = [result.message] if result.message else []
    try:
        flowed = reflow(network, plan, cost, time_limit_s=left()) if settings.reflow else None
    except ReflowStopped:
        return result.model_copy(
            update={"status": "unfinished", "seconds": round(time.perf_counter() - start, 3)}
        )
    if flowed is not None:
        notes.append(f"re-flow over the plan's trucks: {cost - flowed.cost_eur:,.0f} EUR cheaper")
        plan, cost = flowed.plan, flowed.cost_eur
        report("reflow", cost)
    stopped = False
    if settings.search_rounds:
        found = improve(
            network, plan, cost, settings, left=left, report=lambda c: report("search", c)
        )
        stopped = found.stopped
        if found.gains or found.stopped:
            note = f"neighbourhood search: {found.gains} cheaper plan(s) in {found.mips} MIPs"
            notes.append(note)
        plan, cost = found.plan, found.cost_eur
    if cost >= result.objective_eur and not stopped:
        return result.model_copy(update={"seconds": round(time.perf_counter() - start, 3)})
    gap = _gap(cost, bound)
    report("done", cost)
    status: SolveStatus = (
        "unfinished"
        if stopped
        else "optimal"
        if gap is not None and gap <= settings.relative_gap + 1e-9
        else "feasible"
    )
    return result.model_copy(
        update={
            "status": status,
            "objective_eur": round(cost, 6),
            "gap": gap,
            "plan": plan,
            "seconds": round(time.perf_counter() - start, 3),
            "message": "; ".join(notes),
        }
    )


def _search_nodes(settings: SolveSettings) -> int:
    """Nodes per search MIP: ``settings.search_nodes``, else the design's ``mip_nodes``."""
    return settings.mip_nodes if settings.search_nodes is None else settings.search_nodes


def _gap(cost: float, bound: float | None) -> float | None:
    return None if bound is None or cost <= 0 else max(0.0, (cost - bound) / cost)
