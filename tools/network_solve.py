"""Solve a network given directly (a file, say) and evaluate the plan, without storage.

The scenario use cases (:mod:`tools.solving`) solve stored versions; this is the plain
"solve this network" use case the ``lanewise solve`` command and the benchmarks need.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from solver import (
    Evaluation,
    Network,
    Plan,
    SolveProgress,
    SolveResult,
    SolveSettings,
    evaluate,
    solve,
)


class NetworkSolve(BaseModel):
    """A solve result and the independent evaluation of its plan."""

    model_config = ConfigDict(frozen=True)

    result: SolveResult
    evaluation: Evaluation | None


def solve_network(
    network: Network,
    settings: SolveSettings | None = None,
    *,
    progress: Callable[[SolveProgress], None] | None = None,
    warm_start: Plan | None = None,
) -> NetworkSolve:
    """Design the week's plan for ``network`` and evaluate it independently.

    Parameters
    ----------
    network
        A validated network.
    settings
        Time limit, relative gap, threads, seed, backend (defaults: 60 s, 1 %).
    progress
        Receives elapsed time, incumbent, bound and gap during the solve.
    warm_start
        A plan to start from (for instance the parent scenario's).
    """
    result = solve(network, settings, progress=progress, warm_start=warm_start)
    ev = evaluate(network, result.plan) if result.plan is not None else None
    return NetworkSolve(result=result, evaluation=ev)
