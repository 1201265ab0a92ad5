"""``lanewise user link-slack|link-teams|unlink|links``: admins link chat ids to users, the
link is what the bots read, and non-admins are refused with the reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tools import create_user, default_database, first_admin, user_for_identity

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh LANEWISE_HOME, initialised, with a planner ``ann``."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_SCHEMA", raising=False)
    monkeypatch.delenv("LANEWISE_USER", raising=False)
    monkeypatch.setenv("LANEWISE_HOME", str(tmp_path / "home"))
    result = runner.invoke(app, ["init", "--hubs", "6", "--json"])
    assert result.exit_code == 0, result.output
    db = default_database()
    admin = first_admin(db)
    assert admin is not None
    create_user(db, admin, "ann", "ann@example.com", "planner")
    return tmp_path


def _json(args: list[str], code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def test_link_list_unlink(home: Path) -> None:
    """Linked Slack and Teams ids resolve to ann; after unlink the Slack id is nobody."""
    slack = _json(["user", "link-slack", "ann", "U024BE7LH"])
    assert (slack["provider"], slack["user"], slack["role"]) == ("slack", "ann", "planner")
    teams = _json(["user", "link-teams", "ann@example.com", "6F1B0C2A-9D7E-4F51-8C3B-2A4D5E6F7A8B"])
    assert teams["external_id"] == "6f1b0c2a-9d7e-4f51-8c3b-2a4d5e6f7a8b"
    db = default_database()
    ann = user_for_identity(db, "slack", "U024BE7LH")
    assert ann is not None and ann.name == "ann"
    rows = _json(["user", "links"])
    assert [(r["provider"], r["user"]) for r in rows] == [("slack", "ann"), ("teams", "ann")]
    text = runner.invoke(app, ["user", "links", "--provider", "slack"])
    assert text.exit_code == 0 and "U024BE7LH" in text.stdout and "teams" not in text.stdout
    _json(["user", "unlink", "slack", "U024BE7LH"])
    assert user_for_identity(db, "slack", "U024BE7LH") is None


def test_only_admins_link_and_errors_say_why(home: Path) -> None:
    """A planner is refused; linking an unknown user or a taken id fails with exit 1."""
    refused = _json(["user", "link-slack", "ann", "U1", "--user", "ann"], code=1)
    assert refused["error"] == "PermissionDenied" and "admin" in refused["message"]
    missing = _json(["user", "link-slack", "zoe", "U1"], code=1)
    assert missing["error"] == "NotFound" and "zoe" in missing["message"]
    _json(["user", "link-slack", "ann", "U1"])
    taken = _json(["user", "link-slack", "admin", "U1"], code=1)
    assert taken["error"] == "Conflict" and "ann" in taken["message"]
