"""An unfinished solve goes on in the background and updates the version's result.

When the wall-clock safety stop cuts a solve short, the answer says the plan is
unfinished (:mod:`solver.trust`) and :func:`continue_in_background` queues the same solve
with the planning safety stop, started from the unfinished plan (the best stored plan
of a network is every solve's warm start, see :func:`tools.solving.solve_version`). Its
run is stored beside the unfinished one; reads take the best stored plan, so pages and
later answers show the better plan as soon as it lands.
"""

from __future__ import annotations

import threading

from solver import SolveSettings
from storage import Database
from tools.identity import UserRef
from tools.jobs import SolveJobView, run_solve_job, submit_solve_job
from tools.scenarios import ScenarioRef
from tools.solving import PLANNING_SETTINGS

__all__ = ["continue_in_background"]


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
        threading.Thread(
            target=run_solve_job, args=(db, job.id), name=f"lanewise-continue-{job.id}", daemon=True
        ).start()
    return job
