"""What would help most, one line per lever, ranked for the question asked, within a time limit.

:func:`solver.explain_plan` prices every binding limit of a plan by one unit (one more
truck on a lane on a day, a truckload of hub capacity on a day, a driver in a region on a
day, a trailer at a hub). A planner does not think in lane-days: "one more truck on
Genoa → Barcelona" on five days is one lever with the days listed, not five lines. This
module groups the priced limits into levers, ranks them for the question —

- ``service`` ("why is service down?"): levers that bring freight back on time, by the
  tonnes they serve on time, then by what they save;
- ``cost`` ("what would help most to cut cost?"): every lever, by what it saves per week
  (penalties of late and unserved freight included, as in the plan's total cost);

— and writes at most :data:`MAX_LINES` of them, with the count of the rest (the version's
levers page lists them all behind a fold).

Time: the explanation solves one LP to price the limits, then checks the best ones by
re-solving the LP with each limit relaxed. With a time budget (the chat's time limit
minus what the question already used), the checks run only when they fit, as measured by
the first LP; otherwise the answer gives the LP's estimates and says so. The set of
levers does not depend on the clock, only whether their savings were checked.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel

from solver import Action, Blocker, Explanation, Network, SolveProgress, evaluate, explain_plan
from solver.edits import format_days
from storage import Database
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.insights import entity_name
from tools.scenarios import ScenarioRef, get_version
from tools.solving import version_plan

__all__ = [
    "MAX_LINES",
    "Focus",
    "Lever",
    "WhyAnswer",
    "group_levers",
    "reason_lines",
    "why_levers",
]

Focus = Literal["service", "cost"]

MAX_LINES = 10
"""Levers written in the answer; the rest are counted and listed on the levers page."""
VERIFY = 20
"""Limits checked by re-solving the LP (those blocking lost freight first)."""
ALL_ACTIONS = 200
"""Priced limits kept from the explanation before grouping them into levers."""
_TOL_T = 0.01
_DAILY = frozenset({"lane_day", "hub_day", "drivers"})
"""Blockers that bind on a day: the same one on several days is one reason."""
MIN_SAVING_EUR = 1.0
"""A lever saving less than this a week and serving nothing more on time is left out."""


class Lever(BaseModel):
    """One thing a planner can change (a lane's trucks, a hub's capacity, a region's
    drivers, a hub's trailers), on the days it binds, and what relaxing it is worth."""

    kind: Literal["lane", "hub", "drivers", "fleet"]
    entity: str
    """The lane id, hub id or region."""
    what: str
    """The lever in words, without its days: 'one more truck on Genoa → Barcelona'."""
    days: list[int]
    saving_eur: float
    """Summed over its days: the re-solved saving where checked, the LP's estimate else."""
    more_on_time_t: float
    """On-time tonnes gained over its days (checked days only)."""
    checked: bool
    """Every day's saving was checked by re-solving the LP."""
    blocks: int
    """Late or unserved demands whose best route it blocks."""
    text: str


class WhyAnswer(BaseModel):
    """Why a version's plan loses service or costs what it does, and the levers ranked."""

    scenario_id: int
    scenario_name: str
    n: int
    focus: Focus
    service_level: float
    total_cost_eur: float
    late_t: float
    unserved_t: float
    demand_t: float
    levers: list[Lever]
    """Every lever for the question, best first."""
    shown: int
    """How many of them the text lists (at most :data:`MAX_LINES`)."""
    reasons: list[str]
    """Why the most penalised lost freight is lost (service questions)."""
    checked: bool
    """The savings were checked by re-solving (False: the time limit left no room)."""
    seconds: float
    text: str


_KINDS: dict[str, Literal["lane", "hub", "drivers", "fleet"]] = {
    "lane_day": "lane",
    "hub_day": "hub",
    "drivers": "drivers",
    "fleet": "fleet",
}


def _what(net: Network, a: Action) -> str:
    ent = a.entities[0]
    if a.kind == "lane_day":
        return f"one more truck on {entity_name(net, ent)}"
    if a.kind == "hub_day":
        return f"+{a.amount:g} t of capacity at {entity_name(net, ent)}"
    if a.kind == "drivers":
        return f"one more driver in the {ent} region"
    return f"one more trailer at {entity_name(net, ent)}"


def _eur(x: float) -> str:
    return f"€{x:,.0f}"


def _t(x: float) -> str:
    if abs(x) < 0.05:
        return "0 t"
    return f"{x:,.0f} t" if abs(x) >= 10 else f"{x:,.1f} t"


def _line(lever: Lever, focus: Focus, net: Network, per_day: list[float], *, mark: bool) -> str:
    """The lever's line; ``mark`` flags an unchecked saving (when others were checked)."""
    days = format_days(lever.days, net.calendar.days) if lever.days else ""
    when = f" on {days}" if days else (" every day" if lever.days else "")
    each = ""
    if len(lever.days) > 1:
        same = max(per_day) - min(per_day) < 0.5
        each = f" ({_eur(per_day[0])} a day)" if same else f" (up to {_eur(max(per_day))} a day)"
    saves = f"saves {_eur(lever.saving_eur)} a week{each}"
    served = f"serves {_t(lever.more_on_time_t)} more on time"
    estimate = " (estimate)" if mark and not lever.checked else ""
    head = lever.what[:1].upper() + lever.what[1:] + when
    if focus == "service" and lever.more_on_time_t > _TOL_T:
        return f"{head}: {served}, {saves}{estimate}"
    if lever.more_on_time_t > _TOL_T:
        return f"{head}: {saves}{estimate}, {served}"
    return f"{head}: {saves}{estimate}"


def group_levers(net: Network, actions: tuple[Action, ...], focus: Focus) -> list[Lever]:
    """The priced limits grouped into levers (the same limit on several days is one), ranked.

    Levers worth less than €1 a week that serve nothing more on time are left out. A cost
    question ranks every other lever by its weekly saving; a service question keeps those
    that serve freight on time or block lost freight, ranked by tonnes served on time, then
    by saving.
    """
    groups: dict[tuple[str, str], list[Action]] = {}
    for a in actions:
        groups.setdefault((a.kind, a.entities[0]), []).append(a)
    levers: list[tuple[Lever, list[float]]] = []
    for (kind, ent), members in groups.items():
        members.sort(key=lambda a: (a.day is None, a.day or 0))
        per_day = [
            a.checked_saving_eur if a.checked_saving_eur is not None else a.saving_eur
            for a in members
        ]
        lever = Lever(
            kind=_KINDS[kind],
            entity=ent,
            what=_what(net, members[0]),
            days=[a.day for a in members if a.day is not None],
            saving_eur=round(sum(per_day), 2),
            more_on_time_t=round(sum(a.more_on_time_t or 0.0 for a in members), 3),
            checked=all(a.checked_saving_eur is not None for a in members),
            blocks=len({d for a in members for d in a.demands}),
            text="",
        )
        levers.append((lever, per_day))
    levers = [
        (lv, p) for lv, p in levers if lv.saving_eur >= MIN_SAVING_EUR or lv.more_on_time_t > _TOL_T
    ]
    if focus == "service":
        levers = [(lv, p) for lv, p in levers if lv.more_on_time_t > _TOL_T or lv.blocks > 0]
        levers.sort(key=lambda lp: (-lp[0].more_on_time_t, -lp[0].saving_eur, lp[0].what))
    else:
        levers.sort(key=lambda lp: (-lp[0].saving_eur, -lp[0].more_on_time_t, lp[0].what))
    mark = any(lv.checked for lv, _ in levers)  # all unchecked: the answer says it once
    return [lv.model_copy(update={"text": _line(lv, focus, net, p, mark=mark)}) for lv, p in levers]


def _blocker_words(net: Network, b: Blocker, days: Sequence[int]) -> str:
    """A blocker with its days listed (its own label names one day)."""
    when = format_days(sorted(days), net.calendar.days) or "every day"
    on = when if when == "every day" else f"on {when}"
    ent = b.entities[0]
    if b.kind == "lane_day" and (lane := net.lane_by_id.get(ent)) is not None:
        trucks = f"{lane.max_trucks_per_day} truck{'s' if lane.max_trucks_per_day != 1 else ''}"
        return f"daily truck limit of {entity_name(net, ent)} ({trucks}) {on}"
    if b.kind == "hub_day" and (hub := net.hub_by_id.get(ent)) is not None:
        return f"capacity of {hub.name} ({hub.capacity_t_per_day:,.0f} t a day) {on}"
    if b.kind == "drivers":
        return f"drivers in the {ent} region {on}"
    return b.label


def reason_lines(net: Network, ex: Explanation, *, top: int = 3) -> list[str]:
    """Why lost freight is lost, one line per flow and main blocker: the days it is lost on
    listed and its tonnes summed, most tonnes first."""
    groups: dict[tuple[str, ...], list[tuple[int, int | None, float, float]]] = {}
    first: dict[tuple[str, ...], Blocker | None] = {}
    for r in ex.demands:
        d = net.demand_by_id.get(r.demand_id)
        if d is None:
            continue
        b = r.blockers[0] if r.blockers else None
        same_kind = b.label if b is not None and b.kind not in _DAILY else ""
        key: tuple[str, ...] = (
            d.origin,
            d.destination,
            d.customer,
            str(b.kind) if b is not None else "",
            ",".join(b.entities) if b is not None and b.kind in _DAILY else same_kind,
        )
        groups.setdefault(key, []).append(
            (d.release_day, b.day if b is not None else None, r.late_t, r.unserved_t)
        )
        first.setdefault(key, b)
    ranked = sorted(groups.items(), key=lambda kv: -sum(x[2] + x[3] for x in kv[1]))
    lines = []
    for flow_key, members in ranked[:top]:
        origin, destination, customer = flow_key[0], flow_key[1], flow_key[2]
        released = format_days(sorted({m[0] for m in members}), net.calendar.days) or "every day"
        late, unserved = sum(m[2] for m in members), sum(m[3] for m in members)
        lost = " and ".join(
            part
            for part, t in ((f"{_t(late)} late", late), (f"{_t(unserved)} unserved", unserved))
            if t > _TOL_T
        )
        b = first[flow_key]
        blocker = (
            _blocker_words(net, b, [m[1] for m in members if m[1] is not None])
            if b is not None
            else "no single limit"
        )
        flow = f"{entity_name(net, origin)} → {entity_name(net, destination)}, {released}"
        lines.append(f"{flow}{f', {customer}' if customer else ''}: {lost} — {blocker}")
    return lines


def why_levers(
    db: Database,
    actor: UserRef,
    scenario: ScenarioRef,
    n: int | None = None,
    *,
    focus: Focus = "service",
    budget_s: float | None = None,
    verify: int = VERIFY,
    progress: Callable[[SolveProgress], None] | None = None,
) -> WhyAnswer:
    """The levers of version ``n``'s plan for a service or a cost question, best first.

    ``budget_s`` bounds the time: the savings are checked by re-solving only when the
    first LP shows the checks fit in it (each check costs about one such LP); otherwise
    the LP's estimates are given and said to be estimates. ``progress`` hears each phase.

    Raises
    ------
    InvalidRequest
        If the version is not solved, or its plan breaks a hard limit of the network.
    """
    start = time.monotonic()
    version = get_version(db, actor, scenario, n)
    network, plan = version_plan(db, actor, scenario, version.n)
    if plan is None:
        raise InvalidRequest(
            f"{version.scenario_name} v{version.n} is not solved yet: solve it first"
        )

    def report(phase: str) -> None:
        if progress is not None:
            progress(SolveProgress(elapsed_s=time.monotonic() - start, phase=phase))

    def run(k: int) -> Explanation:
        try:
            return explain_plan(network, plan, top=ALL_ACTIONS, verify=k)
        except ValueError as exc:
            raise InvalidRequest(f"explain: {exc}") from None

    report("explain")
    ex = run(0)
    one_lp = time.monotonic() - start
    checked = False
    if verify > 0 and ex.actions:
        left = None if budget_s is None else budget_s - (time.monotonic() - start)
        if left is None or one_lp * (verify + 1) <= left:
            report("verify")
            ex = run(verify)
            checked = True
    levers = group_levers(network, ex.actions, focus)
    kpis = evaluate(network, plan).kpis
    shown = min(MAX_LINES, len(levers))
    head = (
        f"On-time service is {kpis.service_level:.1%}: {_t(kpis.late_t)} late and "
        f"{_t(kpis.unserved_t)} unserved of {_t(kpis.demand_t)}."
    )
    if focus == "cost":
        head = f"The plan costs {_eur(kpis.total_cost_eur)} a week. " + head
    title = (
        "**What would cut cost most**" if focus == "cost" else "**What would help service most**"
    )
    if levers:
        lines = [f"{i + 1}. {lv.text}" for i, lv in enumerate(levers[:shown])]
        rest = len(levers) - shown
        if rest > 0:
            lines.append(f"… and {rest} smaller lever{'s' if rest != 1 else ''}")
        body = f"{title} (one line per lever, best first):\n" + "\n".join(lines)
    elif focus == "service" and kpis.late_t + kpis.unserved_t > _TOL_T:
        body = (
            f"{title}: no single network limit blocks the lost freight; relaxing one would "
            "not bring it back on time (see why below)."
        )
    elif focus == "service":
        body = f"{title}: nothing is late or unserved."
    else:
        body = f"{title}: no network limit binds; relaxing one would not cut cost."
    reasons = reason_lines(network, ex) if focus == "service" else []
    parts = [head, body]
    if reasons:
        parts.append(
            "**Why it is lost** (most freight first):\n" + "\n".join(f"- {r}" for r in reasons)
        )
    if levers and not checked:
        parts.append(
            "_Savings are the LP's estimates: checking them by re-solving would not fit in "
            "the time limit._"
        )
    return WhyAnswer(
        scenario_id=version.scenario_id,
        scenario_name=version.scenario_name,
        n=version.n,
        focus=focus,
        service_level=kpis.service_level,
        total_cost_eur=kpis.total_cost_eur,
        late_t=kpis.late_t,
        unserved_t=kpis.unserved_t,
        demand_t=kpis.demand_t,
        levers=levers,
        shown=shown,
        reasons=reasons,
        checked=checked,
        seconds=round(time.monotonic() - start, 3),
        text="\n\n".join(parts),
    )
