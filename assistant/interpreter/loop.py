"""Questions about the week as it is going or went: the mid-week re-plan ("by Thursday, and
what now?"), the week against its plan ("how did last week go against the plan?"), and
learning from past weeks ("calibrate the forecast on the last 4 weeks").

Read before the general parser, so that a balance question that asks what to adjust now, or
mentions this week's actuals, re-plans from the actuals instead of reading the plan alone,
and a question about how a week went reads its actuals rather than the plan's KPIs.
"""

from __future__ import annotations

import re

from assistant.interpreter.intents import Calibrate, Replan, ReviewWeek
from assistant.interpreter.vocabulary import DAY_WORDS, NUMBER_WORDS

_BALANCE = re.compile(r"\b(out of balance|imbalance|unbalanced|balance|short of trailers)\b")
_NOW = re.compile(
    r"\b(adjust|re-?plan|actuals?|so far|this week|mid-?week|as it stands|right now|now)\b"
)


def _day(text: str, words: str) -> int | None:
    found = re.search(rf"\b(?:{words})\s+(\w+)", text)
    if found is None:
        return None
    return DAY_WORDS.get(found.group(1))


def parse_loop_question(text: str) -> Replan | None:
    """A :class:`Replan` when the question asks about the balance of the week as it stands."""
    lowered = text.lower()
    if not (_BALANCE.search(lowered) and _NOW.search(lowered)):
        return None
    return Replan(
        by_day=_day(lowered, "by|on|at"),
        through=_day(lowered, "through|after|as of|up to"),
    )


_AGAINST_PLAN = r"(?:against|vs\.?|versus|compared (?:to|with)|relative to) (?:the |our )?plans?"
_REVIEW = re.compile(
    # 'plan vs actual', 'actuals against the plan'
    r"\bplans? (?:vs\.?|versus|against|compared (?:to|with)) (?:the )?actuals?\b|"
    rf"\bactuals? {_AGAINST_PLAN}\b|"
    # 'how did last week go (against the plan)?', 'how did we do last week?'
    r"\bhow (?:did|was|has|have)\b.*\b(?:last|previous|past) week\b|"
    r"\bhow did (?:we|it|things|the week) (?:go|do|perform|turn out)\b.*\bweek\b|"
    # 'the actuals: how are we doing?' (a reply to 'the plan or the actuals?')
    r"\bactuals?\b.*\bhow (?:are|is|did|was)\b|\bhow (?:are|is|did|was)\b.*\bactuals?\b|"
    # 'where was the model wrong?', 'what went wrong last week?'
    r"\bwhere (?:was|were|is|are) (?:the |our )?(?:model|forecasts?|plan)s? (?:wrong|off)\b|"
    r"\bwhat went (?:wrong|well|differently)\b"
)
_HOW_AGAINST_PLAN = re.compile(rf"\bhow (?:is|are|did|was|has|have)\b.*\b{_AGAINST_PLAN}\b")
_EXECUTED = re.compile(r"\b(?:week|so far|actuals?|executed|execution|in practice)\b")
"""'How is this week going against the plan?': 'against the plan' asks about actuals only
beside a word of the week or of execution ('how is v3 against the plan?' compares versions)."""
_ISO_WEEK = re.compile(r"\b(\d{4})-?w(\d{1,2})\b")


def parse_review_question(text: str) -> ReviewWeek | None:
    """A :class:`ReviewWeek` when the question asks how a week went against its plan."""
    lowered = text.lower()
    named = _ISO_WEEK.search(lowered)
    if not (
        _REVIEW.search(lowered)
        or (_HOW_AGAINST_PLAN.search(lowered) and _EXECUTED.search(lowered))
        or (named and re.search(r"\b(?:how (?:did|was)|review|report)\b", lowered))
    ):
        return None
    week = f"{named.group(1)}-W{int(named.group(2)):02d}" if named else None
    return ReviewWeek(week=week)


_PAST = (
    r"(?:actuals?|what (?:actually |really )?happened|what we (?:saw|observed)|(?:the )?past "
    r"(?:\w+ )?weeks?|(?:the )?last (?:\w+ )?weeks?|recent weeks?|history|outcomes?|"
    r"\d{4}-?w\d{1,2})"
)
_CALIBRATE = re.compile(
    r"\b(?:re-?)?calibrat(?:e|es|ed|ing|ion)\b|"
    r"\b(?:learn|fit|re-?fit|correct|adjust|update|tune)\b.*"
    rf"\b(?:forecasts?|demand|model|transit times?)\b.*\b{_PAST}\b|"
    rf"\blearn (?:from|on)\b.*\b{_PAST}\b"
)
_AMOUNT = re.compile(
    r"\d\s*(?:%|percent|per ?cent|pct|t\b|tonnes?|tons?|trucks?|drivers?|trailers?|eur|€)|"
    r"\b(?:up|down|rise|rises|fall|falls|increase|decrease|double|halve)\b"
)
"""A calibration question states no change of its own: one that does ('adjust demand up
10% after last week') is a what-if, left to the general parser."""
_LAST_WEEKS = re.compile(r"\b(?:last|past|newest|latest|recent) (\w+) weeks\b")


def parse_calibrate_question(text: str) -> Calibrate | None:
    """A :class:`Calibrate` when the question asks to fit the forecast to past weeks."""
    lowered = text.lower()
    if not _CALIBRATE.search(lowered) or _AMOUNT.search(lowered):
        return None
    weeks = tuple(sorted({f"{y}-W{int(w):02d}" for y, w in _ISO_WEEK.findall(lowered)}))
    if weeks:
        return Calibrate(weeks=weeks)
    counted = _LAST_WEEKS.search(lowered)
    if counted is not None:
        word = counted.group(1)
        n = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        return Calibrate(last=n) if n else Calibrate()  # 'the last few weeks'
    if re.search(r"\b(?:last|previous|past) week\b", lowered):
        return Calibrate(last=1)
    return Calibrate()
