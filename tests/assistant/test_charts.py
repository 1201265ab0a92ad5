"""The charts a planner reads: titled, outlined, labelled without overlap, nothing when empty."""

from __future__ import annotations

import pytest

from assistant.web.charts import (
    DEVIATION_RANGE,
    NO_IMBALANCE,
    chart_html,
    deviation_map,
    kpi_bars,
    network_map,
    trailer_imbalance,
)
from solver import evaluate, solve
from tools import INTERACTIVE_SETTINGS, Evaluation, Network, demo_network


@pytest.fixture(scope="module")
def solved() -> tuple[Network, Evaluation]:
    """The 8-hub demo network and the evaluation of its interactive plan."""
    net = demo_network(hubs=8, seed=3)
    result = solve(net, INTERACTIVE_SETTINGS)
    assert result.plan is not None
    return net, evaluate(net, result.plan)


def test_map_is_titled_outlined_and_names_hubs(solved: tuple[Network, Evaluation]) -> None:
    """The map has a title, filled country outlines around the hubs, a colour bar with its
    unit, and every hub either named on the map or counted as left out."""
    net, ev = solved
    fig = network_map(net, ev)
    assert fig.layout.title.text == "Weekly flows and peak hub use"
    outline = [t for t in fig.data if t.name == "countries"]
    assert len(outline) == 1 and outline[0].fill == "toself" and len(outline[0].x) > 100
    hubs = next(t for t in fig.data if t.mode == "markers+text")
    assert "%" in hubs.marker.colorbar.title.text
    named = [t for t in hubs.text if t]
    note = fig.layout.annotations[0].text
    assert len(named) == len(net.hubs) or f"of {len(net.hubs)} hub names left out" in note
    assert set(named) <= {h.name for h in net.hubs}


def test_lanes_are_coloured_by_change_from_the_baseline(
    solved: tuple[Network, Evaluation],
) -> None:
    """Against an empty baseline every lane with flow carries more tonnes than before; against
    itself no lane changes."""
    net, ev = solved
    empty = ev.model_copy(update={"lane_buckets": []})
    more = network_map(net, ev, baseline=empty, baseline_label="v1")
    names = {t.name for t in more.data if t.mode == "lines" and t.name != "countries"}
    assert "more tonnes than v1" in names and "fewer tonnes than v1" not in names
    same = network_map(net, ev, baseline=ev, baseline_label="v1")
    names = {t.name for t in same.data if t.mode == "lines" and t.name != "countries"}
    assert "about as v1" in names and not names & {"more tonnes than v1", "fewer tonnes than v1"}


def test_deviation_map_colours_lanes_and_hubs_by_actual_against_planned() -> None:
    """A lane that carried more than planned is drawn as 'more tonnes than planned' and one
    that carried less as 'fewer'; a hub's colour is its dispatched tonnes' share above or
    below the plan (capped at the scale's ends), and its hover says the tonnes."""
    net = demo_network(hubs=8, seed=3)
    up = net.lanes[0]
    down = next(lane for lane in net.lanes if up.origin not in (lane.origin, lane.destination))
    fig = deviation_map(
        net,
        {up.id: 100.0, down.id: 100.0},
        {up.id: 130.0, down.id: 40.0},
        {up.id: 6, down.id: 2},
        hub_planned_t={up.origin: 100.0, down.origin: 100.0},
        hub_actual_t={up.origin: 130.0, down.origin: 40.0},
        title="Week 2026-W49: where freight left the plan",
    )
    names = {t.name for t in fig.data if t.mode == "lines" and t.name != "countries"}
    assert {"more tonnes than planned", "fewer tonnes than planned"} <= names
    hubs = next(t for t in fig.data if t.mode == "markers+text")
    ids = [h.id for h in sorted(net.hubs, key=lambda h: h.id)]
    colour = dict(zip(ids, hubs.marker.color, strict=True))
    assert colour[up.origin] == pytest.approx(0.30)
    assert colour[down.origin] == pytest.approx(-DEVIATION_RANGE)  # -60% shown at the scale end
    assert hubs.marker.cmin == -DEVIATION_RANGE and hubs.marker.cmax == DEVIATION_RANGE
    hover = next(h for h in hubs.hovertext if f"({down.origin}," in h)
    assert "dispatched 40 t against 100 t planned (-60%)" in hover
    lanes = next(t for t in fig.data if t.mode == "markers" and t.hovertext)
    assert any("130 t, 6 trucks/week (planned 100 t)" in h for h in lanes.hovertext)


def test_no_imbalance_chart_when_every_hub_balances(solved: tuple[Network, Evaluation]) -> None:
    """With no trailer out of balance nothing is drawn and the page says so in a line; with
    some, the heatmap has a title, day and hub axes and a unit on its colour bar."""
    net, ev = solved
    balanced = ev.model_copy(
        update={"trailer_days": [r.model_copy(update={"imbalance": 0}) for r in ev.trailer_days]}
    )
    assert trailer_imbalance(net, balanced) is None
    assert NO_IMBALANCE in chart_html(None, div_id="x", empty=NO_IMBALANCE)
    row = ev.trailer_days[0].model_copy(update={"imbalance": 3})
    fig = trailer_imbalance(net, ev.model_copy(update={"trailer_days": [row]}))
    assert fig is not None and "all 1 hubs out of balance" in fig.layout.title.text
    assert fig.layout.xaxis.title.text == "Day" and fig.layout.yaxis.title.text == "Hub"
    assert fig.data[0].colorbar.title.text == "Trailers in − out"


def test_kpi_bars_have_title_units_and_legend() -> None:
    """The before/after bars name the plans compared and the units of both axes."""
    from tools import KpiChange

    changes = [
        KpiChange(
            key="total_cost_eur",
            label="Total cost / week",
            unit="eur",
            before=100.0,
            after=120.0,
            delta=20.0,
            better=False,
        )
    ]
    fig = kpi_bars(changes, [], this_label="v2", parent_label="v1")
    assert fig.layout.title.text == "KPIs: v1 → v2"
    assert fig.layout.yaxis.title.text == "€ per week" and fig.layout.yaxis2.title.text == "%"
    assert [t.name for t in fig.data if t.showlegend is not False] == ["v1", "v2"]
