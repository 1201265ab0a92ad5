"""Why-not answers: try the planner's forced alternative, then say why the plan avoided it.

"Why don't we route Berlin→Madrid freight through Lyon?" becomes a what-if whose edits
force the alternative (:class:`~solver.edits.RouteVia`, :class:`~solver.edits.UseLane`).
The answer gives the cost and service difference against the parent and the reasons the
plan did not choose it, each computed from the two evaluated plans: extra dispatches and
kilometres and what they cost, handling at the extra hub, how full the forced lane's
trucks would run, freight that would miss its promise, and capacity or driver limits the
forced plan runs into. Only reasons the numbers support are given; a difference inside
what the solver can distinguish is said to be so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from solver import Edit, Evaluation, Network, SolveSettings, parse_edits
from solver.edits import RouteVia, UseLane, resolve_one_lane
from storage import Database
from tools.identity import UserRef
from tools.scenarios import ScenarioRef, version_network
from tools.solving import version_result
from tools.trust import noise_sentence
from tools.whatif import ProgressFn, WhatIfOutcome, what_if
from tools.wording import join_words

__all__ = ["WhyNotAnswer", "avoidance_reasons", "why_not"]

FULL = 0.999
"""Utilisation from which a hub, driver pool or lane-day counts as at its limit."""


class WhyNotAnswer(BaseModel):
    """The forced alternative's what-if and why the plan had not chosen it."""

    outcome: WhatIfOutcome
    cost_delta_eur: float | None
    within_noise: bool
    reasons: list[str]
    """Why the parent's plan avoided the alternative, from the two plans' numbers."""
    broken_promise: str | None
    """Set when forcing the alternative leaves freight late or unserved that was on time."""
    summary: str


def _eur(x: float) -> str:
    return f"€{abs(x):,.0f}"


def _km(net: Network, ev: Evaluation) -> float:
    """Kilometres driven by every dispatch (loaded and empty) of a plan."""
    return sum(
        (row.trucks + row.empty_trailers) * net.lane_by_id[row.lane_id].distance_km
        for row in ev.lane_buckets
        if row.lane_id in net.lane_by_id
    )


def _at_limit(ev: Evaluation) -> set[str]:
    """Hub-days, driver-days and lane-days used to their limit, as phrases."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    out = {
        f"hub {h.hub_id} throughput on {days[h.day % 7]}"
        for h in ev.hub_days
        if h.capacity_t > 0 and h.utilisation >= FULL
    }
    out |= {
        f"drivers in the {d.region} on {days[d.day % 7]}"
        for d in ev.driver_days
        if d.hours_available is not None and d.utilisation >= FULL
    }
    out |= {
        f"lane {ld.lane_id} trucks on {days[ld.day % 7]}"
        for ld in ev.lane_days
        if ld.max_trucks > 0 and ld.utilisation >= FULL
    }
    return out


def _forced_demands(net: Network, edits: Sequence[Edit]) -> set[str]:
    """Demands a via edit forces (those with a via rule on the child network)."""
    if not any(isinstance(e, RouteVia) for e in edits):
        return set()
    return set(net.via_of)


def avoidance_reasons(
    parent_net: Network,
    parent: Evaluation,
    child_net: Network,
    child: Evaluation,
    edits: Sequence[Edit],
) -> tuple[list[str], str | None]:
    """Why the parent's plan avoided the forced alternative, and any broken promise."""
    reasons: list[str] = []
    pk, ck = parent.kpis, child.kpis
    dispatches = (ck.trucks + ck.empty_trailers) - (pk.trucks + pk.empty_trailers)
    km = _km(child_net, child) - _km(parent_net, parent)
    line = (ck.linehaul_cost_eur + ck.empty_cost_eur) - (pk.linehaul_cost_eur + pk.empty_cost_eur)
    if dispatches > 0 or line > 0.5:
        parts = []
        if dispatches > 0:
            parts.append(f"{dispatches} more truck dispatch{'es' if dispatches != 1 else ''}")
        if km > 0.5:
            parts.append(f"{km:,.0f} more km")
        what = " and ".join(parts) or "dearer lanes"
        reasons.append(f"it needs {what} a week, {_eur(line)} more in line-haul")
    handling = ck.handling_cost_eur - pk.handling_cost_eur
    if handling > 0.5:
        reasons.append(f"the extra stop adds {_eur(handling)} of handling a week")
    for edit in edits:
        if not isinstance(edit, UseLane):
            continue
        lane = resolve_one_lane(child_net, edit.lane)
        rule = next((r for r in child_net.lane_rules if r.lane == lane.id), None)
        if rule is None:
            continue
        days = rule.days or tuple(range(child_net.calendar.days))
        rows = [r for r in child.lane_buckets if r.lane_id == lane.id and r.day in days]
        trucks = sum(r.trucks for r in rows)
        tonnes = sum(r.loaded_t for r in rows)
        if trucks:
            fill = tonnes / (trucks * lane.truck_capacity_t)
            reasons.append(
                f"lane {lane.id} costs {_eur(lane.cost_eur_per_truck)} a dispatch and would carry "
                f"{tonnes:,.1f} t on {trucks} truck{'s' if trucks != 1 else ''} "
                f"({fill:.0%} full)"
            )
    new_limits = sorted(_at_limit(child) - _at_limit(parent))
    if new_limits:
        reasons.append(f"it runs into limits: {join_words(new_limits, limit=3)}")
    late = ck.late_t - pk.late_t
    unserved = ck.unserved_t - pk.unserved_t
    broken = None
    forced = _forced_demands(child_net, edits)
    before = {d.demand_id: d for d in parent.demands}
    missed = sum(
        max(0.0, before[d.demand_id].on_time_t - d.on_time_t)
        for d in child.demands
        if d.demand_id in before and (not forced or d.demand_id in forced)
    )
    if missed > 0.05 or late > 0.05 or unserved > 0.05:
        parts = []
        if late > 0.05:
            parts.append(f"{late:,.1f} t more late")
        if unserved > 0.05:
            parts.append(f"{unserved:,.1f} t more not served")
        detail = f" ({', '.join(parts)})" if parts else ""
        broken = (
            f"forcing it breaks the promise: {missed:,.1f} t that arrived on time no longer "
            f"would{detail}"
        )
        reasons.append(f"{missed:,.1f} t would miss the service window{detail}")
    return reasons, broken


def why_not(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef | None,
    edits: Sequence[Edit | Mapping[str, Any]],
    *,
    message: str,
    settings: SolveSettings | None = None,
    progress: ProgressFn | None = None,
) -> WhyNotAnswer:
    """Force the alternative as a new version, solve it, and say why the plan avoided it."""
    parsed = parse_edits(list(edits))
    outcome = what_if(
        db, actor, scenario, parsed, message=message, settings=settings, progress=progress
    )
    sid, parent_n = outcome.scenario_id, outcome.parent_version
    noise = outcome.cost_noise
    delta = noise.delta_eur if noise is not None else None
    within = noise is not None and not noise.distinguishable
    reasons: list[str] = []
    broken: str | None = None
    if parent_n is not None:
        parent = version_result(db, actor, sid, parent_n)
        child = version_result(db, actor, sid, outcome.version)
        if parent.evaluation is not None and child.evaluation is not None:
            reasons, broken = avoidance_reasons(
                version_network(db, actor, sid, parent_n),
                parent.evaluation,
                version_network(db, actor, sid, outcome.version),
                child.evaluation,
                parsed,
            )
    return WhyNotAnswer(
        outcome=outcome,
        cost_delta_eur=delta,
        within_noise=within,
        reasons=reasons,
        broken_promise=broken,
        summary=_summary(outcome, delta, within, reasons, broken),
    )


def _summary(
    outcome: WhatIfOutcome,
    delta: float | None,
    within: bool,
    reasons: list[str],
    broken: str | None,
) -> str:
    """The answer's opening lines: the verdict, then the reasons the numbers support."""
    what = "; ".join(outcome.edits)
    if delta is None:
        head = f"{what}: one of the plans is not solved, so the difference cannot be judged."
    elif within and outcome.cost_noise is not None:
        noise = noise_sentence(outcome.cost_noise)
        head = f"{what}: {noise}, so the plan had no clear reason to avoid it."
    elif delta > 0.5:
        head = f"{what} costs {_eur(delta)} more a week. {outcome.tradeoff}"
    elif delta < -0.5:
        head = (
            f"{what} would save {_eur(delta)} a week: the plan had not found it. {outcome.tradeoff}"
        )
    else:
        head = f"{what} costs the same. {outcome.tradeoff}"
    lines = [head]
    if broken:
        lines.append(broken[0].upper() + broken[1:] + ".")
    if reasons and not within and delta is not None and delta > 0.5:
        lines.append("The plan avoids it because " + "; ".join(reasons) + ".")
    return "\n".join(lines)
