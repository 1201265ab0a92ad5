"""Alerts to the channels: the watcher's notifier for Slack and Teams, and the watcher's
life inside the server.

The watcher itself (:mod:`tools.watch`) decides what is an alert and records it; this
module delivers a new alert to the configured Slack channel (``LANEWISE_ALERT_SLACK_CHANNEL``)
and Teams conversation (``LANEWISE_ALERT_TEAMS_SERVICE_URL`` and
``LANEWISE_ALERT_TEAMS_CONVERSATION_ID``) through the bots the app serves, with buttons to
the prepared fix scenario and to the alert list where it is acknowledged. The web shows
every alert on the pages whatever the channels.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from assistant.config import AssistantSettings
from tools import Database
from tools.watch import AlertView, Watcher, WatchSettings

if TYPE_CHECKING:
    from assistant.slack.app import SlackBot
    from assistant.teams.app import TeamsBot

__all__ = ["ChannelNotifier", "alert_title", "playbook_days", "start_watcher", "watch_settings"]

log = logging.getLogger(__name__)

SEND_TIMEOUT_S = 30.0
"""Longest one channel may take to take an alert."""

_KINDS = {
    "imbalance": "Trailer imbalance ahead",
    "service": "Service at risk",
    "violation": "Live breaks a hard rule",
}


def alert_title(alert: AlertView) -> str:
    """The alert's headline: what kind of trouble, and where."""
    return f"{_KINDS.get(alert.kind, alert.kind)}: {alert.subject}"


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def playbook_days(text: str) -> tuple[int | None, ...]:
    """'week,mon,wed' as the days a hub's playbooks cover (None: down all week)."""
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    return tuple(None if w == "week" else _WEEKDAYS.index(w) for w in words)


def watch_settings(settings: AssistantSettings) -> WatchSettings:
    """The watcher's thresholds from the server's settings."""
    return WatchSettings(
        imbalance_threshold=settings.alert_imbalance_threshold,
        service_floor=settings.alert_service_floor,
    )


class ChannelNotifier:
    """Posts new alerts to the configured Slack channel and Teams conversation.

    Runs in the watcher's thread: the posts are coroutines of the bots, run on the
    server's event loop when one is given (else on a loop of their own).
    """

    def __init__(
        self,
        settings: AssistantSettings,
        *,
        slack: SlackBot | None = None,
        teams: TeamsBot | None = None,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        self.settings = settings
        self.slack = slack if settings.alert_slack_channel else None
        self.teams = (
            teams
            if settings.alert_teams_service_url and settings.alert_teams_conversation_id
            else None
        )
        self.loop = loop
        self.base = settings.public_url.rstrip("/")

    @property
    def channels(self) -> list[str]:
        """The channels alerts go to."""
        return [n for n, bot in (("slack", self.slack), ("teams", self.teams)) if bot is not None]

    def _run(self, work: Coroutine[Any, Any, None]) -> None:
        # called from the watcher's thread, never from the loop's own
        loop = self.loop
        if loop is not None and loop.is_running():
            asyncio.run_coroutine_threadsafe(work, loop).result(timeout=SEND_TIMEOUT_S)
        else:
            asyncio.run(asyncio.wait_for(work, SEND_TIMEOUT_S))

    def __call__(self, alert: AlertView) -> list[str]:
        """Deliver ``alert`` to every configured channel; the names of those it reached."""
        title = alert_title(alert)
        fix_url = self.base + alert.fix_url if alert.fix_url else None
        alerts_url = f"{self.base}/alerts"
        text = alert.message + (f"\nPrepared fix: {fix_url}" if fix_url else "")
        delivered: list[str] = []
        if self.slack is not None and self.settings.alert_slack_channel:
            from assistant.slack.blocks import alert_blocks

            blocks = alert_blocks(title, alert.message, fix_url=fix_url, alerts_url=alerts_url)
            try:
                self._run(
                    self.slack.post_alert(
                        self.settings.alert_slack_channel, f"{title}. {text}", blocks
                    )
                )
                delivered.append("slack")
            except Exception:  # the other channels and the web still get it
                log.exception("posting alert %s to Slack failed", alert.id)
        service_url = self.settings.alert_teams_service_url
        conversation = self.settings.alert_teams_conversation_id
        if self.teams is not None and service_url and conversation:
            from microsoft_agents.activity import Activity, ActivityTypes, Attachment

            from assistant.teams.cards import ADAPTIVE_CARD, alert_card

            card = alert_card(title, alert.message, fix_url=fix_url, alerts_url=alerts_url)
            activity = Activity(
                type=ActivityTypes.message,
                summary=title[:200],
                attachments=[Attachment(content_type=ADAPTIVE_CARD, content=card)],
            )
            try:
                self._run(self.teams.post_alert(service_url, conversation, activity))
                delivered.append("teams")
            except Exception:
                log.exception("posting alert %s to Teams failed", alert.id)
        return delivered


def start_watcher(
    db: Database,
    settings: AssistantSettings,
    *,
    slack: SlackBot | None = None,
    teams: TeamsBot | None = None,
    loop: asyncio.AbstractEventLoop | None = None,
) -> Watcher:
    """Start this server's watcher, delivering to the channels the settings name; it also
    keeps the contingency playbooks current unless ``LANEWISE_PLAYBOOKS=false``."""
    notifier = ChannelNotifier(settings, slack=slack, teams=teams, loop=loop)
    if settings.alert_slack_channel and slack is None:
        log.warning("LANEWISE_ALERT_SLACK_CHANNEL is set but Slack is not served: not posted")
    if settings.alert_teams_conversation_id and teams is None:
        log.warning("a Teams alert conversation is set but Teams is not served: not posted")
    also = []
    if settings.playbooks:
        from tools.playbooks import refresh_playbooks

        def playbooks() -> object:
            return refresh_playbooks(
                db,
                hubs=settings.playbook_hubs,
                lanes=settings.playbook_lanes,
                days=playbook_days(settings.playbook_days),
            )

        also.append(playbooks)
    return Watcher(
        db,
        notifier=notifier,
        settings=watch_settings(settings),
        poll_s=settings.watch_poll_s,
        also=also,
    ).start()
