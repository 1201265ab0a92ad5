"""The design model with a plan's truck dispatches held: re-route freight by LP, read duals.

A committed plan fixes how many trucks leave on every lane in every time bucket; the
freight can still be re-routed over those trucks. :func:`held_model` builds the design
model of :mod:`solver.formulation` over candidate timed paths plus the plan's own
shipments, with the plan's dispatches (loaded and empty) held in one of two ways:

- ``"fixed"`` — dispatches are exactly the plan's: they are the capacity, and nothing
  else is bought. Rows that involve trucks alone (daily lane limits, drivers, trailer
  balance and fleet) are already decided by the plan and are left out, so the LP is
  always feasible (what does not fit is late or unserved). Stress tests use this.
- ``"floor"`` — the plan's dispatches are a floor and more may be added, continuously, at
  their dispatch cost, under every limit of the network (daily lane limits, hub
  throughput, drivers, trailer balance and fleet). The duals of those limits are the
  marginal value of relaxing them. Explanations use this: with capacity held exactly,
  every loaded lane bucket binds at once (the MIP sized them to their loads) and the
  duals cannot tell which limit blocks the freight.

Columns: the plan's shipments, every candidate path whose legs all ride held dispatches,
and every candidate path of the demands named in ``open_demands``.

Examples
--------
>>> from solver.demo import demo_network, cheapest_path_plan
>>> net = demo_network(hubs=8, seed=1)
>>> model = held_model(net, cheapest_path_plan(net))
>>> sol = solve_held(model)
>>> sol.status, bool(sol.on_time_t.sum() <= model.form.volume.sum() + 1e-6)
('optimal', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import scipy.sparse as sp

from solver.columns import Columns, DemandWindow, lane_bucket_open
from solver.design import Candidates, build_candidates, concat_columns, warm_start_columns
from solver.formulation import Formulation, RowInfo, build_formulation
from solver.mathopt_lp import MatrixProgram, solve_program
from solver.network import Network
from solver.plan import Backend, Plan, Shipment
from solver.routes import Indexed

HeldMode = Literal["fixed", "floor"]

TRUCK_ONLY_ROWS: frozenset[str] = frozenset({"lane_day", "drivers", "trailer_balance", "fleet"})
"""Row kinds that hold truck variables only: already decided when dispatches are fixed."""

FLOOR_SLACK = 1e-4
"""``"floor"`` mode lets held dispatches drop by this much, so a held truck that is full
sits strictly above its bound: the capacity dual is then the cost of *more* capacity (the
derivative to the right), not any value between that and zero."""

LP_TIME_LIMIT_S = 120.0
"""Wall-clock limit of one held LP (they take well under a second on the demo networks)."""


@dataclass(slots=True)
class HeldModel:
    """A network's design model with a plan's dispatches held (see the module docstring)."""

    net: Network
    idx: Indexed
    windows: list[DemandWindow]
    cols: Columns
    form: Formulation
    program: MatrixProgram
    held: np.ndarray
    mode: HeldMode
    unrepresented_eur: float
    """Cost of held dispatches the model has no variable for (closed lane buckets)."""


@dataclass(slots=True)
class HeldSolution:
    """The LP optimum of a held model, with the numbers stress tests and explanations read."""

    status: str
    objective_eur: float | None
    x: np.ndarray
    u: np.ndarray
    n: np.ndarray
    duals: np.ndarray | None
    reduced_costs: np.ndarray | None
    on_time_t: np.ndarray
    late_t: np.ndarray
    unserved_t: np.ndarray
    lane_load_t: np.ndarray
    """Tonnes per ``[lane, bucket]``."""


def dispatch_grid(plan: Plan, idx: Indexed, n_buckets: int) -> np.ndarray:
    """Dispatches (loaded trucks plus empty trailers) per ``[lane, bucket]`` of ``plan``.

    Lanes the network does not have and buckets outside its cycle are ignored.
    """
    pos = {lid: i for i, lid in enumerate(idx.lane_ids)}
    grid = np.zeros((len(idx.lane_ids), n_buckets))
    for lb in plan.lane_buckets:
        i = pos.get(lb.lane_id)
        if i is not None and lb.bucket < n_buckets:
            grid[i, lb.bucket] += lb.trucks + lb.empty_trailers
    return grid


def _legs_key(idx: Indexed, s: Shipment) -> tuple[tuple[int, int], ...] | None:
    pos = {lid: i for i, lid in enumerate(idx.lane_ids)}
    if not all(leg.lane_id in pos for leg in s.legs):
        return None
    return tuple((pos[leg.lane_id], leg.depart_bucket) for leg in s.legs)


def shipment_columns(
    net: Network, idx: Indexed, windows: Sequence[DemandWindow], plan: Plan, known: Columns
) -> Columns:
    """The plan's shipments that are not among ``known`` columns, as columns of their own.

    A shipment is kept when its lanes exist, leave in open buckets, follow each other in
    time and arrive by the end of the demand's late allowance; its cost per tonne is
    handling at the origin and at every leg's end, the lanes' per-tonne cost and the
    late penalty if it arrives after due (as :func:`solver.columns.build_columns` prices).
    """
    nb = net.calendar.n_buckets
    dem_pos = {d: i for i, d in enumerate(idx.demand_ids)}
    lb_open = lane_bucket_open(net, idx)
    have = _signatures(known, idx, plan, dem_pos)
    handling = {h.id: h.handling_cost_eur_per_t for h in net.hubs}
    out_d: list[int] = []
    out_cost: list[float] = []
    out_on: list[bool] = []
    starts = [0]
    leg_lane: list[int] = []
    leg_dep: list[int] = []
    leg_arr: list[int] = []
    seen: set[tuple[int, tuple[tuple[int, int], ...]]] = set()
    for dp in sorted(plan.demands, key=lambda r: r.demand_id):
        d = dem_pos.get(dp.demand_id)
        if d is None:
            continue
        dem = net.demand_by_id[dp.demand_id]
        win = windows[d]
        for s in dp.shipments:
            key = _legs_key(idx, s)
            if key is None or (d, key) in have or (d, key) in seen:
                continue
            lanes = [net.lane_by_id[idx.lane_ids[lane]] for lane, _ in key]
            clock = win.release
            ok = lanes[0].origin == dem.origin and lanes[-1].destination == dem.destination
            arrive = clock
            for (lane_i, dep), (prev, nxt) in zip(
                key, zip(lanes, [*lanes[1:], None], strict=True), strict=True
            ):
                if dep < clock or not lb_open[lane_i, dep % nb]:
                    ok = False
                    break
                if nxt is not None and nxt.origin != prev.destination:
                    ok = False
                    break
                arrive = dep + int(idx.lane_tau[lane_i])
                clock = arrive
            if not ok or arrive > win.late_by:
                continue
            seen.add((d, key))
            cost = handling[dem.origin] + sum(
                lane.cost_eur_per_t + handling[lane.destination] for lane in lanes
            )
            late = arrive > win.on_time_by
            out_d.append(d)
            out_cost.append(cost + (dem.penalty_late_eur_per_t if late else 0.0))
            out_on.append(not late)
            for lane_i, dep in key:
                leg_lane.append(lane_i)
                leg_dep.append(dep)
                leg_arr.append(dep + int(idx.lane_tau[lane_i]))
            starts.append(len(leg_lane))
    m = len(out_d)
    return Columns(
        demand=np.array(out_d, dtype=np.int64),
        route=np.arange(m, dtype=np.int64),
        cost=np.array(out_cost, dtype=float),
        on_time=np.array(out_on, dtype=bool),
        start=np.array(starts, dtype=np.int64),
        leg_lane=np.array(leg_lane, dtype=np.int64),
        leg_dep=np.array(leg_dep, dtype=np.int64),
        leg_arr=np.array(leg_arr, dtype=np.int64),
    )


def _signatures(
    known: Columns, idx: Indexed, plan: Plan, dem_pos: dict[str, int]
) -> set[tuple[int, tuple[tuple[int, int], ...]]]:
    """Signatures (demand, legs) of the ``known`` columns that could match a plan shipment."""
    firsts: set[tuple[int, int, int]] = set()
    for dp in plan.demands:
        d = dem_pos.get(dp.demand_id)
        for s in dp.shipments:
            key = _legs_key(idx, s) if d is not None else None
            if d is not None and key is not None:
                firsts.add((d, *key[0]))
    if not firsts or known.n == 0:
        return set()
    span = int(known.leg_dep.max(initial=0)) + 1
    n_l = len(idx.lane_ids)
    first_leg = known.start[:-1]
    code = (known.demand * n_l + known.leg_lane[first_leg]) * span + known.leg_dep[first_leg]
    wanted = np.array([(d * n_l + lane) * span + dep for d, lane, dep in firsts], dtype=np.int64)
    out: set[tuple[int, tuple[tuple[int, int], ...]]] = set()
    for j in np.flatnonzero(np.isin(code, wanted)):
        legs = known.legs(int(j))
        out.add(
            (
                int(known.demand[j]),
                tuple((int(known.leg_lane[k]), int(known.leg_dep[k])) for k in legs),
            )
        )
    return out


def _riding(cols: Columns, held: np.ndarray, nb: int) -> np.ndarray:
    """Columns whose every leg leaves in a lane bucket with at least one held dispatch."""
    if cols.n == 0:
        return np.zeros(0, dtype=bool)
    leg_ok = held[cols.leg_lane, cols.leg_dep % nb] > 0
    bad_legs = np.flatnonzero(~leg_ok)
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    ok = np.ones(cols.n, dtype=bool)
    ok[leg_col[bad_legs]] = False
    return ok


def with_volumes(net: Network, volumes: dict[str, float]) -> Network:
    """``net`` with the named demands' volumes replaced (other fields as they are)."""
    demands = tuple(
        d.model_copy(update={"volume_t": float(volumes[d.id])}) if d.id in volumes else d
        for d in net.demands
    )
    fields = {name: getattr(net, name) for name in type(net).model_fields}
    fields["demands"] = demands
    return Network(**fields)


@dataclass(slots=True)
class HeldColumns:
    """Candidate columns of a network for a plan (built once, reused across volume changes)."""

    net: Network
    idx: Indexed
    windows: list[DemandWindow]
    cols: Columns
    held: np.ndarray


def held_columns(
    network: Network,
    plan: Plan,
    *,
    open_demands: Iterable[str] = (),
    candidates: Candidates | None = None,
) -> HeldColumns:
    """The columns a held model uses: the plan's, those riding held trucks, and all of ``open``.

    ``candidates`` (from :func:`solver.design.build_candidates` on ``network``) saves
    rebuilding them.
    """
    cand = candidates or build_candidates(network)
    nb = network.calendar.n_buckets
    held = dispatch_grid(plan, cand.idx, nb)
    mine = warm_start_columns(cand, plan)
    extra = shipment_columns(network, cand.idx, cand.windows, plan, cand.cols)
    cols = concat_columns(cand.cols, extra) if extra.n else cand.cols
    keep = _riding(cols, held, nb)
    keep[mine] = True
    keep[cand.cols.n :] = True
    wanted = set(open_demands)
    if wanted:
        dem = np.array([d in wanted for d in cand.idx.demand_ids], dtype=bool)
        keep |= dem[cols.demand]
    return HeldColumns(network, cand.idx, cand.windows, cols.subset(np.flatnonzero(keep)), held)


def _lane_day_rows(
    form: Formulation, program: MatrixProgram
) -> tuple[MatrixProgram, list[RowInfo]]:
    """Add ``sum of a lane's dispatches on a day <= max_trucks_per_day`` rows if missing.

    :func:`solver.formulation.build_formulation` leaves them out with one bucket a day
    (the truck variable's bound says the same); explanations need them as rows.
    """
    rows = list(form.rows)
    if any(r.kind == "lane_day" for r in rows) or not len(form.n_lane):
        return program, rows
    net, idx = form.net, form.idx
    days = net.calendar.days
    bpd = net.calendar.buckets_per_day
    keys = form.n_lane * days + form.n_bucket // bpd
    uniq, inv = np.unique(keys, return_inverse=True)
    limits = np.array(
        [net.lane_by_id[idx.lane_ids[k // days]].max_trucks_per_day for k in uniq], dtype=float
    )
    extra = sp.csr_matrix(
        (np.ones(len(keys)), (inv, form.n0 + np.arange(len(keys)))),
        shape=(len(uniq), program.n_cols),
    )
    rows.extend(RowInfo("lane_day", (idx.lane_ids[k // days],), int(k % days)) for k in uniq)
    return (
        replace(
            program,
            a=sp.vstack([program.a, extra]).tocsr(),
            row_lb=np.concatenate([program.row_lb, np.full(len(uniq), -np.inf)]),
            row_ub=np.concatenate([program.row_ub, limits]),
        ),
        rows,
    )


def held_model(
    network: Network,
    plan: Plan,
    *,
    mode: HeldMode = "fixed",
    open_demands: Iterable[str] = (),
    columns: HeldColumns | None = None,
) -> HeldModel:
    """The design model of ``network`` with ``plan``'s dispatches held (see module docs).

    Parameters
    ----------
    network
        The network to route on (e.g. the plan's own, or one with perturbed demand).
    plan
        The plan whose dispatches are held.
    mode
        ``"fixed"`` (capacity is exactly the plan's) or ``"floor"`` (more may be added).
    open_demands
        Demand ids that may use every candidate path, not only those riding held trucks.
    columns
        Columns from :func:`held_columns` for a network with the same lanes, hubs and
        demand ids (volumes may differ): saves rebuilding candidates per draw.
    """
    hc = columns or held_columns(network, plan, open_demands=open_demands)
    form = build_formulation(network, hc.idx, hc.cols, hc.windows)
    p = form.program
    held_n = hc.held[form.n_lane, form.n_bucket]
    col_lb = p.col_lb.copy()
    col_ub = p.col_ub.copy()
    row_lb = p.row_lb.copy()
    row_ub = p.row_ub.copy()
    rows = list(form.rows)
    program = p
    if mode == "fixed":
        col_lb[form.n0 : form.s0] = held_n
        col_ub[form.n0 : form.s0] = held_n
        free = np.array([r.kind in TRUCK_ONLY_ROWS for r in rows], dtype=bool)
        row_lb[free] = -np.inf
        row_ub[free] = np.inf
        program = replace(p, col_lb=col_lb, col_ub=col_ub, row_lb=row_lb, row_ub=row_ub)
    else:
        floor = np.minimum(held_n, col_ub[form.n0 : form.s0])
        col_lb[form.n0 : form.s0] = np.maximum(0.0, floor - FLOOR_SLACK)
        col_ub[form.n0 : form.s0] = np.inf
        program, rows = _lane_day_rows(
            form, replace(p, col_lb=col_lb, col_ub=col_ub, integer=np.zeros(p.n_cols, bool))
        )
    program = replace(program, integer=np.zeros(program.n_cols, dtype=bool))
    represented = np.zeros_like(hc.held, dtype=bool)
    represented[form.n_lane, form.n_bucket] = True
    truck_eur = np.array([network.lane_by_id[lid].cost_eur_per_truck for lid in hc.idx.lane_ids])
    unrepresented = float((hc.held * ~represented * truck_eur[:, None]).sum())
    form.rows = rows
    return HeldModel(
        net=network,
        idx=hc.idx,
        windows=hc.windows,
        cols=hc.cols,
        form=form,
        program=program,
        held=hc.held,
        mode=mode,
        unrepresented_eur=unrepresented,
    )


def solve_held(
    model: HeldModel, program: MatrixProgram | None = None, *, time_limit_s: float = LP_TIME_LIMIT_S
) -> HeldSolution:
    """Solve the held model's LP (or ``program``, a variant of it) with HiGHS.

    Raises
    ------
    RuntimeError
        If the LP is not solved to optimality (it is feasible by construction in
        ``"fixed"`` mode; ``"floor"`` can be infeasible only if the plan breaks a limit).
    """
    p = program if program is not None else model.program
    sol = solve_program(p, Backend.HIGHS, time_limit_s=time_limit_s, relax=True)
    if sol.status != "optimal" or sol.x is None or sol.objective is None:
        raise RuntimeError(
            f"the held-trucks LP ended {sol.status}"
            + (f" ({sol.detail})" if sol.detail else "")
            + ": the plan's dispatches break a limit of the network"
        )
    form = model.form
    cols = model.cols
    nb = model.net.calendar.n_buckets
    n_d = len(form.volume)
    x = sol.x[: cols.n]
    u = sol.x[form.u0 : form.n0]
    n = np.zeros_like(model.held)
    n[form.n_lane, form.n_bucket] = sol.x[form.n0 : form.s0]
    on = np.bincount(cols.demand[cols.on_time], weights=x[cols.on_time], minlength=n_d)
    late = np.bincount(cols.demand[~cols.on_time], weights=x[~cols.on_time], minlength=n_d)
    leg_col = np.repeat(np.arange(cols.n), np.diff(cols.start))
    load = np.zeros_like(model.held)
    np.add.at(load, (cols.leg_lane, cols.leg_dep % nb), x[leg_col])
    return HeldSolution(
        status=sol.status,
        objective_eur=float(sol.objective) + model.unrepresented_eur,
        x=x,
        u=u,
        n=n,
        duals=sol.duals,
        reduced_costs=sol.reduced_costs,
        on_time_t=on,
        late_t=late,
        unserved_t=u,
        lane_load_t=load,
    )
