"""Questions that ask for a scorecard of the caller's recent scenarios.

"compare my last three scenarios", "put my latest 2 scenarios side by side": read before
the general parser, which would otherwise take "compare" as a comparison with live.
"""

from __future__ import annotations

import re

from assistant.interpreter.intents import CompareScenarios

_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_ASK = re.compile(
    r"\b(?:compare|side by side|scorecard)\b.*?\b(?:my|the|our)\s+(?:last|latest|recent|newest)"
    r"\s+(two|three|four|five|[2-5])\s+scenarios\b"
    r"|\b(?:my|the|our)\s+(?:last|latest|recent|newest)\s+(two|three|four|five|[2-5])\s+scenarios"
    r"\b.*?\b(?:side by side|compared?|scorecard)\b"
)


def parse_scorecard_question(text: str) -> CompareScenarios | None:
    """A :class:`CompareScenarios` when the question asks to compare the last N scenarios."""
    found = _ASK.search(text.lower())
    if found is None:
        return None
    return CompareScenarios(count=_COUNTS[found.group(1) or found.group(2)])
