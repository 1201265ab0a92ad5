"""Answers that read a solved version rather than change it: balance, service, summaries.

- :func:`balance_outlook` — where the network will be out of trailer balance by a day;
- :func:`service_drivers` — which demands lose service and the saturated resources on
  their way (lanes at their truck limit, hubs at capacity, regions out of drivers);
- :func:`executive_summary` — a short brief of a scenario against live: the three numbers
  that matter, a recommendation and its main risk.

Each answer opens with one warning line when the plan it reads has reasons against
acting on it (unfinished, collapsed service, hard violations, no bound), and the summary
never recommends adopting such a plan.
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel

from solver import DAY_NAMES, Evaluation, Network
from storage import Database
from tools.compare import KpiChange, compare_results
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.scenarios import LIVE, ScenarioRef, get_scenario, version_network
from tools.solving import VersionResult, version_result
from tools.trust import noise_sentence, not_to_act_on

SATURATED = 0.98
"""A resource used at or above this share of its limit counts as binding."""


def _solved(db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None) -> VersionResult:
    result = version_result(db, actor, scenario, n)
    if result.evaluation is None:
        raise InvalidRequest(
            f"{result.scenario_name} v{result.n} is not solved yet: solve it first"
        )
    return result


def _warned(result: VersionResult, text: str) -> str:
    """``text`` under the warning line of a plan that should not be acted on, if any."""
    line = not_to_act_on(result.warnings, what=f"{result.scenario_name} v{result.n}")
    return text if line is None else f"{line}\n{text}"


def _hub_name(net: Network, hub_id: str) -> str:
    hub = net.hub_by_id.get(hub_id)
    return f"{hub.name} ({hub_id})" if hub else hub_id


class HubBalance(BaseModel):
    """Trailers a hub gains (+) or loses (−) from the start of the week to a day's end."""

    hub_id: str
    hub: str
    net_trailers: int
    fleet: int | None


class BalanceOutlook(BaseModel):
    """Hubs ranked by how far out of trailer balance they are by ``by_day``."""

    scenario_id: int
    scenario_name: str
    n: int
    by_day: int
    by_day_name: str
    surplus: list[HubBalance]
    deficit: list[HubBalance]
    text: str


def balance_outlook(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    by_day: int | None = None,
    top: int = 5,
) -> BalanceOutlook:
    """Cumulative trailer arrivals minus departures per hub from Monday to ``by_day``."""
    result = _solved(db, actor, scenario, n)
    assert result.evaluation is not None
    net = version_network(db, actor, scenario, result.n)
    last = net.calendar.days - 1 if by_day is None else min(by_day, net.calendar.days - 1)
    totals: dict[str, int] = defaultdict(int)
    for td in result.evaluation.trailer_days:
        if td.day <= last:
            totals[td.hub_id] += td.arrivals - td.departures
    fleet = {p.hub: p.trailers for p in net.fleet}
    rows = [
        HubBalance(hub_id=h, hub=_hub_name(net, h), net_trailers=v, fleet=fleet.get(h))
        for h, v in sorted(totals.items())
        if v != 0
    ]
    surplus = sorted((r for r in rows if r.net_trailers > 0), key=lambda r: -r.net_trailers)
    deficit = sorted((r for r in rows if r.net_trailers < 0), key=lambda r: r.net_trailers)
    day_name = DAY_NAMES[last]
    if not surplus and not deficit:
        text = f"By the end of {day_name}, every hub is in trailer balance."
    else:
        parts = []
        if deficit:
            parts.append(
                "short of trailers: "
                + ", ".join(f"{r.hub} {r.net_trailers:+d}" for r in deficit[:top])
            )
        if surplus:
            parts.append(
                "piling up trailers: "
                + ", ".join(f"{r.hub} {r.net_trailers:+d}" for r in surplus[:top])
            )
        text = f"By the end of {day_name}, " + "; ".join(parts) + "."
    text = _warned(result, text)
    return BalanceOutlook(
        scenario_id=result.scenario_id,
        scenario_name=result.scenario_name,
        n=result.n,
        by_day=last,
        by_day_name=day_name,
        surplus=surplus[:top],
        deficit=deficit[:top],
        text=text,
    )


class Bottleneck(BaseModel):
    """A saturated resource: what, where, when, and how full."""

    kind: str
    entity_id: str
    label: str
    day: int
    utilisation: float


class ServiceLoss(BaseModel):
    """One demand that is late or unserved, and the saturated resources at its ends."""

    demand_id: str
    label: str
    late_t: float
    unserved_t: float
    blocked_by: list[Bottleneck]


class ServiceDrivers(BaseModel):
    """Why service is where it is: the worst demands and the bottlenecks behind them."""

    scenario_id: int
    scenario_name: str
    n: int
    service_level: float
    losses: list[ServiceLoss]
    bottlenecks: list[Bottleneck]
    text: str


def _bottlenecks(net: Network, evaluation: Evaluation) -> list[Bottleneck]:
    out: list[Bottleneck] = []
    for ld in evaluation.lane_days:
        if ld.utilisation >= SATURATED:
            lane = net.lane_by_id.get(ld.lane_id)
            label = (
                f"lane {_hub_name(net, lane.origin)} → {_hub_name(net, lane.destination)}"
                if lane
                else f"lane {ld.lane_id}"
            )
            out.append(
                Bottleneck(
                    kind="lane",
                    entity_id=ld.lane_id,
                    label=label,
                    day=ld.day,
                    utilisation=ld.utilisation,
                )
            )
    for hd in evaluation.hub_days:
        if hd.utilisation >= SATURATED:
            out.append(
                Bottleneck(
                    kind="hub",
                    entity_id=hd.hub_id,
                    label=f"hub {_hub_name(net, hd.hub_id)}",
                    day=hd.day,
                    utilisation=hd.utilisation,
                )
            )
    for dd in evaluation.driver_days:
        if dd.utilisation >= SATURATED:
            out.append(
                Bottleneck(
                    kind="drivers",
                    entity_id=dd.region,
                    label=f"drivers in the {dd.region}",
                    day=dd.day,
                    utilisation=dd.utilisation,
                )
            )
    return sorted(out, key=lambda b: (-b.utilisation, b.kind, b.entity_id, b.day))


def service_drivers(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None, *, top: int = 5
) -> ServiceDrivers:
    """The demands losing most service and the saturated resources touching them."""
    result = _solved(db, actor, scenario, n)
    evaluation = result.evaluation
    assert evaluation is not None
    net = version_network(db, actor, scenario, result.n)
    bottlenecks = _bottlenecks(net, evaluation)
    region = {h.id: h.region for h in net.hubs}
    losses = []
    worst = sorted(
        (o for o in evaluation.demands if o.late_t + o.unserved_t > 1e-6),
        key=lambda o: (-(o.late_t + o.unserved_t), o.demand_id),
    )
    for outcome in worst[:top]:
        d = net.demand_by_id.get(outcome.demand_id)
        if d is None:
            continue
        ends = {d.origin, d.destination}
        related = [
            b
            for b in bottlenecks
            if (b.kind == "hub" and b.entity_id in ends)
            or (
                b.kind == "lane"
                and (lane := net.lane_by_id.get(b.entity_id)) is not None
                and (lane.origin in ends or lane.destination in ends)
            )
            or (b.kind == "drivers" and b.entity_id == region.get(d.origin))
        ]
        day = DAY_NAMES[d.release_day]
        losses.append(
            ServiceLoss(
                demand_id=d.id,
                label=f"{_hub_name(net, d.origin)} → {_hub_name(net, d.destination)} ({day}"
                + (f", {d.customer}" if d.customer else "")
                + ")",
                late_t=outcome.late_t,
                unserved_t=outcome.unserved_t,
                blocked_by=related[:3],
            )
        )
    kpis = evaluation.kpis
    lines = [
        f"On-time service is {kpis.service_level:.1%}: {kpis.late_t:,.0f} t late and "
        f"{kpis.unserved_t:,.0f} t unserved of {kpis.demand_t:,.0f} t."
    ]
    for loss in losses:
        why = (
            "; ".join(
                f"{b.label} at {b.utilisation:.0%} on {DAY_NAMES[b.day]}" for b in loss.blocked_by
            )
            or "no saturated resource at its ends (its service window is tight for the route)"
        )
        lines.append(
            f"- {loss.label}: {loss.late_t:,.0f} t late, {loss.unserved_t:,.0f} t unserved — {why}"
        )
    if bottlenecks:
        top_b = bottlenecks[0]
        lines.append(
            f"Most binding: {top_b.label} on {DAY_NAMES[top_b.day]} ({top_b.utilisation:.0%}). "
            "Relieving it (capacity, trucks or drivers there) is where to look first."
        )
    return ServiceDrivers(
        scenario_id=result.scenario_id,
        scenario_name=result.scenario_name,
        n=result.n,
        service_level=kpis.service_level,
        losses=losses,
        bottlenecks=bottlenecks[:10],
        text=_warned(result, "\n".join(lines)),
    )


class ExecutiveSummary(BaseModel):
    """A brief for a decision maker: three numbers, a recommendation, its main risk."""

    scenario_id: int
    scenario_name: str
    n: int
    changes: list[KpiChange]
    text: str
    warnings: list[str] = []
    """Reasons not to act on the scenario's plan; the summary then never says adopt."""


def _words(text: str) -> int:
    return len(text.split())


def executive_summary(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None
) -> ExecutiveSummary:
    """At most 120 words on a solved version against live's plan.

    A plan with reasons against acting on it is never recommended for adoption, and a
    cost difference inside the two plans' uncertainty is said to be one.
    """
    after = _solved(db, actor, scenario, n)
    live = get_scenario(db, actor, LIVE)
    before = _solved(db, actor, live.id, live.head)
    comparison = compare_results(before, after)
    by = {c.key: c for c in comparison.changes}
    cost, service, unserved = by["total_cost_eur"], by["service_level"], by["unserved_t"]
    assert cost.after is not None and service.after is not None and unserved.after is not None
    cost_delta = cost.delta or 0.0
    pct = cost_delta / cost.before * 100 if cost.before else 0.0
    hard = [v for v in after.violations if v.hard]
    worse_service = (service.delta or 0.0) < -0.005
    noise = comparison.cost_noise
    noisy = noise is not None and not noise.distinguishable
    if after.warnings:
        recommendation = "Do not adopt: it is not a plan to act on (see the warning above)."
    elif before.warnings:
        recommendation = (
            f"Do not decide yet: live's plan is no baseline to compare with "
            f"({before.warnings[0]}); re-plan live first."
        )
    elif worse_service and cost_delta <= 0:
        recommendation = "Adopt only if the service loss is acceptable to customers."
    elif worse_service:
        recommendation = "Add capacity where service is lost before committing."
    elif noisy:
        recommendation = "Adopt if the change is wanted: service holds; cost moves within noise."
    else:
        recommendation = "Adopt: service holds at a known cost."
    risk_source = hard[0].message if hard else None
    if risk_source is None:
        soft = sorted(after.violations, key=lambda v: -abs(v.amount))
        risk_source = soft[0].message if soft else "little slack left at the busiest hubs"
    within = f", {noise_sentence(noise)}" if noise is not None and noisy else ""
    text = (
        f"{after.scenario_name} v{after.n} against live: weekly cost €{cost.after:,.0f} "
        f"({pct:+.1f}%, €{cost_delta:+,.0f}{within}); on-time service {service.after:.1%} "
        f"({(service.delta or 0) * 100:+.1f} pts); unserved {unserved.after:,.0f} t. "
        f"Plan quality: {after.run.quality if after.run else 'unknown'}. "
        f"Recommendation: {recommendation} Main risk: {risk_source}"
    )
    text = _warned(after, text)
    if _words(text) > 120:
        text = " ".join(text.split()[:119]) + " …"
    return ExecutiveSummary(
        scenario_id=after.scenario_id,
        scenario_name=after.scenario_name,
        n=after.n,
        changes=comparison.changes,
        text=text,
        warnings=after.warnings,
    )
