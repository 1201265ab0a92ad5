"""Matrix-form linear and mixed-integer programs solved through OR-Tools MathOpt.

Models are assembled as numpy/scipy arrays and turned into a MathOpt ``ModelProto`` in
one pass (no per-term Python objects: building a 100k-column model this way takes a
fraction of a second, where MathOpt's expression API takes seconds), then solved with
``ortools.math_opt.core.python.solver.solve`` and read back as numpy arrays.

Examples
--------
>>> import numpy as np, scipy.sparse as sp
>>> lp = MatrixProgram(c=np.array([-1.0, -1.0]), a=sp.csr_matrix([[1.0, 2.0]]),
...     row_lb=np.array([-np.inf]), row_ub=np.array([3.5]),
...     col_lb=np.zeros(2), col_ub=np.full(2, 2.0), integer=np.array([True, True]))
>>> sol = solve_program(lp, Backend.HIGHS, time_limit_s=5)
>>> sol.status, round(sol.objective, 6), sol.x.tolist()
('optimal', -2.0, [2.0, 0.0])
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import scipy.sparse as sp
from ortools.math_opt import (
    callback_pb2,
    model_parameters_pb2,
    model_pb2,
    parameters_pb2,
    result_pb2,
)
from ortools.math_opt.core.python import solver as core_solver
from ortools.math_opt.python import parameters as mo_parameters
from pybind11_abseil.status import StatusNotOk  # type: ignore[import-untyped]

from solver.plan import Backend

_SOLVER_TYPE = {
    Backend.HIGHS: mo_parameters.SolverType.HIGHS,
    Backend.SCIP: mo_parameters.SolverType.GSCIP,
    Backend.CP_SAT: mo_parameters.SolverType.CP_SAT,
}


@dataclass(frozen=True, slots=True)
class MatrixProgram:
    """``min c x + offset`` s.t. ``row_lb <= A x <= row_ub``, ``col_lb <= x <= col_ub``."""

    c: np.ndarray
    a: sp.csr_matrix
    row_lb: np.ndarray
    row_ub: np.ndarray
    col_lb: np.ndarray
    col_ub: np.ndarray
    integer: np.ndarray
    offset: float = 0.0

    @property
    def n_cols(self) -> int:
        """Number of variables."""
        return int(self.c.shape[0])

    @property
    def n_rows(self) -> int:
        """Number of constraints."""
        return int(self.a.shape[0])

    def keep_columns(self, ci: np.ndarray, a_csc: sp.csc_matrix | None = None) -> MatrixProgram:
        """The program over the variables ``ci`` only (the others fixed at zero and dropped).

        ``a_csc`` is ``a`` in column-major form, when the caller already has it.
        """
        a = (self.a.tocsc() if a_csc is None else a_csc)[:, ci].tocsr()
        return MatrixProgram(
            c=self.c[ci],
            a=a,
            row_lb=self.row_lb,
            row_ub=self.row_ub,
            col_lb=self.col_lb[ci],
            col_ub=self.col_ub[ci],
            integer=self.integer[ci],
            offset=self.offset,
        )


@dataclass(frozen=True, slots=True)
class ProgramSolution:
    """What came back: status, values, objective, bound and (for LPs) duals."""

    status: str
    x: np.ndarray | None
    objective: float | None
    bound: float | None
    duals: np.ndarray | None
    reduced_costs: np.ndarray | None
    seconds: float
    detail: str
    hit_time_limit: bool = False


LogProgress = Callable[[float, float | None, float | None], None]
"""Called with (solver seconds, incumbent, bound) parsed from the solver's log."""


def _to_proto(p: MatrixProgram, relax: bool) -> model_pb2.ModelProto:
    proto = model_pb2.ModelProto(name="lanewise")
    n, m = p.n_cols, p.n_rows
    ids = list(range(n))
    var = proto.variables
    var.ids.extend(ids)
    var.lower_bounds.extend(p.col_lb.tolist())
    var.upper_bounds.extend(p.col_ub.tolist())
    var.integers.extend([False] * n if relax else p.integer.astype(bool).tolist())
    nz = np.flatnonzero(p.c)
    proto.objective.offset = float(p.offset)
    proto.objective.linear_coefficients.ids.extend(nz.tolist())
    proto.objective.linear_coefficients.values.extend(p.c[nz].tolist())
    rows = proto.linear_constraints
    rows.ids.extend(range(m))
    rows.lower_bounds.extend(p.row_lb.tolist())
    rows.upper_bounds.extend(p.row_ub.tolist())
    a = p.a.tocsr()
    a.sum_duplicates()
    a.sort_indices()
    coo = a.tocoo()
    keep = coo.data != 0
    mat = proto.linear_constraint_matrix
    mat.row_ids.extend(coo.row[keep].tolist())
    mat.column_ids.extend(coo.col[keep].tolist())
    mat.coefficients.extend(coo.data[keep].tolist())
    return proto


def _params(
    backend: Backend,
    time_limit_s: float,
    relative_gap: float,
    threads: int,
    seed: int,
    log: bool,
    lp_algorithm: str | None,
    node_limit: int | None = None,
) -> parameters_pb2.SolveParametersProto:
    params = mo_parameters.SolveParameters(
        time_limit=timedelta(seconds=max(0.01, time_limit_s)),
        relative_gap_tolerance=relative_gap,
        random_seed=seed,
        enable_output=log,
        node_limit=node_limit,
    )
    if backend != Backend.HIGHS:  # MathOpt's HiGHS rejects the threads parameter
        params.threads = threads
    if lp_algorithm == "dual":
        params.lp_algorithm = mo_parameters.LPAlgorithm.DUAL_SIMPLEX
    elif lp_algorithm == "barrier":
        params.lp_algorithm = mo_parameters.LPAlgorithm.BARRIER
    proto = params.to_proto()
    if backend == Backend.HIGHS:
        proto.highs.bool_options["mip_allow_restart"] = True
    return proto


_HIGHS_ROW = re.compile(
    r"\s(\S+)\s+(\S+)\s+(\S+%|inf|Large)\s+\d+\s+\d+\s+\d+\s+\d+\s+([\d.]+)s\s*$"
)


def _num(token: str) -> float | None:
    try:
        value = float(token)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _log_parser(backend: Backend, sink: LogProgress) -> Callable[[list[str]], None]:
    """Turn solver log lines into (seconds, incumbent, bound) progress calls."""

    def highs(lines: list[str]) -> None:
        for line in lines:
            m = _HIGHS_ROW.search(line)
            if m:
                sink(float(m.group(4)), _num(m.group(2)), _num(m.group(1)))

    def scip(lines: list[str]) -> None:
        for line in lines:
            cells = [c.strip() for c in line.split("|")]
            if len(cells) >= 12 and cells[0].endswith("s"):
                t = _num(cells[0].rstrip("s").lstrip("*dr ").strip())
                if t is not None:
                    sink(t, _num(cells[-3]), _num(cells[-4]))

    return highs if backend == Backend.HIGHS else scip


_STATUS = {
    result_pb2.TERMINATION_REASON_OPTIMAL: "optimal",
    result_pb2.TERMINATION_REASON_FEASIBLE: "feasible",
    result_pb2.TERMINATION_REASON_INFEASIBLE: "infeasible",
    result_pb2.TERMINATION_REASON_UNBOUNDED: "unbounded",
    result_pb2.TERMINATION_REASON_INFEASIBLE_OR_UNBOUNDED: "infeasible",
    result_pb2.TERMINATION_REASON_NO_SOLUTION_FOUND: "no_solution",
    result_pb2.TERMINATION_REASON_NUMERICAL_ERROR: "error",
    result_pb2.TERMINATION_REASON_OTHER_ERROR: "error",
}


def _dense(vec: object, n: int) -> np.ndarray:
    ids = np.array(vec.ids, dtype=np.int64)  # type: ignore[attr-defined]
    vals = np.array(vec.values, dtype=np.float64)  # type: ignore[attr-defined]
    out = np.zeros(n)
    out[ids] = vals
    return out


def solve_program(
    p: MatrixProgram,
    backend: Backend,
    *,
    time_limit_s: float,
    relative_gap: float = 1e-4,
    threads: int = 1,
    seed: int = 7,
    relax: bool = False,
    hint: np.ndarray | None = None,
    on_log: LogProgress | None = None,
    lp_algorithm: str | None = None,
    node_limit: int | None = None,
) -> ProgramSolution:
    """Solve ``p`` (or its LP relaxation with ``relax``) on ``backend``.

    Parameters
    ----------
    hint
        A full assignment handed to the MIP solver as a solution hint.
    node_limit
        Branch-and-bound nodes at most: a deterministic effort limit (the time limit is
        a safety stop; ``ProgramSolution.hit_time_limit`` says whether it fired).
    on_log
        Receives (solver seconds, incumbent, bound) parsed from the solver log.

    Returns
    -------
    ProgramSolution
        ``status`` is optimal / feasible / infeasible / unbounded / no_solution / error;
        ``duals`` and ``reduced_costs`` are filled for LPs that the solver proved optimal.
    """
    start = time.perf_counter()
    proto = _to_proto(p, relax)
    model_params = model_parameters_pb2.ModelSolveParametersProto()
    if hint is not None and not relax:
        h = model_params.solution_hints.add()
        h.variable_values.ids.extend(range(p.n_cols))
        h.variable_values.values.extend(hint.tolist())
    solver_type = mo_parameters.SolverType.GLOP if relax and backend == Backend.CP_SAT else None
    st = solver_type or _SOLVER_TYPE[backend]
    params = _params(
        backend,
        time_limit_s,
        relative_gap,
        threads,
        seed,
        on_log is not None,
        lp_algorithm,
        node_limit,
    )
    init = parameters_pb2.SolverInitializerProto()
    msg_cb = _log_parser(backend, on_log) if on_log is not None else None
    try:
        res: result_pb2.SolveResultProto = core_solver.solve(
            proto,
            st.value,
            init,
            params,
            model_params,
            msg_cb,
            callback_pb2.CallbackRegistrationProto(),
            None,
            None,
        )
    except StatusNotOk as exc:  # MathOpt hides the solver's message in __context__
        cause = exc.__context__ or exc
        return ProgramSolution("error", None, None, None, None, None, 0.0, str(cause))
    seconds = time.perf_counter() - start
    term = res.termination
    status = _STATUS.get(term.reason, "error")
    bounds = term.objective_bounds
    bound = _num(str(bounds.dual_bound))
    x = obj = duals = rc = None
    if res.solutions and res.solutions[0].HasField("primal_solution"):
        ps = res.solutions[0].primal_solution
        x = _dense(ps.variable_values, p.n_cols)
        obj = float(ps.objective_value)
    if res.solutions and res.solutions[0].HasField("dual_solution"):
        ds = res.solutions[0].dual_solution
        duals = _dense(ds.dual_values, p.n_rows)
        rc = _dense(ds.reduced_costs, p.n_cols)
    if status == "optimal" and x is None:
        status = "error"
    timed_out = term.limit == result_pb2.LIMIT_TIME
    return ProgramSolution(status, x, obj, bound, duals, rc, seconds, term.detail, timed_out)
