"""Chat over HTTP: ask a question, get the answer with its facts, or follow it as it streams.

Both endpoints go through :func:`assistant.conversation.ask` like every other channel, as
the caller (bearer token), so answers, stored conversations and versions are the same as
in the CLI, the chat UI and the bots.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from assistant.agent import AssistantDeps
from assistant.api.deps import ActorDep, DbDep, SettingsDep
from assistant.api.problems import Problem, problem_responses
from assistant.chat.streaming import chat_solve_settings, stream_ask
from assistant.config import AssistantSettings
from assistant.conversation import AskResult, ask, new_deps
from tools import (
    Conflict,
    Database,
    FreeText,
    InvalidEdit,
    NameText,
    NotFound,
    PermissionDenied,
    ToolError,
    UserRef,
    get_conversation,
)

__all__ = ["ChatRequest", "router"]

router = APIRouter(tags=["chat"])
_log = logging.getLogger("lanewise.api.chat")


class ChatRequest(BaseModel):
    """A question, optionally in an earlier conversation or about a given scenario."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={
            "examples": [
                {"message": "what if volumes rise 20% in the north?"},
                {"message": "make it 30%", "conversation_id": "5f0c6a0e-…"},
                {"message": "compare with live", "scenario": "north-growth"},
            ]
        },
    )

    message: FreeText = Field(min_length=1, max_length=4000)
    conversation_id: NameText | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="Continue this conversation of yours (from an earlier answer).",
    )
    scenario: NameText | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Scenario id or name to work on (default: the conversation's, else live).",
    )


def _deps(
    db: Database, actor: UserRef, body: ChatRequest, settings: AssistantSettings
) -> AssistantDeps:
    """Deps for the question; unknown scenarios or conversations fail here, before answering."""
    if body.conversation_id is not None:
        get_conversation(db, actor, body.conversation_id)
    return new_deps(
        db,
        actor,
        scenario=body.scenario,
        settings=settings,
        solve_settings=chat_solve_settings(settings),
    )


@router.post("/chat", response_model=AskResult, responses=problem_responses(401, 403, 404, 422))
async def chat(body: ChatRequest, db: DbDep, actor: ActorDep, settings: SettingsDep) -> AskResult:
    """Ask a question; the answer comes with the version it created, edits, KPIs and violations.

    Pass the returned ``conversation_id`` to follow up ("make it 30%", "undo that").
    A question the caller's role does not allow is answered with the refusal, not an error.
    """
    deps = await run_in_threadpool(_deps, db, actor, body, settings)
    return await ask(
        body.message, deps=deps, conversation_id=body.conversation_id, settings=settings
    )


@router.post(
    "/chat/stream",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "Server-sent events, in order: `tool_call` (a step starts: tool name "
            "and arguments), `progress` (a solve for the answer: elapsed, incumbent, bound, gap), "
            "`tool_result` (the step's result, Markdown), `token` (the next piece of the answer), "
            "and a final `answer` (the same JSON as `POST /chat`), or `error` (problem JSON) "
            "if answering failed; then the stream ends.",
            "content": {"text/event-stream": {}},
        },
        **problem_responses(401, 403, 404, 422),
    },
)
async def chat_stream(
    body: ChatRequest, db: DbDep, actor: ActorDep, settings: SettingsDep
) -> EventSourceResponse:
    """Ask a question and follow the answer as it is produced: tool steps, progress, tokens."""
    deps = await run_in_threadpool(_deps, db, actor, body, settings)

    async def events() -> AsyncIterator[ServerSentEvent]:
        seq = 0
        try:
            async for event in stream_ask(
                body.message,
                deps=deps,
                conversation_id=body.conversation_id,
                settings=settings,
            ):
                seq += 1
                yield ServerSentEvent(
                    data=event.model_dump_json(exclude={"type"}), event=event.type, id=str(seq)
                )
        except ToolError as exc:
            yield ServerSentEvent(data=_problem(exc), event="error")
        except Exception as exc:
            _log.exception("chat stream failed")
            yield ServerSentEvent(data=_problem(exc), event="error")

    return EventSourceResponse(events(), ping=15)


_STATUS: tuple[tuple[type[Exception], int, str], ...] = (
    (NotFound, 404, "Not found"),
    (PermissionDenied, 403, "Forbidden"),
    (Conflict, 409, "Conflict"),
    (InvalidEdit, 422, "Invalid edit"),
    (ToolError, 400, "Bad request"),
)


def _problem(exc: Exception) -> str:
    """The problem JSON (as the API's error responses) for a failure inside an event stream."""
    status, title = 500, "Server error"
    detail = f"{type(exc).__name__}: the server could not complete this answer"
    for kind, kind_status, kind_title in _STATUS:
        if isinstance(exc, kind):
            status, title, detail = kind_status, kind_title, str(exc)
            break
    return Problem(
        type=f"/problems/{title.lower().replace(' ', '-')}",
        title=title,
        status=status,
        detail=detail,
        instance="/api/v1/chat/stream",
    ).model_dump_json(exclude_none=True)
