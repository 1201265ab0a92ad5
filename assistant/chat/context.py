"""What the chat UI serves from: the app's database and settings, and who may sign in.

The chainlit app module is loaded by chainlit from its file, so it finds the app it is
mounted on here (set once by :func:`assistant.chat.mount_chat_ui`). Sign-in uses the same
identities as the API and the pages: a user name (or email) and that user's API token.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

from assistant.api.security import SESSION_COOKIE, SessionSigner
from assistant.chat.streaming import chat_solve_settings
from assistant.config import AssistantSettings
from tools import (
    Database,
    NotFound,
    PermissionDenied,
    SolveSettings,
    UserRef,
    authenticate,
    session_user,
    user_ref,
)

__all__ = ["ChatContext", "current", "page_session_user", "set_current", "sign_in"]


@dataclass(frozen=True)
class ChatContext:
    """The database, settings and session signer of the app the chat UI is mounted on."""

    db: Database
    settings: AssistantSettings
    signer: SessionSigner

    @property
    def solve_settings(self) -> SolveSettings:
        """Solver settings for chat questions (``LANEWISE_SOLVE_TIME_LIMIT_S``)."""
        return chat_solve_settings(self.settings)


_current: ChatContext | None = None
_log = logging.getLogger("lanewise.chat")


def set_current(context: ChatContext) -> None:
    """Serve the chat UI from ``context``: chainlit is one app per process, so the app
    mounted last serves it (tests build several apps; a server builds one)."""
    global _current
    if _current is not None and _current.db is not context.db:
        _log.warning("the chat UI now serves %r instead of %r", context.db, _current.db)
    _current = context


def current() -> ChatContext:
    """The context set when the UI was mounted."""
    if _current is None:
        raise RuntimeError("the chat UI is not mounted: call assistant.chat.mount_chat_ui(app)")
    return _current


def sign_in(db: Database, name: str, token: str) -> UserRef | None:
    """The active user named ``name`` (user name or email) whose API token is ``token``."""
    if not name.strip() or not token.strip():
        return None
    try:
        holder = authenticate(db, token)
        named = user_ref(db, name.strip())
    except (PermissionDenied, NotFound):
        return None
    return holder if named.id == holder.id else None


def page_session_user(context: ChatContext, cookie_header: str | None) -> UserRef | None:
    """The user signed in on the scenario pages (their session cookie), if any and active."""
    if not cookie_header:
        return None
    try:
        jar = SimpleCookie(cookie_header)
    except CookieError:
        return None
    morsel = jar.get(SESSION_COOKIE)
    session = context.signer.read(morsel.value if morsel is not None else None)
    if session is None:
        return None
    try:
        return session_user(context.db, session.user_id, session.generation)
    except (PermissionDenied, NotFound):
        return None
