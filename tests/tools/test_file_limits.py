"""Imports stop at their limits: unpacked size, rows, cells and XML entities."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from solver.demo import demo_network
from tools import file_limits
from tools.network_io import NetworkImportError, read_network, write_network


def _bomb(tmp_path: Path, unpacked_mib: int = 80) -> Path:
    """A valid workbook whose demands sheet is replaced by ``unpacked_mib`` MiB of rows
    (under 1 MB on disk)."""
    good = write_network(demo_network(hubs=6, seed=1), tmp_path / "good.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    row = b'<row><c t="inlineStr"><is><t>D</t></is></c><c><v>1</v></c></row>' * 1000
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        sheets = [i.filename for i in src.infolist() if i.filename.startswith("xl/worksheets/")]
        target = sorted(sheets)[-1]
        for info in src.infolist():
            if info.filename != target:
                dst.writestr(info, src.read(info))
        with dst.open(target, "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats')
            out.write(b'.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(unpacked_mib * 2**20 // len(row)):
                out.write(row)
            out.write(b"</sheetData></worksheet>")
    assert bomb.stat().st_size < 2**20
    return bomb


def test_a_decompression_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(NetworkImportError) as err:
            read_network(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "unpacked size" in str(err.value) and "64 MiB" in str(err.value)
    assert peak < 20 * 2**20  # nothing was unpacked


def test_entity_declarations_in_a_workbook_are_refused(tmp_path: Path) -> None:
    good = write_network(demo_network(hubs=6, seed=1), tmp_path / "good.xlsx")
    evil = tmp_path / "evil.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                dtd = b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                data = dtd + data
            dst.writestr(info, data)
    with pytest.raises(NetworkImportError) as err:
        read_network(evil)
    assert "XML entities" in str(err.value)


def test_rows_and_cells_are_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    net = demo_network(hubs=6, seed=1)
    folder = write_network(net, tmp_path / "csv")
    workbook = write_network(net, tmp_path / "net.xlsx")
    assert read_network(folder).content_hash() == net.content_hash()  # inside the limits
    monkeypatch.setattr(file_limits, "MAX_ROWS", 5)
    for path in (folder, workbook):
        with pytest.raises(NetworkImportError, match="limit of 5 rows"):
            read_network(path)
    monkeypatch.setattr(file_limits, "MAX_ROWS", 100_000)
    monkeypatch.setattr(file_limits, "MAX_CELLS", 100)
    for path in (folder, workbook):
        with pytest.raises(NetworkImportError, match="limit of 100 cells"):
            read_network(path)
