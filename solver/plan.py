"""The plan a design solve produces, and the settings and result of a solve.

A :class:`Plan` is what a TMS would import: per lane and departure bucket the trucks,
loaded tonnes and empty trailers; per demand the shipments with their legs, and the
tonnes the plan leaves late or unserved. It holds numbers only (no solver internals), so
:func:`solver.evaluate.evaluate` can recompute every cost and KPI from it, also against
a network other than the one it was made for.

Time convention
---------------
Buckets are numbered from the start of the cyclic horizon (Monday 00:00 = bucket 0,
``calendar.buckets_per_day`` per day). ``LaneBucket.bucket`` is the departure bucket
within the cycle (``0 <= bucket < n_buckets``). A leg's ``depart_bucket`` and
``arrive_bucket`` are *unwrapped*: freight released on Sunday may depart in bucket
``n_buckets + 1`` (next Monday); its truck is the lane bucket ``depart % n_buckets``.
A leg departs at the start of its departure bucket and its freight is available at
the destination from the start of ``arrive_bucket = depart_bucket +
ceil(transit_h / bucket_h)``; a demand's freight counts as delivered at the start of its
last leg's arrival bucket.

Examples
--------
>>> plan = Plan(network_hash="x", n_buckets=28, buckets_per_day=4, lane_buckets=(
...     LaneBucket(lane_id="A-B", bucket=0, trucks=1, loaded_t=20.0),))
>>> Plan.model_validate_json(plan.model_dump_json()) == plan
True
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PLAN_FORMAT_VERSION = 1
"""Bumped when the plan's JSON layout changes incompatibly."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LaneBucket(_Frozen):
    """Dispatches on one lane in one departure bucket of the cycle."""

    lane_id: str = Field(min_length=1)
    bucket: int = Field(ge=0, description="Departure bucket within the cycle.")
    trucks: int = Field(ge=0, description="Loaded truck dispatches (any load above zero).")
    loaded_t: float = Field(ge=0, description="Tonnes carried by those trucks.")
    empty_trailers: int = Field(
        default=0, ge=0, description="Empty trailer repositioning dispatches (own fleet)."
    )


class Leg(_Frozen):
    """One lane movement of a shipment."""

    lane_id: str = Field(min_length=1)
    depart_bucket: int = Field(ge=0, description="Unwrapped departure bucket.")
    arrive_bucket: int = Field(ge=0, description="Unwrapped bucket the freight is available.")

    @model_validator(mode="after")
    def _arrives_after_departure(self) -> Leg:
        if self.arrive_bucket <= self.depart_bucket:
            raise ValueError("arrive_bucket must be after depart_bucket")
        return self


class Shipment(_Frozen):
    """Tonnes of one demand that travel together along a sequence of legs."""

    tonnes: float = Field(gt=0)
    legs: tuple[Leg, ...] = Field(min_length=1)


class DemandPlan(_Frozen):
    """How a demand is served: its shipments and the tonnes late or not served."""

    demand_id: str = Field(min_length=1)
    shipments: tuple[Shipment, ...] = ()
    late_t: float = Field(default=0.0, ge=0, description="Tonnes delivered after due.")
    unserved_t: float = Field(default=0.0, ge=0, description="Tonnes not delivered.")

    @property
    def shipped_t(self) -> float:
        """Tonnes on shipments."""
        return sum(s.tonnes for s in self.shipments)


class Plan(_Frozen):
    """A weekly plan: lane dispatches per bucket and the routing of every demand."""

    format_version: int = PLAN_FORMAT_VERSION
    network_hash: str = Field(description="Content hash of the network the plan was made for.")
    n_buckets: int = Field(ge=1, description="Buckets in the cycle the plan was made for.")
    buckets_per_day: int = Field(ge=1)
    lane_buckets: tuple[LaneBucket, ...] = ()
    demands: tuple[DemandPlan, ...] = ()

    def to_json(self) -> str:
        """Canonical JSON (rows sorted, no whitespace): identical plans give identical text."""
        return self.canonical().model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> Plan:
        """Parse a plan from JSON (as written by :meth:`to_json`)."""
        return cls.model_validate_json(text)

    def canonical(self) -> Plan:
        """The same plan with lane buckets and demands sorted by their keys."""
        return self.model_copy(
            update={
                "lane_buckets": tuple(
                    sorted(self.lane_buckets, key=lambda r: (r.lane_id, r.bucket))
                ),
                "demands": tuple(sorted(self.demands, key=lambda r: r.demand_id)),
            }
        )


class Backend(StrEnum):
    """MIP backends reachable through OR-Tools MathOpt."""

    HIGHS = "highs"
    SCIP = "scip"
    CP_SAT = "cp_sat"


class SolveSettings(_Frozen):
    """How to solve: effort, safety stop, tolerance, threads, seed and MIP backend.

    A plan is a function of (network, settings): the effort fields count deterministic
    work (column-generation rounds, branch-and-bound nodes), so the same settings give
    the same plan on a quiet or a busy machine. ``time_limit_s`` is only a safety stop;
    when it fires the result is ``unfinished``.
    """

    time_limit_s: float = Field(
        default=300.0, gt=0, description="Wall-clock safety stop (the result is 'unfinished')."
    )
    relative_gap: float = Field(default=0.01, ge=0, le=1, description="Stop at this gap.")
    threads: int = Field(default=1, ge=1, le=64)
    seed: int = Field(default=7, ge=0)
    backend: Backend = Backend.HIGHS
    lp_rounds: int = Field(
        default=60, ge=1, le=10_000, description="Column-generation rounds at most (effort)."
    )
    cut_rounds: int = Field(
        default=2,
        ge=0,
        le=100,
        description="Rounds of window-cut separation once the LP converged (bound effort).",
    )
    link_cuts: int = Field(
        default=0,
        ge=0,
        le=100_000,
        description=(
            "Strong linking cuts added per cut round at most (bound effort; 0: none, the "
            "default, since they lengthen every cut round; see solver.linking)."
        ),
    )
    slope_rounds: int = Field(
        default=0,
        ge=0,
        le=1000,
        description=(
            "Slope-scaling LPs before the MIP, each rounded to a plan that fills its trucks "
            "(effort; 0: none, the default; see solver.slope)."
        ),
    )
    mip_nodes: int = Field(
        default=200,
        ge=1,
        le=10_000_000,
        description="Branch-and-bound nodes per MIP stage (effort; the root always runs).",
    )
    timing_mip: bool = Field(
        default=True,
        description=(
            "Run the design's second MIP, over the other timings of the routes the first "
            "chose (False: skip it; the full-effort solves do, as their neighbourhood "
            "search re-times freight faster; see solver.design)."
        ),
    )
    reflow: bool = Field(
        default=True,
        description=(
            "Re-route the design plan's freight by LP over its own trucks before any search "
            "(False: keep the design MIP's routing; see solver.reflow)."
        ),
    )
    search_rounds: int = Field(
        default=0,
        ge=0,
        le=1000,
        description=(
            "Neighbourhoods searched on the finished plan, one part of the network each, "
            "by one or two MIPs (effort; 0: none, the default, since each costs about a "
            "design MIP; "
            "full-effort planning solves ask for 10; see solver.lns)."
        ),
    )
    search_nodes: int | None = Field(
        default=None,
        ge=1,
        le=10_000_000,
        description=(
            "Branch-and-bound nodes per neighbourhood-search MIP (effort; None: "
            "``mip_nodes``; see solver.lns)."
        ),
    )
    full_replan: bool = Field(
        default=True,
        description=(
            "A warm re-solve also runs the full design MIP after re-planning around the edit "
            "(False: only its bound, for the gap; the plan is the one around the edit)."
        ),
    )


SolveStatus = Literal["optimal", "feasible", "unfinished", "infeasible", "no_solution", "error"]
"""``optimal``: proven within ``relative_gap`` of a bound valid for every plan of the
network; ``feasible``: a plan whose gap to that bound is larger (its effort was spent);
``unfinished``: a plan, but the wall-clock safety stop fired before the effort was spent."""


class SolveProgress(_Frozen):
    """A progress report during a solve (for progress bars)."""

    elapsed_s: float
    phase: str = Field(description="What the solver is doing, e.g. 'lp', 'mip', 'polish'.")
    incumbent_eur: float | None = None
    best_bound_eur: float | None = None
    gap: float | None = Field(default=None, description="Relative gap, None while unknown.")


class SolveResult(_Frozen):
    """The outcome of a solve: status, objective, bound, gap, timing, and the plan."""

    status: SolveStatus
    objective_eur: float | None
    best_bound_eur: float | None = Field(
        description="Lower bound on the cost of every plan of the network (see solver.bound)."
    )
    gap: float | None
    seconds: float
    ortools_version: str
    settings: SolveSettings
    plan: Plan | None
    relaxation_bound_eur: float | None = Field(
        default=None,
        description="The plain LP relaxation of the whole model (every route and timing).",
    )
    message: str = ""
