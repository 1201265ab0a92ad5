"""Request guards and response headers that hold for every route of the app.

One ASGI middleware, outermost, so nothing behind it (API, pages, chat UI, bots) sees a
request it would mishandle:

* a request body larger than the limit is refused with 413 before it is parsed whole
  (``Content-Length`` checked up front, streamed bodies counted as they arrive);
* control characters (NUL, escapes) in the path or the query string are refused with
  422, since no id or name may hold them and PostgreSQL cannot even compare them;
* an API request without credentials is refused with 401 before anything else is
  checked (its body, its ``If-Match``), so strangers learn nothing about the API;
* every response says ``X-Content-Type-Options: nosniff`` and may not be framed by
  another site; HTML pages carry a Content-Security-Policy that loads scripts, styles
  and data only from this server.
"""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import unquote

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CHAT_CSP", "PAGE_CSP", "HardeningMiddleware"]

PAGE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
"""The policy of the scenario pages and the API docs (plotly and Swagger draw inline)."""

CHAT_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
"""The chat UI loads its own bundle; it only may not be framed or load plugins."""


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


def _problem(status: int, title: str, detail: str, field: str, path: str) -> tuple[bytes, int]:
    body = {
        "type": f"/problems/{title.lower().replace(' ', '-')}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": path.encode("unicode_escape").decode("ascii"),
        "errors": [{"field": field, "reason": detail}],
    }
    return json.dumps(body).encode("utf-8"), status


PUBLIC_API_PATHS = frozenset({"/api/v1/health", "/api/v1/openapi.json", "/api/v1/docs"})
"""API paths served without a token."""


def _needs_token(scope: Scope, path: str) -> bool:
    """An API request (not a CORS preflight, not a public path) that carries no token."""
    if not path.startswith("/api/") or path in PUBLIC_API_PATHS or scope["method"] == "OPTIONS":
        return False
    return not any(key == b"authorization" and value.strip() for key, value in scope["headers"])


class HardeningMiddleware:
    """Body limit, control-character guard and security headers (see the module doc)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_upload_bytes: int,
        chat_path: str = "/chat",
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.chat_path = chat_path

    def _limit(self, scope: Scope) -> int:
        """Multipart uploads (network files) may be as large as the upload limit, plus forms."""
        for key, value in scope.get("headers", ()):
            if key == b"content-type" and value.lower().startswith(b"multipart/form-data"):
                return max(self.max_upload_bytes + (1 << 20), self.max_body_bytes)
        return self.max_body_bytes

    @staticmethod
    def _too_large(limit: int, path: str) -> tuple[bytes, int]:
        detail = f"the request body is larger than the {limit // 1024} KiB limit"
        return _problem(413, "Payload too large", detail, "body", path)

    async def _refuse(
        self, send: Send, body: bytes, status: int, extra: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode("ascii")),
                    (b"x-content-type-options", b"nosniff"),
                    (b"connection", b"close"),
                    *(extra or []),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        query = unquote(scope.get("query_string", b"").decode("latin-1"))
        if _has_control(path) or _has_control(query):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            where = "path" if _has_control(path) else "query"
            body, status = _problem(
                422,
                "Invalid input",
                f"the {where} must not contain control characters",
                where,
                path,
            )
            await self._refuse(send, body, status)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        if _needs_token(scope, path):
            body, status = _problem(
                401,
                "Unauthorized",
                "send an API token as 'Authorization: Bearer <token>'",
                "Authorization",
                path,
            )
            await self._refuse(
                send, body, status, [(b"www-authenticate", b'Bearer realm="lanewise"')]
            )
            return
        limit = self._limit(scope)
        for key, value in scope.get("headers", ()):
            if key == b"content-length" and value.isdigit() and int(value) > limit:
                await self._refuse(send, *self._too_large(limit, path))
                return
        received = 0
        too_large = refused = False
        is_chat = path == self.chat_path or path.startswith(self.chat_path + "/")

        async def counted_receive() -> Message:
            nonlocal received, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # stop reading: the app sees a disconnect, its answer is replaced below
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal refused
            if too_large:
                if message["type"] == "http.response.start" and not refused:
                    refused = True
                    await self._refuse(send, *self._too_large(limit, path))
                return
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", CHAT_CSP if is_chat else PAGE_CSP)
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except Exception:
            if not too_large:
                raise
        if too_large and not refused:
            await self._refuse(send, *self._too_large(limit, path))
