"""Lanewise in Microsoft Teams, hosted in FastAPI with the Microsoft 365 Agents SDK.

The bot endpoint is ``/teams/messages`` (a sub-application, so its JWT middleware guards
only the bot). With JWT validation on (the default, and required in production) every
request must carry a Bot Framework / Entra token issued for the bot's app id; a missing
or invalid one answers 401 before anything runs.

Message activities go to the same :func:`assistant.conversation.ask` as every channel,
as the Lanewise user linked to the sender's Entra object id (``aadObjectId``, else the
channel's ``from.id``); one Teams conversation (a chat, or one reply chain of a channel)
is one Lanewise conversation per participant. Answers are Adaptive Cards. A request
with ``deliveryMode: expectReplies`` gets its answer in the HTTP response; otherwise the
request returns at once with a typing indicator and the answer is sent to the
conversation when it is ready (Teams gives a bot about 15 s per request).

Privacy: an answer in a channel or a group chat links a scenario shared with the team
(everyone there reads the answer); in a one-to-one (``personal``) chat the scenario stays
private. Messages with control characters are refused with the reason.
"""

from __future__ import annotations

import logging

import jwt
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    DeliveryModes,
)
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    ClaimsIdentity,
    MemoryStorage,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.app import ApplicationOptions
from microsoft_agents.hosting.core.authorization import AuthenticationConstants, AuthTypes
from microsoft_agents.hosting.fastapi import (
    CloudAdapter,
    JwtAuthorizationMiddleware,
    start_agent_process,
)
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.bots import Asker, BackgroundAnswers, ChatAnswer, ChatQuestion, answer_chat, layout
from assistant.config import AssistantSettings
from assistant.conversation import ask
from assistant.teams.cards import ADAPTIVE_CARD, answer_card
from tools import Database, SolveSettings

__all__ = ["MESSAGES_PATH", "MOUNT_PATH", "TeamsBot", "mount"]

MOUNT_PATH = "/teams"
MESSAGES_PATH = f"{MOUNT_PATH}/messages"

log = logging.getLogger(__name__)

SIGNING_ALGORITHMS = frozenset({"RS256", "RS384", "RS512"})
"""How the Bot Framework signs its tokens (a key from its published key set, by ``kid``)."""


def token_shape_problem(authorization: str | None) -> str | None:
    """Why a bearer token cannot be a Bot Framework token (None if it may be one).

    Checked before the SDK validates it: the SDK raises (a 500) on tokens without a key
    id, such as forged ``alg: none`` or HS256 tokens.
    """
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return "missing bearer token"
    try:
        header = jwt.get_unverified_header(token.strip())
    except jwt.InvalidTokenError:
        return "malformed token"
    if header.get("alg") not in SIGNING_ALGORITHMS:
        return f"tokens signed with {header.get('alg')!r} are not accepted"
    if not isinstance(header.get("kid"), str) or not header["kid"]:
        return "the token names no signing key (kid)"
    return None


class _RefuseMalformedTokens:
    """401 for requests whose token cannot be a Bot Framework token, before the SDK sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive=receive)
            problem = token_shape_problem(request.headers.get("Authorization"))
            if problem is not None:
                response = JSONResponse({"error": problem}, status_code=401)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def auth_configuration(settings: AssistantSettings) -> AgentAuthConfiguration:
    """The Agents SDK's connection settings from ours.

    JWT validation is on unless explicitly turned off; tokens must be signed by Microsoft
    (Bot Framework or Entra keys), issued for our app id, and come from an accepted issuer
    (the Bot Framework, or Entra for our tenant).
    """
    if settings.teams_auth_enabled and not settings.teams_app_id:
        raise ValueError(
            "LANEWISE_TEAMS_APP_ID is required while Teams JWT validation is on "
            "(LANEWISE_TEAMS_AUTH_ENABLED defaults to true; turn it off only for local "
            "development)"
        )
    if settings.teams_app_id and settings.teams_app_password is None:
        raise ValueError("LANEWISE_TEAMS_APP_PASSWORD is required with LANEWISE_TEAMS_APP_ID")
    password = settings.teams_app_password
    return AgentAuthConfiguration(
        auth_type=AuthTypes.client_secret,
        client_id=settings.teams_app_id,
        tenant_id=settings.teams_tenant_id,
        client_secret=password.get_secret_value() if password is not None else None,
        anonymous_allowed=not settings.teams_auth_enabled,
        validate_issuer=True,
    )


def _reply(question: ChatQuestion, answer: ChatAnswer) -> Activity:
    if answer.result is None:
        return Activity(type=ActivityTypes.message, text=answer.text, text_format="markdown")
    card = answer_card(layout(question.text, answer.result), user=answer.user)
    return Activity(
        type=ActivityTypes.message,
        summary=answer.text[:200],
        attachments=[Attachment(content_type=ADAPTIVE_CARD, content=card)],
    )


class TeamsBot:
    """The agent application answering Teams, its adapter, and the FastAPI sub-app.

    Parameters
    ----------
    db
        The database questions are answered in.
    settings
        App id, password, tenant, whether JWTs are validated, where version links point.
    solve_settings
        Solver limits for the re-plans the questions cause (default: interactive ones).
    asker
        The function answering a question (default :func:`assistant.conversation.ask`).
    """

    def __init__(
        self,
        db: Database,
        settings: AssistantSettings,
        *,
        solve_settings: SolveSettings | None = None,
        asker: Asker = ask,
    ) -> None:
        self.db = db
        self.settings = settings
        self.solve_settings = solve_settings
        self.asker = asker
        self.auth = auth_configuration(settings)
        self.connections = MsalConnectionManager(
            connections_configurations={"SERVICE_CONNECTION": self.auth}
        )
        self.adapter = CloudAdapter(connection_manager=self.connections)
        self.agent: AgentApplication[TurnState] = AgentApplication[TurnState](
            ApplicationOptions(
                storage=MemoryStorage(),
                bot_app_id=settings.teams_app_id or "",
                start_typing_timer=False,
                remove_recipient_mention=True,
            ),
            connection_manager=self.connections,
        )
        self.agent.activity(ActivityTypes.message)(self._on_message)
        self._work = BackgroundAnswers()

    def asgi_app(self) -> FastAPI:
        """The bot endpoint as a FastAPI app with the SDK's JWT middleware."""
        sub = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
        sub.state.agent_configuration = self.auth
        sub.add_middleware(JwtAuthorizationMiddleware)
        if self.settings.teams_auth_enabled:
            sub.add_middleware(_RefuseMalformedTokens)  # outermost: runs before the SDK's

        @sub.post("/messages", response_model=None)
        async def messages(request: Request) -> Response:
            response = await start_agent_process(request, self.agent, self.adapter)
            if response is None:
                raise RuntimeError("the Agents SDK adapter returned no response")
            return response

        return sub

    @property
    def busy(self) -> int:
        """How many answers are being worked on."""
        return self._work.busy

    async def drain(self) -> None:
        """Wait for the answers still being worked on (at shutdown)."""
        await self._work.drain()

    async def _answer(self, question: ChatQuestion) -> ChatAnswer:
        return await answer_chat(
            self.db,
            self.settings,
            question,
            solve_settings=self.solve_settings,
            asker=self.asker,
        )

    async def post_alert(self, service_url: str, conversation_id: str, activity: Activity) -> None:
        """Send a watcher alert into a Teams conversation (the configured alert channel)
        without a message to answer: a proactive message through the connector."""
        reference = ConversationReference(
            channel_id="msteams",
            service_url=service_url,
            conversation=ConversationAccount(id=conversation_id),
            bot=ChannelAccount(id=f"28:{self.settings.teams_app_id or 'lanewise'}"),
        )

        async def send(turn: TurnContext) -> None:
            await turn.send_activity(activity)

        continuation = reference.get_continuation_activity()
        if self.settings.teams_app_id and self.settings.teams_auth_enabled:
            await self.adapter.continue_conversation(self.settings.teams_app_id, continuation, send)
        else:  # development without an Entra app: the connector is called anonymously
            await self.adapter.continue_conversation_with_claims(
                ClaimsIdentity(),
                continuation,
                send,
                audience=AuthenticationConstants.AGENTS_SDK_SCOPE,
            )

    async def _on_message(self, context: TurnContext, _state: TurnState) -> None:
        activity = context.activity
        sender = activity.from_property
        external_id = (sender.aad_object_id or sender.id) if sender is not None else None
        if not external_id or activity.conversation is None:
            log.warning("Teams message without a sender or conversation; ignored")
            return
        question = ChatQuestion(
            provider="teams",
            external_id=external_id,
            thread_key=f"{activity.channel_id}:{activity.conversation.id}",
            text=(activity.text or "").strip(),
            shared_channel=activity.conversation.conversation_type in ("channel", "groupChat"),
        )
        if activity.delivery_mode == DeliveryModes.expect_replies:
            await context.send_activity(_reply(question, await self._answer(question)))
            return
        await context.send_activity(Activity(type=ActivityTypes.typing))
        reference = activity.get_conversation_reference()
        self._work.spawn(
            self._answer_later(
                context.identity or ClaimsIdentity(),
                reference.get_continuation_activity(),
                question,
            )
        )

    async def _answer_later(
        self, identity: ClaimsIdentity, continuation: Activity, question: ChatQuestion
    ) -> None:
        answer = await self._answer(question)
        reply = _reply(question, answer)

        async def send(turn: TurnContext) -> None:
            await turn.send_activity(reply)

        audience = (
            identity.get_token_audience()
            if identity.is_agent_claim()
            else AuthenticationConstants.AGENTS_SDK_SCOPE
        )
        try:
            await self.adapter.continue_conversation_with_claims(
                identity, continuation, send, audience=audience
            )
        except Exception:
            log.exception("sending a Teams answer to %s failed", continuation.service_url)


def mount(
    app: FastAPI,
    settings: AssistantSettings,
    *,
    db: Database | None = None,
    solve_settings: SolveSettings | None = None,
    asker: Asker = ask,
) -> TeamsBot:
    """Serve the Teams bot on ``app`` at ``/teams/messages`` (database: ``app.state.db``)."""
    bot = TeamsBot(
        db if db is not None else app.state.db,
        settings,
        solve_settings=solve_settings,
        asker=asker,
    )
    if not settings.teams_auth_enabled:
        log.warning("Teams JWT validation is OFF: anyone can post as any Teams user")
    app.mount(MOUNT_PATH, bot.asgi_app())
    app.state.teams = bot
    return bot
