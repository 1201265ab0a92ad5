"""Ask the agent within a persisted conversation: resume history, run, record the turn.

Every channel (CLI, API, chat UI, Slack, Teams) goes through :func:`ask`, so each answer
is stored with the tool calls it made and the scenario version it created, and a
conversation can be resumed by id from any process.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from pydantic_ai import ModelMessagesTypeAdapter, RunContext, ToolCallPart, capture_run_messages
from pydantic_ai.exceptions import ModelHTTPError, UnexpectedModelBehavior, UsageLimitExceeded
from pydantic_ai.messages import (
    AgentStreamEvent,
    ModelMessage,
    ModelRequest,
    ModelResponse,
    ToolReturnPart,
)
from pydantic_ai.models import Model
from pydantic_ai.usage import UsageLimits

from assistant.agent import CLARIFY, AssistantDeps, agent
from assistant.config import AssistantSettings, get_settings
from assistant.models import build_model
from assistant.run_failures import gave_up_words, without_raw_errors
from tools import (
    INTERACTIVE_SETTINGS,
    Database,
    KpiChange,
    SolveProgress,
    SolveSettings,
    UserRef,
    ViolationBrief,
    get_conversation,
    get_scenario,
    save_conversation,
)


class ToolCallRecord(BaseModel):
    """One tool call an answer made: its name and arguments, and whether it was refused."""

    name: str
    args: dict[str, Any]
    refused: bool = Field(
        default=False,
        description="The call was refused and sent back to the model (malformed, unknown "
        "name, unknown tool): it changed nothing.",
    )


class Turn(BaseModel):
    """A question, its answer, and what was done to produce it (stored per conversation)."""

    question: str
    answer: str
    error: str | None = None
    tool_calls: list[ToolCallRecord]
    scenario_id: int | None
    version: int | None
    url: str | None
    at: datetime
    model_messages: list[Any]


class AskResult(BaseModel):
    """An answer and its facts, as ``lanewise ask --json`` and the API return it."""

    conversation_id: str
    answer: str
    error: str | None = None
    scenario_id: int | None
    version: int | None
    url: str | None
    edits: list[str]
    kpis: list[KpiChange]
    kpis_vs_live: list[KpiChange]
    violations: list[ViolationBrief]
    tool_calls: list[ToolCallRecord]


def _tool_calls(messages: list[ModelMessage]) -> list[ToolCallRecord]:
    refused = {
        part.tool_call_id
        for message in messages
        if isinstance(message, ModelRequest)
        for part in message.parts
        if isinstance(part, ToolReturnPart) and part.outcome == "retried"
    }
    return [
        ToolCallRecord(
            name=part.tool_name,
            args=part.args_as_dict(),
            refused=part.tool_call_id in refused,
        )
        for message in messages
        if isinstance(message, ModelResponse)
        for part in message.parts
        if isinstance(part, ToolCallPart)
    ]


def _question_kept(messages: list[ModelMessage], question: str) -> list[ModelMessage]:
    """``messages`` with the question the ``clarify`` tool asked recorded as its result, so
    the next turn's model reads what the planner was asked (not 'Final result processed')."""

    def kept(part: Any) -> Any:
        if isinstance(part, ToolReturnPart) and part.tool_name == CLARIFY:
            return replace(part, content=question)
        return part

    return [
        replace(m, parts=[kept(p) for p in m.parts]) if isinstance(m, ModelRequest) else m
        for m in messages
    ]


def _provider_error(exc: Exception, settings: AssistantSettings) -> str:
    """A plain message for a model failure: which model, what the provider said."""
    if isinstance(exc, ModelHTTPError):
        reason = {
            401: "the API key was refused",
            403: "access was denied",
            404: "the model was not found",
            429: "the provider is rate-limiting us",
            504: "the provider timed out",
        }.get(exc.status_code, f"it answered HTTP {exc.status_code}")
        return f"The model {settings.model!r} could not answer: {reason}. ({exc.body or exc})"
    if isinstance(exc, UsageLimitExceeded):
        return f"The question needed too many steps, so I stopped: {exc}"
    return f"The model {settings.model!r} could not answer: {exc}"


def _forward_to(
    on_event: Callable[[AgentStreamEvent], Awaitable[None]],
) -> Callable[[RunContext[AssistantDeps], AsyncIterable[AgentStreamEvent]], Awaitable[None]]:
    """An agent event-stream handler that hands every event to ``on_event``."""

    async def handler(
        _ctx: RunContext[AssistantDeps], events: AsyncIterable[AgentStreamEvent]
    ) -> None:
        async for event in events:
            await on_event(event)

    return handler


async def ask(
    question: str,
    *,
    deps: AssistantDeps,
    conversation_id: str | None = None,
    model: Model | None = None,
    settings: AssistantSettings | None = None,
    on_event: Callable[[AgentStreamEvent], Awaitable[None]] | None = None,
) -> AskResult:
    """Answer one question in a conversation (a new one if no id) and store the turn.

    ``on_event`` receives the run's events as they happen (text deltas, tool calls and
    their results), for channels that stream; the answer and what is stored are the same.
    """
    settings = settings or get_settings()
    turns: list[Turn] = []
    if conversation_id is not None:
        conversation = get_conversation(deps.db, deps.actor, conversation_id)
        turns = [Turn.model_validate(t) for t in conversation.messages]
        if deps.scenario_id is None:
            deps.scenario_id = conversation.scenario_id
    history = ModelMessagesTypeAdapter.validate_python([m for t in turns for m in t.model_messages])
    error: str | None = None
    new_messages: list[ModelMessage] = []
    attempted: list[ModelMessage] = []
    try:
        with capture_run_messages() as attempted:
            result = await agent.run(
                question,
                deps=deps,
                model=model or build_model(settings),
                message_history=history,
                usage_limits=UsageLimits(request_limit=12),
                event_stream_handler=_forward_to(on_event) if on_event is not None else None,
            )
        answer = without_raw_errors(result.output)
        new_messages = _question_kept(result.new_messages(), answer)
    except (ModelHTTPError, UnexpectedModelBehavior, UsageLimitExceeded, TimeoutError) as exc:
        gave_up = gave_up_words(exc, changed=deps.outcome is not None)
        error = gave_up or _provider_error(exc, settings)
        answer = error
    outcome = deps.outcome
    version = outcome.version if outcome else None
    url = (settings.public_url.rstrip("/") + outcome.url) if outcome else None
    # a run that failed keeps no history (a tool call without its result would break the
    # next turn), but the calls it attempted are recorded with the turn
    calls = _tool_calls(new_messages or attempted[len(history) :])
    turn = Turn(
        question=question,
        answer=answer,
        error=error,
        tool_calls=calls,
        scenario_id=deps.scenario_id,
        version=version,
        url=url,
        at=datetime.now(UTC),
        model_messages=ModelMessagesTypeAdapter.dump_python(new_messages, mode="json"),
    )
    saved = save_conversation(
        deps.db,
        deps.actor,
        [t.model_dump(mode="json") for t in [*turns, turn]],
        conversation_id=conversation_id,
        scenario=deps.scenario_id,
        title=question[:80] if not turns else None,
    )
    return AskResult(
        conversation_id=saved.id,
        answer=answer,
        error=error,
        scenario_id=deps.scenario_id,
        version=version,
        url=url,
        edits=list(outcome.edits) if outcome else [],
        kpis=list(outcome.vs_parent) if outcome else [],
        kpis_vs_live=list(outcome.vs_live) if outcome else [],
        violations=list(outcome.violations) if outcome else [],
        tool_calls=calls,
    )


def new_deps(
    db: Database,
    actor: UserRef,
    *,
    scenario: int | str | None = None,
    settings: AssistantSettings | None = None,
    solve_settings: SolveSettings | None = None,
    progress: Callable[[SolveProgress], None] | None = None,
) -> AssistantDeps:
    """Deps for one question: the caller, the scenario in focus, where links point."""
    settings = settings or get_settings()
    scenario_id = get_scenario(db, actor, scenario).id if scenario is not None else None
    return AssistantDeps(
        db=db,
        actor=actor,
        public_url=settings.public_url,
        scenario_id=scenario_id,
        settings=solve_settings or interactive_solve_settings(settings),
        progress=progress,
    )


def interactive_solve_settings(settings: AssistantSettings | None = None) -> SolveSettings:
    """The solver settings of every conversational channel (one cache key for all of them)."""
    settings = settings or get_settings()
    return INTERACTIVE_SETTINGS.model_copy(update={"time_limit_s": settings.solve_time_limit_s})
