"""Turn a planner's question into intents, using the current network's own names.

The grammar is deliberately small and explicit: keywords pick the kind of change,
numbers and direction words give the amount, prepositions place hubs and regions on
the origin or destination side, weekday names give the days. Several changes in one
question are split on commas, semicolons and "and" before a verb. A name that fits
several entities yields :class:`Clarify`; a clause with no recognisable change yields
:class:`NotUnderstood` listing what *was* recognised. Nothing is guessed.

Examples
--------
>>> from assistant.interpreter.vocabulary import Vocabulary
>>> vocab = Vocabulary.build(hubs=[("LYS", "Lyon", "south"), ("PAR", "Paris", "north")],
...                          customers=["ACME Logistics"])
>>> parse_question("what if volumes rise 20% in the north?", vocab)
[ScaleVolume(amount=Amount(factor=1.2, delta=None, value=None), origin_regions=('north',), \
destination_regions=(), origin_hubs=(), destination_hubs=(), customers=(), days=())]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.interpreter.intents import (
    Amount,
    Clarify,
    Clone,
    CloseHub,
    CloseLane,
    Compare,
    Diff,
    Drivers,
    EditIntent,
    Explain,
    Find,
    FleetSize,
    Frontier,
    Help,
    History,
    HubCapacity,
    Intent,
    LaneCapacity,
    ListScenarios,
    MoveTrailers,
    NotUnderstood,
    Propose,
    Rates,
    RevertTo,
    Revise,
    ScaleVolume,
    ServicePolicy,
    Solve,
    Stress,
    Summarise,
    Undo,
)
from assistant.interpreter.vocabulary import Match, Vocabulary, normalise

DAY_WORDS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_UP = re.compile(
    r"\b(rise|rises|rising|increase|increases|increased|grow|grows|growth|up|more|higher|"
    r"spike|surge|jump|jumps|raise|add|adds|boost|extra|peak|plus|expand|gain)\b"
)
_DOWN = re.compile(
    r"\b(drop|drops|fall|falls|decrease|decreases|decreased|down|fewer|less|lower|cut|cuts|"
    r"reduce|reduces|reduced|lose|loses|shrink|shrinks|decline|declines|minus|remove|short)\b"
)
_PERCENT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*(?:%|percent\b|pct\b)")
_TONNES = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*(?:t|tonnes|tons|tonne)\b")
_NUMBER = re.compile(r"(?<![\w.])([+-]?\d+(?:\.\d+)?)(?![\w.%])")
_MULTIPLIERS = {
    "double": 2.0,
    "doubles": 2.0,
    "doubled": 2.0,
    "triple": 3.0,
    "triples": 3.0,
    "tripled": 3.0,
    "halve": 0.5,
    "halves": 0.5,
    "halved": 0.5,
    "half": 0.5,
}
_VERB_SPLIT = re.compile(
    r"(?i)\s*(?:[;,]|\band then\b|\balso\b|\bplus\b(?=\s+(?:close|cut|raise|move|add|set|double))|"
    r"\band\b(?=\s+(?:close|shut|reopen|cut|raise|lower|increase|decrease|reduce|move|add|set|"
    r"double|halve|triple|drop|what|make|compare|summari[sz]e|explain|propose)))\s*"
)
_DESTINATION_WORDS = ("to", "into", "towards", "inbound", "for delivery to", "destined")
_ORIGIN_WORDS = ("from", "out", "of", "in", "at", "outbound", "leaving", "through")


def parse_question(text: str, vocab: Vocabulary) -> list[Intent]:
    """All intents in ``text``; a :class:`Clarify` or :class:`NotUnderstood` when unsure."""
    spaced = " ".join(text.strip().split())
    query = _query_intent(spaced.lower())
    if query is not None:
        return [query]
    intents: list[Intent] = []
    for original in (c for c in _VERB_SPLIT.split(spaced) if c and c.strip()):
        clause = original.lower()
        matches, ambiguities = vocab.find(original)
        if ambiguities:
            first = ambiguities[0]
            return [Clarify(first.phrase, tuple(f"{e.label} ({e.key})" for e in first.candidates))]
        intent = _edit_intent(clause, matches)
        if intent is None:
            revise = _revise_intent(clause)
            if revise is not None:
                intents.append(revise)
                continue
            understood = tuple(f"{m.entity.kind} {m.entity.label}" for m in matches)
            understood += tuple(f"{d}" for d in _day_names(_days(clause)))
            return [NotUnderstood(understood)]
        intents.append(intent)
    return intents or [NotUnderstood()]


def _day_names(days: Sequence[int]) -> list[str]:
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return [names[d] for d in days]


def _query_intent(text: str) -> Intent | None:
    """Questions that ask for information or navigation rather than a change."""
    if re.fullmatch(r"(help|\?|what can you do\??|how do i .*|what do you understand\??)", text):
        return Help()
    back_to = re.search(
        r"\b(?:revert|go back|roll ?back|return)\b.*?\b(?:to )?v(?:ersion)?\s*(\d+)\b", text
    )
    if back_to:
        return RevertTo(int(back_to.group(1)))
    if re.search(r"\b(undo|revert|go back|take (?:that|it) back|roll ?back)\b", text):
        return Undo()
    found = re.fullmatch(r"(?:find|search|look up|which hubs? (?:is|are) called)\s+(.+?)\??", text)
    if found:
        return Find(found.group(1).strip())
    cloned = re.search(
        r"\b(?:clone|copy|duplicate)\b.*?\b(?:as|into|named|called)\s+[\"']?(.+?)[\"']?$", text
    )
    if cloned:
        return Clone(cloned.group(1).strip())
    if re.search(
        r"\b(diff|what(?:'s| is) different|what did (?:we|i) change|changes? (?:against|vs))\b",
        text,
    ):
        return Diff("live" if re.search(r"\blive\b", text) else "parent")
    if re.search(r"\b(summari[sz]e|summary|brief|executive|for the (?:vp|ceo|board|boss))\b", text):
        return Summarise()
    if re.search(r"\b(out of balance|imbalance|unbalanced|balance)\b", text):
        by_day = None
        found = re.search(r"\bby (\w+)", text)
        if found and found.group(1) in DAY_WORDS:
            by_day = DAY_WORDS[found.group(1)]
        return Explain("balance", by_day)
    if re.search(
        r"^(why\b|explain\b)|what (?:should|could|would) (?:we|i) (?:change|do)|what would help|"
        r"what(?:'s| is) (?:blocking|binding|limiting)",
        text,
    ):
        return Explain("service")
    if re.search(
        r"\b(trade-?off|frontier|what does service cost|cost of service|service cost)", text
    ):
        return Frontier()
    if re.search(r"\b(survive|stress|robust|hold up|resilien)", text):
        pct = _PERCENT.search(text)
        factor = 1.2 if pct is None else 1.0 + float(pct.group(1)) / 100.0
        draws = 20 if re.search(r"\b(random|draws|noise|distribution)\b", text) else 0
        return Stress(factor=factor, draws=draws)
    if re.search(r"\b(propose|submit|send)\b.*\b(approv\w*|review)\b|\bpropose\b", text):
        return Propose()
    if re.search(r"\b(compare|comparison|versus|vs\.?|against live|difference)\b", text):
        target = "parent" if re.search(r"\b(parent|previous|before)\b", text) else "live"
        return Compare(target)
    if re.search(r"\b(list|show|which|what)\b.*\bscenarios\b|^scenarios$", text):
        return ListScenarios()
    if re.search(r"\b(history|versions|what changed|who changed|log)\b", text):
        return History()
    if re.fullmatch(
        r"(please )?(solve|re-?plan|re-?optimi[sz]e|optimi[sz]e)( it| this| again| now)?\W*", text
    ):
        return Solve()
    return None


def _revise_intent(text: str) -> Revise | None:
    """'make it 30%', 'try 10% instead', 'what about 25%?'."""
    if not re.search(r"\b(make it|try|what about|how about|instead|rather)\b", text):
        return None
    amount = _amount(text, default_up=True)
    return Revise(amount) if amount is not None else None


def _days(text: str) -> tuple[int, ...]:
    words = normalise(text).split()
    days: set[int] = set()
    if "weekend" in words or "weekends" in words:
        days.update((5, 6))
    if "weekdays" in words or "weekday" in words:
        days.update(range(5))
    for i, word in enumerate(words):
        if word in DAY_WORDS:
            day = DAY_WORDS[word]
            nxt = words[i + 1 : i + 3]
            if nxt and nxt[0] in ("to", "through", "till", "until") and len(nxt) > 1:
                end = DAY_WORDS.get(nxt[1])
                if end is not None and end >= day:
                    days.update(range(day, end + 1))
                    continue
            if i > 0 and words[i - 1] == "by":
                continue
            days.add(day)
    return tuple(sorted(days))


def _direction(text: str, *, default_up: bool) -> int:
    up = _UP.search(text) is not None
    down = _DOWN.search(text) is not None
    if down and not up:
        return -1
    if up and not down:
        return 1
    if up and down:
        return 1 if _UP.search(text).start() < _DOWN.search(text).start() else -1  # type: ignore[union-attr]
    return 1 if default_up else 0


def _amount(text: str, *, default_up: bool, absolute_words: bool = True) -> Amount | None:
    """A factor, delta or absolute value from a clause; None when it has no number."""
    for word, mult in _MULTIPLIERS.items():
        if re.search(rf"\b{word}\b", text):
            return Amount(factor=mult)
    pct = _PERCENT.search(text)
    if pct:
        raw = float(pct.group(1))
        if absolute_words and re.search(r"\b(to|at)\s+[+-]?\d+(?:\.\d+)?\s*(?:%|percent)", text):
            return Amount(value=raw / 100.0)
        sign = (
            1
            if raw > 0 and pct.group(1).startswith("+")
            else _direction(text, default_up=default_up)
        )
        if pct.group(1).startswith("-"):
            sign, raw = -1, abs(raw)
        if sign == 0:
            return None
        return Amount(factor=round(1.0 + sign * raw / 100.0, 6))
    tonnes = _TONNES.search(text) or _NUMBER.search(text)
    if tonnes:
        raw = float(tonnes.group(1))
        if absolute_words and re.search(r"\b(to|at|=)\s+\d", text):
            return Amount(value=raw)
        sign = _direction(text, default_up=default_up)
        if tonnes.group(1).startswith("-"):
            sign, raw = -1, abs(raw)
        if sign == 0:
            return None
        return Amount(delta=sign * raw)
    return None


def _side(words: list[str], match: Match) -> str:
    """'origin' or 'destination' from the words just before a matched name."""
    before = " ".join(words[max(0, match.start - 3) : match.start])
    last = words[match.start - 1] if match.start > 0 else ""
    prev = words[match.start - 2] if match.start > 1 else ""
    if last in ("to", "into", "towards") or (last == "the" and prev in ("to", "into")):
        return "destination"
    if "inbound" in before or "deliveries to" in before or "destined" in before:
        return "destination"
    return "origin"


def _edit_intent(clause: str, matches: list[Match]) -> EditIntent | None:
    """One change from one clause, or None when the clause names no change."""
    words = normalise(clause).split()
    hubs = [m for m in matches if m.entity.kind == "hub"]
    regions = [m for m in matches if m.entity.kind == "region"]
    customers = [m for m in matches if m.entity.kind == "customer"]
    days = _days(clause)

    if re.search(r"\btrailers?\b", clause):
        count = _NUMBER.search(clause)
        if (
            re.search(r"\b(move|shift|transfer|reposition|relocate)\b", clause)
            and len(hubs) >= 2
            and count
        ):
            return MoveTrailers(hubs[0].entity.key, hubs[1].entity.key, int(float(count.group(1))))
        if hubs:
            amount = _amount(clause, default_up=False)
            if amount is not None:
                return FleetSize(hubs[0].entity.key, amount)
        return None
    if re.search(r"\bdrivers?\b", clause):
        amount = _amount(clause, default_up=False)
        if amount is None:
            return None
        return Drivers(amount, tuple(m.entity.key for m in regions), days)
    if re.search(r"\b(service (?:level )?target|on-?time target|target service)\b", clause):
        pct = _PERCENT.search(clause)
        if pct is None:
            return None
        return ServicePolicy(service_target=float(pct.group(1)) / 100.0)
    late = re.search(
        r"(\d+(?:\.\d+)?)\s*(?:h|hours?)\b.*\blate\b|\blate\b.*?(\d+(?:\.\d+)?)\s*(?:h|hours?)\b",
        clause,
    )
    if late and re.search(r"\b(allow|accept|tolerate|max|maximum|up to)\b", clause):
        return ServicePolicy(max_late_h=float(late.group(1) or late.group(2)))
    if re.search(
        r"\b(rates?|tariffs?|prices?|fuel surcharge|haulage cost|line-?haul cost)\b", clause
    ):
        amount = _amount(clause, default_up=True, absolute_words=False)
        if amount is None or amount.factor is None:
            return None
        carrier = None
        if re.search(r"\b(contract|subcontract\w*|carrier|3pl)\b", clause):
            carrier = "contract"
        elif re.search(r"\bown(?:[- ]fleet)?\b", clause):
            carrier = "own"
        return Rates(amount.factor, carrier)
    closing = re.search(
        r"\b(close|closes|closed|closing|closure|shut|shuts|shutdown|down|outage|strike|lose|lost)\b",
        clause,
    )
    reopening = re.search(r"\b(reopen|reopens|re-open|open again|bring back)\b", clause)
    lane_words = re.search(r"\b(lane|link|route|corridor)\b|->|→|–", clause)
    if (reopening or closing) and len(hubs) >= 2 and lane_words:
        return CloseLane(hubs[0].entity.key, hubs[1].entity.key, reopen=bool(reopening))
    if (reopening or closing) and hubs and not re.search(r"\bcapacity\b", clause):
        return CloseHub(hubs[0].entity.key, days, reopen=bool(reopening))
    if re.search(r"\btrucks?\b|\blane capacity\b", clause) and len(hubs) >= 2:
        amount = _amount(clause, default_up=True)
        if amount is None:
            return None
        return LaneCapacity(hubs[0].entity.key, hubs[1].entity.key, amount)
    if re.search(r"\b(capacity|throughput)\b", clause) and hubs:
        amount = _amount(clause, default_up=True)
        if amount is None:
            return None
        return HubCapacity(hubs[0].entity.key, amount)
    volume_words = re.search(
        r"\b(volumes?|demand|tonnage|tonnes|freight|shipments?|orders?|peak|season|business|load)\b",
        clause,
    )
    if volume_words or customers or any(w in _MULTIPLIERS for w in words):
        amount = _amount(clause, default_up=bool(re.search(r"\b(peak|season|spike)\b", clause)))
        if amount is None:
            return None
        origin_regions: list[str] = []
        destination_regions: list[str] = []
        origin_hubs: list[str] = []
        destination_hubs: list[str] = []
        for m in regions + hubs:
            side = _side(words, m)
            if m.entity.kind == "region":
                (origin_regions if side == "origin" else destination_regions).append(m.entity.key)
            else:
                (origin_hubs if side == "origin" else destination_hubs).append(m.entity.key)
        if re.search(r"\bbetween\b", clause) and len(hubs) == 2:
            origin_hubs, destination_hubs = [hubs[0].entity.key], [hubs[1].entity.key]
        return ScaleVolume(
            amount=amount,
            origin_regions=tuple(origin_regions),
            destination_regions=tuple(destination_regions),
            origin_hubs=tuple(origin_hubs),
            destination_hubs=tuple(destination_hubs),
            customers=tuple(m.entity.key for m in customers),
            days=days,
        )
    return None
