"""Short-lived claims on a key, shared by every process over the database.

A claim is a row with a unique key, an owner and an expiry. Taking one is a single
insert-or-conflict statement, so of several processes (``--workers``, several machines)
racing for the same key exactly one wins; an expired claim is taken over by the same
statement, so a process that died never blocks a key for longer than the claim's life.
The chat channels use claims to take each delivery of a chat platform once (retries and
replays) and to answer one question at a time per thread.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, col

from storage.models import utcnow

__all__ = ["ClaimRow", "claim_key", "release_claim", "renew_claim"]


def _ts(index: bool = False) -> Any:
    return Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), nullable=False, index=index
    )


class ClaimRow(SQLModel, table=True):
    """A key held by one owner until ``expires_at`` (then anyone may take it)."""

    __tablename__ = "claim"

    key: str = Field(primary_key=True, max_length=255)
    owner: str = Field(max_length=64)
    expires_at: datetime = _ts(index=True)
    created_at: datetime = _ts()


def claim_key(session: Session, key: str, owner: str, ttl_s: float) -> bool:
    """Take ``key`` for ``owner`` for ``ttl_s`` seconds; False if someone else holds it.

    Expired claims are taken over (and all other expired claims are swept) in the same
    transaction. Runs in the caller's transaction: commit it to make the claim visible.
    """
    if not 0 < ttl_s <= 7 * 86400:
        raise ValueError(f"ttl_s: {ttl_s} is not within (0, 7 days]")
    now = utcnow()
    values = {"key": key, "owner": owner, "expires_at": now + timedelta(seconds=ttl_s)}
    dialect = session.get_bind().dialect.name
    table = ClaimRow.__table__  # type: ignore[attr-defined]
    if dialect == "postgresql":
        pg = postgresql.insert(table).values(created_at=now, **values)
        stmt: Any = pg.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"owner": pg.excluded.owner, "expires_at": pg.excluded.expires_at},
            where=table.c.expires_at <= now,
        )
    elif dialect == "sqlite":
        lite = sqlite.insert(table).values(created_at=now, **values)
        stmt = lite.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"owner": lite.excluded.owner, "expires_at": lite.excluded.expires_at},
            where=table.c.expires_at <= now,
        )
    else:
        raise NotImplementedError(f"claims need SQLite or PostgreSQL, not {dialect}")
    taken = session.execute(stmt.returning(table.c.key)).first() is not None
    session.execute(delete(ClaimRow).where(col(ClaimRow.expires_at) <= now))
    return bool(taken)


def renew_claim(session: Session, key: str, owner: str, ttl_s: float) -> bool:
    """Extend a claim ``owner`` still holds by ``ttl_s`` seconds from now; False if lost."""
    now = utcnow()
    stmt = (
        update(ClaimRow)
        .where(col(ClaimRow.key) == key)
        .where(col(ClaimRow.owner) == owner)
        .where(col(ClaimRow.expires_at) > now)
        .values(expires_at=now + timedelta(seconds=ttl_s))
    )
    return bool(getattr(session.execute(stmt), "rowcount", 0) == 1)


def release_claim(session: Session, key: str, owner: str) -> bool:
    """Give a claim up (only its owner can); False if it was not held by ``owner``."""
    stmt = delete(ClaimRow).where(col(ClaimRow.key) == key).where(col(ClaimRow.owner) == owner)
    return bool(getattr(session.execute(stmt), "rowcount", 0) == 1)
