"""The what-if benchmark's metamorphic count: a restricting edit below the parent's bound."""

from __future__ import annotations

from datetime import UTC, datetime

from evals.whatif import below_bound, cheaper
from tools import SolveRunView


def _run(objective: float | None, bound: float | None) -> SolveRunView:
    return SolveRunView(
        network_hash="h",
        status="feasible",
        objective_eur=objective,
        best_bound_eur=bound,
        gap=None,
        seconds=1.0,
        solver_version="x",
        settings={},
        reused=False,
        warm_started=True,
        message="",
        solved_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_child_below_the_parents_bound_is_counted_cheaper_within_the_gap_is_not() -> None:
    """Parent €100 with bound €90: a child at €95 is cheaper but allowed; at €89 it is not."""
    parent = _run(100.0, 90.0)
    assert cheaper(parent, _run(95.0, 80.0)) and not below_bound(parent, _run(95.0, 80.0))
    assert below_bound(parent, _run(89.0, 80.0))
    assert not below_bound(parent, _run(101.0, 95.0)) and not cheaper(parent, _run(101.0, 95.0))
    assert not below_bound(_run(100.0, None), _run(1.0, 0.5)) and not below_bound(parent, None)
