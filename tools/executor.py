"""One interface for running many independent tasks: frontier points, stress draws, scenarios.

:func:`default_executor` gives a local process pool, or a Dask distributed cluster when
``DASK_SCHEDULER_ADDRESS`` is set. Either way ``map(fn, items)`` returns one
:class:`TaskOutcome` per item, in input order, and calls ``on_done`` as each task finishes
(in completion order) so a CLI or UI can show progress. A task that raises is reported with
its exception type, message and traceback; the other tasks are kept. ``fn`` must be a
module-level (picklable) function: workers import it by name.

Examples
--------
>>> from math import sqrt
>>> with ProcessPoolExecutorBackend(max_workers=2) as executor:
...     outcomes = executor.map(sqrt, [4.0, -1.0, 9.0])
>>> [o.result for o in outcomes]
[2.0, None, 3.0]
>>> outcomes[1].error.type, outcomes[1].error.message
('ValueError', 'math domain error')
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, Self, TypeVar

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")

DASK_ADDRESS_ENV = "DASK_SCHEDULER_ADDRESS"
"""Environment variable naming a Dask scheduler; when set, the default executor uses it."""

StartMethod = Literal["forkserver", "spawn"]


@dataclass(frozen=True, slots=True)
class TaskError:
    """Why a task failed: the exception's type name, its message and the traceback text."""

    type: str
    message: str
    traceback: str

    def __str__(self) -> str:
        return f"{self.type}: {self.message}" if self.message else self.type


@dataclass(frozen=True, slots=True)
class TaskOutcome(Generic[R]):
    """The result of one task: its input position, result or error, and run time in seconds.

    ``seconds`` is the time ``fn`` ran in the worker; for a task lost with its worker it is
    the time from submission until the loss was noticed.
    """

    index: int
    result: R | None
    error: TaskError | None
    seconds: float

    @property
    def ok(self) -> bool:
        """Whether the task finished without an exception."""
        return self.error is None


OnDone = Callable[[TaskOutcome[Any]], None]


class Executor(Protocol):
    """Runs ``fn`` over ``items`` independently and reports every task's outcome."""

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        *,
        on_done: Callable[[TaskOutcome[R]], None] | None = None,
    ) -> list[TaskOutcome[R]]:
        """One outcome per item, in input order; ``on_done`` is called as each finishes."""
        ...

    def close(self) -> None:
        """Release workers or connections the executor holds."""
        ...


def _type_name(exc: BaseException) -> str:
    cls = type(exc)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def _error_of(exc: BaseException) -> TaskError:
    text = "".join(traceback.format_exception(exc))
    return TaskError(type=_type_name(exc), message=str(exc), traceback=text)


def run_task(fn: Callable[[T], R], index: int, item: T) -> TaskOutcome[R]:
    """Run one task in a worker, turning an exception into a failed :class:`TaskOutcome`."""
    start = time.perf_counter()
    try:
        result = fn(item)
    except Exception as exc:  # a failed task is reported, never raised: the batch goes on
        return TaskOutcome(index, None, _error_of(exc), time.perf_counter() - start)
    return TaskOutcome(index, result, None, time.perf_counter() - start)


def _check_picklable(fn: Callable[..., Any]) -> None:
    try:
        pickle.dumps(fn)
    except Exception as exc:
        name = getattr(fn, "__qualname__", repr(fn))
        raise TypeError(
            f"fn: {name} cannot be sent to worker processes ({exc}); "
            "use a function defined at module level"
        ) from None


def _lost(index: int, submitted: float, exc: BaseException) -> TaskOutcome[Any]:
    """Outcome of a task whose worker failed outside ``fn`` (crash, unpicklable data)."""
    return TaskOutcome(index, None, _error_of(exc), time.perf_counter() - submitted)


def _finish(
    outcome: TaskOutcome[R],
    outcomes: list[TaskOutcome[R] | None],
    on_done: Callable[[TaskOutcome[R]], None] | None,
) -> None:
    outcomes[outcome.index] = outcome
    if on_done is not None:
        on_done(outcome)


def _in_order(outcomes: list[TaskOutcome[R] | None]) -> list[TaskOutcome[R]]:
    missing = [i for i, o in enumerate(outcomes) if o is None]
    if missing:
        raise RuntimeError(f"tasks {missing} finished without an outcome")
    return [o for o in outcomes if o is not None]


class _Closing:
    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ProcessPoolExecutorBackend(_Closing):
    """Runs tasks on a local :class:`concurrent.futures.ProcessPoolExecutor`.

    Workers start with ``forkserver`` (or ``spawn`` where that is missing), never ``fork``:
    forking a process that holds solver threads can deadlock. Each :meth:`map` starts a
    fresh pool of ``min(max_workers, len(items))`` workers and shuts it down afterwards. If
    a worker dies (e.g. a native crash), the tasks that had not finished are reported failed
    with ``BrokenProcessPool`` and the finished ones are kept.

    Parameters
    ----------
    max_workers
        Worker processes; defaults to ``os.cpu_count()``.
    start_method
        ``"forkserver"`` or ``"spawn"``; defaults to ``forkserver`` where available.
    """

    def __init__(
        self, max_workers: int | None = None, *, start_method: StartMethod | None = None
    ) -> None:
        workers = max_workers if max_workers is not None else (os.cpu_count() or 1)
        if workers < 1:
            raise ValueError(f"max_workers: must be at least 1, got {max_workers}")
        available = multiprocessing.get_all_start_methods()
        method = start_method or ("forkserver" if "forkserver" in available else "spawn")
        if method not in ("forkserver", "spawn") or method not in available:
            raise ValueError(
                f"start_method: {method!r} is not available here; "
                f"use one of {[m for m in available if m in ('forkserver', 'spawn')]}"
            )
        self.max_workers = workers
        self.start_method: StartMethod = method

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        *,
        on_done: Callable[[TaskOutcome[R]], None] | None = None,
    ) -> list[TaskOutcome[R]]:
        """Run ``fn`` on every item in worker processes; see :class:`Executor`."""
        _check_picklable(fn)
        work = list(items)
        if not work:
            return []
        outcomes: list[TaskOutcome[R] | None] = [None] * len(work)
        context = multiprocessing.get_context(self.start_method)
        with ProcessPoolExecutor(min(self.max_workers, len(work)), mp_context=context) as pool:
            submitted: dict[Future[TaskOutcome[R]], tuple[int, float]] = {}
            for i, item in enumerate(work):
                submitted[pool.submit(run_task, fn, i, item)] = (i, time.perf_counter())
            for future in as_completed(submitted):
                index, started = submitted[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker, not fn, failed: report this task
                    outcome = _lost(index, started, exc)
                _finish(outcome, outcomes, on_done)
        return _in_order(outcomes)


class DaskExecutorBackend(_Closing):
    """Runs tasks on a Dask distributed cluster.

    Give a connected ``client`` (e.g. ``Client(processes=False)`` in tests; it is not closed
    here) or a scheduler ``address``; with neither, ``DASK_SCHEDULER_ADDRESS`` is used. A
    client this backend opened is closed by :meth:`close`.

    Raises
    ------
    ValueError
        If both or neither of ``client`` and an address are available.
    """

    def __init__(self, client: Client | None = None, *, address: str | None = None) -> None:
        if client is not None and address is not None:
            raise ValueError("give either client or address, not both")
        self._owns_client = client is None
        if client is None:
            address = address or os.environ.get(DASK_ADDRESS_ENV, "").strip()
            if not address:
                raise ValueError(
                    f"address: no Dask scheduler given; pass client or address, "
                    f"or set {DASK_ADDRESS_ENV}"
                )
            from distributed import Client

            client = Client(address)  # type: ignore[no-untyped-call]
        self.client = client

    def map(
        self,
        fn: Callable[[T], R],
        items: Iterable[T],
        *,
        on_done: Callable[[TaskOutcome[R]], None] | None = None,
    ) -> list[TaskOutcome[R]]:
        """Run ``fn`` on every item on the cluster's workers; see :class:`Executor`."""
        from distributed import as_completed as dask_completed

        _check_picklable(fn)
        work = list(items)
        if not work:
            return []
        outcomes: list[TaskOutcome[R] | None] = [None] * len(work)
        submitted: dict[Any, tuple[int, float]] = {}
        futures = []
        for i, item in enumerate(work):
            future = self.client.submit(run_task, fn, i, item, pure=False)
            submitted[future.key] = (i, time.perf_counter())
            futures.append(future)
        for future in dask_completed(futures):  # type: ignore[no-untyped-call]
            index, started = submitted[future.key]
            try:
                outcome = future.result()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # worker lost or data not serialisable
                outcome = _lost(index, started, exc)
            _finish(outcome, outcomes, on_done)
        return _in_order(outcomes)

    def close(self) -> None:
        """Close the client if this backend opened it."""
        if self._owns_client:
            self.client.close()  # type: ignore[no-untyped-call]


def default_executor(
    *, max_workers: int | None = None
) -> ProcessPoolExecutorBackend | DaskExecutorBackend:
    """The executor the environment asks for.

    A :class:`DaskExecutorBackend` connected to ``DASK_SCHEDULER_ADDRESS`` when that is set,
    otherwise a :class:`ProcessPoolExecutorBackend` with ``max_workers`` (default: the
    number of CPUs). Use it as a context manager so a Dask client is closed afterwards.
    """
    address = os.environ.get(DASK_ADDRESS_ENV, "").strip()
    if address:
        return DaskExecutorBackend(address=address)
    return ProcessPoolExecutorBackend(max_workers)
