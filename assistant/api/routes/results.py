"""Results of solved versions: KPIs and violations, full evaluation tables, the instant
impact of an edit on the parent's plan, and comparisons with the parent, live or any version.

Nothing here solves: a version without a stored plan reports ``solved: false`` (start a
solve job first).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from assistant.api.deps import ActorDep, DbDep
from assistant.api.files import MEDIA_TYPES, NetworkFormat, plan_bytes
from assistant.api.problems import ApiProblem, problem_responses
from assistant.api.routes.versions import AgainstQuery
from assistant.api.schemas import ScenarioPath, VersionPath
from tools import (
    CostNoise,
    Evaluation,
    KpiChange,
    Kpis,
    SolveRunView,
    VersionResult,
    Violation,
    compare_versions,
    get_version,
    instant_impact,
    parse_version_ref,
    version_plan,
    version_result,
)

router = APIRouter(prefix="/scenarios/{scenario}/versions/{n}", tags=["results"])


class ResultOut(BaseModel):
    """A version's KPIs and violations (from its stored plan, evaluated independently)."""

    scenario_id: int
    scenario_name: str
    n: int
    network_hash: str
    solved: bool
    run: SolveRunView | None
    quality: str = Field(
        default="",
        description=(
            "The plan's status and gap in words, e.g. 'proven within 0.8% of the best "
            "possible plan' or 'not yet proven: at most 7.9% above the best possible plan' "
            "(run.gap is to a lower bound on every plan of the network)."
        ),
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="Reasons not to act on this plan (unfinished, collapsed, broken, unproven).",
    )
    kpis: Kpis | None
    violations: list[Violation]
    note: str = Field(default="", description="Why there are no KPIs, when there are none.")


class ImpactOut(BaseModel):
    """The parent's plan evaluated on this version's network: what breaks if nobody re-plans."""

    available: bool
    kpis: Kpis | None
    violations: list[Violation]
    note: str = ""


class Side(BaseModel):
    """One side of a comparison."""

    scenario_id: int
    scenario_name: str
    n: int
    network_hash: str
    solved: bool
    url: str
    quality: str = Field(default="", description="The side's plan quality in words.")
    warnings: list[str] = Field(
        default_factory=list, description="Reasons not to act on the side's plan."
    )


class ComparisonOut(BaseModel):
    """Headline KPIs of two versions side by side, with deltas and which way is better."""

    before: Side
    after: Side
    changes: list[KpiChange]
    note: str
    cost_noise: CostNoise | None = Field(
        default=None,
        description=(
            "The cost delta against the two plans' combined uncertainty; when not "
            "distinguishable, the cost change carries no better/worse verdict."
        ),
    )


def _result(r: VersionResult) -> ResultOut:
    return ResultOut(
        scenario_id=r.scenario_id,
        scenario_name=r.scenario_name,
        n=r.n,
        network_hash=r.network_hash,
        solved=r.evaluation is not None,
        run=r.run,
        quality=r.run.quality if r.run is not None else "",
        warnings=r.warnings,
        kpis=r.kpis,
        violations=list(r.violations),
        note="" if r.evaluation is not None else "not solved yet: POST …/solves to solve it",
    )


def _side(r: VersionResult) -> Side:
    return Side(
        scenario_id=r.scenario_id,
        scenario_name=r.scenario_name,
        n=r.n,
        network_hash=r.network_hash,
        solved=r.evaluation is not None,
        url=f"/scenarios/{r.scenario_id}/versions/{r.n}",
        quality=r.run.quality if r.run is not None else "",
        warnings=r.warnings,
    )


@router.get("/result", response_model=ResultOut, responses=problem_responses(401, 404))
def result(scenario: ScenarioPath, n: VersionPath, db: DbDep, actor: ActorDep) -> ResultOut:
    """KPIs and every violation of the version's plan (``solved: false`` if none yet)."""
    return _result(version_result(db, actor, scenario, n))


@router.get("/evaluation", response_model=Evaluation, responses=problem_responses(401, 404))
def evaluation(scenario: ScenarioPath, n: VersionPath, db: DbDep, actor: ActorDep) -> Evaluation:
    """The full evaluation: KPIs, violations and per lane / hub / trailer / driver day tables."""
    r = version_result(db, actor, scenario, n)
    if r.evaluation is None:
        raise ApiProblem(404, "Not found", f"{r.scenario_name} v{r.n} is not solved yet")
    return r.evaluation


@router.get("/impact", response_model=ImpactOut, responses=problem_responses(401, 404))
def impact(scenario: ScenarioPath, n: VersionPath, db: DbDep, actor: ActorDep) -> ImpactOut:
    """The instant impact of this version's edits on its parent's plan (no solve)."""
    ev = instant_impact(db, actor, scenario, n)
    if ev is None:
        return ImpactOut(
            available=False, kpis=None, violations=[], note="the parent version has no plan"
        )
    return ImpactOut(available=True, kpis=ev.kpis, violations=list(ev.violations))


@router.get("/compare", response_model=ComparisonOut, responses=problem_responses(400, 401, 404))
def compare(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    against: AgainstQuery = "live",
) -> ComparisonOut:
    """This version's headline KPIs against live's head, its parent, or ``scenario@n``."""
    key = against.strip().lower()
    if key in ("live", "parent"):
        target = "live" if key == "live" else "parent"
        c = compare_versions(db, actor, scenario, n, against=target)  # type: ignore[arg-type]
    else:
        ref = parse_version_ref(against)
        get_version(db, actor, ref.scenario, ref.n)
        c = compare_versions(db, actor, scenario, n, against=(ref.scenario, ref.n))
    return ComparisonOut(
        before=_side(c.before),
        after=_side(c.after),
        changes=c.changes,
        note=c.note,
        cost_noise=c.cost_noise,
    )


@router.get(
    "/plan",
    response_class=Response,
    responses={
        200: {
            "description": "The plan file (lane dispatches per bucket, legs, demands, KPIs).",
            "content": {media: {} for media, _ in MEDIA_TYPES.values()},
        },
        **problem_responses(401, 404, 422),
    },
)
def plan_export(
    scenario: ScenarioPath,
    n: VersionPath,
    db: DbDep,
    actor: ActorDep,
    format: Annotated[
        NetworkFormat, Query(description="`csv` (a zip of CSV files), `xlsx` or `json`.")
    ] = "json",
) -> Response:
    """The version's solved plan for the TMS: CSV tables (zip), an XLSX workbook or JSON."""
    result = version_result(db, actor, scenario, n)
    network, plan = version_plan(db, actor, scenario, n)
    if plan is None or result.evaluation is None:
        raise ApiProblem(
            404, "Not found", f"{result.scenario_name} v{result.n} is not solved yet: no plan"
        )
    media, ext = MEDIA_TYPES[format]
    name = f"{result.scenario_name}-v{result.n}-plan.{ext}"
    safe = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "-" for c in name)
    return Response(
        plan_bytes(network, plan, format, result.evaluation),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
