"""Comments on versions: read a scenario's discussion, add a remark to a version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from assistant.api.schemas import CommentCreate, ScenarioPath, VersionPath
from tools import CommentView, add_comment, list_comments

router = APIRouter(prefix="/scenarios/{scenario}", tags=["comments"])


@router.get("/comments", response_model=list[CommentView], responses=problem_responses(401, 404))
def scenario_comments(
    scenario: ScenarioPath,
    db: DbDep,
    actor: ActorDep,
    n: Annotated[int | None, Query(ge=1, le=10**9, description="Only this version's.")] = None,
) -> list[CommentView]:
    """The scenario's comments, oldest first (of one version with ``n``)."""
    return list_comments(db, actor, scenario, n=n)


@router.get(
    "/versions/{n}/comments",
    response_model=list[CommentView],
    responses=problem_responses(401, 404),
)
def version_comments(
    scenario: ScenarioPath, n: VersionPath, db: DbDep, actor: ActorDep
) -> list[CommentView]:
    """The comments on one version, oldest first."""
    return list_comments(db, actor, scenario, n=n)


@router.post(
    "/versions/{n}/comments",
    response_model=CommentView,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def comment(
    scenario: ScenarioPath,
    n: VersionPath,
    body: CommentCreate,
    db: DbDep,
    actor: ActorDep,
    response: Response,
) -> CommentView:
    """Planner: comment on a version you can see."""
    view = add_comment(db, actor, scenario, body.text, n=n)
    response.headers["Location"] = (
        f"/api/v1/scenarios/{view.scenario_id}/versions/{view.n}/comments"
    )
    return view
