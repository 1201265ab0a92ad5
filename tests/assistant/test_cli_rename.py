"""``lanewise scenario rename``: the new name is stored, and live cannot be renamed."""

from __future__ import annotations

from pathlib import Path

from assistant.cli import app
from tests.assistant.test_cli_scenario import _json, home, runner
from tools import default_database, first_admin, get_scenario

__all__ = ["home"]


def test_rename_from_the_command_line(home: Path) -> None:
    """Renaming prints the new name and the database holds it; live is refused with exit 1."""
    made = _json(["scenario", "create", "north"])
    renamed = _json(["scenario", "rename", "north", "North +30% peak"])
    assert renamed["id"] == made["id"] and renamed["name"] == "North +30% peak"
    db = default_database()
    admin = first_admin(db)
    assert admin is not None
    assert get_scenario(db, admin, made["id"]).name == "North +30% peak"
    refused = runner.invoke(app, ["scenario", "rename", "live", "other"])
    assert refused.exit_code == 1 and "cannot be renamed" in refused.output
