"""Fixtures for the assistant: a fresh database with a small demo network as live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.interpreter.vocabulary import Vocabulary
from tools import (
    Database,
    SolveSettings,
    UserRef,
    bootstrap_admin,
    create_live,
    create_user,
    demo_network,
    user_ref,
)
from tools.continuation import stop_background_solves

FAST = SolveSettings(time_limit_s=3.0, relative_gap=0.02)
"""Solver settings that keep assistant tests to seconds on the small demo."""


class World:
    """A database with live = the 8-hub demo, an admin, a planner and a viewer."""

    def __init__(self, db: Database, admin: UserRef, planner: UserRef, viewer: UserRef) -> None:
        self.db, self.admin, self.planner, self.viewer = db, admin, planner, viewer


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """Fresh SQLite database per test."""
    db = Database(f"sqlite:///{tmp_path / 'lanewise.db'}")
    admin_view, _ = bootstrap_admin(db, "ada", "ada@example.com")
    admin = user_ref(db, admin_view.id)
    create_live(db, admin, demo_network(hubs=8, seed=3))
    planner_view, _ = create_user(db, admin, "pia", "pia@example.com", "planner")
    viewer_view, _ = create_user(db, admin, "vic", "vic@example.com", "viewer")
    yield World(db, admin, user_ref(db, planner_view.id), user_ref(db, viewer_view.id))
    # an unfinished what-if goes on solving in the background: stop it with its test, so
    # it neither competes with the next tests nor writes to a database that is gone
    stop_background_solves()
    db.dispose()


def six_hubs() -> Vocabulary:
    """Six hubs in four regions, two customers, own-fleet and contract lanes."""
    return Vocabulary.build(
        hubs=[
            ("LYS", "Lyon", "west", "cross-dock"),
            ("PAR", "Paris", "west", "hub"),
            ("HAM", "Hamburg", "north", "hub"),
            ("BER", "Berlin", "north", "hub"),
            ("MUN", "Munich", "central", "cross-dock"),
            ("VIE", "Vienna", "east", "hub"),
        ],
        customers=["ACME Logistics", "Nordbau"],
        carriers=["own", "contract"],
    )


@pytest.fixture(scope="session")
def six_hub_vocab() -> Vocabulary:
    """The interpreter's names of :func:`six_hubs`."""
    return six_hubs()
