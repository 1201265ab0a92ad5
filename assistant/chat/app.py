# chainlit's session, message and step methods carry no annotations
# mypy: disable-error-code="no-untyped-call"
"""The chainlit chat UI: sign in, ask, watch the steps, read the answer with its charts.

Loaded by chainlit (see :mod:`assistant.chat.mount`). Every question goes through
:func:`assistant.conversation.ask` (via :func:`assistant.chat.streaming.stream_ask`) as the
signed-in user, so answers, versions and stored conversations are those of every other
channel. Each tool call is a step showing its inputs in words; while a solve runs, the
answer's place holds a live progress element (what runs, for how long, the best plan so
far and how good it is, and how to stop it), and the answer replaces it. Answers that
changed, compared or solved something come with charts and with buttons for the usual
next questions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from typing import Any

import chainlit as cl
from starlette.datastructures import Headers

from assistant.agent import agent
from assistant.chat.context import ChatContext, current, page_session_user, sign_in
from assistant.chat.figures import AnswerCharts, answer_figures
from assistant.chat.render import progress_text, readable_args, step_summary
from assistant.chat.streaming import (
    Answer,
    AnswerCancelled,
    ChatEvent,
    SolverProgress,
    Token,
    ToolFinished,
    ToolStarted,
    stream_ask,
)
from assistant.conversation import AskResult, new_deps
from tools import (
    NotFound,
    PermissionDenied,
    Role,
    ToolError,
    UserRef,
    network_names,
    user_ref,
)

_log = logging.getLogger("lanewise.chat")

ACTION = "ask"
"""Every button sends a question, through the same path as a typed one."""

TICK_S = 1.0
"""How often the progress element's clock moves when the solver reports nothing new."""

STOPPED = (
    "Stopped before the answer was ready: nothing was answered. A scenario version the "
    "question had already made stays, without a plan (see Scenarios)."
)


def _chat_user(ref: UserRef) -> cl.User:
    return cl.User(
        identifier=ref.name,
        display_name=ref.name,
        metadata={"user_id": ref.id, "role": ref.role.value},
    )


@cl.password_auth_callback
async def password_login(username: str, password: str) -> cl.User | None:
    """User name (or email) and API token, as on the pages and the API."""
    ref = await asyncio.to_thread(sign_in, current().db, username, password)
    return _chat_user(ref) if ref is not None else None


@cl.header_auth_callback
async def page_session_login(headers: Headers) -> cl.User | None:
    """Already signed in on the scenario pages: the same session serves the chat."""
    ref = await asyncio.to_thread(page_session_user, current(), headers.get("cookie"))
    return _chat_user(ref) if ref is not None else None


@cl.on_logout
def logout(request: Any, response: Any) -> dict[str, bool]:
    """Signing out of the chat signs out of the pages too."""
    from assistant.api.security import SESSION_COOKIE

    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"success": True}


def _actor(context: ChatContext) -> UserRef:
    """The signed-in user, re-read (a deactivated user is out at once)."""
    user = cl.user_session.get("user")
    if user is None:
        raise PermissionDenied("not signed in")
    return user_ref(context.db, int(user.metadata["user_id"]))


@cl.set_starters
async def starters(user: cl.User | None, language: str | None = None) -> list[cl.Starter]:
    """Questions to start from, in the live network's own names."""
    if user is None:
        return []
    context = current()

    def names() -> tuple[str | None, str | None]:
        ref = user_ref(context.db, int(user.metadata["user_id"]))
        found = network_names(context.db, ref, None)
        region = found.regions[0] if found.regions else None
        hub = found.hubs[0].name if found.hubs else None
        return region, hub

    region, hub = await asyncio.to_thread(names)
    out = []
    if region:
        out.append(
            cl.Starter(
                label=f"Volumes +20% in the {region} region",
                message=f"what if volumes rise 20% in the {region} region?",
            )
        )
    if hub:
        out.append(cl.Starter(label=f"Close {hub} on Monday", message=f"close {hub} on Monday"))
    out += [
        cl.Starter(label="Why is service lost?", message="why is service down?"),
        cl.Starter(label="My scenarios", message="list scenarios"),
    ]
    return out


@cl.on_chat_start
async def start() -> None:
    """A new chat: no conversation yet, the scenario in focus is live until something changes."""
    cl.user_session.set("conversation_id", None)
    cl.user_session.set("scenario_id", None)


def _actions(scenario_id: int | None, role: Role) -> list[cl.Action]:
    """Next questions, for planners and up (viewers cannot change or solve)."""
    if role.rank < Role.PLANNER.rank:
        return []
    if scenario_id is None:
        return [cl.Action(name=ACTION, payload={"question": "solve"}, label="Re-plan live")]
    tools = {name for ts in agent.toolsets for name in getattr(ts, "tools", {})}
    questions = [
        ("Re-plan", "solve"),
        ("Compare with live", "compare with live"),
    ]
    if "stress_test" in tools:
        questions.append(("Stress +20%", "does the plan survive +20%?"))
    questions += [
        ("Propose for approval", "propose this for approval"),
        ("Undo", "undo that"),
    ]
    return [cl.Action(name=ACTION, payload={"question": q}, label=label) for label, q in questions]


class _TurnView:
    """One answer on screen: a step per tool call, a live progress element while a solve
    runs (replaced by the answer), then the answer's text."""

    def __init__(self, cancel: threading.Event) -> None:
        self.cancel = cancel
        self.message: cl.Message | None = None  # created at its first token, after the steps
        self.steps: dict[str, cl.Step] = {}
        self.step_started: dict[str, float] = {}
        self.result: AskResult | None = None
        self.started = time.monotonic()
        self.tool: str | None = None
        self.last: SolverProgress | None = None
        self.progress: cl.Message | None = None
        self.ticker: asyncio.Task[None] | None = None

    async def show(self, event: ChatEvent) -> None:
        """Put one event of the answer on screen."""
        if isinstance(event, ToolStarted):
            step = cl.Step(
                name=event.name, type="tool", show_input=True, parent_id=_current_run_id()
            )
            step.input = readable_args(event.args)
            step.start = _now()
            self.steps[event.call_id] = step
            self.step_started[event.call_id] = time.monotonic()
            self.tool = event.name
            await step.send()
        elif isinstance(event, SolverProgress):
            self.last = event
            await self._show_progress()
        elif isinstance(event, ToolFinished):
            done = self.steps.get(event.call_id)
            if done is not None:
                seconds = time.monotonic() - self.step_started[event.call_id]
                summary = step_summary(ok=event.ok, seconds=seconds, content=event.content)
                await self._close(done, summary, error=not event.ok)
        elif isinstance(event, Token):
            if self.message is None:
                await self.end_progress()
                self.message = cl.Message(content="")
            await self.message.stream_token(event.text)
        elif isinstance(event, Answer):
            self.result = event.result

    def _progress_content(self) -> str:
        p = self.last
        return progress_text(
            tool=self.tool,
            elapsed_s=time.monotonic() - self.started,
            phase=p.phase if p is not None else None,
            incumbent_eur=p.incumbent_eur if p is not None else None,
            gap=p.gap if p is not None else None,
            stopping=self.cancel.is_set(),
        )

    async def _show_progress(self) -> None:
        """Show the progress element (first report) or bring it up to date."""
        if self.message is not None:
            return  # the answer is already being written
        if self.progress is None:
            # stopping is chainlit's stop button (on_stop): it disables message buttons while
            # an answer runs, so a Cancel button here could never be pressed
            self.progress = cl.Message(content=self._progress_content())
            await self.progress.send()
            self.ticker = asyncio.create_task(self._tick())
            return
        self.progress.content = self._progress_content()
        await self.progress.update()

    async def _tick(self) -> None:
        while self.progress is not None:
            await asyncio.sleep(TICK_S)
            if self.progress is not None:
                self.progress.content = self._progress_content()
                await self.progress.update()

    async def end_progress(self) -> None:
        """Take the progress element away (the answer, or the reason there is none, follows)."""
        if self.ticker is not None:
            self.ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.ticker
            self.ticker = None
        if self.progress is not None:
            shown, self.progress = self.progress, None
            await shown.remove()

    async def fail(self, reason: str, *, error: bool = True) -> None:
        """The answer failed or was stopped: close the open steps and say why."""
        await self.end_progress()
        for step in self.steps.values():
            if step.end is None:
                await self._close(step, reason, error=error)
        await (cl.ErrorMessage(content=reason) if error else cl.Message(content=reason)).send()

    @staticmethod
    async def _close(step: cl.Step, output: str, *, error: bool) -> None:
        step.output = output
        step.language = None
        step.is_error = error
        step.end = _now()
        await step.update()


async def answer(question: str) -> None:
    """Answer one question in this chat's conversation, streaming steps and text."""
    context = current()
    try:
        actor = await asyncio.to_thread(_actor, context)
    except (PermissionDenied, NotFound) as exc:
        await cl.ErrorMessage(content=f"You are signed out: {exc}. Sign in again.").send()
        return
    conversation_id: str | None = cl.user_session.get("conversation_id")
    scenario_id: int | None = cl.user_session.get("scenario_id")
    cancel = threading.Event()
    view = _TurnView(cancel)
    cl.user_session.set("turn", view)
    try:
        deps = await asyncio.to_thread(
            new_deps,
            context.db,
            actor,
            scenario=scenario_id,
            settings=context.settings,
            solve_settings=context.solve_settings,
        )
        async for event in stream_ask(
            question,
            deps=deps,
            conversation_id=conversation_id,
            settings=context.settings,
            cancel=cancel,
        ):
            await view.show(event)
    except ToolError as exc:  # e.g. a viewer asking for a solve
        await view.fail(str(exc))
        return
    except AnswerCancelled:
        await view.fail(STOPPED, error=False)
        return
    except asyncio.CancelledError:  # chainlit's stop button: the solve stops too
        cancel.set()
        raise
    finally:
        await view.end_progress()
        cl.user_session.set("turn", None)
    message, result = view.message, view.result
    if result is None:  # stream_ask always ends with the answer
        raise RuntimeError("the answer ended without a result")
    cl.user_session.set("conversation_id", result.conversation_id)
    cl.user_session.set("scenario_id", result.scenario_id)
    if message is None:
        message = cl.Message(content="")
    message.content = result.answer
    if result.error is None:
        try:
            figures = await asyncio.to_thread(
                answer_figures, context.db, actor, result, deps.comparison
            )
        except (NotFound, PermissionDenied) as exc:  # e.g. the scenario was unshared meanwhile
            _log.info("no charts for the answer: %s", exc)
            figures = AnswerCharts([], [])
        if figures.notes:
            message.content += "\n\n" + "\n\n".join(f"_{note}_" for note in figures.notes)
        message.actions = _actions(result.scenario_id, actor.role)
        await message.send()
        # one at a time, so the charts always appear in the same order
        for f in figures.figures:
            chart = cl.Plotly(name=f.name, figure=f.figure, display="inline", size="large")
            await chart.send(for_id=message.id)
        return
    await message.send()


def _current_run_id() -> str | None:
    """The step chainlit runs the question in (its messages belong to it), if any.

    A tool step outside it would be listed after the run, so below the answer it led to.
    """
    run = cl.context.current_step
    return str(run.id) if run is not None else None


def _now() -> str:
    from chainlit.utils import utc_now

    now: str = utc_now()
    return now


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """A typed question."""
    await answer(message.content)


@cl.on_stop
async def on_stop() -> None:
    """chainlit's stop button: stop the answer's solve too, not only the page's wait."""
    view: _TurnView | None = cl.user_session.get("turn")
    if view is not None:
        view.cancel.set()


@cl.action_callback(ACTION)
async def on_action(action: cl.Action) -> None:
    """A button: show its question as the user's, then answer it like a typed one."""
    question = str(action.payload.get("question", "")).strip()
    if not question:
        return
    user = cl.user_session.get("user")
    await cl.Message(
        content=question, type="user_message", author=user.identifier if user else "you"
    ).send()
    await answer(question)
