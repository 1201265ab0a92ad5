"""``lanewise replan``: freeze a week's actuals up to a day and re-plan the rest of the week."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from assistant.cli.common import JsonOpt, UserOpt, dump, handled, out, print_json, run_as
from tools.replan import DEFAULT_THRESHOLD, ReplanView, mid_week_replan

_DAYS = {
    name: i
    for i, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}


def parse_day(text: str | None, option: str) -> int | None:
    """A weekday name or number (0 = Monday) as a day index; BadParameter naming the option."""
    if text is None:
        return None
    word = text.strip().lower()
    if word.isdigit():
        return int(word)
    if word not in _DAYS:
        raise typer.BadParameter(f"{text!r}: give a weekday (mon..sun) or 0-6", param_hint=option)
    return _DAYS[word]


def replan_command(
    week: Annotated[str, typer.Option("--week", help="ISO week with actuals, e.g. 2026-W49.")],
    through: Annotated[
        str | None,
        typer.Option(help="Last day whose actuals are frozen (mon..sun); default: the last known."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Day to report the balance at (default: +3 days).")
    ] = None,
    threshold: Annotated[
        int, typer.Option(min=1, help="Trailers off the plan that count as out of balance.")
    ] = DEFAULT_THRESHOLD,
    scenario: Annotated[
        bool, typer.Option(help="File the recommended adjustment as a scenario version.")
    ] = True,
    as_json: JsonOpt = False,
    user: UserOpt = None,
) -> None:
    """Where will the network be out of balance, and what do we adjust now?"""
    through_day = parse_day(through, "--through")
    by_day = parse_day(by, "--by")
    view: ReplanView = run_as(
        as_json,
        user,
        lambda db, actor: mid_week_replan(
            db,
            actor,
            week,
            through=through_day,
            by_day=by_day,
            threshold=threshold,
            file_scenario=scenario,
        ),
    )
    if as_json:
        print_json(dump(view))
        return
    with handled(as_json):
        out().print(escape(view.text))
        out().print(f"(re-planned in {view.seconds:.1f} s)")


def register(app: typer.Typer) -> None:
    """Add ``lanewise replan`` to the app."""
    app.command("replan")(replan_command)
