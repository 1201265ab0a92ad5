"""Use cases shared by every channel: scenarios, solves, evaluation, analytics, import/export."""

from tools.executor import (
    DaskExecutorBackend,
    Executor,
    ProcessPoolExecutorBackend,
    TaskError,
    TaskOutcome,
    default_executor,
)

__all__ = [
    "DaskExecutorBackend",
    "Executor",
    "ProcessPoolExecutorBackend",
    "TaskError",
    "TaskOutcome",
    "default_executor",
]
