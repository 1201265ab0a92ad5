"""Charts of a week against its plan: tonnes and trucks per day planned beside actual, the
lanes whose freight was furthest from the plan, and the map of where it left the plan.

Every bar is a field of :class:`solver.PlanVsActual` (the same report as the answer and the
XLSX), so the page, the chat and the workbook agree.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from assistant.web.charts import deviation_map
from tools import DeviationRow, Network, PlanVsActual

__all__ = ["daily_plan_vs_actual", "lane_deviations", "week_deviation_map"]

_PLANNED, _ACTUAL = "#aec7e8", "#1f77b4"
_MORE, _LESS = "#d62728", "#2ca02c"


def daily_plan_vs_actual(report: PlanVsActual) -> go.Figure | None:
    """Tonnes (left) and loaded trucks (right) per day, planned beside actual; None when the
    week has no day rows."""
    days = sorted((r for r in report.rows if r.dimension == "day"), key=lambda r: int(r.key))
    if not days:
        return None
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Tonnes per day", "Loaded trucks per day"))
    labels = [r.label or r.key for r in days]
    for name, color, tonnes, trucks in (
        ("planned", _PLANNED, [r.planned_t for r in days], [r.planned_trucks for r in days]),
        ("actual", _ACTUAL, [r.actual_t for r in days], [r.actual_trucks for r in days]),
    ):
        for col, values, hover in ((1, tonnes, "%{y:,.1f} t"), (2, trucks, "%{y} trucks")):
            fig.add_trace(
                go.Bar(
                    x=labels,
                    y=values,
                    name=name,
                    marker_color=color,
                    legendgroup=name,
                    showlegend=col == 1,
                    hovertemplate=f"{name}: {hover}<extra></extra>",
                ),
                row=1,
                col=col,
            )
    fig.update_yaxes(title={"text": "t"}, tickformat=",.0f", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title={"text": "trucks"}, rangemode="tozero", row=1, col=2)
    fig.update_layout(
        title={"text": f"Week {report.week}: planned against actual, per day", "x": 0.01},
        barmode="group",
        height=380,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def lane_deviations(report: PlanVsActual, *, top: int = 15) -> go.Figure | None:
    """The ``top`` lanes furthest from the plan in tonnes (actual − planned; red: more than
    planned, green: less), biggest at the top; None when no lane moved freight."""
    lanes: list[DeviationRow] = [r for r in report.rows if r.dimension == "lane"][:top]
    if not lanes:
        return None
    lanes.reverse()  # plotly draws the first bar at the bottom
    fig = go.Figure(
        go.Bar(
            x=[r.deviation_t for r in lanes],
            y=[r.label or r.key for r in lanes],
            orientation="h",
            marker_color=[_MORE if r.deviation_t > 0 else _LESS for r in lanes],
            customdata=[[r.planned_t, r.actual_t] for r in lanes],
            hovertemplate=(
                "%{y}: %{x:+,.1f} t (planned %{customdata[0]:,.1f} t, actual "
                "%{customdata[1]:,.1f} t)<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(title={"text": "actual − planned (t)"}, tickformat="+,.0f", zeroline=True)
    fig.update_layout(
        title={"text": f"The {len(lanes)} lanes furthest from the plan", "x": 0.01},
        height=max(260, 40 + 26 * len(lanes)),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return fig


def week_deviation_map(network: Network, report: PlanVsActual) -> go.Figure | None:
    """The week's lanes and hubs on the map, coloured by actual against planned tonnes (see
    :func:`assistant.web.charts.deviation_map`); None when no lane moved freight."""
    lanes = [r for r in report.rows if r.dimension == "lane"]
    if not lanes:
        return None
    hubs = [r for r in report.rows if r.dimension == "hub"]
    return deviation_map(
        network,
        {r.key: r.planned_t for r in lanes},
        {r.key: r.actual_t for r in lanes},
        {r.key: r.actual_trucks or 0 for r in lanes},
        hub_planned_t={r.key: r.planned_t for r in hubs},
        hub_actual_t={r.key: r.actual_t for r in hubs},
        title=f"Week {report.week}: where freight left the plan",
    )
