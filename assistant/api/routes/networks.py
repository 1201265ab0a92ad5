"""Networks: import a file as a new scenario (or as live), export a version's network."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import ActorDep, DbDep, SettingsDep
from assistant.api.files import MEDIA_TYPES, NetworkFormat, network_bytes, read_uploaded_network
from assistant.api.problems import ApiProblem, ErrorItem, problem_responses
from assistant.api.schemas import ScenarioPath, VersionPath
from tools import (
    FreeText,
    NameText,
    NetworkSummary,
    ScenarioView,
    create_live,
    get_version,
    import_network,
    network_summary,
    version_network,
)

router = APIRouter(tags=["networks"])

_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The network file.",
        "content": {media: {} for media, _ in MEDIA_TYPES.values()},
    }
}


@router.post(
    "/networks",
    response_model=ScenarioView,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 409, 413, 422),
)
async def import_file(
    db: DbDep,
    actor: ActorDep,
    settings: SettingsDep,
    response: Response,
    file: Annotated[
        UploadFile, File(description="A .zip of CSV files, an .xlsx workbook or a .json file.")
    ],
    name: Annotated[
        NameText | None,
        Form(max_length=100, description="Name of the new scenario (not for target=live)."),
    ] = None,
    target: Annotated[
        Literal["scenario", "live"],
        Form(
            description="`scenario`: a new private base scenario (planner); `live`: create "
            "the live scenario (admin, once)."
        ),
    ] = "scenario",
    shared: Annotated[bool, Form()] = False,
    message: Annotated[FreeText, Form(max_length=2000)] = "",
    description: Annotated[FreeText, Form(max_length=2000)] = "",
) -> ScenarioView:
    """Import a network file: every problem is listed with file, row and column (422)."""
    if target == "scenario" and not (name and name.strip()):
        raise ApiProblem(
            422,
            "Invalid input",
            "name: give the new scenario a name",
            errors=[ErrorItem(field="name", reason="required when target is scenario")],
        )
    limit = int(settings.max_upload_mb * 2**20)
    network = await run_in_threadpool(
        read_uploaded_network, file.file, file.filename or "", max_bytes=limit
    )
    if target == "live":
        view = await run_in_threadpool(create_live, db, actor, network, message=message)
    else:
        assert name is not None
        view = await run_in_threadpool(
            import_network,
            db,
            actor,
            network,
            name,
            message=message,
            shared=shared,
            description=description,
        )
    response.headers["Location"] = f"/api/v1/scenarios/{view.id}"
    response.headers["ETag"] = f'"{view.head}"'
    return view


@router.get(
    "/scenarios/{scenario}/versions/{n}/network",
    response_class=Response,
    responses={**_FILES, **problem_responses(401, 404, 422)},
)
def export_file(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    format: Annotated[
        NetworkFormat, Query(description="`csv` (a zip of CSV files), `xlsx` or `json`.")
    ] = "json",
) -> Response:
    """The version's network as a file that imports back to the same content hash."""
    version = get_version(db, actor, scenario, n)
    network = version_network(db, actor, scenario, n)
    media, ext = MEDIA_TYPES[format]
    filename = f"{_safe(version.scenario_name)}-v{version.n}.{ext}"
    return Response(
        network_bytes(network, format),
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "ETag": f'"{version.network_hash}"',
        },
    )


@router.get(
    "/scenarios/{scenario}/versions/{n}/summary",
    response_model=NetworkSummary,
    responses=problem_responses(401, 404),
)
def summary(scenario: ScenarioPath, n: VersionPath, db: DbDep, actor: ActorDep) -> NetworkSummary:
    """What the version's network holds: counts, weekly tonnes, capacities, regions."""
    return network_summary(version_network(db, actor, scenario, n))


def _safe(name: str) -> str:
    """A scenario name as a file name (letters, digits, dash, underscore)."""
    cleaned = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in name).strip(
        "-"
    )
    return cleaned or "network"
