"""Plotly figures of a version: network map with flows and hub use, trailer imbalance, KPI bars.

Built from a network and its evaluation (as ``tools`` returns them), so the scenario pages
and the chat show the same pictures. Maps use plain longitude/latitude axes (scaled for
the mean latitude), which need no map tiles or downloads.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tools import Evaluation, KpiChange, Network

__all__ = [
    "figure_html",
    "kpi_bars",
    "network_map",
    "trailer_imbalance",
]

_WIDTH_BINS = (0.0, 25.0, 100.0, 250.0, 500.0, math.inf)
_WIDTHS = (1.5, 2.5, 4.0, 6.0, 8.5)


@dataclass(frozen=True)
class _PairFlow:
    a: str
    b: str
    tonnes: float
    trucks: int
    lines: tuple[str, ...]


def figure_html(fig: go.Figure, *, div_id: str) -> str:
    """The figure as an HTML fragment; the page loads plotly.js once, from this server."""
    html: str = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
    )
    return html


def _pair_flows(network: Network, evaluation: Evaluation | None) -> list[_PairFlow]:
    """Weekly tonnes and trucks per hub pair (both directions of a lane pair together)."""
    tonnes: dict[str, float] = defaultdict(float)
    trucks: dict[str, int] = defaultdict(int)
    if evaluation is not None:
        for use in evaluation.lane_buckets:
            tonnes[use.lane_id] += use.loaded_t
            trucks[use.lane_id] += use.trucks
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lane in network.lanes:
        key = (min(lane.origin, lane.destination), max(lane.origin, lane.destination))
        pairs[key].append(lane.id)
    out = []
    names = {h.id: h.name for h in network.hubs}
    by_id = {lane.id: lane for lane in network.lanes}
    for (a, b), lane_ids in sorted(pairs.items()):
        lines = []
        for lid in sorted(lane_ids):
            lane = by_id[lid]
            state = "" if lane.active else " (closed)"
            origin = names.get(lane.origin, lane.origin)
            dest = names.get(lane.destination, lane.destination)
            lines.append(f"{origin}→{dest}{state}: {tonnes[lid]:,.0f} t, {trucks[lid]} trucks/week")
        out.append(
            _PairFlow(
                a=a,
                b=b,
                tonnes=sum(tonnes[lid] for lid in lane_ids),
                trucks=sum(trucks[lid] for lid in lane_ids),
                lines=tuple(lines),
            )
        )
    return out


def network_map(network: Network, evaluation: Evaluation | None, *, title: str = "") -> go.Figure:
    """Hubs coloured by peak utilisation, lanes drawn thicker the more tonnes they carry.

    Without an evaluation (an unsolved version), lanes are drawn thin and hubs grey.
    """
    hubs = {h.id: h for h in network.hubs}
    peak: dict[str, float] = defaultdict(float)
    handled: dict[str, float] = defaultdict(float)
    if evaluation is not None:
        for day in evaluation.hub_days:
            peak[day.hub_id] = max(peak[day.hub_id], day.utilisation)
            handled[day.hub_id] += day.throughput_t
    fig = go.Figure()
    flows = _pair_flows(network, evaluation)
    for i, (lo, hi) in enumerate(itertools.pairwise(_WIDTH_BINS)):
        chosen = [f for f in flows if lo <= f.tonnes < hi and (f.tonnes > 0 or i == 0)]
        if not chosen:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for f in chosen:
            a, b = hubs[f.a], hubs[f.b]
            xs += [a.lon, b.lon, None]
            ys += [a.lat, b.lat, None]
        used = lo > 0 or any(f.tonnes > 0 for f in chosen)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={
                    "width": _WIDTHS[i],
                    "color": "rgba(31,119,180,0.55)" if used else "rgba(150,150,150,0.35)",
                },
                hoverinfo="skip",
                name=("lanes, no flow" if not used else f"{lo:,.0f}–{hi:,.0f} t/week")
                if math.isfinite(hi)
                else f"≥ {lo:,.0f} t/week",
                legendgroup="lanes",
            )
        )
    # invisible midpoints carry the lane hover text
    fig.add_trace(
        go.Scatter(
            x=[(hubs[f.a].lon + hubs[f.b].lon) / 2 for f in flows],
            y=[(hubs[f.a].lat + hubs[f.b].lat) / 2 for f in flows],
            mode="markers",
            marker={"size": 8, "opacity": 0},
            hovertext=["<br>".join(f.lines) for f in flows],
            hoverinfo="text",
            showlegend=False,
        )
    )
    ordered = sorted(hubs.values(), key=lambda h: h.id)
    text = []
    for h in ordered:
        status = "open" if h.open else "closed"
        if h.open and h.closed_days:
            status = "closed " + ", ".join(network.calendar.day_name(d) for d in h.closed_days)
        line = f"<b>{h.name}</b> ({h.id}, {h.region})<br>{status}"
        if evaluation is not None:
            line += f"<br>peak use {peak[h.id]:.0%} · {handled[h.id]:,.0f} t/week handled"
        text.append(line)
    fig.add_trace(
        go.Scatter(
            x=[h.lon for h in ordered],
            y=[h.lat for h in ordered],
            mode="markers+text",
            text=[h.id for h in ordered],
            textposition="top center",
            textfont={"size": 9},
            hovertext=text,
            hoverinfo="text",
            marker={
                "size": [
                    8 + 10 * math.sqrt(h.capacity_t_per_day / _max_cap(ordered)) for h in ordered
                ],
                "symbol": ["circle" if h.open else "x" for h in ordered],
                "color": [peak[h.id] if evaluation is not None else 0.0 for h in ordered],
                "colorscale": [[0, "#2ca02c"], [0.7, "#ffbf00"], [1.0, "#d62728"]],
                "cmin": 0.0,
                "cmax": 1.0,
                "showscale": evaluation is not None,
                "colorbar": {"title": {"text": "peak hub use"}, "tickformat": ".0%"},
                "line": {"width": 1, "color": "#333"},
            },
            name="hubs",
        )
    )
    mean_lat = sum(h.lat for h in ordered) / max(1, len(ordered))
    fig.update_layout(
        title=title or None,
        height=560,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        legend={"orientation": "h", "y": -0.02},
        plot_bgcolor="#f7f9fb",
        hovermode="closest",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(
        visible=False,
        scaleanchor="x",
        scaleratio=1 / max(0.2, math.cos(math.radians(mean_lat))),
    )
    return fig


def _max_cap(hubs: Sequence[object]) -> float:
    caps = [getattr(h, "capacity_t_per_day", 0.0) for h in hubs]
    return max([c for c in caps if c > 0] or [1.0])


def trailer_imbalance(network: Network, evaluation: Evaluation, *, top: int = 20) -> go.Figure:
    """Own-fleet trailers in minus out per hub and day (the hubs with the largest swings)."""
    days = list(range(network.calendar.days))
    grid: dict[str, dict[int, int]] = defaultdict(dict)
    for row in evaluation.trailer_days:
        grid[row.hub_id][row.day] = row.imbalance
    names = {h.id: h.name for h in network.hubs}
    ranked = sorted(
        (hid for hid, by_day in grid.items() if any(by_day.values())),
        key=lambda hid: (-max(abs(v) for v in grid[hid].values()), hid),
    )[:top]
    fig = go.Figure()
    if ranked:
        fig.add_trace(
            go.Heatmap(
                z=[[grid[h].get(d, 0) for d in days] for h in ranked],
                x=[network.calendar.day_name(d) for d in days],
                y=[f"{names.get(h, h)} ({h})" for h in ranked],
                colorscale="RdBu",
                zmid=0,
                colorbar={"title": {"text": "in − out"}},
                hovertemplate="%{y}, %{x}: %{z:+d} trailers<extra></extra>",
            )
        )
        fig.update_yaxes(autorange="reversed")
    else:
        fig.add_annotation(text="Trailers balance at every hub on every day", showarrow=False)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    fig.update_layout(
        height=max(260, 60 + 22 * len(ranked)),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    return fig


_BAR_KEYS_SHARE = (
    "service_level",
    "truck_fill_rate",
    "empty_km_share",
    "hub_utilisation_max",
    "driver_utilisation_max",
)


def kpi_bars(
    vs_parent: Sequence[KpiChange],
    vs_live: Sequence[KpiChange],
    *,
    this_label: str,
    parent_label: str | None,
) -> go.Figure:
    """Before/after bars: weekly cost (left) and the share KPIs (right), live / parent / this."""
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.3, 0.7],
        subplot_titles=("Total cost / week (€)", "Shares (%)"),
    )
    series: list[tuple[str, dict[str, float | None], str]] = []
    live = {c.key: c.before for c in vs_live}
    if vs_live:
        series.append(("live", live, "#7f7f7f"))
    if vs_parent and parent_label is not None:
        series.append((parent_label, {c.key: c.before for c in vs_parent}, "#aec7e8"))
    source = vs_parent or vs_live
    series.append((this_label, {c.key: c.after for c in source}, "#1f77b4"))
    labels = {c.key: c.label for c in source}
    for name, values, color in series:
        cost = values.get("total_cost_eur")
        fig.add_trace(
            go.Bar(
                x=["total cost"],
                y=[cost],
                name=name,
                marker_color=color,
                legendgroup=name,
                hovertemplate=f"{name}: €%{{y:,.0f}}<extra></extra>",
            ),
            row=1,
            col=1,
        )
        keys = [k for k in _BAR_KEYS_SHARE if k in labels]
        fig.add_trace(
            go.Bar(
                x=[labels[k] for k in keys],
                y=[(values.get(k) or 0.0) * 100 for k in keys],
                name=name,
                marker_color=color,
                legendgroup=name,
                showlegend=False,
                hovertemplate=f"{name}: %{{y:.1f}}%<extra></extra>",
            ),
            row=1,
            col=2,
        )
    fig.update_layout(
        barmode="group",
        height=340,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig
