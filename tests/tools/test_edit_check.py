"""A what-if the network refuses leaves nothing behind: no scenario, no version."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tools.conftest import Team
from tools import LIVE, InvalidEdit, get_scenario, list_scenarios, what_if
from tools.edit_check import check_edits


def _state(team: Team) -> list[tuple[str, int | None]]:
    return sorted((s.name, s.head) for s in list_scenarios(team.db, team.ann))


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ({"op": "scale_demand", "factor": 1.2, "origin_regions": ["atlantis"]}, "atlantis"),
        ({"op": "close_hub", "hubs": ["Pariss"]}, "Paris"),
        (
            {"op": "scale_demand", "factor": 1.2, "origin_hubs": ["LYS"], "customers": ["Nobody"]},
            "Nobody",
        ),
        ({"op": "set_drivers", "region": "north"}, "exactly one"),
    ],
)
def test_a_refused_what_if_creates_no_scenario(
    team: Team, edit: dict[str, Any], reason: str
) -> None:
    """A what-if from live whose edit names nothing real, or is malformed, is refused with
    the reason before any private scenario is created (read back: the same scenarios and
    heads as before)."""
    before = _state(team)
    with pytest.raises(InvalidEdit, match=reason):
        what_if(team.db, team.ann, None, [edit], message="refused")
    assert _state(team) == before


def test_check_edits_reads_the_version_it_is_given(team: Team) -> None:
    """Edits are checked against the version they will change: closing Paris twice is
    refused on a version where Paris is already closed, and accepted on live."""
    close = [{"op": "close_hub", "hubs": ["PAR"]}]
    outcome = what_if(team.db, team.ann, None, close, message="close Paris")
    check_edits(team.db, team.ann, LIVE, close)
    with pytest.raises(InvalidEdit):
        check_edits(team.db, team.ann, outcome.scenario_id, close)
    check_edits(team.db, team.ann, outcome.scenario_id, close, base_version=1)
    assert get_scenario(team.db, team.ann, outcome.scenario_id).head == 2
