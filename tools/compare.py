"""Side-by-side KPIs of two solved versions: the headline numbers a planner reads first.

A cost difference smaller than the two plans' combined uncertainty (each plan may be up
to its gap above the best plan of its network) gets no better/worse verdict: it is said
to be within what the solver can distinguish.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from solver import Kpis
from storage import Database
from tools.identity import UserRef
from tools.scenarios import LIVE, ScenarioRef, get_scenario, get_version
from tools.solving import VersionResult, version_result
from tools.trust import CostNoise, cost_noise, noise_sentence

Unit = Literal["eur", "share", "t", "count", "eur_per_tkm"]


class Headline(BaseModel):
    """A KPI worth showing, its label and unit, and which direction is good."""

    key: str
    label: str
    unit: Unit
    higher_is_better: bool | None


HEADLINES: tuple[Headline, ...] = (
    Headline(key="total_cost_eur", label="Total cost / week", unit="eur", higher_is_better=False),
    Headline(key="service_level", label="On-time service", unit="share", higher_is_better=True),
    Headline(key="late_t", label="Late", unit="t", higher_is_better=False),
    Headline(key="unserved_t", label="Unserved", unit="t", higher_is_better=False),
    Headline(key="trucks", label="Truck dispatches", unit="count", higher_is_better=None),
    Headline(key="truck_fill_rate", label="Truck fill", unit="share", higher_is_better=True),
    Headline(key="empty_km_share", label="Empty km", unit="share", higher_is_better=False),
    Headline(key="hub_utilisation_max", label="Peak hub use", unit="share", higher_is_better=None),
    Headline(
        key="driver_utilisation_max", label="Peak driver use", unit="share", higher_is_better=None
    ),
    Headline(
        key="cost_per_tkm_eur", label="Cost per t·km", unit="eur_per_tkm", higher_is_better=False
    ),
    Headline(key="hard_violations", label="Hard violations", unit="count", higher_is_better=False),
)
"""The KPIs shown in answers, pages and charts, in this order."""


class KpiChange(BaseModel):
    """One headline KPI before and after, the change, and whether it is an improvement."""

    key: str
    label: str
    unit: Unit
    before: float | None
    after: float | None
    delta: float | None
    better: bool | None
    note: str = ""
    """Why there is no verdict although the value moved (a difference inside the noise)."""


class Comparison(BaseModel):
    """Two versions' headline KPIs side by side (``changes`` empty if either is unsolved)."""

    before: VersionResult
    after: VersionResult
    changes: list[KpiChange]
    note: str
    cost_noise: CostNoise | None = None


def kpi_changes(before: Kpis | None, after: Kpis | None) -> list[KpiChange]:
    """Headline KPIs of two evaluations with their deltas; missing sides give None."""
    out = []
    for h in HEADLINES:
        b = float(getattr(before, h.key)) if before is not None else None
        a = float(getattr(after, h.key)) if after is not None else None
        delta = a - b if a is not None and b is not None else None
        better = None
        if delta is not None and h.higher_is_better is not None and abs(delta) > 1e-9:
            better = (delta > 0) == h.higher_is_better
        out.append(
            KpiChange(
                key=h.key,
                label=h.label,
                unit=h.unit,
                before=b,
                after=a,
                delta=delta,
                better=better,
            )
        )
    return out


def results_noise(before: VersionResult, after: VersionResult) -> CostNoise | None:
    """The cost difference of two evaluated plans against their combined uncertainty."""
    if before.kpis is None or after.kpis is None:
        return None
    return cost_noise(
        before_eur=before.kpis.total_cost_eur,
        after_eur=after.kpis.total_cost_eur,
        gap_before=before.run.gap if before.run else None,
        gap_after=after.run.gap if after.run else None,
    )


def judged(changes: list[KpiChange], noise: CostNoise | None) -> list[KpiChange]:
    """The changes with the cost verdict withdrawn when the difference is inside the noise."""
    if noise is None or noise.distinguishable:
        return changes
    return [
        c.model_copy(update={"better": None, "note": noise_sentence(noise)})
        if c.key == "total_cost_eur" and c.delta is not None and abs(c.delta) > 1e-9
        else c
        for c in changes
    ]


def compare_results(before: VersionResult, after: VersionResult) -> Comparison:
    """Compare two already-read results, judging the cost delta against the solver's noise."""
    missing = [f"{r.scenario_name} v{r.n}" for r in (before, after) if r.evaluation is None]
    note = f"not solved yet: {', '.join(missing)}" if missing else ""
    if missing:
        return Comparison(before=before, after=after, changes=[], note=note)
    noise = results_noise(before, after) if before is not after else None
    changes = judged(kpi_changes(before.kpis, after.kpis), noise)
    return Comparison(before=before, after=after, changes=changes, note=note, cost_noise=noise)


def compare_versions(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    against: Literal["live", "parent"] | tuple[ScenarioRef, int | None] = "live",
) -> Comparison:
    """Version ``n`` of ``scenario`` (head if None) against live's head, its parent, or any
    version, using each side's stored plan (nothing is solved here)."""
    after = version_result(db, actor, scenario, n)
    if against == "live":
        live = get_scenario(db, actor, LIVE)
        before = version_result(db, actor, live.id, live.head)
    elif against == "parent":
        version = get_version(db, actor, scenario, after.n)
        if version.parent_n is None:
            return Comparison(
                before=after, after=after, changes=[], note=f"v{after.n} has no parent version"
            )
        before = version_result(db, actor, scenario, version.parent_n)
    else:
        before = version_result(db, actor, against[0], against[1])
    return compare_results(before, after)
