"""Network import/export: lossless round trips, deterministic bytes, located errors."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import Network, demo_network, parse_network
from tools.network_io import (
    TABLES,
    ImportIssue,
    NetworkImportError,
    columns,
    network_summary,
    read_network,
    read_network_csv,
    read_network_xlsx,
    write_network,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"


@pytest.fixture(scope="module")
def demo() -> Network:
    """A small demo network (8 hubs)."""
    return demo_network(hubs=8, seed=5)


def odd_network(name: str, handling: float, target: float | None, customer: str) -> Network:
    """Two hubs with awkward values: long floats, closed days, formulas-looking text."""
    return parse_network(
        {
            "name": name,
            "calendar": {"days": 7, "buckets_per_day": 6},
            "policy": {"service_target": target, "max_late_h": 12.5},
            "hubs": [
                {
                    "id": "A",
                    "name": 'Ålesund, "Nord"',
                    "region": "north",
                    "lat": 62.4722,
                    "lon": 6.1549,
                    "kind": "cross-dock",
                    "capacity_t_per_day": 0.1 + 0.2,
                    "handling_cost_eur_per_t": handling,
                    "closed_days": [5, 6],
                },
                {
                    "id": "B",
                    "name": "Brno",
                    "region": "east",
                    "lat": 49.1952,
                    "lon": 16.608,
                    "capacity_t_per_day": 1e-7,
                    "handling_cost_eur_per_t": 2.0,
                    "open": False,
                },
            ],
            "lanes": [
                {
                    "id": "A-B",
                    "origin": "A",
                    "destination": "B",
                    "distance_km": 1234.5678901234567,
                    "transit_h": 19.25,
                    "cost_eur_per_truck": 1900.0,
                    "truck_capacity_t": 24.0,
                    "max_trucks_per_day": 3,
                    "carrier": "contract",
                    "active": False,
                }
            ],
            "demands": [
                {
                    "id": "D1",
                    "origin": "A",
                    "destination": "B",
                    "release_day": 4,
                    "volume_t": 7.0,
                    "due_h": 48.0,
                    "customer": customer,
                    "priority": 1,
                    "penalty_late_eur_per_t": 10.0,
                    "penalty_unserved_eur_per_t": 99.99,
                }
            ],
            "fleet": [{"hub": "A", "trailers": 0}],
            "drivers": [{"region": "east", "day": 6, "drivers": 2, "hours_per_driver": 10.5}],
        }
    )


@pytest.mark.parametrize("suffix", ["", ".xlsx", ".json"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_demo_round_trip_keeps_hash(tmp_path: Path, suffix: str, seed: int) -> None:
    """Writing a demo network and reading it back gives the same content hash."""
    net = demo_network(hubs=6 + seed, seed=seed)
    path = write_network(net, tmp_path / f"net{suffix}")
    assert read_network(path).content_hash() == net.content_hash()


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda s: s.strip() == s and s != "")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=text,
    handling=st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    target=st.none() | st.floats(min_value=0, max_value=1),
    customer=text | st.just("=SUM(A1:A3)") | st.just("0042"),
)
def test_awkward_values_round_trip(
    tmp_path: Path, name: str, handling: float, target: float | None, customer: str
) -> None:
    """Any float, optional value, unicode or formula-like text survives CSV, XLSX and JSON."""
    net = odd_network(name, handling, target, customer)
    for suffix in ("-csv", ".xlsx", ".json"):
        path = write_network(net, tmp_path / f"odd{suffix}")
        back = read_network(path)
        assert back.content_hash() == net.content_hash(), suffix


@pytest.mark.parametrize("suffix", ["", ".xlsx", ".json"])
def test_same_network_same_bytes(tmp_path: Path, demo: Network, suffix: str) -> None:
    """Two exports of one network are byte-identical (the XLSX has no timestamps)."""
    a = write_network(demo, tmp_path / f"a{suffix}")
    b = write_network(demo, tmp_path / f"b{suffix}")
    if suffix:
        assert a.read_bytes() == b.read_bytes()
    else:
        for table in ("network", *TABLES):
            assert (a / f"{table}.csv").read_bytes() == (b / f"{table}.csv").read_bytes()


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (row counted like a spreadsheet, header = 1)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def where(issues: list[ImportIssue]) -> set[tuple[str, int | None, str | None]]:
    return {(i.file, i.row, i.column) for i in issues}


def test_bad_csv_cells_are_all_reported_with_location(tmp_path: Path, demo: Network) -> None:
    """Several broken cells in several files come back together, each with file, row, column."""
    folder = write_network(demo, tmp_path / "net")
    edit_csv(folder / "hubs.csv", 3, "lat", "north-ish")
    edit_csv(folder / "hubs.csv", 4, "capacity_t_per_day", "-5")
    edit_csv(folder / "lanes.csv", 2, "origin", "NOPE")
    edit_csv(folder / "demands.csv", 5, "release_day", "2.5")
    edit_csv(folder / "demands.csv", 6, "volume_t", "")
    edit_csv(folder / "drivers.csv", 2, "day", "9")  # day 9 in a 7-day calendar
    with pytest.raises(NetworkImportError) as err:
        read_network(folder)
    found = where(err.value.issues)
    assert {
        ("hubs.csv", 3, "lat"),
        ("hubs.csv", 4, "capacity_t_per_day"),
        ("lanes.csv", 2, "origin"),
        ("demands.csv", 5, "release_day"),
        ("demands.csv", 6, "volume_t"),
        ("drivers.csv", 2, "day"),
    } <= found
    reasons = {(i.file, i.row): i.reason for i in err.value.issues}
    assert "not a number" in reasons["hubs.csv", 3]
    assert "greater than or equal to 0" in reasons["hubs.csv", 4]
    assert reasons["lanes.csv", 2] == "unknown hub 'NOPE'"
    assert "whole number" in reasons["demands.csv", 5]
    assert "empty" in reasons["demands.csv", 6]
    assert "horizon" in reasons["drivers.csv", 2]
    message = str(err.value)
    assert "nothing imported" in message and "hubs.csv, row 3, column 'lat'" in message


def test_columns_checked_by_name(tmp_path: Path, demo: Network) -> None:
    """An unknown column, a missing required column and a missing file are each named."""
    folder = write_network(demo, tmp_path / "net")
    hubs = folder / "hubs.csv"
    hubs.write_text(hubs.read_text().replace("handling_cost_eur_per_t", "colour", 1))
    (folder / "fleet.csv").unlink()
    with pytest.raises(NetworkImportError) as err:
        read_network(folder)
    found = {(i.file, i.column, i.reason) for i in err.value.issues}
    assert ("hubs.csv", "colour", "unknown column") in found
    assert ("hubs.csv", "handling_cost_eur_per_t", "required column is missing") in found
    assert any(i.file == "fleet.csv" and "missing" in i.reason for i in err.value.issues)


def test_duplicate_ids_point_at_every_row(tmp_path: Path, demo: Network) -> None:
    """A repeated demand id is reported at both rows that carry it."""
    folder = write_network(demo, tmp_path / "net")
    first = read_network_csv(folder).demands[0].id
    edit_csv(folder / "demands.csv", 3, "id", first)
    with pytest.raises(NetworkImportError) as err:
        read_network(folder)
    dupes = [i for i in err.value.issues if "appears 2 times" in i.reason]
    assert {(i.file, i.row, i.column) for i in dupes} == {
        ("demands.csv", 2, "id"),
        ("demands.csv", 3, "id"),
    }


def test_a_broken_hub_row_does_not_flood_references(tmp_path: Path, demo: Network) -> None:
    """Lanes that point at a hub whose own row is broken are not reported as unknown hubs."""
    folder = write_network(demo, tmp_path / "net")
    edit_csv(folder / "hubs.csv", 2, "lon", "east")
    with pytest.raises(NetworkImportError) as err:
        read_network(folder)
    assert where(err.value.issues) == {("hubs.csv", 2, "lon")}


def test_header_table_errors(tmp_path: Path, demo: Network) -> None:
    """network.csv keys are checked: unknown keys and bad values name their row."""
    folder = write_network(demo, tmp_path / "net")
    path = folder / "network.csv"
    path.write_text(
        path.read_text()
        .replace("calendar.days,7", "calendar.days,99")
        .replace("policy.max_late_h,24.0", "policy.max_late,24.0")
    )
    with pytest.raises(NetworkImportError) as err:
        read_network(folder)
    found = {(i.file, i.row, i.column): i.reason for i in err.value.issues}
    assert "less than or equal to 14" in found["network.csv", 3, "value"]
    assert found["network.csv", 6, "key"].startswith("unknown key 'policy.max_late'")


def test_bad_xlsx_cell_names_sheet_row_and_column(tmp_path: Path, demo: Network) -> None:
    """A corrupted workbook cell is reported with its sheet, row and column."""
    book = write_network(demo, tmp_path / "net.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["lanes"]
    header = [c.value for c in ws[1]]
    ws.cell(row=4, column=header.index("max_trucks_per_day") + 1, value="lots")
    ws.cell(row=5, column=header.index("carrier") + 1, value="pigeon")
    del wb["fleet"]
    wb.save(book)
    with pytest.raises(NetworkImportError) as err:
        read_network_xlsx(book)
    found = {(i.file, i.sheet, i.row, i.column) for i in err.value.issues}
    assert ("net.xlsx", "lanes", 4, "max_trucks_per_day") in found
    assert ("net.xlsx", "lanes", 5, "carrier") in found
    assert any(i.reason == "sheet 'fleet' is missing" for i in err.value.issues)
    assert "net.xlsx, sheet 'lanes', row 4, column 'max_trucks_per_day'" in str(err.value)


def test_hand_made_workbook_with_native_types(tmp_path: Path) -> None:
    """A workbook typed by hand (ints for floats, numbers as text, blank rows) imports."""
    net = odd_network("hand", 3.0, 0.9, "ACME")
    book = write_network(net, tmp_path / "hand.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["hubs"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("handling_cost_eur_per_t") + 1, value=3)
    ws.cell(row=3, column=header.index("lat") + 1, value="49.1952")
    ws.insert_rows(3)  # a blank row in the middle
    wb.save(book)
    assert read_network(book).content_hash() == net.content_hash()


def test_not_a_workbook_and_bad_json(tmp_path: Path) -> None:
    """Garbage files are refused with their name and the reason."""
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(NetworkImportError, match=r"junk\.xlsx: not a readable XLSX workbook"):
        read_network(junk)
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x",\n "hubs": [}')
    with pytest.raises(NetworkImportError) as err:
        read_network(bad)
    assert err.value.issues[0].row == 2 and "invalid JSON" in err.value.issues[0].reason
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"name": "x", "lanes": [{"id": "L"}]}')
    with pytest.raises(NetworkImportError) as err:
        read_network(invalid)
    assert any(i.column == "lane 'L'.origin" for i in err.value.issues)
    with pytest.raises(NetworkImportError, match="no such file or folder"):
        read_network(tmp_path / "missing")


def test_invalid_input_imports_nothing(tmp_path: Path, demo: Network) -> None:
    """One bad cell among many good rows: the read raises, it never returns a partial network."""
    folder = write_network(demo, tmp_path / "net")
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    edit_csv(copy / "demands.csv", len(demo.demands) + 1, "priority", "7")
    with pytest.raises(NetworkImportError) as err:
        read_network(copy)
    assert where(err.value.issues) == {("demands.csv", len(demo.demands) + 1, "priority")}
    assert read_network(folder).content_hash() == demo.content_hash()


def test_csv_export_refuses_a_file_path(tmp_path: Path, demo: Network) -> None:
    """A CSV export into a path that is a file is refused rather than overwriting it."""
    target = tmp_path / "plain"
    target.write_text("keep me")
    with pytest.raises(NetworkImportError, match="not a folder"):
        write_network(demo, target)
    assert target.read_text() == "keep me"


def test_summary_numbers(demo: Network) -> None:
    """The summary's counts and tonnes equal sums over the network's rows."""
    s = network_summary(demo)
    assert (s.hubs, s.lanes, s.demands) == (len(demo.hubs), len(demo.lanes), len(demo.demands))
    assert s.weekly_t == pytest.approx(sum(d.volume_t for d in demo.demands))
    assert sum(r.hubs for r in s.regions) == s.hubs
    assert sum(r.outbound_t_per_week for r in s.regions) == pytest.approx(s.weekly_t)
    assert s.own_lanes + s.contract_lanes == s.lanes
    assert s.trailers == sum(p.trailers for p in demo.fleet)
    assert s.content_hash == demo.content_hash()


def test_every_column_is_documented() -> None:
    """docs/data-format.md has a row for every column of every table and every header key."""
    doc = DOCS.read_text(encoding="utf-8")
    for table in TABLES:
        section = doc.split(f"## `{table}`", 1)[1].split("\n## ", 1)[0]
        for column in columns(table):
            assert re.search(rf"^\| `{column}` \|", section, re.M), (table, column)
    for key in ("name", "calendar.days", "calendar.buckets_per_day", "policy.service_target"):
        assert f"| `{key}` |" in doc
