"""Solve jobs: a solve requested over the API, its progress and outcome, kept in the database.

Any process can start, poll or cancel a job, so the API stays stateless over the database.
Status moves only forward (``queued`` → ``running`` → ``succeeded`` / ``failed``, or
``cancelled`` from either active state) through conditional updates, so a late worker
never overwrites a cancellation.

A running job names the process that runs it (host, boot, process id and start time), so
a server starting on the same machine knows at once whether that process still exists
(:func:`worker_gone`); workers on other machines are judged by their heartbeat.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, DateTime, update
from sqlmodel import Field, Session, SQLModel, col, select

from storage.models import utcnow

__all__ = [
    "ACTIVE_JOB_STATES",
    "JobState",
    "SolveJobRow",
    "active_job_for",
    "cancel_job",
    "finish_job",
    "list_jobs",
    "new_job",
    "set_job_progress",
    "start_job",
    "touch_job",
    "worker_gone",
    "worker_id",
]


class JobState(StrEnum):
    """Where a solve job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


ACTIVE_JOB_STATES: tuple[str, ...] = (JobState.QUEUED.value, JobState.RUNNING.value)
"""States from which a job can still change."""


def _ts(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=DateTime(timezone=True), nullable=True)
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


class SolveJobRow(SQLModel, table=True):
    """One requested solve of one version with given settings, and how it went."""

    __tablename__ = "solve_job"

    id: str = Field(primary_key=True, max_length=32)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    version_id: int = Field(foreign_key="version.id", index=True)
    n: int
    network_hash: str = Field(max_length=64)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    status: str = Field(default=JobState.QUEUED.value, index=True)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    progress: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    error: str = ""
    worker: str = Field(default="", max_length=255, sa_column_kwargs={"server_default": ""})
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    started_at: datetime | None = _ts(nullable=True)
    finished_at: datetime | None = _ts(nullable=True)


def new_job(
    session: Session,
    *,
    scenario_id: int,
    version_id: int,
    n: int,
    network_hash: str,
    user_id: int,
    settings: dict[str, Any],
) -> SolveJobRow:
    """Insert a queued job with a fresh random id (in the caller's transaction)."""
    row = SolveJobRow(
        id=uuid.uuid4().hex,
        scenario_id=scenario_id,
        version_id=version_id,
        n=n,
        network_hash=network_hash,
        user_id=user_id,
        settings=dict(settings),
    )
    session.add(row)
    session.flush()
    return row


def active_job_for(
    session: Session, version_id: int, settings: dict[str, Any]
) -> SolveJobRow | None:
    """A queued or running job of this version with exactly these settings, if any."""
    rows = session.exec(
        select(SolveJobRow)
        .where(SolveJobRow.version_id == version_id)
        .where(col(SolveJobRow.status).in_(ACTIVE_JOB_STATES))
        .order_by(col(SolveJobRow.created_at))
    )
    return next((r for r in rows if r.settings == settings), None)


def _transition(session: Session, job_id: str, allowed: tuple[str, ...], **values: Any) -> bool:
    stmt = (
        update(SolveJobRow)
        .where(col(SolveJobRow.id) == job_id)
        .where(col(SolveJobRow.status).in_(allowed))
        .values(updated_at=utcnow(), **values)
    )
    return bool(getattr(session.execute(stmt), "rowcount", 0) == 1)


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot), None if there is none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def worker_id() -> str:
    """This process as a job's worker: host, boot, process id and its start time."""
    pid = os.getpid()
    return f"{socket.gethostname()}|{_boot_id()}|{pid}|{_process_start(pid) or ''}"


def worker_gone(worker: str) -> bool:
    """True if ``worker`` ran on this machine since its last boot and has exited.

    False when it still runs, or when this cannot be known here (another machine, no
    ``/proc``): then only the job's heartbeat tells.
    """
    host, boot, pid, started = [*worker.split("|"), "", "", "", ""][:4]
    if not started or not pid.isdigit() or host != socket.gethostname():
        return False
    if not boot or boot != _boot_id():
        return False
    return _process_start(int(pid)) != started


def start_job(session: Session, job_id: str) -> bool:
    """Queued → running in this process; False if the job is no longer queued."""
    return _transition(
        session,
        job_id,
        (JobState.QUEUED.value,),
        status=JobState.RUNNING.value,
        started_at=utcnow(),
        worker=worker_id(),
    )


def set_job_progress(session: Session, job_id: str, progress: dict[str, Any]) -> bool:
    """Record the latest progress of a running job; False if it is not running any more."""
    return _transition(session, job_id, (JobState.RUNNING.value,), progress=progress)


def touch_job(session: Session, job_id: str) -> bool:
    """Show that the worker of a running job is alive (moves ``updated_at``)."""
    return _transition(session, job_id, (JobState.RUNNING.value,))


def finish_job(
    session: Session,
    job_id: str,
    status: JobState,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
) -> bool:
    """Active → ``status`` (succeeded, failed or cancelled); False if it had finished already."""
    return _transition(
        session,
        job_id,
        ACTIVE_JOB_STATES,
        status=status.value,
        result=result,
        error=error,
        finished_at=utcnow(),
    )


def cancel_job(session: Session, job_id: str, reason: str = "cancelled") -> bool:
    """Mark an active job cancelled (its result, if it still comes, is not recorded)."""
    return finish_job(session, job_id, JobState.CANCELLED, error=reason)


def list_jobs(
    session: Session,
    *,
    scenario_id: int | None = None,
    user_id: int | None = None,
    limit: int = 50,
) -> list[SolveJobRow]:
    """Jobs, newest first, optionally of one scenario and/or one user."""
    q = select(SolveJobRow)
    if scenario_id is not None:
        q = q.where(SolveJobRow.scenario_id == scenario_id)
    if user_id is not None:
        q = q.where(SolveJobRow.user_id == user_id)
    return list(session.exec(q.order_by(col(SolveJobRow.created_at).desc()).limit(limit)))
