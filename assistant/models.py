"""One factory for the model that serves the agent: builtin, litellm, or an OpenAI-style URL.

``LANEWISE_MODEL=builtin`` (the default) is the offline, deterministic interpreter; any
other value is a litellm model string (``openai/gpt-4.1``, ``anthropic/claude-…``,
``ollama/llama3``) served in-process through :mod:`assistant.llm_bridge`; with
``LANEWISE_MODEL_BASE_URL`` set, the model name is sent to that OpenAI-compatible server
(a LiteLLM proxy, vLLM, llama.cpp, …) directly.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx2
from pydantic_ai import TextPart, ToolCallPart
from pydantic_ai.messages import ModelMessage
from pydantic_ai.models import Model
from pydantic_ai.models.function import AgentInfo, DeltaToolCall, DeltaToolCalls, FunctionModel
from pydantic_ai.models.openai import OpenAIChatModel
from pydantic_ai.providers.openai import OpenAIProvider

from assistant.config import AssistantSettings
from assistant.interpreter.model import interpret

BUILTIN = "builtin"

_WORD = re.compile(r"\s*\S+\s*")


async def stream_interpret(
    messages: list[ModelMessage], info: AgentInfo
) -> AsyncIterator[str | DeltaToolCalls]:
    """The interpreter's answer as a stream (tool calls whole, text word by word).

    Lets channels that stream (the chat UI, ``/api/v1/chat/stream``) run the built-in
    interpreter through the same streamed agent loop as an LLM.
    """
    response = interpret(messages, info)
    for i, part in enumerate(response.parts):
        if isinstance(part, ToolCallPart):
            yield {
                i: DeltaToolCall(
                    name=part.tool_name,
                    json_args=part.args_as_json_str(),
                    tool_call_id=part.tool_call_id,
                )
            }
        elif isinstance(part, TextPart):
            for word in _WORD.findall(part.content) or [part.content]:
                yield word


def build_model(settings: AssistantSettings) -> Model:
    """The configured model; litellm is imported only when a litellm model is chosen."""
    name = settings.model.strip()
    if not name or name == BUILTIN:
        return FunctionModel(interpret, stream_function=stream_interpret, model_name=BUILTIN)
    if settings.model_base_url:
        provider = OpenAIProvider(
            base_url=settings.model_base_url,
            api_key=settings.model_api_key or "not-needed",
            http_client=httpx2.AsyncClient(timeout=settings.model_timeout_s),
        )
        return OpenAIChatModel(name, provider=provider)
    from assistant.llm_bridge import litellm_app

    app = litellm_app(timeout_s=settings.model_timeout_s, retries=settings.model_retries)
    client = httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=app),
        base_url="http://litellm.in-process",
        timeout=settings.model_timeout_s + 5,
    )
    provider = OpenAIProvider(
        base_url="http://litellm.in-process/v1", api_key="in-process", http_client=client
    )
    return OpenAIChatModel(name, provider=provider)
