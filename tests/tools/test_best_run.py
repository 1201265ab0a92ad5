"""Never worse than what we know: reads and re-solves use the best stored plan of a network."""

from __future__ import annotations

from solver import Plan, SolveSettings, evaluate
from storage import put_solve_run
from tests.tools.conftest import Team
from tools import LIVE, get_version, solve_version, version_network, version_result
from tools.solving import settings_key


def _serve_nothing(network_hash: str, n_buckets: int, buckets_per_day: int) -> Plan:
    return Plan(network_hash=network_hash, n_buckets=n_buckets, buckets_per_day=buckets_per_day)


def test_best_stored_run_is_what_later_questions_see(team: Team) -> None:
    """A worse run stored later under other settings does not replace the better plan."""
    good = solve_version(team.db, team.ann, LIVE)
    assert good.objective_eur is not None
    version = get_version(team.db, team.ann, LIVE)
    net = version_network(team.db, team.ann, LIVE, version.n)
    worse = _serve_nothing(
        version.network_hash, net.calendar.n_buckets, net.calendar.buckets_per_day
    )
    worse_cost = evaluate(net, worse).kpis.total_cost_eur
    assert worse_cost > good.objective_eur
    with team.db.write_session() as s:
        put_solve_run(
            s,
            version.network_hash,
            settings_key(SolveSettings(mip_nodes=3)),
            status="feasible",
            objective=worse_cost,
            plan_json=worse.model_dump_json(),
        )
    seen = version_result(team.db, team.ann, LIVE)
    assert seen.run is not None and seen.run.objective_eur == good.objective_eur


def test_new_settings_start_from_the_best_known_plan(team: Team) -> None:
    """A solve under new settings is warm-started and never ends above the best known plan."""
    good = solve_version(team.db, team.ann, LIVE)
    assert good.objective_eur is not None
    again = solve_version(team.db, team.ann, LIVE, settings=SolveSettings(mip_nodes=2))
    assert not again.reused and again.warm_started
    assert again.objective_eur is not None
    assert again.objective_eur <= good.objective_eur + 1e-6
