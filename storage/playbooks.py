"""Contingency playbooks: a pre-solved response to losing a critical hub or lane.

A ``playbook`` row names the contingency (``key``: the element and the days it is down),
the edits that state it, the live version it was solved against, the network those edits
give (``network_hash``: a question whose edits give the same network is this
contingency), the scenario version holding the response, and the answer prepared for it
(``outcome``, the what-if answer as JSON). One row per (live version, key): when live
moves on, new rows are written and the old ones stay as history, marked superseded
(``superseded_at``, and ``superseded_by_id`` the row that took their role, if any).

A ``playbook_attempt`` row is the latest refresh of one contingency: which live version it
was for, whether it is under way, solved or failed, and why it failed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import utcnow

__all__ = ["PlaybookAttemptRow", "PlaybookAttemptState", "PlaybookRow"]


class PlaybookRow(SQLModel, table=True):
    """The response to one contingency, pre-solved against one live version."""

    __tablename__ = "playbook"
    __table_args__ = (UniqueConstraint("live_version_id", "key", name="uq_playbook_live_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255)
    title: str = Field(default="", max_length=255)
    element_kind: str = Field(max_length=8)
    element_id: str = Field(max_length=255)
    edits: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    live_version_id: int = Field(foreign_key="version.id", index=True)
    network_hash: str = Field(max_length=64, index=True)
    scenario_id: int = Field(foreign_key="scenario.id")
    n: int
    outcome: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    solve_s: float = 0.0
    solved_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False
    )
    superseded_at: datetime | None = Field(
        default=None, sa_type=DateTime(timezone=True), nullable=True
    )
    superseded_by_id: int | None = Field(default=None, foreign_key="playbook.id")


class PlaybookAttemptState:
    """Where the latest refresh of a contingency is."""

    REFRESHING = "refreshing"
    SOLVED = "solved"
    FAILED = "failed"


class PlaybookAttemptRow(SQLModel, table=True):
    """The latest refresh of one contingency: for which live version, and how it went."""

    __tablename__ = "playbook_attempt"

    key: str = Field(primary_key=True, max_length=255)
    title: str = Field(default="", max_length=255)
    element_kind: str = Field(max_length=8)
    element_id: str = Field(max_length=255)
    live_version_id: int = Field(foreign_key="version.id")
    state: str = Field(default=PlaybookAttemptState.REFRESHING, max_length=16)
    reason: str = ""
    playbook_id: int | None = Field(default=None, foreign_key="playbook.id")
    started_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False
    )
    finished_at: datetime | None = Field(
        default=None, sa_type=DateTime(timezone=True), nullable=True
    )
