"""Actuals: what a week's execution did, stored per (week, table, row key) against a version.

``actual_row`` holds one source row of the actuals format (a dispatch, a delivery part,
trailers or drivers on a day, a disruption) as JSON, keyed by its ISO week, its table and
its row key, so importing the same row again replaces it instead of adding it twice. Every
row names the live version the week executed. ``actuals_import`` records each import:
who, when, from where, how many rows were added, updated or unchanged, and for simulated
weeks the simulator's seed and settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, func, select

from storage.models import utcnow

__all__ = [
    "ActualRow",
    "ActualsImportRow",
    "UpsertCounts",
    "actual_rows",
    "actual_weeks",
    "upsert_actual_rows",
    "week_version_id",
]


def _ts() -> Any:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False)


class ActualsImportRow(SQLModel, table=True):
    """One import of actuals for a week: provenance and what it changed."""

    __tablename__ = "actuals_import"

    id: int | None = Field(default=None, primary_key=True)
    week: str = Field(max_length=10, index=True)
    scenario_id: int = Field(foreign_key="scenario.id")
    version_id: int = Field(foreign_key="version.id", index=True)
    network_hash: str = Field(max_length=64)
    source: str = ""
    user_id: int = Field(foreign_key="user_account.id")
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    settings: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = _ts()


class ActualRow(SQLModel, table=True):
    """One source row of a week's actuals, replaced when the same key is imported again."""

    __tablename__ = "actual_row"
    __table_args__ = (
        UniqueConstraint("week", "table_name", "row_key", name="uq_actual_row_week_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    week: str = Field(max_length=10, index=True)
    table_name: str = Field(max_length=16)
    row_key: str = Field(max_length=255)
    version_id: int = Field(foreign_key="version.id")
    import_id: int = Field(foreign_key="actuals_import.id")
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = _ts()


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    """Rows new to the week, rows whose values changed, rows imported again unchanged."""

    added: int
    updated: int
    unchanged: int


def week_version_id(session: Session, week: str) -> int | None:
    """The version a week's stored actuals were executed against (None: nothing stored)."""
    stmt = select(ActualRow.version_id).where(ActualRow.week == week).limit(1)
    return session.exec(stmt).first()


def upsert_actual_rows(
    session: Session,
    *,
    week: str,
    version_id: int,
    import_id: int,
    rows: Iterable[tuple[str, str, dict[str, Any]]],
) -> UpsertCounts:
    """Insert or replace ``(table, row key, data)`` rows of a week; the caller commits."""
    existing = {
        (r.table_name, r.row_key): r
        for r in session.exec(select(ActualRow).where(ActualRow.week == week))
    }
    added = updated = unchanged = 0
    for table, key, data in rows:
        row = existing.get((table, key))
        if row is None:
            session.add(
                ActualRow(
                    week=week,
                    table_name=table,
                    row_key=key,
                    version_id=version_id,
                    import_id=import_id,
                    data=data,
                )
            )
            added += 1
        elif row.data == data:
            unchanged += 1
        else:
            row.data = data
            row.import_id = import_id
            row.updated_at = utcnow()
            session.add(row)
            updated += 1
    return UpsertCounts(added, updated, unchanged)


def actual_rows(session: Session, week: str) -> list[ActualRow]:
    """Every stored row of a week, by table and key."""
    stmt = (
        select(ActualRow)
        .where(ActualRow.week == week)
        .order_by(col(ActualRow.table_name), col(ActualRow.row_key))
    )
    return list(session.exec(stmt))


def actual_weeks(session: Session) -> list[tuple[str, int, int]]:
    """``(week, version id, rows)`` for every week with actuals, newest week first."""
    stmt = (
        select(ActualRow.week, func.min(ActualRow.version_id), func.count())
        .group_by(col(ActualRow.week))
        .order_by(col(ActualRow.week).desc())
    )
    return [(w, int(v), int(n)) for w, v, n in session.exec(stmt)]
