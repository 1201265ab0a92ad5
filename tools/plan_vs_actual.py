"""Plan vs actual for a stored week: the version's plan against what was executed.

The comparison itself is :func:`solver.plan_vs_actual` (pure); this use case finds the
week's actuals, the version they executed and that version's stored plan.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from solver import Network, Plan, PlanVsActual, SolveSettings, plan_vs_actual
from storage import Database
from tools.actuals import StoredWeek, week_actuals
from tools.errors import InvalidRequest
from tools.executed_plan import plan_executed
from tools.identity import UserRef
from tools.scenarios import VersionView, version_network
from tools.solving import stored_plan_run, version_plan

__all__ = ["WeekReview", "week_plan", "week_vs_plan"]


class WeekReview(BaseModel):
    """A week's plan-vs-actual report with the version whose plan it judges."""

    version: VersionView
    report: PlanVsActual
    plan_executed: bool = Field(
        default=True,
        description=(
            "True: judged against the plan the week executed (recorded when it was stored). "
            "False: that plan is no longer stored, or was not recorded, so against the "
            "version's best plan now, and the deviations include the difference between them."
        ),
    )


def week_vs_plan(
    db: Database, actor: UserRef, week: str, *, settings: SolveSettings | None = None
) -> WeekReview:
    """Compare a week's stored actuals with the plan they executed (recorded when the week
    was stored; the version's best plan now when that one is gone, and ``plan_executed``
    says so). With ``settings``, the version's run of those settings.

    Raises
    ------
    NotFound
        No actuals are stored for the week.
    InvalidRequest
        The version has no stored plan to compare with.
    """
    stored = week_actuals(db, actor, week)
    version = stored.version
    if settings is None:
        network, plan, executed = week_plan(db, actor, stored)
    else:
        (network, plan), executed = (
            version_plan(db, actor, version.scenario_id, version.n, settings=settings),
            False,
        )
    if plan is None:
        raise InvalidRequest(
            f"{version.scenario_name} v{version.n} has no solved plan to compare week {week} with"
        )
    return WeekReview(
        version=version,
        report=plan_vs_actual(network, plan, stored.actuals),
        plan_executed=executed,
    )


def week_plan(
    db: Database, actor: UserRef, stored: StoredWeek
) -> tuple[Network, Plan | None, bool]:
    """The network a stored week ran on, the plan it executed, and True; or, when that plan
    is no longer stored (see :mod:`tools.executed_plan`), the version's best plan now and
    False. What plan vs actual, the mid-week re-plan and the watcher carry on from."""
    version = stored.version
    network = version_network(db, actor, version.scenario_id, version.n)
    ran = plan_executed(db, [i.settings for i in stored.imports])
    if ran is not None:
        return network, ran, True
    best = stored_plan_run(db, version.network_hash)
    return network, best[1] if best else None, False
