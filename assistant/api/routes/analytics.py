"""What-if analytics of a solved version: stress test, cost–service frontier, dual-based
explanation and critical hubs/lanes. Each runs its solves on the sweep executor; an
unsolved version answers 400."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from assistant.api.schemas import ScenarioPath, VersionPath
from tools import (
    INTERACTIVE_SETTINGS,
    CriticalElement,
    Explanation,
    FrontierReport,
    StressReport,
    WhyAnswer,
    critical_elements,
    explain,
    frontier,
    stress_test,
    why_levers,
)

router = APIRouter(prefix="/scenarios/{scenario}/versions/{n}", tags=["analytics"])


class StressRequest(BaseModel):
    """How to perturb demand while the version's trucks are held."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"factor": 1.2, "regions": ["north"], "draws": 0}]},
    )

    factor: float = Field(default=1.2, gt=0, le=10, description="Demand multiplier.")
    regions: list[str] = Field(default=[], description="Origin regions (all if empty).")
    days: list[int] = Field(default=[], description="Release days, 0 = Monday (all if empty).")
    draws: int = Field(default=0, ge=0, le=200, description="Random draws (0: one scenario).")
    sigma: float = Field(default=0.15, ge=0, le=2, description="Lognormal noise of draws.")
    seed: int = Field(default=7, ge=0)


class FrontierRequest(BaseModel):
    """The on-time service targets to price."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"targets": [0.9, 0.95, 0.98, 1.0]}]}
    )

    targets: list[float] = Field(
        default=[0.9, 0.92, 0.94, 0.96, 0.98, 1.0], min_length=1, max_length=20
    )


@router.post("/stress", response_model=StressReport, responses=problem_responses(400, 401, 404))
def stress(
    scenario: ScenarioPath, n: VersionPath, body: StressRequest, db: DbDep, actor: ActorDep
) -> StressReport:
    """Does the plan survive? Hold its trucks, re-route under the changed demand."""
    return stress_test(
        db,
        actor,
        scenario,
        n,
        factor=body.factor,
        regions=body.regions,
        days=body.days,
        draws=body.draws,
        sigma=body.sigma,
        seed=body.seed,
    )


@router.post("/frontier", response_model=FrontierReport, responses=problem_responses(400, 401, 404))
def cost_service_frontier(
    scenario: ScenarioPath, n: VersionPath, body: FrontierRequest, db: DbDep, actor: ActorDep
) -> FrontierReport:
    """The cheapest plan found for each service target: the curve and its knee."""
    return frontier(db, actor, scenario, n, targets=body.targets)


@router.get("/why", response_model=Explanation, responses=problem_responses(400, 401, 404))
def why(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    top: Annotated[int, Query(ge=1, le=50)] = 5,
) -> Explanation:
    """What blocks each late or unserved demand and what relaxing it is worth (LP duals)."""
    return explain(db, actor, scenario, n, top=top)


@router.get("/levers", response_model=WhyAnswer, responses=problem_responses(400, 401, 404))
def levers(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    focus: Annotated[
        Literal["service", "cost"],
        Query(
            description="`service`: levers that bring freight back on time; `cost`: all, by saving."
        ),
    ] = "service",
) -> WhyAnswer:
    """What would help most, one lever per line (a limit binding on several days is one
    lever with its days), ranked for the question; the text lists ten, ``levers`` all.
    Savings are checked by re-solving when that fits in the chat's time limit."""
    return why_levers(
        db, actor, scenario, n, focus=focus, budget_s=INTERACTIVE_SETTINGS.time_limit_s
    )


@router.get(
    "/critical", response_model=list[CriticalElement], responses=problem_responses(400, 401, 404)
)
def critical(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    top: Annotated[int, Query(ge=1, le=20)] = 5,
    resolve_top: Annotated[int, Query(ge=0, le=5)] = 0,
) -> list[CriticalElement]:
    """The hubs and lanes whose loss would cost most (the first ones checked by re-solving)."""
    return list(critical_elements(db, actor, scenario, n, top=top, resolve_top=resolve_top))
