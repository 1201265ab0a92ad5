"""Solve jobs: start a version's solve (202), poll it, follow its progress (SSE), cancel it.

Job state is kept in the database, so any process behind a load balancer answers polls
and event streams for a job another one runs. The solve itself runs in this process's
solve thread pool (``LANEWISE_SOLVE_WORKERS`` threads).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import ActorDep, DbDep, SettingsDep
from assistant.api.problems import ApiProblem, ErrorItem, problem_responses
from assistant.api.schemas import LimitQuery, RefQuery, ScenarioPath, SolveRequest, VersionPath
from tools import (
    INTERACTIVE_SETTINGS,
    Database,
    SolveJobView,
    SolveSettings,
    UserRef,
    cancel_solve_job,
    get_solve_job,
    list_solve_jobs,
    run_solve_job,
    submit_solve_job,
)

router = APIRouter(tags=["solves"])

POLL_INTERVAL_S = 0.25
"""How often an event stream re-reads its job."""


def _settings(body: SolveRequest | None, cap_s: float) -> SolveSettings:
    given = body.model_dump(exclude_none=True) if body is not None else {}
    settings = SolveSettings.model_validate({**INTERACTIVE_SETTINGS.model_dump(), **given})
    if settings.time_limit_s > cap_s:
        raise ApiProblem(
            422,
            "Invalid input",
            f"time_limit_s: at most {cap_s:g} s on this server",
            errors=[ErrorItem(field="time_limit_s", reason=f"at most {cap_s:g} s")],
        )
    return settings


def start_job(
    request: Request,
    db: Database,
    actor: UserRef,
    scenario: str,
    n: int | None,
    settings: SolveSettings,
) -> SolveJobView:
    """Queue a solve and hand it to this process's solve threads (used by pages too)."""
    job = submit_solve_job(db, actor, scenario, n, settings=settings)
    if job.status == "queued":
        executor: ThreadPoolExecutor = request.app.state.solve_executor
        executor.submit(run_solve_job, db, job.id)
    return job


@router.post(
    "/scenarios/{scenario}/versions/{n}/solves",
    response_model=SolveJobView,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 404, 422),
)
def solve(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
    body: SolveRequest | None = None,
) -> SolveJobView:
    """Planner: start solving the version; poll the job at its ``Location``.

    A solve of the same network and settings that is stored already comes back at once as
    a succeeded job with ``run.reused: true``; one still queued or running is returned
    instead of starting a second.
    """
    job = start_job(request, db, actor, scenario, n, _settings(body, settings.max_solve_time_s))
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job


@router.get("/jobs", response_model=list[SolveJobView], responses=problem_responses(401, 404))
def jobs(
    db: DbDep,
    actor: ActorDep,
    scenario: Annotated[
        RefQuery | None, Query(max_length=200, description="Only this one.")
    ] = None,
    limit: LimitQuery = 50,
) -> list[SolveJobView]:
    """Recent solve jobs on scenarios you can see, newest first."""
    return list_solve_jobs(db, actor, scenario=scenario, limit=limit)


@router.get("/jobs/{job_id}", response_model=SolveJobView, responses=problem_responses(401, 404))
def job(job_id: str, db: DbDep, actor: ActorDep) -> SolveJobView:
    """A solve job: status, latest progress (elapsed, incumbent, bound, gap), outcome."""
    return get_solve_job(db, actor, job_id)


@router.post(
    "/jobs/{job_id}/cancel",
    response_model=SolveJobView,
    responses=problem_responses(401, 403, 404),
)
def cancel(job_id: str, db: DbDep, actor: ActorDep) -> SolveJobView:
    """The job's author or an admin: cancel it; a result that still arrives is not attached."""
    return cancel_solve_job(db, actor, job_id)


def _event(kind: str, job: SolveJobView) -> ServerSentEvent:
    return ServerSentEvent(data=job.model_dump_json(), event=kind, id=f"{job.id}:{kind}")


@router.get(
    "/jobs/{job_id}/events",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "Server-sent events: `progress` (the job, each time it changes) "
            "and a final `done` (the finished job), then the stream ends.",
            "content": {"text/event-stream": {}},
        },
        **problem_responses(401, 404),
    },
)
async def events(job_id: str, db: DbDep, actor: ActorDep) -> EventSourceResponse:
    """Follow a job as server-sent events until it finishes."""
    first = await run_in_threadpool(get_solve_job, db, actor, job_id)

    async def stream() -> AsyncIterator[ServerSentEvent]:
        job, last = first, None
        while True:
            state: Any = json.loads(job.model_dump_json(exclude={"created_at"}))
            if job.done:
                yield _event("done", job)
                return
            if state != last:
                yield _event("progress", job)
                last = state
            await asyncio.sleep(POLL_INTERVAL_S)
            job = await run_in_threadpool(get_solve_job, db, actor, job_id)

    return EventSourceResponse(stream(), ping=15)
