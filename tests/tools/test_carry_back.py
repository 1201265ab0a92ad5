"""A what-if's re-plan improves its parent's plan too, so its delta is the edit's alone.

When the child's solve finds a cheaper way to run the part of the network the edit does
not touch, that plan is carried back to the parent (adjusted where the edit reaches),
evaluated independently and stored as the parent's plan; the answer compares with it and
says how many dispatches away from the edit changed.
"""

from __future__ import annotations

from solver import Network, Plan, SolveSettings, evaluate, solve
from storage import put_solve_run, solve_runs_for
from tests.tools.conftest import Team
from tools import version_network, version_plan, version_result, what_if

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


def test_a_cheaper_replan_is_carried_back_to_the_parent(team: Team) -> None:
    """Parent holding a needlessly dear plan: afterwards its best plan is cheaper, recomputed."""
    live_net = version_network(team.db, team.ann, "live", 1)
    poor = _store_live_plan(team, _padded(live_net))
    outcome = what_if(team.db, team.ann, None, [NORTH_A_BIT], message="north +5%", settings=FAST)
    assert outcome.carried_back is not None and "carried back from" in outcome.carried_back
    result = version_result(team.db, team.ann, "live", 1)
    assert result.run is not None and result.run.objective_eur is not None
    assert result.run.objective_eur < poor - 1.0
    net, plan = version_plan(team.db, team.ann, "live", 1)
    assert plan is not None
    again = evaluate(net, plan).kpis
    assert again.hard_violations == 0
    assert abs(again.total_cost_eur - result.run.objective_eur) < 1e-6 * poor
    cost = {c.key: c for c in outcome.vs_parent}["total_cost_eur"]
    assert cost.before is not None and abs(cost.before - result.run.objective_eur) < 0.5


def test_nothing_is_carried_back_when_the_parent_plan_is_as_good(team: Team) -> None:
    """Parent solved to optimality: no extra run is stored, the stability line is given."""
    from tools import solve_version

    solve_version(team.db, team.ann, "live", settings=FAST)
    live_hash = version_network(team.db, team.ann, "live", 1).content_hash()
    with team.db.session() as s:
        before = len(solve_runs_for(s, live_hash))
    outcome = what_if(team.db, team.ann, None, [NORTH_A_BIT], message="north +5%", settings=FAST)
    with team.db.session() as s:
        assert len(solve_runs_for(s, live_hash)) == before
    assert outcome.carried_back is None
    assert outcome.churn_share is not None and 0.0 <= outcome.churn_share <= 1.0
    assert outcome.stability is not None and "dispatches away from the edit" in outcome.stability
