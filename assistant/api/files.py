"""Network files over HTTP: uploads (CSV zip, XLSX, JSON) in, downloads out.

Uploads are written to a temporary folder and read by ``tools.read_network``, so the API
reports exactly the problems the CLI does (file, row, column, reason). A CSV zip holds
``network.csv``, ``hubs.csv``, ``lanes.csv`` ... at its top level or in one folder.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO, Literal

from tools import (
    Evaluation,
    ImportIssue,
    Network,
    NetworkImportError,
    Plan,
    read_network,
    write_network,
    write_plan,
)

__all__ = [
    "MEDIA_TYPES",
    "NetworkFormat",
    "network_bytes",
    "plan_bytes",
    "read_uploaded_network",
]

NetworkFormat = Literal["csv", "xlsx", "json"]
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "csv": ("application/zip", "zip"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MAX_ZIP_MEMBERS = 64


def _issue(filename: str, reason: str) -> NetworkImportError:
    return NetworkImportError([ImportIssue(filename, None, None, reason)])


def _copy_limited(src: IO[bytes], dest: Path, limit: int, filename: str) -> None:
    size = 0
    with dest.open("wb") as out:
        while chunk := src.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise _issue(filename, f"larger than the {limit // 2**20} MiB upload limit")
            out.write(chunk)
    if size == 0:
        raise _issue(filename, "the file is empty")


def _extract_csv_zip(archive: Path, folder: Path, filename: str, limit: int) -> Path:
    """Unpack the CSV files of a zip (flat or in one folder) without trusting its paths."""
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:
        raise _issue(filename, "not a zip archive") from None
    with zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        csvs = [
            m
            for m in members
            if m.filename.lower().endswith(".csv")
            and not PurePosixPath(m.filename).name.startswith(".")
            and "__MACOSX" not in m.filename
        ]
        if not csvs:
            raise _issue(filename, "the zip holds no .csv files")
        if len(csvs) > MAX_ZIP_MEMBERS:
            raise _issue(filename, f"more than {MAX_ZIP_MEMBERS} CSV files")
        parents = {PurePosixPath(m.filename).parent for m in csvs}
        if len(parents) > 1:
            raise _issue(filename, "put the CSV files at the top level or in one folder")
        if sum(m.file_size for m in csvs) > limit:
            raise _issue(filename, f"unpacks to more than the {limit // 2**20} MiB limit")
        target = folder / "network"
        target.mkdir()
        for m in csvs:
            name = PurePosixPath(m.filename).name
            with zf.open(m) as src:
                _copy_limited(src, target / name, limit, f"{filename}/{name}")
        return target


def read_uploaded_network(stream: IO[bytes], filename: str, *, max_bytes: int) -> Network:
    """Read an uploaded network by its file name: ``.zip`` (CSV files), ``.xlsx`` or ``.json``.

    Raises
    ------
    NetworkImportError
        Every problem found, located by file, sheet, row and column.
    """
    name = PurePosixPath(filename or "").name or "upload"
    suffix = Path(name).suffix.lower()
    if suffix not in (".zip", ".xlsx", ".json"):
        raise _issue(name, "upload a .zip of CSV files, an .xlsx workbook or a .json file")
    with tempfile.TemporaryDirectory(prefix="lanewise-upload-") as tmp:
        folder = Path(tmp)
        saved = folder / f"upload{suffix}"
        _copy_limited(stream, saved, max_bytes, name)
        if suffix == ".zip":
            return read_network(_extract_csv_zip(saved, folder, name, max_bytes))
        try:
            return read_network(saved)
        except NetworkImportError as exc:
            # report the uploaded file's name, not the temporary path
            raise NetworkImportError(
                [
                    ImportIssue(name, i.row, i.column, i.reason, i.sheet)
                    if i.file in (str(saved), saved.name)
                    else i
                    for i in exc.issues
                ]
            ) from None


def _zip_csv_folder(folder: Path) -> bytes:
    """The CSV files of a folder as a zip with fixed timestamps (same files, same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in sorted(folder.glob("*.csv")):
            info = zipfile.ZipInfo(path.name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    return buffer.getvalue()


def network_bytes(network: Network, fmt: NetworkFormat) -> bytes:
    """The network as a file: a zip of the CSV tables, an XLSX workbook, or JSON.

    Deterministic: the same network gives the same bytes.
    """
    with tempfile.TemporaryDirectory(prefix="lanewise-export-") as tmp:
        folder = Path(tmp)
        if fmt == "csv":
            return _zip_csv_folder(write_network(network, folder / "network"))
        return write_network(network, folder / f"network.{fmt}").read_bytes()


def plan_bytes(
    network: Network, plan: Plan, fmt: NetworkFormat, evaluation: Evaluation | None = None
) -> bytes:
    """A plan for the TMS: a zip of its CSV tables, an XLSX workbook, or JSON with KPIs."""
    with tempfile.TemporaryDirectory(prefix="lanewise-plan-") as tmp:
        folder = Path(tmp)
        if fmt == "csv":
            return _zip_csv_folder(write_plan(network, plan, folder / "plan", evaluation))
        return write_plan(network, plan, folder / f"plan.{fmt}", evaluation).read_bytes()
