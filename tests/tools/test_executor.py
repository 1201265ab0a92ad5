"""Sweep executor: process pool and Dask give the same outcomes, in order, failures kept."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from distributed import Client

from tools.executor import (
    DaskExecutorBackend,
    ProcessPoolExecutorBackend,
    TaskOutcome,
    default_executor,
)


def lp_optimum(k: int) -> float:
    """Maximise 3x + 2y subject to x + y <= k and x <= k/2 with GLOP; optimum is 2.5 k."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    x = solver.NumVar(0, solver.infinity(), "x")
    y = solver.NumVar(0, solver.infinity(), "y")
    solver.Add(x + y <= k)
    solver.Add(x <= k / 2)
    solver.Maximize(3 * x + 2 * y)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError(f"LP for k={k} not optimal")
    return float(solver.Objective().Value())


def reject_three(k: int) -> int:
    """Square an item, refusing 3."""
    if k == 3:
        raise ValueError(f"item {k} is not allowed")
    return k * k


def exit_on_zero(k: int) -> int:
    """Kill the worker process on item 0 (a native crash, as far as the pool can tell)."""
    if k == 0:
        os._exit(13)
    return k


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Client]:
    client = Client(processes=False, dashboard_address=None)  # type: ignore[no-untyped-call]
    yield client
    client.close()  # type: ignore[no-untyped-call]


def scheduler_address(client: Client) -> str:
    scheduler = client.scheduler
    assert scheduler is not None
    return str(scheduler.address)


@pytest.fixture(params=["pool", "dask"])
def backend(
    request: pytest.FixtureRequest, dask_client: Client
) -> ProcessPoolExecutorBackend | DaskExecutorBackend:
    if request.param == "pool":
        return ProcessPoolExecutorBackend(max_workers=2)
    return DaskExecutorBackend(dask_client)


def test_pool_and_dask_give_identical_results(dask_client: Client) -> None:
    """The same OR-Tools LP per item gives exactly the same outcomes on both backends, each
    equal to the closed-form optimum 2.5 k."""
    items = [1, 4, 7, 10, 2]
    with ProcessPoolExecutorBackend(max_workers=2) as pool:
        pooled = pool.map(lp_optimum, items)
    dasked = DaskExecutorBackend(dask_client).map(lp_optimum, items)
    assert [o.result for o in pooled] == [o.result for o in dasked]
    assert [o.result for o in pooled] == pytest.approx([2.5 * k for k in items])
    assert all(o.ok for o in pooled + dasked)
    assert [o.index for o in pooled] == [o.index for o in dasked] == list(range(len(items)))


def test_a_failing_task_is_reported_and_the_others_kept(
    backend: ProcessPoolExecutorBackend | DaskExecutorBackend,
) -> None:
    """Item 3 raises: its outcome carries the exception type, message and traceback; every
    other item has its result."""
    outcomes = backend.map(reject_three, [1, 2, 3, 4, 5])
    assert [o.ok for o in outcomes] == [True, True, False, True, True]
    assert [o.result for o in outcomes] == [1, 4, None, 16, 25]
    error = outcomes[2].error
    assert error is not None
    assert (error.type, error.message) == ("ValueError", "item 3 is not allowed")
    assert "in reject_three" in error.traceback
    assert str(error) == "ValueError: item 3 is not allowed"


def test_order_is_preserved_and_progress_reported_once_per_task(
    backend: ProcessPoolExecutorBackend | DaskExecutorBackend,
) -> None:
    """Outcomes come back in input order whatever the completion order, and on_done sees each
    task exactly once, with the same outcome map returns."""
    seen: list[TaskOutcome[int]] = []
    items = list(range(12))
    outcomes = backend.map(reject_three, items, on_done=seen.append)
    assert [o.index for o in outcomes] == items
    assert [o.result for o in outcomes if o.ok] == [k * k for k in items if k != 3]
    assert sorted(o.index for o in seen) == items
    assert sorted(seen, key=lambda o: o.index) == outcomes
    assert all(o.seconds >= 0 for o in outcomes)


def test_empty_batch_and_unpicklable_function(
    backend: ProcessPoolExecutorBackend | DaskExecutorBackend,
) -> None:
    """No items give no outcomes; a lambda is refused up front with a clear error."""
    assert backend.map(reject_three, []) == []
    with pytest.raises(TypeError, match="module level"):
        backend.map(lambda k: k, [1])


def test_a_crashed_worker_fails_its_tasks_without_aborting_the_batch() -> None:
    """A worker that dies takes its task (and any unfinished ones) down with BrokenProcessPool;
    map still returns one outcome per item."""
    outcomes = ProcessPoolExecutorBackend(max_workers=1).map(exit_on_zero, [0, 1, 2])
    assert len(outcomes) == 3
    assert outcomes[0].error is not None
    assert outcomes[0].error.type.endswith("BrokenProcessPool")
    assert all(o.result == o.index or o.error is not None for o in outcomes)


def test_default_executor_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, dask_client: Client
) -> None:
    """Without DASK_SCHEDULER_ADDRESS the default is a process pool sized to the CPUs; with it,
    a Dask backend connected to that scheduler, which runs tasks there."""
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    pool = default_executor()
    assert isinstance(pool, ProcessPoolExecutorBackend)
    assert pool.max_workers == (os.cpu_count() or 1)
    assert pool.start_method in ("forkserver", "spawn")
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", scheduler_address(dask_client))
    with default_executor() as executor:
        assert isinstance(executor, DaskExecutorBackend)
        assert scheduler_address(executor.client) == scheduler_address(dask_client)
        assert [o.result for o in executor.map(reject_three, [2, 5])] == [4, 25]


def test_bad_configuration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Zero workers, an unknown start method, or Dask without a scheduler are errors that
    name the setting."""
    with pytest.raises(ValueError, match="max_workers"):
        ProcessPoolExecutorBackend(max_workers=0)
    with pytest.raises(ValueError, match="start_method"):
        ProcessPoolExecutorBackend(start_method="fork")  # type: ignore[arg-type]
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    with pytest.raises(ValueError, match="DASK_SCHEDULER_ADDRESS"):
        DaskExecutorBackend()
