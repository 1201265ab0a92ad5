"""Lanewise in Slack: the ``/lanewise`` slash command and app mentions, on ``/slack/events``.

Built on slack-bolt (``AsyncApp`` + ``AsyncSlackRequestHandler``): every request's
signature and timestamp are verified before anything runs (a bad, missing or stale
signature answers 401). Slack wants an answer within 3 s, so requests are acknowledged at
once and the question is answered in a background task; the answer follows in the thread
as Block Kit. One Slack thread is one conversation: a slash command opens a thread with
the question, mentions inside a thread continue it.

A signed request seen before (the same signature and timestamp, i.e. a replay) is
acknowledged and ignored, and so is an event Slack delivers again (a retry, with the same
event id). A signed request that cannot be read, or a failure before the answer starts
(e.g. Slack's ``auth.test`` unreachable), is logged and acknowledged with 200, never a
500, so Slack does not retry something that cannot succeed. Signatures and event ids are
remembered in the database (:func:`tools.first_delivery`), so replays and retries are
recognised by whichever server process they reach.

Privacy: questions asked in a channel (public or private) or a group DM are answered in
the channel's thread, so the scenario they link is shared with the team; questions in a
direct message with the bot keep their scenario private.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from assistant.bots import (
    Asker,
    BackgroundAnswers,
    ChatAnswer,
    ChatQuestion,
    answer_chat,
    claim_key,
    help_text,
    layout,
    refusal_text,
)
from assistant.config import AssistantSettings
from assistant.conversation import ask
from assistant.slack.blocks import OPEN_ACTION_ID, answer_blocks, fallback_text, plain_blocks
from tools import Database, SolveSettings, first_delivery, user_for_identity

__all__ = ["EVENTS_PATH", "SlackBot", "mount"]

EVENTS_PATH = "/slack/events"
COMMAND = "/lanewise"

log = logging.getLogger(__name__)

REPLAY_WINDOW_S = 5 * 60.0
"""How long a signature is valid either side of its timestamp (Slack's rule)."""
REMEMBER_SIGNATURE_S = 2 * REPLAY_WINDOW_S + 60.0
"""How long a signature is remembered: its whole validity, with a minute for clock skew."""
REMEMBER_EVENT_S = 2 * 3600.0
"""How long an event id is remembered (Slack retries an event for about half an hour)."""

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def clean_text(text: str) -> str:
    """A message's text without mentions of users or the bot, Slack's escapes undone."""
    text = _MENTION.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text).strip()


class SlackBot:
    """The bolt app answering Slack, the FastAPI router that serves it, and its tasks.

    Parameters
    ----------
    db
        The database questions are answered in.
    settings
        Signing secret, bot token, Slack API URL and where version links point.
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
        if settings.slack_signing_secret is None or settings.slack_bot_token is None:
            raise ValueError(
                "LANEWISE_SLACK_SIGNING_SECRET and LANEWISE_SLACK_BOT_TOKEN are both required "
                "to serve Slack"
            )
        self.db = db
        self.settings = settings
        self.solve_settings = solve_settings
        self.asker = asker
        base_url = (
            settings.slack_api_url
            if settings.slack_api_url.endswith("/")
            else (settings.slack_api_url + "/")
        )
        client = AsyncWebClient(
            token=settings.slack_bot_token.get_secret_value(), base_url=base_url
        )
        self.app = AsyncApp(
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            client=client,
            process_before_response=False,
            name="lanewise",
        )
        self.handler = AsyncSlackRequestHandler(self.app)
        self._work = BackgroundAnswers()
        self._verifier = SignatureVerifier(settings.slack_signing_secret.get_secret_value())
        self.app.command(COMMAND)(self._on_command)
        self.app.event("app_mention")(self._on_mention)
        self.app.action(OPEN_ACTION_ID)(self._on_open)

    # ------------------------------------------------------------ plumbing

    def router(self) -> APIRouter:
        """The route Slack posts events, slash commands and button clicks to."""
        router = APIRouter(tags=["slack"])

        @router.post(EVENTS_PATH, include_in_schema=False)
        async def slack_events(request: Request) -> Response:
            body = await request.body()
            headers = dict(request.headers)
            if not self._verifier.is_valid_request(body, headers):
                return Response("invalid request signature", status_code=401)
            try:
                if await self._replayed(headers.get("x-slack-signature", "")):
                    log.warning("ignored a replayed Slack request")
                    return Response(status_code=200)
                response: Response = await self.handler.handle(request)
            except Exception:  # an unreadable body ...: never a 500
                log.exception("a signed Slack request could not be handled")
                return Response(status_code=200)
            if response.status_code >= 500:  # bolt's own answer when e.g. auth.test failed
                log.error("Slack request failed before answering (status %s)", response.status_code)
                return Response(status_code=200)
            return response

        return router

    async def _replayed(self, signature: str) -> bool:
        """True for a signature seen before by any server process (remembered from now on)."""
        key = claim_key("slack-signature", signature)
        return not await asyncio.to_thread(
            first_delivery, self.db, key, remember_s=REMEMBER_SIGNATURE_S
        )

    @property
    def busy(self) -> int:
        """How many answers are being worked on."""
        return self._work.busy

    async def drain(self) -> None:
        """Wait for the answers still being worked on (at shutdown)."""
        await self._work.drain()

    async def _first_time(self, event_id: str | None) -> bool:
        """False for an event Slack delivers again (a retry of one any process took)."""
        if not event_id:
            return True
        key = claim_key("slack-event", event_id)
        return await asyncio.to_thread(first_delivery, self.db, key, remember_s=REMEMBER_EVENT_S)

    async def _answer(self, question: ChatQuestion) -> ChatAnswer:
        return await answer_chat(
            self.db,
            self.settings,
            question,
            solve_settings=self.solve_settings,
            asker=self.asker,
        )

    async def _post(
        self, client: AsyncWebClient, channel: str, thread_ts: str, question: str, a: ChatAnswer
    ) -> None:
        if a.result is not None:
            blocks = answer_blocks(layout(question, a.result), user=a.user)
        else:
            blocks = plain_blocks(a)
        try:
            await client.chat_postMessage(
                channel=channel,
                thread_ts=thread_ts,
                text=fallback_text(a),
                blocks=blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            if exc.response.get("error") != "invalid_blocks":
                raise
            log.warning("Slack refused the answer's blocks (%s); posting it as text", exc)
            await client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, text=a.text[:39000], mrkdwn=True
            )

    async def post_alert(self, channel: str, text: str, blocks: list[dict[str, Any]]) -> None:
        """Post a watcher alert to a channel the bot is in (the configured alert channel)."""
        await self.app.client.chat_postMessage(
            channel=channel, text=text, blocks=blocks, unfurl_links=False, unfurl_media=False
        )

    # ----------------------------------------------------------- listeners

    async def _on_command(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        question = clean_text(command.get("text", ""))
        if not question:
            await ack(response_type="ephemeral", text=help_text())
            return
        await ack(response_type="ephemeral", text=f"Working on “{question}”…")
        self._work.spawn(self._answer_command(command, question, respond, client))

    async def _answer_command(
        self,
        command: dict[str, Any],
        question: str,
        respond: AsyncRespond,
        client: AsyncWebClient,
    ) -> None:
        user, channel = command["user_id"], command["channel_id"]
        team = command.get("team_id", "")
        try:
            if await asyncio.to_thread(user_for_identity, self.db, "slack", user) is None:
                await respond(response_type="ephemeral", text=refusal_text("slack", user))
                return
            try:
                opener = await client.chat_postMessage(
                    channel=channel,
                    text=f"<@{user}> asked: {_escape(question)}",
                    unfurl_links=False,
                )
            except SlackApiError as exc:
                await respond(
                    response_type="ephemeral",
                    text=f"I can't post in this channel ({exc.response.get('error')}). Invite "
                    "me with `/invite @Lanewise`, or ask me in a channel I am in.",
                )
                return
            ts = str(opener["ts"])
            shared = command.get("channel_name") != "directmessage" and not channel.startswith("D")
            answer = await self._answer(
                ChatQuestion("slack", user, f"{team}:{channel}:{ts}", question, shared)
            )
            await self._post(client, channel, ts, question, answer)
        except Exception:
            log.exception("answering /lanewise failed")
            await respond(
                response_type="ephemeral",
                text="Something went wrong while answering; the error was logged.",
            )

    async def _on_mention(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if not await self._first_time(body.get("event_id")):
            return
        self._work.spawn(self._answer_mention(body, event, client))

    async def _answer_mention(
        self, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user, channel = event.get("user"), event["channel"]
        if not user:
            return
        thread_ts = str(event.get("thread_ts") or event["ts"])
        team = body.get("team_id") or event.get("team", "")
        question = clean_text(event.get("text", ""))
        shared = event.get("channel_type") != "im" and not str(channel).startswith("D")
        try:
            answer = await self._answer(
                ChatQuestion("slack", user, f"{team}:{channel}:{thread_ts}", question, shared)
            )
            if answer.kind == "refusal":
                await client.chat_postEphemeral(
                    channel=channel, user=user, thread_ts=thread_ts, text=answer.text
                )
                return
            await self._post(client, channel, thread_ts, question, answer)
        except Exception:
            log.exception("answering a Slack mention failed")

    async def _on_open(self, ack: AsyncAck) -> None:
        # The button opens its URL in the browser; Slack still wants the click acknowledged.
        await ack()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mount(
    app: FastAPI,
    settings: AssistantSettings,
    *,
    db: Database | None = None,
    solve_settings: SolveSettings | None = None,
    asker: Asker = ask,
) -> SlackBot:
    """Serve Slack on ``app`` at ``/slack/events`` (database: ``app.state.db`` by default)."""
    bot = SlackBot(
        db if db is not None else app.state.db,
        settings,
        solve_settings=solve_settings,
        asker=asker,
    )
    app.include_router(bot.router())
    app.state.slack = bot
    return bot
