"""Trust signals every channel shows: a plan's quality in words, warnings, noisy deltas.

The words and rules live in :mod:`solver.trust` (pure); this module applies them to the
stored results the use cases return, so the agent, the API, the pages, the bots and the
CLI all say the same thing about the same plan.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from solver.trust import cost_uncertainty_eur, distinguishable, quality_words

__all__ = [
    "CostNoise",
    "cost_noise",
    "noise_sentence",
    "not_to_act_on",
    "plan_quality",
]

_HAS_PLAN = frozenset({"optimal", "feasible", "unfinished"})


def plan_quality(status: str, gap: float | None) -> str:
    """How good a solve's plan is, in words; a solve without a plan says so and why."""
    if status not in _HAS_PLAN:
        return f"no plan ({status.replace('_', ' ')})"
    return quality_words(status, gap)


def not_to_act_on(reasons: Sequence[str], *, what: str = "") -> str | None:
    """The one warning line an answer opens with when its plan has reasons against it."""
    if not reasons:
        return None
    subject = f" ({what})" if what else ""
    return f"⚠ Not a plan to act on{subject}: {'; '.join(reasons)}."


class CostNoise(BaseModel):
    """Whether a cost difference between two plans is larger than what the solver can tell."""

    delta_eur: float
    uncertainty_eur: float | None
    distinguishable: bool


def cost_noise(
    *, before_eur: float, after_eur: float, gap_before: float | None, gap_after: float | None
) -> CostNoise:
    """The two plans' combined uncertainty (each may be up to its gap above its best plan)."""
    delta = after_eur - before_eur
    u_before = cost_uncertainty_eur(before_eur, gap_before)
    u_after = cost_uncertainty_eur(after_eur, gap_after)
    uncertainty = None if u_before is None or u_after is None else u_before + u_after
    return CostNoise(
        delta_eur=delta,
        uncertainty_eur=uncertainty,
        distinguishable=distinguishable(
            delta_eur=delta, before_eur=before_eur, gap_before=gap_before, gap_after=gap_after
        ),
    )


def noise_sentence(noise: CostNoise) -> str:
    """What to say instead of a better/worse verdict when a cost delta is inside the noise."""
    if noise.uncertainty_eur is None:
        return "the difference cannot be judged: one of the plans has no known bound"
    return (
        f"the difference is within what the solver can distinguish (±€{noise.uncertainty_eur:,.0f})"
    )
