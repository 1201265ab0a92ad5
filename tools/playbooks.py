"""Contingency playbooks: the response to losing a critical hub or lane, solved in advance.

The graph analysis of live's network (:func:`solver.critical_elements`, weighted by live's
plan) names the hubs and lanes whose loss would cost most. For each, the contingencies
``hub down all week``, ``hub down on <day>`` (``days``) and ``lane closed`` are stated as
edits, and the networks they give are re-planned in advance, in parallel on the sweep
executor (:mod:`tools.executor`: a process pool, or Dask), with the effort of a question
asked in conversation and live's plan as the warm start — so the plan is the one asking
would give. Each response is stored as a scenario shared with the team (``Playbook: …``,
owned by the watcher's account) with its solve and the prepared what-if answer.

Playbooks are kept current with live: when live's head moves (a promotion), the next
refresh re-solves them against the new live version; older ones stay as history but are
no longer used. A what-if question whose edits turn live's network into exactly a
playbook's network is answered from it at once (:func:`answer_from_playbook`): the
question still becomes a version of the asker's scenario (same network, so the stored
solve is that version's too), and the answer says which playbook it came from and how
old it is.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import col, select

from solver import (
    DAY_NAMES,
    Edit,
    EditError,
    Network,
    Plan,
    SolveResult,
    SolveSettings,
    apply_edits,
    evaluate,
    solve,
)
from solver import critical_elements as graph_critical_elements
from solver.edits import CloseHub, CloseLane, parse_edits
from storage import Database, PlaybookRow, WatchStateRow, as_utc, put_solve_run, utcnow
from tools.claims import hold_key, release_key
from tools.errors import Conflict
from tools.executor import Executor, TaskOutcome, default_executor
from tools.identity import UserRef
from tools.scenarios import (
    LIVE,
    ScenarioRef,
    create_scenario,
    edit_scenario,
    free_name,
    get_scenario,
    get_version,
    share,
    version_network,
)
from tools.solving import INTERACTIVE_SETTINGS, settings_key, version_plan
from tools.watch import live_exists, watcher_user
from tools.whatif import WhatIfOutcome, ensure_scenario, outcome_of

__all__ = [
    "DEFAULT_DAYS",
    "Contingency",
    "PlaybookRefresh",
    "PlaybookTask",
    "PlaybookView",
    "age_words",
    "answer_from_playbook",
    "contingencies",
    "list_playbooks",
    "refresh_playbooks",
    "solve_playbook",
]

DEFAULT_DAYS: tuple[int | None, ...] = (None, 0, 1, 2, 3, 4)
"""A critical hub's contingencies: down all week (None), and down on each weekday."""
_LEASE_KEY = "playbooks:live"
_STATE = "playbooks"
_LEASE_S = 3600.0


class Contingency(BaseModel):
    """Losing one hub (all week or on some days) or one lane, as edits."""

    key: str
    title: str
    element_kind: str
    element_id: str
    edits: list[dict[str, Any]]


class PlaybookView(BaseModel):
    """A playbook as the channels list it."""

    id: int
    key: str
    title: str
    element_kind: str
    element_id: str
    scenario_id: int
    n: int
    url: str
    live_n: int | None
    current: bool
    solved_at: datetime
    age: str
    solve_s: float
    cost_eur: float | None
    service_level: float | None


class PlaybookRefresh(BaseModel):
    """What one refresh did."""

    refreshed: bool
    reason: str
    live_n: int | None = None
    solved: list[PlaybookView] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class PlaybookTask:
    """One contingency's network to re-plan, warm-started from live's plan."""

    network: Network
    settings: SolveSettings
    warm_start: Plan | None


def solve_playbook(task: PlaybookTask) -> SolveResult:
    """Re-plan one contingency's network (module-level, so executor workers can run it)."""
    return solve(task.network, task.settings, warm_start=task.warm_start)


def age_words(since: datetime, now: datetime | None = None) -> str:
    """How long ago, in words: '40 s', '12 min', '3 h 5 min', '2 days'."""
    seconds = max(0.0, ((now or utcnow()) - as_utc(since)).total_seconds())
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"


def _name(network: Network, kind: str, element_id: str) -> str:
    if kind == "hub":
        hub = network.hub_by_id[element_id]
        return f"{hub.name} ({element_id})"
    lane = network.lane_by_id[element_id]
    origin = network.hub_by_id[lane.origin].name
    destination = network.hub_by_id[lane.destination].name
    return f"lane {origin} → {destination} ({element_id})"


def contingencies(
    network: Network,
    plan: Plan | None,
    *,
    hubs: int = 3,
    lanes: int = 2,
    days: Sequence[int | None] = DEFAULT_DAYS,
) -> list[Contingency]:
    """The contingencies of the ``hubs`` most critical hubs (each down all week or on one
    of ``days``) and the ``lanes`` most critical lanes (closed) of ``network``."""
    flows: dict[str, float] | None = None
    if plan is not None:
        flows = {}
        for lb in plan.lane_buckets:
            if lb.lane_id in network.lane_by_id:
                flows[lb.lane_id] = flows.get(lb.lane_id, 0.0) + lb.loaded_t
    ranked = graph_critical_elements(
        network, top=len(network.hubs) + len(network.lanes), flows=flows
    )
    chosen = [e for e in ranked if e.kind == "hub"][:hubs]
    chosen += [e for e in ranked if e.kind == "lane"][:lanes]
    out: list[Contingency] = []
    for element in chosen:
        name = _name(network, element.kind, element.id)
        if element.kind == "lane":
            edit: Edit = CloseLane(lanes=(element.id,))
            out.append(
                Contingency(
                    key=f"lane:{element.id}",
                    title=f"{name[0].upper()}{name[1:]} closed",
                    element_kind="lane",
                    element_id=element.id,
                    edits=[edit.model_dump(mode="json")],
                )
            )
            continue
        for day in days:
            if day is not None and not 0 <= day < network.calendar.days:
                continue
            edit = CloseHub(hubs=(element.id,), days=None if day is None else (day,))
            when = "all week" if day is None else f"on {DAY_NAMES[day % 7]}"
            out.append(
                Contingency(
                    key=f"hub:{element.id}:{'week' if day is None else day}",
                    title=f"{name} down {when}",
                    element_kind="hub",
                    element_id=element.id,
                    edits=[edit.model_dump(mode="json")],
                )
            )
    return out


def _view(row: PlaybookRow, live_version_id: int | None, live_n: int | None) -> PlaybookView:
    assert row.id is not None
    outcome = row.outcome
    after = {c["key"]: c.get("after") for c in outcome.get("vs_live", [])}
    return PlaybookView(
        id=row.id,
        key=row.key,
        title=row.title,
        element_kind=row.element_kind,
        element_id=row.element_id,
        scenario_id=row.scenario_id,
        n=row.n,
        url=f"/scenarios/{row.scenario_id}/versions/{row.n}",
        live_n=live_n if row.live_version_id == live_version_id else None,
        current=row.live_version_id == live_version_id,
        solved_at=as_utc(row.solved_at),
        age=age_words(row.solved_at),
        solve_s=row.solve_s,
        cost_eur=after.get("total_cost_eur"),
        service_level=after.get("service_level"),
    )


def list_playbooks(
    db: Database, actor: UserRef, *, include_old: bool = False
) -> list[PlaybookView]:
    """Playbooks solved against live's head (or every one), newest first (any role)."""
    live = get_version(db, actor, LIVE)
    with db.session() as s:
        stmt = select(PlaybookRow).order_by(col(PlaybookRow.id).desc())
        if not include_old:
            stmt = stmt.where(PlaybookRow.live_version_id == live.version_id)
        rows = list(s.exec(stmt))
    return [_view(r, live.version_id, live.n) for r in rows]


def _store(
    db: Database,
    actor: UserRef,
    live_n: int,
    live_version_id: int,
    c: Contingency,
    task: PlaybookTask,
    result: SolveResult,
    settings: SolveSettings,
) -> PlaybookRow:
    """File one solved contingency as a shared scenario with its solve and its answer."""
    name = free_name(db, actor, f"Playbook: {c.title} (live v{live_n})")
    sc = create_scenario(
        db,
        actor,
        name,
        source=LIVE,
        n=live_n,
        description=f"Contingency playbook, pre-solved against live v{live_n}.",
    )
    share(db, actor, sc.id)
    version = edit_scenario(db, actor, sc.id, c.edits, message=f"Playbook: {c.title}")
    if version.network_hash != task.network.content_hash():
        raise RuntimeError(f"playbook {c.key}: the scenario's network is not the one solved")
    kpis = evaluate(task.network, result.plan).kpis.model_dump(mode="json") if result.plan else None
    with db.write_session() as s:
        put_solve_run(
            s,
            version.network_hash,
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
    outcome = outcome_of(db, actor, version, settings=settings)
    row = PlaybookRow(
        key=c.key,
        title=c.title,
        element_kind=c.element_kind,
        element_id=c.element_id,
        edits=c.edits,
        live_version_id=live_version_id,
        network_hash=version.network_hash,
        scenario_id=sc.id,
        n=version.n,
        outcome=outcome.model_dump(mode="json"),
        solve_s=round(result.seconds, 3),
        solved_at=utcnow(),
    )
    with db.write_session() as s:
        s.add(row)
    return row


def refresh_playbooks(
    db: Database,
    *,
    hubs: int = 3,
    lanes: int = 2,
    days: Sequence[int | None] = DEFAULT_DAYS,
    settings: SolveSettings | None = None,
    executor: Executor | None = None,
    owner: str | None = None,
    force: bool = False,
) -> PlaybookRefresh:
    """Solve the playbooks live's head lacks (all of them after live moved), on ``executor``.

    One process refreshes at a time (a claim in the database), and the live version last
    refreshed for is kept in the schedule (``watch_state`` row ``playbooks``): a call
    while another refreshes, or for a live version done already (unless ``force``),
    returns at once. Needs live's plan (for the critical elements and the warm start):
    without one nothing is done, and the next call tries again.
    """
    start = time.perf_counter()
    settings = settings or INTERACTIVE_SETTINGS
    owner = owner or uuid.uuid4().hex
    if not live_exists(db):
        return PlaybookRefresh(refreshed=False, reason="there is no live network yet")
    if not hold_key(db, _LEASE_KEY, owner, ttl_s=_LEASE_S):
        return PlaybookRefresh(refreshed=False, reason="another process is refreshing")
    try:
        actor = watcher_user(db)
        live = get_version(db, actor, LIVE)
        marker = f"live={live.version_id}"
        with db.session() as s:
            state = s.get(WatchStateRow, _STATE)
        if not force and state is not None and state.inputs == marker:
            return PlaybookRefresh(
                refreshed=False, reason="every playbook is current", live_n=live.n
            )
        network, plan = version_plan(db, actor, LIVE, live.n)
        if plan is None:
            return PlaybookRefresh(refreshed=False, reason="live has no plan yet", live_n=live.n)
        with db.session() as s:
            done = set(
                s.exec(
                    select(PlaybookRow.key).where(PlaybookRow.live_version_id == live.version_id)
                )
            )
        todo: list[tuple[Contingency, PlaybookTask]] = []
        failed: list[str] = []
        for c in contingencies(network, plan, hubs=hubs, lanes=lanes, days=days):
            if c.key in done:
                continue
            try:
                edited = apply_edits(network, parse_edits(c.edits))
            except EditError as exc:  # e.g. the hub is closed that day already
                failed.append(f"{c.title}: {exc}")
                continue
            todo.append((c, PlaybookTask(edited, settings, plan)))
        outcomes = _run([t for _, t in todo], executor) if todo else []
        solved: list[PlaybookView] = []
        for (c, task), outcome in zip(todo, outcomes, strict=True):
            if outcome.result is None or outcome.result.plan is None:
                failed.append(f"{c.title}: {outcome.error or 'no plan'}")
                continue
            try:
                row = _store(db, actor, live.n, live.version_id, c, task, outcome.result, settings)
            except Conflict as exc:  # live moved meanwhile: the next refresh redoes it
                failed.append(f"{c.title}: {exc}")
                continue
            solved.append(_view(row, live.version_id, live.n))
        with db.write_session() as s:
            state = s.get(WatchStateRow, _STATE) or WatchStateRow(name=_STATE)
            state.inputs = marker
            state.evaluated_at = utcnow()
            state.evaluated_by = owner[:255]
            state.outcome = f"{len(solved)} solved, {len(failed)} failed"
            s.add(state)
        return PlaybookRefresh(
            refreshed=bool(solved),
            reason=f"{len(solved)} playbook(s) solved against live v{live.n}",
            live_n=live.n,
            solved=solved,
            failed=failed,
            seconds=round(time.perf_counter() - start, 3),
        )
    finally:
        release_key(db, _LEASE_KEY, owner)


def _run(tasks: list[PlaybookTask], executor: Executor | None) -> list[TaskOutcome[SolveResult]]:
    if executor is not None:
        return executor.map(solve_playbook, tasks)
    with default_executor() as ex:
        return ex.map(solve_playbook, tasks)


def answer_from_playbook(
    db: Database,
    actor: UserRef,
    edits: Sequence[Edit | Mapping[str, Any]],
    *,
    scenario: ScenarioRef | None = None,
    message: str = "",
) -> WhatIfOutcome | None:
    """The what-if answer from a current playbook, or None when no playbook fits.

    A playbook fits when the question starts from live (``scenario`` is None, live, or a
    scenario whose head is live's network) and its edits turn live's network into exactly
    the playbook's. The edits then become a version of the asker's scenario as any
    question's do; its answer is the playbook's, under the asker's version, saying which
    playbook it came from and how old it is.
    """
    live = get_version(db, actor, LIVE)
    if scenario is not None:
        current = get_scenario(db, actor, scenario)
        if not current.is_live and current.network_hash != live.network_hash:
            return None
    try:
        parsed = parse_edits(
            [e if isinstance(e, Mapping) else e.model_dump(mode="json") for e in edits]
        )
        wanted = apply_edits(version_network(db, actor, LIVE, live.n), parsed)
    except EditError:
        return None  # the normal path reports the error in its own words
    with db.session() as s:
        row = s.exec(
            select(PlaybookRow)
            .where(PlaybookRow.live_version_id == live.version_id)
            .where(PlaybookRow.network_hash == wanted.content_hash())
            .order_by(col(PlaybookRow.id).desc())
        ).first()
    if row is None:
        return None
    sc = ensure_scenario(db, actor, scenario, message=message)
    version = edit_scenario(db, actor, sc.id, edits, message=message)
    if version.network_hash != row.network_hash:  # someone moved the scenario meanwhile
        return outcome_of(db, actor, version)
    stored = WhatIfOutcome.model_validate(row.outcome)
    note = (
        f"Answered from the contingency playbook “{row.title}”, solved {age_words(row.solved_at)} "
        f"ago against live v{live.n}, which is still live's head."
    )
    return stored.model_copy(
        update={
            "scenario_id": version.scenario_id,
            "scenario_name": version.scenario_name,
            "version": version.n,
            "parent_version": version.parent_n,
            "url": version.url,
            "edits": list(version.descriptions),
            "rebased": version.rebased,
            "playbook": note,
            "playbook_url": f"/scenarios/{row.scenario_id}/versions/{row.n}",
        }
    )
