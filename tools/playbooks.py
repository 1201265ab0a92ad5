"""Contingency playbooks: the response to losing a critical hub or lane, solved in advance.

The graph analysis of live's network (:func:`solver.critical_elements`, weighted by live's
plan) names the hubs and lanes whose loss would cost most. For each, the contingencies
``hub down all week``, ``hub down on <day>`` (``days``) and ``lane closed`` are stated as
edits, and the networks they give are re-planned in advance, in parallel on the sweep
executor (:mod:`tools.executor`: a process pool, or Dask), with the effort of a question
asked in conversation and live's plan as the warm start — so the plan is the one asking
would give. Each response is stored as a scenario shared with the team (``Playbook: …``,
owned by the watcher's account) with its solve and the prepared what-if answer.

The solves run on the executor's workers, but are stored as every solve is
(:func:`tools.solving.record_solve`), so a playbook's version shows its solver, settings,
status and gap like any version, and its answer carries the same status words and
warnings as any answer.

Playbooks are kept current with live: when live's head moves (a promotion), the next
refresh re-solves them against the new live version and the new playbook takes the old
one's role (the old one is marked superseded and stays as history); a refresh of an
unchanged live solves nothing and says so. The latest refresh of each contingency is
kept (under way, solved, or failed and why), so the playbooks page tells current, stale,
refreshing and failed apart. A what-if question whose edits turn live's network into
exactly a playbook's network is answered from it at once (:func:`answer_from_playbook`):
the question still becomes a version of the asker's scenario (same network, so the
stored solve is that version's too), and the answer says which playbook it came from
and how old it is. A question a stale playbook (solved against an earlier live) would
have answered is re-planned now, says so, and queues the playbooks' refresh.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from concurrent import futures
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import update
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
    solve,
)
from solver import critical_elements as graph_critical_elements
from solver.edits import CloseHub, CloseLane, parse_edits
from storage import (
    ClaimRow,
    Database,
    PlaybookAttemptRow,
    PlaybookAttemptState,
    PlaybookRow,
    Role,
    VersionRow,
    WatchStateRow,
    as_utc,
    record_audit,
    utcnow,
)
from tools.access import require_role
from tools.claims import hold_key, kept_key, release_key
from tools.errors import Conflict
from tools.executor import Executor, TaskOutcome, default_executor
from tools.identity import UserRef, load_actor
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
from tools.solving import INTERACTIVE_SETTINGS, record_solve, version_plan, version_result
from tools.watch import live_exists, watcher_user
from tools.whatif import ProgressFn, WhatIfOutcome, ensure_scenario, outcome_of

__all__ = [
    "DEFAULT_DAYS",
    "Contingency",
    "PlaybookBoard",
    "PlaybookEntry",
    "PlaybookRefresh",
    "PlaybookTask",
    "PlaybookView",
    "RefreshStart",
    "age_words",
    "answer_from_playbook",
    "contingencies",
    "list_playbooks",
    "playbook_board",
    "refresh_playbooks",
    "request_playbook_refresh",
    "solve_playbook",
    "start_playbook_refresh",
]

log = logging.getLogger(__name__)

DEFAULT_DAYS: tuple[int | None, ...] = (None, 0, 1, 2, 3, 4)
"""A critical hub's contingencies: down all week (None), and down on each weekday."""
_LEASE_KEY = "playbooks:live"
_STATE = "playbooks"
_LEASE_S = 120.0
"""The refresh's claim, renewed while it runs: a process that dies frees it within this."""


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
    cost_vs_live_eur: float | None = None
    """The playbook's cost per week minus live's (same live version it was solved for)."""
    service_vs_live: float | None = None
    """The playbook's on-time share minus live's."""
    quality: str | None = None
    """Its solve's status and gap in a planner's words, as any answer says them."""
    warnings: list[str] = Field(default_factory=list)
    """Reasons not to act on its plan (unfinished, unproven, broken ...)."""
    superseded: bool = False
    """A newer playbook of the same contingency took its role (kept as history)."""
    status: str = "current"
    """current, stale (live moved since it was solved) or superseded."""


class PlaybookEntry(BaseModel):
    """One contingency on the playbooks page: its playbook (if any) and where it stands."""

    key: str
    title: str
    element_kind: str
    element_id: str
    status: str = Field(description="current, stale, refreshing or failed.")
    words: str = Field(description="The status in a sentence (with the reason of a failure).")
    playbook: PlaybookView | None


class PlaybookBoard(BaseModel):
    """Every contingency with a playbook role, and what the last refresh did."""

    live_n: int | None
    refreshing: bool
    requested: bool
    last_refresh: str
    last_refresh_at: datetime | None
    entries: list[PlaybookEntry]


class RefreshStart(BaseModel):
    """What asking for a refresh did: ``started``, ``current`` (nothing to do), ``running``
    (one under way already) or ``no-plan`` (live is not solved yet), in a sentence."""

    state: str
    words: str


class PlaybookRefresh(BaseModel):
    """What one refresh did."""

    refreshed: bool
    reason: str
    live_n: int | None = None
    solved: list[PlaybookView] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
    superseded: int = 0
    """Playbooks of earlier live versions whose element is no longer critical, retired."""
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


def _kpi(outcome: Mapping[str, Any], key: str, field: str) -> float | None:
    for change in outcome.get("vs_live", []):
        if change.get("key") == key:
            value = change.get(field)
            return float(value) if value is not None else None
    return None


def _view(row: PlaybookRow, live_version_id: int | None, live_n: int | None) -> PlaybookView:
    assert row.id is not None
    outcome = row.outcome
    current = row.live_version_id == live_version_id
    run = outcome.get("run") or {}
    return PlaybookView(
        id=row.id,
        key=row.key,
        title=row.title,
        element_kind=row.element_kind,
        element_id=row.element_id,
        scenario_id=row.scenario_id,
        n=row.n,
        url=f"/scenarios/{row.scenario_id}/versions/{row.n}",
        live_n=live_n if current else None,
        current=current,
        solved_at=as_utc(row.solved_at),
        age=age_words(row.solved_at),
        solve_s=row.solve_s,
        cost_eur=_kpi(outcome, "total_cost_eur", "after"),
        service_level=_kpi(outcome, "service_level", "after"),
        cost_vs_live_eur=_kpi(outcome, "total_cost_eur", "delta"),
        service_vs_live=_kpi(outcome, "service_level", "delta"),
        quality=run.get("quality"),
        warnings=list(outcome.get("warnings", [])),
        superseded=row.superseded_at is not None,
        status="superseded" if row.superseded_at else "current" if current else "stale",
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


def _refreshing(db: Database) -> bool:
    """Whether a process holds the refresh's claim now."""
    with db.session() as s:
        claim = s.get(ClaimRow, _LEASE_KEY)
    return claim is not None and as_utc(claim.expires_at) > utcnow()


def _requested(state: WatchStateRow | None) -> bool:
    return state is not None and state.next_due_at is not None


def playbook_board(db: Database, actor: UserRef) -> PlaybookBoard:
    """Each contingency holding a playbook role (or whose first refresh is under way or
    failed), by element, with its status against live's head (any role)."""
    live = get_version(db, actor, LIVE)
    running = _refreshing(db)
    with db.session() as s:
        rows = list(
            s.exec(
                select(PlaybookRow)
                .where(col(PlaybookRow.superseded_at).is_(None))
                .order_by(col(PlaybookRow.id))
            )
        )
        attempts = {a.key: a for a in s.exec(select(PlaybookAttemptRow))}
        state = s.get(WatchStateRow, _STATE)
    holders: dict[str, PlaybookRow] = {}
    for row in rows:  # oldest first: the newest holder of a key wins
        holders[row.key] = row
    keys = list(holders) + [  # live's contingencies whose first refresh runs or failed
        k
        for k, a in attempts.items()
        if k not in holders
        and a.live_version_id == live.version_id
        and a.state != PlaybookAttemptState.SOLVED
    ]
    entries = []
    for key in keys:
        holder = holders.get(key)
        attempt = attempts.get(key)
        view = _view(holder, live.version_id, live.n) if holder is not None else None
        status, words = _status(view, attempt, live.version_id, live.n, running)
        source = holder if holder is not None else attempt
        assert source is not None
        entries.append(
            PlaybookEntry(
                key=key,
                title=source.title,
                element_kind=source.element_kind,
                element_id=source.element_id,
                status=status,
                words=words,
                playbook=view,
            )
        )
    entries.sort(key=lambda e: (e.element_kind != "hub", e.element_id, e.key))
    return PlaybookBoard(
        live_n=live.n,
        refreshing=running,
        requested=_requested(state),
        last_refresh=state.outcome if state is not None else "",
        last_refresh_at=as_utc(state.evaluated_at) if state and state.evaluated_at else None,
        entries=entries,
    )


def _status(
    view: PlaybookView | None,
    attempt: PlaybookAttemptRow | None,
    live_version_id: int,
    live_n: int,
    running: bool,
) -> tuple[str, str]:
    """A contingency's status and its sentence, from its playbook and its latest refresh."""
    for_live = attempt is not None and attempt.live_version_id == live_version_id
    if attempt is not None and attempt.state == PlaybookAttemptState.REFRESHING:
        if running:
            return "refreshing", f"being solved against live v{live_n} now"
        if for_live:
            return "failed", "its refresh stopped before it finished (the process ended)"
    if for_live and attempt is not None and attempt.state == PlaybookAttemptState.FAILED:
        return "failed", f"not solved against live v{live_n}: {attempt.reason}"
    if view is None:
        return "failed", "never solved"
    if view.current:
        return "current", f"solved {view.age} ago against live v{live_n}, still live's head"
    return "stale", f"solved {view.age} ago against an earlier live; live is now v{live_n}"


def request_playbook_refresh(db: Database, actor: UserRef) -> None:
    """Queue a refresh of the playbooks (planners): the next refresh runs even when live
    has not moved, and retries those that failed."""
    with db.write_session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.PLANNER, "refreshing playbooks")
        state = s.get(WatchStateRow, _STATE) or WatchStateRow(name=_STATE)
        if state.next_due_at is None:
            state.next_due_at = utcnow()
            s.add(state)
        assert me.id is not None
        record_audit(s, me.id, "playbooks.refresh", "playbooks", {})


def start_playbook_refresh(
    db: Database,
    actor: UserRef,
    workers: futures.Executor,
    *,
    hubs: int = 3,
    lanes: int = 2,
    days: Sequence[int | None] = DEFAULT_DAYS,
) -> RefreshStart:
    """Planner: queue a refresh of the playbooks on ``workers`` (the server's solve workers,
    so it waits its turn behind solves instead of taking a core of its own), unless every
    one is current (then nothing is queued, and the answer says so) or a refresh is under
    way."""
    with db.session() as s:
        require_role(load_actor(s, actor), Role.PLANNER, "refreshing playbooks")
    live = get_version(db, actor, LIVE)
    if _refreshing(db):
        return RefreshStart(state="running", words="A refresh is under way already.")
    pending = _pending(db, actor, hubs=hubs, lanes=lanes, days=days)
    if isinstance(pending, str):
        return RefreshStart(state="no-plan", words=f"Nothing refreshed: {pending}.")
    if not pending[2]:
        return RefreshStart(
            state="current",
            words=f"Nothing to refresh: every playbook is current against live v{live.n}.",
        )
    request_playbook_refresh(db, actor)
    workers.submit(_refresh_in_background, db, hubs, lanes, tuple(days))
    return RefreshStart(
        state="started",
        words=f"Refreshing {len(pending[2])} playbook(s) against live v{live.n}.",
    )


def _refresh_in_background(
    db: Database, hubs: int, lanes: int, days: tuple[int | None, ...]
) -> None:
    try:
        refresh_playbooks(db, hubs=hubs, lanes=lanes, days=days)
    except Exception:  # the page shows the attempts; the log has the rest
        log.exception("refreshing the playbooks failed")


def _pending(
    db: Database,
    actor: UserRef,
    *,
    hubs: int,
    lanes: int,
    days: Sequence[int | None],
    settings: SolveSettings | None = None,
) -> (
    str
    | tuple[
        list[Contingency],
        list[tuple[Contingency, str]],
        list[tuple[Contingency, PlaybookTask]],
    ]
):
    """Live's contingencies, those that cannot be stated, and those lacking a playbook for
    live's head (with their task); or why there are none (no plan yet)."""
    live = get_version(db, actor, LIVE)
    network, plan = version_plan(db, actor, LIVE, live.n)
    if plan is None:
        return "live has no plan yet"
    with db.session() as s:
        done = set(
            s.exec(select(PlaybookRow.key).where(PlaybookRow.live_version_id == live.version_id))
        )
    chosen = contingencies(network, plan, hubs=hubs, lanes=lanes, days=days)
    todo: list[tuple[Contingency, PlaybookTask]] = []
    failed: list[tuple[Contingency, str]] = []
    for c in chosen:
        if c.key in done:
            continue
        try:
            edited = apply_edits(network, parse_edits(c.edits))
        except EditError as exc:  # e.g. the hub is closed that day already
            failed.append((c, str(exc)))
            continue
        todo.append((c, PlaybookTask(edited, settings or INTERACTIVE_SETTINGS, plan)))
    return chosen, failed, todo


def _attempt(
    db: Database,
    c: Contingency,
    live_version_id: int,
    state: str,
    reason: str = "",
    playbook_id: int | None = None,
) -> None:
    """Record the latest refresh of one contingency."""
    now = utcnow()
    with db.write_session() as s:
        row = s.get(PlaybookAttemptRow, c.key) or PlaybookAttemptRow(
            key=c.key, element_kind=c.element_kind, element_id=c.element_id, live_version_id=0
        )
        row.title = c.title
        row.element_kind = c.element_kind
        row.element_id = c.element_id
        row.live_version_id = live_version_id
        row.state = state
        row.reason = reason
        row.playbook_id = playbook_id
        if state == PlaybookAttemptState.REFRESHING:
            row.started_at, row.finished_at = now, None
        else:
            row.finished_at = now
        s.add(row)


def _store(
    db: Database,
    actor: UserRef,
    live_n: int,
    live_version_id: int,
    c: Contingency,
    task: PlaybookTask,
    result: SolveResult,
) -> PlaybookRow:
    """File one solved contingency as a shared scenario with its solve and its answer; the
    playbooks of the same contingency before it are marked superseded by it."""
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
    record_solve(
        db,
        version.network_hash,
        task.network,
        task.settings,
        result,
        warm_started=task.warm_start is not None,
    )
    outcome = outcome_of(db, actor, version, settings=task.settings)
    now = utcnow()
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
        solved_at=now,
    )
    with db.write_session() as s:
        s.add(row)
        s.flush()
        s.execute(
            update(PlaybookRow)
            .where(col(PlaybookRow.key) == c.key)
            .where(col(PlaybookRow.id) != row.id)
            .where(col(PlaybookRow.superseded_at).is_(None))
            .values(superseded_at=now, superseded_by_id=row.id)
        )
    return row


def _retire(db: Database, keys: set[str], live_version_id: int) -> int:
    """Mark superseded the playbooks of earlier live versions whose element is no longer
    among live's critical ones (no successor); the number marked."""
    with db.write_session() as s:
        result = s.execute(
            update(PlaybookRow)
            .where(col(PlaybookRow.key).not_in(keys))
            .where(col(PlaybookRow.live_version_id) != live_version_id)
            .where(col(PlaybookRow.superseded_at).is_(None))
            .values(superseded_at=utcnow())
        )
    return int(getattr(result, "rowcount", 0) or 0)


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

    One process refreshes at a time (a claim in the database, renewed while the refresh
    runs: a process that dies mid-refresh frees it within ``_LEASE_S``, and its queued
    request is then taken up by the next watcher's call), and the live version last
    refreshed for is kept in the schedule (``watch_state`` row ``playbooks``): a call
    while another refreshes, or for a live version done already (unless ``force`` or a
    queued request), returns at once and says so; so does one that finds every playbook
    current. Each new playbook takes the role of the one before it (marked superseded);
    those of elements no longer critical are marked superseded too. Needs live's plan
    (for the critical elements and the warm start): without one nothing is done, and
    the next call tries again.
    """
    start = time.perf_counter()
    owner = owner or uuid.uuid4().hex
    if not live_exists(db):
        return PlaybookRefresh(refreshed=False, reason="there is no live network yet")
    if not hold_key(db, _LEASE_KEY, owner, ttl_s=_LEASE_S):
        return PlaybookRefresh(refreshed=False, reason="another process is refreshing")
    try:
        with kept_key(db, _LEASE_KEY, owner, ttl_s=_LEASE_S):
            return _refresh_held(
                db,
                owner,
                start,
                hubs=hubs,
                lanes=lanes,
                days=days,
                settings=settings,
                executor=executor,
                force=force,
            )
    finally:
        release_key(db, _LEASE_KEY, owner)


def _refresh_held(
    db: Database,
    owner: str,
    start: float,
    *,
    hubs: int,
    lanes: int,
    days: Sequence[int | None],
    settings: SolveSettings | None,
    executor: Executor | None,
    force: bool,
) -> PlaybookRefresh:
    """:func:`refresh_playbooks`' work, while ``owner`` holds the refresh's claim."""
    actor = watcher_user(db)
    live = get_version(db, actor, LIVE)
    marker = f"live={live.version_id}"
    with db.session() as s:
        state = s.get(WatchStateRow, _STATE)
    current = f"every playbook is current against live v{live.n}: nothing to refresh"
    if not force and not _requested(state) and state is not None and state.inputs == marker:
        failures = _failures(db, live.version_id)
        reason = (
            f"nothing new since the last refresh against live v{live.n}, where "
            f"{failures} playbook(s) failed (refresh again to retry them)"
            if failures
            else current
        )
        return PlaybookRefresh(refreshed=False, reason=reason, live_n=live.n)
    pending = _pending(db, actor, hubs=hubs, lanes=lanes, days=days, settings=settings)
    if isinstance(pending, str):
        return PlaybookRefresh(refreshed=False, reason=pending, live_n=live.n)
    chosen, unstated, todo = pending
    failed = [f"{c.title}: {reason}" for c, reason in unstated]
    for c, reason in unstated:
        _attempt(db, c, live.version_id, PlaybookAttemptState.FAILED, reason)
    for c, _ in todo:
        _attempt(db, c, live.version_id, PlaybookAttemptState.REFRESHING)
    outcomes = _run([t for _, t in todo], executor) if todo else []
    solved: list[PlaybookView] = []
    for (c, task), outcome in zip(todo, outcomes, strict=True):
        if outcome.result is None or outcome.result.plan is None:
            reason = str(outcome.error or "the solve found no plan")
            failed.append(f"{c.title}: {reason}")
            _attempt(db, c, live.version_id, PlaybookAttemptState.FAILED, reason)
            continue
        try:
            row = _store(db, actor, live.n, live.version_id, c, task, outcome.result)
        except Conflict as exc:  # live moved meanwhile: the next refresh redoes it
            failed.append(f"{c.title}: {exc}")
            _attempt(db, c, live.version_id, PlaybookAttemptState.FAILED, str(exc))
            continue
        _attempt(db, c, live.version_id, PlaybookAttemptState.SOLVED, playbook_id=row.id)
        solved.append(_view(row, live.version_id, live.n))
    retired = _retire(db, {c.key for c in chosen}, live.version_id)
    with db.write_session() as s:
        state = s.get(WatchStateRow, _STATE) or WatchStateRow(name=_STATE)
        state.inputs = marker
        state.evaluated_at = utcnow()
        state.next_due_at = None
        state.evaluated_by = owner[:255]
        state.outcome = (
            f"{len(solved)} solved, {len(failed)} failed against live v{live.n}"
            if todo or failed
            else current
        )
        s.add(state)
    return PlaybookRefresh(
        refreshed=bool(solved),
        reason=(
            f"{len(solved)} playbook(s) solved against live v{live.n}"
            if todo or failed
            else current
        ),
        live_n=live.n,
        solved=solved,
        failed=failed,
        superseded=retired,
        seconds=round(time.perf_counter() - start, 3),
    )


def _failures(db: Database, live_version_id: int) -> int:
    """How many contingencies' latest refresh against this live version failed."""
    with db.session() as s:
        return len(
            list(
                s.exec(
                    select(PlaybookAttemptRow.key)
                    .where(PlaybookAttemptRow.live_version_id == live_version_id)
                    .where(PlaybookAttemptRow.state == PlaybookAttemptState.FAILED)
                )
            )
        )


def _run(tasks: list[PlaybookTask], executor: Executor | None) -> list[TaskOutcome[SolveResult]]:
    if executor is not None:
        return executor.map(solve_playbook, tasks)
    with default_executor() as ex:
        return ex.map(solve_playbook, tasks)


def _stale_match(
    db: Database, live_version_id: int, live_network: Network, wanted_hash: str
) -> PlaybookRow | None:
    """The playbook role holder of an earlier live whose contingency, stated on live's
    head, gives ``wanted_hash``: the question it would have answered."""
    with db.session() as s:
        rows = list(
            s.exec(
                select(PlaybookRow)
                .where(col(PlaybookRow.superseded_at).is_(None))
                .where(PlaybookRow.live_version_id != live_version_id)
                .order_by(col(PlaybookRow.id).desc())
            )
        )
    for row in rows:
        try:
            if apply_edits(live_network, parse_edits(row.edits)).content_hash() == wanted_hash:
                return row
        except EditError:  # the contingency cannot be stated on the new live
            continue
    return None


def _version_n(db: Database, version_id: int) -> int | None:
    """The number of the version with id ``version_id`` in its scenario (live's here)."""
    with db.session() as s:
        row = s.get(VersionRow, version_id)
    return row.n if row is not None else None


def _queue_refresh_words(db: Database, actor: UserRef, live_n: int) -> str:
    """Queue the playbooks' refresh (if not under way) and say so."""
    if _refreshing(db):
        return f"Its refresh against live v{live_n} is under way."
    with db.write_session() as s:
        state = s.get(WatchStateRow, _STATE) or WatchStateRow(name=_STATE)
        if state.next_due_at is None:
            state.next_due_at = utcnow()
            s.add(state)
    return (
        f"A refresh of the playbooks against live v{live_n} is queued "
        "(the server's watcher runs it; `lanewise playbooks refresh` runs it now)."
    )


def answer_from_playbook(
    db: Database,
    actor: UserRef,
    edits: Sequence[Edit | Mapping[str, Any]],
    *,
    scenario: ScenarioRef | None = None,
    message: str = "",
    settings: SolveSettings | None = None,
    progress: ProgressFn | None = None,
) -> WhatIfOutcome | None:
    """The what-if answer from a playbook, or None when no playbook fits.

    A playbook fits when the question starts from live (``scenario`` is None, live, or a
    scenario whose head is live's network) and its edits turn live's network into exactly
    the playbook's. The edits then become a version of the asker's scenario as any
    question's do; its answer is the playbook's, under the asker's version, with the
    run's status words and warnings as stored now, saying which playbook it came from
    and how old it is. A playbook of an earlier live that fits the question stated on
    live's head is stale: the question is re-planned now (``settings``, ``progress``),
    the answer says so, and a refresh of the playbooks is queued.
    """
    live = get_version(db, actor, LIVE)
    if scenario is not None:
        current = get_scenario(db, actor, scenario)
        if not current.is_live and current.network_hash != live.network_hash:
            return None
    live_network = version_network(db, actor, LIVE, live.n)
    try:
        parsed = parse_edits(
            [e if isinstance(e, Mapping) else e.model_dump(mode="json") for e in edits]
        )
        wanted = apply_edits(live_network, parsed).content_hash()
    except EditError:
        return None  # the normal path reports the error in its own words
    with db.session() as s:
        row = s.exec(
            select(PlaybookRow)
            .where(PlaybookRow.live_version_id == live.version_id)
            .where(PlaybookRow.network_hash == wanted)
            .order_by(col(PlaybookRow.id).desc())
        ).first()
    stale = None if row is not None else _stale_match(db, live.version_id, live_network, wanted)
    if row is None and stale is None:
        return None
    sc = ensure_scenario(db, actor, scenario, message=message)
    version = edit_scenario(db, actor, sc.id, edits, message=message)
    holder = row or stale
    assert holder is not None
    link = {"playbook_url": f"/scenarios/{holder.scenario_id}/versions/{holder.n}"}
    if stale is not None or version.network_hash != wanted:
        fresh = outcome_of(db, actor, version, settings=settings, progress=progress)
        if stale is None:  # someone moved the scenario meanwhile: not the playbook's question
            return fresh
        then = _version_n(db, stale.live_version_id)
        note = (
            f"The contingency playbook “{stale.title}” was solved {age_words(stale.solved_at)} "
            f"ago against live {f'v{then}' if then else 'an earlier version'}; live has "
            f"changed since (now v{live.n}), so this was re-planned now. "
            + _queue_refresh_words(db, actor, live.n)
        )
        return fresh.model_copy(update={"playbook": note, **link})
    assert row is not None
    stored = WhatIfOutcome.model_validate(row.outcome)
    now = version_result(db, actor, version.scenario_id, version.n)
    if now.run is None or (now.run.objective_eur, now.run.status) != (
        stored.run.objective_eur,
        stored.run.status,
    ):  # the run was improved since the playbook's answer was prepared: answer from it
        stored = outcome_of(db, actor, version, settings=settings, progress=progress)
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
            **link,
        }
    )
