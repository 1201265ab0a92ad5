"""An unfinished solve goes on in the background and updates the version's result.

When the wall-clock safety stop cuts a solve short, the answer says the plan is
unfinished (:mod:`solver.trust`) and :func:`continue_in_background` queues the same solve
with the planning safety stop, started from the unfinished plan (the best stored plan
of a network is every solve's warm start, see :func:`tools.solving.solve_version`). Its
run is stored beside the unfinished one; reads take the best stored plan, so pages and
later answers show the better plan as soon as it lands.

A process runs at most :data:`BACKGROUND_SOLVES` of them at a time, in the order they
were asked for; the others wait queued (a server that restarts picks up the jobs still
queued), so a busy process does not run dozens side by side, each slowing the others
and the answers being asked meanwhile.
"""

from __future__ import annotations

import atexit
import threading
import time
from collections import deque

from solver import SolveSettings
from storage import Database
from tools.identity import UserRef
from tools.jobs import SolveJobView, run_solve_job, submit_solve_job
from tools.scenarios import ScenarioRef
from tools.solving import PLANNING_SETTINGS

__all__ = ["BACKGROUND_SOLVES", "continue_in_background", "stop_background_solves"]

BACKGROUND_SOLVES = 1
"""How many background solves one process runs at a time (each uses a core)."""

_STOP = threading.Event()
_RUNNING: set[threading.Thread] = set()
_WAITING: deque[tuple[Database, str]] = deque()
_LOCK = threading.Lock()


def continue_in_background(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int, settings: SolveSettings
) -> SolveJobView:
    """Queue the unfinished solve of version ``n`` again with a longer safety stop and run it.

    The job is the same effort with the planning safety stop; a job already queued or
    running for it is returned instead of a second one. It starts once fewer than
    :data:`BACKGROUND_SOLVES` run in this process, after those asked for before it.
    """
    longer = settings.model_copy(
        update={"time_limit_s": max(settings.time_limit_s, PLANNING_SETTINGS.time_limit_s)}
    )
    job = submit_solve_job(db, actor, scenario, n, settings=longer)
    if job.status == "queued":
        with _LOCK:
            if all(waiting != job.id for _, waiting in _WAITING):
                _WAITING.append((db, job.id))
            if len(_RUNNING) < BACKGROUND_SOLVES:
                thread = threading.Thread(target=_work, name="lanewise-continue", daemon=True)
                _RUNNING.add(thread)
                thread.start()
    return job


def _work() -> None:
    """Run the waiting jobs one after another until none is left or the process stops."""
    while True:
        with _LOCK:
            if _STOP.is_set() or not _WAITING:
                _RUNNING.discard(threading.current_thread())
                return
            db, job_id = _WAITING.popleft()
        try:
            run_solve_job(db, job_id, should_stop=_STOP.is_set)
        except Exception:  # a job that cannot even start must not stop the ones after it
            continue


def stop_background_solves(timeout_s: float = 60.0) -> int:
    """Stop the background solves of this process at their next progress report and wait.

    Runs at exit: a solver still working in a daemon thread when the interpreter ends
    aborts the process. The stopped jobs are recorded as failed with the reason; those
    still waiting stay queued, not started. Returns how many were still running after
    ``timeout_s``.
    """
    _STOP.set()
    try:
        with _LOCK:
            _WAITING.clear()
            threads = list(_RUNNING)
        deadline = time.monotonic() + timeout_s
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with _LOCK:
            return len(_RUNNING)
    finally:
        _STOP.clear()


atexit.register(stop_background_solves)
