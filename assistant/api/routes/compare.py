"""Scorecards over HTTP: two to five versions side by side (``GET /compare``), as JSON or XLSX.

``versions`` names them comma-separated as ``scenario:n`` (``12:3,12:4,15:1``); a
scenario without ``:n`` stands for its head, and names work as well as ids. The first
version is the baseline of every change. A malformed list answers 422 naming ``versions``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from assistant.api.deps import ActorDep, DbDep
from assistant.api.files import MEDIA_TYPES
from assistant.api.problems import ApiProblem, ErrorItem, problem_responses
from tools import (
    DRILL_LEVELS,
    DrillLevel,
    InvalidRequest,
    Scorecard,
    parse_versions,
    scorecard,
    scorecard_xlsx,
)

router = APIRouter(tags=["results"])

VersionsQuery = Annotated[
    str,
    Query(
        min_length=3,
        max_length=500,
        description=(
            "2 to 5 versions, comma-separated, each `scenario:n` (scenario id or name; "
            "without `:n` its head). The first is the baseline."
        ),
        examples=["12:3,12:4,15:1"],
    ),
]


@router.get(
    "/compare",
    response_model=Scorecard,
    responses={
        200: {"content": {MEDIA_TYPES["xlsx"][0]: {}}},
        **problem_responses(400, 401, 404, 422),
    },
)
def compare(
    versions: VersionsQuery,
    db: DbDep,
    actor: ActorDep,
    by: Annotated[
        list[DrillLevel] | None,
        Query(
            description="Breakdown levels to include (default: all of region, hub, lane, customer)."
        ),
    ] = None,
    format: Annotated[
        Literal["json", "xlsx"], Query(description="`json` or an `xlsx` workbook.")
    ] = "json",
) -> Scorecard | Response:
    """A scorecard: each version's KPIs, their changes against the first version, violations,
    plan quality, and breakdowns by region, hub, lane and customer."""
    try:
        refs = parse_versions(versions)
    except InvalidRequest as exc:
        raise ApiProblem(
            422,
            "Invalid input",
            str(exc),
            errors=[ErrorItem(field="versions", reason=str(exc).removeprefix("versions: "))],
        ) from None
    card = scorecard(db, actor, refs, levels=by or DRILL_LEVELS)
    if format == "json":
        return card
    name = "-".join(f"{c.scenario_id}v{c.n}" for c in card.columns)
    return Response(
        scorecard_xlsx(card),
        media_type=MEDIA_TYPES["xlsx"][0],
        headers={"Content-Disposition": f'attachment; filename="scorecard-{name}.xlsx"'},
    )
