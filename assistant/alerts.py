"""Alerts to the channels: the watcher's notifier for Slack and Teams, and the watcher's
life inside the server.

The watcher itself (:mod:`tools.watch`) decides what is an alert and records it; this
module delivers the alerts one evaluation raised, as one message, to the configured Slack
channel (``LANEWISE_ALERT_SLACK_CHANNEL``) and Teams conversation
(``LANEWISE_ALERT_TEAMS_SERVICE_URL`` and ``LANEWISE_ALERT_TEAMS_CONVERSATION_ID``) through
the bots the app serves: the biggest first, at most :data:`GROUP_LIMIT` of them and how
many more, with buttons to the prepared fix scenario and to the alert list where each is
acknowledged. The web shows every alert on the pages whatever the channels.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.config import AssistantSettings
from tools import Database
from tools.watch import AlertView, Watcher, WatchSettings

if TYPE_CHECKING:
    from assistant.slack.app import SlackBot
    from assistant.teams.app import TeamsBot

__all__ = [
    "GROUP_LIMIT",
    "AlertDigest",
    "ChannelNotifier",
    "alert_digest",
    "alert_title",
    "channel_notifier",
    "playbook_days",
    "start_watcher",
    "watch_settings",
]

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


GROUP_LIMIT = 5
"""Most alerts one channel message lists; the rest are counted and left to the alerts page."""

_KIND_ORDER = {"violation": 0, "service": 1, "imbalance": 2}


def _size(alert: AlertView) -> float:
    """How big the trouble is, within its kind: trailers off plan, tonnes at risk, amount."""
    key = {"imbalance": "imbalance", "service": "unserved_t", "violation": "amount"}.get(alert.kind)
    value = alert.details.get(key) if key else None
    extra = alert.details.get("late_t") if alert.kind == "service" else None
    try:
        return abs(float(value or 0)) + abs(float(extra or 0))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0


def _biggest_first(alerts: Sequence[AlertView]) -> list[AlertView]:
    """Hard violations, then service at risk, then imbalances, each kind biggest first."""
    return sorted(alerts, key=lambda a: (_KIND_ORDER.get(a.kind, 3), -_size(a), a.id))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _headline(alerts: Sequence[AlertView]) -> str:
    """One line for an evaluation's alerts: '6 new alerts: trailer imbalance ahead at 4 hubs'."""
    if len(alerts) == 1:
        return alert_title(alerts[0])
    parts = []
    imbalance = {a.subject for a in alerts if a.kind == "imbalance"}
    if imbalance:
        parts.append(f"trailer imbalance ahead at {_plural(len(imbalance), 'hub')}")
    if any(a.kind == "service" for a in alerts):
        parts.append("service at risk")
    violations = sum(a.kind == "violation" for a in alerts)
    if violations:
        parts.append(f"live breaks {_plural(violations, 'hard rule')}")
    others = sum(a.kind not in _KIND_ORDER for a in alerts)
    if others:
        parts.append(_plural(others, "other alert"))
    return f"{len(alerts)} new alerts: " + "; ".join(parts)


@dataclass(frozen=True)
class AlertDigest:
    """One evaluation's new alerts as one channel message."""

    title: str
    lines: list[str]
    more: int
    fix_url: str | None
    alerts_url: str

    def text(self, separator: str = "\n") -> str:
        """The shown alerts, one per line, the count of the rest, and where to see them all."""
        lines = list(self.lines)
        if self.more:
            lines.append(f"… and {self.more} more on the alerts page: {self.alerts_url}")
        return separator.join(lines)


def alert_digest(alerts: Sequence[AlertView], base_url: str) -> AlertDigest:
    """The message for ``alerts``: biggest first, at most :data:`GROUP_LIMIT`, the count of
    the rest; one prepared fix is a button, several are linked on their own lines."""
    if not alerts:
        raise ValueError("alerts: an alert message needs at least one alert")
    ordered = _biggest_first(alerts)
    shown = ordered[:GROUP_LIMIT]
    fixes = {a.fix_url for a in ordered if a.fix_url}
    one_fix = base_url + next(iter(fixes)) if len(fixes) == 1 else None
    if len(alerts) == 1:
        lines = [shown[0].message]
    else:
        lines = [
            f"• {a.message}"
            + (f" Prepared fix: {base_url}{a.fix_url}" if a.fix_url and len(fixes) > 1 else "")
            for a in shown
        ]
    return AlertDigest(
        title=_headline(ordered),
        lines=lines,
        more=len(ordered) - len(shown),
        fix_url=one_fix,
        alerts_url=f"{base_url}/alerts",
    )


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

    def __call__(self, alerts: list[AlertView]) -> list[str]:
        """Deliver one evaluation's new ``alerts`` as one message to every configured
        channel; the names of those it reached."""
        if not alerts:
            return []
        digest = alert_digest(alerts, self.base)
        ids = [a.id for a in alerts]
        delivered: list[str] = []
        if self.slack is not None and self.settings.alert_slack_channel:
            from assistant.slack.blocks import alert_blocks

            text = digest.text()
            blocks = alert_blocks(
                digest.title, text, fix_url=digest.fix_url, alerts_url=digest.alerts_url
            )
            fallback = f"{digest.title}. {text}" + (
                f"\nPrepared fix: {digest.fix_url}" if digest.fix_url else ""
            )
            try:
                self._run(
                    self.slack.post_alert(self.settings.alert_slack_channel, fallback, blocks)
                )
                delivered.append("slack")
            except Exception:  # the other channels and the web still get it
                log.exception("posting alerts %s to Slack failed", ids)
        service_url = self.settings.alert_teams_service_url
        conversation = self.settings.alert_teams_conversation_id
        if self.teams is not None and service_url and conversation:
            from microsoft_agents.activity import Activity, ActivityTypes, Attachment

            from assistant.teams.cards import ADAPTIVE_CARD, alert_card

            card = alert_card(
                digest.title,
                digest.text("\n\n"),
                fix_url=digest.fix_url,
                alerts_url=digest.alerts_url,
            )
            activity = Activity(
                type=ActivityTypes.message,
                summary=digest.title[:200],
                attachments=[Attachment(content_type=ADAPTIVE_CARD, content=card)],
            )
            try:
                self._run(self.teams.post_alert(service_url, conversation, activity))
                delivered.append("teams")
            except Exception:
                log.exception("posting alerts %s to Teams failed", ids)
        return delivered


def channel_notifier(db: Database, settings: AssistantSettings) -> ChannelNotifier:
    """A notifier for a process that serves no chat (the shell): the Slack and Teams bots
    made from the same settings as the server's, posting on a loop of their own."""
    slack = teams = None
    if settings.alert_slack_channel and settings.slack_configured:
        from assistant.slack.app import SlackBot

        slack = SlackBot(db, settings)
    if (
        settings.alert_teams_service_url
        and settings.alert_teams_conversation_id
        and settings.teams_configured
    ):
        from assistant.teams.app import TeamsBot

        teams = TeamsBot(db, settings)
    return ChannelNotifier(settings, slack=slack, teams=teams)


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
