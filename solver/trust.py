"""What a planner may believe about a plan: status in words, health, and distinguishable deltas.

A solve's ``status`` and ``gap`` are claims (see :mod:`solver.design`): *optimal* only
when the plan is proven within the tolerance of a bound valid for every plan of the
network; the gap is to that bound; *unfinished* when the wall-clock safety stop fired
before the solve's effort was spent. This module turns those claims into the words every
channel shows, flags plans that collapsed, and decides whether a difference between two
plans is larger than what the solver can tell apart.

Examples
--------
>>> quality_words("optimal", 0.004)
'proven within 0.4% of the best possible plan'
>>> quality_words("feasible", 0.087)
'not yet proven: at most 8.7% above the best possible plan'
>>> distinguishable(delta_eur=10_000, before_eur=1_000_000, gap_before=0.02, gap_after=0.03)
False
"""

from __future__ import annotations

from dataclasses import dataclass

COLLAPSED_SERVICE = 0.5
"""On-time share below which a plan is treated as collapsed (not a plan to act on)."""
PROVEN_WORDS_MAX_GAP = 0.02
"""Gaps up to this are said as 'within x% of the best possible'."""


def quality_words(status: str, gap: float | None) -> str:
    """How good a plan is, in a planner's words (the gap is to a bound on every plan)."""
    if status == "unfinished":
        head = "unfinished (the solve was stopped by its time limit and continues)"
        return head if gap is None else f"{head}: at most {gap:.1%} above the best possible plan"
    if gap is None:
        return "no bound known: how far from the best possible plan is not known"
    if status == "optimal":
        return f"proven within {gap:.1%} of the best possible plan"
    if gap <= PROVEN_WORDS_MAX_GAP:
        return f"within {gap:.1%} of the best possible plan"
    return f"not yet proven: at most {gap:.1%} above the best possible plan"


@dataclass(frozen=True, slots=True)
class PlanHealth:
    """Reasons not to act on a plan; an empty list means none were found."""

    reasons: tuple[str, ...]

    @property
    def trustworthy(self) -> bool:
        """Whether nothing speaks against acting on the plan."""
        return not self.reasons


def plan_health(
    *,
    status: str,
    gap: float | None,
    on_time_share: float | None,
    hard_violations: int,
) -> PlanHealth:
    """Why a plan should not be adopted as it stands: unfinished, collapsed, broken, unproven."""
    reasons: list[str] = []
    if status == "unfinished":
        reasons.append("the solve is unfinished: a better plan may still come")
    elif status not in ("optimal", "feasible"):
        reasons.append(f"the solve ended without a usable plan ({status})")
    if on_time_share is not None and on_time_share < COLLAPSED_SERVICE:
        reasons.append(
            f"service collapsed: only {on_time_share:.1%} of tonnes on time, "
            "so the plan is not one to run"
        )
    if hard_violations:
        reasons.append(f"the plan breaks {hard_violations} hard limit(s)")
    if gap is None and status in ("optimal", "feasible"):
        reasons.append("no bound is known for the plan")
    return PlanHealth(tuple(reasons))


def cost_uncertainty_eur(cost_eur: float, gap: float | None) -> float | None:
    """How much cheaper than ``cost_eur`` the best possible plan may be (``None``: unknown)."""
    if gap is None:
        return None
    return abs(cost_eur) * gap


def distinguishable(
    *, delta_eur: float, before_eur: float, gap_before: float | None, gap_after: float | None
) -> bool:
    """Whether a cost difference is larger than the two plans' combined uncertainty.

    Each plan may be up to its gap above the best plan of its network, so a difference
    within ``gap_before * before + gap_after * after`` could be solver noise, not the
    change. Unknown gaps make every difference indistinguishable.
    """
    after_eur = before_eur + delta_eur
    u_before = cost_uncertainty_eur(before_eur, gap_before)
    u_after = cost_uncertainty_eur(after_eur, gap_after)
    if u_before is None or u_after is None:
        return False
    return abs(delta_eur) > u_before + u_after
