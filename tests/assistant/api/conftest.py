"""Fixtures for the API tests: a database with live (the tiny network) and one user per role,
each with an API token, and a client of the app over that database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.config import AssistantSettings
from tests.scenario_fixtures import tiny_network
from tools import Database, UserRef, bootstrap_admin, create_live, create_user, user_ref

SECRET = b"test-secret-for-session-cookies-0123456789"


@dataclass
class Crew:
    """The app's client, its database, and the users (admin root, planners ann and bob,
    viewer vic, approver apo) with their tokens."""

    db: Database
    client: TestClient
    tokens: dict[str, str]
    refs: dict[str, UserRef] = field(default_factory=dict)

    def h(self, user: str, **extra: str) -> dict[str, str]:
        """Headers authenticating as ``user``."""
        return {"Authorization": f"Bearer {self.tokens[user]}", **extra}

    def get(self, user: str, url: str, **kw: Any) -> Any:
        return self.client.get(url, headers=self.h(user), **kw)

    def post(self, user: str, url: str, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        return self.client.post(url, headers={**self.h(user), **(headers or {})}, **kw)

    def create(self, user: str, name: str, **body: Any) -> dict[str, Any]:
        """Create a scenario from live as ``user`` and return it."""
        r = self.post(user, "/api/v1/scenarios", json={"name": name, **body})
        assert r.status_code == 201, r.text
        data: dict[str, Any] = r.json()
        return data


def make_crew(db: Database) -> tuple[dict[str, str], dict[str, UserRef]]:
    """Bootstrap root, add ann/bob (planners), vic (viewer), apo (approver); load live."""
    root, root_token = bootstrap_admin(db, "root", "root@example.com")
    admin = user_ref(db, root.id)
    tokens, refs = {"root": root_token}, {"root": admin}
    for name, role in (
        ("ann", "planner"),
        ("bob", "planner"),
        ("vic", "viewer"),
        ("apo", "approver"),
    ):
        view, token = create_user(db, admin, name, f"{name}@example.com", role)
        tokens[name] = token
        refs[name] = user_ref(db, view.id)
    create_live(db, admin, tiny_network())
    return tokens, refs


@pytest.fixture
def api_db(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database in a temporary folder."""
    db = Database(f"sqlite:///{tmp_path / 'api.db'}")
    yield db
    db.dispose()


@pytest.fixture
def crew(api_db: Database) -> Iterator[Crew]:
    """The app over a database holding live and one user per role."""
    tokens, refs = make_crew(api_db)
    settings = AssistantSettings(public_url="http://testserver", solve_workers=1)
    app = create_app(api_db, settings, secret=SECRET)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Crew(db=api_db, client=client, tokens=tokens, refs=refs)
