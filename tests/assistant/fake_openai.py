"""A local OpenAI-compatible chat server that replays scripted responses and records requests."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

ECHO = "<<the last tool result>>"
"""A scripted reply that answers with the content of the last tool message it received, as a
model presenting the tool's answer faithfully would."""


@dataclass
class Script:
    """Responses to give in order: a str is a text answer (:data:`ECHO` relays the last tool
    result), a dict a tool call (``{"name", "args"}``, or ``{"name", "raw_args"}`` to send
    argument text as it is, broken JSON included), an int an HTTP error."""

    replies: list[str | dict[str, Any] | int]
    requests: list[dict[str, Any]] = field(default_factory=list)

    def next_reply(self) -> str | dict[str, Any] | int:
        return self.replies.pop(0) if self.replies else "(no more scripted replies)"


def _last_tool_result(body: dict[str, Any]) -> str:
    tool = [m for m in body.get("messages", []) if m.get("role") == "tool"]
    content = tool[-1]["content"] if tool else "(no tool result)"
    return content if isinstance(content, str) else json.dumps(content)


def _message(reply: str | dict[str, Any], n: int, body: dict[str, Any]) -> dict[str, Any]:
    if isinstance(reply, str):
        text = _last_tool_result(body) if reply == ECHO else reply
        return {"role": "assistant", "content": text}
    arguments = reply["raw_args"] if "raw_args" in reply else json.dumps(reply["args"])
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": f"call_{n}",
                "type": "function",
                "function": {"name": reply["name"], "arguments": arguments},
            }
        ],
    }


def fake_openai_app(script: Script) -> FastAPI:
    """The app: ``POST /v1/chat/completions`` in JSON or SSE form."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> Response:
        body = await request.json()
        script.requests.append(body)
        reply = script.next_reply()
        if isinstance(reply, int):
            return JSONResponse(
                {"error": {"message": f"scripted error {reply}", "type": "error"}},
                status_code=reply,
            )
        n = len(script.requests)
        message = _message(reply, n, body)
        finish = "stop" if isinstance(reply, str) else "tool_calls"
        base = {"id": f"chatcmpl-{n}", "created": 1_700_000_000, "model": body["model"]}
        if not body.get("stream"):
            return JSONResponse(
                {
                    **base,
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                }
            )

        def events() -> Iterator[str]:
            delta = dict(message)
            if delta.get("tool_calls"):
                delta["tool_calls"] = [{"index": 0, **delta["tool_calls"][0]}]
            chunk = {**base, "object": "chat.completion.chunk"}
            yield (
                "data: "
                + json.dumps(
                    {**chunk, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                )
                + "\n\n"
            )
            yield (
                "data: "
                + json.dumps(
                    {**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
                )
                + "\n\n"
            )
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


@contextmanager
def serve_fake_openai(script: Script) -> Iterator[str]:
    """Run the fake on a free 127.0.0.1 port; yields its ``/v1`` base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(fake_openai_app(script), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=5)
