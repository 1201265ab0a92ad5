"""A what-if's delta is the edit's own, even when its re-plan also runs other freight cheaper.

When the child's solve finds a cheaper way to run the part of the network the edit does
not touch, the parent's plan adjusted the same way (only where the edit reaches) is
evaluated independently and the answer names the edit's own effect against it; the
parent's stored plan is never changed. Each answer says how many departures away from
the edit changed.
"""

from __future__ import annotations

from solver import Network, Plan, SolveSettings, evaluate, solve
from storage import put_solve_run, solve_runs_for
from tests.tools.conftest import Team
from tools import parent_adjusted, version_network, version_result, what_if

FAST = SolveSettings(time_limit_s=20.0, relative_gap=0.0, mip_nodes=50)
NORTH_A_BIT = {"op": "scale_demand", "origin_regions": "north", "factor": 1.05}


def _store_live_plan(team: Team, plan: Plan) -> float:
    """Store ``plan`` as live v1's only run (evaluated like a real run); returns its cost."""
    net = version_network(team.db, team.ann, "live", 1)
    kpis = evaluate(net, plan).kpis
    with team.db.write_session() as s:
        put_solve_run(
            s,
            net.content_hash(),
            {"test": "stored"},
            status="feasible",
            objective=kpis.total_cost_eur,
            plan_json=plan.model_dump_json(),
            kpis=kpis.model_dump(mode="json"),
        )
    return kpis.total_cost_eur


def _padded(net: Network) -> Plan:
    """An optimal plan plus one needless round trip: worse, and still breaking no rule."""
    plan = solve(net, FAST).plan
    assert plan is not None
    rows = plan.lane_buckets
    for i, out in enumerate(rows):
        for j, back in enumerate(rows):
            if out.lane_id.split("-")[::-1] != back.lane_id.split("-"):
                continue
            padded = list(rows)
            padded[i] = out.model_copy(update={"trucks": out.trucks + 1})
            padded[j] = back.model_copy(update={"trucks": back.trucks + 1})
            candidate = plan.model_copy(update={"lane_buckets": tuple(padded)})
            if evaluate(net, candidate).kpis.hard_violations == 0:
                return candidate
    raise AssertionError("no round trip keeps the plan free of hard violations")


def test_the_edits_own_effect_is_split_from_an_unrelated_saving(team: Team) -> None:
    """Parent holding a needlessly dear plan: the answer names the edit's own effect, the
    parent's stored plan is left as it was, and the figures recompute independently."""
    live_net = version_network(team.db, team.ann, "live", 1)
    poor = _store_live_plan(team, _padded(live_net))
    with team.db.session() as s:
        runs = len(solve_runs_for(s, live_net.content_hash()))
    outcome = what_if(team.db, team.ann, None, [NORTH_A_BIT], message="north +5%", settings=FAST)
    with team.db.session() as s:
        assert len(solve_runs_for(s, live_net.content_hash())) == runs
    live = version_result(team.db, team.ann, "live", 1)
    assert live.run is not None and live.run.objective_eur == poor
    adjusted = parent_adjusted(team.db, team.ann, outcome.scenario_id, outcome.version)
    assert adjusted is not None and adjusted.kpis.hard_violations == 0
    base = adjusted.kpis.total_cost_eur
    assert base < poor - 1.0
    child = version_result(team.db, team.ann, outcome.scenario_id, outcome.version)
    assert child.kpis is not None
    effect = child.kpis.total_cost_eur - base
    assert outcome.edit_effect is not None
    assert f"€{poor - base:,.0f} per week less" in outcome.edit_effect
    assert f"effect is {'+' if effect >= 0 else '-'}€{abs(effect):,.0f}" in outcome.edit_effect


def test_nothing_is_split_when_the_parent_plan_is_as_good(team: Team) -> None:
    """Parent solved to optimality: no split, and the stability line is given."""
    from tools import solve_version

    solve_version(team.db, team.ann, "live", settings=FAST)
    outcome = what_if(team.db, team.ann, None, [NORTH_A_BIT], message="north +5%", settings=FAST)
    assert outcome.edit_effect is None
    assert outcome.churn_share is not None and 0.0 <= outcome.churn_share <= 1.0
    assert outcome.stability is not None and "the edit does not reach" in outcome.stability
