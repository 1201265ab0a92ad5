"""The chat channel: answers streamed as events, and the chainlit chat UI at ``/chat``.

:mod:`assistant.chat.streaming` is cheap to import (the REST API uses it); chainlit is
imported only by :func:`mount_chat_ui`, when the UI is mounted on an app.
"""

from assistant.chat.mount import CHAT_PATH, mount_chat_ui

__all__ = ["CHAT_PATH", "mount_chat_ui"]
