"""``lanewise init`` and ``lanewise scenario``: the commands drive the same use cases, print
JSON with --json, act as --user, and fail with exit code 1 and the reason."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tools import create_user, default_database, first_admin, read_network

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh LANEWISE_HOME with an initialised database (6-hub demo network as live)."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_SCHEMA", raising=False)
    monkeypatch.delenv("LANEWISE_USER", raising=False)
    monkeypatch.setenv("LANEWISE_HOME", str(tmp_path / "home"))
    result = runner.invoke(app, ["init", "--hubs", "6", "--json"])
    assert result.exit_code == 0, result.output
    return tmp_path


def _json(args: list[str], code: int = 0) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def _north_t(path: Path) -> float:
    net = read_network(path)
    return math.fsum(d.volume_t for d in net.demands if net.hub_by_id[d.origin].region == "north")


def test_init_creates_admin_token_and_live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """init prints the admin's token once and loads live; a second init is refused."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LANEWISE_HOME", str(tmp_path / "h"))
    first = runner.invoke(app, ["init", "--hubs", "6"])
    assert first.exit_code == 0, first.output
    assert "lw_" in first.stdout and "6 hubs" in first.stdout
    assert (tmp_path / "h" / "lanewise.db").exists()
    again = runner.invoke(app, ["init", "--hubs", "6"])
    assert again.exit_code == 1 and "users exist already" in again.output
    [live] = _json(["scenario", "list"])
    assert (live["name"], live["protected"], live["head"]) == ("live", True, 1)


def test_edit_history_diff_revert_export(home: Path) -> None:
    """A scenario edited from a file and inline shows in history, diff and exports exactly."""
    _json(["scenario", "create", "north"])
    edits = home / "edits.json"
    edits.write_text(
        json.dumps([{"op": "scale_demand", "origin_regions": "north", "factor": 1.2}]),
        encoding="utf-8",
    )
    v2 = _json(["scenario", "edit", "north", f"@{edits}", "--expect", "1", "-m", "peak"])
    assert v2["n"] == 2 and v2["descriptions"] == ["Scale demand out of the north region by +20%"]
    v3 = _json(["scenario", "edit", "north", '{"op": "set_service_policy", "max_late_h": 12}'])
    assert v3["n"] == 3
    hist = _json(["scenario", "history", "north"])
    assert [h["n"] for h in hist] == [3, 2, 1] and hist[1]["message"] == "peak"
    diff = _json(["scenario", "diff", "live", "north@2"])
    assert diff["summary"]["demand"]["changed"] == len(diff["changes"]) > 0
    words = runner.invoke(app, ["scenario", "diff", "live", "north@3", "--all"])
    assert words.exit_code == 0, words.output
    n = len(diff["changes"])
    assert f"North demand +20%: {n} demands, +" in words.output
    assert "Freight more than 24 h → 12 h late counts as unserved" in words.output
    assert words.output.count("volume ") == n and "volume_t" not in words.output
    live_dir, v2_dir = home / "live-csv", home / "v2-csv"
    _json(["scenario", "export", "live", str(live_dir)])
    out = _json(["scenario", "export", "north@2", str(v2_dir), "--format", "csv"])
    assert out["network_hash"] == v2["network_hash"]
    assert read_network(v2_dir).content_hash() == v2["network_hash"]
    assert _north_t(v2_dir) == pytest.approx(_north_t(live_dir) * 1.2, abs=0.01)
    xlsx = home / "v3.xlsx"
    _json(["scenario", "export", "north", str(xlsx)])
    assert read_network(xlsx).content_hash() == v3["network_hash"]
    bad = runner.invoke(app, ["scenario", "export", "north", str(xlsx), "--format", "csv"])
    assert bad.exit_code == 1 and "does not match" in bad.output
    back = _json(["scenario", "revert", "north", "1"])
    assert (
        back["n"] == 4
        and back["network_hash"] == _json(["scenario", "show", "live"])["network_hash"]
    )


def test_errors_exit_1_with_reason(home: Path) -> None:
    """Unknown regions, bad JSON and stale overlapping edits fail with the reason."""
    _json(["scenario", "create", "s"])
    err = _json(
        ["scenario", "edit", "s", '{"op":"scale_demand","origin_regions":"nort","factor":2}'], 1
    )
    assert err["error"] == "InvalidEdit" and "regions are:" in err["message"]
    res = runner.invoke(app, ["scenario", "edit", "s", "{not json"])
    assert res.exit_code == 1 and "not valid JSON" in res.output
    edit = '{"op":"scale_demand","origin_regions":"north","factor":1.1}'
    _json(["scenario", "edit", "s", edit, "--expect", "1"])
    conflict = _json(["scenario", "edit", "s", edit, "--expect", "1"], 1)
    assert conflict["error"] == "Conflict" and conflict["head"] == 2
    assert conflict["theirs"][0]["version_n"] == 2


def test_users_privacy_share_and_promote(home: Path) -> None:
    """--user picks the actor: private scenarios stay hidden until shared; only approvers
    promote, and only the exact version they reviewed."""
    db = default_database()
    admin = first_admin(db)
    assert admin is not None
    create_user(db, admin, "ann", "ann@example.com", "planner")
    create_user(db, admin, "bob", "bob@example.com", "planner")
    create_user(db, admin, "apo", "apo@example.com", "approver")
    _json(["scenario", "create", "secret", "--user", "ann"])
    v2 = _json(
        [
            "scenario",
            "edit",
            "secret",
            '{"op":"set_service_policy","max_late_h":6}',
            "--user",
            "ann",
        ]
    )
    assert "secret" not in {s["name"] for s in _json(["scenario", "list", "--user", "bob"])}
    assert _json(["scenario", "show", "secret", "--user", "bob"], 1)["error"] == "NotFound"
    _json(["scenario", "share", "secret", "--user", "ann"])
    assert _json(["scenario", "show", "secret", "--user", "bob"])["shared"] is True
    denied = _json(
        [
            "scenario",
            "promote",
            "secret",
            "2",
            "--hash",
            v2["network_hash"],
            "--reason",
            "x",
            "--user",
            "ann",
        ],
        1,
    )
    assert denied["error"] == "PermissionDenied"
    wrong = _json(
        [
            "scenario",
            "promote",
            "secret",
            "2",
            "--hash",
            "0" * 64,
            "--reason",
            "x",
            "--user",
            "apo",
        ],
        1,
    )
    assert wrong["error"] == "Conflict"
    d = _json(
        [
            "scenario",
            "promote",
            "secret",
            "2",
            "--hash",
            v2["network_hash"],
            "--reason",
            "tighter lateness",
            "--user",
            "apo",
        ]
    )
    assert (d["approver"], d["live_n"], d["reason"]) == ("apo", 2, "tighter lateness")
    assert _json(["scenario", "show", "live"])["network_hash"] == v2["network_hash"]
    _json(["scenario", "unshare", "secret", "--user", "ann"])
    assert _json(["scenario", "show", "secret", "--user", "bob"], 1)["error"] == "NotFound"
    clone = _json(["scenario", "clone", "live", "copy", "--user", "bob"])
    assert clone["network_hash"] == v2["network_hash"] and clone["owner"] == "bob"
