"""Questions that ask for a scorecard of several scenarios side by side.

"compare my last three scenarios", "put my latest 2 scenarios side by side": the caller's
newest scenarios. "compare scenario 12 and 14", "compare 'North peak' with 'East cut'",
"North peak vs East cut": the scenarios named, by id or name. Both are read before the
general parser, which would otherwise take "compare" as the current scenario against live,
answering a different question than the one asked. Names are not checked here: the tool
resolves them and, for a name it does not know, lists the closest scenarios and changes
nothing.
"""

from __future__ import annotations

import re

from assistant.interpreter.intents import CompareScenarios

MAX_NAMED = 4
"""Scenarios a named scorecard holds beside live (the scorecard shows at most five)."""

_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
_ASK = re.compile(
    r"\b(?:compare|side by side|scorecard)\b.*?\b(?:my|the|our)\s+(?:last|latest|recent|newest)"
    r"\s+(two|three|four|five|[2-5])\s+scenarios\b"
    r"|\b(?:my|the|our)\s+(?:last|latest|recent|newest)\s+(two|three|four|five|[2-5])\s+scenarios"
    r"\b.*?\b(?:side by side|compared?|scorecard)\b"
)

_QUOTED = re.compile(r"[\"“”'‘’]([^\"“”'‘’]{2,100})[\"“”'‘’]")
_NUMBERED = re.compile(
    r"\bscenarios?\s+((?:#?\d+)(?:\s*(?:,|and|&|with|vs\.?|versus|to)\s*(?:scenario\s+)?#?\d+)+)\b"
)
_PAIR = re.compile(
    r"^(?:please\s+)?(?:compare|put)\s+(?:scenarios?\s+)?(.+?)\s*"
    r"(?:,|\band\b|&|\bwith\b|\bto\b|\bvs\.?|\bversus\b|\bagainst\b)\s*(.+?)"
    r"(?:\s+side by side)?\s*[?.!]*$"
    r"|^(?:scenarios?\s+)?(.+?)\s+(?:vs\.?|versus)\s+(.+?)\s*[?.!]*$"
)
_SEPARATORS = re.compile(r"\s*(?:,|\band\b|&|\bwith\b|\bvs\.?|\bversus\b|\bagainst\b)\s*")
_LIVE = re.compile(r"^(?:the\s+)?live(?:\s+plan|\s+network|\s+scenario)?$")
_NOT_A_NAME = re.compile(
    r"^(?:it|this|that|them|these|those|both|now|the\s+)?$"
    r"|\b(?:parent|previous|before|earlier|last|current|this|that|it|version|v\d+|"
    r"plan|baseline|base|cost|costs|service|kpis?|numbers?|figures?|results?|scenarios?|"
    r"what|how|why|which|where|when|who|is|are|does|do|did|difference|change[sd]?|"
    r"actuals?|forecasts?|executed|week|weeks|month|today|yesterday|budget|target)\b"
)
"""A part that is not a scenario's name: the existing comparisons (with the parent, the
previous version), versions of this scenario, the figures to compare, a week against its
plan, or a question."""


def parse_scorecard_question(text: str) -> CompareScenarios | None:
    """A :class:`CompareScenarios` when the question asks to compare the last N scenarios or
    names the scenarios to compare (more than :data:`MAX_NAMED` too: the tool says so)."""
    lowered = text.lower().strip()
    found = _ASK.search(lowered)
    if found is not None:
        return CompareScenarios(count=_COUNTS[found.group(1) or found.group(2)])
    names = _named(text.strip())
    if not names:
        return None
    return CompareScenarios(count=len(names), names=names)


def _named(text: str) -> tuple[str, ...] | None:
    """The scenarios a comparison names (live left out: it is always the first column)."""
    lowered = text.lower()
    if not re.search(r"\b(?:compare|vs\.?|versus|side by side)\b", lowered):
        return None
    numbered = _NUMBERED.search(lowered)
    if numbered is not None:
        return tuple(dict.fromkeys(re.findall(r"\d+", numbered.group(1))))
    quoted = [q.strip() for q in _QUOTED.findall(text)]
    if len(quoted) >= 1 and re.search(r"\b(?:compare|vs\.?|versus)\b", lowered):
        rest = _QUOTED.sub(" ", text).lower()
        if len(quoted) >= 2 or re.search(r"\blive\b", rest):
            return tuple(dict.fromkeys(quoted))
    pair = _PAIR.search(text)
    if pair is None:
        return None
    said = [g for g in pair.groups() if g is not None]
    parts = [p.strip() for s in said for p in _SEPARATORS.split(s) if p.strip()]
    names = [p for p in parts if not _LIVE.match(p.lower())]
    if not names or len(names) == len(parts) == 1:
        return None
    if any(_NOT_A_NAME.search(n.lower()) or len(n.split()) > 6 for n in names):
        return None
    return tuple(dict.fromkeys(names))
