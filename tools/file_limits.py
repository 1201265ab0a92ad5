"""Limits on what an imported file may unpack to, checked before anything is parsed.

An XLSX workbook is a zip of XML files: a 1 MB workbook can unpack to gigabytes of cells
(a decompression bomb) or declare XML entities that expand without end. Every workbook
and every zip is checked here first, on the sizes its directory declares (Python's zip
reader never returns more than those), and every table read from a file counts its
rows and cells as they arrive, so an import stops at a limit instead of filling memory.

==========================  =====================================================
limit                        value
==========================  =====================================================
``MAX_UNPACKED_BYTES``       64 MiB unpacked per workbook or zip
``MAX_ZIP_ENTRIES``          1,000 files in a workbook or zip
``MAX_ROWS``                 100,000 rows per table (sheet or CSV file)
``MAX_CELLS``                2,000,000 cells per import, all tables together
XML                          no DTD, no entity declarations (XLSX never needs them)
==========================  =====================================================
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

__all__ = [
    "MAX_CELLS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "MAX_ZIP_ENTRIES",
    "CellBudget",
    "LimitExceeded",
    "zip_problems",
]

MAX_UNPACKED_BYTES = 64 * 2**20
"""Largest total unpacked size of a workbook or a zip."""
MAX_ZIP_ENTRIES = 1_000
"""Most files a workbook or a zip may hold."""
MAX_ROWS = 100_000
"""Most rows a table (a sheet or a CSV file) may hold."""
MAX_CELLS = 2_000_000
"""Most cells one import may hold, all tables together."""

_XML_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 1 << 20

_R = TypeVar("_R", bound=Sequence[object])


class LimitExceeded(ValueError):
    """A file passed one of the limits; the message names the limit."""


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def _declares_entities(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML member holds a DTD or an entity declaration (streamed, bounded)."""
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            window = (tail + chunk).upper()
            if any(marker in window for marker in _XML_FORBIDDEN):
                return True
            tail = chunk[-16:]
    return False


def zip_problems(path: Path, *, max_bytes: int | None = None) -> list[str]:
    """Why the workbook or zip at ``path`` may not be opened (empty when it may).

    Checks the number of files, the total unpacked size and, in XML members, that no
    DTD or entity is declared. Unreadable archives are left to the reader to report.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return []
    max_bytes = MAX_UNPACKED_BYTES if max_bytes is None else max_bytes
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            return [f"holds {len(infos):,} files, more than the limit of {MAX_ZIP_ENTRIES:,}"]
        total = sum(i.file_size for i in infos)
        if total > max_bytes:
            return [
                f"unpacks to {_mib(total)}, more than the limit of {_mib(max_bytes)} "
                "(unpacked size)"
            ]
        for info in infos:
            name = info.filename.lower()
            if name.endswith((".xml", ".rels", ".vml")) and _declares_entities(zf, info):
                return [
                    f"{info.filename} declares a DTD or XML entities, which workbooks never "
                    "need; save the file again from a spreadsheet program"
                ]
    return []


class CellBudget:
    """Rows per table and cells per import, counted as rows are read."""

    def __init__(self, max_rows: int | None = None, max_cells: int | None = None) -> None:
        self.max_rows = MAX_ROWS if max_rows is None else max_rows
        self.max_cells = MAX_CELLS if max_cells is None else max_cells
        self.cells_left = self.max_cells

    def rows(self, rows: Iterable[_R]) -> Iterator[_R]:
        """The rows, raising LimitExceeded at the row or cell limit (header row included)."""
        for count, row in enumerate(rows, start=1):
            if count > self.max_rows + 1:
                raise LimitExceeded(f"more than the limit of {self.max_rows:,} rows")
            self.cells_left -= len(row)
            if self.cells_left < 0:
                raise LimitExceeded(
                    f"more than the limit of {self.max_cells:,} cells in one import"
                )
            yield row
