"""Network files over HTTP: import CSV zip / XLSX / JSON as a scenario (or as live), export
each format back losslessly; every problem of a bad file named by file, row and column."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.assistant.api.conftest import Crew
from tools import Database, bootstrap_admin, demo_network, read_network, write_network

FORMATS = {"json": "net.json", "xlsx": "net.xlsx", "csv": "net.zip"}


def _file_bytes(tmp_path: Path, fmt: str) -> bytes:
    net = demo_network(hubs=6, seed=3)
    if fmt == "csv":
        folder = write_network(net, tmp_path / "csv")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for p in sorted(folder.glob("*.csv")):
                zf.write(p, f"mynet/{p.name}")
        return buf.getvalue()
    return write_network(net, tmp_path / FORMATS[fmt]).read_bytes()


@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv"])
def test_import_each_format_as_a_scenario(crew: Crew, tmp_path: Path, fmt: str) -> None:
    """The uploaded network becomes v1 of a private scenario with the file's content hash."""
    expected = demo_network(hubs=6, seed=3).content_hash()
    r = crew.post(
        "ann",
        "/api/v1/networks",
        files={"file": (FORMATS[fmt], _file_bytes(tmp_path, fmt))},
        data={"name": f"imported-{fmt}", "message": "from the TMS"},
    )
    assert r.status_code == 201, r.text
    sc = r.json()
    assert (sc["name"], sc["head"], sc["shared"], sc["owner"]) == (
        f"imported-{fmt}",
        1,
        False,
        "ann",
    )
    assert sc["network_hash"] == expected
    v1 = crew.get("ann", f"/api/v1/scenarios/{sc['id']}/versions/1").json()
    assert (v1["kind"], v1["message"]) == ("import", "from the TMS")
    summary = crew.get("ann", f"/api/v1/scenarios/{sc['id']}/versions/1/summary").json()
    assert summary["hubs"] == 6 and summary["content_hash"] == expected


@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv"])
def test_export_reads_back_to_the_same_network(crew: Crew, tmp_path: Path, fmt: str) -> None:
    """Live's network downloaded in each format imports back to the same content hash."""
    live = crew.get("vic", "/api/v1/scenarios/live").json()
    r = crew.get("vic", f"/api/v1/scenarios/live/versions/1/network?format={fmt}")
    assert r.status_code == 200
    assert r.headers["etag"] == f'"{live["network_hash"]}"'
    assert (
        f'filename="live-v1.{"zip" if fmt == "csv" else fmt}"' in r.headers["content-disposition"]
    )
    if fmt == "csv":
        folder = tmp_path / "out"
        with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
            zf.extractall(folder)
        net = read_network(folder)
    else:
        path = tmp_path / f"out.{fmt}"
        path.write_bytes(r.content)
        net = read_network(path)
    assert net.content_hash() == live["network_hash"]
    again = crew.get("vic", f"/api/v1/scenarios/live/versions/1/network?format={fmt}")
    assert again.content == r.content  # deterministic bytes


def test_bad_cells_are_listed_by_file_row_and_column(crew: Crew, tmp_path: Path) -> None:
    """Two broken cells in hubs.csv: 422 listing both with file, row and column; nothing kept."""
    folder = write_network(demo_network(hubs=6, seed=3), tmp_path / "csv")
    lines = (folder / "hubs.csv").read_text().splitlines()
    header = lines[0].split(",")
    cap = header.index("capacity_t_per_day")
    for row in (1, 3):
        cells = lines[row].split(",")
        cells[cap] = "lots"
        lines[row] = ",".join(cells)
    (folder / "hubs.csv").write_text("\n".join(lines) + "\n")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in folder.glob("*.csv"):
            zf.write(p, p.name)
    r = crew.post(
        "ann", "/api/v1/networks", files={"file": ("bad.zip", buf.getvalue())}, data={"name": "bad"}
    )
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert [e["field"] for e in errors] == [
        "hubs.csv, row 2, column capacity_t_per_day",
        "hubs.csv, row 4, column capacity_t_per_day",
    ]
    assert all("lots" in e["reason"] for e in errors)
    assert [s["name"] for s in crew.get("ann", "/api/v1/scenarios").json()] == ["live"]


def test_wrong_files_are_refused_with_the_reason(crew: Crew) -> None:
    """Unknown extension, empty file, a .zip that is not one, JSON that is not a network,
    and a missing name: 422 naming the file or field."""
    cases = [
        ("net.txt", b"hello", "upload a .zip"),
        ("net.json", b"", "empty"),
        ("net.zip", b"not a zip", "not a zip"),
        ("net.json", b"[1, 2]", "JSON object"),
        ("net.json", b"{nope", "invalid JSON"),
    ]
    for name, content, reason in cases:
        r = crew.post(
            "ann", "/api/v1/networks", files={"file": (name, content)}, data={"name": "x"}
        )
        assert r.status_code == 422, (name, r.text)
        assert r.json()["errors"][0]["field"].startswith(name), r.json()
        assert reason in r.json()["errors"][0]["reason"], r.json()
    noname = crew.post("ann", "/api/v1/networks", files={"file": ("n.json", b"{}")})
    assert noname.status_code == 422 and noname.json()["errors"][0]["field"] == "name"
    nofile = crew.post("ann", "/api/v1/networks", data={"name": "x"})
    assert nofile.status_code == 422 and nofile.json()["errors"][0]["field"] == "file"


def test_viewers_do_not_import_and_live_exists_once(crew: Crew, tmp_path: Path) -> None:
    """A viewer's import is 403; importing live again (admin) is a 409 conflict."""
    data = _file_bytes(tmp_path, "json")
    viewer = crew.post(
        "vic", "/api/v1/networks", files={"file": ("n.json", data)}, data={"name": "v"}
    )
    assert viewer.status_code == 403
    again = crew.post(
        "root", "/api/v1/networks", files={"file": ("n.json", data)}, data={"target": "live"}
    )
    assert again.status_code == 409 and "live" in again.json()["detail"]


def test_admin_imports_live_on_an_empty_database(tmp_path: Path) -> None:
    """With no live yet, an admin's upload with target=live creates the protected scenario."""
    from fastapi.testclient import TestClient

    from assistant.api import create_app
    from assistant.config import AssistantSettings

    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    _, token = bootstrap_admin(db, "root", "root@example.com")
    app = create_app(db, AssistantSettings(), secret=b"s" * 32)
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/networks",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("n.json", _file_bytes(tmp_path, "json"))},
            data={"target": "live"},
        )
        assert r.status_code == 201, r.text
        assert (r.json()["name"], r.json()["protected"], r.json()["is_live"]) == (
            "live",
            True,
            True,
        )
    db.dispose()
