"""Versions of a scenario: history, read, edit (with ``If-Match``), revert, diff."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from assistant.api.deps import ActorDep, DbDep, IfMatchDep
from assistant.api.files import MEDIA_TYPES
from assistant.api.problems import ApiProblem, ErrorItem, problem_responses
from assistant.api.schemas import (
    EditRequest,
    LimitQuery,
    RefQuery,
    RevertRequest,
    ScenarioPath,
    VersionPath,
)
from tools import (
    DiffView,
    VersionRef,
    VersionView,
    diff_versions,
    diff_xlsx,
    edit_scenario,
    get_scenario,
    get_version,
    history,
    parse_version_ref,
    revert,
)

router = APIRouter(prefix="/scenarios/{scenario}", tags=["versions"])

_READ = problem_responses(400, 401, 404)
_WRITE = problem_responses(400, 401, 403, 404, 409, 412, 422, 428)

AgainstQuery = Annotated[
    RefQuery,
    Query(
        max_length=200,
        description="`parent`, `live`, or any version as `scenario@n` (e.g. `4@2`, `live@1`).",
        examples=["parent", "live", "4@2"],
    ),
]


def _check_head(db: DbDep, actor: ActorDep, scenario: str, expected: int | None) -> None:
    """412 when If-Match names a version the scenario does not have (yet)."""
    if expected is None:
        return
    head = get_scenario(db, actor, scenario).head
    if head is None or expected > head:
        raise ApiProblem(
            412,
            "Precondition failed",
            f"If-Match names v{expected} but the head of this scenario is v{head}",
            errors=[ErrorItem(field="If-Match", reason=f"no version {expected}; head is {head}")],
        )


def _written(view: VersionView, response: Response) -> VersionView:
    response.headers["Location"] = f"/api/v1/scenarios/{view.scenario_id}/versions/{view.n}"
    response.headers["ETag"] = f'"{view.n}"'
    return view


@router.get("/versions", response_model=list[VersionView], responses=_READ)
def versions(
    scenario: ScenarioPath, db: DbDep, actor: ActorDep, limit: LimitQuery = 100
) -> list[VersionView]:
    """The scenario's history, newest first, back to its import."""
    return history(db, actor, scenario, limit=limit)


@router.get("/versions/{n}", response_model=VersionView, responses=_READ)
def version(scenario: ScenarioPath, n: VersionPath, db: DbDep, actor: ActorDep) -> VersionView:
    """One immutable version: its edits in words, author, message, network hash."""
    return get_version(db, actor, scenario, n)


@router.post(
    "/edits",
    response_model=VersionView,
    status_code=status.HTTP_201_CREATED,
    responses=_WRITE,
)
def edit(
    scenario: ScenarioPath,
    body: EditRequest,
    expected_head: IfMatchDep,
    db: DbDep,
    actor: ActorDep,
    response: Response,
) -> VersionView:
    """Planner: apply edits as a new version on top of the head named by ``If-Match``.

    If other versions landed since, the edits are rebased when they touch other entities
    (``rebased: true``); otherwise 409 names your edit and theirs.
    """
    _check_head(db, actor, scenario, expected_head)
    view = edit_scenario(
        db, actor, scenario, list(body.edits), expected_head=expected_head, message=body.message
    )
    return _written(view, response)


@router.post(
    "/revert",
    response_model=VersionView,
    status_code=status.HTTP_201_CREATED,
    responses=_WRITE,
)
def revert_to(
    scenario: ScenarioPath,
    body: RevertRequest,
    expected_head: IfMatchDep,
    db: DbDep,
    actor: ActorDep,
    response: Response,
) -> VersionView:
    """Planner: a new version whose network equals version ``to_n`` (history is kept)."""
    _check_head(db, actor, scenario, expected_head)
    view = revert(db, actor, scenario, body.to_n, expected_head=expected_head, message=body.message)
    return _written(view, response)


def against_ref(db: DbDep, actor: ActorDep, scenario: str, n: int, against: str) -> VersionRef:
    """The version ``against`` names, relative to version ``n`` of ``scenario``."""
    key = against.strip()
    if key.lower() == "parent":
        parent = get_version(db, actor, scenario, n).parent_n
        if parent is None:
            raise ApiProblem(
                400,
                "Bad request",
                f"v{n} has no parent to compare with",
                errors=[ErrorItem(field="against", reason="this version has no parent")],
            )
        return VersionRef(scenario=scenario, n=parent)
    if not key:
        raise ApiProblem(
            400,
            "Bad request",
            "against: say parent, live or scenario@n",
            errors=[ErrorItem(field="against", reason="empty")],
        )
    return parse_version_ref(key)


@router.get(
    "/versions/{n}/diff",
    response_model=DiffView,
    responses={200: {"content": {MEDIA_TYPES["xlsx"][0]: {}}}, **_READ},
)
def diff(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    against: AgainstQuery = "parent",
    format: Annotated[
        Literal["json", "xlsx"],
        Query(description="`json`, or an `xlsx` workbook with every change one by one."),
    ] = "json",
) -> DiffView | Response:
    """What changed from ``against`` (a) to this version (b): grouped by kind in words with
    totals (``groups``, ``text``), every entity field by field (``changes``), and KPI
    deltas if both are solved."""
    base = against_ref(db, actor, scenario, n, against)
    d = diff_versions(db, actor, base, VersionRef(scenario=scenario, n=n))
    if format == "json":
        return d
    title = f"From {d.a.scenario_name} v{d.a.n} to {d.b.scenario_name} v{d.b.n}"
    name = f"changes-{d.a.scenario_id}v{d.a.n}-{d.b.scenario_id}v{d.b.n}.xlsx"
    return Response(
        diff_xlsx(title, d.groups, d.changes),
        media_type=MEDIA_TYPES["xlsx"][0],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
