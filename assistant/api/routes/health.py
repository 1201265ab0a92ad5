"""``GET /health``: is the app up and its database at the schema this code expects."""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from assistant.api.deps import DbDep

log = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The app's state: ``ok`` when the database answers at the expected schema revision."""

    status: Literal["ok", "degraded"]
    database: str
    schema_revision: str | None
    expected_revision: str | None
    detail: str = ""


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "The database is unreachable or behind."}},
)
def health(db: DbDep) -> JSONResponse:
    """Liveness and readiness: 200 when the database answers at the current schema, else 503."""
    expected = db.head_revision()
    try:
        current = db.current_revision()
    except Exception as exc:  # any failure to reach the database is reported, not raised
        body = Health(
            status="degraded",
            database=db.dialect,
            schema_revision=None,
            expected_revision=expected,
            detail=f"database unreachable ({type(exc).__name__})",
        )
        log.warning("health check: database unreachable: %s", exc)
        return JSONResponse(body.model_dump(), status_code=503)
    ok = current == expected
    body = Health(
        status="ok" if ok else "degraded",
        database=db.dialect,
        schema_revision=current,
        expected_revision=expected,
        detail="" if ok else "the database schema is not at this code's revision: migrate",
    )
    return JSONResponse(body.model_dump(), status_code=200 if ok else 503)
