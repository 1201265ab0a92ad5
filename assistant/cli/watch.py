"""``lanewise watch``, ``lanewise alerts`` and ``lanewise playbooks``: the watcher's work from
the shell — evaluate live now, list and acknowledge alerts, list and refresh playbooks.

``lanewise serve`` does the same in the background; these commands serve operators and
scripts (a cron job on a machine without the server), and show what the server did.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from assistant.alerts import alert_title, channel_notifier, watch_settings
from assistant.cli.common import JsonOpt, UserOpt, dump, handled, out, print_json, run_as
from assistant.cli.replan import parse_day
from assistant.config import get_settings
from tools import default_database
from tools.playbooks import DEFAULT_DAYS, PlaybookView, list_playbooks, refresh_playbooks
from tools.watch import AlertView, acknowledge_alert, list_alerts, watch_once

alerts_app = typer.Typer(help="The watcher's alerts.", invoke_without_command=True)
playbooks_app = typer.Typer(help="Contingency playbooks.", invoke_without_command=True)


def watch_command(
    force: Annotated[
        bool, typer.Option(help="Evaluate even when no actuals or live version arrived.")
    ] = True,
    threshold: Annotated[
        int, typer.Option(min=1, help="Trailers off the plan that make an imbalance alert.")
    ] = 3,
    fix: Annotated[bool, typer.Option(help="Prepare the re-plan scenario for new alerts.")] = True,
    post: Annotated[
        bool,
        typer.Option(
            help="Post new alerts to the configured Slack channel and Teams conversation, "
            "as the server's watcher does (--no-post: a dry look, the alerts only stored)."
        ),
    ] = True,
    as_json: JsonOpt = False,
) -> None:
    """Evaluate live now: raise, keep and clear alerts, and post the new ones to the
    configured channels (one message for them all) unless --no-post."""
    with handled(as_json):
        db = default_database()
        settings = get_settings()
        notifier = channel_notifier(db, settings) if post else None
        channels = notifier.channels if notifier is not None else []
        outcome = watch_once(
            db,
            force=force,
            notifier=notifier if channels else None,
            settings=watch_settings(settings).model_copy(
                update={"imbalance_threshold": threshold, "prepare_fix": fix}
            ),
        )
    if as_json:
        print_json(dump(outcome))
        return
    console = out()
    if not outcome.evaluated:
        console.print(f"Not evaluated: {escape(outcome.reason)}.")
        return
    week = f"week {outcome.week} after day {outcome.through_day}" if outcome.week else "no week"
    console.print(
        f"Evaluated ({escape(week)}): {len(outcome.raised)} raised, "
        f"{len(outcome.cleared)} cleared, {outcome.still_open} holding."
    )
    for alert in outcome.raised:
        console.print(f"- #{alert.id} {escape(alert.message)}")
    if outcome.fix_url:
        console.print(f"Prepared fix: {escape(outcome.fix_url)}")
    if outcome.raised:
        reached = sorted({c for a in outcome.raised for c in a.notified})
        failed = [c for c in channels if c not in reached]
        if reached:
            console.print(f"Posted to {', '.join(reached)} (one message).")
        if failed:
            console.print(f"[yellow]Posting to {', '.join(failed)} failed[/yellow] (see the log).")
        if not post:
            console.print("Not posted (--no-post).")
        elif not channels:
            console.print("Not posted: no alert channel is configured.")


def _alert_table(alerts: list[AlertView]) -> Table:
    table = Table("id", "alert", "status", "raised (UTC)", "fix")
    for a in alerts:
        status = a.status + (f" by {a.acknowledged_by}" if a.acknowledged_by else "")
        table.add_row(
            str(a.id),
            escape(alert_title(a)),
            escape(status),
            a.raised_at.strftime("%Y-%m-%d %H:%M"),
            escape(a.fix_url or "–"),
        )
    return table


@alerts_app.callback()
def alerts_command(
    ctx: typer.Context,
    include_cleared: Annotated[
        bool, typer.Option("--all", help="Also the alerts that cleared.")
    ] = False,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """List the alerts whose condition still holds (newest first)."""
    if ctx.invoked_subcommand is not None:
        return
    alerts: list[AlertView] = run_as(
        as_json, user, lambda db, actor: list_alerts(db, actor, include_cleared=include_cleared)
    )
    if as_json:
        print_json(dump(alerts))
        return
    out().print(_alert_table(alerts) if alerts else "No alerts.")


@alerts_app.command("ack")
def ack_command(
    alert_id: Annotated[int, typer.Argument(help="The alert's id.")],
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Acknowledge an alert (planners): it is being handled."""
    alert: AlertView = run_as(
        as_json, user, lambda db, actor: acknowledge_alert(db, actor, alert_id)
    )
    if as_json:
        print_json(dump(alert))
        return
    out().print(f"#{alert.id} {escape(alert_title(alert))}: {alert.status}.")


def _playbook_table(playbooks: list[PlaybookView]) -> Table:
    table = Table("playbook", "version", "solved", "cost / week", "on time")
    for p in playbooks:
        table.add_row(
            escape(p.title),
            escape(p.url),
            f"{p.age} ago" + ("" if p.current else " (earlier live)"),
            f"€{p.cost_eur:,.0f}" if p.cost_eur is not None else "–",
            f"{p.service_level:.1%}" if p.service_level is not None else "–",
        )
    return table


@playbooks_app.callback()
def playbooks_command(
    ctx: typer.Context,
    include_old: Annotated[
        bool, typer.Option("--all", help="Also those solved against earlier live versions.")
    ] = False,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """List the playbooks solved against live's head."""
    if ctx.invoked_subcommand is not None:
        return
    found: list[PlaybookView] = run_as(
        as_json, user, lambda db, actor: list_playbooks(db, actor, include_old=include_old)
    )
    if as_json:
        print_json(dump(found))
        return
    out().print(_playbook_table(found) if found else "No playbooks for live's head yet.")


@playbooks_app.command("refresh")
def refresh_command(
    hubs: Annotated[int, typer.Option(min=0, help="Critical hubs with playbooks.")] = 3,
    lanes: Annotated[int, typer.Option(min=0, help="Critical lanes with playbooks.")] = 2,
    days: Annotated[
        str,
        typer.Option(
            help="A hub's contingencies: 'week' (down all week) and weekdays, comma-separated."
        ),
    ] = "week,mon,tue,wed,thu,fri",
    force: Annotated[bool, typer.Option(help="Solve again those already current.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Solve the playbooks live's head lacks, on the sweep executor (Dask if configured)."""
    chosen = tuple(
        None if word.strip().lower() == "week" else parse_day(word, "--days")
        for word in days.split(",")
        if word.strip()
    )
    with handled(as_json):
        result = refresh_playbooks(
            default_database(), hubs=hubs, lanes=lanes, days=chosen or DEFAULT_DAYS, force=force
        )
    if as_json:
        print_json(dump(result))
        return
    console = out()
    console.print(f"{escape(result.reason)} ({result.seconds:.1f} s).")
    if result.solved:
        console.print(_playbook_table(result.solved))
    for failure in result.failed:
        console.print(f"[yellow]Not solved:[/yellow] {escape(failure)}")


def register(app: typer.Typer) -> None:
    """Add ``lanewise watch``, ``lanewise alerts`` and ``lanewise playbooks``."""
    app.command("watch")(watch_command)
    app.add_typer(alerts_app, name="alerts")
    app.add_typer(playbooks_app, name="playbooks")
