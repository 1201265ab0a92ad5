"""Answers to the interpreter's own questions: 'yes', 'Hamburg', '15%', 'the second one', 'up'.

When the interpreter asked instead of acting ("did you mean Hamburg?", "By how much should
drivers in the north change?"), the planner's next message is often only the missing
piece. :func:`completed_question` puts that piece into the question that was asked about
and returns the whole question to read again; the caller keeps it only when it is then
understood without a further question, so a reply never changes more than the planner
said. 'No' and its kin decline: nothing is changed.

>>> from assistant.interpreter.intents import Clarify
>>> vocab = Vocabulary.build(hubs=[("HAM", "Hamburg", "north", "hub")], customers=[])
>>> asked = Clarify("Hamborg", ("Hamburg",), "did you mean Hamburg?")
>>> completed_question("close Hamborg", asked, "yes", vocab)
'close Hamburg'
>>> how_much = Clarify("drivers (north)", (), "By how much should drivers (north) change?")
>>> completed_question("cut drivers in the north", how_much, "15%", vocab)
'cut drivers in the north by 15%'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from assistant.interpreter.intents import Clarify
from assistant.interpreter.parse import (
    ALL_WEEK_ASKED,
    SO_FAR_CHOICES,
    WHOLE_DAY_ASKED,
    agreed_amount,
    prepare,
    said_with_way,
    without_days,
    without_part_of_day,
    without_so_far,
)
from assistant.interpreter.vocabulary import (
    CARRIER_KINDS,
    CARRIER_WORD,
    CARRIER_WORDS,
    CARRIERS_ASKED,
    DAY_NAMES,
    DIRECTIONS,
    DOWN_WORDS,
    NUMBER_WORDS,
    UP_WORDS,
    Vocabulary,
    normalise,
)


@dataclass(frozen=True, slots=True)
class Declined:
    """The planner said no to the question asked: nothing is to change."""


DECLINED: Final = Declined()


@dataclass(frozen=True, slots=True)
class AskAgain:
    """The reply does not pick one of the question's choices ('yes' to 'which of these?')."""


_AGAIN: Final = AskAgain()

_YES = re.compile(
    r"(?:yes|yeah|yep|yup|correct|right|that s right|exactly|sure|indeed|please do|"
    r"yes please|ok|okay|that one|go ahead|do it)(?: please| thanks| thank you)?"
)
_NO = re.compile(
    r"(?:no|nope|nah|cancel|never ?mind|forget it|leave it|don t|do not|stop)"
    r"(?: thanks| thank you| please)?"
)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1}
_ORDINAL = re.compile(r"(?:the )?(first|second|third|fourth|fifth|last)(?: one)?")
_AMOUNT_ONLY = re.compile(
    r"(?:by )?(?:about |around |roughly )?[+-]?\d+(?:[.,]\d+)?\s*"
    r"(?:%|percent|per cent|pct|t|tonnes|tons|drivers?|trailers?|trucks?|departures?)?"
    r"(?: (?:more|fewer|less|up|down|higher|lower|extra))?"
)
_CODE = re.compile(r"\s*\([A-Z0-9]{2,}\)$")
_WHOLE_WEEK = (
    "whole week", "the whole week", "all week", "the entire week", "entire week", "the full week",
    "full week", "every day", "all days", "all of it", "all 7 days", "all seven days",
    "the plan week", "the whole plan week", "all of the week",
)  # fmt: skip
_WEEKDAYS = ("weekdays", "on weekdays", "the weekdays", "mon fri", "monday to friday")
_WEEKEND = ("the weekend", "weekend", "at the weekend", "on the weekend", "sat sun")
_DAY_SPANS: Final = {
    **dict.fromkeys(_WHOLE_WEEK, ""),
    **dict.fromkeys(_WEEKDAYS, "on weekdays"),
    **dict.fromkeys(_WEEKEND, "at the weekend"),
}
"""Replies to 'which day do you mean by “next month”?' that name a span of the plan's
week: the whole week (the date is dropped), its weekdays or its weekend."""


def completed_question(
    earlier: str, asked: Clarify, reply: str, vocab: Vocabulary
) -> str | Declined | AskAgain | None:
    """``earlier`` with ``reply`` put in where ``asked`` needed it, :data:`DECLINED` for a no,
    :class:`AskAgain` for a yes to a choice, or None when ``reply`` is not an answer to that
    question (read it on its own)."""
    said = normalise(reply)  # lower case, no punctuation: "That's right!" -> "that s right"
    if _NO.fullmatch(said):
        return DECLINED
    if len(asked.candidates) > 1 and _YES.fullmatch(said):
        return _AGAIN  # 'yes' to 'which of these?': ask again, by name
    if asked.phrase == CARRIERS_ASKED:
        kind = _carrier_chosen(asked, said)
        return None if kind is None else _with_carrier(earlier, kind)
    if asked.candidates == DIRECTIONS:
        way = _direction_chosen(said)
        if way is not None:
            return _with_direction(earlier, way) or said_with_way(earlier, way)
        given = _direction_and_amount(reply)
        if given is None:
            return None
        return _with_direction(earlier, *given) or said_with_way(earlier, *given)
    if asked.candidates == SO_FAR_CHOICES:
        meant = _words_of_one(list(SO_FAR_CHOICES), said)
        if meant is None:
            return None
        rest = without_so_far(earlier)
        return rest if meant == SO_FAR_CHOICES[0] else f"{meant}: {rest}"
    if asked.candidates == ALL_WEEK_ASKED:  # 'should it apply all week?'
        agreed = _YES.fullmatch(said) or said in _WHOLE_WEEK
        return without_days(earlier) if agreed else None
    if asked.candidates == WHOLE_DAY_ASKED:  # 'should it apply to the whole day?'
        agreed = _YES.fullmatch(said) or said in ("the whole day", "whole day", "all day")
        return without_part_of_day(earlier) if agreed else None
    if asked.candidates == DAY_NAMES:
        span = _DAY_SPANS.get(said)
        if span is not None:  # 'next month?' — 'the whole week' / 'weekdays'
            return _with_name(earlier, asked.phrase, span)
    choice = _chosen(asked, said, reply, vocab)
    if choice is not None:
        return _with_name(earlier, asked.phrase, agreed_amount(earlier, asked.phrase, choice))
    number = _number_given(asked, reply)
    if number is not None:
        return _with_name(earlier, asked.phrase, agreed_amount(earlier, asked.phrase, number))
    written = " ".join(reply.lower().split()).strip(" .!?")
    if _AMOUNT_ONLY.fullmatch(written) and not asked.candidates:
        amount = re.sub(r"^by\s+", "", written)
        return f"{earlier.rstrip(' .!?')} by {amount}"
    return None


_OFFERED_AMOUNT = re.compile(r"[+-]?\d+(?:\.\d+)?(%| t)?")
_NUMBER_REPLY = re.compile(
    r"(?:(?:yes|ok|okay|sure|fine|no)\W+)?(?:(?:let s |lets |please |then )?(?:use|make it|go "
    r"with|take|say|try|do|run)\s+)?(?:by\s+)?(?:exactly\s+|just\s+)?([+-]?\d+(?:[.,]\d+)?)\s*"
    r"(%|percent|per cent|pct|t|tonnes?|tons?|trucks?|drivers?|trailers?|departures?)?"
    r"(?:\s+(?:then|please|instead|thanks))?"
)


def _number_given(asked: Clarify, reply: str) -> str | None:
    """The number a reply gives to a question that offered numbers ('shall I use 20%?',
    'do you mean 10% or 20%?'): '25%', 'use 20', 'make it 15 please', in the unit offered
    when it says none; None when the question offered no number or the reply is more."""
    offered = [_OFFERED_AMOUNT.fullmatch(c) for c in asked.candidates]
    if not offered or not all(offered):
        return None
    written = " ".join(reply.lower().replace("’", "'").replace("'", " ").split()).strip(" .!?")
    given = _NUMBER_REPLY.fullmatch(written)
    if given is None:
        return None
    number, unit = given.group(1).replace(",", "."), given.group(2) or ""
    if not unit:
        first = offered[0]
        unit = (first.group(1) or "") if first is not None else ""
    elif unit in ("%", "percent", "per cent", "pct"):
        unit = "%"
    elif unit[0] == "t":
        unit = " t"
    else:
        unit = ""
    return f"{number}{unit}"


def _chosen(asked: Clarify, said: str, reply: str, vocab: Vocabulary) -> str | None:
    """The name the planner picked among the question's candidates (or named instead)."""
    names = [_CODE.sub("", c) for c in asked.candidates]
    if len(names) == 1 and (_YES.fullmatch(said) or _adds_to(asked.phrase, names[0], said)):
        return names[0]
    unit = _unit_chosen(names, reply)
    if unit is not None:
        return unit
    ordinal = _ORDINAL.fullmatch(said)
    if names and ordinal:
        index = _ORDINALS[ordinal.group(1)]
        return names[index] if -len(names) <= index < len(names) else None
    in_order = _said_in_order(names, said)
    if in_order is not None:
        return in_order
    matches, ambiguities = vocab.find(reply)
    if ambiguities or len(matches) != 1:
        return _words_of_one(names, said)
    covered = " ".join(normalise(reply).split()[matches[0].start : matches[0].end])
    rest = said.replace(covered, " ").split()
    if any(w not in ("the", "i", "mean", "meant", "yes", "no", "sorry", "please") for w in rest):
        return None  # more than a name: a question of its own
    return matches[0].entity.label


def _said_in_order(names: list[str], said: str) -> str | None:
    """The one candidate a reply says word for word, in its order ('from Paris to Lyon' or
    'Paris to Lyon' to 'from Paris to Lyon, or from Lyon to Paris?': the same words, so
    only their order tells the two apart)."""
    words = [w for w in said.split() if w not in _PICK_FILLER and w != "from"]
    fits = [n for n in names if [w for w in normalise(n).split() if w != "from"] == words]
    return fits[0] if len(fits) == 1 else None


def _words_of_one(names: list[str], said: str) -> str | None:
    """The one candidate whose words hold every word of the reply ('the actuals' or
    'actuals please' to 'the plan or the actuals?'); None when none or several do."""
    words = {w for w in said.split() if w not in _PICK_FILLER}
    fits = [n for n in names if words and words <= set(normalise(n).split())]
    return fits[0] if len(fits) == 1 else None


def _adds_to(phrase: str, name: str, said: str) -> bool:
    """Whether a reply says only what the one name offered adds to the phrase asked about
    ('rates' or 'the rates' to 'does “own fleet up 2%” mean the own-fleet rates?')."""
    added = set(normalise(name).split()) - set(normalise(phrase).split())
    words = [w for w in said.split() if w not in _PICK_FILLER]
    return bool(words) and all(w in added or f"{w}s" in added for w in words)


_PICK_FILLER = frozenset("the its their i mean meant yes please just only".split())


def _unit_chosen(names: list[str], reply: str) -> str | None:
    """Of amount candidates ('10%', '10 t'), the one a reply picks by its unit ('10%',
    'percent', 'tonnes', '10 t')."""
    shares = [n for n in names if re.fullmatch(r"[\d.]+%", n)]
    tonnes = [n for n in names if re.fullmatch(r"[\d.]+ t", n)]
    if len(shares) != 1 or len(tonnes) != 1 or len(reply) > 40:
        return None
    text = reply.lower()
    share = "%" in text or re.search(r"\b(?:per ?cent|pct|percentage|share)\b", text)
    tonne = re.search(r"\b(?:t|tonnes?|tons?|tonnage)\b", text)
    if share and not tonne:
        return shares[0]
    if tonne and not share:
        return tonnes[0]
    return None


_REPLY_CARRIER_WORDS: dict[str, str] = {
    **dict.fromkeys("all both every everything everywhere board".split(), "all"),
    **dict.fromkeys("fleet fleets".split(), "own"),
}
"""Words that pick a carrier kind only as a reply to 'whose rates?', beside the carrier words
of :data:`CARRIER_WORDS`: 'all' (every lane) and 'fleet' alone (the own fleet)."""
_CARRIER_FILLER = frozenset(
    "the lane lanes only just rates rate carrier carriers of them ones one s across please "
    "thanks i mean meant our we d say yes ok okay".split()
)
_RATE_NOUN = re.compile(
    r"(?i)\b(?:(?:carrier|haulier|hauler|haulage|transport|transportation|trucking|line-?haul|"
    r"freight|lane|shipping|logistics)\s+)*(?:rates?|tariffs?|prices?|costs?|surcharges?)\b"
)


def _carrier_chosen(asked: Clarify, said: str) -> str | None:
    """'all', or the carrier kind ('contract', 'own') a reply to 'whose rates should change?'
    picks ('all lanes', 'contract', 'own fleet only', 'the second one'); None when it picks
    none or several."""
    ordinal = _ORDINAL.fullmatch(said)
    if ordinal:
        index = _ORDINALS[ordinal.group(1)]
        if not -len(asked.candidates) <= index < len(asked.candidates):
            return None
        said = normalise(asked.candidates[index])
    named = {CARRIER_WORDS[m.group(1)] for m in CARRIER_WORD.finditer(said)}
    words = [w for w in CARRIER_WORD.sub(" ", said).split() if w not in _CARRIER_FILLER]
    picked = named | {_REPLY_CARRIER_WORDS.get(w, "") for w in words}
    if len(picked) != 1 or "" in picked:
        return None
    kind = picked.pop()
    offered = {c.split()[0] for c in asked.candidates}
    if kind != "all" and CARRIER_KINDS[kind] not in offered:
        return None  # a kind this network does not have
    return kind


def _with_carrier(earlier: str, kind: str) -> str | None:
    """``earlier`` with the carrier kind said before its rates ('rates rise 5%' → 'contract
    rates rise 5%', 'all rates rise 5%'); None when no rate or cost is found in it."""
    found = _RATE_NOUN.search(earlier)
    if found is None:
        return None
    said = "all" if kind == "all" else CARRIER_KINDS[kind]
    return f"{earlier[: found.start()]}{said} {earlier[found.start() :]}"


_RAISING = frozenset(UP_WORDS) | {"tighten", "tighter", "stricter", "upward", "upwards"}
_LOWERING = frozenset(DOWN_WORDS) | {"relax", "loosen", "looser", "downward", "downwards"}
_FILLER = frozenset(
    "it the target service on time level please thanks thank you go should make take move "
    "put let s lets we i d like want to yes ok okay a bit bring set have".split()
)
_TARGET_AMOUNT = re.compile(
    r"(?i)\btarget\b.*?(?:\b(by)\s+|(?<![\w.])(?=[+-]?\d))(?=\S+\s*(?:%|percent\b|per cent\b|"
    r"pct\b|points?\b|pts?\b|percentage points?\b)|\S+%|[a-z]+ (?:percent|per cent|points?)\b)"
)


def _direction_chosen(said: str) -> str | None:
    """'up' or 'down' when a reply says only which way ('up', 'raise it', 'lower please',
    'higher'); None when it says both, neither, or more."""
    words = [w for w in said.split() if w not in _FILLER]
    if not words:
        return None
    if all(w in _RAISING for w in words):
        return DIRECTIONS[0]
    if all(w in _LOWERING for w in words):
        return DIRECTIONS[1]
    return None


_POINTS = r"(?:%|percentage points?\b|percent\b|per cent\b|pct\b|points?\b|pts?\b)"
_NUMBER = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_REPLY_AMOUNT = re.compile(
    rf"(?<![\w.])(?:(by|to|at)\s+)?({_NUMBER})(?![\w.,])\s*({_POINTS}|t\b|tonnes?\b|tons?\b)?",
    re.IGNORECASE,
)
_SAID_AMOUNT = re.compile(rf"(\S+?)\s*({_POINTS})|([a-z]+) ((?:percent|per cent|points?)\b)")


def _direction_and_amount(reply: str) -> tuple[str, str] | None:
    """The way and the amount of a reply that gives both ('down 2', 'up by 3', 'lower by 1.5
    points', '2 points down'); None unless it holds one relative amount and one way ('down
    to 95%' sets a level and is read on its own)."""
    found = list(_REPLY_AMOUNT.finditer(reply))
    if len(found) != 1 or (found[0].group(1) or "").lower() in ("to", "at"):
        return None
    amount = found[0]
    way = _direction_chosen(normalise(reply[: amount.start()] + " " + reply[amount.end() :]))
    if way is None:
        return None
    number = amount.group(2).replace(",", ".").lower()
    number = str(NUMBER_WORDS.get(number, number))
    unit = amount.group(3) or ""
    return way, (f"{number}%" if unit == "%" else f"{number} {unit}".strip())


def _with_direction(earlier: str, way: str, amount: str = "") -> str | None:
    """``earlier`` with its target's amount given its direction ('change the service target
    by 2 points' → '… up 2 points'), and replaced by ``amount`` when the reply gave one (in
    the unit said before when it gave none); None when the amount after the target is not
    found."""
    found = _TARGET_AMOUNT.search(earlier)
    if found is None:
        return None
    start = found.start(1) if found.group(1) else found.end()
    end = found.end()
    said = _SAID_AMOUNT.match(earlier, end)
    if not amount or said is None:
        return f"{earlier[:start]}{way} {earlier[end:]}"
    if not re.search(r"\D$", amount):  # no unit in the reply: the one said before
        unit = said.group(2) or said.group(4)
        amount = f"{amount}%" if unit == "%" else f"{amount} {unit}"
    amount = re.sub(r"^1 points\b", "1 point", amount)
    return f"{earlier[:start]}{way} {amount}{earlier[said.end() :]}"


def _with_name(earlier: str, phrase: str, name: str) -> str | None:
    """``earlier`` with ``phrase`` replaced by ``name``: as written, or for 'a relay' any
    way of saying one of a kind ('the relay', 'one of our relays', 'any relay')."""
    patterns = [rf"(?<!\w){re.escape(phrase)}(?!\w)"]
    one_of_a_kind = re.fullmatch(r"an? (.+)", phrase)
    if one_of_a_kind:
        noun = re.escape(one_of_a_kind.group(1))
        patterns.append(
            rf"\b(?:(?:one|any|either|some) of (?:the |our )?|the |a |an |one |any |our )?"
            rf"{noun}s?\b"
        )
    for said in (earlier, prepare(earlier)):  # '10 per cent' was asked about as '10%'
        for pattern in patterns:
            found = re.search(pattern, said, re.IGNORECASE)
            if found:
                return f"{said[: found.start()]}{name}{said[found.end() :]}"
    return None
