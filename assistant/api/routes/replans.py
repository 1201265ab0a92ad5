"""Mid-week re-plans: freeze a week's actuals up to a day, re-plan the rest, file the fix."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from tools.replan import DEFAULT_THRESHOLD, ReplanView, mid_week_replan

router = APIRouter(tags=["actuals"])


class ReplanRequest(BaseModel):
    """Which week, the last day its actuals count for, and the day to look at."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"week": "2026-W49", "through": 1, "by_day": 3}]},
    )

    week: Annotated[str, Field(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2026-W49.")]
    through: int | None = Field(
        default=None,
        ge=0,
        le=12,
        description="Last day (0 = Monday) whose actuals are frozen; default: the last they reach.",
    )
    by_day: int | None = Field(
        default=None, ge=0, le=13, description="Day to report the balance at (default: +3 days)."
    )
    threshold: int = Field(
        default=DEFAULT_THRESHOLD, ge=1, le=1000, description="Trailers off plan that count."
    )
    file_scenario: bool = Field(
        default=True, description="File the recommended adjustment as a new scenario version."
    )


@router.post(
    "/replans",
    response_model=ReplanView,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def replan(body: ReplanRequest, db: DbDep, actor: ActorDep) -> ReplanView:
    """Freeze the week up to ``through``, re-plan the rest and report the trailer balance.

    Hubs whose trailers on hand will be off the plan by ``threshold`` or more at the start
    of ``by_day`` if we carry on, the re-plan's cost and service against carrying on, and
    (planners) the recommended trailer moves filed as a new private scenario version.
    """
    return mid_week_replan(
        db,
        actor,
        body.week,
        through=body.through,
        by_day=body.by_day,
        threshold=body.threshold,
        file_scenario=body.file_scenario,
    )
