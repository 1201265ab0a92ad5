"""``lanewise init`` and ``lanewise scenario …``: versioned what-if scenarios from the shell.

Every command acts as the user named by ``--user`` or ``LANEWISE_USER`` (name, email or
id), by default the first admin created by ``lanewise init``. The database is the one
``DATABASE_URL`` or ``LANEWISE_HOME`` names. ``--json`` prints machine-readable output;
errors exit with code 1 and say why (as ``{"error": …}`` with ``--json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.markup import escape
from rich.table import Table

from assistant.cli.common import (
    JsonOpt,
    UserOpt,
)
from assistant.cli.common import (
    dump as _dump,
)
from assistant.cli.common import (
    handled as _handled,
)
from assistant.cli.common import (
    out as _out,
)
from assistant.cli.common import (
    print_json as _print_json,
)
from assistant.cli.common import (
    run_as as _run,
)
from tools import (
    Database,
    DiffView,
    UserRef,
    VersionView,
    bootstrap_admin,
    clone_scenario,
    create_live,
    create_scenario,
    default_database,
    demo_network,
    diff_versions,
    edit_scenario,
    get_scenario,
    history,
    list_scenarios,
    parse_version_ref,
    promote,
    read_network,
    rename_scenario,
    revert,
    share,
    unshare,
    user_ref,
    version_network,
    write_network,
)

scenario_app = typer.Typer(
    name="scenario",
    help="Versioned what-if scenarios: list, create, clone, edit, history, diff, revert, "
    "share, promote, export.",
    no_args_is_help=True,
)

ScenarioArg = Annotated[str, typer.Argument(help="Scenario id or name.")]


def _version_line(v: VersionView) -> str:
    what = "; ".join(v.descriptions) or v.kind.value
    extra = f" (rebased from v{v.based_on_n})" if v.rebased else ""
    return f"{v.scenario_name} v{v.n}{extra}: {what} — {v.url}"


def _print_version(v: VersionView, as_json: bool) -> None:
    if as_json:
        _print_json(_dump(v))
    else:
        _out().print(escape(_version_line(v)))


def _read_edits(text: str) -> Any:
    raw = text
    if text.startswith("@"):
        path = Path(text[1:])
        if not path.is_file():
            raise ValueError(f"edit file {path} does not exist")
        raw = path.read_text(encoding="utf-8")
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the edit is not valid JSON (line {exc.lineno}): {exc.msg}") from None


# --------------------------------------------------------------------- init


def init(
    name: Annotated[str, typer.Option(help="Name of the first admin.")] = "admin",
    email: Annotated[str, typer.Option(help="Email of the first admin.")] = "admin@localhost",
    hubs: Annotated[int, typer.Option(help="Hubs in the demo network used as live.")] = 40,
    seed: Annotated[int, typer.Option(help="Seed of the demo network.")] = 7,
    network: Annotated[
        Path | None,
        typer.Option(help="Load this network file (CSV folder, .xlsx, .json) instead."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create the database, the first admin (its API token is printed once) and live."""
    with _handled(as_json):
        db = default_database()
        net = read_network(network) if network is not None else demo_network(hubs=hubs, seed=seed)
        admin_view, token = bootstrap_admin(db, name, email)
        admin = user_ref(db, admin_view.id)
        live = create_live(db, admin, net)
    result = {
        "database": repr(db),
        "admin": admin_view.name,
        "token": token,
        "live": live.model_dump(mode="json"),
        "hubs": len(net.hubs),
        "lanes": len(net.lanes),
        "demands": len(net.demands),
    }
    if as_json:
        _print_json(result)
        return
    out = _out()
    out.print(f"Database ready: {escape(repr(db))}")
    out.print(f"Admin [bold]{escape(admin_view.name)}[/bold] — API token (shown once):")
    out.print(token, markup=False)
    out.print(
        f"Live network {escape(net.name)!r}: {len(net.hubs)} hubs, {len(net.lanes)} lanes, "
        f"{len(net.demands)} demands — {live.url}/versions/{live.head}"
    )


# ---------------------------------------------------------------- scenarios


@scenario_app.command("list")
def list_cmd(as_json: JsonOpt = False, user: UserOpt = None) -> None:
    """Scenarios you can see (live first)."""
    rows = _run(as_json, user, list_scenarios)
    if as_json:
        _print_json(_dump(rows))
        return
    table = Table("id", "name", "owner", "head", "shared", "network", "updated")
    for r in rows:
        table.add_row(
            str(r.id),
            escape(r.name) + (" (protected)" if r.protected else ""),
            escape(r.owner),
            f"v{r.head}",
            "yes" if r.shared else "private",
            escape(r.network_name or ""),
            r.updated_at.strftime("%Y-%m-%d %H:%M"),
        )
    _out().print(table)


@scenario_app.command("show")
def show_cmd(scenario: ScenarioArg, as_json: JsonOpt = False, user: UserOpt = None) -> None:
    """One scenario and its head version."""
    sc = _run(as_json, user, lambda db, me: get_scenario(db, me, scenario))
    if as_json:
        _print_json(_dump(sc))
        return
    share_txt = "shared" if sc.shared else "private"
    _out().print(
        f"{escape(sc.name)} (id {sc.id}, {share_txt}, owner {escape(sc.owner)}): head v{sc.head}, "
        f"network {escape(sc.network_name or '')} {sc.network_hash[:12] if sc.network_hash else ''}"
        f" — {sc.url}"
    )


@scenario_app.command("create")
def create_cmd(
    name: Annotated[str, typer.Argument(help="Name of the new scenario.")],
    source: Annotated[
        str, typer.Option("--from", help="Start from this version ('name@n'; default live).")
    ] = "live",
    shared: Annotated[bool, typer.Option("--shared", help="Share with the team now.")] = False,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Create a scenario from live (or any version): a pointer, nothing is copied."""

    def go(db: Database, me: UserRef) -> Any:
        ref = parse_version_ref(source)
        return create_scenario(db, me, name, source=ref.scenario, n=ref.n, shared=shared)

    sc = _run(as_json, user, go)
    if as_json:
        _print_json(_dump(sc))
    else:
        _out().print(f"Created {escape(sc.name)} (id {sc.id}) at v{sc.head} — {sc.url}")


@scenario_app.command("clone")
def clone_cmd(
    source: ScenarioArg,
    name: Annotated[str, typer.Argument(help="Name of the copy.")],
    shared: Annotated[bool, typer.Option("--shared", help="Share with the team now.")] = False,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Copy a scenario at its head (O(1): a new pointer)."""
    sc = _run(as_json, user, lambda db, me: clone_scenario(db, me, source, name, shared=shared))
    if as_json:
        _print_json(_dump(sc))
    else:
        _out().print(f"Cloned into {escape(sc.name)} (id {sc.id}) at v{sc.head} — {sc.url}")


@scenario_app.command("edit")
def edit_cmd(
    scenario: ScenarioArg,
    edit: Annotated[
        str,
        typer.Argument(help="An edit (or list of edits) as JSON, or @file.json."),
    ],
    expect: Annotated[
        int | None,
        typer.Option("--expect", help="The head version you based the edit on (default: now)."),
    ] = None,
    message: Annotated[str, typer.Option("--message", "-m", help="Why.")] = "",
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Apply edits as a new version (rebased if others wrote meanwhile on other entities)."""

    def go(db: Database, me: UserRef) -> VersionView:
        edits = _read_edits(edit)
        return edit_scenario(db, me, scenario, edits, expected_head=expect, message=message)

    _print_version(_run(as_json, user, go), as_json)


@scenario_app.command("history")
def history_cmd(
    scenario: ScenarioArg,
    limit: Annotated[int, typer.Option(help="Newest versions to show.")] = 50,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Versions of a scenario, newest first."""
    rows = _run(as_json, user, lambda db, me: history(db, me, scenario, limit=limit))
    if as_json:
        _print_json(_dump(rows))
        return
    table = Table("v", "kind", "author", "when", "changes", "message")
    for v in rows:
        table.add_row(
            str(v.n) + (" (rebased)" if v.rebased else ""),
            v.kind.value + (f" from {v.merged_from}" if v.merged_from else ""),
            escape(v.author),
            v.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            escape("; ".join(v.descriptions)),
            escape(v.message),
        )
    _out().print(table)


def _print_diff(d: DiffView, *, every: bool = False) -> None:
    """The changes grouped by kind with totals; with ``every``, each change on its own line."""
    out = _out()
    out.print(
        f"{escape(d.a.scenario_name)} v{d.a.n} → {escape(d.b.scenario_name)} v{d.b.n}: "
        + ("identical networks" if d.identical else f"{len(d.changes):,} change(s)")
    )
    for g in d.groups:
        out.print(f"[bold]{escape(g.title)}[/bold]")
        for line in g.summary:
            out.print(f"  • {escape(line)}")
        if every:
            for line in g.details:
                out.print(f"      {escape(line)}", style="dim")
    if d.changes and not every:
        out.print("Every change one by one: --all (or --json)", style="dim")
    if d.kpis:
        kt = Table("KPI", "before", "after", "delta")
        for k in d.kpis:
            kt.add_row(k.name, f"{k.before:,.4g}", f"{k.after:,.4g}", f"{k.delta:+,.4g}")
        out.print(kt)
    else:
        out.print(escape(d.kpi_note))


@scenario_app.command("diff")
def diff_cmd(
    a: Annotated[str, typer.Argument(help="First version: 'name@n', 'id@n' or a scenario.")],
    b: Annotated[str, typer.Argument(help="Second version.")],
    every: Annotated[
        bool, typer.Option("--all", help="Also list every change one by one, in words.")
    ] = False,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """What changed between two versions, grouped by kind with totals (demand, hubs, lanes,
    drivers, fleet, policy), with KPI deltas if both are solved."""
    d = _run(as_json, user, lambda db, me: diff_versions(db, me, a, b))
    if as_json:
        _print_json(_dump(d))
    else:
        _print_diff(d, every=every)


@scenario_app.command("revert")
def revert_cmd(
    scenario: ScenarioArg,
    to: Annotated[int, typer.Argument(help="The version whose network to restore.")],
    expect: Annotated[
        int | None, typer.Option("--expect", help="The head version you based this on.")
    ] = None,
    message: Annotated[str, typer.Option("--message", "-m", help="Why.")] = "",
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Make a new version equal to an earlier one (history is kept)."""
    v = _run(
        as_json,
        user,
        lambda db, me: revert(db, me, scenario, to, expected_head=expect, message=message),
    )
    _print_version(v, as_json)


@scenario_app.command("share")
def share_cmd(scenario: ScenarioArg, as_json: JsonOpt = False, user: UserOpt = None) -> None:
    """Make your scenario visible to the team."""
    sc = _run(as_json, user, lambda db, me: share(db, me, scenario))
    if as_json:
        _print_json(_dump(sc))
    else:
        _out().print(f"{escape(sc.name)} is shared — {sc.url}")


@scenario_app.command("rename")
def rename_cmd(
    scenario: ScenarioArg,
    name: Annotated[str, typer.Argument(help="The new name (unique among your scenarios).")],
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Give your scenario a new name (its versions and links stay)."""
    sc = _run(as_json, user, lambda db, me: rename_scenario(db, me, scenario, name))
    if as_json:
        _print_json(_dump(sc))
    else:
        _out().print(f"Renamed to {escape(sc.name)} — {sc.url}")


@scenario_app.command("unshare")
def unshare_cmd(scenario: ScenarioArg, as_json: JsonOpt = False, user: UserOpt = None) -> None:
    """Make your scenario private again."""
    sc = _run(as_json, user, lambda db, me: unshare(db, me, scenario))
    if as_json:
        _print_json(_dump(sc))
    else:
        _out().print(f"{escape(sc.name)} is private")


@scenario_app.command("promote")
def promote_cmd(
    scenario: ScenarioArg,
    n: Annotated[int, typer.Argument(help="The version to make live.")],
    network_hash: Annotated[
        str, typer.Option("--hash", help="Network hash of the version you reviewed.")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why this goes live.")],
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Approver: make one exact version (by its network hash) the live plan."""
    d = _run(as_json, user, lambda db, me: promote(db, me, scenario, n, network_hash, reason))
    if as_json:
        _print_json(_dump(d))
    else:
        _out().print(
            f"Live is now v{d.live_n} = {escape(d.scenario_name)} v{d.n} "
            f"({d.network_hash[:12]}), approved by {escape(d.approver)}: {escape(d.reason)}"
            f" — {d.url}"
        )


@scenario_app.command("export")
def export_cmd(
    version: Annotated[str, typer.Argument(help="Version to export: 'name@n' or a scenario.")],
    path: Annotated[Path, typer.Argument(help="Output: a folder (CSV), .xlsx or .json file.")],
    fmt: Annotated[
        Literal["csv", "xlsx", "json"] | None,
        typer.Option("--format", help="Check the output format (else taken from the path)."),
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Write a version's network as CSV files, an XLSX workbook or JSON."""

    def go(db: Database, me: UserRef) -> tuple[Path, str]:
        suffix = path.suffix.lower()
        inferred = "xlsx" if suffix == ".xlsx" else "json" if suffix == ".json" else "csv"
        if fmt is not None and fmt != inferred:
            raise ValueError(
                f"--format {fmt} does not match {path} (a {inferred} target): "
                "use a .xlsx or .json file name, or a folder for CSV"
            )
        ref = parse_version_ref(version)
        net = version_network(db, me, ref.scenario, ref.n)
        return write_network(net, path), net.content_hash()

    written, digest = _run(as_json, user, go)
    if as_json:
        _print_json({"path": str(written), "network_hash": digest})
    else:
        _out().print(f"Wrote {escape(str(written))} ({digest[:12]})")


def register(app: typer.Typer) -> None:
    """Add ``init`` and the ``scenario`` commands to the ``lanewise`` app."""
    app.command("init")(init)
    app.add_typer(scenario_app, name="scenario")
