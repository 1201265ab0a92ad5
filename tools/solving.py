"""Solve a scenario version and read its results: cached, warm-started, evaluated independently.

A solve run is keyed by the network's content hash and the solver settings, so asking the
same question twice (or two scenarios that arrive at the same network) re-uses one solve.
A new solve starts from the parent version's plan when there is one. Every stored run
carries the KPIs of the independent evaluation, the solver version and the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, computed_field

from solver import (
    Churn,
    Evaluation,
    Kpis,
    Network,
    Plan,
    SolveProgress,
    SolveResult,
    SolveSettings,
    Violation,
    adapt,
    dispatch_churn,
    evaluate,
    solve,
)
from solver.trust import plan_health
from storage import (
    Database,
    Role,
    SolveRunRow,
    decompress_text,
    find_solve_run,
    get_network,
    put_solve_run,
    solve_runs_for,
)
from tools.access import require_role
from tools.identity import UserRef, load_actor
from tools.scenarios import ScenarioRef, VersionView, get_version, version_network
from tools.trust import plan_quality

INTERACTIVE_SETTINGS = SolveSettings(
    time_limit_s=300.0,
    relative_gap=0.01,
    mip_nodes=1,
    cut_rounds=0,
    timing_mip=False,
    search_rounds=0,
    full_replan=False,
)
"""Effort for questions asked in conversation: the full LP bound (no cut rounds: they add
about 0.1 % to the bound on the demo networks, for several more LP rounds) and the root
of the design MIP (deterministic: the same question gives the same plan on any machine)
without its second MIP over other timings (a network solved cold, quiet machine: 20 hubs
8.6 s at 7.05% above the bound instead of 21.3 s at 6.67%, 40 hubs 14.6 s at 4.16%
instead of 55.2 s at 3.88%, 80 hubs 53 s at 4.37% instead of 253 s at 3.80%);
a what-if re-plans around its edit and computes the full model's bound for its gap, without
the full design MIP (about 70% of a question's time, and its plan was kept only when more
than 2% cheaper) and without the neighbourhood search (it re-plans freight the edit does
not reach, and a cold question would wait several times longer); the wall clock is only a
safety stop, after which the answer says the plan is unfinished."""

PLANNING_SETTINGS = SolveSettings(
    time_limit_s=3600.0,
    relative_gap=0.01,
    mip_nodes=200,
    cut_rounds=30,
    link_cuts=400,
    slope_rounds=20,
    timing_mip=False,
    search_rounds=10,
    search_nodes=1,
)
"""Full effort, for the live plan solved in the background at start-up and at promotion
(the design solve with up to 30 rounds of cuts, strong linking cuts included, which stop
once a round barely moves the bound, up to 20 slope-scaling LPs whose rounded plans fill
their trucks, see :mod:`solver.slope`, one restricted-master MIP of 200 nodes, its plan's
freight re-routed over its own trucks by one LP, see :mod:`solver.reflow` (on the 40-hub
demo 5.6% -> 3.4% above the bound), then up to 10 neighbourhood-search MIPs, see
:mod:`solver.lns`, which re-time freight faster than the design's second MIP would, each at
its root node: on 12 MCND C instances 200 nodes per search MIP gave the same plans as 1,
while on the 40-hub demo the first search MIP took 273 s with 200 nodes and 25-40 s with 1):
later questions compare with and start from its plan (the best stored run wins)."""

_SOLVED = frozenset({"optimal", "feasible"})
"""Final results, re-used as they are. An ``unfinished`` run has a plan that is shown
(labelled) but is solved again when asked, starting from that plan."""


class SolveRunView(BaseModel):
    """One stored solve of a network: status, objective, bound, gap and provenance."""

    network_hash: str
    status: str
    objective_eur: float | None
    best_bound_eur: float | None
    gap: float | None
    seconds: float | None
    solver_version: str
    settings: dict[str, Any]
    reused: bool
    warm_started: bool
    message: str
    solved_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quality(self) -> str:
        """The status and gap in a planner's words: what the numbers may be trusted for."""
        return plan_quality(self.status, self.gap)


class VersionResult(BaseModel):
    """What a version's plan achieves: its KPIs and violations, or why there are none yet."""

    scenario_id: int
    scenario_name: str
    n: int
    network_hash: str
    run: SolveRunView | None
    evaluation: Evaluation | None

    @property
    def kpis(self) -> Kpis | None:
        """The KPIs of the evaluated plan, None if the version is not solved."""
        return self.evaluation.kpis if self.evaluation else None

    @property
    def violations(self) -> tuple[Violation, ...]:
        """Every violation of the evaluated plan (empty when not solved)."""
        return self.evaluation.violations if self.evaluation else ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def warnings(self) -> list[str]:
        """Reasons not to act on this plan: unfinished, collapsed, broken or unproven."""
        if self.run is None or self.evaluation is None:
            return []
        kpis = self.evaluation.kpis
        health = plan_health(
            status=self.run.status,
            gap=self.run.gap,
            on_time_share=kpis.service_level,
            hard_violations=kpis.hard_violations,
        )
        return list(health.reasons)


def settings_key(settings: SolveSettings) -> dict[str, Any]:
    """The settings as stored with a run (and hashed into its cache key)."""
    return settings.model_dump(mode="json")


def _view(row: SolveRunRow, *, reused: bool, warm_started: bool) -> SolveRunView:
    return SolveRunView(
        network_hash=row.network_hash,
        status=row.status,
        objective_eur=row.objective,
        best_bound_eur=row.bound,
        gap=row.gap,
        seconds=row.duration_s,
        solver_version=row.solver_version,
        settings=dict(row.settings),
        reused=reused,
        warm_started=warm_started,
        message=row.message,
        solved_at=row.updated_at,
    )


def _plan_of(row: SolveRunRow | None) -> Plan | None:
    if row is None or row.plan is None:
        return None
    return Plan.model_validate_json(decompress_text(row.plan))


def _stored_run(
    db: Database, network_hash: str, settings: SolveSettings | None
) -> SolveRunRow | None:
    """The run for these settings, or (settings None) the best run of the network.

    Best: a finished run before an unfinished one, then the cheapest plan, then the newest,
    so a plan solved with full effort (live's, in the background) is what later questions
    compare with and start from, never a quicker, worse one.
    """
    with db.session() as s:
        if settings is not None:
            return find_solve_run(s, network_hash, settings_key(settings))
        runs = [r for r in solve_runs_for(s, network_hash) if r.plan is not None]
    if not runs:
        return None
    ranked = min(
        enumerate(runs),  # runs come newest first: the index breaks ties towards the newest
        key=lambda kr: (
            kr[1].status not in _SOLVED,
            kr[1].objective if kr[1].objective is not None else float("inf"),
            kr[0],
        ),
    )
    return ranked[1]


def stored_plan_run(
    db: Database, network_hash: str, settings: SolveSettings | None = None
) -> tuple[int, Plan] | None:
    """The id and plan of the run :func:`version_plan` reads (best, or for ``settings``)."""
    row = _stored_run(db, network_hash, settings)
    plan = _plan_of(row)
    return None if row is None or row.id is None or plan is None else (row.id, plan)


def run_plan(db: Database, run_id: int) -> Plan | None:
    """The plan stored now by solve run ``run_id`` (a run is updated in place by a later
    solve of the same network and settings), or None."""
    with db.session() as s:
        return _plan_of(s.get(SolveRunRow, run_id))


def parent_plan(db: Database, actor: UserRef, version: VersionView) -> Plan | None:
    """The newest plan of the version's parent, the natural warm start and baseline."""
    if version.parent_n is None:
        return None
    parent = get_version(db, actor, version.scenario_id, version.parent_n)
    return _plan_of(_stored_run(db, parent.network_hash, None))


def solve_version(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    settings: SolveSettings | None = None,
    progress: Callable[[SolveProgress], None] | None = None,
) -> SolveRunView:
    """Solve version ``n`` (head if None) unless an identical solve is stored; planners only.

    The solve starts from the best plan known for it: this version's own unfinished
    run when there is one, else its best run under other settings, else the parent's
    plan; so it never returns a plan worse than one already known. An unfinished run is
    never re-used as if it were final. The plan is evaluated independently of the solver
    and its KPIs are stored with the run.
    """
    settings = settings or INTERACTIVE_SETTINGS
    with db.session() as s:
        require_role(load_actor(s, actor), Role.PLANNER, "solving")
    version = get_version(db, actor, scenario, n)
    cached = _stored_run(db, version.network_hash, settings)
    if cached is not None and cached.status in _SOLVED and cached.plan is not None:
        return _view(cached, reused=True, warm_started=False)
    network = version_network(db, actor, scenario, version.n)
    warm = (
        _plan_of(cached)
        or _plan_of(_stored_run(db, version.network_hash, None))
        or parent_plan(db, actor, version)
    )
    result = solve(network, settings, progress=progress, warm_start=warm)
    return record_solve(
        db, version.network_hash, network, settings, result, warm_started=warm is not None
    )


def record_solve(
    db: Database,
    network_hash: str,
    network: Network,
    settings: SolveSettings,
    result: SolveResult,
    *,
    warm_started: bool,
) -> SolveRunView:
    """Store one solve of ``network`` (stored as ``network_hash``) as every solve is
    stored: status, objective, bound, gap, solver version, settings, the plan and its
    independently evaluated KPIs.

    For solves run elsewhere (a sweep executor's worker), so their runs are found, re-used
    and shown like any other; a run under the same settings is replaced.
    """
    kpis = evaluate(network, result.plan).kpis.model_dump(mode="json") if result.plan else None
    with db.write_session() as s:
        row = put_solve_run(
            s,
            network_hash,
            settings_key(settings),
            status=str(result.status),
            objective=result.objective_eur,
            bound=result.best_bound_eur,
            gap=result.gap,
            solver_version=f"ortools {result.ortools_version}",
            plan_json=result.plan.model_dump_json() if result.plan else None,
            kpis=kpis,
            message=result.message,
            duration_s=result.seconds,
        )
        return _view(row, reused=False, warm_started=warm_started)


ADJUSTED_MIN_EUR = 1.0
"""The parent's plan adjusted like its child's counts as cheaper only by at least this."""


def parent_adjusted(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int,
    *,
    settings: SolveSettings | None = None,
) -> Evaluation | None:
    """The parent's plan as version ``n``'s re-plan would run it, when that is cheaper.

    A what-if's solve can find, away from its edit, a cheaper way to run freight the edit
    does not touch; compared with the parent's stored plan, the delta would then mix the
    edit's effect with that improvement ("more freight, cheaper"). The child's plan is
    adjusted to the parent's network only where the edit reaches (:func:`solver.adapt`:
    an LP and its repair, about a second) and evaluated independently. Returned when it
    beats the parent's best stored plan and breaks no hard rule; nothing is stored, so
    the parent's plan (live's, say) never changes under anyone's feet.
    """
    version = get_version(db, actor, scenario, n)
    if version.parent_n is None:
        return None
    child_plan = _plan_of(_stored_run(db, version.network_hash, None))
    parent = get_version(db, actor, scenario, version.parent_n)
    parent_row = _stored_run(db, parent.network_hash, None)
    if child_plan is None or parent_row is None or parent_row.objective is None:
        return None
    network = version_network(db, actor, scenario, parent.n)
    adapted = adapt(network, child_plan, settings or INTERACTIVE_SETTINGS, improve=False)
    if adapted is None:
        return None
    evaluation = evaluate(network, adapted[0])
    cost = evaluation.kpis.total_cost_eur
    if evaluation.kpis.hard_violations or cost > parent_row.objective - ADJUSTED_MIN_EUR:
        return None
    return evaluation


def replan_churn(db: Database, actor: UserRef, scenario: ScenarioRef, n: int) -> Churn | None:
    """Dispatches version ``n``'s plan changed away from its edit, against its parent's plan.

    None when the version has no parent or either side has no plan.
    """
    version = get_version(db, actor, scenario, n)
    if version.parent_n is None:
        return None
    before, parent = version_plan(db, actor, scenario, version.parent_n)
    after, child = version_plan(db, actor, scenario, n)
    if parent is None or child is None:
        return None
    return dispatch_churn(before, after, parent, child)


@lru_cache(maxsize=256)
def _evaluation(db: Database, network_hash: str, run_id: int, stamp: datetime) -> Evaluation:
    """The evaluation of one stored run's plan (cached: runs change only with their stamp)."""
    with db.session() as s:
        row = s.get(SolveRunRow, run_id)
        network = get_network(s, network_hash, db)
    plan = _plan_of(row)
    assert plan is not None
    return evaluate(network, plan)


def version_result(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    settings: SolveSettings | None = None,
) -> VersionResult:
    """The evaluation of a version's stored plan (any settings if None); no solve is started."""
    version = get_version(db, actor, scenario, n)
    row = _stored_run(db, version.network_hash, settings)
    evaluation = None
    if row is not None and row.plan is not None and row.id is not None:
        evaluation = _evaluation(db, version.network_hash, row.id, row.updated_at)
    return VersionResult(
        scenario_id=version.scenario_id,
        scenario_name=version.scenario_name,
        n=version.n,
        network_hash=version.network_hash,
        run=_view(row, reused=True, warm_started=False) if row is not None else None,
        evaluation=evaluation,
    )


def version_plan(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    settings: SolveSettings | None = None,
) -> tuple[Network, Plan | None]:
    """A version's network and its stored plan (None if not solved), e.g. for export."""
    version = get_version(db, actor, scenario, n)
    network = version_network(db, actor, scenario, version.n)
    return network, _plan_of(_stored_run(db, version.network_hash, settings))


def instant_impact(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None
) -> Evaluation | None:
    """The parent's plan evaluated on this version's network: what breaks if nobody re-plans.

    Milliseconds, no solve; None when the version has no solved parent.
    """
    version = get_version(db, actor, scenario, n)
    plan = parent_plan(db, actor, version)
    if plan is None:
        return None
    return evaluate(version_network(db, actor, scenario, version.n), plan)
