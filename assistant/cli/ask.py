"""``lanewise ask`` and ``lanewise chat``: the assistant from the shell.

``ask`` answers one question (``--json`` for machines: the answer, scenario, version,
link, edits, KPIs before/after and violations); ``chat`` is a terminal conversation with
Rich rendering and a progress line while the network is re-planned.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.status import Status

from assistant.bots import chat_text_problem
from assistant.chat.render import PHASE_WORDS
from assistant.cli.common import JsonOpt, UserOpt, actor_for, handled, print_json
from assistant.conversation import AskResult, ask, new_deps
from tools import Database, SolveProgress, UserRef, default_database

ScenarioOpt = Annotated[
    str | None,
    typer.Option("--scenario", "-s", help="Scenario id or name to work on (default: a new one)."),
]
ConversationOpt = Annotated[
    str | None, typer.Option("--conversation", "-c", help="Continue this conversation id.")
]


def _progress_to(status: Status | None) -> Callable[[SolveProgress], None] | None:
    if status is None:
        return None

    def show(p: SolveProgress) -> None:
        gap = f", at most {p.gap:.1%} above the best possible plan" if p.gap is not None else ""
        best = f", best €{p.incumbent_eur:,.0f}" if p.incumbent_eur is not None else ""
        doing = PHASE_WORDS.get(p.phase, p.phase)
        status.update(f"Re-planning: {doing} · {p.elapsed_s:.1f} s{best}{gap}")

    return show


def _answer(
    db: Database,
    actor: UserRef,
    question: str,
    *,
    scenario: str | None,
    conversation: str | None,
    status: Status | None,
) -> AskResult:
    problem = chat_text_problem(question)
    if problem is not None:
        raise ValueError(f"question: {problem}")
    deps = new_deps(db, actor, scenario=scenario, progress=_progress_to(status))
    return asyncio.run(ask(question, deps=deps, conversation_id=conversation))


def ask_command(
    question: Annotated[str, typer.Argument(help="The question, in plain words.")],
    scenario: ScenarioOpt = None,
    conversation: ConversationOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Ask one question; prints the answer (or JSON with --json)."""
    console = Console(stderr=True)
    with handled(as_json):
        db = default_database()
        actor = actor_for(db, user)
        if as_json:
            result = _answer(
                db, actor, question, scenario=scenario, conversation=conversation, status=None
            )
            print_json(result.model_dump(mode="json"))
        else:
            with console.status("Thinking…") as status:
                result = _answer(
                    db,
                    actor,
                    question,
                    scenario=scenario,
                    conversation=conversation,
                    status=status,
                )
            Console().print(Markdown(result.answer))
            console.print(f"[dim]conversation {result.conversation_id}[/dim]")
    if result.error:
        raise typer.Exit(1)


def chat_command(
    scenario: ScenarioOpt = None,
    conversation: ConversationOpt = None,
    user: UserOpt = None,
) -> None:
    """A terminal conversation; an empty line or Ctrl-D ends it."""
    console = Console()
    with handled(False):
        db = default_database()
        actor = actor_for(db, user)
    console.print(
        f"[bold]Lanewise[/bold] — ask about the network as [cyan]{actor.name}[/cyan]. "
        "Try “what if volumes rise 20% in the north?”; an empty line quits."
    )
    while True:
        try:
            question = console.input("[bold green]you>[/bold green] ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not question:
            break
        problem = chat_text_problem(question)
        if problem is not None:
            console.print(f"[red]{escape(problem)}[/red]; please type it again as plain text.")
            continue
        with handled(False), console.status("Thinking…") as status:
            result = _answer(
                db,
                actor,
                question,
                scenario=scenario,
                conversation=conversation,
                status=status,
            )
        conversation, scenario = result.conversation_id, None
        console.print(Markdown(result.answer))
    if conversation:
        console.print(f"[dim]Resume with: lanewise chat --conversation {conversation}[/dim]")


def register(app: typer.Typer) -> None:
    """Add ``ask`` and ``chat`` to the command line."""
    app.command("ask")(ask_command)
    app.command("chat")(chat_command)
