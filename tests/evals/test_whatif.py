"""The what-if benchmark's metamorphic count: a restricting edit below the parent's bound."""

from __future__ import annotations

from datetime import UTC, datetime

from evals.whatif import answer_digest, below_bound, cheaper, run
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


def test_answer_digest_masks_durations_only() -> None:
    """Two answers that differ in solve time match; a different figure does not."""
    a = "**Re-planned:** within 2% (3.4 s)\n| cost | €1,200 |"
    assert answer_digest(a) == answer_digest(a.replace("3.4 s", "17.0 s"))
    assert answer_digest(a) != answer_digest(a.replace("€1,200", "€1,201"))


def test_answers_do_not_depend_on_the_machines_load() -> None:
    """The same single-entity questions, quiet and beside two busy processes: same answers."""
    quiet = run(8, 2, single=True)
    loaded = run(8, 2, single=True, load=2)
    assert [r["answer_digest"] for r in quiet["answers"]] == [  # type: ignore[attr-defined]
        r["answer_digest"]
        for r in loaded["answers"]  # type: ignore[attr-defined]
    ]
    assert [r["objective_eur"] for r in quiet["answers"]] == [  # type: ignore[attr-defined]
        r["objective_eur"]
        for r in loaded["answers"]  # type: ignore[attr-defined]
    ]
    churns = [r["churn"] for r in quiet["answers"]]  # type: ignore[attr-defined]
    assert all(c is not None and 0.0 <= c <= 1.0 for c in churns)
