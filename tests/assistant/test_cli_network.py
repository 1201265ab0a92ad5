"""``lanewise network``: demo, validate, info and convert through the real Typer app."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_demo_twice_gives_identical_files(tmp_path: Path) -> None:
    """``network demo --seed 7`` run twice writes byte-identical JSON and XLSX files."""
    for suffix in (".json", ".xlsx"):
        a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        assert run("network", "demo", "--seed", "7", "--out", str(a))[0] == 0
        assert run("network", "demo", "--seed", "7", "--out", str(b))[0] == 0
        assert a.read_bytes() == b.read_bytes()


def test_info_json_shows_forty_hubs_in_five_regions(tmp_path: Path) -> None:
    """The default demo has 40 hubs in north, south, east, west and central."""
    path = tmp_path / "demo.json"
    code, out, _ = run("network", "demo", "--out", str(path))
    assert code == 0 and "40 hubs" in out
    code, out, _ = run("network", "info", str(path), "--json")
    assert code == 0
    info = json.loads(out)
    assert info["hubs"] == 40
    assert sorted(r["region"] for r in info["regions"]) == [
        "central",
        "east",
        "north",
        "south",
        "west",
    ]
    data = json.loads(path.read_text())
    assert info["weekly_t"] == round(sum(d["volume_t"] for d in data["demands"]), 3)
    assert info["demands"] == len(data["demands"])


def test_info_tables(tmp_path: Path) -> None:
    """Without --json, info prints the overview and the regions table with the full hash."""
    path = tmp_path / "demo.xlsx"
    run("network", "demo", "--hubs", "8", "--seed", "2", "--out", str(path))
    code, out, _ = run("network", "info", str(path))
    assert code == 0
    assert "Regions" in out and "Weekly volume" in out and "central" in out
    digest = json.loads(run("network", "info", str(path), "--json")[1])["content_hash"]
    assert digest in out.replace("\n", "").replace("│", "").replace(" ", "")


def test_csv_to_xlsx_to_csv_keeps_hash(tmp_path: Path) -> None:
    """Converting CSV -> XLSX -> CSV keeps the content hash."""
    first = tmp_path / "first"
    run("network", "demo", "--hubs", "10", "--seed", "4", "--out", str(first))
    assert run("network", "convert", str(first), str(tmp_path / "mid.xlsx"))[0] == 0
    assert run("network", "convert", str(tmp_path / "mid.xlsx"), str(tmp_path / "last"))[0] == 0
    hashes = {
        json.loads(run("network", "info", str(p), "--json")[1])["content_hash"]
        for p in (first, tmp_path / "mid.xlsx", tmp_path / "last")
    }
    assert len(hashes) == 1
    assert (tmp_path / "first" / "lanes.csv").read_bytes() == (
        tmp_path / "last" / "lanes.csv"
    ).read_bytes()


def corrupt(folder: Path, file: str, row: int, column: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO((folder / file).read_text(encoding="utf-8"))))
    rows[row - 1][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (folder / file).write_text(buffer.getvalue(), encoding="utf-8")


def test_validate_names_file_row_and_column(tmp_path: Path) -> None:
    """A corrupted cell makes validate exit 1 and name file, row and column; valid exits 0."""
    folder = tmp_path / "net"
    run("network", "demo", "--hubs", "8", "--out", str(folder))
    code, out, _ = run("network", "validate", str(folder))
    assert code == 0 and out.startswith("valid")
    corrupt(folder, "lanes.csv", 3, "distance_km", "far")
    corrupt(folder, "demands.csv", 4, "priority", "0")
    code, out, _ = run("network", "validate", str(folder))
    assert code == 1
    assert "2 problem(s)" in out
    assert "lanes.csv, row 3, column 'distance_km': 'far' is not a number" in out
    assert "demands.csv, row 4, column 'priority'" in out
    code, out, _ = run("network", "validate", str(folder), "--json")
    report = json.loads(out)
    assert code == 1 and report["valid"] is False
    assert {(i["file"], i["row"], i["column"]) for i in report["issues"]} == {
        ("lanes.csv", 3, "distance_km"),
        ("demands.csv", 4, "priority"),
    }


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    """info and convert refuse an invalid network with exit 2 and the issues; no output file."""
    folder = tmp_path / "net"
    run("network", "demo", "--hubs", "6", "--out", str(folder))
    corrupt(folder, "hubs.csv", 2, "open", "perhaps")
    code, _, err = run("network", "info", str(folder))
    assert code == 2 and "hubs.csv, row 2, column 'open'" in err
    target = tmp_path / "out.xlsx"
    code, _, err = run("network", "convert", str(folder), str(target))
    assert code == 2 and "not a boolean" in err
    assert not target.exists()
    code, _, err = run("network", "info", str(tmp_path / "nothing.json"))
    assert code == 2 and "no such file or folder" in err


def test_demo_refuses_out_of_range_hubs(tmp_path: Path) -> None:
    """--hubs outside 5..400 is a usage error (exit 2) and writes nothing."""
    code, _, err = run("network", "demo", "--hubs", "3", "--out", str(tmp_path / "x.json"))
    assert code == 2 and "--hubs" in err
    assert not (tmp_path / "x.json").exists()
