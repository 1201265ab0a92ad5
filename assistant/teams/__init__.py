"""Lanewise in Microsoft Teams: messages answered with Adaptive Cards (Agents SDK)."""

from assistant.teams.app import MESSAGES_PATH, TeamsBot, mount
from assistant.teams.cards import answer_card

__all__ = ["MESSAGES_PATH", "TeamsBot", "answer_card", "mount"]
