"""Questions about the week as it is going: the mid-week re-plan ("by Thursday, and what now?").

Read before the general parser, so that a balance question that asks what to adjust now, or
mentions this week's actuals, re-plans from the actuals instead of reading the plan alone.
"""

from __future__ import annotations

import re

from assistant.interpreter.intents import Replan

_DAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_BALANCE = re.compile(r"\b(out of balance|imbalance|unbalanced|balance|short of trailers)\b")
_NOW = re.compile(
    r"\b(adjust|re-?plan|actuals?|so far|this week|mid-?week|as it stands|right now|now)\b"
)


def _day(text: str, words: str) -> int | None:
    found = re.search(rf"\b(?:{words})\s+(\w+)", text)
    if found is None:
        return None
    return _DAYS.get(found.group(1))


def parse_loop_question(text: str) -> Replan | None:
    """A :class:`Replan` when the question asks about the balance of the week as it stands."""
    lowered = text.lower()
    if not (_BALANCE.search(lowered) and _NOW.search(lowered)):
        return None
    return Replan(
        by_day=_day(lowered, "by|on|at"),
        through=_day(lowered, "through|after|as of|up to"),
    )
