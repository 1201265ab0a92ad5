"""Proposals and decisions: ask for a version to go live, promote it (approvers), read why."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from assistant.api.routes.jobs import start_job
from assistant.api.schemas import (
    LimitQuery,
    PromoteRequest,
    ProposalCreate,
    ScenarioPath,
    VersionPath,
)
from tools import (
    LIVE,
    PLANNING_SETTINGS,
    DecisionView,
    ProposalView,
    decisions,
    list_proposals,
    promote,
    propose,
)

router = APIRouter(tags=["decisions"])


@router.post(
    "/scenarios/{scenario}/versions/{n}/proposals",
    response_model=ProposalView,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def propose_version(
    scenario: ScenarioPath, n: VersionPath, body: ProposalCreate, db: DbDep, actor: ActorDep
) -> ProposalView:
    """Planner: ask approvers to promote this exact version of a shared scenario.

    A version whose plan should not be acted on is refused (400, with the reasons) unless
    ``override`` is set; the overridden reasons then travel with the proposal.
    """
    return propose(db, actor, scenario, n=n, message=body.message, override=body.override)


@router.get("/proposals", response_model=list[ProposalView], responses=problem_responses(401))
def proposals(
    db: DbDep,
    actor: ActorDep,
    status_filter: Annotated[
        Literal["open", "approved", "all"],
        Query(alias="status", description="Which proposals (default: open ones)."),
    ] = "open",
) -> list[ProposalView]:
    """Proposals on scenarios you can see, newest first."""
    return list_proposals(db, actor, status=None if status_filter == "all" else status_filter)


@router.post(
    "/scenarios/{scenario}/versions/{n}/promote",
    response_model=DecisionView,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def promote_version(
    scenario: ScenarioPath,
    n: VersionPath,
    body: PromoteRequest,
    db: DbDep,
    actor: ActorDep,
    request: Request,
    response: Response,
) -> DecisionView:
    """Approver: make this exact version (its network hash) the live plan, saying why.

    Records the decision (who, when, why, the KPIs then) and a new live version, and
    queues live's solve with full effort in the background (later answers use its plan).
    """
    view = promote(db, actor, scenario, n, body.network_hash, body.reason)
    start_job(request, db, actor, LIVE, None, PLANNING_SETTINGS)
    response.headers["Location"] = f"/api/v1{view.url}"
    return view


@router.get("/decisions", response_model=list[DecisionView], responses=problem_responses(401))
def decision_log(db: DbDep, actor: ActorDep, limit: LimitQuery = 50) -> list[DecisionView]:
    """Promotions to live, newest first (private source scenarios are not named)."""
    return decisions(db, actor, limit=limit)
