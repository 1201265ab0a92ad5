"""Mid-week re-plan use case: "where will the network be out of balance by Thursday?".

The week's stored actuals (known up to a weekday) are frozen and the rest of the week is
re-planned (:func:`solver.replan.replan_week`) from the plan stored for the version the
week executes. The answer names the hubs whose own-fleet trailers on hand will be off the
plan by a day if nobody acts (carrying on with the plan), by how many, and the re-plan's
cost and service against carrying on. When hubs are out of balance it files the
recommended adjustment as a new private scenario version: trailers moved from the hubs
that pile them up to those short of them (``move_trailers`` edits), with the re-plan's
trade-off and next-day dispatches in its message, for a planner to review like any other.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from solver import DAY_NAMES, Network, SolveSettings, WeekActuals
from solver.edits import MoveTrailers
from solver.plan import LaneBucket
from solver.replan import MidWeekReplan, ReplanOption, TrailerProjection, imbalances, replan_week
from storage import Database
from tools.actuals import week_actuals
from tools.errors import InvalidRequest
from tools.identity import UserRef
from tools.plan_vs_actual import week_plan
from tools.scenarios import ScenarioView, VersionView, create_scenario, edit_scenario
from tools.solving import INTERACTIVE_SETTINGS

__all__ = [
    "DEFAULT_THRESHOLD",
    "HubImbalance",
    "OptionView",
    "ReplanView",
    "last_known_day",
    "mid_week_replan",
    "replan_from",
]

DEFAULT_THRESHOLD = 3
"""Trailers a hub may be off its plan on a day before it counts as out of balance."""


class HubImbalance(BaseModel):
    """A hub's own-fleet trailers on hand at the start of a day: planned vs projected."""

    hub_id: str
    hub: str
    day: int
    day_name: str
    planned: int
    projected: int
    imbalance: int


class OptionView(BaseModel):
    """Cost and service of one way through the rest of the week."""

    name: str
    status: str
    cost_eur: float | None
    demand_t: float
    on_time_t: float
    unserved_t: float
    service_level: float


class ReplanView(BaseModel):
    """A mid-week re-plan as the channels show it."""

    week: str
    base: VersionView
    plan_executed: bool = Field(
        default=True,
        description="False: the plan the week executed is gone; it carries on from the "
        "version's best plan now (see tools.executed_plan).",
    )
    through_day: int
    through_name: str
    by_day: int
    by_name: str
    threshold: int
    frozen_dispatches: int
    done_demands: int
    carry_on: OptionView
    replan: OptionView
    imbalances: list[HubImbalance]
    next_day: list[str]
    moves: list[str]
    scenario: ScenarioView | None
    version: VersionView | None
    projection: list[HubImbalance]
    seconds: float
    text: str


def last_known_day(network: Network, actuals: WeekActuals) -> int:
    """The last day (0 = Monday) any dispatch, trailer row or delivery of the week names."""
    cal = network.calendar
    days = [cal.day_of(d.bucket) for d in actuals.dispatches]
    days += [t.day for t in actuals.trailers]
    days += [int(d.delivered_h // 24) for d in actuals.deliveries if d.delivered_h is not None]
    return min(max(days, default=-1), cal.days - 1)


def _hub(net: Network, hub_id: str) -> str:
    hub = net.hub_by_id.get(hub_id)
    return f"{hub.name} ({hub_id})" if hub else hub_id


def _imb(net: Network, p: TrailerProjection) -> HubImbalance:
    return HubImbalance(
        hub_id=p.hub_id,
        hub=_hub(net, p.hub_id),
        day=p.day,
        day_name=DAY_NAMES[p.day % 7],
        planned=p.planned,
        projected=p.projected,
        imbalance=p.imbalance,
    )


def _option(o: ReplanOption) -> OptionView:
    return OptionView(
        name=o.name,
        status=o.status,
        cost_eur=o.cost_eur,
        demand_t=o.demand_t,
        on_time_t=o.on_time_t,
        unserved_t=o.unserved_t,
        service_level=round(o.service_level, 4),
    )


def _moves(net: Network, off: list[HubImbalance]) -> list[MoveTrailers]:
    """Trailers from the hubs piling them up to those short of them, largest first,
    never more than a hub's pool holds."""
    pools = {p.hub: p.trailers for p in net.fleet}
    surplus = {h.hub_id: h.imbalance for h in off if h.imbalance > 0}
    deficit = {h.hub_id: -h.imbalance for h in off if h.imbalance < 0}
    out: list[MoveTrailers] = []
    for short in deficit:
        for extra in surplus:
            room = min(deficit[short], surplus[extra], pools.get(extra, 0))
            if room <= 0:
                continue
            out.append(MoveTrailers(from_hub=extra, to_hub=short, count=room))
            deficit[short] -= room
            surplus[extra] -= room
            pools[extra] -= room
    return out


def _next_day(net: Network, rest: tuple[LaneBucket, ...], planned: set[tuple[str, int, int, int]],
              day: int) -> list[str]:  # fmt: skip
    """The re-plan's dispatches on ``day`` that differ from the plan's, in words."""
    cal = net.calendar
    out = []
    for lb in rest:
        if cal.day_of(lb.bucket) != day:
            continue
        if (lb.lane_id, lb.bucket, lb.trucks, lb.empty_trailers) in planned:
            continue
        lane = net.lane_by_id[lb.lane_id]
        hour = (lb.bucket % cal.buckets_per_day) * cal.bucket_h
        what = []
        if lb.trucks:
            what.append(f"{lb.trucks} loaded")
        if lb.empty_trailers:
            what.append(f"{lb.empty_trailers} empty")
        out.append(
            f"{_hub(net, lane.origin)} → {_hub(net, lane.destination)} "
            f"{DAY_NAMES[day % 7]} {hour:02.0f}:00: {', '.join(what)}"
        )
    return out


def _eur(x: float | None) -> str:
    return "–" if x is None else f"€{x:,.0f}"


def _option_words(o: OptionView) -> str:
    label = "" if o.status in ("optimal", "feasible") else f" ({o.status}: not a finished plan)"
    return (
        f"{o.name}{label}: {_eur(o.cost_eur)}, {o.service_level:.1%} of the {o.demand_t:,.0f} t "
        f"still to move on time, {o.unserved_t:,.0f} t unserved"
    )


def _text(view: ReplanView) -> str:
    head = (
        f"Week {view.week} as it stands after {view.through_name} "
        f"({view.frozen_dispatches} dispatches done are frozen, {view.done_demands} demands "
        f"delivered). At the start of {view.by_name}, if we carry on with "
        f"{view.base.scenario_name} v{view.base.n}'s plan:"
    )
    short = [i for i in view.imbalances if i.imbalance < 0]
    extra = [i for i in view.imbalances if i.imbalance > 0]
    lines = [head]
    if not view.plan_executed:
        lines.insert(
            0,
            "⚠ The plan this week executed is no longer stored, so the week carries on from "
            f"{view.base.scenario_name} v{view.base.n}'s best plan now.",
        )
    if not view.imbalances:
        lines.append(
            f"- every hub is within {view.threshold} trailers of the plan: nothing to adjust."
        )
    if short:
        lines.append(
            "- short of trailers: "
            + ", ".join(f"{i.hub} {i.imbalance:+d} ({i.projected} vs {i.planned})" for i in short)
        )
    if extra:
        lines.append(
            "- piling up trailers: "
            + ", ".join(f"{i.hub} {i.imbalance:+d} ({i.projected} vs {i.planned})" for i in extra)
        )
    lines.append(
        f"Rest of the week from {DAY_NAMES[(view.through_day + 1) % 7]} "
        f"(costs are the whole week's, what happened included):"
    )
    lines.append(f"- {_option_words(view.carry_on)}")
    lines.append(f"- {_option_words(view.replan)}")
    c, r = view.carry_on, view.replan
    if c.cost_eur is not None and r.cost_eur is not None and r.status in ("optimal", "feasible"):
        delta = r.cost_eur - c.cost_eur
        pts = (r.service_level - c.service_level) * 100
        lines.append(
            f"Trade-off: re-planning {'costs' if delta > 0 else 'saves'} €{abs(delta):,.0f} "
            f"and moves on-time service {pts:+.1f} points, and restores the trailer balance "
            f"the plan's cycle needs."
        )
    if view.next_day:
        lines.append(
            f"Adjust now ({DAY_NAMES[(view.through_day + 1) % 7]}, where the re-plan differs "
            "from the plan): "
            + "; ".join(view.next_day[:8])
            + (f"; and {len(view.next_day) - 8} more" if len(view.next_day) > 8 else "")
        )
    if view.version is not None:
        lines.append(
            f"Recommended adjustment, ready to review: {'; '.join(view.moves)} — "
            f"{view.version.scenario_name} v{view.version.n}: {view.version.url}"
        )
    elif view.imbalances:
        lines.append("No trailer move fits the pools of the hubs piling up: no scenario filed.")
    return "\n".join(lines)


def replan_from(
    network: Network,
    plan_replan: MidWeekReplan,
    *,
    by_day: int,
    threshold: int,
) -> list[HubImbalance]:
    """Hubs off the plan by ``threshold`` trailers or more on ``by_day`` if we carry on."""
    return [
        _imb(network, p)
        for p in imbalances(plan_replan.carry_on.projection, day=by_day, threshold=threshold)
    ]


def mid_week_replan(
    db: Database,
    actor: UserRef,
    week: str,
    *,
    through: int | None = None,
    by_day: int | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    settings: SolveSettings | None = None,
    file_scenario: bool = True,
) -> ReplanView:
    """Freeze ``week`` up to ``through`` and re-plan the rest; file the adjustment (planners).

    ``through`` defaults to the last day the week's actuals reach, ``by_day`` to three
    days after it (72 h ahead of the cut), capped at the week's last day.

    Raises
    ------
    NotFound
        The week has no actuals.
    InvalidRequest
        The version has no stored plan, the days are outside the week, or the actuals
        already cover the whole week.
    """
    if threshold < 1:
        raise InvalidRequest("threshold: must be at least 1 trailer")
    stored = week_actuals(db, actor, week)
    base = stored.version
    network, plan, executed = week_plan(db, actor, stored)
    if plan is None:
        raise InvalidRequest(
            f"{base.scenario_name} v{base.n} has no solved plan to re-plan from: solve it first"
        )
    days = network.calendar.days
    known = last_known_day(network, stored.actuals)
    if through is None:
        through = known
    if not 0 <= through < days - 1:
        raise InvalidRequest(
            f"through: day {through} leaves nothing to re-plan in the {days}-day week "
            "(give a day from Monday to the day before the last)"
            if through >= days - 1 or through >= 0
            else f"through: day {through} is not a day of the week"
        )
    if through > known:
        raise InvalidRequest(
            f"through: the actuals of {week} reach {DAY_NAMES[max(known, 0) % 7]} only"
            if known >= 0
            else f"through: {week} has no dated actuals yet"
        )
    if by_day is None:
        by_day = min(through + 3, days - 1)
    if not through < by_day < days:
        raise InvalidRequest(
            f"by_day: day {by_day} must come after {DAY_NAMES[through % 7]} within the week"
        )
    result = replan_week(network, plan, stored.actuals, through, settings or INTERACTIVE_SETTINGS)
    off = replan_from(network, result, by_day=by_day, threshold=threshold)
    planned = {(lb.lane_id, lb.bucket, lb.trucks, lb.empty_trailers) for lb in plan.lane_buckets}
    next_day = _next_day(network, result.replan.rest, planned, through + 1)
    moves = _moves(network, off)
    view = ReplanView(
        week=week,
        base=base,
        through_day=through,
        through_name=DAY_NAMES[through % 7],
        by_day=by_day,
        by_name=DAY_NAMES[by_day % 7],
        threshold=threshold,
        frozen_dispatches=sum(lb.trucks + lb.empty_trailers for lb in result.frozen.dispatches),
        done_demands=len(result.frozen.done),
        carry_on=_option(result.carry_on),
        replan=_option(result.replan),
        imbalances=off,
        next_day=next_day,
        moves=[m.describe(network) for m in moves],
        scenario=None,
        version=None,
        projection=[_imb(network, p) for p in result.carry_on.projection],
        seconds=result.seconds,
        text="",
        plan_executed=executed,
    )
    if file_scenario and moves:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        scenario = create_scenario(
            db,
            actor,
            f"re-plan {week} after {view.through_name} {stamp}",
            source=base.scenario_id,
            n=base.n,
            description="Mid-week re-plan: trailers repositioned; review before promoting.",
        )
        message = "\n".join(
            [
                f"Mid-week re-plan of {week} after {view.through_name}, for the imbalance "
                f"projected at the start of {view.by_name}:",
                *[f"- {i.hub}: {i.imbalance:+d} trailers" for i in off],
                f"- carry on: {_option_words(view.carry_on)}",
                f"- {_option_words(view.replan)}",
            ]
        )
        version = edit_scenario(db, actor, scenario.id, list(moves), message=message)
        view = view.model_copy(update={"scenario": scenario, "version": version})
    return view.model_copy(update={"text": _text(view)})
