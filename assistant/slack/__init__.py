"""Lanewise in Slack: the ``/lanewise`` command and mentions, answered in threads."""

from assistant.slack.app import EVENTS_PATH, SlackBot, mount
from assistant.slack.blocks import answer_blocks, to_mrkdwn

__all__ = ["EVENTS_PATH", "SlackBot", "answer_blocks", "mount", "to_mrkdwn"]
