"""The FastAPI application: REST API under ``/api/v1``, scenario pages, static assets.

``create_app`` builds one app over one database; other channels (the chat UI, bots)
mount themselves on the app it returns, e.g. ``mount_chainlit(app, ..., path="/chat")``
or ``app.include_router(...)``, before serving it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from assistant.api.hardening import HardeningMiddleware
from assistant.api.problems import install_problem_handlers
from assistant.api.routes import (
    actuals,
    alerts,
    analytics,
    comments,
    compare,
    decisions,
    health,
    insights,
    jobs,
    networks,
    playbooks,
    replans,
    results,
    scenarios,
    users,
    versions,
)
from assistant.api.security import SessionSigner, load_secret
from assistant.config import AssistantSettings, get_settings
from tools import (
    Database,
    StorageSettings,
    default_database,
    fail_dead_jobs,
    queued_solve_jobs,
    run_solve_job,
)

__all__ = ["API_PREFIX", "create_app"]

API_PREFIX = "/api/v1"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

DESCRIPTION = """\
What-if planning for freight networks over HTTP: versioned scenarios, typed edits,
solves as jobs, KPIs and violations, comparisons, comments, proposals and promotion.

* **Auth**: `Authorization: Bearer <API token>`. Roles: viewer < planner < approver < admin.
  Private scenarios of other users answer 404, like scenarios that do not exist.
* **Writes name the head** they are based on with `If-Match: "<n>"` (the scenario's `ETag`).
  If the head moved, disjoint edits are rebased; overlapping ones answer 409 naming both.
* **Errors** are `application/problem+json` with `errors: [{field, reason}]` for bad input.
* **Solves** run as jobs: `POST …/solves` answers 202 with the job; poll `GET /jobs/{id}`
  or follow `GET /jobs/{id}/events` (server-sent events).
"""

TAGS = [
    {"name": "health", "description": "Liveness and database state."},
    {"name": "scenarios", "description": "Named pointers to versions; live is protected."},
    {"name": "versions", "description": "Immutable versions: read, edit, revert, diff."},
    {"name": "networks", "description": "Import and export networks (CSV zip, XLSX, JSON)."},
    {"name": "solves", "description": "Solve jobs with progress and cancel."},
    {"name": "results", "description": "KPIs, violations, comparisons and plan export."},
    {"name": "comments", "description": "Discussion attached to versions."},
    {"name": "decisions", "description": "Proposals and promotion to live (approvers)."},
    {"name": "users", "description": "Who you are; user management (admins)."},
    {"name": "alerts", "description": "The watcher's alerts: list, read, acknowledge."},
    {"name": "playbooks", "description": "Pre-solved responses to losing critical elements."},
]


def create_app(
    db: Database | None = None,
    settings: AssistantSettings | None = None,
    *,
    secret: bytes | None = None,
) -> FastAPI:
    """The Lanewise web app over ``db`` (default: the database the environment names).

    Parameters
    ----------
    db
        The database every request uses.
    settings
        Public URL, session lifetime, solve workers ... (default: from the environment).
    secret
        Signs session cookies; default ``LANEWISE_SECRET`` or the one kept in LANEWISE_HOME.
    """
    settings = settings or get_settings()
    db = db or default_database()
    if secret is None:
        secret = load_secret(
            settings.secret.get_secret_value() if settings.secret else None,
            StorageSettings().lanewise_home,
        )
    executor = ThreadPoolExecutor(
        max_workers=settings.solve_workers, thread_name_prefix="lanewise-solve"
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # jobs left running by a server that stopped are failed; queued ones are taken up
        # here (each runs only once)
        await run_in_threadpool(fail_dead_jobs, db)
        for job_id in await run_in_threadpool(queued_solve_jobs, db):
            executor.submit(run_solve_job, db, job_id)
        watcher = None
        if settings.watch:
            from assistant.alerts import start_watcher

            watcher = start_watcher(
                db,
                settings,
                slack=getattr(app.state, "slack", None),
                teams=getattr(app.state, "teams", None),
                loop=asyncio.get_running_loop(),
            )
        app.state.watcher = watcher
        yield
        if watcher is not None:
            await run_in_threadpool(watcher.stop)
        executor.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="Lanewise",
        version="0.1.0",
        summary="Conversational what-if planning for freight networks.",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served by the pages with local assets (see assistant.web.pages)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.settings = settings
    app.state.signer = SessionSigner(secret, settings.session_max_age_s)
    app.state.solve_executor = executor
    app.state.templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    install_problem_handlers(app)

    for module in (
        health,
        scenarios,
        versions,
        networks,
        jobs,
        results,
        insights,
        compare,
        analytics,
        comments,
        decisions,
        users,
        actuals,
        replans,
        alerts,
        playbooks,
    ):
        app.include_router(module.router, prefix=API_PREFIX)

    # chat over HTTP: POST /api/v1/chat and /api/v1/chat/stream (the chat UI mounts in serve)
    from assistant.api.routes import chat

    app.include_router(chat.router, prefix=API_PREFIX)

    from assistant.web import pages

    pages.install(app)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    if settings.slack_configured:
        from assistant.slack import mount as mount_slack

        mount_slack(app, settings)
    if settings.teams_configured:
        from assistant.teams import mount as mount_teams

        mount_teams(app, settings)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    app.add_middleware(  # outermost: guards every route, the chat UI and the bots included
        HardeningMiddleware,
        max_body_bytes=int(settings.max_body_mb * 2**20),
        max_upload_bytes=int(settings.max_upload_mb * 2**20),
    )
    return app
