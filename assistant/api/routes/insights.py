"""Readings of a solved version: why service is lost (binding resources), what the plan uses
to its limit, what it runs on a lane, where it runs empty or part-full, where trailers pile
up or run short, and a short brief against live. Unsolved versions answer 400."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from assistant.api.deps import ActorDep, DbDep
from assistant.api.problems import problem_responses
from assistant.api.schemas import ScenarioPath, VersionPath
from tools import (
    BalanceOutlook,
    BindingConstraints,
    ExecutiveSummary,
    LaneFill,
    LaneTraffic,
    ResourceKind,
    ServiceDrivers,
    balance_outlook,
    binding_constraints,
    executive_summary,
    lane_fill,
    lane_traffic,
    service_drivers,
)

router = APIRouter(prefix="/scenarios/{scenario}/versions/{n}", tags=["results"])

TopQuery = Annotated[int, Query(ge=1, le=50, description="How many items to list.")]


@router.get("/explain", response_model=ServiceDrivers, responses=problem_responses(400, 401, 404))
def explain(
    scenario: ScenarioPath, n: VersionPath, db: DbDep, actor: ActorDep, top: TopQuery = 5
) -> ServiceDrivers:
    """Why service is where it is: the demands losing most, and the saturated lanes, hubs
    and driver pools at their ends."""
    return service_drivers(db, actor, scenario, n, top=top)


@router.get(
    "/limits", response_model=BindingConstraints, responses=problem_responses(400, 401, 404)
)
def limits(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    kinds: Annotated[
        list[ResourceKind], Query(description="Only these kinds (repeatable); default: all.")
    ] = [],  # noqa: B006 - FastAPI copies query defaults
    days: Annotated[
        list[Annotated[int, Field(ge=0, le=13)]],
        Query(description="Only these day indexes, 0 = Monday (repeatable); default: all."),
    ] = [],  # noqa: B006
    hubs: Annotated[
        list[str],
        Query(description="Only what touches these hub ids (repeatable); default: all."),
    ] = [],  # noqa: B006
    regions: Annotated[
        list[str], Query(description="Only what touches these regions (repeatable).")
    ] = [],  # noqa: B006
) -> BindingConstraints:
    """What the stored plan uses to its limit, per day: lanes using every departure, hubs at
    their throughput, regions using all their driver-hours. Read-only; nothing is solved."""
    return binding_constraints(
        db, actor, scenario, n, kinds=kinds, days=days, hubs=hubs, regions=regions
    )


@router.get("/traffic", response_model=LaneTraffic, responses=problem_responses(400, 401, 404))
def traffic(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    origin: Annotated[str, Query(min_length=1, description="Hub id the lane leaves.")],
    destination: Annotated[str, Query(min_length=1, description="Hub id the lane reaches.")],
    days: Annotated[
        list[Annotated[int, Field(ge=0, le=13)]],
        Query(description="Only these day indexes, 0 = Monday (repeatable); default: all."),
    ] = [],  # noqa: B006 - FastAPI copies query defaults
    both_ways: Annotated[
        bool, Query(description="Also the lane back, destination to origin ('between A and B').")
    ] = False,
) -> LaneTraffic:
    """What the stored plan runs from ``origin`` to ``destination`` (and back, with
    ``both_ways``), per day: loaded and empty departures, tonnes, truck fill and the lane's
    daily limit; without a direct lane, the hubs connecting the two. Read-only; nothing is
    solved."""
    return lane_traffic(
        db,
        actor,
        scenario,
        n,
        origin=origin,
        destination=destination,
        days=days,
        both_ways=both_ways,
    )


@router.get("/fill", response_model=LaneFill, responses=problem_responses(400, 401, 404))
def fill(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    days: Annotated[
        list[Annotated[int, Field(ge=0, le=13)]],
        Query(description="Only these day indexes, 0 = Monday (repeatable); default: all."),
    ] = [],  # noqa: B006 - FastAPI copies query defaults
    regions: Annotated[
        list[str],
        Query(description="Only lanes to or from these regions (repeatable); default: all."),
    ] = [],  # noqa: B006 - FastAPI copies query defaults
) -> LaneFill:
    """Where the stored plan runs empty trailers and part-full trucks: per lane, its loaded
    trucks, their tonnes and room, and its empty trailers with their days. Read-only."""
    return lane_fill(db, actor, scenario, n, days=days, regions=regions)


@router.get("/balance", response_model=BalanceOutlook, responses=problem_responses(400, 401, 404))
def balance(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    by_day: Annotated[
        int | None, Query(ge=0, le=13, description="Day index (0 = Monday); default: last.")
    ] = None,
    top: TopQuery = 5,
) -> BalanceOutlook:
    """Hubs furthest out of trailer balance from the start of the week to ``by_day``."""
    return balance_outlook(db, actor, scenario, n, by_day=by_day, top=top)


@router.get("/brief", response_model=ExecutiveSummary, responses=problem_responses(400, 401, 404))
def brief(scenario: ScenarioPath, n: VersionPath, db: DbDep, actor: ActorDep) -> ExecutiveSummary:
    """A short brief of the version against live: three numbers, a recommendation, a risk."""
    return executive_summary(db, actor, scenario, n)
