"""Simulated weeks: the actuals a version's plan would produce under seeded noise.

The noise model is :func:`solver.simulate_week` (documented in ``docs/actuals-format.md``);
this use case takes the plan stored for a version (live by default), simulates the week
and, unless asked not to, imports the result like any other actuals, recording the seed
and every setting with the import.
"""

from __future__ import annotations

from pydantic import BaseModel

from solver import (
    EditError,
    SimulationSettings,
    SolveSettings,
    WeekActuals,
    simulate_week,
    week_start_iso,
)
from storage import Database
from tools.actuals import ActualsImportView, import_actuals
from tools.errors import InvalidRequest
from tools.executed_plan import EXECUTED_PLAN_KEY, executed_plan_of
from tools.identity import UserRef
from tools.scenarios import LIVE, ScenarioRef, get_version
from tools.solving import solve_version, version_plan

__all__ = ["SimulatedWeek", "simulate_version_week"]


class SimulatedWeek(BaseModel):
    """The simulated actuals and, when stored, the import that holds them."""

    actuals: WeekActuals
    settings: SimulationSettings
    stored: ActualsImportView | None


def simulate_version_week(
    db: Database,
    actor: UserRef,
    week: str,
    settings: SimulationSettings,
    *,
    scenario: ScenarioRef = LIVE,
    n: int | None = None,
    store: bool = True,
    solve_settings: SolveSettings | None = None,
    solve_missing: bool = False,
) -> SimulatedWeek:
    """Simulate ``week`` from the stored plan of a version (live head by default).

    With ``solve_missing`` a version without a stored plan is solved first (planners,
    ``solve_settings`` or the interactive settings).

    Raises
    ------
    InvalidRequest
        The version has no stored plan.
    InvalidRequest
        Also when the settings name customers, regions, lanes or hubs the network lacks.
    """
    try:
        week_start_iso(week)
    except ValueError as exc:
        raise InvalidRequest(str(exc)) from None
    version = get_version(db, actor, scenario, n)
    network, plan = version_plan(db, actor, scenario, version.n, settings=solve_settings)
    if plan is None and solve_missing:
        solve_version(db, actor, scenario, version.n, settings=solve_settings)
        network, plan = version_plan(db, actor, scenario, version.n, settings=solve_settings)
    if plan is None:
        raise InvalidRequest(
            f"{version.scenario_name} v{version.n} has no solved plan to simulate: solve it "
            f"first (POST /api/v1/scenarios/{version.scenario_id}/versions/{version.n}/solves)"
        )
    executed = executed_plan_of(db, version.network_hash, solve_settings)
    ran = executed.model_dump() if executed is not None else None
    try:
        actuals = simulate_week(network, plan, settings, week)
    except EditError as exc:
        raise InvalidRequest(str(exc)) from None
    stored = None
    if store:
        stored = import_actuals(
            db,
            actor,
            actuals,
            scenario=version.scenario_id,
            n=version.n,
            settings={"simulator": settings.model_dump(mode="json"), EXECUTED_PLAN_KEY: ran},
        )
    return SimulatedWeek(actuals=actuals, settings=settings, stored=stored)
