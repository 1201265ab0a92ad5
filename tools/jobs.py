"""Solves as jobs: submit a version's solve, run it in a worker, poll its progress, cancel it.

Job state lives in the database (``storage.jobs``), so whichever process serves the poll
sees the job another process started. A job for the same version and settings that is
still queued or running is returned instead of starting a second one.

Cancelling marks the job cancelled at once; a solve already running in a worker goes on
to its time limit, but its outcome is not attached to the job (the solve run itself is
still stored and reused by later solves of the same network and settings).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlmodel import col, select

from solver import SolveProgress, SolveSettings
from storage import (
    ACTIVE_JOB_STATES,
    Database,
    JobState,
    Role,
    ScenarioRow,
    SolveJobRow,
    UserRow,
    active_job_for,
    as_utc,
    cancel_job,
    finish_job,
    list_jobs,
    new_job,
    set_job_progress,
    start_job,
    touch_job,
    utcnow,
    worker_gone,
)
from tools.access import can_see, require_role
from tools.errors import NotFound, PermissionDenied
from tools.identity import UserRef, load_actor, user_ref
from tools.scenarios import ScenarioRef, get_scenario, get_version
from tools.solving import (
    INTERACTIVE_SETTINGS,
    PLANNING_SETTINGS,
    SolveRunView,
    settings_key,
    solve_version,
)

__all__ = [
    "PROGRESS_INTERVAL_S",
    "JobState",
    "SolveJobView",
    "await_full_effort_solves",
    "cancel_solve_job",
    "fail_dead_jobs",
    "get_solve_job",
    "list_solve_jobs",
    "queued_solve_jobs",
    "run_solve_job",
    "submit_solve_job",
]

PROGRESS_INTERVAL_S = 0.5
"""Progress reports are written at most this often (the last one always)."""

STALE_GRACE_S = 300.0
"""A running job whose solve should have ended this long ago is reported as failed."""
HEARTBEAT_S = 5.0
"""A worker running a job shows it is alive this often (the job's ``updated_at``)."""
DEAD_AFTER_S = 30.0
"""A running job with no sign of life for this long lost its worker (the server stopped)."""
_DEAD_WORKER = (
    "the worker stopped before the solve finished (its server process exited, or showed "
    f"no sign of life for {DEAD_AFTER_S:.0f} s); solve again"
)


QUEUED_WAIT_S = 30.0
"""A full-effort job that no worker has taken up this long after it was queued is not
waited for (a process that queues jobs without running them)."""
AWAITING_PHASE = "awaiting"
"""The progress phase of a question waiting for a full-effort plan of what it compares with."""


class SolveJobView(BaseModel):
    """A solve job as the channels show it: state, latest progress, outcome."""

    id: str
    scenario_id: int
    scenario_name: str
    n: int
    network_hash: str
    author: str
    status: JobState
    settings: dict[str, Any]
    progress: SolveProgress | None
    run: SolveRunView | None
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    version_url: str

    @property
    def done(self) -> bool:
        """Whether the job has reached a final state."""
        return self.status.value not in ACTIVE_JOB_STATES


def _view(row: SolveJobRow, scenario_name: str, author: str) -> SolveJobView:
    return SolveJobView(
        id=row.id,
        scenario_id=row.scenario_id,
        scenario_name=scenario_name,
        n=row.n,
        network_hash=row.network_hash,
        author=author,
        status=JobState(row.status),
        settings=dict(row.settings),
        progress=SolveProgress.model_validate(row.progress) if row.progress else None,
        run=SolveRunView.model_validate(row.result) if row.result else None,
        error=row.error,
        created_at=as_utc(row.created_at),
        started_at=as_utc(row.started_at) if row.started_at else None,
        finished_at=as_utc(row.finished_at) if row.finished_at else None,
        version_url=f"/scenarios/{row.scenario_id}/versions/{row.n}",
    )


def _is_dead(row: SolveJobRow) -> bool:
    """A running job whose worker exited or shows no sign of life, or whose time limit
    passed long ago."""
    if row.status != JobState.RUNNING.value or row.started_at is None:
        return False
    if worker_gone(row.worker):
        return True
    now = utcnow()
    if now - as_utc(row.updated_at) > timedelta(seconds=DEAD_AFTER_S):
        return True
    limit = float(row.settings.get("time_limit_s", INTERACTIVE_SETTINGS.time_limit_s))
    return now > as_utc(row.started_at) + timedelta(seconds=limit + STALE_GRACE_S)


def _expire_if_stale(db: Database, row: SolveJobRow) -> bool:
    """Fail a running job whose worker must have stopped; True if it was failed now."""
    if not _is_dead(row):
        return False
    with db.write_session() as s:
        return finish_job(s, row.id, JobState.FAILED, error=_DEAD_WORKER)


def fail_dead_jobs(db: Database) -> list[str]:
    """Fail every running job whose worker stopped (for a server that starts); their ids.

    Jobs of live workers elsewhere (other processes, other machines) keep running: their
    workers show they are alive every HEARTBEAT_S seconds.
    """
    with db.session() as s:
        rows = list(s.exec(select(SolveJobRow).where(SolveJobRow.status == JobState.RUNNING)))
    return [row.id for row in rows if _expire_if_stale(db, row)]


class _Heartbeat:
    """Moves a running job's ``updated_at`` every HEARTBEAT_S seconds until stopped."""

    def __init__(self, db: Database, job_id: str, interval_s: float = HEARTBEAT_S) -> None:
        self.db = db
        self.job_id = job_id
        self.interval_s = interval_s
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="lanewise-job-heartbeat", daemon=True)

    def _run(self) -> None:
        while not self.stopped.wait(self.interval_s):
            try:
                with self.db.write_session() as s:
                    if not touch_job(s, self.job_id):
                        return  # finished or cancelled
            except Exception:  # a busy database must not end the solve; try again later
                continue

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()


def _load(db: Database, actor: UserRef, job_id: str) -> tuple[SolveJobRow, UserRow]:
    """The job if the actor can see its scenario (NotFound otherwise, as for scenarios)."""
    with db.session() as s:
        me = load_actor(s, actor)
        row = s.get(SolveJobRow, job_id)
        sc = s.get(ScenarioRow, row.scenario_id) if row is not None else None
        if row is None or sc is None or not can_see(me, sc):
            raise NotFound(f"no solve job {job_id!r}")
    if _expire_if_stale(db, row):
        with db.session() as s:
            fresh = s.get(SolveJobRow, job_id)
            assert fresh is not None
            row = fresh
    return row, me


def _present(db: Database, row: SolveJobRow) -> SolveJobView:
    with db.session() as s:
        sc = s.get(ScenarioRow, row.scenario_id)
        author = s.get(UserRow, row.user_id)
        return _view(row, sc.name if sc else "?", author.name if author else "?")


def submit_solve_job(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    settings: SolveSettings | None = None,
) -> SolveJobView:
    """Planner: queue a solve of version ``n`` (head if None); returns the job to run and poll.

    If the same version is already queued or running with the same settings, that job
    is returned (its ``author`` may be someone else). Run it with :func:`run_solve_job`.
    """
    settings = settings or INTERACTIVE_SETTINGS
    version = get_version(db, actor, scenario, n)
    key = settings_key(settings)
    with db.write_session() as s:
        me = load_actor(s, actor)
        require_role(me, Role.PLANNER, "solving")
        assert me.id is not None
        row = active_job_for(s, version.version_id, key)
        if row is None:
            row = new_job(
                s,
                scenario_id=version.scenario_id,
                version_id=version.version_id,
                n=version.n,
                network_hash=version.network_hash,
                user_id=me.id,
                settings=key,
            )
    return _present(db, row)


class SolveStopped(Exception):
    """Raised at a solve's next progress report once its process asked it to stop."""


class _ProgressWriter:
    """Writes solver progress to the job row, at most every PROGRESS_INTERVAL_S."""

    def __init__(
        self, db: Database, job_id: str, should_stop: Callable[[], bool] | None = None
    ) -> None:
        self.db = db
        self.job_id = job_id
        self.last_write = 0.0
        self.pending: SolveProgress | None = None
        self.lock = threading.Lock()
        self.should_stop = should_stop

    def __call__(self, progress: SolveProgress) -> None:
        if self.should_stop is not None and self.should_stop():
            raise SolveStopped("the process stopped before the solve finished")
        with self.lock:
            self.pending = progress
            now = time.monotonic()
            if now - self.last_write < PROGRESS_INTERVAL_S:
                return
            self.last_write = now
        self.flush()

    def flush(self) -> None:
        with self.lock:
            progress, self.pending = self.pending, None
        if progress is not None:
            with self.db.write_session() as s:
                set_job_progress(s, self.job_id, progress.model_dump(mode="json"))


def run_solve_job(
    db: Database, job_id: str, *, should_stop: Callable[[], bool] | None = None
) -> SolveJobView:
    """Run a queued job to its end (in a worker thread or process) and record the outcome.

    The solve acts as the user who submitted the job. A job cancelled before it starts is
    not run; one cancelled while running keeps its cancelled state. Errors of the solve
    are recorded on the job (status ``failed`` with the reason), not raised; so is a stop
    asked through ``should_stop``, checked at every progress report.
    """
    with db.write_session() as s:
        row = s.get(SolveJobRow, job_id)
        if row is None:
            raise NotFound(f"no solve job {job_id!r}")
        started = start_job(s, job_id)
    if started:
        writer = _ProgressWriter(db, job_id, should_stop)
        try:
            actor = user_ref(db, row.user_id)
            with _Heartbeat(db, job_id):
                run = solve_version(
                    db,
                    actor,
                    row.scenario_id,
                    row.n,
                    settings=SolveSettings.model_validate(row.settings),
                    progress=writer,
                )
        except Exception as exc:  # the job records why the solve failed
            with db.write_session() as s:
                finish_job(s, job_id, JobState.FAILED, error=f"{type(exc).__name__}: {exc}")
        else:
            writer.flush()
            with db.write_session() as s:
                finish_job(s, job_id, JobState.SUCCEEDED, result=run.model_dump(mode="json"))
    with db.session() as s:
        final = s.get(SolveJobRow, job_id)
        assert final is not None
    return _present(db, final)


def get_solve_job(db: Database, actor: UserRef, job_id: str) -> SolveJobView:
    """A job of a scenario the actor can see (NotFound otherwise)."""
    row, _ = _load(db, actor, job_id)
    return _present(db, row)


def cancel_solve_job(db: Database, actor: UserRef, job_id: str) -> SolveJobView:
    """The job's author (or an admin): stop waiting for a job; its outcome is not recorded.

    Cancelling a job that has finished already changes nothing and returns it as it is.
    """
    row, me = _load(db, actor, job_id)
    if row.user_id != me.id and Role(me.role) != Role.ADMIN:
        raise PermissionDenied(f"only the author of job {job_id} or an admin may cancel it")
    with db.write_session() as s:
        cancel_job(s, job_id, reason=f"cancelled by {me.name}")
        fresh = s.get(SolveJobRow, job_id)
        assert fresh is not None
    return _present(db, fresh)


def list_solve_jobs(
    db: Database, actor: UserRef, *, scenario: ScenarioRef | None = None, limit: int = 50
) -> list[SolveJobView]:
    """Recent jobs (newest first) on scenarios the actor can see, or of one scenario."""
    scenario_id = None
    if scenario is not None:
        scenario_id = get_scenario(db, actor, scenario).id
    with db.session() as s:
        rows = list_jobs(s, scenario_id=scenario_id, limit=max(1, min(limit, 500)))
    if [row.id for row in rows if _expire_if_stale(db, row)]:
        with db.session() as s:  # lists and single reads agree on a dead worker's job
            rows = list_jobs(s, scenario_id=scenario_id, limit=max(1, min(limit, 500)))
    with db.session() as s:
        me = load_actor(s, actor)
        out = []
        for row in rows:
            sc = s.get(ScenarioRow, row.scenario_id)
            if sc is not None and can_see(me, sc):
                author = s.get(UserRow, row.user_id)
                out.append(_view(row, sc.name, author.name if author else "?"))
        return out


def queued_solve_jobs(db: Database, *, limit: int = 500) -> list[str]:
    """Ids of the jobs still waiting for a worker, oldest first (for a server that starts:
    jobs queued by a process that stopped are picked up; each runs once whoever takes it)."""
    with db.session() as s:
        rows = s.exec(
            select(SolveJobRow)
            .where(SolveJobRow.status == JobState.QUEUED.value)
            .order_by(col(SolveJobRow.created_at))
            .limit(limit)
        )
        return [r.id for r in rows]


def await_full_effort_solves(
    db: Database,
    network_hash: str,
    *,
    progress: Callable[[SolveProgress], None] | None = None,
    poll_s: float = PROGRESS_INTERVAL_S,
) -> bool:
    """Wait while a full-effort solve of the network ``network_hash`` is queued or running
    (live's, at start-up or at promotion); True if there was one to wait for.

    A question compares with and starts from the best plan of the version it edits: asked
    while live is still being planned with full effort, it would otherwise use a quick plan
    of live, and its answer would depend on how busy the machine was. ``progress`` hears the
    job's own progress every ``poll_s`` (phase :data:`AWAITING_PHASE`), so a listener that
    stops the answer can raise from it. A job whose worker stopped is failed and not waited
    for, nor one queued for :data:`QUEUED_WAIT_S` that no worker took up.
    """
    full = settings_key(PLANNING_SETTINGS)
    started = time.monotonic()
    waited = False
    while True:
        with db.session() as s:
            rows = list(
                s.exec(
                    select(SolveJobRow)
                    .where(SolveJobRow.network_hash == network_hash)
                    .where(col(SolveJobRow.status).in_(ACTIVE_JOB_STATES))
                )
            )
        now = utcnow()
        pending = [
            r
            for r in rows
            if r.settings == full
            and not _expire_if_stale(db, r)
            and (
                r.status == JobState.RUNNING.value
                or now - as_utc(r.created_at) < timedelta(seconds=QUEUED_WAIT_S)
            )
        ]
        if not pending:
            return waited
        waited = True
        if progress is not None:
            shown = next((r.progress for r in pending if r.progress), None) or {}
            progress(
                SolveProgress(
                    elapsed_s=round(time.monotonic() - started, 3),
                    phase=AWAITING_PHASE,
                    incumbent_eur=shown.get("incumbent_eur"),
                    best_bound_eur=shown.get("best_bound_eur"),
                    gap=shown.get("gap"),
                )
            )
        time.sleep(poll_s)
