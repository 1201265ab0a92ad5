"""``lanewise actuals``: import a week's actuals, show stored weeks, compare a week with its plan.

Actuals files are a folder of CSV files, an ``.xlsx`` workbook or a ``.json`` file (see
``docs/actuals-format.md``). ``import`` checks everything first and stores nothing when
any row is wrong, listing each problem with file, row, column and reason (exit 2);
importing the same file again changes nothing. Other errors exit 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from assistant.cli.common import (
    JsonOpt,
    UserOpt,
    actor_for,
    dump,
    handled,
    out,
    print_json,
    run_as,
)
from tools import (
    ActualsImportError,
    ActualsImportView,
    CalibrationProposal,
    WeekReview,
    default_database,
    import_actuals,
    list_actual_weeks,
    proposal_lines,
    propose_calibration,
    read_actuals,
    week_actuals,
    week_vs_plan,
    write_week_review_xlsx,
)

actuals_app = typer.Typer(
    name="actuals",
    help="Actuals of executed weeks: import (CSV folder, .xlsx, .json), show, compare with plan.",
    no_args_is_help=True,
)

WeekArg = Annotated[str, typer.Argument(help="ISO week, e.g. 2026-W49.")]


def _issues_exit(exc: ActualsImportError, as_json: bool) -> typer.Exit:
    if as_json:
        print_json(
            {
                "error": "ActualsImportError",
                "message": f"{len(exc.issues)} problem(s), nothing imported",
                "issues": [
                    {
                        "file": i.file,
                        "sheet": i.sheet,
                        "row": i.row,
                        "column": i.column,
                        "reason": i.reason,
                    }
                    for i in exc.issues
                ],
            }
        )
    else:
        console = out()
        console.print(f"[red]{len(exc.issues)} problem(s), nothing imported:[/red]")
        for issue in exc.issues:
            console.print(f"  - {escape(str(issue))}")
    return typer.Exit(2)


def _print_import(view: ActualsImportView) -> None:
    out().print(
        f"Week {view.week} → {escape(view.scenario_name)} v{view.n}: "
        f"{view.added} added, {view.updated} updated, {view.unchanged} unchanged "
        f"({view.rows_in_week} rows stored for the week) · {view.url}"
    )


@actuals_app.command("import")
def import_command(
    path: Annotated[
        Path, typer.Argument(help="A folder of CSV files, an .xlsx workbook or a .json file.")
    ],
    week: Annotated[
        str | None, typer.Option("--week", help="ISO week, e.g. 2026-W49 (or in the file).")
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", help="Scenario executed (default: the week's, else live)."),
    ] = None,
    version: Annotated[
        int | None, typer.Option("--version", help="Version executed (default: head).")
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Check and store a week's actuals against the version it executed."""

    with handled(as_json):
        db = default_database()
        actor = actor_for(db, user)
        try:
            view = import_actuals(
                db, actor, read_actuals(path, week, collect=True), scenario=scenario, n=version
            )
        except ActualsImportError as exc:
            raise _issues_exit(exc, as_json) from None
    if as_json:
        print_json(dump(view))
    else:
        _print_import(view)


@actuals_app.command("weeks")
def weeks_command(as_json: JsonOpt = False, user: UserOpt = None) -> None:
    """Weeks with actuals, newest first, and the version each executed."""
    weeks = run_as(as_json, user, list_actual_weeks)
    if as_json:
        print_json(dump(weeks))
        return
    table = Table("week", "version", "rows")
    for w in weeks:
        table.add_row(w.week, f"{escape(w.scenario_name)} v{w.n}", str(w.rows))
    out().print(table)


@actuals_app.command("show")
def show_command(week: WeekArg, as_json: JsonOpt = False, user: UserOpt = None) -> None:
    """A stored week: rows per table and the imports that wrote them."""
    stored = run_as(as_json, user, lambda db, actor: week_actuals(db, actor, week))
    if as_json:
        print_json(dump(stored))
        return
    acts = stored.actuals
    console = out()
    console.print(
        f"Week {acts.week} executed {escape(stored.version.scenario_name)} v{stored.version.n}: "
        f"{len(acts.dispatches)} dispatch rows, {len(acts.deliveries)} delivery rows, "
        f"{len(acts.trailers)} trailer rows, {len(acts.drivers)} driver rows, "
        f"{len(acts.disruptions)} disruptions"
    )
    table = Table("import", "when", "source", "added", "updated", "unchanged")
    for i in stored.imports:
        table.add_row(
            str(i.id),
            i.created_at.strftime("%Y-%m-%d %H:%M"),
            escape(i.source),
            str(i.added),
            str(i.updated),
            str(i.unchanged),
        )
    console.print(table)


def _num(value: float | int | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _print_review(review: WeekReview, top: int) -> None:
    report = review.report
    t = report.totals
    console = out()
    console.print(
        f"Week {report.week} against {escape(review.version.scenario_name)} "
        f"v{review.version.n}: {_num(t.actual_t)} t dispatched vs {_num(t.planned_t)} t planned "
        f"({t.deviation_t:+,.1f} t), trucks {t.actual_trucks} vs {t.planned_trucks}, "
        f"linehaul €{_num(t.actual_cost_eur, 0)} vs €{_num(t.planned_cost_eur, 0)}, "
        f"on time {_pct(t.actual_on_time)} vs {_pct(t.planned_on_time)}"
    )
    table = Table(
        "where",
        "planned t",
        "actual t",
        "deviation",
        "trucks",
        "empties",
        "on time",
        title="Biggest deviations",
    )
    for r in report.rows[:top]:
        table.add_row(
            f"{r.dimension} {escape(r.label or r.key)}",
            _num(r.planned_t),
            _num(r.actual_t),
            f"{r.deviation_t:+,.1f} t"
            + (f" ({r.deviation_share:+.0%})" if r.deviation_share is not None else ""),
            "-" if r.planned_trucks is None else f"{r.planned_trucks} → {r.actual_trucks}",
            "-" if r.planned_empties is None else f"{r.planned_empties} → {r.actual_empties}",
            "-"
            if r.planned_on_time is None
            else f"{_pct(r.planned_on_time)} → {_pct(r.actual_on_time)}",
        )
    console.print(table)
    bias = Table(
        "demand bias",
        "planned t",
        "actual t",
        "actual / planned",
        title="Where the model was wrong",
    )
    for b in report.demand_bias[:top]:
        bias.add_row(
            f"{b.dimension} {escape(b.key)}", _num(b.planned), _num(b.actual), _num(b.ratio, 3)
        )
    console.print(bias)
    transit = Table("lane", "planned h", "actual h", "dispatches")
    for b in report.transit_bias[:top]:
        transit.add_row(escape(b.key), _num(b.planned, 2), _num(b.actual, 2), str(b.observations))
    console.print(transit)
    hubs = Table("hub", "capacity t/day", "planned peak t", "actual peak t", "days over")
    for h in report.hub_throughput[:top]:
        hubs.add_row(
            escape(h.label),
            _num(h.capacity_t_per_day, 0),
            _num(h.planned_peak_t),
            _num(h.actual_peak_t),
            f"{h.planned_days_over} → {h.actual_days_over}",
        )
    console.print(hubs)


@actuals_app.command("vs-plan")
def vs_plan_command(
    week: WeekArg,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows to show per table.")] = 10,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Also write the whole review to this .xlsx.")
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Plan vs actual for a stored week: biggest deviations first, and the model's biases."""
    review: WeekReview = run_as(as_json, user, lambda db, actor: week_vs_plan(db, actor, week))
    if xlsx is not None:
        with handled(as_json):
            write_week_review_xlsx(review, xlsx)
    if as_json:
        data: dict[str, Any] = dump(review)
        print_json(data)
    else:
        _print_review(review, top)
        if xlsx is not None:
            out().print(f"Wrote {escape(str(xlsx))}")


@actuals_app.command("calibrate")
def calibrate_command(
    weeks: Annotated[list[str] | None, typer.Argument(help="ISO weeks of stored actuals.")] = None,
    last: Annotated[
        int | None, typer.Option("--last", min=1, help="The newest N weeks instead.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Name of the proposed scenario.")
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Fit demand factors and lane transit times to stored weeks and propose them as a new
    scenario (never live)."""
    proposal: CalibrationProposal = run_as(
        as_json,
        user,
        lambda db, actor: propose_calibration(db, actor, weeks, last=last, name=name),
    )
    if as_json:
        print_json(dump(proposal))
        return
    console = out()
    for line in proposal_lines(proposal):
        console.print(escape(line))


def register(app: typer.Typer) -> None:
    """Add the ``actuals`` commands to the ``lanewise`` app."""
    app.add_typer(actuals_app, name="actuals")
