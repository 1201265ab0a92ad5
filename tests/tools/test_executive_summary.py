"""The executive summary a VP would forward: every edit in effect, names not ids, numbers
before → after with their signs in front, trust status, and a recommendation within what
the numbers support."""

from __future__ import annotations

import re

from solver import SolveSettings
from tests.tools.conftest import Team
from tools import (
    create_scenario,
    edit_scenario,
    executive_summary,
    revert,
    solve_version,
    version_result,
)
from tools.insights import scenario_edits, signed_eur, signed_pts

FAST = SolveSettings(time_limit_s=20.0, relative_gap=0.02)
NORTH_UP = {"op": "scale_demand", "origin_regions": "north", "factor": 1.2}
NORTH_MORE = {"op": "scale_demand", "origin_regions": "north", "factor": 1.3}
CLOSE_STR = {"op": "close_hub", "hubs": ["STR"]}


def test_signs_stand_before_the_currency() -> None:
    """+€497,623 and −€1,200, never €+497,623; shares in points with a true minus."""
    assert signed_eur(497_623.4) == "+€497,623"
    assert signed_eur(-1_200) == "−€1,200"
    assert signed_eur(0.2) == "±€0"
    assert signed_pts(-0.967) == "−96.7 pts"


def test_edits_in_effect_follow_undo_and_redo(team: Team) -> None:
    """A redone change is listed as it now stands; an undone one is gone; live has none."""
    create_scenario(team.db, team.ann, "peak", shared=True)
    edit_scenario(team.db, team.ann, "peak", NORTH_UP)  # v2
    edit_scenario(team.db, team.ann, "peak", CLOSE_STR)  # v3
    revert(team.db, team.ann, "peak", 1)  # v4: back to live's network
    edit_scenario(team.db, team.ann, "peak", NORTH_MORE)  # v5
    edit_scenario(team.db, team.ann, "peak", CLOSE_STR)  # v6
    edits = scenario_edits(team.db, team.ann, "peak")
    assert len(edits) == 2
    assert "+30%" in edits[0] and "+20%" not in edits[0], edits
    assert "Strasbourg" in edits[1]
    (first,) = scenario_edits(team.db, team.ann, "peak", 2)
    assert "+20%" in first, first
    assert scenario_edits(team.db, team.ann, "peak", 4) == []
    assert scenario_edits(team.db, team.ann, "live") == []


def test_summary_names_every_edit_and_the_numbers(team: Team) -> None:
    """Two edits in effect: both named (no ids), cost/service before → after from the stored
    results, ≤ 120 words, and the trust status of the plan in words."""
    solve_version(team.db, team.ann, "live", settings=FAST)
    create_scenario(team.db, team.ann, "peak", shared=True)
    edit_scenario(team.db, team.ann, "peak", NORTH_UP)
    edit_scenario(team.db, team.ann, "peak", CLOSE_STR)
    solve_version(team.db, team.ann, "peak", settings=FAST)
    brief = executive_summary(team.db, team.ann, "peak")
    live = version_result(team.db, team.ann, "live")
    peak = version_result(team.db, team.ann, "peak")
    assert live.kpis is not None and peak.kpis is not None and peak.run is not None
    text = brief.text
    assert len(text.split()) <= 120
    assert len(brief.edits) == 2 and all(e in text for e in brief.edits)
    assert "Strasbourg" in text and "STR" not in text
    assert not re.search(r"\bD\d+\b", text)  # no demand ids
    delta = peak.kpis.total_cost_eur - live.kpis.total_cost_eur
    assert f"€{live.kpis.total_cost_eur:,.0f} → €{peak.kpis.total_cost_eur:,.0f}" in text
    assert signed_eur(delta) in text and "€+" not in text and "€-" not in text
    assert f"{live.kpis.service_level:.1%} → {peak.kpis.service_level:.1%}" in text
    assert f"- Plan: {peak.run.quality}." in text
    assert "Trade-off:" in text and "Recommendation: " in text
    if peak.warnings:
        assert "Recommendation: Do not adopt" in text
