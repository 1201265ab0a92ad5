"""A week's plan-vs-actual report in a planner's words: how the week went against the plan,
the biggest deviations, and where the model was wrong.

The words only restate :class:`tools.plan_vs_actual.WeekReview`: every figure is one of its
fields, rounded, so the answer and the XLSX of the same week agree.
"""

from __future__ import annotations

from solver import Bias, DeviationRow
from tools.plan_vs_actual import WeekReview

__all__ = ["MATERIAL_BIAS", "NOT_EXECUTED", "review_text"]

MATERIAL_BIAS = 0.05
"""A demand or transit ratio at least this far from 1 is named as where the model was wrong."""


NOT_EXECUTED = (
    "⚠ The plan this week executed is no longer stored (or was not recorded when it was "
    "imported), so the week is judged against the version's best plan now: the deviations "
    "include the difference between the two plans."
)
"""Said wherever a week is judged against another plan than the one it executed."""


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share:.1%}"


def _eur(value: float | None) -> str:
    return "–" if value is None else f"€{value:,.0f}"


def _row(r: DeviationRow) -> str:
    share = f" ({r.deviation_share:+.0%})" if r.deviation_share is not None else ""
    parts = [f"{r.actual_t:,.1f} t against {r.planned_t:,.1f} t planned{share}"]
    if r.planned_trucks is not None and r.actual_trucks != r.planned_trucks:
        parts.append(f"trucks {r.planned_trucks} → {r.actual_trucks}")
    if (
        r.planned_on_time is not None
        and r.actual_on_time is not None
        and abs(r.actual_on_time - r.planned_on_time) >= 0.0005  # differs as shown
    ):
        parts.append(f"on time {_pct(r.planned_on_time)} → {_pct(r.actual_on_time)}")
    return f"- {r.dimension} {r.label or r.key}: " + ", ".join(parts)


def _bias(b: Bias) -> str:
    if b.dimension == "lane":
        return (
            f"- lane {b.key}: {b.actual:,.1f} h door to door against {b.planned:,.1f} h planned "
            f"({b.observations} dispatches)"
        )
    ratio = f"{b.ratio - 1:+.0%}" if b.ratio is not None else "no forecast"
    return (
        f"- {b.dimension} {b.key}: {b.actual:,.1f} t against {b.planned:,.1f} t forecast ({ratio})"
    )


def _material(b: Bias) -> bool:
    return b.ratio is not None and abs(b.ratio - 1) >= MATERIAL_BIAS


def review_text(review: WeekReview, *, top: int = 5, page_url: str = "", xlsx_url: str = "") -> str:
    """The week against its plan: totals, the ``top`` biggest deviations, the demand and
    transit biases of at least :data:`MATERIAL_BIAS`, hubs over capacity, and links to the
    week's page with its charts (``page_url``) and the report's XLSX (``xlsx_url``)."""
    report, version = review.report, review.version
    t = report.totals
    lines = [
        f"**Week {report.week} against the plan of {version.scenario_name} v{version.n}**",
        "",
        *([] if review.plan_executed else [NOT_EXECUTED, ""]),
        f"- freight: {t.actual_t:,.1f} t dispatched against {t.planned_t:,.1f} t planned "
        f"({t.deviation_t:+,.1f} t)",
        f"- trucks: {t.actual_trucks} against {t.planned_trucks} planned; empty trips "
        f"{t.actual_empties} against {t.planned_empties}",
        f"- linehaul cost: {_eur(t.actual_cost_eur)} against {_eur(t.planned_cost_eur)} planned",
        f"- on time: {_pct(t.actual_on_time)} against {_pct(t.planned_on_time)} planned",
    ]
    rows = [r for r in report.rows if r.dimension != "network"][:top]
    if rows:
        lines += ["", "**Biggest deviations**", *(_row(r) for r in rows)]
    demand = [b for b in report.demand_bias if _material(b)][:top]
    transit = [b for b in report.transit_bias if _material(b)][:top]
    if demand or transit:
        lines += ["", "**Where the model was wrong**", *map(_bias, demand), *map(_bias, transit)]
    else:
        lines += ["", f"No demand or transit time was off by {MATERIAL_BIAS:.0%} or more."]
    over = [h for h in report.hub_throughput if h.actual_days_over > h.planned_days_over]
    if over:
        lines += ["", "**Hubs over their capacity more often than planned**"]
        lines += [
            f"- {h.label}: {h.actual_days_over} days over against {h.planned_days_over} planned "
            f"(busiest day {h.actual_peak_t:,.0f} t of {h.capacity_t_per_day:,.0f} t)"
            for h in over[:top]
        ]
    lines += [
        "",
        "One week is evidence, not a trend: calibration over several weeks (`lanewise actuals "
        "calibrate --last 4`, or `POST /api/v1/actuals/calibration`) proposes the corrections "
        "as a scenario to review.",
    ]
    links = [f"[charts]({page_url})" if page_url else "", f"[XLSX]({xlsx_url})" if xlsx_url else ""]
    if any(links):
        lines.append("The whole week: " + " · ".join(x for x in links if x) + ".")
    return "\n".join(lines)
