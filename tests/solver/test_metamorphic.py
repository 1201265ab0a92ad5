"""Metamorphic checks: a restricting edit can never make the best possible plan cheaper.

More demand, a closed hub, fewer trucks on lanes or fewer drivers leave every plan of the
edited (child) network no cheaper than some plan of the parent, so the child's optimum is
at least the parent's optimum, which is at least the parent's reported lower bound. Hence,
whatever the solver finds, ``child.objective >= parent.best_bound`` must hold; and each
result's own bound must lie below its own plan. A bound that is only valid for a
restriction of the model (the candidate routes of the master problem) breaks the first
check; a child reported cheaper than its parent by more than the parent's gap breaks it too.
"""

from __future__ import annotations

import pytest

from evals.metamorphic import check

CASES = [
    # (hubs, network seed, edit kind, edit seed, warm-start from the parent's plan)
    (8, 3, "more_demand", 1, True),
    (8, 3, "hub_closure", 2, False),
    (8, 3, "less_lane_capacity", 3, True),
    (8, 3, "fewer_drivers", 4, False),
    (8, 11, "more_demand", 5, False),
    (8, 11, "hub_closure", 6, True),
    (8, 11, "fewer_drivers", 7, True),
    (12, 2, "less_lane_capacity", 8, False),
]


@pytest.mark.parametrize(("hubs", "net_seed", "kind", "edit_seed", "warm"), CASES)
def test_restricting_edit_is_never_cheaper_than_the_parents_bound(
    hubs: int, net_seed: int, kind: str, edit_seed: int, warm: bool
) -> None:
    """child.objective >= parent.best_bound, and every bound lies below its own plan."""
    c = check(hubs, net_seed, kind, edit_seed, warm=warm)
    assert c.parent_bound_eur <= c.parent_eur + 1e-6
    assert c.child_eur is not None, (c.edit, c.child_status)
    assert c.child_eur >= c.parent_bound_eur - 1e-6, (
        f"{c.edit}: child €{c.child_eur:,.2f} is below the parent's bound "
        f"€{c.parent_bound_eur:,.2f}, which is a lower bound on the child's optimum"
    )
    if c.child_bound_eur is not None:
        assert c.child_bound_eur <= c.child_eur + 1e-6, (c.edit, c.child_bound_eur, c.child_eur)
    assert not c.below_parent_bound and not c.bound_above_plan  # as evals.metamorphic counts
