"""An unfinished solve goes on in the background and updates the version's result.

When the wall-clock safety stop cuts a solve short, the answer says the plan is
unfinished (:mod:`solver.trust`) and :func:`continue_in_background` queues the same solve
with the planning safety stop, started from the unfinished plan (the best stored plan
of a network is every solve's warm start, see :func:`tools.solving.solve_version`). Its
run is stored beside the unfinished one; reads take the best stored plan, so pages and
later answers show the better plan as soon as it lands.
"""

from __future__ import annotations

import atexit
import threading
import time

from solver import SolveSettings
from storage import Database
from tools.identity import UserRef
from tools.jobs import SolveJobView, run_solve_job, submit_solve_job
from tools.scenarios import ScenarioRef
from tools.solving import PLANNING_SETTINGS

__all__ = ["continue_in_background", "stop_background_solves"]

_STOP = threading.Event()
_RUNNING: set[threading.Thread] = set()
_LOCK = threading.Lock()


def continue_in_background(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int, settings: SolveSettings
) -> SolveJobView:
    """Queue the unfinished solve of version ``n`` again with a longer safety stop and run it.

    The job is the same effort with the planning safety stop; a job already queued or
    running for it is returned instead of a second one.
    """
    longer = settings.model_copy(
        update={"time_limit_s": max(settings.time_limit_s, PLANNING_SETTINGS.time_limit_s)}
    )
    job = submit_solve_job(db, actor, scenario, n, settings=longer)
    if job.status == "queued":
        thread = threading.Thread(
            target=_run, args=(db, job.id), name=f"lanewise-continue-{job.id}", daemon=True
        )
        with _LOCK:
            _RUNNING.add(thread)
        thread.start()
    return job


def _run(db: Database, job_id: str) -> None:
    try:
        run_solve_job(db, job_id, should_stop=_STOP.is_set)
    finally:
        with _LOCK:
            _RUNNING.discard(threading.current_thread())


def stop_background_solves(timeout_s: float = 60.0) -> int:
    """Stop the background solves of this process at their next progress report and wait.

    Runs at exit: a solver still working in a daemon thread when the interpreter ends
    aborts the process. The stopped jobs are recorded as failed with the reason. Returns
    how many were still running after ``timeout_s``.
    """
    _STOP.set()
    try:
        with _LOCK:
            threads = list(_RUNNING)
        deadline = time.monotonic() + timeout_s
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with _LOCK:
            return len(_RUNNING)
    finally:
        _STOP.clear()


atexit.register(stop_background_solves)
