"""Settings of the conversational layer, read from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AssistantSettings(BaseSettings):
    """Which model answers, where links point, how long a model call may take."""

    model_config = SettingsConfigDict(env_prefix="LANEWISE_", extra="ignore")

    model: str = Field(
        default="builtin",
        description="'builtin', or a litellm model string such as 'openai/gpt-4.1'.",
    )
    model_base_url: str | None = Field(
        default=None, description="An OpenAI-compatible or LiteLLM-proxy base URL."
    )
    model_api_key: str | None = Field(default=None, description="Key for model_base_url.")
    model_timeout_s: float = Field(default=60.0, gt=0)
    model_retries: int = Field(default=2, ge=0, le=10)
    public_url: str = Field(default="http://127.0.0.1:8000")
    solve_time_limit_s: float = Field(default=20.0, gt=0)


@lru_cache(maxsize=1)
def get_settings() -> AssistantSettings:
    """The process-wide settings (read once)."""
    return AssistantSettings()
