"""A model run that gave up on a tool, said in words: which thing, why, what was changed.

pydantic-ai sends a malformed or refused tool call back to the model with the reason; when
the retries run out it raises ``UnexpectedModelBehavior`` whose cause is the last
``ValidationError`` or ``ModelRetry``. Planners get a sentence from that, never the
validator's JSON. A model's own answer that quotes such JSON gets the same treatment.
"""

from __future__ import annotations

import json
import re

from pydantic import ValidationError
from pydantic_ai import ModelRetry
from pydantic_ai.exceptions import ToolRetryError

from assistant.interpreter.model import refusal_words

_GAVE_UP = re.compile(
    r"Tool '(?P<tool>[^']+)' exceeded max retries count of (?P<count>\d+)"
    r"|Exceeded maximum output retries \((?P<output>\d+)\)"
)
_UNKNOWN_TOOL = re.compile(r"Unknown tool name: '(?P<tool>[^']+)'")
_RAW_START = re.compile(r"\[\s*\{\s*\"type\"\s*:")
_DECODER = json.JSONDecoder()

_ACTIONS = {
    "what_if": "make the change",
    "clarify": "ask which one you meant",
    "": "put the answer together",
    "undo": "undo the last change",
    "revert_to": "go back to that version",
    "propose": "propose the scenario",
    "compare": "compare the scenario",
    "explain": "explain the plan",
    "stress_test": "run the stress test",
}


def gave_up_words(exc: BaseException, *, changed: bool) -> str | None:
    """Words for a run stopped because a tool call kept failing (None for other failures).

    ``changed``: a version was made earlier in the same answer, so "nothing was changed"
    would not be true.
    """
    found = _GAVE_UP.search(str(exc))
    if found is None:
        return None
    tool = found["tool"] or ""
    tries = int(found["count"] or found["output"]) + 1
    cause = exc.__cause__
    if isinstance(cause, ToolRetryError):
        cause = ModelRetry(refusal_words(cause.tool_retry.content))
    unknown = _UNKNOWN_TOOL.search(str(cause)) if cause is not None else None
    if unknown is not None:
        reason = f"There is no action called “{unknown['tool']}”."
        action = "do what was asked"
    else:
        action = _ACTIONS.get(tool, f"use {tool.replace('_', ' ')}")
        if isinstance(cause, ValidationError):
            reason = refusal_words(cause.errors(include_url=False, include_input=False))
        elif isinstance(cause, ModelRetry):
            reason = refusal_words(cause.message)
        else:
            reason = refusal_words(str(cause)) if cause is not None else ""
    outcome = "the change made before it stands" if changed else "nothing was changed"
    return f"I could not {action} after {tries} tries, so {outcome}. {reason}".strip()


def without_raw_errors(text: str) -> str:
    """``text`` with any validation-error JSON it quotes replaced by the same errors in words."""
    out: list[str] = []
    rest = text
    while (found := _RAW_START.search(rest)) is not None:
        try:
            errors, end = _DECODER.raw_decode(rest, found.start())
        except json.JSONDecodeError:
            out.append(rest[: found.end()])
            rest = rest[found.end() :]
            continue
        out.append(rest[: found.start()] + refusal_words(errors))
        rest = rest[end:]
    return "".join(out) + rest
