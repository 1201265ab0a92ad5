"""Model selection: the builtin interpreter, an OpenAI-compatible URL, and litellm in-process."""

from __future__ import annotations

import pytest
from pydantic_ai import Agent
from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.models.function import FunctionModel
from pydantic_ai.models.openai import OpenAIChatModel

from assistant.config import AssistantSettings
from assistant.models import build_model
from tests.assistant.fake_openai import Script, serve_fake_openai


def _agent_with_tool(model: object) -> Agent[None, str]:
    agent: Agent[None, str] = Agent(model)  # type: ignore[arg-type]

    @agent.tool_plain
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    return agent


def test_builtin_is_the_default() -> None:
    """With nothing configured, the offline interpreter serves."""
    model = build_model(AssistantSettings())
    assert isinstance(model, FunctionModel)
    assert model.model_name == "builtin"


def test_base_url_reaches_an_openai_compatible_server() -> None:
    """A configured base URL is spoken to over HTTP: tool call, tool result, final text."""
    script = Script([{"name": "add", "args": {"a": 2, "b": 3}}, "The sum is 5."])
    with serve_fake_openai(script) as url:
        model = build_model(AssistantSettings(model="local-model", model_base_url=url))
        assert isinstance(model, OpenAIChatModel)
        result = _agent_with_tool(model).run_sync("add 2 and 3")
    assert result.output == "The sum is 5."
    tool_messages = [m for m in script.requests[1]["messages"] if m["role"] == "tool"]
    assert tool_messages[0]["content"] == "5"


def test_litellm_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A litellm model string goes through litellm.acompletion to the provider's endpoint."""
    script = Script([{"name": "add", "args": {"a": 40, "b": 2}}, "42 it is."])
    with serve_fake_openai(script) as url:
        monkeypatch.setenv("OPENAI_API_KEY", "test-key")
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        monkeypatch.setenv("OPENAI_API_BASE", url)
        model = build_model(AssistantSettings(model="openai/gpt-test", model_retries=0))
        result = _agent_with_tool(model).run_sync("what is 40 + 2?")
    assert result.output == "42 it is."
    assert script.requests[0]["model"] == "gpt-test"


def test_provider_auth_error_is_reported_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 401 from the provider surfaces as an HTTP error with its status, not as an answer."""
    script = Script([401])
    with serve_fake_openai(script) as url:
        monkeypatch.setenv("OPENAI_API_KEY", "bad-key")
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        monkeypatch.setenv("OPENAI_API_BASE", url)
        model = build_model(AssistantSettings(model="openai/gpt-test", model_retries=0))
        with pytest.raises(ModelHTTPError) as caught:
            _agent_with_tool(model).run_sync("hello")
    assert caught.value.status_code == 401
