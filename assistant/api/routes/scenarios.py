"""Scenarios: list, create, clone, read, rename, share and unshare (``/scenarios``)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from assistant.api.schemas import CloneRequest, LimitQuery, ScenarioCreate, ScenarioPath
from tools import (
    AuditEntryView,
    NameText,
    ScenarioView,
    audit_trail,
    clone_scenario,
    create_scenario,
    get_scenario,
    list_scenarios,
    rename_scenario,
    share,
    unshare,
)

router = APIRouter(prefix="/scenarios", tags=["scenarios"])

_READ = problem_responses(401, 404)
_WRITE = problem_responses(400, 401, 403, 404, 409, 422)


def etag(view: ScenarioView) -> str:
    """The scenario's head as an entity tag: what ``If-Match`` names on a write."""
    return f'"{view.head}"'


@router.get("", response_model=list[ScenarioView], responses=problem_responses(401))
def scenarios(db: DbDep, actor: ActorDep) -> list[ScenarioView]:
    """Every scenario you can see: live first, then yours and the shared ones by id."""
    return list_scenarios(db, actor)


@router.post(
    "",
    response_model=ScenarioView,
    status_code=status.HTTP_201_CREATED,
    responses=_WRITE,
)
def create(body: ScenarioCreate, db: DbDep, actor: ActorDep, response: Response) -> ScenarioView:
    """Planner: a new scenario whose head is a version of ``source`` (O(1), copies nothing)."""
    view = create_scenario(
        db,
        actor,
        body.name,
        source=body.source,
        n=body.n,
        shared=body.shared,
        description=body.description,
    )
    response.headers["Location"] = f"/api/v1/scenarios/{view.id}"
    response.headers["ETag"] = etag(view)
    return view


@router.get("/{scenario}", response_model=ScenarioView, responses=_READ)
def read(scenario: ScenarioPath, db: DbDep, actor: ActorDep, response: Response) -> ScenarioView:
    """One scenario; its ``ETag`` is the head version to name in ``If-Match``."""
    view = get_scenario(db, actor, scenario)
    response.headers["ETag"] = etag(view)
    return view


class RenameRequest(BaseModel):
    """A scenario's new name."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "North +30% peak"}]})

    name: NameText = Field(min_length=1, max_length=100, description="Unique among your scenarios.")


@router.patch("/{scenario}", response_model=ScenarioView, responses=_WRITE)
def rename(
    scenario: ScenarioPath, body: RenameRequest, db: DbDep, actor: ActorDep, response: Response
) -> ScenarioView:
    """Owner: rename the scenario (its versions, links and history stay as they are)."""
    view = rename_scenario(db, actor, scenario, body.name)
    response.headers["ETag"] = etag(view)
    return view


@router.post(
    "/{scenario}/clone",
    response_model=ScenarioView,
    status_code=status.HTTP_201_CREATED,
    responses=_WRITE,
)
def clone(
    scenario: ScenarioPath, body: CloneRequest, db: DbDep, actor: ActorDep, response: Response
) -> ScenarioView:
    """Planner: copy a scenario as a new pointer at its current head."""
    view = clone_scenario(db, actor, scenario, body.name, shared=body.shared)
    response.headers["Location"] = f"/api/v1/scenarios/{view.id}"
    response.headers["ETag"] = etag(view)
    return view


@router.post("/{scenario}/share", response_model=ScenarioView, responses=_WRITE)
def share_scenario(scenario: ScenarioPath, db: DbDep, actor: ActorDep) -> ScenarioView:
    """Owner: make the scenario visible to the team."""
    return share(db, actor, scenario)


@router.post("/{scenario}/unshare", response_model=ScenarioView, responses=_WRITE)
def unshare_scenario(scenario: ScenarioPath, db: DbDep, actor: ActorDep) -> ScenarioView:
    """Owner: make the scenario private again (others then get 404)."""
    return unshare(db, actor, scenario)


@router.get("/{scenario}/audit", response_model=list[AuditEntryView], responses=_READ)
def audit(
    scenario: ScenarioPath, db: DbDep, actor: ActorDep, limit: LimitQuery = 100
) -> list[AuditEntryView]:
    """Who changed what in this scenario, when and why (newest first)."""
    return audit_trail(db, actor, scenario=scenario, limit=limit)
