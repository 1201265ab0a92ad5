"""Claims in the database: one holder per key across connections, expiry frees a key,
only the owner renews or releases."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from storage import ClaimRow, Database, claim_key, release_claim, renew_claim
from tests.scenario_fixtures import db, pg_db, pg_schema, sqlite_db  # noqa: F401


def _take(db: Database, key: str, owner: str, ttl_s: float = 60.0) -> bool:  # noqa: F811
    with db.write_session() as s:
        return claim_key(s, key, owner, ttl_s)


def test_of_racing_connections_exactly_one_takes_a_key(db: Database) -> None:  # noqa: F811
    """Eight connections (each its own engine, as separate server processes) race for one
    key: exactly one wins, and the row names the winner."""
    others = [Database(db.url, schema=db.schema, migrate=False) for _ in range(8)]
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            wins = list(pool.map(lambda i: _take(others[i], "thread:T1:C1:1.0", f"p{i}"), range(8)))
        assert wins.count(True) == 1
        with db.session() as s:
            row = s.exec(select(ClaimRow).where(ClaimRow.key == "thread:T1:C1:1.0")).one()
        assert row.owner == f"p{wins.index(True)}"
    finally:
        for other in others:
            other.dispose()


def test_an_expired_claim_is_taken_over_and_swept(db: Database) -> None:  # noqa: F811
    """A claim whose holder stopped renewing it frees its key when it expires; expired
    claims of other keys are deleted on the next claim."""
    assert _take(db, "a", "dead", ttl_s=0.2)
    assert _take(db, "b", "dead", ttl_s=0.2)
    assert not _take(db, "a", "alive")
    time.sleep(0.4)
    assert _take(db, "a", "alive")
    with db.session() as s:
        rows = {r.key: r.owner for r in s.exec(select(ClaimRow))}
    assert rows == {"a": "alive"}


def test_only_the_owner_renews_or_releases(db: Database) -> None:  # noqa: F811
    """Renewing keeps a claim past its first expiry; another owner can neither renew nor
    release it; after its release anyone can take the key."""
    assert _take(db, "k", "me", ttl_s=0.5)
    with db.write_session() as s:
        assert not renew_claim(s, "k", "you", 60)
        assert not release_claim(s, "k", "you")
        assert renew_claim(s, "k", "me", 60)
    time.sleep(0.7)
    assert not _take(db, "k", "you")  # renewed: still held
    with db.write_session() as s:
        assert release_claim(s, "k", "me")
        assert not release_claim(s, "k", "me")
    assert _take(db, "k", "you")


def test_a_claim_needs_a_sensible_life(sqlite_db: Database) -> None:  # noqa: F811
    """A zero, negative or absurd life is refused naming the field."""
    for ttl in (0.0, -1.0, 1e12):
        with pytest.raises(ValueError, match="ttl_s"):
            _take(sqlite_db, "x", "me", ttl_s=ttl)
