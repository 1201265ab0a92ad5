"""Text of the chat UI's live parts: tool inputs in words, the solve progress line, step ends.

Plain functions (no chainlit), so what a planner reads while an answer is worked out can be
checked without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.answers import fmt_value
from tools import plan_quality

__all__ = [
    "PHASE_WORDS",
    "STOP_HINT",
    "TOOL_WORDS",
    "progress_text",
    "readable_args",
    "step_summary",
]

PHASE_WORDS = {
    "awaiting": "waiting for the full-effort plan of the version compared with (being planned "
    "in the background); the answer starts from it",
    "parent": "starting from the parent's plan",
    "repair": "repairing the plan for the change",
    "neighbourhood": "improving the plan around the change",
    "candidates": "building candidate routes",
    "lp": "computing the bound on every possible plan",
    "mip": "choosing trucks and routes",
    "slope": "pricing each truck at what its load pays, then rounding to whole trucks",
    "reflow": "moving freight onto the room left in the plan's own trucks",
    "search": "re-planning one region at a time for a cheaper plan",
    "done": "checking the plan",
    "explain": "pricing every limit the plan runs into (what one more unit would save)",
    "verify": "checking the best levers by re-solving with each one relaxed",
}
"""What each solver phase is doing, in a planner's words."""

TOOL_WORDS = {
    "what_if": "Changing a copy of the plan and re-planning it",
    "solve": "Re-planning",
    "compare": "Comparing",
    "undo": "Undoing the last change",
    "explain": "Finding what would help most",
    "stress_test": "Stress-testing the plan",
    "frontier": "Tracing the cost-service trade-off",
    "revert_to": "Going back to an earlier version",
}
"""The headline of the progress element while a tool runs (others use the tool's name)."""

_READING_PHASES = frozenset({"explain", "verify"})
"""Phases that read a solved plan: no 'best plan so far' to show."""

STOP_HINT = "To stop, press ■ beside the message box."
"""How to stop a running answer: the chat's stop button (buttons in messages are disabled
while an answer runs, so the progress element cannot carry its own)."""

_LIST_MAX = 12
"""Items of a list argument shown before '… and N more'."""


def _words(key: str) -> str:
    return key.replace("_", " ")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _inline(value: object) -> str:
    """A value on one line: mappings as 'key value, …', sequences comma-separated."""
    if isinstance(value, Mapping):
        parts = [
            f"{_words(str(k))} {_inline(v)}"
            for k, v in value.items()
            if v not in (None, [], (), {}, "", False)
        ]
        return ", ".join(parts) if parts else "–"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(_inline(v) for v in value) if value else "–"
    return _scalar(value)


def _item(value: object) -> str:
    """One edit-like mapping: its kind first ('scale demand: factor 1.2, origin regions north')."""
    if isinstance(value, Mapping):
        kind = next((value[k] for k in ("op", "kind", "type") if k in value), None)
        rest = {k: v for k, v in value.items() if k not in ("op", "kind", "type")}
        body = _inline(rest)
        return f"{_words(str(kind))}: {body}" if kind is not None else body
    return _inline(value)


def readable_args(args: Mapping[str, object]) -> str:
    """A tool call's arguments as Markdown lines for people (not JSON); '(none)' if empty."""
    lines = []
    for key, value in args.items():
        if value in (None, "", [], (), {}):
            continue
        label = _words(key).capitalize()
        if isinstance(value, Sequence) and not isinstance(value, str):
            shown = [f"  {i}. {_item(v)}" for i, v in enumerate(value[:_LIST_MAX], 1)]
            if len(value) > _LIST_MAX:
                shown.append(f"  … and {len(value) - _LIST_MAX} more")
            lines.append(f"- **{label}**:\n" + "\n".join(shown))
        else:
            lines.append(f"- **{label}**: {_item(value)}")
    return "\n".join(lines) if lines else "(no inputs)"


def progress_text(
    *,
    tool: str | None,
    elapsed_s: float,
    phase: str | None,
    incumbent_eur: float | None,
    gap: float | None,
    stopping: bool = False,
) -> str:
    """The live progress element: what runs, for how long, the best plan so far, how good,
    and how to stop it.

    The quality words are those of every answer (``plan_quality``); without a bound yet
    they say so instead of guessing.
    """
    head = TOOL_WORDS.get(tool or "", f"Running {tool}" if tool else "Working")
    if stopping:
        head = "Stopping at the solver's next step"
    lines = [f"**{head}** · {elapsed_s:.0f} s"]
    if phase is not None:
        lines.append(f"Now: {PHASE_WORDS.get(phase, phase)}")
    if phase in _READING_PHASES:
        return "\n\n".join(lines)  # the plan is solved: it is being read, not searched for
    if incumbent_eur is not None:
        lines.append(f"Best plan so far: {fmt_value(incumbent_eur, 'eur')} per week")
        quality = plan_quality("feasible", gap) if gap is not None else "no bound known yet"
        lines.append(f"How good: {quality}")
    else:
        lines.append("Best plan so far: none found yet")
    if not stopping:
        lines.append(f"_{STOP_HINT}_")
    return "\n\n".join(lines)


def step_summary(*, ok: bool, seconds: float, content: str) -> str:
    """A finished step's output: how long it took, and on failure why (never the answer)."""
    if ok:
        return f"Done in {seconds:.1f} s; the answer below has the result."
    reason = content.strip().splitlines()[0] if content.strip() else "no reason given"
    return f"Stopped after {seconds:.1f} s: {reason}"
