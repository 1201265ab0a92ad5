"""What-if analytics use cases on the tiny network: stress, frontier, explain, critical elements.

Live v1 is solved once per test; numbers are re-derived from the stored plan with the
solver functions the use cases wrap, and the executor backends (process pool, Dask's
in-process client) must give identical reports.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from distributed import Client

from solver import SolveSettings, StressSpec, explain_plan, stress_plan
from tests.tools.conftest import Team
from tools import (
    DaskExecutorBackend,
    InvalidRequest,
    ProcessPoolExecutorBackend,
    TaskOutcome,
    critical_elements,
    explain,
    frontier,
    get_scenario,
    solve_version,
    stress_test,
    version_plan,
)

QUICK = SolveSettings(time_limit_s=5.0, relative_gap=0.001)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Client]:
    client = Client(processes=False, dashboard_address=None)  # type: ignore[no-untyped-call]
    yield client
    client.close()  # type: ignore[no-untyped-call]


def solved_live(team: Team) -> int:
    live = get_scenario(team.db, team.ann, "live").id
    solve_version(team.db, team.ann, live, settings=QUICK)
    return live


def test_unsolved_versions_are_refused(team: Team) -> None:
    """Stress, frontier and explain need the version's plan: a clear error without it."""
    live = get_scenario(team.db, team.ann, "live").id
    for call in (
        lambda: stress_test(team.db, team.ann, live),
        lambda: frontier(team.db, team.ann, live),
        lambda: explain(team.db, team.ann, live),
    ):
        with pytest.raises(InvalidRequest, match="not solved"):
            call()


def test_stress_test_reads_the_stored_plan_and_checks_its_input(team: Team) -> None:
    """The use case equals the solver's stress test of the stored plan; bad regions refused."""
    live = solved_live(team)
    report = stress_test(team.db, team.ann, live, factor=1.5, regions=["north"])
    network, plan = version_plan(team.db, team.ann, live)
    assert plan is not None
    assert report == stress_plan(network, plan, StressSpec(factor=1.5, regions=("north",)))
    assert report.scenario.demand_t > report.base.demand_t
    assert "north" in report.text
    with pytest.raises(InvalidRequest, match="region 'atlantis'"):
        stress_test(team.db, team.ann, live, regions=["atlantis"])
    with pytest.raises(InvalidRequest, match="factor"):
        stress_test(team.db, team.ann, live, factor=-1.0)


def test_stress_draws_are_identical_on_pool_and_dask(team: Team, dask_client: Client) -> None:
    """20 seeded draws in 3 batches: same report from a process pool and from Dask."""
    live = solved_live(team)
    done: list[TaskOutcome[object]] = []
    pooled = stress_test(
        team.db,
        team.ann,
        live,
        factor=1.1,
        draws=20,
        sigma=0.25,
        seed=5,
        executor=ProcessPoolExecutorBackend(max_workers=2),
        on_done=done.append,
    )
    dasked = stress_test(
        team.db,
        team.ann,
        live,
        factor=1.1,
        draws=20,
        sigma=0.25,
        seed=5,
        executor=DaskExecutorBackend(dask_client),
    )
    assert pooled == dasked
    assert len(done) == 3 and all(o.ok for o in done)
    assert len(pooled.draws) == 20 and pooled.failed == ()
    assert "20 random draws" in pooled.text


def test_frontier_points_are_solved_on_the_executor(team: Team, dask_client: Client) -> None:
    """Three targets on Dask: cost never falls as the target rises; 95% is out of reach.

    Strasbourg's 20 t of 190 t can never leave (its only lane is own fleet with no way
    back for the trailers), so 89.5% is the most on time: 95% is marked unmet.
    """
    live = solved_live(team)
    f = frontier(
        team.db,
        team.ann,
        live,
        targets=[0.95, 0.85, 0.8],
        settings=QUICK,
        executor=DaskExecutorBackend(dask_client),
    )
    assert [p.target for p in f.points] == [0.8, 0.85, 0.95]
    assert [p.met for p in f.points] == [True, True, False]
    assert all(p.service_level >= p.target - 1e-6 for p in f.points[:2])
    assert f.points[2].service_level < 0.95
    assert f.points[0].cost_eur <= f.points[1].cost_eur
    assert "Not reached by any plan: 95%" in f.text
    with pytest.raises(InvalidRequest, match="not a share"):
        frontier(team.db, team.ann, live, targets=[2.0])


def test_explain_matches_the_solver_on_the_stored_plan(team: Team) -> None:
    """The explanation is the solver's for the stored plan, with a paragraph naming service."""
    live = solved_live(team)
    ex = explain(team.db, team.ann, live, top=3)
    network, plan = version_plan(team.db, team.ann, live)
    assert plan is not None
    assert ex == explain_plan(network, plan, top=3, verify=8)
    assert ex.text.startswith("On-time service is")
    with pytest.raises(InvalidRequest, match="top"):
        explain(team.db, team.ann, live, top=0)


def test_critical_elements_are_reranked_by_a_quick_resolve(team: Team, dask_client: Client) -> None:
    """The first two candidates carry the cost of re-solving without them, highest first."""
    live = solved_live(team)
    ranked = critical_elements(
        team.db,
        team.ann,
        live,
        top=3,
        resolve_top=2,
        settings=QUICK,
        executor=DaskExecutorBackend(dask_client),
    )
    checked = [e for e in ranked if e.cost_without_eur is not None]
    assert len(checked) == 2 and ranked[:2] == tuple(checked)
    assert checked[0].cost_without_eur >= checked[1].cost_without_eur  # type: ignore[operator]
    assert all(e.cost_without_eur is None for e in ranked[2:])
