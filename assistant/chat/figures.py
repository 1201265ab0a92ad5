"""The charts that go with an answer in the chat UI, built from the use cases' results.

The same figures as the scenario pages (:mod:`assistant.web.charts`), always in the same
order: KPI bars before/after (against the parent and live, or the two sides of a
comparison), the version's network map (lanes coloured by the change from the parent's
plan), its trailer imbalance. A chart with nothing to show becomes a line of text.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from assistant.conversation import AskResult
from assistant.web.charts import NO_IMBALANCE, kpi_bars, network_map, trailer_imbalance
from tools import LIVE, Comparison, Database, UserRef, get_scenario, get_version, version_network
from tools import version_result as stored_result

__all__ = ["AnswerCharts", "NamedFigure", "answer_figures"]


@dataclass(frozen=True)
class NamedFigure:
    """A chart and the name it is shown under."""

    name: str
    figure: go.Figure


@dataclass(frozen=True)
class AnswerCharts:
    """An answer's charts in their fixed order, and lines said instead of empty charts."""

    figures: list[NamedFigure]
    notes: list[str]


def _version_figures(db: Database, actor: UserRef, scenario: int, n: int) -> AnswerCharts:
    """Map and trailer imbalance of one version's stored plan (map alone if unsolved)."""
    result = stored_result(db, actor, scenario, n)
    network = version_network(db, actor, scenario, n)
    parent_n = get_version(db, actor, scenario, n).parent_n
    baseline = (
        stored_result(db, actor, scenario, parent_n).evaluation if parent_n is not None else None
    )
    title = f"{result.scenario_name} v{n}: weekly flows and peak hub use"
    fig = network_map(
        network, result.evaluation, title=title, baseline=baseline, baseline_label=f"v{parent_n}"
    )
    out = AnswerCharts([NamedFigure("Network map", fig)], [])
    if result.evaluation is not None:
        imbalance = trailer_imbalance(network, result.evaluation)
        if imbalance is None:
            out.notes.append(NO_IMBALANCE)
        else:
            out.figures.append(NamedFigure("Trailer imbalance", imbalance))
    return out


def answer_figures(
    db: Database, actor: UserRef, result: AskResult, comparison: Comparison | None
) -> AnswerCharts:
    """The charts for an answer: after a change, its KPI bars, map and imbalance; after a
    comparison, its bars and the compared version's map; after a solve, the solved map."""
    if result.scenario_id is not None and result.version is not None:
        version = get_version(db, actor, result.scenario_id, result.version)
        figures = []
        if result.kpis or result.kpis_vs_live:
            bars = kpi_bars(
                result.kpis,
                result.kpis_vs_live,
                this_label=f"v{version.n}",
                parent_label=f"v{version.parent_n}" if version.parent_n else None,
            )
            figures.append(NamedFigure("KPIs before and after", bars))
        rest = _version_figures(db, actor, result.scenario_id, version.n)
        return AnswerCharts(figures + rest.figures, rest.notes)
    if comparison is not None and comparison.changes:
        before, after = comparison.before, comparison.after
        bars = kpi_bars(
            comparison.changes,
            [],
            this_label=f"{after.scenario_name} v{after.n}",
            parent_label=f"{before.scenario_name} v{before.n}",
        )
        compared = _version_figures(db, actor, after.scenario_id, after.n)
        return AnswerCharts([NamedFigure("KPIs compared", bars), *compared.figures], compared.notes)
    if any(call.name == "solve" for call in result.tool_calls):
        scenario = get_scenario(
            db, actor, result.scenario_id if result.scenario_id is not None else LIVE
        )
        if scenario.head is not None:
            return _version_figures(db, actor, scenario.id, scenario.head)
    return AnswerCharts([], [])
