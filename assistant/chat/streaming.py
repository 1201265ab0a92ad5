"""Answer a question as a stream of chat events: tool steps, solver progress, answer tokens.

The streaming channels (``POST /api/v1/chat/stream`` and the chat UI) use
:func:`stream_ask`, which runs :func:`assistant.conversation.ask` — the one entry point
every channel uses — and turns the agent's run events into small typed events. The
answer, the stored turn and the version created are the same as for any other channel.
A listener may stop an answer (the chat's stop button): the running solve stops at its next
progress report and the answer ends with :class:`AnswerCancelled`, nothing stored.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from pydantic_ai.messages import (
    AgentStreamEvent,
    FunctionToolCallEvent,
    FunctionToolResultEvent,
    PartDeltaEvent,
    PartStartEvent,
    TextPart,
    TextPartDelta,
)

from assistant.agent import AssistantDeps
from assistant.config import AssistantSettings
from assistant.conversation import AskResult, ask
from assistant.interpreter.model import refusal_words
from tools import INTERACTIVE_SETTINGS, SolveProgress, SolveSettings

__all__ = [
    "Answer",
    "AnswerCancelled",
    "ChatEvent",
    "SolverProgress",
    "Token",
    "ToolFinished",
    "ToolStarted",
    "chat_events",
    "chat_solve_settings",
    "stream_ask",
]

PROGRESS_EVERY_S = 0.5
"""Solver progress is passed on at most this often (the solver reports more often)."""


class ToolStarted(BaseModel):
    """The agent called a tool (a step of the answer): its name and arguments."""

    type: Literal["tool_call"] = "tool_call"
    call_id: str
    name: str = Field(examples=["what_if"])
    args: dict[str, Any]


class ToolFinished(BaseModel):
    """A tool returned: what it returned (Markdown) and whether it succeeded."""

    type: Literal["tool_result"] = "tool_result"
    call_id: str
    name: str
    ok: bool = Field(description="False when the tool asked the model to retry.")
    content: str


class SolverProgress(BaseModel):
    """A solve running for the answer: elapsed time, best plan and bound so far."""

    type: Literal["progress"] = "progress"
    elapsed_s: float
    phase: str
    incumbent_eur: float | None = None
    best_bound_eur: float | None = None
    gap: float | None = None


class Token(BaseModel):
    """The next piece of the answer's text."""

    type: Literal["token"] = "token"
    text: str


class Answer(BaseModel):
    """The finished answer with its facts (the last event)."""

    type: Literal["answer"] = "answer"
    result: AskResult


ChatEvent = Annotated[
    ToolStarted | ToolFinished | SolverProgress | Token | Answer, Field(discriminator="type")
]
"""One event of a streamed answer."""


class AnswerCancelled(Exception):
    """The person asking stopped the answer before it was ready."""


_RUNNING: set[asyncio.Task[AskResult]] = set()
"""Answers still running after their listener left: kept until they are stored."""


def chat_solve_settings(settings: AssistantSettings) -> SolveSettings:
    """The solver settings for questions asked in chat: interactive, with the configured limit.

    ``LANEWISE_SOLVE_TIME_LIMIT_S`` bounds every solve an answer starts.
    """
    return SolveSettings.model_validate(
        {**INTERACTIVE_SETTINGS.model_dump(), "time_limit_s": settings.solve_time_limit_s}
    )


def chat_events(event: AgentStreamEvent) -> list[ChatEvent]:
    """The chat events an agent run event stands for (most stand for none)."""
    if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart):
        return [Token(text=event.part.content)] if event.part.content else []
    if isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
        return [Token(text=event.delta.content_delta)] if event.delta.content_delta else []
    if isinstance(event, FunctionToolCallEvent):
        part = event.part
        try:
            args = part.args_as_dict()
        except ValueError:
            args = {"unparsed": part.args_as_json_str()}
        return [ToolStarted(call_id=part.tool_call_id, name=part.tool_name, args=args)]
    if isinstance(event, FunctionToolResultEvent):
        result = event.part
        return [
            ToolFinished(
                call_id=result.tool_call_id,
                name=result.tool_name,
                ok=result.outcome == "success",
                content=(
                    refusal_words(result.content)
                    if result.outcome == "retried"
                    else result.model_response_str()
                ),
            )
        ]
    return []


async def stream_ask(
    question: str,
    *,
    deps: AssistantDeps,
    conversation_id: str | None = None,
    settings: AssistantSettings | None = None,
    cancel: threading.Event | None = None,
) -> AsyncIterator[ChatEvent]:
    """Answer ``question`` like :func:`~assistant.conversation.ask`, yielding events as it goes.

    The last event is :class:`Answer`. Solver progress reported by the tools (from worker
    threads) arrives as :class:`SolverProgress`. If the listener stops early, the answer
    still completes and its turn is stored. Once ``cancel`` is set, the running solve stops
    at its next progress report (the agent at its next event) and :class:`AnswerCancelled`
    is raised instead of the answer; versions made before that stay, unsolved.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[ChatEvent | None] = asyncio.Queue()
    last_progress = [0.0]

    def stop_if_cancelled() -> None:
        if cancel is not None and cancel.is_set():
            raise AnswerCancelled("the answer was stopped before it was ready")

    def progress(p: SolveProgress) -> None:
        stop_if_cancelled()  # raised inside the solve, in its worker thread
        now = time.monotonic()
        if now - last_progress[0] < PROGRESS_EVERY_S:
            return
        last_progress[0] = now
        event = SolverProgress.model_validate(p.model_dump())
        loop.call_soon_threadsafe(queue.put_nowait, event)

    async def on_event(event: AgentStreamEvent) -> None:
        stop_if_cancelled()
        for chat_event in chat_events(event):
            queue.put_nowait(chat_event)

    async def run() -> AskResult:
        try:
            return await ask(
                question,
                deps=deps,
                conversation_id=conversation_id,
                settings=settings,
                on_event=on_event,
            )
        finally:
            queue.put_nowait(None)

    deps.progress = progress
    task = asyncio.create_task(run())
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    while (item := await queue.get()) is not None:
        yield item
    yield Answer(result=await task)
