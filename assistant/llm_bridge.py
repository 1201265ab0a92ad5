"""Run litellm in-process behind an OpenAI-compatible ASGI app.

pydantic-ai's OpenAI chat model speaks the OpenAI wire format; litellm translates that
format to every provider. Mounting litellm as an in-process ASGI app (no port, no proxy
server) lets the agent reach any litellm model while reusing pydantic-ai's own, well
tested OpenAI message mapping, instead of a hand-written model class.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

_STATUS_BY_ERROR = {
    "AuthenticationError": 401,
    "PermissionDeniedError": 403,
    "NotFoundError": 404,
    "RateLimitError": 429,
    "Timeout": 504,
    "APIConnectionError": 502,
    "ServiceUnavailableError": 503,
    "BadRequestError": 400,
    "ContextWindowExceededError": 400,
}


def _error(exc: Exception) -> JSONResponse:
    name = type(exc).__name__
    status = getattr(exc, "status_code", None) or _STATUS_BY_ERROR.get(name, 500)
    message = str(exc).strip() or name
    return JSONResponse(
        {"error": {"message": message, "type": name, "code": status}}, status_code=int(status)
    )


def litellm_app(*, timeout_s: float, retries: int) -> Starlette:
    """An ASGI app serving ``POST /v1/chat/completions`` through ``litellm.acompletion``."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm  # imported only when an LLM model is configured: it is slow to import

    async def completions(request: Request) -> Response:
        body: dict[str, Any] = await request.json()
        body.pop("stream_options", None)
        stream = bool(body.get("stream"))
        try:
            result = await litellm.acompletion(
                **body, timeout=timeout_s, num_retries=retries, drop_params=True
            )
        except Exception as exc:  # provider errors become HTTP errors the client understands
            return _error(exc)
        if not stream:
            return JSONResponse(result.model_dump(mode="json", exclude_none=True))

        async def events() -> AsyncIterator[str]:
            async for chunk in result:
                yield f"data: {json.dumps(chunk.model_dump(mode='json', exclude_none=True))}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])
