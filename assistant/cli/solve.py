"""``lanewise solve NETWORK_PATH``: design the week's plan for a network file and show its KPIs.

The network is a folder of CSV files, an ``.xlsx`` workbook or a ``.json`` file. A Rich
progress bar (on stderr) shows the elapsed share of the safety time limit, the best plan
so far and how far from the best possible plan it may be. The result says the plan's
quality in words ("proven within 0.8% of the best possible plan", "not yet proven: at
most 7.9% above …"). ``--json`` prints status, quality, objective, ``best_bound_eur`` (a
lower bound on every plan of the network), ``gap`` (to that bound), the plain full LP
bound, seconds, the KPIs and the violations; ``--export`` writes the plan (CSV folder, ``.xlsx`` or
``.json``, see ``docs/plan-format.md``). Exit codes: 0 with a plan, 1 when no plan came
back, 2 when the input cannot be read or the options are invalid.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tools import (
    PLANNING_SETTINGS,
    NetworkImportError,
    NetworkSolve,
    PlanImportError,
    SolveProgress,
    SolveSettings,
    plan_quality,
    program_stdout,
    read_network,
    solve_network,
    write_plan,
)

PathArg = Annotated[
    Path, typer.Argument(help="A folder of CSV files, an .xlsx workbook or a .json file.")
]


def _err() -> Console:
    return Console(stderr=True, soft_wrap=True)


def _fail(message: str, as_json: bool, details: list[str] | None = None) -> typer.Exit:
    if as_json:
        typer.echo(json.dumps({"error": message, "details": details or []}, indent=2))
    else:
        _err().print(f"[red]{escape(message)}[/red]")
        for line in details or []:
            _err().print(f"  - {escape(line)}")
    return typer.Exit(2)


def _eur(value: float | None) -> str:
    return "-" if value is None else f"€{value:,.0f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


def result_payload(run: NetworkSolve, export: Path | None) -> dict[str, Any]:
    """What ``--json`` prints: the solve's numbers, KPIs and violations."""
    r = run.result
    ev = run.evaluation
    return {
        "status": r.status,
        "quality": plan_quality(r.status, r.gap),
        "objective_eur": r.objective_eur,
        "best_bound_eur": r.best_bound_eur,
        "relaxation_bound_eur": r.relaxation_bound_eur,
        "gap": r.gap,
        "seconds": r.seconds,
        "ortools_version": r.ortools_version,
        "settings": r.settings.model_dump(mode="json"),
        "message": r.message,
        "kpis": ev.kpis.model_dump(mode="json") if ev is not None else None,
        "violations": [v.model_dump(mode="json") for v in ev.violations] if ev else [],
        "export": str(export) if export is not None else None,
    }


def _show(run: NetworkSolve, export: Path | None) -> None:
    out = Console(soft_wrap=True)
    r = run.result
    head = Table(title="Solve", show_header=False)
    head.add_row("plan", plan_quality(r.status, r.gap))
    head.add_row("cost", _eur(r.objective_eur))
    head.add_row("no plan can cost less than", _eur(r.best_bound_eur))
    head.add_row("seconds", f"{r.seconds:.1f}")
    head.add_row("OR-Tools", r.ortools_version)
    if r.message:
        head.add_row("note", r.message)
    out.print(head)
    ev = run.evaluation
    if ev is None:
        return
    k = ev.kpis
    kpis = Table(title="KPIs", show_header=False)
    rows = [
        ("total cost", _eur(k.total_cost_eur)),
        ("  linehaul", _eur(k.linehaul_cost_eur)),
        ("  handling", _eur(k.handling_cost_eur)),
        ("  empty repositioning", _eur(k.empty_cost_eur)),
        (
            "  late / unserved penalties",
            f"{_eur(k.late_penalty_eur)} / {_eur(k.unserved_penalty_eur)}",
        ),
        ("cost per tonne-km", f"€{k.cost_per_tkm_eur:.3f}"),
        ("service level (on time)", _pct(k.service_level)),
        (
            "demand / late / unserved",
            f"{k.demand_t:,.0f} t / {k.late_t:,.0f} t / {k.unserved_t:,.0f} t",
        ),
        ("trucks / empty trailers", f"{k.trucks:,} / {k.empty_trailers:,}"),
        ("truck fill rate", _pct(k.truck_fill_rate)),
        ("empty km share", _pct(k.empty_km_share)),
        (
            "max lane / hub / driver use",
            " / ".join(
                _pct(x)
                for x in (k.lane_utilisation_max, k.hub_utilisation_max, k.driver_utilisation_max)
            ),
        ),
        (
            "trailers needed / fleet",
            f"{k.trailers_required} / "
            + (str(k.trailers_available) if k.trailers_available is not None else "unlimited"),
        ),
        ("violations (hard / soft)", f"{k.hard_violations} / {k.soft_violations}"),
    ]
    for name, value in rows:
        kpis.add_row(name, value)
    out.print(kpis)
    shown = [v for v in ev.violations if v.hard][:10] or list(ev.violations[:10])
    if shown:
        table = Table(title="Violations" + (" (first 10)" if len(ev.violations) > 10 else ""))
        table.add_column("kind")
        table.add_column("hard")
        table.add_column("message")
        for v in shown:
            table.add_row(v.kind.value, "yes" if v.hard else "no", escape(v.message))
        out.print(table)
    if export is not None:
        out.print(f"Plan written to {escape(str(export))}")


def solve_command(
    network_path: PathArg,
    time_limit: Annotated[
        float,
        typer.Option(
            "--time-limit", help="Safety stop in seconds; if it fires the plan is 'unfinished'."
        ),
    ] = 60.0,
    gap: Annotated[float, typer.Option("--gap", help="Relative gap to stop at.")] = 0.01,
    threads: Annotated[int, typer.Option("--threads")] = 1,
    seed: Annotated[int, typer.Option("--seed")] = 7,
    backend: Annotated[str, typer.Option("--backend", help="highs or scip.")] = "highs",
    lp_rounds: Annotated[
        int | None, typer.Option("--lp-rounds", help="Effort: column-generation rounds at most.")
    ] = None,
    mip_nodes: Annotated[
        int | None, typer.Option("--mip-nodes", help="Effort: branch-and-bound nodes per stage.")
    ] = None,
    cut_rounds: Annotated[
        int,
        typer.Option(
            "--cut-rounds",
            help="Effort: rounds of cuts that tighten the bound (they stop once one barely helps).",
        ),
    ] = PLANNING_SETTINGS.cut_rounds,
    link_cuts: Annotated[
        int,
        typer.Option(
            "--link-cuts", help="Effort: strong linking cuts per cut round at most (0: none)."
        ),
    ] = PLANNING_SETTINGS.link_cuts,
    slope_rounds: Annotated[
        int,
        typer.Option(
            "--slope-rounds",
            help="Effort: slope-scaling LPs whose plans fill their trucks (0: none).",
        ),
    ] = PLANNING_SETTINGS.slope_rounds,
    timing_mip: Annotated[
        bool,
        typer.Option(
            "--timing-mip/--no-timing-mip",
            help="Effort: the design's second MIP over other timings of its routes.",
        ),
    ] = PLANNING_SETTINGS.timing_mip,
    search_rounds: Annotated[
        int,
        typer.Option(
            "--search-rounds",
            help="Effort: parts of the network searched after the design solve (0: none).",
        ),
    ] = PLANNING_SETTINGS.search_rounds,
    search_nodes: Annotated[
        int | None,
        typer.Option(
            "--search-nodes",
            help="Effort: branch-and-bound nodes per search MIP (default: --mip-nodes).",
        ),
    ] = PLANNING_SETTINGS.search_nodes,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    export: Annotated[
        Path | None, typer.Option("--export", help="Write the plan: folder, .xlsx or .json.")
    ] = None,
) -> None:
    """Design the week's plan for a network file and show cost, service and violations."""
    try:
        net = read_network(network_path)
    except NetworkImportError as exc:
        raise _fail(f"cannot read {network_path}", as_json, [str(i) for i in exc.issues]) from None
    try:
        settings = SolveSettings.model_validate(
            {
                "time_limit_s": time_limit,
                "relative_gap": gap,
                "threads": threads,
                "seed": seed,
                "backend": backend,
                "cut_rounds": cut_rounds,
                "link_cuts": link_cuts,
                "slope_rounds": slope_rounds,
                "timing_mip": timing_mip,
                "search_rounds": search_rounds,
                "search_nodes": search_nodes,
                **({"lp_rounds": lp_rounds} if lp_rounds is not None else {}),
                **({"mip_nodes": mip_nodes} if mip_nodes is not None else {}),
            }
        )
    except ValidationError as exc:
        details = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise _fail("invalid options", as_json, details) from None
    try:
        if as_json:
            with program_stdout():  # the solver's native prints go to stderr, not the JSON
                run = solve_network(net, settings)
        else:
            run = _solve_with_bar(net, settings)
    except ValueError as exc:
        raise _fail(str(exc), as_json) from None
    if export is not None and run.result.plan is not None:
        try:
            write_plan(net, run.result.plan, export, run.evaluation)
        except PlanImportError as exc:
            raise _fail("cannot export", as_json, [str(i) for i in exc.issues]) from None
    if as_json:
        typer.echo(json.dumps(result_payload(run, export), indent=2, ensure_ascii=False))
    else:
        _show(run, export)
    if run.result.plan is None:
        raise typer.Exit(1)


def _solve_with_bar(net: Any, settings: SolveSettings) -> NetworkSolve:
    with Progress(
        TextColumn("[bold]{task.fields[phase]:<10}"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[detail]}"),
        console=_err(),
        transient=False,
    ) as bar:
        task = bar.add_task("solve", total=settings.time_limit_s, phase="start", detail="")

        def update(p: SolveProgress) -> None:
            detail = f"best {_eur(p.incumbent_eur)}"
            if p.gap is not None:
                detail += f"  at most {p.gap:.1%} above the best possible plan"
            bar.update(
                task,
                completed=min(p.elapsed_s, settings.time_limit_s),
                phase=p.phase,
                detail=detail,
            )

        run = solve_network(net, settings, progress=update)
        bar.update(task, completed=settings.time_limit_s, phase=run.result.status)
    return run


def register(app: typer.Typer) -> None:
    """Add ``lanewise solve`` to the app."""
    app.command("solve")(solve_command)
