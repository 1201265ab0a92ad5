"""``lanewise simulate-week``: actuals of a simulated week from a version's stored plan.

The noise model and its settings are documented in ``docs/actuals-format.md``; the same
plan, week and settings give identical actuals. The week is stored like imported actuals
(with the seed and settings recorded) unless ``--no-store``; ``--out`` also writes it as
a CSV folder, ``.xlsx`` or ``.json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from assistant.cli.common import JsonOpt, UserOpt, dump, handled, out, print_json, run_as
from tools import SimulatedWeek, SimulationSettings, simulate_version_week, write_actuals

_BiasOpt = typer.Option(help="NAME=SHARE, repeatable (0.2 = 20% more than forecast).")


def _pairs(values: list[str] | None, what: str) -> dict[str, float]:
    """``NAME=NUMBER`` options as a dict; BadParameter naming the option otherwise."""
    out_: dict[str, float] = {}
    for text in values or []:
        name, sep, number = text.rpartition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            out_[name.strip()] = float(number)
        except ValueError:
            raise typer.BadParameter(f"{text!r}: write NAME=NUMBER", param_hint=what) from None
    return out_


def simulate_week_command(
    week: Annotated[str, typer.Option("--week", help="ISO week to simulate, e.g. 2026-W50.")],
    seed: Annotated[int, typer.Option(min=0, help="Seed of every random draw.")] = 1,
    scenario: Annotated[str, typer.Option(help="Scenario whose plan is executed.")] = "live",
    version: Annotated[int | None, typer.Option(help="Version (default: head).")] = None,
    demand_sigma: Annotated[float, typer.Option(help="Noise per demand.")] = 0.10,
    customer_sigma: Annotated[float, typer.Option(help="Noise per customer.")] = 0.05,
    region_sigma: Annotated[float, typer.Option(help="Noise per origin region.")] = 0.05,
    customer_bias: Annotated[list[str] | None, _BiasOpt] = None,
    region_bias: Annotated[list[str] | None, _BiasOpt] = None,
    weekday_bias: Annotated[
        list[str] | None, typer.Option(help="DAY=SHARE (0 = Monday), repeatable.")
    ] = None,
    transit_sigma_h: Annotated[float, typer.Option(help="Delay noise per dispatch (h).")] = 1.0,
    lane_delay: Annotated[
        list[str] | None, typer.Option(help="LANE=HOURS of extra transit, repeatable.")
    ] = None,
    outage_hub: Annotated[str | None, typer.Option(help="Hub closed for a day.")] = None,
    outage_day: Annotated[int, typer.Option(help="Day of the outage (0 = Monday).")] = 2,
    driver_absence: Annotated[float, typer.Option(help="Probability a driver is absent.")] = 0.05,
    trucks_wait: Annotated[
        bool,
        typer.Option(
            "--trucks-wait/--trucks-keep-schedule",
            help="Trucks wait for late freight, or leave as planned (late freight takes the "
            "lane's next planned truck).",
        ),
    ] = True,
    store: Annotated[bool, typer.Option(help="Store the week as actuals.")] = True,
    solve: Annotated[
        bool, typer.Option(help="Solve the version first when it has no stored plan.")
    ] = True,
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="Also write the actuals (CSV folder, .xlsx, .json)."),
    ] = None,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Simulate a week of execution of a stored plan, with seeded, documented noise."""
    with handled(as_json):
        days = _pairs(weekday_bias, "--weekday-bias")
        settings = SimulationSettings(
            seed=seed,
            demand_sigma=demand_sigma,
            customer_sigma=customer_sigma,
            region_sigma=region_sigma,
            customer_bias=_pairs(customer_bias, "--customer-bias"),
            region_bias=_pairs(region_bias, "--region-bias"),
            weekday_bias={int(k): v for k, v in days.items()},
            transit_sigma_h=transit_sigma_h,
            lane_delay_h=_pairs(lane_delay, "--lane-delay"),
            outage_hub=outage_hub,
            outage_day=outage_day,
            driver_absence=driver_absence,
            trucks_wait=trucks_wait,
        )
    sim: SimulatedWeek = run_as(
        as_json,
        user,
        lambda db, actor: simulate_version_week(
            db,
            actor,
            week,
            settings,
            scenario=scenario,
            n=version,
            store=store,
            solve_missing=solve,
        ),
    )
    if out_path is not None:
        with handled(as_json):
            write_actuals(sim.actuals, out_path)
    if as_json:
        print_json(dump(sim))
        return
    acts = sim.actuals
    picked = sum(d.picked_up_t for d in acts.deliveries)
    delivered = sum(d.delivered_t for d in acts.deliveries)
    console = out()
    console.print(
        f"Simulated {acts.week} (seed {seed}): {picked:,.1f} t picked up, {delivered:,.1f} t "
        f"delivered, {sum(d.trucks for d in acts.dispatches)} loaded trucks, "
        f"{sum(d.empty_trailers for d in acts.dispatches)} empty trips, "
        f"{len(acts.disruptions)} disruption(s)"
    )
    if sim.stored is not None:
        s = sim.stored
        console.print(
            f"Stored against {escape(s.scenario_name)} v{s.n}: {s.added} added, "
            f"{s.updated} updated, {s.unchanged} unchanged"
        )
    if out_path is not None:
        console.print(f"Wrote {escape(str(out_path))}")


def register(app: typer.Typer) -> None:
    """Add ``lanewise simulate-week`` to the app."""
    app.command("simulate-week")(simulate_week_command)
