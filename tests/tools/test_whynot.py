"""Why-not answers: the forced alternative lands as a version and the reasons are its numbers.

Network (tests/solver/nets.py defaults): Alpha→Beta direct, Alpha→Gamma→Beta around,
100 EUR per 10 t truck, handling 1 EUR/t; 10 t Alpha→Beta. The plan goes direct (120 EUR);
via Gamma costs one more truck (100 EUR) and 10 t of handling at Gamma (10 EUR).
"""

from __future__ import annotations

import pytest

from solver import SolveSettings
from solver.network import Network
from storage import Database
from tests.solver.nets import demand, hub, lane, network
from tests.tools.conftest import make_team
from tools import history, version_network, version_result
from tools.whynot import why_not

FAST = SolveSettings(time_limit_s=60.0, relative_gap=0.0, mip_nodes=50)


def triangle(due_h: float = 24.0) -> Network:
    """Alpha→Beta direct and via Gamma; 10 t Alpha→Beta."""
    return network(
        "triangle",
        [hub("A", "Alpha"), hub("B", "Beta", region="south"), hub("C", "Gamma", region="east")],
        [lane("A", "B"), lane("A", "C"), lane("C", "B")],
        [demand("D1", "A", "B", 10.0, due_h=due_h)],
    )


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_why_not_via_gamma_is_stored_and_explained(db: Database) -> None:
    """The forced version is read back with its via rule; +110 EUR from 1 truck and handling."""
    team = make_team(db, triangle())
    answer = why_not(
        db,
        team.ann,
        None,
        [{"op": "route_via", "lanes": ["Alpha→Beta"], "via_hub": "Gamma"}],
        message="why don't we route Alpha→Beta freight through Gamma?",
        settings=FAST,
    )
    sid, n = answer.outcome.scenario_id, answer.outcome.version
    stored = version_network(db, team.ann, sid, n)
    assert stored.via_of == {"D1": "C"}
    assert n in {v.n for v in history(db, team.ann, sid)}
    child = version_result(db, team.ann, sid, n).kpis
    parent = version_result(db, team.ann, sid, answer.outcome.parent_version).kpis
    assert child is not None and parent is not None
    assert child.total_cost_eur - parent.total_cost_eur == pytest.approx(110.0)
    assert answer.cost_delta_eur == pytest.approx(110.0)
    assert not answer.within_noise and answer.broken_promise is None
    assert any(
        "1 more truck dispatch" in r and "€100 more in line-haul" in r for r in answer.reasons
    )
    assert any("€10 of handling" in r for r in answer.reasons)
    assert "costs €110 more a week" in answer.summary


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_forcing_a_route_that_misses_the_window_says_it_breaks_the_promise(db: Database) -> None:
    """Due in 9 h, the way round cannot make it: the answer says the promise breaks, no crash."""
    team = make_team(db, triangle(due_h=9.0))
    answer = why_not(
        db,
        team.ann,
        None,
        [{"op": "route_via", "lanes": ["A→B"], "via_hub": "C"}],
        message="why not via Gamma?",
        settings=FAST,
    )
    assert answer.broken_promise is not None
    assert "breaks the promise: 10.0 t" in answer.broken_promise
    assert "Forcing it breaks the promise" in answer.summary


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_why_not_use_a_lane_names_its_fill(db: Database) -> None:
    """Forcing Alpha→Gamma: the lane's per-dispatch cost and the freight it would carry."""
    team = make_team(db, triangle())
    answer = why_not(
        db,
        team.ann,
        None,
        [{"op": "use_lane", "lane": "Alpha→Gamma"}],
        message="why not use the Alpha–Gamma lane?",
        settings=FAST,
    )
    stored = version_network(db, team.ann, answer.outcome.scenario_id, answer.outcome.version)
    assert [r.lane for r in stored.lane_rules] == ["A-C"]
    assert any(
        "lane A-C costs €100 a dispatch and would carry 10.0 t on 1 truck (100% full)" in r
        for r in answer.reasons
    )
