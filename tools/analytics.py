"""What-if analytics on a solved version: stress test, cost–service frontier, explanations.

Each use case reads the version's network and stored plan, runs the pure analysis of
:mod:`solver` and, where the work splits into independent solves (stress draws,
frontier points, re-solves without a critical element), runs them through an
:class:`~tools.executor.Executor` (the default one when none is given: a process pool,
or Dask when ``DASK_SCHEDULER_ADDRESS`` is set), reporting each finished task to
``on_done``. Results do not depend on the executor: work is cut and seeded the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from solver import (
    CriticalElement,
    ElementRef,
    Explanation,
    FrontierReport,
    Network,
    Plan,
    SolveSettings,
    StressReport,
    StressSpec,
    evaluate,
    explain_plan,
    solve,
)
from solver import critical_elements as graph_critical_elements
from solver.frontier import (
    FrontierPoint,
    frontier_report,
    frontier_tasks,
    solve_frontier_point,
    targets_around,
)
from solver.stress import ScenarioResult, run_stress_batch, stress_batches, stress_report
from storage import Database
from tools.errors import InvalidRequest
from tools.executor import Executor, TaskOutcome, default_executor
from tools.identity import UserRef
from tools.scenarios import ScenarioRef
from tools.solving import INTERACTIVE_SETTINGS, version_plan

T = TypeVar("T")
R = TypeVar("R")

OnDone = Callable[[TaskOutcome[Any]], None]

QUICK_SETTINGS = SolveSettings(time_limit_s=5.0, relative_gap=0.02, search_rounds=0)
"""Re-solves that rank critical elements: a few seconds each, 2% gap, no neighbourhood search."""


def _solved(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None
) -> tuple[Network, Plan]:
    network, plan = version_plan(db, actor, scenario, n)
    if plan is None:
        raise InvalidRequest("the version is not solved yet: solve it first")
    return network, plan


def _run(
    fn: Callable[[T], R],
    items: Sequence[T],
    executor: Executor | None,
    on_done: OnDone | None,
) -> list[TaskOutcome[R]]:
    """Map ``fn`` over ``items`` on ``executor`` (the default one, closed after, if None)."""
    if executor is not None:
        return executor.map(fn, items, on_done=on_done)
    with default_executor() as ex:
        return ex.map(fn, items, on_done=on_done)


def _error(outcome: TaskOutcome[Any]) -> str:
    return str(outcome.error) if outcome.error is not None else "no result"


def stress_test(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    factor: float = 1.2,
    regions: Sequence[str] = (),
    days: Sequence[int] = (),
    draws: int = 0,
    sigma: float = 0.15,
    seed: int = 7,
    executor: Executor | None = None,
    on_done: OnDone | None = None,
) -> StressReport:
    """Hold version ``n``'s trucks and re-route under changed demand (see :mod:`solver.stress`).

    ``factor`` multiplies the demand leaving ``regions`` (all if empty) released on
    ``days`` (0 = Monday; all if empty); ``draws`` random draws add lognormal noise of
    ``sigma`` per origin–destination pair, reproducible by ``seed``. The deterministic
    change alone is solved in this process; with draws, batches of draws run on the
    executor. A failed batch of draws is left out and named in the report.

    Raises
    ------
    InvalidRequest
        If the version is not solved, a region or day is unknown, or a parameter is out
        of range.
    """
    network, plan = _solved(db, actor, scenario, n)
    try:
        spec = StressSpec(
            factor=factor,
            regions=tuple(regions),
            days=tuple(days),
            draws=draws,
            sigma=sigma,
            seed=seed,
        )
        batches = stress_batches(network, plan, spec)
    except ValueError as exc:
        raise InvalidRequest(f"stress test: {exc}") from None
    if len(batches) == 1 and executor is None:
        results = run_stress_batch(batches[0])
        failed: list[str] = []
    else:
        outcomes = _run(run_stress_batch, batches, executor, on_done)
        results = [r for o in outcomes if o.result is not None for r in o.result]
        failed = [f"batch {o.index + 1}: {_error(o)}" for o in outcomes if not o.ok]
    indices = {r.index for r in results}
    if -1 not in indices or 0 not in indices:
        raise InvalidRequest(f"stress test failed: {'; '.join(failed) or 'no result'}")
    return stress_report(network, plan, spec, _sorted(results), failed=failed)


def _sorted(results: list[ScenarioResult]) -> list[ScenarioResult]:
    return sorted(results, key=lambda r: r.index)


def frontier(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    targets: Sequence[float] | None = None,
    settings: SolveSettings | None = None,
    executor: Executor | None = None,
    on_done: OnDone | None = None,
) -> FrontierReport:
    """The cheapest plan found for each on-time service target of version ``n``.

    ``targets`` default to six from two points below the plan's service level to 100%
    (:func:`solver.frontier.targets_around`): where the trade-off is. Every target is an
    independent design solve (``settings``, the interactive ones by default), warm-started
    from the version's plan, run in parallel on the executor; see :mod:`solver.frontier`
    for how the curve and its knee are read.

    Raises
    ------
    InvalidRequest
        If the version is not solved, a target is outside [0, 1], or every solve failed.
    """
    network, plan = _solved(db, actor, scenario, n)
    if targets is None:
        targets = targets_around(evaluate(network, plan).kpis.service_level)
    try:
        tasks = frontier_tasks(network, targets, settings or INTERACTIVE_SETTINGS, warm_start=plan)
    except ValueError as exc:
        raise InvalidRequest(f"frontier: {exc}") from None
    outcomes = _run(solve_frontier_point, tasks, executor, on_done)
    points: list[FrontierPoint] = [o.result for o in outcomes if o.result is not None]
    if not points:
        raise InvalidRequest(
            "frontier: every solve failed: " + "; ".join(_error(o) for o in outcomes)
        )
    return frontier_report(network, points)


def explain(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None, *, top: int = 5
) -> Explanation:
    """Why version ``n``'s plan loses service and what would help most (LP duals, checked).

    See :mod:`solver.explain`. Raises :class:`InvalidRequest` if the version is not
    solved or its plan breaks a hard limit of the network.
    """
    network, plan = _solved(db, actor, scenario, n)
    if top < 1:
        raise InvalidRequest(f"top: must be at least 1, got {top}")
    try:
        return explain_plan(network, plan, top=top, verify=max(8, top))
    except ValueError as exc:
        raise InvalidRequest(f"explain: {exc}") from None


@dataclass(frozen=True, slots=True)
class WithoutTask:
    """A quick re-solve of a network without one hub or lane."""

    network: Network
    kind: str
    id: str
    settings: SolveSettings
    warm_start: Plan | None


def network_without(network: Network, kind: str, element_id: str) -> Network:
    """``network`` with hub ``element_id`` closed all week, or lane ``element_id`` inactive."""
    fields = {name: getattr(network, name) for name in type(network).model_fields}
    if kind == "hub":
        if element_id not in network.hub_by_id:
            raise ValueError(f"hub: no hub {element_id!r}")
        fields["hubs"] = tuple(
            h.model_copy(update={"open": False}) if h.id == element_id else h for h in network.hubs
        )
    elif kind == "lane":
        if element_id not in network.lane_by_id:
            raise ValueError(f"lane: no lane {element_id!r}")
        fields["lanes"] = tuple(
            x.model_copy(update={"active": False}) if x.id == element_id else x
            for x in network.lanes
        )
    else:
        raise ValueError(f"kind: {kind!r} is neither 'hub' nor 'lane'")
    return Network(**fields)


def cost_without(task: WithoutTask) -> float:
    """Total cost of a quick re-solve without the element (module-level for workers)."""
    net = network_without(task.network, task.kind, task.id)
    result = solve(net, task.settings, warm_start=task.warm_start)
    if result.plan is None:
        raise RuntimeError(f"no plan without {task.kind} {task.id}")
    return evaluate(net, result.plan).kpis.total_cost_eur


def critical_elements(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    top: int = 5,
    resolve_top: int = 3,
    settings: SolveSettings | None = None,
    executor: Executor | None = None,
    on_done: OnDone | None = None,
) -> tuple[CriticalElement, ...]:
    """The hubs and lanes whose loss would cost most, the first ones checked by re-solving.

    The graph ranking of :func:`solver.graph.critical_elements` (using the plan's lane
    flows when the version is solved) gives ``top`` elements; the first ``resolve_top``
    are re-solved without the element (``settings``: 5 s, 2% gap by default), in
    parallel on the executor, and re-ranked by that total cost ahead of the rest.

    Raises
    ------
    InvalidRequest
        If ``top`` < 1, ``resolve_top`` is negative, or a re-solve fails.
    """
    if top < 1 or resolve_top < 0:
        raise InvalidRequest(
            f"top: must be at least 1 and resolve_top at least 0, got {top}, {resolve_top}"
        )
    network, plan = version_plan(db, actor, scenario, n)
    flows: dict[str, float] | None = None
    if plan is not None:
        flows = {}
        for lb in plan.lane_buckets:
            if lb.lane_id in network.lane_by_id:
                flows[lb.lane_id] = flows.get(lb.lane_id, 0.0) + lb.loaded_t
    ranked = graph_critical_elements(network, top=top, flows=flows)
    k = min(resolve_top, len(ranked))
    if k == 0:
        return ranked
    s = settings or QUICK_SETTINGS
    tasks = [WithoutTask(network, e.kind, e.id, s, plan) for e in ranked[:k]]
    outcomes = _run(cost_without, tasks, executor, on_done)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise InvalidRequest(
            "critical elements: re-solve failed: " + "; ".join(_error(o) for o in failed)
        )
    costs = {(t.kind, t.id): float(o.result) for t, o in zip(tasks, outcomes, strict=True)}  # type: ignore[arg-type]

    def lookup(ref: ElementRef) -> float:
        return costs[(ref.kind, ref.id)]

    checked = graph_critical_elements(
        network, top=k, flows=flows, cost_without=lookup, candidates=k
    )
    return checked + ranked[k:]
