"""Alerts raised by the watcher, and the watcher's schedule, kept in the database.

An ``alert`` row is one occurrence of a condition (a hub projected out of balance on a
day, service at risk, a hard violation of live's plan). While the condition holds, the row
carries the condition's key in ``open_key``, which is unique: of several processes raising
the same condition at once exactly one insert succeeds, so a condition is alerted once
until it clears. Clearing sets ``open_key`` to NULL (many cleared rows may share a key),
so the same condition arising again later is a new alert.

``watch_state`` is the schedule: per watched thing (``live``) the fingerprint of the
inputs last evaluated (actuals imports, live's head) and when it is next due, so any
process can tell whether there is something new to evaluate.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from storage.models import utcnow

__all__ = [
    "AlertRow",
    "AlertStatus",
    "WatchStateRow",
    "acknowledge_alert_row",
    "clear_alert_row",
    "insert_alert",
    "open_alerts",
]


class AlertStatus:
    """Where an alert is: raised, seen by someone, or cleared (the condition went away)."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLEARED = "cleared"


def _ts(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=DateTime(timezone=True), nullable=True)
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


class AlertRow(SQLModel, table=True):
    """One occurrence of a watched condition, from raised to cleared."""

    __tablename__ = "alert"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=255, index=True)
    open_key: str | None = Field(default=None, max_length=255, unique=True)
    kind: str = Field(max_length=32, index=True)
    week: str = Field(default="", max_length=10)
    subject: str = Field(default="", max_length=255)
    message: str = ""
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=AlertStatus.OPEN, max_length=16, index=True)
    version_id: int | None = Field(default=None, foreign_key="version.id")
    fix_scenario_id: int | None = Field(default=None, foreign_key="scenario.id")
    fix_n: int | None = None
    notified: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    acknowledged_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    acknowledged_at: datetime | None = _ts(nullable=True)
    raised_at: datetime = _ts()
    seen_at: datetime = _ts()
    cleared_at: datetime | None = _ts(nullable=True)


class WatchStateRow(SQLModel, table=True):
    """What the watcher last evaluated and when it is next due."""

    __tablename__ = "watch_state"

    name: str = Field(primary_key=True, max_length=64)
    inputs: str = Field(default="", max_length=255)
    evaluated_at: datetime | None = _ts(nullable=True)
    next_due_at: datetime | None = _ts(nullable=True)
    evaluated_by: str = Field(default="", max_length=255)
    outcome: str = ""


def open_alerts(session: Session) -> list[AlertRow]:
    """Alerts whose condition still holds (open or acknowledged), oldest first."""
    stmt = select(AlertRow).where(col(AlertRow.open_key).is_not(None)).order_by(col(AlertRow.id))
    return list(session.exec(stmt))


def insert_alert(session: Session, row: AlertRow) -> bool:
    """Raise ``row`` (its ``open_key`` set); False when the condition is already alerted.

    Runs in a savepoint, so a lost race leaves the caller's transaction usable.
    """
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def clear_alert_row(session: Session, alert_id: int) -> bool:
    """Mark an alert cleared (its condition went away); False if it was cleared already."""
    stmt = (
        update(AlertRow)
        .where(col(AlertRow.id) == alert_id)
        .where(col(AlertRow.open_key).is_not(None))
        .values(open_key=None, status=AlertStatus.CLEARED, cleared_at=utcnow())
    )
    return bool(getattr(session.execute(stmt), "rowcount", 0) == 1)


def acknowledge_alert_row(session: Session, alert_id: int, user_id: int) -> bool:
    """Mark an open alert acknowledged by ``user_id``; False if it was not open."""
    stmt = (
        update(AlertRow)
        .where(col(AlertRow.id) == alert_id)
        .where(col(AlertRow.status) == AlertStatus.OPEN)
        .values(
            status=AlertStatus.ACKNOWLEDGED, acknowledged_by_id=user_id, acknowledged_at=utcnow()
        )
    )
    return bool(getattr(session.execute(stmt), "rowcount", 0) == 1)
