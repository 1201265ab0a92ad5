"""Plotly figures of a version: network map with flows and hub use, trailer imbalance, KPI bars;
and the map of a week's freight against its plan.

Built from a network and its evaluation (as ``tools`` returns them), so the scenario pages
and the chat show the same pictures. Maps use plain longitude/latitude axes (scaled for
the mean latitude) over country outlines shipped with the package (Natural Earth, see
``scripts/europe_outline.py``): no map tiles or downloads. Every figure has a title, units
and a legend; hub labels that would overlap are left out (and counted); a chart with
nothing to show is not drawn (``None``) and :data:`NO_IMBALANCE` says so instead.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tools import Evaluation, KpiChange, Network

__all__ = [
    "DEVIATION_RANGE",
    "NO_IMBALANCE",
    "OUTLINE_FILE",
    "chart_html",
    "deviation_map",
    "figure_html",
    "kpi_bars",
    "network_map",
    "trailer_imbalance",
]

OUTLINE_FILE = Path(__file__).resolve().parents[1] / "static" / "europe-outline.geojson"
"""Country outlines drawn under the map (Natural Earth 1:50m, clipped to Europe)."""

NO_IMBALANCE = "Trailers balance at every hub on every day: nothing to chart."
"""Said instead of the imbalance chart when no hub is out of balance."""

_MAP_HEIGHT = 600
_MAP_MARGIN = {"l": 10, "r": 80, "t": 50, "b": 70}
_ASSUMED_WIDTH_PX = 900
"""Plot width assumed when placing labels (the chat and the pages show maps about this wide)."""
_LABEL_FONT = 10
_CHAR_PX = 6.0
_CHANGE_COLOURS = {
    "more": "rgba(214,39,40,0.75)",
    "less": "rgba(31,119,180,0.75)",
    "same": "rgba(120,120,120,0.55)",
    "none": "rgba(150,150,150,0.30)",
}
_WIDTH_BINS = (0.0, 25.0, 100.0, 250.0, 500.0, math.inf)
_WIDTHS = (1.5, 2.5, 4.0, 6.0, 8.5)


@dataclass(frozen=True)
class _PairFlow:
    a: str
    b: str
    tonnes: float
    trucks: int
    lines: tuple[str, ...]
    before_t: float | None = None


def figure_html(fig: go.Figure, *, div_id: str) -> str:
    """The figure as an HTML fragment; the page loads plotly.js once, from this server."""
    html: str = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
    )
    return html


def chart_html(fig: go.Figure | None, *, div_id: str, empty: str) -> str:
    """The figure as HTML, or when there is nothing to draw, the line that says so."""
    if fig is None:
        from markupsafe import escape

        return f'<p class="muted no-chart" id="{div_id}">{escape(empty)}</p>'
    return figure_html(fig, div_id=div_id)


def _lane_tonnes(evaluation: Evaluation | None) -> tuple[dict[str, float], dict[str, int]]:
    tonnes: dict[str, float] = defaultdict(float)
    trucks: dict[str, int] = defaultdict(int)
    if evaluation is not None:
        for use in evaluation.lane_buckets:
            tonnes[use.lane_id] += use.loaded_t
            trucks[use.lane_id] += use.trucks
    return tonnes, trucks


def _pair_flows(
    network: Network,
    tonnes: dict[str, float],
    trucks: dict[str, int],
    before: dict[str, float] | None = None,
    *,
    before_label: str = "before",
) -> list[_PairFlow]:
    """Weekly tonnes and trucks per hub pair (both directions of a lane pair together), with
    the ``before`` tonnes per lane when there is something to compare with."""
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
            line = f"{origin}→{dest}{state}: {tonnes.get(lid, 0.0):,.0f} t, "
            line += f"{trucks.get(lid, 0)} trucks/week"
            if before is not None:
                line += f" ({before_label} {before.get(lid, 0.0):,.0f} t)"
            lines.append(line)
        out.append(
            _PairFlow(
                a=a,
                b=b,
                tonnes=sum(tonnes.get(lid, 0.0) for lid in lane_ids),
                trucks=sum(trucks.get(lid, 0) for lid in lane_ids),
                lines=tuple(lines),
                before_t=(
                    sum(before.get(lid, 0.0) for lid in lane_ids) if before is not None else None
                ),
            )
        )
    return out


def _change(flow: _PairFlow) -> str:
    """'more' / 'less' / 'same' tonnes than the baseline (5% or 1 t is a change), or 'none'."""
    if flow.before_t is None:
        return "same" if flow.tonnes > 0 else "none"
    if flow.tonnes <= 0 and flow.before_t <= 0:
        return "none"
    delta = flow.tonnes - flow.before_t
    if abs(delta) < max(1.0, 0.05 * max(flow.tonnes, flow.before_t)):
        return "same"
    return "more" if delta > 0 else "less"


@functools.cache
def _outline_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every outer ring of the shipped country outlines (loaded once)."""
    data = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    rings = []
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            rings.append(tuple((float(x), float(y)) for x, y in polygon[0]))
    return tuple(rings)


def _outline_trace(x0: float, x1: float, y0: float, y1: float) -> go.Scatter | None:
    """Land filled light grey with country borders, for the rings that reach the view."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in _outline_rings():
        if not any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in ring):
            continue
        xs += [x for x, _ in ring] + [None]
        ys += [y for _, y in ring] + [None]
    if not xs:
        return None
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor="#eceff2",
        line={"width": 0.7, "color": "#b3bcc6"},
        hoverinfo="skip",
        showlegend=False,
        name="countries",
    )


_POSITIONS = (
    ("middle right", 1, 0),
    ("middle left", -1, 0),
    ("top center", 0, 1),
    ("bottom center", 0, -1),
    ("top right", 1, 1),
    ("top left", -1, 1),
    ("bottom right", 1, -1),
    ("bottom left", -1, -1),
)


def _place_labels(
    points: Sequence[tuple[float, float, float, str]], px_per_x: float, px_per_y: float
) -> dict[int, str]:
    """Label positions that overlap no other label or marker, most important hubs first.

    ``points`` are (x, y, marker radius in px, label) in importance order; the result maps
    a point's index to its text position; points missing from it get no label.
    """
    boxes: list[tuple[float, float, float, float]] = [
        (x * px_per_x - r, y * px_per_y - r, x * px_per_x + r, y * px_per_y + r)
        for x, y, r, _ in points
    ]
    markers = list(boxes)
    placed: dict[int, str] = {}
    height = _LABEL_FONT + 3
    for i, (x, y, r, label) in enumerate(points):
        cx, cy = x * px_per_x, y * px_per_y
        width = _CHAR_PX * len(label) + 2
        for position, dx, dy in _POSITIONS:
            left = cx + r + 1 if dx > 0 else cx - r - 1 - width if dx < 0 else cx - width / 2
            bottom = cy + r + 1 if dy > 0 else cy - r - 1 - height if dy < 0 else cy - height / 2
            box = (left, bottom, left + width, bottom + height)
            clash = any(
                box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
                for j, o in enumerate(boxes)
                if not (j < len(markers) and j == i)
            )
            if not clash:
                placed[i] = position
                boxes.append(box)
                break
    return placed


@dataclass(frozen=True)
class _HubShade:
    """What a map's hub markers are coloured by, with each hub's extra hover line."""

    values: dict[str, float]
    hover: dict[str, str]
    title: str
    colorscale: tuple[tuple[float, str], ...]
    cmin: float
    cmax: float
    tickformat: str


_USE_SCALE = ((0.0, "#2ca02c"), (0.7, "#ffbf00"), (1.0, "#d62728"))
_DEVIATION_SCALE = ((0.0, "#1f77b4"), (0.5, "#e8e8e8"), (1.0, "#d62728"))
DEVIATION_RANGE = 0.5
"""The deviation map's hub colours run from −50% to +50% of the planned tonnes (beyond
that a hub shows the end colour; its hover says the exact share)."""


def network_map(
    network: Network,
    evaluation: Evaluation | None,
    *,
    title: str = "",
    baseline: Evaluation | None = None,
    baseline_label: str = "before",
) -> go.Figure:
    """Hubs coloured by peak use, lanes thicker the more tonnes they carry, over country outlines.

    With a ``baseline`` (e.g. the parent version's plan) lanes are coloured by the change in
    tonnes: more, less, about the same. Without an evaluation (an unsolved version), lanes
    are drawn thin and hubs grey. Hub labels that would collide are left out and counted.
    """
    tonnes, trucks = _lane_tonnes(evaluation)
    before = _lane_tonnes(baseline)[0] if baseline is not None else None
    flows = _pair_flows(network, tonnes, trucks, before, before_label=baseline_label)
    shade = None
    if evaluation is not None:
        peak: dict[str, float] = defaultdict(float)
        handled: dict[str, float] = defaultdict(float)
        for day in evaluation.hub_days:
            peak[day.hub_id] = max(peak[day.hub_id], day.utilisation)
            handled[day.hub_id] += day.throughput_t
        shade = _HubShade(
            values=dict(peak),
            hover={
                h.id: f"peak use {peak[h.id]:.0%} · {handled[h.id]:,.0f} t/week handled"
                for h in network.hubs
            },
            title="Peak hub use (% of capacity)",
            colorscale=_USE_SCALE,
            cmin=0.0,
            cmax=1.0,
            tickformat=".0%",
        )
        weight = dict(handled)
    else:
        weight = {}
    return _draw_map(
        network,
        flows,
        shade,
        weight=weight,
        title=title or "Weekly flows and peak hub use",
        baseline_label=baseline_label if baseline is not None else None,
    )


def deviation_map(
    network: Network,
    planned_t: dict[str, float],
    actual_t: dict[str, float],
    actual_trucks: dict[str, int],
    *,
    hub_planned_t: dict[str, float],
    hub_actual_t: dict[str, float],
    title: str,
) -> go.Figure:
    """Where a week's freight left the plan: lanes coloured by actual against planned tonnes
    (more, fewer, about as planned; width: actual tonnes), hubs by the share their dispatched
    tonnes were above or below the plan.

    The inputs are per lane id and per hub id (a week's plan-vs-actual rows), so the map
    shows the same numbers as the report's tables.
    """
    flows = _pair_flows(network, actual_t, actual_trucks, planned_t, before_label="planned")
    shares: dict[str, float] = {}
    hover: dict[str, str] = {}
    for h in network.hubs:
        plan, actual = hub_planned_t.get(h.id, 0.0), hub_actual_t.get(h.id, 0.0)
        share = (actual - plan) / plan if plan > 0 else (1.0 if actual > 0 else 0.0)
        shares[h.id] = max(-DEVIATION_RANGE, min(DEVIATION_RANGE, share))
        said = f"{(actual - plan) / plan:+.0%}" if plan > 0 else "nothing planned"
        hover[h.id] = f"dispatched {actual:,.0f} t against {plan:,.0f} t planned ({said})"
    shade = _HubShade(
        values=shares,
        hover=hover,
        title="Dispatched tonnes against plan",
        colorscale=_DEVIATION_SCALE,
        cmin=-DEVIATION_RANGE,
        cmax=DEVIATION_RANGE,
        tickformat="+.0%",
    )
    weight = {h: abs(hub_actual_t.get(h, 0.0) - hub_planned_t.get(h, 0.0)) for h in shares}
    return _draw_map(network, flows, shade, weight=weight, title=title, baseline_label="planned")


def _draw_map(
    network: Network,
    flows: list[_PairFlow],
    shade: _HubShade | None,
    *,
    weight: dict[str, float],
    title: str,
    baseline_label: str | None,
) -> go.Figure:
    """The map both :func:`network_map` and :func:`deviation_map` draw: outlines, lanes in
    width bins coloured by their change against ``baseline_label`` (when given), and hubs
    coloured by ``shade``, labelled heaviest ``weight`` first where labels fit."""
    hubs = {h.id: h for h in network.hubs}
    ordered = sorted(hubs.values(), key=lambda h: h.id)
    mean_lat = sum(h.lat for h in ordered) / max(1, len(ordered))
    squash = max(0.2, math.cos(math.radians(mean_lat)))
    lons = [h.lon for h in ordered] or [0.0]
    lats = [h.lat for h in ordered] or [0.0]
    pad_x = max(0.8, 0.08 * (max(lons) - min(lons)))
    pad_y = max(0.6, 0.08 * (max(lats) - min(lats)))
    x0, x1 = min(lons) - pad_x, max(lons) + pad_x
    y0, y1 = min(lats) - pad_y, max(lats) + pad_y

    fig = go.Figure()
    outline = _outline_trace(x0, x1, y0, y1)
    if outline is not None:
        fig.add_trace(outline)
    change_names = {
        "more": f"more tonnes than {baseline_label}",
        "less": f"fewer tonnes than {baseline_label}",
        "same": f"about as {baseline_label}" if baseline_label is not None else "lanes with flow",
        "none": "lanes without flow",
    }
    for change in ("more", "less", "same", "none"):
        shown_in_legend = False
        for i, (lo, hi) in enumerate(itertools.pairwise(_WIDTH_BINS)):
            chosen = [f for f in flows if _change(f) == change and lo <= f.tonnes < hi]
            if not chosen:
                continue
            xs: list[float | None] = []
            ys: list[float | None] = []
            for f in chosen:
                a, b = hubs[f.a], hubs[f.b]
                xs += [a.lon, b.lon, None]
                ys += [a.lat, b.lat, None]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={
                        "width": _WIDTHS[i] if change != "none" else 1.0,
                        "color": _CHANGE_COLOURS[change],
                        "dash": "dot" if change == "none" else "solid",
                    },
                    hoverinfo="skip",
                    name=change_names[change],
                    legendgroup=change,
                    showlegend=not shown_in_legend,
                )
            )
            shown_in_legend = True
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
    text = []
    for h in ordered:
        status = "open" if h.open else "closed"
        if h.open and h.closed_days:
            status = "closed " + ", ".join(network.calendar.day_name(d) for d in h.closed_days)
        line = f"<b>{h.name}</b> ({h.id}, {h.region})<br>{status}"
        if shade is not None:
            line += f"<br>{shade.hover.get(h.id, '')}"
        text.append(line)
    sizes = [8 + 10 * math.sqrt(h.capacity_t_per_day / _max_cap(ordered)) for h in ordered]
    plot_h = _MAP_HEIGHT - _MAP_MARGIN["t"] - _MAP_MARGIN["b"]
    plot_w = _ASSUMED_WIDTH_PX - _MAP_MARGIN["l"] - _MAP_MARGIN["r"]
    px_per_deg = min(plot_h / (y1 - y0), plot_w / ((x1 - x0) * squash))
    rank = sorted(
        range(len(ordered)),
        key=lambda i: (
            -weight.get(ordered[i].id, 0.0),
            -ordered[i].capacity_t_per_day,
            ordered[i].id,
        ),
    )
    placed = _place_labels(
        [(ordered[i].lon, ordered[i].lat, sizes[i] / 2, ordered[i].name) for i in rank],
        px_per_deg * squash,
        px_per_deg,
    )
    positions = {rank[k]: pos for k, pos in placed.items()}
    hidden = len(ordered) - len(positions)
    marker: dict[str, object] = {
        "size": sizes,
        "symbol": ["circle" if h.open else "x" for h in ordered],
        "color": [shade.values.get(h.id, 0.0) if shade else 0.0 for h in ordered],
        "showscale": shade is not None,
        "line": {"width": 1, "color": "#333"},
    }
    if shade is not None:
        marker |= {
            "colorscale": [list(stop) for stop in shade.colorscale],
            "cmin": shade.cmin,
            "cmax": shade.cmax,
            "colorbar": {
                "title": {"text": shade.title, "side": "right"},
                "tickformat": shade.tickformat,
                "thickness": 14,
            },
        }
    else:
        marker |= {"colorscale": [list(stop) for stop in _USE_SCALE], "cmin": 0.0, "cmax": 1.0}
    fig.add_trace(
        go.Scatter(
            x=[h.lon for h in ordered],
            y=[h.lat for h in ordered],
            mode="markers+text",
            text=[h.name if i in positions else "" for i, h in enumerate(ordered)],
            textposition=[positions.get(i, "top center") for i in range(len(ordered))],
            textfont={"size": _LABEL_FONT, "color": "#1d2733"},
            hovertext=text,
            hoverinfo="text",
            marker=marker,
            name="hubs (size: capacity)",
        )
    )
    notes = ["Line width: tonnes per week."]
    if hidden:
        notes.append(f"{hidden} of {len(ordered)} hub names left out where they would overlap;")
        notes.append("hover a hub for its name.")
    fig.add_annotation(
        text=" ".join(notes),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.07,
        showarrow=False,
        xanchor="left",
        font={"size": 11, "color": "#6b7785"},
    )
    fig.update_layout(
        title={"text": title, "x": 0.01},
        height=_MAP_HEIGHT,
        margin=_MAP_MARGIN,
        legend={"orientation": "h", "y": -0.1, "x": 0, "title": {"text": "Lanes: "}},
        plot_bgcolor="#f4f8fb",
        hovermode="closest",
    )
    fig.update_xaxes(visible=False, range=[x0, x1])
    fig.update_yaxes(
        visible=False,
        range=[y0, y1],
        scaleanchor="x",
        scaleratio=1 / squash,
    )
    return fig


def _max_cap(hubs: Sequence[object]) -> float:
    caps = [getattr(h, "capacity_t_per_day", 0.0) for h in hubs]
    return max([c for c in caps if c > 0] or [1.0])


def trailer_imbalance(
    network: Network, evaluation: Evaluation, *, top: int = 20
) -> go.Figure | None:
    """Own-fleet trailers in minus out per hub and day, the hubs with the largest swings.

    ``None`` when every hub balances on every day (say :data:`NO_IMBALANCE` instead).
    """
    days = list(range(network.calendar.days))
    grid: dict[str, dict[int, int]] = defaultdict(dict)
    for row in evaluation.trailer_days:
        grid[row.hub_id][row.day] = row.imbalance
    names = {h.id: h.name for h in network.hubs}
    out_of_balance = sorted(
        (hid for hid, by_day in grid.items() if any(by_day.values())),
        key=lambda hid: (-max(abs(v) for v in grid[hid].values()), hid),
    )
    if not out_of_balance:
        return None
    ranked = out_of_balance[:top]
    which = (
        f"all {len(ranked)} hubs out of balance"
        if len(ranked) == len(out_of_balance)
        else f"the {len(ranked)} of {len(out_of_balance)} hubs out of balance that swing most"
    )
    fig = go.Figure(
        go.Heatmap(
            z=[[grid[h].get(d, 0) for d in days] for h in ranked],
            x=[network.calendar.day_name(d) for d in days],
            y=[f"{names.get(h, h)} ({h})" for h in ranked],
            colorscale="RdBu",
            zmid=0,
            colorbar={"title": {"text": "Trailers in − out", "side": "right"}},
            hovertemplate="%{y}, %{x}: %{z:+d} trailers (in − out)<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title={"text": "Hub"})
    fig.update_xaxes(title={"text": "Day"}, side="bottom")
    fig.update_layout(
        title={
            "text": f"Trailer imbalance per day (own fleet, trailers): {which}",
            "x": 0.01,
            "font": {"size": 14},
        },
        height=max(300, 110 + 24 * len(ranked)),
        margin={"l": 10, "r": 10, "t": 50, "b": 50},
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
                x=["Total cost"],
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
                x=[_two_lines(labels[k]) for k in keys],
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
    fig.update_yaxes(title={"text": "€ per week"}, tickformat=",.0f", row=1, col=1)
    fig.update_yaxes(title={"text": "%"}, rangemode="tozero", row=1, col=2)
    # level labels on two lines: in the chat's narrower charts plotly would tilt them into
    # each other
    fig.update_xaxes(tickangle=0, row=1, col=2)
    fig.update_layout(
        title={"text": "KPIs: " + " → ".join(name for name, _, _ in series), "x": 0.01},
        barmode="group",
        height=400,
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "y": -0.22, "title": {"text": "Plan: "}},
    )
    return fig


def _two_lines(label: str) -> str:
    """A bar label broken after its first word ('On-time<br>service'), so it stays level."""
    first, _, rest = label.partition(" ")
    return f"{first}<br>{rest}" if rest else first
