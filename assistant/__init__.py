"""Conversation and channels: agent, interpreter, API, chat UI, bots and the CLI."""
