"""Solves as jobs and their results: 202 + Location, polling to the end, progress over SSE,
cancel, KPIs and violations consistent with the evaluation, comparisons and impact."""

from __future__ import annotations

import io
import json
import math
import time
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.config import AssistantSettings
from storage import SolveJobRow, finish_job, start_job, utcnow
from tests.assistant.api.conftest import SECRET, Crew, make_crew
from tools import (
    Database,
    JobState,
    SolveSettings,
    read_plan,
    submit_solve_job,
    version_plan,
    version_result,
)

FAST = {"time_limit_s": 120, "relative_gap": 0.02, "mip_nodes": 1}
"""Effort-limited: the safety stop never decides (the plan is the same under load)."""


def _wait(crew: Crew, user: str, url: str, timeout_s: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job: dict[str, Any] = crew.get(user, url).json()
        if job["status"] not in ("queued", "running"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {url} did not finish in {timeout_s} s")


def _solve(crew: Crew, user: str, sid: int | str, n: int) -> dict[str, Any]:
    r = crew.post(user, f"/api/v1/scenarios/{sid}/versions/{n}/solves", json=FAST)
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/api/v1/jobs/{r.json()['id']}"
    return _wait(crew, user, r.headers["location"])


def test_solve_job_runs_to_a_stored_result(crew: Crew) -> None:
    """Solving live v1 succeeds; the result's KPIs are those the use case reads, its cost
    is the sum of its parts and service is on-time over demand; a second solve reuses it."""
    job = _solve(crew, "ann", "live", 1)
    assert job["status"] == "succeeded", job
    assert job["run"]["status"] in ("optimal", "feasible")
    assert (job["settings"]["time_limit_s"], job["settings"]["mip_nodes"]) == (120, 1)
    assert job["version_url"].endswith("/versions/1") and job["author"] == "ann"
    res = crew.get("vic", "/api/v1/scenarios/live/versions/1/result").json()
    assert res["solved"] is True
    expected = version_result(crew.db, crew.refs["vic"], "live", 1)
    assert expected.kpis is not None
    assert res["kpis"] == json.loads(expected.kpis.model_dump_json())
    k = res["kpis"]
    parts = (
        k["linehaul_cost_eur"]
        + k["handling_cost_eur"]
        + k["empty_cost_eur"]
        + k["late_penalty_eur"]
        + k["unserved_penalty_eur"]
        + k["service_penalty_eur"]
    )
    assert math.isclose(k["total_cost_eur"], parts, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(k["service_level"], k["on_time_t"] / k["demand_t"], abs_tol=1e-9)
    assert k["demand_t"] == 190.0  # the tiny network's six demands
    assert len(res["violations"]) == k["hard_violations"] + k["soft_violations"]
    ev = crew.get("vic", "/api/v1/scenarios/live/versions/1/evaluation").json()
    assert ev["kpis"] == res["kpis"]
    assert {row["hub_id"] for row in ev["hub_days"]} == {"LIL", "PAR", "LYS", "STR"}
    again = _solve(crew, "ann", "live", 1)
    assert again["status"] == "succeeded" and again["run"]["reused"] is True


def test_unsolved_versions_say_so(crew: Crew) -> None:
    """Before any solve: result has solved=false with a note, evaluation is 404."""
    res = crew.get("ann", "/api/v1/scenarios/live/versions/1/result").json()
    assert (res["solved"], res["kpis"], res["violations"]) == (False, None, [])
    assert "not solved" in res["note"]
    ev = crew.get("ann", "/api/v1/scenarios/live/versions/1/evaluation")
    assert ev.status_code == 404 and "not solved" in ev.json()["detail"]


def test_compare_and_impact_after_an_edit(crew: Crew) -> None:
    """After solving live and an edited scenario: compare against live and parent gives the
    headline deltas (after - before); the instant impact evaluates the parent's plan."""
    _solve(crew, "ann", "live", 1)
    sc = crew.create("ann", "north")
    crew.post(
        "ann",
        f"/api/v1/scenarios/{sc['id']}/edits",
        headers={"If-Match": '"1"'},
        json={"edits": [{"op": "scale_demand", "origin_regions": ["north"], "factor": 1.5}]},
    )
    impact = crew.get("ann", f"/api/v1/scenarios/{sc['id']}/versions/2/impact").json()
    assert impact["available"] is True
    assert impact["kpis"]["demand_t"] == 190.0 + 0.5 * 145.0
    before = crew.get("ann", f"/api/v1/scenarios/{sc['id']}/versions/2/compare").json()
    assert before["changes"] == [] and "not solved" in before["note"]
    assert _solve(crew, "ann", sc["id"], 2)["status"] == "succeeded"
    live_k = crew.get("ann", "/api/v1/scenarios/live/versions/1/result").json()["kpis"]
    mine_k = crew.get("ann", f"/api/v1/scenarios/{sc['id']}/versions/2/result").json()["kpis"]
    for against in ("live", "parent", "live@1"):
        c = crew.get("ann", f"/api/v1/scenarios/{sc['id']}/versions/2/compare?against={against}")
        assert c.status_code == 200, c.text
        body = c.json()
        assert (body["before"]["n"], body["after"]["n"]) == (1, 2)
        cost = next(ch for ch in body["changes"] if ch["key"] == "total_cost_eur")
        assert cost["before"] == live_k["total_cost_eur"]
        assert cost["after"] == mine_k["total_cost_eur"]
        assert math.isclose(cost["delta"], cost["after"] - cost["before"])
    bad = crew.get("ann", f"/api/v1/scenarios/{sc['id']}/versions/2/compare?against=nowhere@1")
    assert bad.status_code == 404


def test_progress_events_end_with_done(crew: Crew) -> None:
    """The event stream of a job sends the job as it changes and ends with 'done'."""
    r = crew.post("ann", "/api/v1/scenarios/live/versions/1/solves", json=FAST)
    url = r.headers["location"] + "/events"
    events: list[tuple[str, dict[str, Any]]] = []
    with crew.client.stream("GET", url, headers=crew.h("ann")) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        kind = ""
        for line in stream.iter_lines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((kind, json.loads(line.split(":", 1)[1])))
                if kind == "done":
                    break
    assert events[-1][0] == "done"
    assert events[-1][1]["status"] == "succeeded"
    assert all(k == "progress" for k, _ in events[:-1])


def test_cancel_a_queued_job(crew: Crew) -> None:
    """A cancelled queued job stays cancelled and never runs; others may not cancel it."""
    job = submit_solve_job(crew.db, crew.refs["ann"], "live", 1)
    assert job.status == JobState.QUEUED
    url = f"/api/v1/jobs/{job.id}"
    assert crew.post("bob", url + "/cancel").status_code == 403
    r = crew.post("ann", url + "/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert "ann" in r.json()["error"]
    from tools import run_solve_job

    assert run_solve_job(crew.db, job.id).status == JobState.CANCELLED
    assert crew.get("ann", url).json()["run"] is None
    listed = crew.get("ann", "/api/v1/jobs?scenario=live").json()
    assert [j["id"] for j in listed] == [job.id]


def test_jobs_respect_roles_and_visibility(crew: Crew) -> None:
    """Viewers cannot start solves (403); a job on a private scenario is 404 to others;
    bad settings name the field."""
    assert crew.post("vic", "/api/v1/scenarios/live/versions/1/solves").status_code == 403
    sc = crew.create("ann", "private")
    r = crew.post("ann", f"/api/v1/scenarios/{sc['id']}/versions/1/solves", json=FAST)
    job_url = r.headers["location"]
    assert crew.get("bob", job_url).status_code == 404
    assert crew.get("ann", job_url).status_code == 200
    bad = crew.post("ann", "/api/v1/scenarios/live/versions/1/solves", json={"time_limit_s": -1})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "time_limit_s"
    assert crew.get("ann", "/api/v1/jobs/nope").status_code == 404
    _wait(crew, "ann", job_url)


def test_plan_export_for_the_tms(crew: Crew, tmp_path: Path) -> None:
    """A solved version's plan downloads as JSON (with the same KPIs as the result), XLSX and
    a CSV zip, each reading back to the stored plan; an unsolved version has no plan (404)."""
    missing = crew.get("ann", "/api/v1/scenarios/live/versions/1/plan")
    assert missing.status_code == 404 and "not solved" in missing.json()["detail"]
    _solve(crew, "ann", "live", 1)
    _, stored = version_plan(crew.db, crew.refs["ann"], "live", 1)
    assert stored is not None
    as_json = crew.get("ann", "/api/v1/scenarios/live/versions/1/plan?format=json")
    assert as_json.status_code == 200
    assert 'filename="live-v1-plan.json"' in as_json.headers["content-disposition"]
    result = crew.get("ann", "/api/v1/scenarios/live/versions/1/result").json()
    assert as_json.json()["kpis"] == result["kpis"]
    for fmt, name in (("json", "plan.json"), ("xlsx", "plan.xlsx")):
        r = crew.get("ann", f"/api/v1/scenarios/live/versions/1/plan?format={fmt}")
        (tmp_path / name).write_bytes(r.content)
        assert read_plan(tmp_path / name).to_json() == stored.to_json(), fmt
    z = crew.get("ann", "/api/v1/scenarios/live/versions/1/plan?format=csv")
    with zipfile.ZipFile(io.BytesIO(z.content)) as zf:
        assert "lane_buckets.csv" in zf.namelist()
        zf.extractall(tmp_path / "csv")
    assert read_plan(tmp_path / "csv").to_json() == stored.to_json()
    bad = crew.get("ann", "/api/v1/scenarios/live/versions/1/plan?format=pdf")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "format"


def test_cancel_while_running_keeps_the_cancellation(crew: Crew) -> None:
    """A running job cancelled over the API stays cancelled when its worker finishes later."""
    job = submit_solve_job(crew.db, crew.refs["ann"], "live", 1)
    with crew.db.write_session() as s:
        assert start_job(s, job.id)
    r = crew.post("ann", f"/api/v1/jobs/{job.id}/cancel")
    assert r.json()["status"] == "cancelled"
    with crew.db.write_session() as s:
        assert not finish_job(s, job.id, JobState.SUCCEEDED, result={"late": True})
    after = crew.get("ann", f"/api/v1/jobs/{job.id}").json()
    assert (after["status"], after["run"]) == ("cancelled", None)


def test_a_running_job_whose_worker_died_is_reported_failed(crew: Crew) -> None:
    """A job still 'running' long after its time limit (its process ended) reads as failed
    with the reason, instead of running forever."""
    job = submit_solve_job(crew.db, crew.refs["ann"], "live", 1)
    with crew.db.write_session() as s:
        assert start_job(s, job.id)
        row = s.get(SolveJobRow, job.id)
        assert row is not None
        row.started_at = utcnow() - timedelta(hours=2)
        s.add(row)
    got = crew.get("ann", f"/api/v1/jobs/{job.id}").json()
    assert got["status"] == "failed" and "worker stopped" in got["error"]


def test_jobs_queued_before_a_restart_are_run(api_db: Database) -> None:
    """A job left queued (its server stopped) is run by the next server to start."""
    tokens, refs = make_crew(api_db)
    job = submit_solve_job(api_db, refs["ann"], "live", 1, settings=SolveSettings(time_limit_s=5))
    app = create_app(api_db, AssistantSettings(), secret=SECRET)
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {tokens['ann']}"}
        deadline = time.monotonic() + 60
        state = client.get(f"/api/v1/jobs/{job.id}", headers=headers).json()
        while state["status"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.1)
            state = client.get(f"/api/v1/jobs/{job.id}", headers=headers).json()
    assert state["status"] == "succeeded", state
