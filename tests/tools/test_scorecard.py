"""Scorecards: versions side by side with deltas against the first, breakdowns that add up to
the plan's own KPIs, a workbook that reads back the same numbers, and clear refusals."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from solver import SolveSettings
from tests.tools.conftest import Team
from tools import (
    InvalidRequest,
    VersionRef,
    create_scenario,
    edit_scenario,
    parse_versions,
    scorecard,
    scorecard_xlsx,
    solve_version,
    version_result,
)

FAST = SolveSettings(time_limit_s=20.0, relative_gap=0.02)


def _three(team: Team) -> list[VersionRef]:
    """Live v1 solved, 'peak' v2 (+20% north) solved, 'shut' v2 (Strasbourg closed) unsolved."""
    solve_version(team.db, team.ann, "live", settings=FAST)
    peak = create_scenario(team.db, team.ann, "peak")
    edit_scenario(
        team.db, team.ann, "peak", {"op": "scale_demand", "origin_regions": "north", "factor": 1.2}
    )
    solve_version(team.db, team.ann, "peak", settings=FAST)
    shut = create_scenario(team.db, team.ann, "shut")
    edit_scenario(team.db, team.ann, "shut", {"op": "close_hub", "hubs": ["STR"]})
    return [
        VersionRef(scenario="live", n=1),
        VersionRef(scenario=peak.id, n=2),
        VersionRef(scenario=shut.id, n=2),
    ]


def test_versions_syntax() -> None:
    """'12:3,12:4,15' reads as two versions and a head; bad lists name 'versions' and why."""
    refs = parse_versions("12:3, 12:4,15")
    assert [(r.scenario, r.n) for r in refs] == [(12, 3), (12, 4), (15, None)]
    assert parse_versions("north-growth:2,live")[0].scenario == "north-growth"
    for bad, why in (
        ("12:3", "1 given"),
        ("1,2,3,4,5,6", "6 given"),
        ("12:x,12:4", "no version number"),
        ("12:0,12:4", "no version number"),
        ("12:3,,12:4", "empty"),
    ):
        with pytest.raises(InvalidRequest, match=f"^versions: .*{why}"):
            parse_versions(bad)


def test_scorecard_columns_deltas_and_breakdowns(team: Team) -> None:
    """KPIs per column equal each version's stored result; deltas are against the first;
    region and customer breakdowns add up to the plan's transport cost and tonnes; an
    unsolved version is labelled and has no numbers."""
    refs = _three(team)
    card = scorecard(team.db, team.ann, refs)
    live = version_result(team.db, team.ann, "live", 1).kpis
    peak = version_result(team.db, team.ann, refs[1].scenario, 2).kpis
    assert live is not None and peak is not None
    assert [c.label for c in card.columns] == ["live v1", "peak v2", "shut v2"]
    assert "north" in card.columns[1].title and card.columns[2].quality == "not solved yet"
    cost = next(k for k in card.kpis if k.key == "total_cost_eur")
    assert cost.values == [live.total_cost_eur, peak.total_cost_eur, None]
    assert cost.deltas[1] == pytest.approx(peak.total_cost_eur - live.total_cost_eur)
    assert cost.deltas[0] is None and cost.deltas[2] is None
    by = {t.level: t for t in card.drill}
    region = by["region"]
    transport = sum(r.values[1][0] or 0.0 for r in region.rows)
    assert transport == pytest.approx(peak.linehaul_cost_eur + peak.empty_cost_eur)
    assert sum(r.values[1][4] or 0.0 for r in region.rows) == pytest.approx(peak.unserved_t)
    customer = by["customer"]
    assert sum(r.values[0][0] or 0.0 for r in customer.rows) == pytest.approx(live.demand_t)
    assert {r.label for r in region.rows} == {"north", "south", "east"}
    assert all(v is None for r in region.rows for v in r.values[2])  # unsolved column
    lanes = by["lane"]
    assert any(r.label == "Lille → Paris" for r in lanes.rows)
    spreads = [abs((r.values[1][0] or 0) - (r.values[0][0] or 0)) for r in lanes.rows]
    assert spreads == sorted(spreads, reverse=True)  # ranked by how much cost moves


def test_scorecard_workbook_reads_back(team: Team) -> None:
    """The XLSX holds the KPI values of every column and one sheet per breakdown level."""
    refs = _three(team)[:2]
    card = scorecard(team.db, team.ann, refs)
    wb = load_workbook(io.BytesIO(scorecard_xlsx(card)))
    assert wb.sheetnames == ["KPIs", "Violations", "By region", "By hub", "By lane", "By customer"]
    rows = {r[0]: r[1:] for r in wb["KPIs"].iter_rows(values_only=True)}
    cost = next(k for k in card.kpis if k.key == "total_cost_eur")
    assert rows["Total cost / week"][:3] == pytest.approx(
        (cost.values[0], cost.values[1], cost.deltas[1])
    )
    region_rows = list(wb["By region"].iter_rows(values_only=True))
    assert len(region_rows) == 1 + len(card.drill[0].rows)


def test_the_same_version_twice_is_refused(team: Team) -> None:
    """Naming one version twice is an error that names 'versions'."""
    with pytest.raises(InvalidRequest, match=r"^versions: a version is named twice"):
        scorecard(team.db, team.ann, "live:1,live")
