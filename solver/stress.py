"""Stress test: hold a plan's trucks, perturb demand, re-route by LP, see how service degrades.

A committed plan fixes its dispatches (loaded trucks and empty trailers per lane and
time bucket). Under changed demand the freight is re-routed over exactly those
dispatches (:mod:`solver.held`, ``"fixed"`` mode): what no longer fits is late or
unserved. Two kinds of change:

- **deterministic**: demand leaving the given origin ``regions`` (all if none) released
  on the given ``days`` (all if none) is multiplied by ``factor``;
- **random draws**: on top of that, each origin–destination pair's volume is multiplied by
  an independent mean-one lognormal factor ``exp(sigma * Z - sigma**2 / 2)`` per draw. Draw
  ``i`` uses ``numpy.random.default_rng([seed, i])``, so a draw is the same whichever batch
  or worker computes it.

The report gives the cost and on-time service of the unperturbed plan (re-routed) and
their p5/p50/p95 over the draws, and what breaks first: the demands that lose most
tonnes (late or unserved) beyond the unperturbed case, and the lanes whose held capacity
is full on the way of freight that is lost, in the largest share of draws.

Work is cut into :class:`StressBatch` items for an executor; :func:`run_stress_batch` is
module-level so worker processes can import it.

Examples
--------
>>> from solver.demo import demo_network, cheapest_path_plan
>>> net = demo_network(hubs=8, seed=1)
>>> spec = StressSpec(factor=1.3)
>>> report = stress_plan(net, cheapest_path_plan(net), spec)
>>> report.scenario.service_level <= report.base.service_level + 1e-9
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from solver.edits import resolve_region
from solver.evaluate import hub_label
from solver.held import HeldColumns, held_columns, held_model, solve_held, with_volumes
from solver.network import DAY_NAMES, Network
from solver.plan import Plan

LOSS_TOL_T = 0.01
"""Tonnes below this are not counted as lost service for a demand in a draw."""
FULL_TOL = 1e-6
"""A held lane bucket is full when its load is within this share of its capacity."""
DRAWS_PER_BATCH = 8
"""Draws a worker solves after building the candidate columns once."""
MAX_DRAWS = 1000


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StressSpec(_Frozen):
    """What to perturb: a factor on some demand, and optionally random draws on top."""

    factor: float = Field(default=1.2, gt=0, le=10, description="Multiplier on selected demand.")
    regions: tuple[str, ...] = Field(default=(), description="Origin regions; empty: all.")
    days: tuple[int, ...] = Field(default=(), description="Release days (0 = Monday); empty: all.")
    draws: int = Field(default=0, ge=0, le=MAX_DRAWS, description="Random draws; 0: none.")
    sigma: float = Field(default=0.15, ge=0, le=2, description="Lognormal sigma per OD pair.")
    seed: int = Field(default=7, ge=0)

    @field_validator("days", mode="after")
    @classmethod
    def _days_ok(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(d < 0 or d > 13 for d in value):
            raise ValueError("days must be between 0 (Monday) and 13")
        return tuple(sorted(set(value)))


class StressPoint(_Frozen):
    """Cost and service of the held plan under one demand scenario."""

    index: int = Field(description="-1: unperturbed; 0: the deterministic change; 1..: draws.")
    cost_eur: float
    service_level: float
    demand_t: float
    on_time_t: float
    late_t: float
    unserved_t: float


class DemandRisk(_Frozen):
    """A demand that loses service under stress."""

    demand_id: str
    label: str
    base_lost_t: float = Field(description="Late plus unserved tonnes, unperturbed.")
    mean_lost_t: float = Field(description="Late plus unserved tonnes, mean over the draws.")
    mean_unserved_t: float
    share_of_draws: float = Field(description="Share of draws in which it loses service.")


class LaneRisk(_Frozen):
    """A lane whose held trucks are full on the way of freight that is lost."""

    lane_id: str
    label: str
    share_of_draws: float
    base_full: bool = Field(description="Already full for lost freight when unperturbed.")
    days: tuple[int, ...] = Field(description="Days on which it was full, in any draw.")


class StressReport(_Frozen):
    """What the held plan does under the perturbation: distributions and what breaks first."""

    network_hash: str
    plan_network_hash: str
    spec: StressSpec
    trucks: int
    empty_trailers: int
    base: StressPoint
    scenario: StressPoint = Field(description="The deterministic change alone.")
    draws: tuple[StressPoint, ...]
    cost_p5: float
    cost_p50: float
    cost_p95: float
    service_p5: float
    service_p50: float
    service_p95: float
    demands: tuple[DemandRisk, ...]
    lanes: tuple[LaneRisk, ...]
    failed: tuple[str, ...] = Field(default=(), description="Batches that failed, with why.")
    text: str


@dataclass(frozen=True, slots=True)
class StressBatch:
    """Scenarios one worker solves: the network, the plan, and (index, volumes) pairs."""

    network: Network
    plan: Plan
    scenarios: tuple[tuple[int, tuple[float, ...]], ...]


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """What one scenario's LP gave, per demand and per lane (arrays in id order)."""

    index: int
    cost_eur: float
    on_time_t: np.ndarray
    late_t: np.ndarray
    unserved_t: np.ndarray
    full_lane_days: np.ndarray
    """``[lane, day]`` True where held trucks are full on a path of lost freight."""


def _selected(network: Network, spec: StressSpec) -> np.ndarray:
    """Demands (id order) the deterministic factor applies to; ValueError if none."""
    regions = {resolve_region(network, r, "origin") for r in spec.regions}
    for day in spec.days:
        if day >= network.calendar.days:
            raise ValueError(f"days: day {day} is outside the {network.calendar.days}-day horizon")
    region_of = {h.id: h.region for h in network.hubs}
    ids = sorted(network.demand_by_id)
    mask = np.array(
        [
            (not regions or region_of[network.demand_by_id[d].origin] in regions)
            and (not spec.days or network.demand_by_id[d].release_day in spec.days)
            for d in ids
        ],
        dtype=bool,
    )
    if (spec.regions or spec.days) and not mask.any():
        raise ValueError("regions/days: no demand leaves those regions on those days")
    return mask


def scenario_volumes(network: Network, spec: StressSpec) -> list[tuple[int, np.ndarray]]:
    """Volumes (demand id order) of the unperturbed case (-1), the change (0) and the draws."""
    ids = sorted(network.demand_by_id)
    base = np.array([network.demand_by_id[d].volume_t for d in ids])
    changed = np.where(_selected(network, spec), base * spec.factor, base)
    pairs = sorted(
        {(network.demand_by_id[d].origin, network.demand_by_id[d].destination) for d in ids}
    )
    pair_of = {p: i for i, p in enumerate(pairs)}
    which = np.array(
        [
            pair_of[(network.demand_by_id[d].origin, network.demand_by_id[d].destination)]
            for d in ids
        ],
        dtype=np.int64,
    )
    out: list[tuple[int, np.ndarray]] = [(-1, base), (0, changed)]
    for i in range(1, spec.draws + 1):
        rng = np.random.default_rng([spec.seed, i])
        noise = np.exp(spec.sigma * rng.standard_normal(len(pairs)) - spec.sigma**2 / 2)
        out.append((i, np.round(changed * noise[which], 6)))
    return out


def stress_batches(
    network: Network, plan: Plan, spec: StressSpec, *, per_batch: int = DRAWS_PER_BATCH
) -> list[StressBatch]:
    """Cut the scenarios of ``spec`` into batches for an executor (in scenario order)."""
    if per_batch < 1:
        raise ValueError(f"per_batch: must be at least 1, got {per_batch}")
    scen = [(i, tuple(float(v) for v in vol)) for i, vol in scenario_volumes(network, spec)]
    return [
        StressBatch(network, plan, tuple(scen[k : k + per_batch]))
        for k in range(0, len(scen), per_batch)
    ]


def _solve_scenario(hc: HeldColumns, plan: Plan, index: int, volumes: np.ndarray) -> ScenarioResult:
    net = with_volumes(hc.net, dict(zip(hc.idx.demand_ids, volumes.tolist(), strict=True)))
    model = held_model(net, plan, mode="fixed", columns=hc)
    sol = solve_held(model)
    assert sol.objective_eur is not None
    cols = model.cols
    nb = net.calendar.n_buckets
    bpd = net.calendar.buckets_per_day
    lost = sol.late_t + sol.unserved_t > LOSS_TOL_T
    cap = np.array([net.lane_by_id[lid].truck_capacity_t for lid in hc.idx.lane_ids])
    capacity = model.held * cap[:, None]
    full = (model.held > 0) & (sol.lane_load_t >= capacity * (1 - FULL_TOL) - 1e-9)
    on_path = np.zeros_like(full)
    legs = np.repeat(np.arange(cols.n), np.diff(cols.start))
    mine = lost[cols.demand[legs]]
    on_path[cols.leg_lane[mine], cols.leg_dep[mine] % nb] = True
    blocked = full & on_path
    lane_days = np.zeros((len(hc.idx.lane_ids), net.calendar.days), dtype=bool)
    rows, buckets = np.nonzero(blocked)
    lane_days[rows, buckets // bpd] = True
    return ScenarioResult(
        index=index,
        cost_eur=float(sol.objective_eur),
        on_time_t=sol.on_time_t,
        late_t=sol.late_t,
        unserved_t=sol.unserved_t,
        full_lane_days=lane_days,
    )


def run_stress_batch(batch: StressBatch) -> list[ScenarioResult]:
    """Solve every scenario of a batch (module-level, so worker processes can run it)."""
    hc = held_columns(batch.network, batch.plan)
    return [
        _solve_scenario(hc, batch.plan, index, np.array(volumes))
        for index, volumes in batch.scenarios
    ]


def _point(r: ScenarioResult) -> StressPoint:
    demand = float(r.on_time_t.sum() + r.late_t.sum() + r.unserved_t.sum())
    on = float(r.on_time_t.sum())
    return StressPoint(
        index=r.index,
        cost_eur=round(r.cost_eur, 2),
        service_level=on / demand if demand > 0 else 1.0,
        demand_t=round(demand, 6),
        on_time_t=round(on, 6),
        late_t=round(float(r.late_t.sum()), 6),
        unserved_t=round(float(r.unserved_t.sum()), 6),
    )


def _eur(x: float) -> str:
    return f"€{x:,.0f}"


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _lane_label(net: Network, lane_id: str) -> str:
    lane = net.lane_by_id[lane_id]
    return (
        f"{hub_label(net.hub_by_id.get(lane.origin), lane.origin)} → "
        f"{hub_label(net.hub_by_id.get(lane.destination), lane.destination)}"
    )


def _demand_label(net: Network, demand_id: str) -> str:
    d = net.demand_by_id[demand_id]
    ends = (
        f"{hub_label(net.hub_by_id.get(d.origin), d.origin)} → "
        f"{hub_label(net.hub_by_id.get(d.destination), d.destination)}"
    )
    who = f", {d.customer}" if d.customer else ""
    return f"{demand_id} ({ends}, {DAY_NAMES[d.release_day % 7]}{who})"


def _days(days: Sequence[int], horizon: int) -> str:
    if len(set(days)) >= horizon:
        return "every day"
    return ", ".join(DAY_NAMES[d % 7] for d in sorted(set(days)))


def _describe(network: Network, spec: StressSpec) -> str:
    where = f"demand leaving {', '.join(sorted(spec.regions))}" if spec.regions else "all demand"
    days = f" released on {_days(spec.days, network.calendar.days)}" if spec.days else ""
    parts = []
    if spec.factor != 1.0:
        parts.append(f"{(spec.factor - 1) * 100:+.0f}% on {where}{days}")
    if spec.draws:
        parts.append(
            f"{spec.draws} random draws of ±{spec.sigma:.0%} (lognormal σ per OD pair, "
            f"seed {spec.seed})"
        )
    return " with ".join(parts) if parts else "demand unchanged"


def stress_report(
    network: Network,
    plan: Plan,
    spec: StressSpec,
    results: Sequence[ScenarioResult],
    *,
    failed: Sequence[str] = (),
    top: int = 5,
) -> StressReport:
    """Summarise scenario results (any order) into distributions and what breaks first.

    Raises
    ------
    ValueError
        If the unperturbed or the deterministic scenario is missing from ``results``.
    """
    by = {r.index: r for r in results}
    if -1 not in by or 0 not in by:
        raise ValueError("results: the unperturbed and the changed scenario are both needed")
    base, changed = by[-1], by[0]
    draws = [by[i] for i in sorted(by) if i >= 1]
    sample = draws or [changed]
    points = [_point(r) for r in sample]
    costs = np.array([p.cost_eur for p in points])
    service = np.array([p.service_level for p in points])
    base_lost = base.late_t + base.unserved_t
    lost = np.array([r.late_t + r.unserved_t for r in sample])
    unserved = np.array([r.unserved_t for r in sample])
    extra = lost.mean(axis=0) - base_lost
    share = (lost > LOSS_TOL_T).mean(axis=0)
    ids = sorted(network.demand_by_id)
    order = sorted(
        (i for i in range(len(ids)) if extra[i] > LOSS_TOL_T),
        key=lambda i: (-extra[i], -share[i], ids[i]),
    )
    demands = tuple(
        DemandRisk(
            demand_id=ids[i],
            label=_demand_label(network, ids[i]),
            base_lost_t=round(float(base_lost[i]), 3),
            mean_lost_t=round(float(lost[:, i].mean()), 3),
            mean_unserved_t=round(float(unserved[:, i].mean()), 3),
            share_of_draws=float(share[i]),
        )
        for i in order[:top]
    )
    lane_ids = sorted(network.lane_by_id)
    full = np.array([r.full_lane_days for r in sample])  # draw, lane, day
    lane_share = full.any(axis=2).mean(axis=0)
    base_full: np.ndarray = np.asarray(base.full_lane_days.any(axis=1))
    lane_order = sorted(
        (i for i in range(len(lane_ids)) if lane_share[i] > 0),
        key=lambda i: (bool(base_full[i]), -lane_share[i], lane_ids[i]),
    )
    lanes = tuple(
        LaneRisk(
            lane_id=lane_ids[i],
            label=_lane_label(network, lane_ids[i]),
            share_of_draws=float(lane_share[i]),
            base_full=bool(base_full[i]),
            days=tuple(int(d) for d in np.flatnonzero(full[:, i, :].any(axis=0))),
        )
        for i in lane_order[:top]
    )
    trucks = sum(lb.trucks for lb in plan.lane_buckets)
    empties = sum(lb.empty_trailers for lb in plan.lane_buckets)
    base_p, changed_p = _point(base), _point(changed)
    cost_q = percentile_summary(costs.tolist())
    service_q = percentile_summary(service.tolist())
    report = StressReport(
        network_hash=network.content_hash(),
        plan_network_hash=plan.network_hash,
        spec=spec,
        trucks=trucks,
        empty_trailers=empties,
        base=base_p,
        scenario=changed_p,
        draws=tuple(_point(r) for r in draws),
        cost_p5=cost_q[0],
        cost_p50=cost_q[1],
        cost_p95=cost_q[2],
        service_p5=service_q[0],
        service_p50=service_q[1],
        service_p95=service_q[2],
        demands=demands,
        lanes=lanes,
        failed=tuple(failed),
        text="",
    )
    return report.model_copy(update={"text": _text(network, report)})


def _text(network: Network, r: StressReport) -> str:
    spec, base, changed = r.spec, r.base, r.scenario
    lines = [
        f"Holding the plan's {r.trucks:,} loaded trucks and {r.empty_trailers:,} empty "
        f"moves and re-routing the freight, {_describe(network, spec)}:"
    ]
    if spec.draws:
        lines.append(
            f"on-time service {_pct(base.service_level)} unperturbed → "
            f"p50 {_pct(r.service_p50)} (p5 {_pct(r.service_p5)}, p95 {_pct(r.service_p95)}); "
            f"weekly cost {_eur(base.cost_eur)} → p50 {_eur(r.cost_p50)} "
            f"(p5 {_eur(r.cost_p5)}, p95 {_eur(r.cost_p95)}), re-routed."
        )
    else:
        lines.append(
            f"on-time service {_pct(base.service_level)} → {_pct(changed.service_level)} "
            f"({changed.late_t:,.0f} t late, {changed.unserved_t:,.0f} t unserved of "
            f"{changed.demand_t:,.0f} t); weekly cost {_eur(base.cost_eur)} → "
            f"{_eur(changed.cost_eur)} (re-routed)."
        )
    if r.demands:
        parts = [
            f"{d.label}: {d.mean_lost_t:,.1f} t late or unserved"
            + (f" in {d.share_of_draws:.0%} of draws" if spec.draws else "")
            for d in r.demands[:3]
        ]
        lines.append("Breaks first: " + "; ".join(parts) + ".")
    else:
        lines.append("No demand loses more service than unperturbed: the plan absorbs the change.")
    if r.lanes:
        parts = []
        for lane in r.lanes[:3]:
            days = _days(lane.days, network.calendar.days)
            share = f" in {lane.share_of_draws:.0%} of draws" if spec.draws else ""
            already = ", already unperturbed" if lane.base_full else ""
            parts.append(f"{lane.label} ({days}{already}){share}")
        lines.append("Trucks full on the way of lost freight: " + "; ".join(parts) + ".")
    if r.failed:
        lines.append(f"{len(r.failed)} batch(es) failed and are left out: {r.failed[0]}")
    return " ".join(lines)


MapFn = Callable[
    [Callable[[StressBatch], list[ScenarioResult]], list[StressBatch]],
    list[list[ScenarioResult]],
]


def stress_plan(
    network: Network,
    plan: Plan,
    spec: StressSpec,
    *,
    map_fn: MapFn | None = None,
    top: int = 5,
) -> StressReport:
    """Run the stress test of ``plan`` on ``network`` (sequentially unless ``map_fn`` is given).

    ``map_fn(fn, batches)`` returns ``fn(batch)`` for every batch, in order (e.g. through
    an executor); results do not depend on how batches are run.
    """
    batches = stress_batches(network, plan, spec)
    runner = map_fn or (lambda fn, items: [fn(b) for b in items])
    results = [r for chunk in runner(run_stress_batch, batches) for r in chunk]
    return stress_report(network, plan, spec, results, top=top)


def percentile_summary(values: Sequence[float]) -> tuple[float, float, float]:
    """p5, p50 and p95 of ``values`` (linear interpolation, as numpy)."""
    if not values:
        return (math.nan, math.nan, math.nan)
    arr = np.asarray(values, dtype=float)
    return (
        float(np.percentile(arr, 5)),
        float(np.percentile(arr, 50)),
        float(np.percentile(arr, 95)),
    )
