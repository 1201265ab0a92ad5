"""Questions wait for live's full-effort plan: asked while live is still being planned with
full effort in the background, a what-if compares with and starts from that plan, not a
quick plan of live made for the question."""

from __future__ import annotations

import threading

import pytest

from solver import SolveProgress, SolveSettings
from storage import find_solve_run
from tests.tools.conftest import Team
from tools import (
    INTERACTIVE_SETTINGS,
    LIVE,
    PLANNING_SETTINGS,
    get_solve_job,
    get_version,
    run_solve_job,
    submit_solve_job,
    what_if,
)
from tools.jobs import AWAITING_PHASE, await_full_effort_solves
from tools.solving import settings_key

MORE_FREIGHT = {"op": "scale_demand", "factor": 1.1}


def test_a_what_if_asked_while_live_is_planned_waits_for_that_plan(team: Team) -> None:
    """Asked while live's full-effort job is queued, the what-if hears that it waits, compares
    with the job's plan (its 'before' cost is the job's objective) and never solves live at
    the question's effort."""
    job = submit_solve_job(team.db, team.admin, LIVE, settings=PLANNING_SETTINGS)
    worker = threading.Thread(target=run_solve_job, args=(team.db, job.id))
    heard: list[SolveProgress] = []
    worker.start()
    try:
        outcome = what_if(
            team.db,
            team.ann,
            None,
            [MORE_FREIGHT],
            message="volumes up 10%",
            settings=INTERACTIVE_SETTINGS,
            progress=heard.append,
        )
    finally:
        worker.join()
    done = get_solve_job(team.db, team.admin, job.id)
    assert done.status == "succeeded" and done.run is not None
    assert any(p.phase == AWAITING_PHASE for p in heard)
    cost = next(c for c in outcome.vs_live if c.key == "total_cost_eur")
    assert cost.before == pytest.approx(done.run.objective_eur)
    live_hash = get_version(team.db, team.ann, LIVE).network_hash
    with team.db.session() as s:
        assert find_solve_run(s, live_hash, settings_key(INTERACTIVE_SETTINGS)) is None


def test_only_full_effort_jobs_are_waited_for(team: Team) -> None:
    """A queued job of other settings (a planner's own solve) is not waited for: the
    question goes on at once."""
    submit_solve_job(team.db, team.admin, LIVE, settings=SolveSettings(mip_nodes=3))
    live_hash = get_version(team.db, team.ann, LIVE).network_hash
    assert not await_full_effort_solves(team.db, live_hash)


def test_a_full_effort_job_no_worker_takes_up_is_not_waited_for(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full-effort job queued longer than QUEUED_WAIT_S with no worker running it is not
    waited for (the process that queued it does not run jobs)."""
    import tools.jobs

    submit_solve_job(team.db, team.admin, LIVE, settings=PLANNING_SETTINGS)
    live_hash = get_version(team.db, team.ann, LIVE).network_hash
    monkeypatch.setattr(tools.jobs, "QUEUED_WAIT_S", 0.0)
    assert not await_full_effort_solves(team.db, live_hash)
