"""An unfinished solve goes on in the background; the version then shows the better plan."""

from __future__ import annotations

import time

from solver import SolveSettings, demo_network
from storage import Database
from tests.tools.conftest import make_team
from tools import (
    LIVE,
    create_scenario,
    edit_scenario,
    get_solve_job,
    solve_version,
    version_result,
)
from tools.continuation import continue_in_background, stop_background_solves


def test_unfinished_solve_continues_and_the_result_improves(db: Database) -> None:
    """A solve cut short by its safety stop is finished by a background job; reads see it."""
    team = make_team(db, demo_network(hubs=8, seed=1))
    quick = SolveSettings(time_limit_s=0.2, mip_nodes=1)
    cut = solve_version(db, team.ann, LIVE, settings=quick)
    assert cut.status == "unfinished"
    assert version_result(db, team.ann, LIVE).run is not None
    job = continue_in_background(db, team.ann, LIVE, 1, quick)
    assert job.settings["time_limit_s"] >= 3600
    deadline = time.monotonic() + 300
    while not (job := get_solve_job(db, team.ann, job.id)).done:
        assert time.monotonic() < deadline, "the background solve did not finish"
        time.sleep(0.5)
    assert job.status == "succeeded", job.error
    seen = version_result(db, team.ann, LIVE)
    assert seen.run is not None and seen.run.status in ("optimal", "feasible")
    if cut.objective_eur is not None:
        assert seen.run.objective_eur is not None
        assert seen.run.objective_eur <= cut.objective_eur + 1e-6


def test_background_solves_stop_when_the_process_ends(db: Database) -> None:
    """At exit the running background solve stops at its next progress report: the job is
    recorded as failed with the reason, and nothing is left running to abort the process."""
    team = make_team(db, demo_network(hubs=20, seed=1))
    quick = SolveSettings(time_limit_s=0.2, mip_nodes=1)
    assert solve_version(db, team.ann, LIVE, settings=quick).status == "unfinished"
    job = continue_in_background(db, team.ann, LIVE, 1, quick)
    while get_solve_job(db, team.ann, job.id).status == "queued":
        time.sleep(0.05)
    assert stop_background_solves(timeout_s=120) == 0
    stopped = get_solve_job(db, team.ann, job.id)
    assert stopped.status == "failed" and "stopped before the solve finished" in stopped.error


def test_background_solves_run_one_at_a_time_in_the_order_asked(db: Database) -> None:
    """Several unfinished answers in a row do not each start an hour-long solve at once:
    the process runs one background solve at a time, the others wait queued and start in
    the order they were asked for, and every one of them still finishes."""
    team = make_team(db, demo_network(hubs=8, seed=1))
    quick = SolveSettings(time_limit_s=0.2, mip_nodes=1)
    busy = create_scenario(db, team.ann, "busy").id
    jobs = []
    for factor in (1.1, 1.2, 1.3):
        version = edit_scenario(db, team.ann, busy, {"op": "scale_demand", "factor": factor})
        jobs.append(continue_in_background(db, team.ann, busy, version.n, quick))
    deadline = time.monotonic() + 600
    while True:
        seen = [get_solve_job(db, team.ann, job.id) for job in jobs]
        assert sum(job.status == "running" for job in seen) <= 1, [j.status for j in seen]
        if all(job.done for job in seen):
            break
        assert time.monotonic() < deadline, "the background solves did not finish"
        time.sleep(0.05)
    assert [job.status for job in seen] == ["succeeded"] * 3, [job.error for job in seen]
    starts = [job.started_at for job in seen]
    assert all(start is not None for start in starts)
    assert starts == sorted(starts)  # type: ignore[type-var]


def test_solves_still_waiting_at_exit_stay_queued(db: Database) -> None:
    """When the process stops, the background solve that runs stops and those still
    waiting are neither started nor failed: they stay queued for a server to pick up."""
    team = make_team(db, demo_network(hubs=20, seed=1))
    quick = SolveSettings(time_limit_s=0.2, mip_nodes=1)
    first = continue_in_background(db, team.ann, LIVE, 1, quick)
    busy = create_scenario(db, team.ann, "busy").id
    version = edit_scenario(db, team.ann, busy, {"op": "scale_demand", "factor": 1.1})
    second = continue_in_background(db, team.ann, busy, version.n, quick)
    while get_solve_job(db, team.ann, first.id).status == "queued":
        time.sleep(0.05)
    assert stop_background_solves(timeout_s=120) == 0
    assert get_solve_job(db, team.ann, first.id).status == "failed"
    assert get_solve_job(db, team.ann, second.id).status == "queued"
    time.sleep(0.5)
    assert get_solve_job(db, team.ann, second.id).status == "queued"
