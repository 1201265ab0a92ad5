"""Fixtures for the use-case tests: databases, a tiny network, a team of users with live."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from solver import Network
from storage import Database
from tests.scenario_fixtures import db, network, pg_db, pg_schema, sqlite_db
from tools import UserRef, bootstrap_admin, create_live, create_user, user_ref

__all__ = ["Team", "db", "make_team", "network", "pg_db", "pg_schema", "sqlite_db", "team"]


@dataclass(frozen=True)
class Team:
    """Five users, one per role (two planners), and the database holding live."""

    db: Database
    admin: UserRef
    ann: UserRef  # planner
    bob: UserRef  # planner
    vic: UserRef  # viewer
    apo: UserRef  # approver


def make_team(db: Database, network: Network) -> Team:
    """Bootstrap an admin, add two planners, a viewer and an approver, and load live v1."""
    admin_view, _ = bootstrap_admin(db, "root", "root@example.com")
    admin = user_ref(db, admin_view.id)
    refs = {}
    for name, role in (
        ("ann", "planner"),
        ("bob", "planner"),
        ("vic", "viewer"),
        ("apo", "approver"),
    ):
        view, _ = create_user(db, admin, name, f"{name}@example.com", role)
        refs[name] = user_ref(db, view.id)
    create_live(db, admin, network)
    return Team(db=db, admin=admin, **refs)


@pytest.fixture
def team(db: Database, network: Network) -> Team:
    """An initialised database: an admin, two planners, a viewer, an approver, and live v1."""
    return make_team(db, network)
