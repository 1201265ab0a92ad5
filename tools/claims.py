"""Guards that hold across server processes: a delivery taken once, one holder of a key.

Both are claims in the database (:mod:`storage.claims`): a unique key with an owner and
an expiry, taken with one insert-or-conflict statement. ``first_delivery`` remembers a
key (a chat platform's event id, a request signature) for a while, so a retry or replay
reaching any process is recognised; ``hold_key`` / ``renew_key`` / ``release_key`` give a key to one
holder at a time (one question at a time per chat thread), and a holder that died frees
it when its claim expires.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from storage import Database, claim_key, release_claim, renew_claim

__all__ = ["first_delivery", "hold_key", "kept_key", "release_key", "renew_key"]

log = logging.getLogger(__name__)

_DELIVERY_OWNER = "delivery"


def first_delivery(db: Database, key: str, *, remember_s: float) -> bool:
    """True the first time ``key`` arrives within ``remember_s`` seconds, in any process."""
    with db.write_session() as s:
        return claim_key(s, key, _DELIVERY_OWNER, remember_s)


def hold_key(db: Database, key: str, owner: str, *, ttl_s: float) -> bool:
    """Hold ``key`` as ``owner`` for ``ttl_s`` seconds; False if another owner holds it."""
    with db.write_session() as s:
        return claim_key(s, key, owner, ttl_s)


def renew_key(db: Database, key: str, owner: str, *, ttl_s: float) -> bool:
    """Keep holding ``key`` for ``ttl_s`` seconds more; False if the claim was lost."""
    with db.write_session() as s:
        return renew_claim(s, key, owner, ttl_s)


def release_key(db: Database, key: str, owner: str) -> bool:
    """Let go of ``key``; False if ``owner`` did not hold it (any more)."""
    with db.write_session() as s:
        return release_claim(s, key, owner)


@contextmanager
def kept_key(db: Database, key: str, owner: str, *, ttl_s: float) -> Iterator[None]:
    """Renew ``owner``'s claim on ``key`` every third of ``ttl_s`` while the block runs.

    Long work can then hold a short claim: if its process dies, the claim lapses within
    ``ttl_s`` and another process may take the work over. The key must be held already;
    it is not released here.
    """
    stopped = threading.Event()

    def renew() -> None:
        while not stopped.wait(ttl_s / 3):
            try:
                if not renew_key(db, key, owner, ttl_s=ttl_s):
                    log.warning("claim %s was lost while its work ran", key)
                    return
            except Exception:  # a busy database must not end the work; try again later
                log.warning("could not renew claim %s", key, exc_info=True)

    thread = threading.Thread(target=renew, name=f"lanewise-claim-{key}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join()
