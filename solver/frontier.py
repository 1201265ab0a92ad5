"""Cost–service frontier: the cheapest plan found for each on-time service target.

Each target ``t`` is solved as its own design problem, the network with
``policy.service_target = t``: the model then charges every tonne of on-time shortfall
below ``t`` at :func:`solver.evaluate.service_shortfall_rate` (ten times the largest
unserved penalty), so the target is met whenever it can be met. Points are independent
solves (run them in parallel through :func:`solve_frontier_point`, module-level for
worker processes). A plan that meets a higher target also meets every lower one, so each
point reports the cheapest plan found *among all solves* that meets its target
(``from_target`` says which solve it came from): the curve never falls as the target
rises, even though each solve stops at a gap.

Costs are the plan's operating cost plus late and unserved penalties, without the
shortfall charge (which only steers the solve); a point whose target no plan met is
marked ``met=False``.

The knee
--------
With points ordered by target, costs and service levels are scaled to ``[0, 1]`` over
the curve; the knee is the interior point farthest from the straight line (chord)
joining the first and last points: beyond it, each extra point of service costs clearly
more than before. No knee is marked with fewer than three distinct points or when every
point lies on the chord (distance below 1e-6).

Examples
--------
>>> knee_index([(0.90, 100.0), (0.95, 110.0), (1.00, 200.0)])
1
>>> knee_index([(0.90, 100.0), (0.95, 150.0), (1.00, 200.0)]) is None
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from solver.design import solve
from solver.evaluate import evaluate
from solver.network import Network, ServicePolicy
from solver.plan import Plan, SolveSettings

DEFAULT_TARGETS: tuple[float, ...] = (0.90, 0.92, 0.94, 0.96, 0.98, 1.00)
MET_TOL = 1e-6
"""A plan meets a target when its service level is at least the target minus this."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FrontierPoint(_Frozen):
    """The cheapest plan found for one service target."""

    target: float
    met: bool = Field(description="Whether any solve found a plan meeting the target.")
    from_target: float = Field(description="The target whose solve produced this plan.")
    cost_eur: float = Field(description="Operating cost plus late/unserved penalties.")
    service_level: float
    on_time_t: float
    late_t: float
    unserved_t: float
    trucks: int
    empty_trailers: int
    status: str
    seconds: float
    knee: bool = False


class FrontierReport(_Frozen):
    """The cost–service curve, its knee, and a paragraph that reads it."""

    network_hash: str
    points: tuple[FrontierPoint, ...]
    knee_index: int | None
    text: str


@dataclass(frozen=True, slots=True)
class FrontierTask:
    """One frontier solve: the network, the target, the solve settings and a warm start."""

    network: Network
    target: float
    settings: SolveSettings
    warm_start: Plan | None = None


def with_target(network: Network, target: float) -> Network:
    """``network`` with ``policy.service_target`` set to ``target``."""
    fields = {name: getattr(network, name) for name in type(network).model_fields}
    fields["policy"] = ServicePolicy(service_target=target, max_late_h=network.policy.max_late_h)
    return Network(**fields)


def solve_frontier_point(task: FrontierTask) -> FrontierPoint:
    """Solve one target (module-level so worker processes can run it)."""
    net = with_target(task.network, task.target)
    result = solve(net, task.settings, warm_start=task.warm_start)
    if result.plan is None:
        raise RuntimeError(f"target {task.target:.0%}: the solve returned no plan")
    k = evaluate(task.network, result.plan).kpis
    return FrontierPoint(
        target=task.target,
        met=k.service_level >= task.target - MET_TOL,
        from_target=task.target,
        cost_eur=round(k.total_cost_eur, 2),
        service_level=k.service_level,
        on_time_t=k.on_time_t,
        late_t=k.late_t,
        unserved_t=k.unserved_t,
        trucks=k.trucks,
        empty_trailers=k.empty_trailers,
        status=result.status,
        seconds=result.seconds,
    )


def targets_around(
    service_level: float, *, points: int = 6, below: float = 0.02
) -> tuple[float, ...]:
    """Targets from ``below`` under a plan's service level (rounded down to half a point) to 100%.

    Examples
    --------
    >>> targets_around(0.994)
    (0.97, 0.976, 0.982, 0.988, 0.994, 1.0)
    >>> targets_around(0.5, points=3)
    (0.48, 0.74, 1.0)
    """
    if points < 2:
        raise ValueError(f"points: must be at least 2, got {points}")
    lo = min(1.0, max(0.0, math.floor((service_level - below) * 200 + 1e-9) / 200))
    if lo >= 1.0:
        lo = 0.99
    return tuple(round(float(t), 3) for t in np.linspace(lo, 1.0, points))


def knee_index(curve: Sequence[tuple[float, float]]) -> int | None:
    """Index of the knee of ``(service, cost)`` points ordered by service (see module docs)."""
    if len(curve) < 3:
        return None
    pts = np.array(curve, dtype=float)
    span = pts.max(axis=0) - pts.min(axis=0)
    if np.any(span <= 0):
        return None
    z = (pts - pts.min(axis=0)) / span
    a, b = z[0], z[-1]
    chord = b - a
    length = float(np.hypot(*chord))
    if length == 0:
        return None
    dist = np.abs(chord[0] * (z[:, 1] - a[1]) - chord[1] * (z[:, 0] - a[0])) / length
    dist[0] = dist[-1] = 0.0
    k = int(np.argmax(dist))
    return k if dist[k] > 1e-6 else None


def frontier_tasks(
    network: Network,
    targets: Sequence[float] = DEFAULT_TARGETS,
    settings: SolveSettings | None = None,
    *,
    warm_start: Plan | None = None,
) -> list[FrontierTask]:
    """One task per target (sorted, distinct); ValueError naming a target outside [0, 1]."""
    if not targets:
        raise ValueError("targets: give at least one service target")
    for t in targets:
        if not 0.0 <= t <= 1.0:
            raise ValueError(f"targets: {t} is not a share between 0 and 1")
    chosen = sorted({round(float(t), 6) for t in targets})
    s = settings or SolveSettings()
    return [FrontierTask(network, t, s, warm_start) for t in chosen]


def frontier_report(network: Network, points: Sequence[FrontierPoint]) -> FrontierReport:
    """The curve from solved points: cheapest plan meeting each target, knee, text."""
    solved = sorted(points, key=lambda p: p.target)
    best: list[FrontierPoint] = []
    for p in solved:
        meeting = [q for q in solved if q.service_level >= p.target - MET_TOL]
        if meeting:
            q = min(meeting, key=lambda q: (q.cost_eur, q.target))
            best.append(
                q.model_copy(update={"target": p.target, "met": True, "from_target": q.target})
            )
        else:
            best.append(p.model_copy(update={"met": False}))
    curve = [(p.target, p.cost_eur) for p in best if p.met]
    met_pos = [i for i, p in enumerate(best) if p.met]
    k = knee_index(curve)
    knee = met_pos[k] if k is not None else None
    if knee is not None:
        best[knee] = best[knee].model_copy(update={"knee": True})
    frontier = FrontierReport(
        network_hash=network.content_hash(), points=tuple(best), knee_index=knee, text=""
    )
    return frontier.model_copy(update={"text": _text(frontier)})


def _eur(x: float) -> str:
    return f"€{x:,.0f}"


def _pc(x: float) -> str:
    """A target as a percentage: whole points when it is one, else one decimal."""
    return f"{x:.0%}" if abs(x * 100 - round(x * 100)) < 1e-9 else f"{x:.1%}"


def _text(f: FrontierReport) -> str:
    met = [p for p in f.points if p.met]
    missed = [p for p in f.points if not p.met]
    if not met:
        top = max(f.points, key=lambda p: p.service_level)
        return (
            f"No plan met any of the targets; the best found reaches "
            f"{top.service_level:.1%} on time at {_eur(top.cost_eur)} per week."
        )
    lo, hi = met[0], met[-1]
    groups: list[list[FrontierPoint]] = []
    for p in met:
        if groups and groups[-1][-1].from_target == p.from_target:
            groups[-1].append(p)
        else:
            groups.append([p])
    parts = []
    for g in groups:
        p = g[-1]
        span = f"{_pc(g[0].target)}–{_pc(p.target)}" if len(g) > 1 else f"{_pc(p.target)}"
        head = f"{span}: " if len(groups) > 1 else ""
        parts.append(
            f"{head}{_eur(p.cost_eur)} ({p.service_level:.1%} on time, "
            f"{p.unserved_t:,.0f} t unserved, {p.trucks:,} trucks)"
        )
    span = f"targets {_pc(lo.target)}–{_pc(hi.target)}" if hi.target > lo.target else "target"
    lines = [f"Cheapest plans found for on-time service {span}: " + "; ".join(parts) + "."]
    if len(groups) == 1 and len(met) > 1:
        lines.append(
            f"The same plan meets every target up to {_pc(hi.target)}: service costs nothing "
            "more in that range."
        )
    elif hi.target > lo.target:
        per_point = (hi.cost_eur - lo.cost_eur) / ((hi.target - lo.target) * 100)
        extra = _eur(hi.cost_eur - lo.cost_eur)
        lines.append(
            f"Going from {_pc(lo.target)} to {_pc(hi.target)} costs {extra} more per week "
            f"({_eur(per_point)} per point of service on average)."
        )
    if f.knee_index is not None:
        k = f.points[f.knee_index]
        after = [p for p in met if p.target > k.target]
        before = [p for p in met if p.target < k.target]
        slope_before = (
            (k.cost_eur - before[0].cost_eur) / ((k.target - before[0].target) * 100)
            if before
            else 0.0
        )
        slope_after = (
            (after[-1].cost_eur - k.cost_eur) / ((after[-1].target - k.target) * 100)
            if after
            else 0.0
        )
        lines.append(
            f"The knee is at {_pc(k.target)} ({_eur(k.cost_eur)}): up to it a point of service "
            f"costs about {_eur(slope_before)}, beyond it about {_eur(slope_after)}."
        )
    if missed:
        lines.append(
            "Not reached by any plan: " + ", ".join(f"{_pc(p.target)}" for p in missed) + "."
        )
    return " ".join(lines)


MapFn = Callable[[Callable[[FrontierTask], FrontierPoint], list[FrontierTask]], list[FrontierPoint]]


def cost_service_frontier(
    network: Network,
    targets: Sequence[float] = DEFAULT_TARGETS,
    settings: SolveSettings | None = None,
    *,
    warm_start: Plan | None = None,
    map_fn: MapFn | None = None,
) -> FrontierReport:
    """Solve every target (sequentially unless ``map_fn`` runs the tasks) and build the curve."""
    tasks = frontier_tasks(network, targets, settings, warm_start=warm_start)
    runner = map_fn or (lambda fn, items: [fn(t) for t in items])
    return frontier_report(network, runner(solve_frontier_point, tasks))
