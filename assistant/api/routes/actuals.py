"""Actuals: import a week's executed rows, list and read stored weeks, plan vs actual."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath
from typing import IO, Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import ActorDep, DbDep, SettingsDep
from assistant.api.files import MEDIA_TYPES, _copy_limited, _extract_csv_zip
from assistant.api.problems import ApiProblem, ErrorItem, problem_responses
from tools import (
    ActualsFile,
    ActualsImportError,
    ActualsImportView,
    ActualsWeekView,
    CalibrationProposal,
    Database,
    ImportIssue,
    NetworkImportError,
    SimulatedWeek,
    SimulationSettings,
    StoredWeek,
    UserRef,
    WeekReview,
    import_actuals,
    list_actual_weeks,
    propose_calibration,
    read_actuals,
    simulate_version_week,
    week_actuals,
    week_vs_plan,
    write_week_review_xlsx,
)

router = APIRouter(tags=["actuals"])

WeekPath = Annotated[
    str,
    PathParam(
        pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2026-W49.", examples=["2026-W49"]
    ),
]


def _problem(exc: NetworkImportError) -> ApiProblem:
    errors = []
    for i in exc.issues:
        where = [i.file]
        if i.sheet:
            where.append(f"sheet {i.sheet}")
        if i.row is not None:
            where.append(f"row {i.row}")
        if i.column is not None:
            where.append(f"column {i.column}")
        errors.append(ErrorItem(field=", ".join(where), reason=i.reason))
    detail = f"{len(exc.issues)} problem(s), nothing imported"
    return ApiProblem(422, "Actuals cannot be imported", detail, errors=errors)


def _read_upload(stream: IO[bytes], filename: str, week: str | None, limit: int) -> ActualsFile:
    """Read an uploaded ``.zip`` of CSV files, ``.xlsx`` or ``.json`` by its file name."""
    name = PurePosixPath(filename or "").name or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in (".zip", ".xlsx", ".json"):
        raise ActualsImportError(
            [ImportIssue(name, None, None, "upload a .zip of CSV files, an .xlsx or a .json file")]
        )
    with tempfile.TemporaryDirectory(prefix="lanewise-actuals-") as tmp:
        folder = Path(tmp)
        saved = folder / f"upload{suffix}"
        _copy_limited(stream, saved, limit, name)
        target = _extract_csv_zip(saved, folder, name, limit) if suffix == ".zip" else saved
        try:
            parsed = read_actuals(target, week, collect=True)
        except NetworkImportError as exc:
            raise ActualsImportError(
                [
                    ImportIssue(name, i.row, i.column, i.reason, i.sheet)
                    if i.file in (str(saved), saved.name)
                    else i
                    for i in exc.issues
                ]
            ) from None
    parsed.name = name
    return parsed


def _import(
    db: Database,
    actor: UserRef,
    stream: IO[bytes],
    filename: str,
    week: str | None,
    scenario: str | None,
    n: int | None,
    limit: int,
) -> ActualsImportView:
    try:
        parsed = _read_upload(stream, filename, week, limit)
        return import_actuals(db, actor, parsed, scenario=scenario, n=n)
    except NetworkImportError as exc:
        raise _problem(exc) from None


@router.post(
    "/actuals",
    response_model=ActualsImportView,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 413, 422),
)
async def import_file(
    db: DbDep,
    actor: ActorDep,
    settings: SettingsDep,
    file: Annotated[
        UploadFile, File(description="A .zip of CSV files, an .xlsx workbook or a .json file.")
    ],
    week: Annotated[
        str | None,
        Form(pattern=r"^\d{4}-W\d{2}$", description="ISO week (unless the file names it)."),
    ] = None,
    scenario: Annotated[
        str | None,
        Form(max_length=100, description="Scenario executed (default: the week's, else live)."),
    ] = None,
    n: Annotated[int | None, Form(ge=1, le=10**9, description="Version executed.")] = None,
) -> ActualsImportView:
    """Store a week's actuals against the version it executed (planner).

    Every problem is listed with file, sheet, row and column (422) and nothing is stored;
    the same rows imported again change nothing.
    """
    limit = int(settings.max_upload_mb * 2**20)
    return await run_in_threadpool(
        _import, db, actor, file.file, file.filename or "", week, scenario, n, limit
    )


class SimulationRequest(BaseModel):
    """Which week and plan to simulate, with what noise, and whether to store the result."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"week": "2026-W50", "settings": {"seed": 7, "customer_bias": {"ACME": 0.2}}}
            ]
        },
    )

    week: str = Field(pattern=r"^\d{4}-W\d{2}$", description="ISO week to simulate.")
    scenario: str = Field(default="live", min_length=1, max_length=100)
    n: int | None = Field(default=None, ge=1, le=10**9, description="Version (default: head).")
    settings: SimulationSettings = SimulationSettings()
    store: bool = Field(default=True, description="Store the week as actuals.")


@router.post(
    "/actuals/simulate",
    response_model=SimulatedWeek,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def simulate(body: SimulationRequest, db: DbDep, actor: ActorDep) -> SimulatedWeek:
    """Simulate a week of execution of a version's stored plan (seeded, documented noise).

    Stored like imported actuals (planner), with the seed and settings recorded, unless
    ``store`` is false. The same plan, week and settings give identical actuals.
    """
    return simulate_version_week(
        db, actor, body.week, body.settings, scenario=body.scenario, n=body.n, store=body.store
    )


class CalibrationRequest(BaseModel):
    """Which weeks to calibrate from, and the name of the proposed scenario."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"weeks": ["2026-W48", "2026-W49"]}]}
    )

    weeks: list[Annotated[str, Field(pattern=r"^\d{4}-W\d{2}$")]] = Field(
        default=[], max_length=52, description="Weeks to use (or give `last`)."
    )
    last: int | None = Field(default=None, ge=1, le=52, description="The newest N weeks.")
    name: str | None = Field(default=None, min_length=1, max_length=100)


@router.post(
    "/actuals/calibration",
    response_model=CalibrationProposal,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def calibration(body: CalibrationRequest, db: DbDep, actor: ActorDep) -> CalibrationProposal:
    """Fit demand factors to stored weeks; propose them as a new private scenario (planner).

    The scenario's version carries the edits and the evidence; live is never changed.
    """
    return propose_calibration(db, actor, body.weeks, last=body.last, name=body.name)


@router.get("/actuals", response_model=list[ActualsWeekView], responses=problem_responses(401))
def weeks(db: DbDep, actor: ActorDep) -> list[ActualsWeekView]:
    """Weeks with actuals, newest first, with the version each executed."""
    return list_actual_weeks(db, actor)


@router.get(
    "/actuals/{week}", response_model=StoredWeek, responses=problem_responses(401, 404, 422)
)
def week_rows(week: WeekPath, db: DbDep, actor: ActorDep) -> StoredWeek:
    """A week's stored actuals, the version they executed and the imports that wrote them."""
    return week_actuals(db, actor, week)


@router.get(
    "/actuals/{week}/plan-vs-actual",
    response_model=WeekReview,
    responses={
        200: {"content": {MEDIA_TYPES["xlsx"][0]: {}}},
        **problem_responses(400, 401, 404, 422),
    },
)
def plan_vs_actual(
    week: WeekPath,
    db: DbDep,
    actor: ActorDep,
    format: Annotated[
        Literal["json", "xlsx"], Query(description="`json` or an `xlsx` workbook.")
    ] = "json",
) -> WeekReview | Response:
    """Plan vs actual for a stored week: biggest deviations first, demand and transit bias."""
    review = week_vs_plan(db, actor, week)
    if format == "json":
        return review
    with tempfile.TemporaryDirectory(prefix="lanewise-review-") as tmp:
        path = write_week_review_xlsx(review, Path(tmp) / "review.xlsx")
        body = path.read_bytes()
    return Response(
        body,
        media_type=MEDIA_TYPES["xlsx"][0],
        headers={"Content-Disposition": f'attachment; filename="plan-vs-actual-{week}.xlsx"'},
    )
