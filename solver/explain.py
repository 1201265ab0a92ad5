"""Why freight is late or unserved, and what would help most, from LP duals.

The plan's dispatches are held as a floor (:mod:`solver.held`, ``"floor"`` mode): the
LP may re-route every tonne and add capacity, continuously, at its dispatch cost, but
only within the network's limits. The dual value ``y`` of each limit row is what one
more unit of it would save (``-y``, EUR per unit):

=================  ===============================================  ====================
limit              row                                              one unit is
=================  ===============================================  ====================
lane day           dispatches of a lane on a day <= max trucks/day  one truck that day
hub day            tonnes handled by a hub on a day <= capacity     one truckload (t)
drivers            driver-hours of a region on a day                one driver
fleet              trailers a hub needs at the week start           one trailer
=================  ===============================================  ====================

(With dispatches held exactly, every loaded lane bucket is full at once — the MIP sized
them to their loads — and the duals cannot tell which limit blocks; holding them as a
floor lets each extra truck be priced, so the duals land on the limits.) For one more
truck on a lane, ``-y`` of its lane-day row equals the truck-capacity dual times the
truck capacity, minus the truck's dispatch cost (and, on own-fleet lanes, the value of
the trailer it moves); the saving holds while the freight it unlocks fills the truck.

For every demand the plan leaves late or unserved, the reasons are read off its best
alternative path (the one with the least reduced cost among on-time paths if it is late,
among all paths if unserved): the limits along that path with a positive value. A demand
with no on-time path at all is blocked by its **service window**. A demand the LP serves
(by buying part of a truck) is late in the plan only because a whole extra dispatch
costs more than its penalty: **truck economics**.

"What would help most" starts from every binding limit (``-y`` times its unit above a
cent), those on the best paths of lost demands first, then by value. The LP is
degenerate (held trucks sit exactly at their loads, limits bind together), so a dual may
hold for a sliver of a unit only: the first ``verify`` limits are checked by re-solving
the LP with the limit relaxed by one unit, which gives the saving stated and the tonnes
served more on time; checked limits rank by that saving, ahead of unchecked ones.

Examples
--------
>>> from solver.demo import demo_network, cheapest_path_plan
>>> net = demo_network(hubs=8, seed=1)
>>> ex = explain_plan(net, cheapest_path_plan(net), top=3)
>>> len(ex.actions) <= 3
True
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from solver.evaluate import evaluate, hub_label
from solver.held import HeldModel, HeldSolution, held_model, solve_held
from solver.network import DAY_NAMES, CarrierKind, Network
from solver.plan import Plan

LOST_TOL_T = 0.01
"""Late or unserved tonnes below this are not explained."""
VALUE_TOL_EUR = 0.01
"""Limits worth less than this per unit are not binding."""
DEFAULT_TRUCKLOAD_T = 24.0

LimitKind = Literal["lane_day", "hub_day", "drivers", "fleet"]
ReasonKind = Literal[
    "lane_day",
    "hub_day",
    "drivers",
    "fleet",
    "trailer_balance",
    "service_window",
    "truck_economics",
    "route_cost",
]
_LIMITS: frozenset[str] = frozenset({"lane_day", "hub_day", "drivers", "fleet"})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Blocker(_Frozen):
    """One reason a demand loses service, with the value of relaxing it by one unit."""

    kind: ReasonKind
    entities: tuple[str, ...]
    day: int | None
    label: str
    value_eur: float = Field(description="Saving of one more unit (0 when not a limit).")
    unit: str


class DemandReason(_Frozen):
    """A late or unserved demand and what blocks it."""

    demand_id: str
    label: str
    late_t: float
    unserved_t: float
    penalty_eur: float
    blockers: tuple[Blocker, ...]
    text: str


class Action(_Frozen):
    """Relaxing one limit by one unit: its estimated saving and, when checked, the re-solve's."""

    kind: LimitKind
    entities: tuple[str, ...]
    day: int | None
    label: str
    unit: str
    amount: float = Field(description="Size of one unit in the row's terms (trucks, t, h).")
    saving_eur: float = Field(description="-dual x amount: the LP's marginal saving.")
    checked_saving_eur: float | None = Field(description="Saving found by re-solving the LP.")
    more_on_time_t: float | None = Field(description="On-time tonnes gained in the re-solve.")
    demands: tuple[str, ...] = Field(description="Lost demands whose best path it blocks.")


class Explanation(_Frozen):
    """Why service is lost in a plan and the ranked list of what would help most."""

    network_hash: str
    plan_network_hash: str
    service_level: float
    demand_t: float
    late_t: float
    unserved_t: float
    demands: tuple[DemandReason, ...]
    actions: tuple[Action, ...]
    text: str


def _eur(x: float) -> str:
    return f"€{x:,.0f}"


def _t(x: float) -> str:
    return f"{x:,.0f} t" if abs(x) >= 10 else f"{x:,.1f} t"


class _Rows:
    """Row lookups of a held model: limits by (kind, entity, day), capacity by lane bucket."""

    def __init__(self, model: HeldModel) -> None:
        self.by_key: dict[tuple[str, str, int | None], int] = {}
        self.balance: dict[tuple[str, int], int] = {}
        for i, info in enumerate(model.form.rows):
            if info.kind in _LIMITS:
                self.by_key[(info.kind, info.entities[0], info.day)] = i
            elif info.kind == "trailer_balance" and info.bucket is not None:
                self.balance[(info.entities[0], info.bucket)] = i

    def get(self, kind: str, entity: str, day: int | None) -> int | None:
        return self.by_key.get((kind, entity, day))


class _Explainer:
    def __init__(self, network: Network, plan: Plan, model: HeldModel, sol: HeldSolution) -> None:
        self.net = network
        self.plan = plan
        self.model = model
        self.sol = sol
        assert sol.duals is not None
        self.y = sol.duals
        self.rows = _Rows(model)
        self.cal = network.calendar
        self.region = {h.id: h.region for h in network.hubs}
        self.pools = {(p.region, p.day): p for p in network.drivers}
        self._own_adj: dict[str, list[str]] = {}
        for lane in network.lanes:
            if lane.carrier == CarrierKind.OWN and lane.active and lane.max_trucks_per_day:
                self._own_adj.setdefault(lane.origin, []).append(lane.destination)

    # ------------------------------------------------------------ naming
    def hub(self, hub_id: str) -> str:
        return hub_label(self.net.hub_by_id.get(hub_id), hub_id)

    def lane(self, lane_id: str) -> str:
        lane = self.net.lane_by_id[lane_id]
        return f"{self.hub(lane.origin)} → {self.hub(lane.destination)}"

    def day(self, day: int | None) -> str:
        return self.cal.day_name(day) if day is not None else ""

    def truckload(self, hub_id: str) -> float:
        caps = [
            lane.truck_capacity_t
            for lane in self.net.lanes
            if hub_id in (lane.origin, lane.destination) and lane.active
        ]
        return max(caps) if caps else DEFAULT_TRUCKLOAD_T

    def unit_of(self, row: int) -> tuple[float, str, str]:
        """(amount, unit, action label) of one unit of a limit row."""
        info = self.model.form.rows[row]
        ent, day = info.entities[0], info.day
        if info.kind == "lane_day":
            return 1.0, "truck", f"+1 truck on {self.lane(ent)} on {self.day(day)}"
        if info.kind == "hub_day":
            t = self.truckload(ent)
            return t, f"{t:g} t", f"+{t:g} t of capacity at {self.hub(ent)} on {self.day(day)}"
        if info.kind == "drivers":
            pool = self.pools.get((ent, day if day is not None else -1))
            hours = pool.hours_per_driver if pool is not None else 9.0
            return hours, "driver", f"+1 driver in the {ent} region on {self.day(day)}"
        return 1.0, "trailer", f"+1 trailer at {self.hub(ent)}"

    def blocker_label(self, row: int) -> str:
        info = self.model.form.rows[row]
        ent, day = info.entities[0], info.day
        if info.kind == "lane_day":
            limit = self.net.lane_by_id[ent].max_trucks_per_day
            return f"daily truck limit of {self.lane(ent)} on {self.day(day)} ({limit} trucks)"
        if info.kind == "hub_day":
            cap = self.net.hub_by_id[ent].capacity_t_per_day
            return f"capacity of {self.hub(ent)} on {self.day(day)} ({cap:,.0f} t)"
        if info.kind == "drivers":
            return f"drivers in the {ent} region on {self.day(day)}"
        return f"trailers at {self.hub(ent)}"

    def value(self, row: int) -> float:
        amount, _, _ = self.unit_of(row)
        return max(0.0, -float(self.y[row])) * amount

    # ------------------------------------------------------------ paths
    def path_limits(self, j: int) -> list[int]:
        """Limit rows along column ``j`` (lane days, drivers, fleet, hub days), in path order."""
        cols = self.model.cols
        idx = self.model.idx
        nb, bpd = self.cal.n_buckets, self.cal.buckets_per_day
        found: list[int] = []

        def add(kind: str, ent: str, day: int | None) -> None:
            r = self.rows.get(kind, ent, day)
            if r is not None and r not in found:
                found.append(r)

        legs = list(cols.legs(j))
        first = legs[0]
        origin = idx.hub_ids[int(idx.lane_origin[cols.leg_lane[first]])]
        add("hub_day", origin, int(cols.leg_dep[first] % nb) // bpd)
        for k in legs:
            lane_id = idx.lane_ids[int(cols.leg_lane[k])]
            lane = self.net.lane_by_id[lane_id]
            dep_day = int(cols.leg_dep[k] % nb) // bpd
            add("lane_day", lane_id, dep_day)
            if lane.carrier == CarrierKind.OWN:
                add("drivers", self.region[lane.origin], dep_day)
                add("fleet", lane.origin, None)
                add("fleet", lane.destination, None)
            add("hub_day", lane.destination, int(cols.leg_arr[k] % nb) // bpd)
        return found

    def reasons(self, d: int, late: float, unserved: float) -> tuple[list[Blocker], int | None]:
        """Blockers of demand ``d`` and the best alternative column (None if there is none)."""
        cols = self.model.cols
        mine = np.flatnonzero(cols.demand == d)
        alternatives = mine if unserved > LOST_TOL_T else mine[cols.on_time[mine]]
        did = self.model.idx.demand_ids[d]
        dem = self.net.demand_by_id[did]
        if not len(alternatives):
            fastest = None
            if len(mine):
                arrive = cols.leg_arr[cols.start[mine + 1] - 1]
                fastest = float(arrive.min()) * self.cal.bucket_h - dem.release_day * 24.0
            what = (
                f"the fastest candidate route arrives {fastest:,.0f} h after release"
                if fastest is not None
                else "no candidate route reaches it within the late allowance"
            )
            return [
                Blocker(
                    kind="service_window",
                    entities=(did,),
                    day=dem.release_day,
                    label=f"service window: due within {dem.due_h:g} h, {what}",
                    value_eur=0.0,
                    unit="h",
                )
            ], None
        assert self.sol.reduced_costs is not None
        rc = self.sol.reduced_costs[: cols.n]
        best = int(alternatives[np.lexsort((alternatives, rc[alternatives]))[0]])
        blockers = []
        for r in self.path_limits(best):
            v = self.value(r)
            if v > VALUE_TOL_EUR:
                info = self.model.form.rows[r]
                blockers.append(
                    Blocker(
                        kind=info.kind,
                        entities=info.entities,
                        day=info.day,
                        label=self.blocker_label(r),
                        value_eur=round(v, 2),
                        unit=self.unit_of(r)[1],
                    )
                )
        blockers.extend(self.trailer_blockers(best))
        blockers.sort(key=lambda b: (-b.value_eur, b.label))
        return blockers, best

    def trailer_blockers(self, j: int) -> list[Blocker]:
        """Own-fleet legs of column ``j`` whose trailer is costly (or impossible) to return.

        The price of moving a trailer from ``o`` (bucket ``b``) to ``d`` (bucket ``b+tau``) is
        ``y[d, b+tau] - y[o, b]`` on the trailer-balance rows; without any own-fleet way
        back from ``d`` to ``o``, no dispatch is possible at all.
        """
        cols, idx = self.model.cols, self.model.idx
        nb = self.cal.n_buckets
        out: list[Blocker] = []
        for k in cols.legs(j):
            lane_id = idx.lane_ids[int(cols.leg_lane[k])]
            lane = self.net.lane_by_id[lane_id]
            if lane.carrier != CarrierKind.OWN:
                continue
            dep = self.rows.balance.get((lane.origin, int(cols.leg_dep[k] % nb)))
            arr = self.rows.balance.get((lane.destination, int(cols.leg_arr[k] % nb)))
            if dep is None or arr is None:
                continue
            price = float(self.y[arr] - self.y[dep])
            back = self.own_reach(lane.destination, lane.origin)
            if back and price <= VALUE_TOL_EUR:
                continue
            label = (
                f"trailer balance: own-fleet trailers sent on {self.lane(lane_id)} cost "
                f"{_eur(price)} each to bring back"
                if back
                else f"trailer balance: no own-fleet lane brings trailers back from "
                f"{self.hub(lane.destination)} to {self.hub(lane.origin)}"
            )
            out.append(
                Blocker(
                    kind="trailer_balance",
                    entities=(lane_id,),
                    day=int(cols.leg_dep[k] % nb) // self.cal.buckets_per_day,
                    label=label,
                    value_eur=0.0,
                    unit="trailer",
                )
            )
        return out

    def own_reach(self, start: str, goal: str) -> bool:
        """Whether own-fleet lanes lead from hub ``start`` to hub ``goal``."""
        seen, stack = {start}, [start]
        while stack:
            for nxt in self._own_adj.get(stack.pop(), []):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return goal in seen


def _relaxed_solve(model: HeldModel, row: int, amount: float) -> HeldSolution:
    p = model.program
    ub = p.row_ub.copy()
    ub[row] += amount
    return solve_held(model, replace(p, row_ub=ub))


def explain_plan(
    network: Network, plan: Plan, *, top: int = 5, verify: int = 8, max_demands: int = 20
) -> Explanation:
    """Explain the lost service of ``plan`` on ``network`` and rank what would help most.

    Parameters
    ----------
    network
        The network the plan runs on.
    plan
        A plan that keeps the network's hard limits (e.g. its design solve).
    top
        Actions to return.
    verify
        How many binding limits to check by re-solving the LP with the limit relaxed by one
        unit, those blocking lost demands first. Checked limits rank by their re-solved
        saving, ahead of unchecked ones (ranked by dual value); a checked limit that saves
        nothing is dropped (its dual held only for a sliver of a unit).
    max_demands
        Late or unserved demands explained, most penalised first.

    Raises
    ------
    ValueError
        If ``top``, ``verify`` or ``max_demands`` is negative, or the plan breaks a hard
        limit of the network (the LP is then infeasible).
    """
    for name, v in (("top", top), ("verify", verify), ("max_demands", max_demands)):
        if v < 0:
            raise ValueError(f"{name}: must be at least 0, got {v}")
    ev = evaluate(network, plan)
    if ev.hard_violations:
        first = ev.hard_violations[0]
        raise ValueError(
            f"plan: it breaks {len(ev.hard_violations)} hard limit(s) of the network, "
            f"e.g. {first.message}; explain a plan made for this network"
        )
    lost = {o.demand_id: o for o in ev.demands if o.late_t + o.unserved_t > LOST_TOL_T}
    model = held_model(network, plan, mode="floor", open_demands=lost)
    try:
        sol = solve_held(model)
    except RuntimeError as exc:
        raise ValueError(f"plan: {exc}") from None
    ex = _Explainer(network, plan, model, sol)
    dem_pos = {d: i for i, d in enumerate(model.idx.demand_ids)}

    def penalty(did: str) -> float:
        o = lost[did]
        d = network.demand_by_id[did]
        return o.late_t * d.penalty_late_eur_per_t + o.unserved_t * d.penalty_unserved_eur_per_t

    ordered = sorted(lost, key=lambda did: (-penalty(did), did))[:max_demands]
    paths: dict[str, tuple[list[Blocker], int | None] | None] = {}
    blocks: dict[int, list[str]] = {}
    for did in ordered:
        o, d = lost[did], dem_pos[did]
        if float(sol.late_t[d] + sol.unserved_t[d]) <= LOST_TOL_T:
            paths[did] = None  # the LP serves it: not a limit, a whole truck's worth
            continue
        found = ex.reasons(d, o.late_t, o.unserved_t)
        paths[did] = found
        if found[1] is not None:
            for r in ex.path_limits(found[1]):
                if ex.value(r) > VALUE_TOL_EUR:
                    blocks.setdefault(r, []).append(did)
    candidates = [
        r
        for r, info in enumerate(model.form.rows)
        if info.kind in _LIMITS and ex.value(r) > VALUE_TOL_EUR
    ]
    candidates.sort(key=lambda r: (r not in blocks, -ex.value(r), r))
    base_obj = float(sol.objective_eur or 0.0)
    base_on = float(sol.on_time_t.sum())
    checked: dict[int, tuple[float, float]] = {}
    for r in candidates[:verify]:
        again = _relaxed_solve(model, r, ex.unit_of(r)[0])
        checked[r] = (
            round(base_obj - float(again.objective_eur or 0.0), 2),
            round(float(again.on_time_t.sum()) - base_on, 3),
        )
    useful = [r for r in candidates if r not in checked or checked[r][0] > VALUE_TOL_EUR]
    useful.sort(
        key=lambda r: (r not in checked, -(checked[r][0] if r in checked else ex.value(r)), r)
    )
    actions: list[Action] = []
    for r in useful[:top]:
        amount, unit, label = ex.unit_of(r)
        info = model.form.rows[r]
        actions.append(
            Action(
                kind=info.kind,
                entities=info.entities,
                day=info.day,
                label=label,
                unit=unit,
                amount=amount,
                saving_eur=round(ex.value(r), 2),
                checked_saving_eur=checked[r][0] if r in checked else None,
                more_on_time_t=checked[r][1] if r in checked else None,
                demands=tuple(blocks.get(r, [])),
            )
        )
    reasons: list[DemandReason] = []
    for did in ordered:
        o, d = lost[did], dem_pos[did]
        entry = paths[did]
        blockers: list[Blocker] = []
        if entry is not None:
            for b in entry[0]:
                row = ex.rows.get(b.kind, b.entities[0], b.day)
                if row is not None and row in checked:
                    if checked[row][0] <= VALUE_TOL_EUR:
                        continue
                    b = b.model_copy(update={"value_eur": checked[row][0]})
                blockers.append(b)
            blockers.sort(key=lambda b: (-b.value_eur, b.label))
        if not blockers and entry is not None and entry[1] is not None:
            blockers = [_route_cost(ex, did, entry[1])]
        elif not blockers:
            blockers = [_economics(ex, did, d, penalty(did))]
        reasons.append(_reason(ex, did, o.late_t, o.unserved_t, penalty(did), blockers))
    k = ev.kpis
    explanation = Explanation(
        network_hash=network.content_hash(),
        plan_network_hash=plan.network_hash,
        service_level=k.service_level,
        demand_t=k.demand_t,
        late_t=k.late_t,
        unserved_t=k.unserved_t,
        demands=tuple(reasons),
        actions=tuple(actions),
        text="",
    )
    return explanation.model_copy(update={"text": _text(explanation, len(lost))})


def _dispatch_and_back(net: Network, lane_id: str) -> float:
    """Cost of one more dispatch on a lane, and of bringing an own-fleet trailer back."""
    lane = net.lane_by_id[lane_id]
    cost = lane.cost_eur_per_truck
    if lane.carrier == CarrierKind.OWN:
        back = [
            x.cost_eur_per_truck
            for x in net.lanes
            if x.origin == lane.destination
            and x.destination == lane.origin
            and x.active
            and x.carrier == CarrierKind.OWN
        ]
        cost += min(back, default=0.0)
    return cost


def _route_cost(ex: _Explainer, did: str, j: int) -> Blocker:
    """No limit binds on its best route: carrying it simply costs more than losing it."""
    cols = ex.model.cols
    lanes = [ex.model.idx.lane_ids[int(cols.leg_lane[k])] for k in cols.legs(j)]
    dem = ex.net.demand_by_id[did]
    label = (
        f"route cost: its best route ({', '.join(ex.lane(x) for x in lanes)}) costs more per "
        f"tonne, trucks and trailers included, than the €{dem.penalty_unserved_eur_per_t:,.0f}/t "
        "its loss costs"
    )
    return Blocker(
        kind="route_cost",
        entities=(did, *lanes),
        day=None,
        label=label,
        value_eur=0.0,
        unit="t",
    )


def _economics(ex: _Explainer, did: str, d: int, penalty_eur: float) -> Blocker:
    """The plan leaves it late because a whole extra dispatch costs more than its penalty."""
    cols = ex.model.cols
    sol = ex.sol
    mine = np.flatnonzero((cols.demand == d) & (sol.x > 1e-9))
    extra = sol.n - ex.model.held
    cost = 0.0
    lanes: list[str] = []
    nb = ex.cal.n_buckets
    for j in mine:
        for k in cols.legs(int(j)):
            lane_i, b = int(cols.leg_lane[k]), int(cols.leg_dep[k] % nb)
            if extra[lane_i, b] > 1e-6:
                lane_id = ex.model.idx.lane_ids[lane_i]
                if lane_id not in lanes:
                    lanes.append(lane_id)
                    cost += _dispatch_and_back(ex.net, lane_id)
    where = ", ".join(ex.lane(x) for x in lanes[:2])
    own = any(ex.net.lane_by_id[x].carrier == CarrierKind.OWN for x in lanes)
    price = f"{_eur(cost)} with the trailer brought back" if own else _eur(cost)
    if lanes and cost >= penalty_eur:
        label = (
            f"truck economics: serving it needs another dispatch on {where} ({price}), "
            f"more than the {_eur(penalty_eur)} its loss costs"
        )
    elif lanes:
        label = (
            f"no network limit blocks it: another dispatch on {where} ({price}) would serve "
            f"it for less than the {_eur(penalty_eur)} its loss costs — a longer solve may "
            "find it"
        )
    else:
        label = (
            "no network limit blocks it: its route has room on the held trucks — a longer "
            "solve may find it"
        )
    return Blocker(
        kind="truck_economics",
        entities=(did, *lanes),
        day=None,
        label=label,
        value_eur=0.0,
        unit="dispatch",
    )


def _reason(
    ex: _Explainer,
    did: str,
    late: float,
    unserved: float,
    penalty_eur: float,
    blockers: list[Blocker],
) -> DemandReason:
    d = ex.net.demand_by_id[did]
    label = (
        f"{did} ({ex.hub(d.origin)} → {ex.hub(d.destination)}, {DAY_NAMES[d.release_day % 7]}"
        + (f", {d.customer}" if d.customer else "")
        + ")"
    )
    lost = []
    if late > LOST_TOL_T:
        lost.append(f"{_t(late)} late")
    if unserved > LOST_TOL_T:
        lost.append(f"{_t(unserved)} unserved")
    why = "; ".join(
        b.label + (f" (one more {b.unit}: {_eur(b.value_eur)})" if b.value_eur > 0 else "")
        for b in blockers[:3]
    )
    return DemandReason(
        demand_id=did,
        label=label,
        late_t=late,
        unserved_t=unserved,
        penalty_eur=round(penalty_eur, 2),
        blockers=tuple(blockers),
        text=f"{label}: {' and '.join(lost)} — {why}",
    )


def _text(e: Explanation, n_lost: int) -> str:
    lines = [
        f"On-time service is {e.service_level:.1%}: {_t(e.late_t)} late and "
        f"{_t(e.unserved_t)} unserved of {_t(e.demand_t)}"
        + (f" across {n_lost} demand{'s' if n_lost != 1 else ''}." if n_lost else ".")
    ]
    if e.actions:
        parts = []
        for a in e.actions:
            saving = a.checked_saving_eur if a.checked_saving_eur is not None else a.saving_eur
            served = (
                f" and serves {_t(a.more_on_time_t)} more on time"
                if a.more_on_time_t is not None and a.more_on_time_t > LOST_TOL_T
                else ""
            )
            parts.append(f"{a.label} saves {_eur(saving)}{served}")
        lines.append("What would help most: " + "; ".join(parts) + ".")
    elif n_lost:
        lines.append("No network limit binds: relaxing a single limit would not help.")
    if e.demands:
        lines.append("Why: " + "; ".join(r.text for r in e.demands[:3]) + ".")
    return " ".join(lines)
