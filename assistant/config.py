"""Settings of the conversational layer, read from the environment (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
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
    solve_time_limit_s: float = Field(
        default=300.0,
        gt=0,
        description="Safety stop of solves for questions asked in conversation: a solve cut "
        "short by it is answered as unfinished (the plan itself depends on effort, not time).",
    )
    secret: SecretStr | None = Field(
        default=None,
        description="Signs web session cookies (LANEWISE_SECRET); when unset, a random "
        "secret is generated once into LANEWISE_HOME/secret.",
    )
    session_max_age_s: int = Field(default=12 * 3600, gt=0, description="Web login lifetime.")
    solve_workers: int = Field(
        default=1, ge=1, le=16, description="Threads running API solve jobs in this process."
    )
    max_upload_mb: float = Field(default=50.0, gt=0, description="Largest network upload.")
    max_body_mb: float = Field(
        default=1.0, gt=0, description="Largest request body other than a network upload."
    )
    cors_origins: str = Field(
        default="",
        description="Comma-separated origins allowed to call the API and the chat from a "
        "browser on another site (default: none).",
    )
    max_solve_time_s: float = Field(
        default=300.0, gt=0, description="Longest time limit an API solve request may ask for."
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        description="Slack app's signing secret; Slack is served when it and "
        "the bot token are set.",
    )
    slack_bot_token: SecretStr | None = Field(default=None, description="Bot token (xoxb-…).")
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Slack Web API base URL."
    )
    teams_app_id: str | None = Field(
        default=None, description="Microsoft Entra app (client) id of the Teams bot."
    )
    teams_app_password: SecretStr | None = Field(
        default=None, description="Client secret of the Teams bot's Entra app."
    )
    teams_tenant_id: str | None = Field(
        default=None, description="Entra tenant of a single-tenant bot (default: any)."
    )
    teams_enabled: bool = Field(
        default=False, description="Serve Teams even without an app id (development)."
    )
    teams_auth_enabled: bool = Field(
        default=True,
        description="Validate the Bot Framework JWT on every Teams request; turning it off "
        "lets anyone impersonate linked users (local development only).",
    )

    watch: bool = Field(
        default=False,
        description="Run the watcher in this server (``lanewise serve`` turns it on): "
        "re-evaluate live when actuals or a new live version arrive, and raise alerts.",
    )
    watch_poll_s: float = Field(
        default=10.0, gt=0, le=3600, description="How often the watcher looks for news."
    )
    alert_imbalance_threshold: int = Field(
        default=3, ge=1, description="Trailers a hub may be projected off its plan before an alert."
    )
    alert_service_floor: float = Field(
        default=0.95,
        gt=0,
        le=1,
        description="On-time share of the week's remaining tonnes below which service is at risk.",
    )
    playbooks: bool = Field(
        default=True,
        description="With the watcher: keep contingency playbooks of live's critical hubs and "
        "lanes solved in advance (re-solved when live moves).",
    )
    playbook_hubs: int = Field(default=3, ge=0, le=20, description="Critical hubs with playbooks.")
    playbook_lanes: int = Field(default=2, ge=0, le=20, description="Critical lanes, likewise.")
    playbook_days: str = Field(
        default="week,mon,tue,wed,thu,fri",
        pattern=r"(?i)^\s*(week|mon|tue|wed|thu|fri|sat|sun)(\s*,\s*(week|mon|tue|wed|thu|fri|sat|sun))*\s*$",
        description="A critical hub's contingencies: down all 'week' and on these weekdays.",
    )
    alert_slack_channel: str | None = Field(
        default=None, description="Slack channel id alerts are posted to (the bot must be in it)."
    )
    alert_teams_service_url: str | None = Field(
        default=None, description="Bot Framework service URL of the Teams alert conversation."
    )
    alert_teams_conversation_id: str | None = Field(
        default=None, description="Teams conversation (channel) id alerts are posted to."
    )

    @property
    def cors_origin_list(self) -> list[str]:
        """The configured CORS origins, without blanks or trailing slashes."""
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]

    @property
    def slack_configured(self) -> bool:
        """Both the Slack signing secret and the bot token are set."""
        return self.slack_signing_secret is not None and self.slack_bot_token is not None

    @property
    def teams_configured(self) -> bool:
        """Teams has an app id, or is enabled explicitly (for development without one)."""
        return self.teams_app_id is not None or self.teams_enabled


@lru_cache(maxsize=1)
def get_settings() -> AssistantSettings:
    """The process-wide settings (read once)."""
    return AssistantSettings()
