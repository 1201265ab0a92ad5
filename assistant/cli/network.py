"""``lanewise network``: build demo networks, and validate, inspect and convert network files.

A network file is a folder of CSV files, an ``.xlsx`` workbook or a ``.json`` file (see
``docs/data-format.md``). Exit codes: ``validate`` exits 0 when the network is valid and
1 when it is not, listing every problem; the other commands exit 2 when their input
cannot be read, also with every problem listed, and write nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tools import (
    Network,
    NetworkImportError,
    NetworkSummary,
    demo_network,
    network_format,
    network_summary,
    read_network,
    write_network,
)

network_app = typer.Typer(
    name="network",
    help="Network files: build a demo, validate, show, convert (CSV folder, .xlsx, .json).",
    no_args_is_help=True,
)

PathArg = Annotated[
    Path, typer.Argument(help="A folder of CSV files, an .xlsx workbook or a .json file.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _out() -> Console:
    return Console(soft_wrap=True)


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _issues_json(exc: NetworkImportError) -> list[dict[str, Any]]:
    return [
        {
            "file": i.file,
            "sheet": i.sheet,
            "row": i.row,
            "column": i.column,
            "reason": i.reason,
        }
        for i in exc.issues
    ]


def _print_issues(exc: NetworkImportError, path: Path, console: Console) -> None:
    console.print(
        f"[bold red]{escape(str(path))} is not a valid network:[/] "
        f"{len(exc.issues)} problem(s), nothing imported"
    )
    for issue in exc.issues:
        console.print(f"  [red]-[/] {escape(str(issue))}")


def _read_or_exit(path: Path, as_json: bool) -> Network:
    """Read a network; on bad input print every problem and exit with code 2."""
    try:
        return read_network(path)
    except NetworkImportError as exc:
        if as_json:
            _print_json({"path": str(path), "valid": False, "issues": _issues_json(exc)})
        else:
            _print_issues(exc, path, _err())
        raise typer.Exit(code=2) from None


def _write_or_exit(network: Network, path: Path) -> Path:
    try:
        return write_network(network, path)
    except NetworkImportError as exc:
        _print_issues(exc, path, _err())
        raise typer.Exit(code=2) from None
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")


def _fail(message: str) -> NoReturn:
    _err().print(f"[bold red]Error:[/] {escape(message)}")
    raise typer.Exit(code=2)


def _overview(summary: NetworkSummary) -> Table:
    table = Table(title=escape(summary.name), show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", overflow="fold")
    kinds = ", ".join(f"{n} {k}" for k, n in summary.hub_kinds.items())
    rows = [
        ("Hubs", f"{summary.hubs} ({kinds})"),
        ("Lanes", f"{summary.lanes} ({summary.own_lanes} own, {summary.contract_lanes} contract)"),
        ("Demands", f"{summary.demands} from {summary.customers} customers"),
        ("Weekly volume", f"{summary.weekly_t:,.1f} t"),
        ("Hub capacity", f"{summary.hub_capacity_t_per_day:,.0f} t/day"),
        ("Lane capacity", f"{summary.lane_trucks_per_day:,} trucks/day"),
        ("Trailers", f"{summary.trailers:,}"),
        ("Driver-days", f"{summary.driver_days_per_week:,} per week"),
        ("Calendar", f"{summary.days} days x {summary.buckets_per_day} buckets"),
        ("Content hash", summary.content_hash),
    ]
    for what, value in rows:
        table.add_row(what, escape(value))
    return table


def _regions(summary: NetworkSummary) -> Table:
    table = Table(title="Regions", title_justify="left")
    for name in ("Region", "Hubs", "Out t/week", "In t/week", "Capacity t/day", "Driver-days"):
        table.add_column(name, justify="left" if name == "Region" else "right")
    for r in summary.regions:
        table.add_row(
            escape(r.region),
            str(r.hubs),
            f"{r.outbound_t_per_week:,.1f}",
            f"{r.inbound_t_per_week:,.1f}",
            f"{r.hub_capacity_t_per_day:,.0f}",
            f"{r.driver_days_per_week:,}",
        )
    return table


@network_app.command("demo")
def demo(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Where to write: a folder (CSV), .xlsx or .json."),
    ],
    hubs: Annotated[int, typer.Option(min=5, max=400, help="Number of hubs.")] = 40,
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same bytes.")] = 7,
    as_json: JsonOpt = False,
) -> None:
    """Write a deterministic demo network over real European cities."""
    network = demo_network(hubs=hubs, seed=seed)
    path = _write_or_exit(network, out)
    summary = network_summary(network)
    if as_json:
        _print_json({"path": str(path), "format": network_format(path), **summary.model_dump()})
        return
    _out().print(
        f"Wrote [bold]{escape(summary.name)}[/] to {escape(str(path))} "
        f"({network_format(path)}): {summary.hubs} hubs, {summary.lanes} lanes, "
        f"{summary.demands} demands, {summary.weekly_t:,.0f} t/week; "
        f"hash {summary.content_hash[:12]}"
    )


@network_app.command("validate")
def validate(path: PathArg, as_json: JsonOpt = False) -> None:
    """Check a network file; exit 0 when valid, 1 with every problem listed when not."""
    try:
        network = read_network(path)
    except NetworkImportError as exc:
        if as_json:
            _print_json({"path": str(path), "valid": False, "issues": _issues_json(exc)})
        else:
            _print_issues(exc, path, _out())
        raise typer.Exit(code=1) from None
    summary = network_summary(network)
    if as_json:
        _print_json(
            {"path": str(path), "valid": True, "issues": [], "content_hash": summary.content_hash}
        )
        return
    _out().print(
        f"[bold green]valid[/]: {escape(summary.name)}: {summary.hubs} hubs, "
        f"{summary.lanes} lanes, {summary.demands} demands; hash {summary.content_hash}"
    )


@network_app.command("info")
def info(path: PathArg, as_json: JsonOpt = False) -> None:
    """Show what a network holds: counts, weekly tonnes, capacities, regions, content hash."""
    summary = network_summary(_read_or_exit(path, as_json))
    if as_json:
        _print_json({"path": str(path), **summary.model_dump()})
        return
    console = _out()
    console.print(_overview(summary))
    console.print(_regions(summary))


@network_app.command("show", hidden=True)
def show(path: PathArg, as_json: JsonOpt = False) -> None:
    """Same as ``info``."""
    info(path, as_json)


@network_app.command("convert")
def convert(
    src: Annotated[Path, typer.Argument(help="Network to read (CSV folder, .xlsx, .json).")],
    dst: Annotated[Path, typer.Argument(help="Where to write (CSV folder, .xlsx, .json).")],
    as_json: JsonOpt = False,
) -> None:
    """Convert a network between CSV folder, XLSX workbook and JSON (lossless)."""
    network = _read_or_exit(src, as_json)
    path = _write_or_exit(network, dst)
    digest = network.content_hash()
    if as_json:
        _print_json(
            {
                "source": str(src),
                "target": str(path),
                "format": network_format(path),
                "content_hash": digest,
            }
        )
        return
    _out().print(
        f"Converted {escape(str(src))} -> {escape(str(path))} ({network_format(path)}); "
        f"hash {digest}"
    )


def register(app: typer.Typer) -> None:
    """Add the ``network`` command group to the ``lanewise`` app."""
    app.add_typer(network_app, name="network")
