"""New business: freight the network does not carry yet, said in a planner's words.

'new customer Bosch: 50 t a day from Hamburg to Munich' or 'we won a contract, 200 t a
week Paris to Vienna on Mondays and Thursdays' become an ``add_demand`` edit. Only words of
new business ('new customer', 'won a contract', 'onboarding …') open this reading: 'add
100 t from Hamburg to Munich' stays a change of the freight already there. Whatever the
words leave open (which way, which hubs, how the tonnes spread over the week) is asked,
never guessed: a wrong guess would plan freight nobody ordered.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.interpreter.intents import Clarify, NewDemand
from assistant.interpreter.vocabulary import Match

NEW_BUSINESS = re.compile(
    r"\bnew\s+(?:customers?|clients?|accounts?|shippers?|contracts?|business|freight|"
    r"flows?|lanes? of business|volumes? of business|traffic)\b|"
    r"\b(?:won|win|wins|landed|signed|sign|signs)\s+(?:a\s+|an\s+|the\s+)?(?:new\s+)?"
    r"(?:contract|tender|deal|account|customer|client|business)\b|"
    r"\bonboard(?:s|ed|ing)?\b",
    re.IGNORECASE,
)
"""Words that say the freight is new: without them tonnes 'from A to B' change what is
already carried."""

_NAMED = re.compile(
    r"\bnew\s+(?:customer|client|account|shipper)\s*(?:called\s+|named\s+|[:,–—-]\s*)?"
    r"(?P<name>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,2})"
    r"|\b(?:contract|deal|account|business|tender)\s+(?:with|for|from)\s+"
    r"(?P<partner>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,2})"
    r"|\bonboard(?:s|ed|ing)?\s+(?P<onboarded>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,2})"
    r"|(?P<subject>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,2})\s+(?:is|as)\s+(?:a\s+|an\s+|our\s+)?"
    r"new\s+(?:customer|client|account|shipper)\b"
)
"""Where a planner names the new customer: a capitalised name right after the words."""

_TONNES = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:t|tonnes?|tons?|mt)\b", re.IGNORECASE)
PER_DAY = re.compile(
    r"\b(?:a|per|each|every)\s+(?:single\s+)?day\b|\bdaily\b|\s*/\s*(?:day|d)\b",
    re.IGNORECASE,
)
"""Tonnes on each day ('50 t a day', 'each day', '20 t/day'): how much, not which days."""
_PER_WEEK = re.compile(
    r"\b(?:a|per|each|every)\s+week\b|\bweekly\b|\s*/\s*(?:week|wk|w)\b|"
    r"\b(?:in all|in total|altogether|all told|between them)\b",
    re.IGNORECASE,
)
"""A week's total ('200 t a week'), or the total over the days named ('… in all')."""


@dataclass(frozen=True, slots=True)
class NewBusiness:
    """A clause said to be about new freight, and the customer's name as said (if any)."""

    name: str
    name_span: tuple[int, int] | None

    def without_name(self, clause: str) -> str:
        """``clause`` with the new customer's name blanked (it is no name of the network)."""
        if self.name_span is None:
            return clause
        start, end = self.name_span
        return clause[:start] + " " * (end - start) + clause[end:]


def new_business(clause: str) -> NewBusiness | None:
    """Whether ``clause`` (original case) speaks of new freight, and the customer it names."""
    if NEW_BUSINESS.search(clause) is None or _TONNES.search(clause) is None:
        return None
    named = _NAMED.search(clause)
    if named is None:
        return NewBusiness("", None)
    group = next(g for g in ("name", "partner", "onboarded", "subject") if named.group(g))
    return NewBusiness(named.group(group), named.span(group))


def _ends(clause: str, hubs: Sequence[Match]) -> tuple[Match, Match] | Clarify:
    """Origin and destination of the new freight; asked when the words give no direction."""
    words = clause.lower().split()
    first, second = sorted(hubs, key=lambda m: m.start)
    between = re.search(r"\bbetween\b", clause, re.IGNORECASE) and not re.search(
        r"\bfrom\b", clause, re.IGNORECASE
    )
    if between:
        there = f"from {first.entity.label} to {second.entity.label}"
        back = f"from {second.entity.label} to {first.entity.label}"
        return Clarify(
            f"between {first.entity.label} and {second.entity.label}",
            (there, back),
            f"Which way does the new freight run: {there}, or {back}? I changed nothing yet.",
        )
    before_first = " ".join(words[: first.start][-2:])
    if re.search(r"\bto\b|\binto\b|\bfor\b", before_first) and not re.search(
        r"\bfrom\b", before_first
    ):
        return second, first  # 'to Munich from Hamburg'
    return first, second


def new_freight(
    business: NewBusiness,
    clause: str,
    matches: Sequence[Match],
    days: tuple[int, ...],
) -> NewDemand | Clarify:
    """The new freight a clause asks for; ``matches`` are the names found in the clause
    without the new customer's name, ``days`` the days it names (none: not said)."""
    tonnes = [float(t) for t in _TONNES.findall(clause)]
    if len(set(tonnes)) != 1:
        return Clarify(
            "tonnes",
            (),
            "How many tonnes is the new freight? Say one amount, e.g. “new customer: 50 t a "
            "day from Paris to Lyon”. I changed nothing yet.",
        )
    amount = tonnes[0]
    hubs = [m for m in matches if m.entity.kind == "hub"]
    regions = [m for m in matches if m.entity.kind == "region"]
    customers = [m for m in matches if m.entity.kind == "customer"]
    if len(hubs) != 2:
        named = " and the ".join(m.entity.label for m in regions)
        where = f" (the {named} {'are regions' if len(regions) > 1 else 'is a region'})"
        where = where if regions else ""
        return Clarify(
            "from which hub to which",
            (),
            f"New freight needs a hub at each end{where}: from which hub to which? Say e.g. "
            f"“new customer: {amount:g} t a day from Paris to Lyon”. I changed nothing yet.",
        )
    ends = _ends(clause, hubs)
    if isinstance(ends, Clarify):
        return ends
    origin, destination = ends
    customer = customers[0].entity.key if customers else business.name
    said = _TONNES.search(clause)
    assert said is not None  # one amount was found above
    as_said = said.group(0)
    per_day, per_week = PER_DAY.search(clause), _PER_WEEK.search(clause)
    lane = f"from {origin.entity.label} to {destination.entity.label}"
    if per_week and not per_day and not days:
        every_day, weekdays = (
            f"{amount / 7:.4g} t every day",
            f"{amount / 5:.4g} t a day on weekdays",
        )
        gap = clause[said.end() : per_week.start()]
        phrase = clause[said.start() : per_week.end()] if len(gap) < 3 else as_said
        return Clarify(
            phrase.strip(),
            (every_day, weekdays),
            f"On which days does the new freight {lane} ship: {every_day}, {weekdays}, or on "
            f"some days (say e.g. “{amount:g} t a week on Mondays and Thursdays”)? I changed "
            "nothing yet.",
        )
    if per_week and not per_day:
        amount = round(amount / len(days), 3)  # the week's tonnes over the days named
    elif not per_day and len(days) != 1:
        when = "on each of those days, or in all" if days else "a day, a week, or once"
        return Clarify(
            as_said,
            (f"{as_said} each day", f"{as_said} in all")
            if days
            else (f"{as_said} a day", f"{as_said} a week"),
            f"Is the new freight {lane} {as_said} {when}? Say e.g. “{as_said} a day”"
            f"{'' if days else ' or “' + as_said + ' on Tuesday”'}. I changed nothing yet.",
        )
    return NewDemand(
        origin=origin.entity.key,
        destination=destination.entity.key,
        tonnes=amount,
        days=days,
        customer=customer,
    )
