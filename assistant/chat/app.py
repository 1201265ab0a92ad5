# chainlit's session, message and step methods carry no annotations
# mypy: disable-error-code="no-untyped-call"
"""The chainlit chat UI: sign in, ask, watch the steps, read the answer with its charts.

Loaded by chainlit (see :mod:`assistant.chat.mount`). Every question goes through
:func:`assistant.conversation.ask` (via :func:`assistant.chat.streaming.stream_ask`) as the
signed-in user, so answers, versions and stored conversations are those of every other
channel. Each answer streams in with its tool steps shown; answers that changed, compared
or solved something come with charts and with buttons for the usual next questions.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

import chainlit as cl
from starlette.datastructures import Headers

from assistant.agent import agent
from assistant.answers import fmt_value
from assistant.chat.context import ChatContext, current, page_session_user, sign_in
from assistant.chat.figures import answer_figures
from assistant.chat.streaming import (
    Answer,
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
    plan_quality,
    user_ref,
)

_log = logging.getLogger("lanewise.chat")

ACTION = "ask"
"""Every button sends a question, through the same path as a typed one."""


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


def _progress_line(p: SolverProgress) -> str:
    best = f" · best plan {fmt_value(p.incumbent_eur, 'eur')}" if p.incumbent_eur else ""
    gap = f" · {plan_quality('feasible', p.gap)}" if p.gap is not None else ""
    return f"Solving ({p.phase}) {p.elapsed_s:.1f} s{best}{gap}"


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
    """One answer on screen: a step per tool call (with solver progress), then the text."""

    def __init__(self) -> None:
        self.message: cl.Message | None = None  # created at its first token, after the steps
        self.steps: dict[str, cl.Step] = {}
        self.result: AskResult | None = None

    async def show(self, event: ChatEvent) -> None:
        """Put one event of the answer on screen."""
        if isinstance(event, ToolStarted):
            step = cl.Step(name=event.name, type="tool", show_input="json")
            step.input = {"tool": event.name, **event.args}
            step.start = _now()
            self.steps[event.call_id] = step
            await step.send()
        elif isinstance(event, SolverProgress):
            running = [s for s in self.steps.values() if s.end is None]
            if running:
                running[-1].output = _progress_line(event)
                await running[-1].update()
        elif isinstance(event, ToolFinished):
            done = self.steps.get(event.call_id)
            if done is not None:
                await self._close(done, event.content, error=not event.ok)
        elif isinstance(event, Token):
            if self.message is None:
                self.message = cl.Message(content="")
            await self.message.stream_token(event.text)
        elif isinstance(event, Answer):
            self.result = event.result

    async def fail(self, reason: str) -> None:
        """The answer failed: close the open steps and say why."""
        for step in self.steps.values():
            if step.end is None:
                await self._close(step, reason, error=True)
        await cl.ErrorMessage(content=reason).send()

    @staticmethod
    async def _close(step: cl.Step, output: str, *, error: bool) -> None:
        step.output = output
        step.language = "markdown"
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
    view = _TurnView()
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
            question, deps=deps, conversation_id=conversation_id, settings=context.settings
        ):
            await view.show(event)
    except ToolError as exc:  # e.g. a viewer asking for a solve
        await view.fail(str(exc))
        return
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
            figures = []
        charts = [
            cl.Plotly(name=f.name, figure=f.figure, display="inline", size="large") for f in figures
        ]
        message.elements = cast(Any, charts)
        message.actions = _actions(result.scenario_id, actor.role)
    await message.send()


def _now() -> str:
    from chainlit.utils import utc_now

    now: str = utc_now()
    return now


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """A typed question."""
    await answer(message.content)


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
