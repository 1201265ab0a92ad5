"""The SQLite database and the folder it is created in are private to their owner."""

from __future__ import annotations

import stat
from pathlib import Path

from storage import Database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_0600_in_a_new_0700_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = Database(f"sqlite:///{home / 'lanewise.db'}")
    db.dispose()
    assert _mode(home) == 0o700
    assert _mode(home / "lanewise.db") == 0o600


def test_an_existing_world_readable_database_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Database(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    Database(f"sqlite:///{path}").dispose()
    assert _mode(path) == 0o600
