"""The plan a week of actuals executed, recorded when the week is first stored.

A version's plan is its best stored solve run, and that changes: a full-effort solve lands
later, or a run is re-solved in place. Plan vs actual must judge the week against the plan
it executed, so the first import of a week records that run and a digest of its plan; the
digest tells whether the run still holds that plan.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, ValidationError

from solver import Plan, SolveSettings
from storage import Database
from tools.solving import run_plan, stored_plan_run

__all__ = ["EXECUTED_PLAN_KEY", "ExecutedPlan", "executed_plan_of", "plan_executed"]

EXECUTED_PLAN_KEY = "executed_plan"
"""Where an import's ``settings`` record the plan the week executed."""


class ExecutedPlan(BaseModel):
    """A solve run and the digest of the plan it held when the week was stored."""

    run_id: int
    digest: str


def plan_digest(plan: Plan) -> str:
    """A short digest of a plan's content."""
    return hashlib.sha256(plan.model_dump_json().encode()).hexdigest()[:16]


def executed_plan_of(
    db: Database, network_hash: str, settings: SolveSettings | None = None
) -> ExecutedPlan | None:
    """The record of the plan a version runs now (its best stored run, or the run of
    ``settings``); None when it has no plan."""
    found = stored_plan_run(db, network_hash, settings)
    return None if found is None else ExecutedPlan(run_id=found[0], digest=plan_digest(found[1]))


def plan_executed(db: Database, imports: list[dict[str, Any] | None]) -> Plan | None:
    """The plan recorded by the first of a week's imports (their ``settings``, oldest first)
    that recorded one, if its run still holds it; None otherwise."""
    for settings in imports:
        raw = (settings or {}).get(EXECUTED_PLAN_KEY)
        if raw is None:
            continue
        try:
            executed = ExecutedPlan.model_validate(raw)
        except ValidationError:
            return None
        plan = run_plan(db, executed.run_id)
        return plan if plan is not None and plan_digest(plan) == executed.digest else None
    return None
