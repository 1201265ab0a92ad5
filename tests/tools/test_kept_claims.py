"""Long work holds a short claim by renewing it: alive, nobody takes it over; dead (no
more renewals), the claim lapses within its lifetime and another process takes over."""

from __future__ import annotations

import time

from storage import Database
from tests.scenario_fixtures import db, pg_db, pg_schema, sqlite_db  # noqa: F401
from tools.claims import hold_key, kept_key, release_key


def test_a_kept_claim_outlives_its_lifetime_while_the_work_runs(db: Database) -> None:  # noqa: F811
    """Held for 0.6 s but kept for 1.5 s of work: another owner cannot take it meanwhile."""
    assert hold_key(db, "work", "worker-a", ttl_s=0.6)
    with kept_key(db, "work", "worker-a", ttl_s=0.6):
        time.sleep(1.5)
        assert not hold_key(db, "work", "worker-b", ttl_s=0.6)
    assert release_key(db, "work", "worker-a")
    assert hold_key(db, "work", "worker-b", ttl_s=0.6)


def test_a_claim_no_longer_kept_lapses_and_is_taken_over(db: Database) -> None:  # noqa: F811
    """Work whose process stopped renewing (here: the block ended without a release) frees
    the key once its lifetime passes."""
    assert hold_key(db, "work", "worker-a", ttl_s=0.5)
    with kept_key(db, "work", "worker-a", ttl_s=0.5):
        pass
    assert not hold_key(db, "work", "worker-b", ttl_s=0.5)
    time.sleep(0.7)
    assert hold_key(db, "work", "worker-b", ttl_s=0.5)
