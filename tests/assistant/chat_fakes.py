"""Local stand-ins for the chat platforms' servers, for offline tests of the bots.

:class:`FakeSlack` answers the Slack Web API methods the bot calls (``auth.test``,
``chat.postMessage``, ``chat.postEphemeral``) and ``response_url`` posts; :class:`FakeConnector`
answers the Bot Framework connector's "send activity" calls. Both run a small FastAPI app
with uvicorn in a thread on a free port of 127.0.0.1 and record every call they receive.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse


@dataclass
class Call:
    """One request a fake server received."""

    kind: str
    path: str
    data: dict[str, Any]


@dataclass
class Recorder:
    """The calls received so far (thread-safe), with a way to wait for more."""

    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def of(self, kind: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.kind == kind]

    def wait_for(
        self,
        kind: str,
        count: int = 1,
        *,
        timeout_s: float = 90.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """The first ``count`` calls of ``kind`` (matching ``where``), waiting for them."""
        deadline = time.monotonic() + timeout_s
        while True:
            found = [c for c in self.of(kind) if where is None or where(c)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{kind}: {len(found)} of {count} calls after {timeout_s} s")
            time.sleep(0.05)


async def _payload(request: Request) -> dict[str, Any]:
    body = await request.body()
    if request.headers.get("content-type", "").startswith("application/json"):
        data: dict[str, Any] = json.loads(body or b"{}")
        return data
    return dict(parse_qsl(body.decode()))


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free 127.0.0.1 port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fake server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


NOT_IN_CHANNEL = "CNOTIN"
"""A channel the fake bot is not a member of (``chat.postMessage`` fails there)."""


class FakeSlack:
    """The Slack Web API and ``response_url`` endpoint, recording every call."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        self.url = ""
        self._ts = 1_700_000_000
        app = FastAPI()

        @app.post("/api/{method}")
        async def api(method: str, request: Request) -> JSONResponse:
            data = await _payload(request)
            data["_authorization"] = request.headers.get("authorization", "")
            self.recorder.add(Call(method, request.url.path, data))
            if method == "auth.test":
                return JSONResponse(
                    {
                        "ok": True,
                        "url": "https://lanewise-test.slack.com/",
                        "team": "Lanewise Test",
                        "user": "lanewise",
                        "team_id": "T1",
                        "user_id": "UBOT",
                        "bot_id": "BBOT",
                    }
                )
            if method == "chat.postMessage":
                if data.get("channel") == NOT_IN_CHANNEL:
                    return JSONResponse({"ok": False, "error": "not_in_channel"})
                self._ts += 1
                ts = f"{self._ts}.000100"
                return JSONResponse({"ok": True, "channel": data.get("channel"), "ts": ts})
            if method == "chat.postEphemeral":
                return JSONResponse({"ok": True, "message_ts": f"{self._ts}.000200"})
            return JSONResponse({"ok": False, "error": "unknown_method"})

        @app.post("/response/{token}")
        async def response_url(token: str, request: Request) -> PlainTextResponse:
            self.recorder.add(Call("response_url", request.url.path, await _payload(request)))
            return PlainTextResponse("ok")

        self.app = app

    @property
    def api_url(self) -> str:
        """The Web API base URL to configure the bot with."""
        return f"{self.url}/api/"

    def response_url(self, token: str = "r1") -> str:
        """A ``response_url`` as Slack sends with a slash command."""
        return f"{self.url}/response/{token}"

    @contextmanager
    def running(self) -> Iterator[FakeSlack]:
        """Serve the fake while the block runs."""
        with serve(self.app) as url:
            self.url = url
            yield self


class FakeConnector:
    """The Bot Framework connector a Teams bot sends activities to."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        self.url = ""
        app = FastAPI()

        @app.post("/v3/conversations/{conversation_id}/activities")
        @app.post("/v3/conversations/{conversation_id}/activities/{activity_id}")
        async def send(request: Request, conversation_id: str) -> JSONResponse:
            data = await _payload(request)
            self.recorder.add(Call("activity", request.url.path, data))
            return JSONResponse({"id": f"reply-{len(self.recorder.calls)}"})

        self.app = app

    @contextmanager
    def running(self) -> Iterator[FakeConnector]:
        """Serve the fake while the block runs."""
        with serve(self.app) as url:
            self.url = url
            yield self


# ----------------------------------------------------------- signed requests


def slack_headers(secret: str, body: str, *, timestamp: int | None = None) -> dict[str, str]:
    """Headers of a request signed the way Slack signs them (v0, HMAC-SHA256)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{ts}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }


def command_body(
    text: str,
    *,
    user: str,
    channel: str = "C1",
    response_url: str,
    team: str = "T1",
) -> str:
    """The form body of a ``/lanewise`` slash command."""
    return urlencode(
        {
            "token": "legacy",
            "team_id": team,
            "team_domain": "lanewise-test",
            "channel_id": channel,
            "channel_name": "planning",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/lanewise",
            "text": text,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    )


def mention_body(
    text: str, *, user: str, ts: str, thread_ts: str | None = None, event_id: str = "Ev1"
) -> str:
    """The JSON body of an ``app_mention`` event (in a thread if ``thread_ts``)."""
    event: dict[str, Any] = {
        "type": "app_mention",
        "user": user,
        "text": f"<@UBOT> {text}",
        "ts": ts,
        "channel": "C1",
        "event_ts": ts,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        }
    )
