"""Signed session cookies for the web pages, and the secret that signs them.

A session cookie holds the user id, the user's session generation, the time it was
issued and a random nonce, signed with HMAC-SHA256. The user and the generation are
re-read on every request, so a deactivated user is out at once, and a token rotation or
a sign-out (which move the generation on) ends every session of that user. Forms carry
a CSRF token derived from the cookie, so another site cannot post on the user's behalf.
The API itself uses bearer tokens only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SESSION_COOKIE", "SessionData", "SessionSigner", "load_secret"]

SESSION_COOKIE = "lanewise_session"
SECRET_FILE = "secret"


def load_secret(configured: str | None, home: Path) -> bytes:
    """The configured secret, else the one stored in ``home/secret`` (created once, mode 0600).

    Several processes sharing a home agree on the secret; processes on several machines
    need ``LANEWISE_SECRET`` set alike.
    """
    if configured:
        if len(configured) < 16:
            raise ValueError("LANEWISE_SECRET: use at least 16 characters")
        return configured.encode("utf-8")
    path = home / SECRET_FILE
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        text = path.read_text(encoding="utf-8").strip()
        if len(text) < 16:
            raise ValueError(f"{path}: the stored secret is too short; delete the file") from None
        return text.encode("utf-8")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class SessionData:
    """What a valid session cookie says: who, in which session generation, since when."""

    user_id: int
    issued_at: int
    generation: int = 0


class SessionSigner:
    """Issue and check session cookies and the CSRF tokens bound to them."""

    def __init__(self, secret: bytes, max_age_s: int) -> None:
        self._key = hashlib.sha256(b"lanewise-session|" + secret).digest()
        self.max_age_s = max_age_s

    def _sig(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(self, user_id: int, generation: int = 0, *, now: float | None = None) -> str:
        """A cookie value for ``user_id`` in session ``generation``, valid for ``max_age_s``."""
        issued = int(now if now is not None else time.time())
        payload = f"{user_id}.{generation}.{issued}.{secrets.token_urlsafe(12)}"
        return f"{payload}.{self._sig(payload)}"

    def read(self, cookie: str | None, *, now: float | None = None) -> SessionData | None:
        """The session a cookie carries, or None if it is missing, forged or expired."""
        if not cookie or cookie.count(".") != 4 or not cookie.isascii():
            return None
        payload, sig = cookie.rsplit(".", 1)
        if not hmac.compare_digest(sig, self._sig(payload)):
            return None
        uid, generation, issued, _nonce = payload.split(".")
        if not (uid.isdigit() and generation.isdigit() and issued.isdigit()):
            return None
        age = (now if now is not None else time.time()) - int(issued)
        if age < 0 or age > self.max_age_s:
            return None
        return SessionData(user_id=int(uid), issued_at=int(issued), generation=int(generation))

    def csrf_token(self, cookie: str) -> str:
        """The token a form posted with this session cookie must carry."""
        return self._sig("csrf|" + hashlib.sha256(cookie.encode("utf-8")).hexdigest())

    def check_csrf(self, cookie: str | None, token: str | None) -> bool:
        """Whether ``token`` belongs to the session ``cookie``."""
        if not cookie or not token:
            return False
        return hmac.compare_digest(token, self.csrf_token(cookie))
