"""Alerts raised by the watcher: list them, read one, acknowledge one."""

from __future__ import annotations

from fastapi import APIRouter, Query

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from tools.watch import AlertView, acknowledge_alert, get_alert, list_alerts

router = APIRouter(tags=["alerts"])


@router.get("/alerts", response_model=list[AlertView], responses=problem_responses(401))
def alerts(
    db: DbDep,
    actor: ActorDep,
    include_cleared: bool = Query(
        default=False, alias="all", description="Also the alerts whose condition cleared."
    ),
    limit: int = Query(default=100, ge=1, le=1000),
) -> list[AlertView]:
    """Alerts newest first: by default those whose condition still holds (open or
    acknowledged), each with its prepared fix scenario's link when there is one."""
    return list_alerts(db, actor, include_cleared=include_cleared, limit=limit)


@router.get("/alerts/{alert_id}", response_model=AlertView, responses=problem_responses(401, 404))
def alert(alert_id: int, db: DbDep, actor: ActorDep) -> AlertView:
    """One alert, whatever its status."""
    return get_alert(db, actor, alert_id)


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response_model=AlertView,
    responses=problem_responses(401, 403, 404),
)
def acknowledge(alert_id: int, db: DbDep, actor: ActorDep) -> AlertView:
    """Planners: say the alert is being handled (it stays listed until its condition
    clears; acknowledging again changes nothing)."""
    return acknowledge_alert(db, actor, alert_id)
