"""The actuals pages: the weeks of stored actuals, and each week against its plan with charts
(tonnes and trucks per day, the lanes furthest from the plan), the biggest deviations, where
the model was wrong, and the XLSX of the whole report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from assistant.answers import fmt_value
from assistant.api.deps import PageActorDep, get_db
from assistant.web.charts import chart_html
from assistant.web.pages import render_page
from assistant.web.review_charts import daily_plan_vs_actual, lane_deviations, week_deviation_map
from tools import list_actual_weeks, version_network, week_vs_plan
from tools.week_review_words import MATERIAL_BIAS, NOT_EXECUTED

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

ROWS_SHOWN = 25
"""Deviation rows on the page; the XLSX has them all."""

BIAS_SHOWN = 10
"""Demand biases, and lanes off their transit time, shown each (the largest; the XLSX has all)."""

WeekPath = Annotated[str, Path(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2026-W49.")]


@router.get("/actuals")
def actuals_page(request: Request, actor: PageActorDep) -> Response:
    """The weeks with stored actuals, newest first, each with the version it executed."""
    weeks = list_actual_weeks(get_db(request), actor)
    return render_page(request, "actuals.html", {"weeks": weeks})


@router.get("/actuals/{week}")
def week_review_page(request: Request, actor: PageActorDep, week: WeekPath) -> Response:
    """One week against its plan: totals, charts per day and per lane, the map of where
    freight left the plan, the biggest deviations, demand and transit bias, and the XLSX."""
    db = get_db(request)
    review = week_vs_plan(db, actor, week)
    report = review.report
    network = version_network(db, actor, review.version.scenario_id, review.version.n)
    demand, transit = (
        [b for b in biases if b.ratio is not None and abs(b.ratio - 1) >= MATERIAL_BIAS]
        for biases in (report.demand_bias, report.transit_bias)
    )
    material = demand[:BIAS_SHOWN] + transit[:BIAS_SHOWN]
    return render_page(
        request,
        "week_review.html",
        {
            "review": review,
            "t": report.totals,
            "rows": [r for r in report.rows if r.dimension != "network"][:ROWS_SHOWN],
            "more_rows": max(0, len(report.rows) - 1 - ROWS_SHOWN),
            "bias": material,
            "more_bias": len(demand) + len(transit) - len(material),
            "material": MATERIAL_BIAS,
            "hubs": [h for h in report.hub_throughput if h.actual_days_over or h.planned_days_over],
            "daily_chart": chart_html(
                daily_plan_vs_actual(report), div_id="daily-chart", empty="No day rows."
            ),
            "lane_chart": chart_html(
                lane_deviations(report), div_id="lane-chart", empty="No lane moved freight."
            ),
            "map_chart": chart_html(
                week_deviation_map(network, report),
                div_id="deviation-map",
                empty="No lane moved freight.",
            ),
            "xlsx": f"/api/v1/actuals/{week}/plan-vs-actual?format=xlsx",
            "fmt": fmt_value,
            "not_executed": NOT_EXECUTED,
        },
    )
