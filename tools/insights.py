"""Answers that read a solved version rather than change it: balance, service, summaries.

- :func:`balance_outlook` — where the network will be out of trailer balance by a day;
- :func:`service_drivers` — which demands lose service and the saturated resources on
  their way (lanes at their truck limit, hubs at capacity, regions out of drivers);
- :func:`executive_summary` — a brief of a scenario against live for a decision maker:
  every edit in effect, cost / service / risk before → after, the main trade-off, the
  plan's trust status and a recommendation, in at most 120 words and in names, not ids.

Each answer opens with one warning line when the plan it reads has reasons against
acting on it (unfinished, collapsed service, hard violations, no bound), and the summary
never recommends adopting such a plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pydantic import BaseModel

from solver import DAY_NAMES, Demand, Evaluation, Network, Violation
from solver.edits import format_days
from storage import Database
from tools.compare import KpiChange, compare_results
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.scenarios import LIVE, ScenarioRef, get_scenario, history, version_network
from tools.solving import VersionResult, version_result
from tools.trust import not_to_act_on
from tools.wording import join_words

SATURATED = 0.98
"""A resource used at or above this share of its limit counts as binding."""


def solved_result(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None
) -> VersionResult:
    """A version's stored result, refused when it has no plan: answers read a plan, never
    solve one."""
    result = version_result(db, actor, scenario, n)
    if result.evaluation is None:
        raise InvalidRequest(
            f"{result.scenario_name} v{result.n} is not solved yet: solve it first"
        )
    return result


def days_asked(net: Network, days: Sequence[int]) -> list[int]:
    """The plan days a read-only question asks about, sorted (none: the whole week);
    InvalidRequest naming ``days`` when one is outside the plan's week."""
    for day in days:
        if not 0 <= day < net.calendar.days:
            raise InvalidRequest(
                f"days: day {day} is outside the plan's week (0 = Monday to "
                f"{net.calendar.days - 1})"
            )
    return sorted(set(days)) or list(range(net.calendar.days))


def with_plan_warning(result: VersionResult, text: str) -> str:
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
    result = solved_result(db, actor, scenario, n)
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
    text = with_plan_warning(result, text)
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


class BindingResource(BaseModel):
    """A saturated resource once, with every day it is saturated (not one row per day)."""

    kind: str
    entity_id: str
    label: str
    days: list[int]
    days_text: str
    utilisation: float
    """The highest use over its days."""

    @property
    def text(self) -> str:
        """'lane Genoa (GEN) → Barcelona (BAR) at 100% on Mon–Fri' (or 'every day')."""
        when = self.days_text if self.days_text == "every day" else f"on {self.days_text}"
        return f"{self.label} at {self.utilisation:.0%} {when}"


def binding_resources(bottlenecks: Sequence[Bottleneck], horizon: int = 7) -> list[BindingResource]:
    """Bottlenecks grouped by resource, days listed, the fullest first: the same lane full on
    five days is one resource, so a reason is said once."""
    grouped: dict[tuple[str, str], list[Bottleneck]] = {}
    for b in bottlenecks:
        grouped.setdefault((b.kind, b.entity_id), []).append(b)
    out = [
        BindingResource(
            kind=kind,
            entity_id=ent,
            label=group[0].label,
            days=sorted({b.day for b in group}),
            days_text=format_days(sorted({b.day for b in group}), horizon) or "every day",
            utilisation=max(b.utilisation for b in group),
        )
        for (kind, ent), group in grouped.items()
    ]
    return sorted(out, key=lambda r: (-r.utilisation, -len(r.days), r.kind, r.entity_id))


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
    binding: list[BindingResource] = []
    """The saturated resources once each with their days, fullest first (at most ten)."""
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
    result = solved_result(db, actor, scenario, n)
    evaluation = result.evaluation
    assert evaluation is not None
    net = version_network(db, actor, scenario, result.n)
    bottlenecks = _bottlenecks(net, evaluation)
    region = {h.id: h.region for h in net.hubs}
    horizon = net.calendar.days

    def related(d: Demand) -> list[Bottleneck]:
        ends = {d.origin, d.destination}
        return [
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

    worst = sorted(
        (o for o in evaluation.demands if o.late_t + o.unserved_t > 1e-6),
        key=lambda o: (-(o.late_t + o.unserved_t), o.demand_id),
    )
    losses = []
    # the text groups lost freight of one flow and one reason: its days listed, tonnes summed
    flows: dict[tuple[str, str, str, str], list[tuple[Demand, float, float]]] = {}
    blocked_t: dict[tuple[str, str], float] = {}  # lost tonnes at each resource's ends
    for i, outcome in enumerate(worst):
        d = net.demand_by_id.get(outcome.demand_id)
        if d is None:
            continue
        blocked = related(d)
        if i < top:
            losses.append(
                ServiceLoss(
                    demand_id=d.id,
                    label=f"{_hub_name(net, d.origin)} → {_hub_name(net, d.destination)} "
                    f"({DAY_NAMES[d.release_day]}"
                    + (f", {d.customer}" if d.customer else "")
                    + ")",
                    late_t=outcome.late_t,
                    unserved_t=outcome.unserved_t,
                    blocked_by=blocked,
                )
            )
        why = (
            "; ".join(r.text for r in binding_resources(blocked, horizon)[:3])
            or "no saturated resource at its ends (its service window is tight for the route)"
        )
        for ref in {(b.kind, b.entity_id) for b in blocked}:
            blocked_t[ref] = blocked_t.get(ref, 0.0) + outcome.late_t + outcome.unserved_t
        key = (d.origin, d.destination, d.customer, why)
        flows.setdefault(key, []).append((d, outcome.late_t, outcome.unserved_t))
    kpis = evaluation.kpis
    lines = [
        f"On-time service is {kpis.service_level:.1%}: {kpis.late_t:,.0f} t late and "
        f"{kpis.unserved_t:,.0f} t unserved of {kpis.demand_t:,.0f} t."
    ]
    ranked = sorted(flows.items(), key=lambda kv: -sum(late + lost for _, late, lost in kv[1]))
    for (origin, destination, customer, why), members in ranked[:top]:
        days = format_days(sorted({d.release_day for d, _, _ in members}), horizon) or "every day"
        late = sum(x for _, x, _ in members)
        lost = sum(x for _, _, x in members)
        lines.append(
            f"- {_hub_name(net, origin)} → {_hub_name(net, destination)} ({days}"
            + (f", {customer}" if customer else "")
            + f"): {late:,.0f} t late, {lost:,.0f} t unserved — {why}"
        )
    # the resources behind the most lost freight first, then the fullest
    binding = sorted(
        binding_resources(bottlenecks, horizon),
        key=lambda r: -blocked_t.get((r.kind, r.entity_id), 0.0),
    )
    if binding:
        lines.append(
            f"Most binding: {binding[0].text}. "
            "Relieving it (capacity, trucks or drivers there) is where to look first."
        )
    return ServiceDrivers(
        scenario_id=result.scenario_id,
        scenario_name=result.scenario_name,
        n=result.n,
        service_level=kpis.service_level,
        losses=losses,
        bottlenecks=bottlenecks[:10],
        binding=binding[:10],
        text=with_plan_warning(result, "\n".join(lines)),
    )


class ExecutiveSummary(BaseModel):
    """A brief for a decision maker: what changed, the numbers, trust, a recommendation."""

    scenario_id: int
    scenario_name: str
    n: int
    edits: list[str] = []
    """Every edit in effect in the version against live, in words (reverted ones left out)."""
    changes: list[KpiChange]
    quality: str = ""
    """How good the version's plan is, in words."""
    recommendation: str = ""
    text: str
    warnings: list[str] = []
    """Reasons not to act on the scenario's plan; the summary then never says adopt."""


MAX_WORDS = 120
"""Longest brief: what a decision maker reads in half a minute."""

_DEMAND_KINDS: dict[str, str] = {
    "unserved": "not served",
    "service_miss": "late",
    "unreachable": "without an open route",
    "surplus": "shipped beyond demand",
}
_RESOURCE_KINDS: dict[str, str] = {
    "hub_over_capacity": "hub capacity exceeded",
    "hub_closed": "freight through a closed hub",
    "lane_over_capacity": "lane truck limit exceeded",
    "lane_closed": "trucks on a closed lane",
    "driver_shortage": "drivers short",
    "trailer_shortage": "trailers short",
    "trailer_imbalance": "trailers out of balance",
    "parking_over_capacity": "trailer parking full",
    "service_target_missed": "service target missed",
    "missing_entity": "plan uses parts missing from the network",
    "plan_inconsistent": "plan inconsistent with its shipments",
}


def _words(text: str) -> int:
    return len(text.split())


def _minus(x: float) -> str:
    return "+" if x > 0 else "−" if x < 0 else "±"


def signed_eur(x: float) -> str:
    """A money difference with its sign in front of the currency: +€497,623 · −€1,200."""
    return f"{_minus(round(x))}€{abs(x):,.0f}"


def signed_pct(x: float) -> str:
    """A percentage change with a true minus sign: +4.1% · −0.3%."""
    return f"{_minus(round(x, 1))}{abs(x):.1f}%"


def signed_pts(x: float) -> str:
    """A change of a share in percentage points: +1.2 pts · −96.7 pts."""
    return f"{_minus(round(x * 100, 1))}{abs(x) * 100:.1f} pts"


def entity_name(net: Network, ref: str) -> str:
    """A hub, lane or demand id as a planner reads it (names, never ids); else as given."""
    if (hub := net.hub_by_id.get(ref)) is not None:
        return hub.name
    if (lane := net.lane_by_id.get(ref)) is not None:
        return f"{entity_name(net, lane.origin)} → {entity_name(net, lane.destination)}"
    if (demand := net.demand_by_id.get(ref)) is not None:
        return f"{entity_name(net, demand.origin)} → {entity_name(net, demand.destination)}"
    return ref


def scenario_edits(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None
) -> list[str]:
    """The edits in effect in a version since its scenario left live, oldest first.

    Follows the version's parents back to the first version it shares with live; a revert
    jumps to the version it restored, so an undone or redone change ("make it 30%") is
    listed once, as it now stands.
    """
    sc = get_scenario(db, actor, scenario)
    if sc.is_live:
        return []
    chain = history(db, actor, sc.id, limit=None)
    if n is not None:
        chain = [v for v in chain if v.n <= n]
    live_ids = {v.version_id for v in history(db, actor, LIVE, limit=None)}
    out: list[str] = []
    i = 0
    while i < len(chain):
        v = chain[i]
        if v.version_id in live_ids or v.kind in ("import", "promote"):
            break
        if v.kind == "revert":
            target = next(
                (k for k in range(i + 1, len(chain)) if chain[k].network_hash == v.network_hash),
                None,
            )
            if target is not None:
                i = target
                continue
        out = list(v.descriptions) + out
        i += 1
    return out


def _risk(net: Network, violations: Sequence[Violation]) -> str:
    """The weightiest group of violations in words: hard limits first, then most tonnes."""
    if not violations:
        return "no violations; little slack may remain at the busiest hubs"
    groups: dict[str, list[Violation]] = defaultdict(list)
    for v in violations:
        groups[str(v.kind)].append(v)
    kind, group = min(
        groups.items(),
        key=lambda kv: (not any(v.hard for v in kv[1]), -sum(abs(v.amount) for v in kv[1]), kv[0]),
    )
    worst = max(group, key=lambda v: (abs(v.amount), v.message))
    if kind in _DEMAND_KINDS:
        total = sum(v.amount for v in group)
        count = len({v.entities[0] for v in group if v.entities})
        where = entity_name(net, worst.entities[0]) if worst.entities else ""
        return (
            f"{total:,.0f} t {_DEMAND_KINDS[kind]} over {count} demand"
            f"{'s' if count != 1 else ''}" + (f", most on {where}" if where else "")
        )
    places = sorted({entity_name(net, e) for v in group for e in v.entities[:1]})
    at = f" at {join_words(places, limit=2)}"
    return f"{_RESOURCE_KINDS.get(kind, kind.replace('_', ' '))}{at if places else ''}"


def _tradeoff(cost: KpiChange, service: KpiChange, noisy: bool) -> str:
    """The main trade-off in one line: what the money buys or saves in service."""
    d = cost.delta or 0.0
    pts = (service.delta or 0.0) * 100
    if noisy:
        money = "moves cost within what the solver can distinguish"
    elif d > 0.5:
        money = f"costs €{d:,.0f} more per week"
    elif d < -0.5:
        money = f"saves €{-d:,.0f} per week"
    else:
        money = "leaves cost unchanged"
    if pts >= 0.05:
        per = f" (€{d / pts:,.0f} per point)" if d > 0.5 and not noisy else ""
        return f"{money} and gains {pts:.1f} points of on-time service{per}"
    if pts <= -0.05:
        return f"{money} and loses {-pts:.1f} points of on-time service"
    return f"{money} with on-time service unchanged"


def _recommendation(
    after: VersionResult, before: VersionResult, cost: KpiChange, service: KpiChange, noisy: bool
) -> str:
    """Never adopt a plan with reasons against it; otherwise as far as the numbers go."""
    if after.warnings:
        if any("unfinished" in w for w in after.warnings):
            return "Do not adopt yet: wait for the solve to finish."
        return "Do not adopt: not a plan to act on (see the warning)."
    if before.warnings:
        return "Do not decide yet: live's plan is no baseline to compare with; re-plan live first."
    cost_up = (cost.delta or 0.0) > 0.5 and not noisy
    if (service.delta or 0.0) < -0.005:
        if cost_up:
            return "Do not adopt as is: it costs more and serves less; add capacity first."
        return "Adopt only if customers accept the service loss."
    if noisy:
        return "Adopt if the change is wanted: service holds; cost moves within noise."
    return "Adopt: service holds at a known cost."


def _changes_line(edits: Sequence[str], keep: int) -> str:
    if not edits:
        return "- Changes: none against live."
    if keep == 0:
        return (
            f"- Changes: {len(edits)} edit{'s' if len(edits) != 1 else ''} (see the version page)."
        )
    shown = list(edits[:keep])
    more = f"; and {len(edits) - keep} more" if len(edits) > keep else ""
    return f"- Changes: {'; '.join(shown)}{more}."


def executive_summary(
    db: Database, actor: UserRef, scenario: ScenarioRef, n: int | None = None
) -> ExecutiveSummary:
    """At most 120 words on a solved version against live's plan, the same on every channel.

    Names, not ids; every edit in effect; cost, service and risk before → after with their
    signs; the main trade-off; the plan's trust status; and a recommendation that never
    says adopt for a plan with reasons against acting on it (unfinished, collapsed
    service, hard violations, no bound). A cost difference inside the two plans'
    uncertainty is said to be one.
    """
    after = solved_result(db, actor, scenario, n)
    live = get_scenario(db, actor, LIVE)
    before = solved_result(db, actor, live.id, live.head)
    comparison = compare_results(before, after)
    by = {c.key: c for c in comparison.changes}
    cost, service = by["total_cost_eur"], by["service_level"]
    unserved, hard = by["unserved_t"], by["hard_violations"]
    assert cost.after is not None and cost.before is not None
    assert service.after is not None and service.before is not None
    assert unserved.after is not None and unserved.before is not None
    assert hard.after is not None and hard.before is not None
    net = version_network(db, actor, after.scenario_id, after.n)
    edits = scenario_edits(db, actor, after.scenario_id, after.n)
    noise = comparison.cost_noise
    noisy = noise is not None and not noise.distinguishable
    cost_delta = cost.delta or 0.0
    pct = cost_delta / cost.before * 100 if cost.before else 0.0
    within = ""
    if noise is not None and noisy:
        within = (
            "; cannot be judged: a plan has no bound"
            if noise.uncertainty_eur is None
            else f"; within the solver's noise of ±€{noise.uncertainty_eur:,.0f}"
        )
    quality = after.run.quality if after.run else "unknown"
    recommendation = _recommendation(after, before, cost, service, noisy)
    title = f"{after.scenario_name} v{after.n} against live v{before.n}"
    numbers = [
        f"- Cost per week: €{cost.before:,.0f} → €{cost.after:,.0f} "
        f"({signed_eur(cost_delta)}, {signed_pct(pct)}{within}).",
        f"- On-time service: {service.before:.1%} → {service.after:.1%} "
        f"({signed_pts(service.delta or 0.0)}); unserved {unserved.before:,.0f} t → "
        f"{unserved.after:,.0f} t.",
        f"- Risk: hard violations {hard.before:,.0f} → {hard.after:,.0f}; "
        f"{_risk(net, after.violations)}.",
    ]
    tradeoff = f"- Trade-off: the scenario {_tradeoff(cost, service, noisy)}."
    plan = f"- Plan: {quality}."
    what = f"{after.scenario_name} v{after.n}"
    # shortest last: fewer edits named, then one warning reason and no trade-off line
    attempts = [
        (after.warnings, [_changes_line(edits, keep), *numbers, tradeoff, plan])
        for keep in (len(edits), 3, 1)
    ] + [
        (after.warnings, [_changes_line(edits, 1), *numbers, plan]),
        (after.warnings[:1], [_changes_line(edits, 1), *numbers, plan]),
        (after.warnings[:1], [_changes_line(edits, 1), *numbers[:2], plan]),
        (after.warnings[:1], [_changes_line(edits, 0), *numbers[:2], plan]),
    ]
    text = ""
    for reasons, lines in attempts:
        parts = [
            not_to_act_on(reasons, what=what),
            f"{title}:\n" + "\n".join(lines),
            f"Recommendation: {recommendation}",
        ]
        text = "\n\n".join(p for p in parts if p)
        if _words(text) <= MAX_WORDS:
            break
    return ExecutiveSummary(
        scenario_id=after.scenario_id,
        scenario_name=after.scenario_name,
        n=after.n,
        edits=edits,
        changes=comparison.changes,
        quality=quality,
        recommendation=recommendation,
        text=text,
        warnings=after.warnings,
    )
