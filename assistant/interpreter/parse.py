"""Turn a planner's question into intents, using the current network's own names.

Rule zero: nothing is guessed. The question is normalised (full-width digits, "per
cent", spelled-out numbers and fractions, thousands separators), split into clauses, and
every clause becomes an edit, an answered question ("…, what does that do to cost?") or
a reason to ask. A name-like word that is no name of the network, a name that fits
several entities, a date that is no weekday of the plan's week or an entity that the
change cannot use yields :class:`Clarify` and no edit; a clause with no recognisable
change yields :class:`NotUnderstood`. Negations ("don't X; instead Y") drop X, and
exceptions ("north but not Hamburg", "except Fridays") narrow the scope exactly or ask.
A pronoun ("reduce them", "shut it", "drivers there") takes its thing from the clause
before, or from the previous question; with nothing to refer to it is asked about. A
range ("5-10%"), an amount said with a bound ("more than 20%", "at least 3 trucks"), a
choice ("Paris or Lyon") and one change with two amounts are asked about too: a scenario
takes one number for one change. An estimate ("about 20%") is its number.

Examples
--------
>>> from assistant.interpreter.vocabulary import Vocabulary
>>> vocab = Vocabulary.build(hubs=[("LYS", "Lyon", "south"), ("PAR", "Paris", "north")],
...                          customers=["ACME Logistics"])
>>> parse_question("what if volumes rise 20% in the north?", vocab)
[ScaleVolume(amount=Amount(factor=1.2, delta=None, value=None), origin_regions=('north',), \
destination_regions=(), regions=(), origin_hubs=(), destination_hubs=(), hubs=(), customers=(), \
days=())]
>>> parse_question("close Lyonn", vocab)[0].question
"I'm not sure what you mean by “Lyonn” — did you mean Lyon? I changed nothing."
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise

from assistant.interpreter.intents import (
    Also,
    AlsoDays,
    Amount,
    AtLimit,
    Clarify,
    Clone,
    CloseHub,
    CloseLane,
    Compare,
    Critical,
    Diff,
    Drivers,
    EditIntent,
    EmptyRunning,
    Explain,
    Find,
    FleetSize,
    Frontier,
    Help,
    History,
    HubCapacity,
    HubTraffic,
    Intent,
    LaneCapacity,
    LaneTraffic,
    LaneTransit,
    ListScenarios,
    LoseDemand,
    MoveTrailers,
    NewDemand,
    NewLane,
    NotUnderstood,
    Propose,
    Rates,
    Rename,
    RevertTo,
    Revise,
    ReviseDays,
    RouteVia,
    ScaleVolume,
    ServicePolicy,
    ServicePromise,
    Share,
    Solve,
    SpillOver,
    Stress,
    Summarise,
    Undo,
    UseLane,
    WhyNot,
)
from assistant.interpreter.loop import parse_calibrate_question, parse_review_question
from assistant.interpreter.new_freight import PER_DAY, NewBusiness, new_business, new_freight
from assistant.interpreter.vocabulary import (
    ALL_CARRIERS,
    AT_LEAST,
    AT_LIMIT,
    AT_MOST,
    BOTH_ENDS_MARKERS,
    BOTH_WAYS_MARKERS,
    BOUND_AFTER,
    BOUND_INTENSIFIERS,
    CARRIER_KINDS,
    CARRIER_WORD,
    CARRIER_WORDS,
    CARRIERS_ASKED,
    CLOSE_PHRASES,
    CLOSE_WORDS,
    DAY_GROUPS,
    DAY_NAMES,
    DAY_WORDS,
    DESTINATION_MARKERS,
    DIRECTIONS,
    DOWN_WORDS,
    EXCEPTIONS,
    FRACTIONS,
    HOLIDAYS,
    HUB_KIND_WORDS,
    IMPACT_QUESTIONS,
    LIMIT_BOUNDS,
    LIMIT_KINDS,
    MONTHS,
    MORE_OF_WORDS,
    MULTIPLIERS,
    NUMBER_WORDS,
    ORIGIN_MARKERS,
    PART_OF_PLAN_WEEK,
    PHRASAL_DOWN,
    PHRASAL_UP,
    PLAN_WEEK,
    REOPEN_PHRASES,
    STRESS_WORDS,
    UP_WORDS,
    VAGUE_DATES,
    Entity,
    Match,
    Vocabulary,
    carrier_kinds,
    known_word,
    normalise,
    raw_words,
    without_openers,
    word_spans,
)
from tools.wording import join_words

__all__ = [
    "ALL_WEEK_ASKED",
    "DAY_WORDS",
    "SO_FAR_CHOICES",
    "WHOLE_DAY_ASKED",
    "parse_question",
    "prepare",
    "replaces_last",
    "said_with_way",
    "without_days",
    "without_part_of_day",
    "without_so_far",
]


def _words_re(words: Sequence[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])")


_UP = _words_re(UP_WORDS)
_MORE_OF = _words_re(MORE_OF_WORDS)
_DOWN = _words_re(DOWN_WORDS)
_CLOSING = _words_re([*CLOSE_WORDS, *CLOSE_PHRASES])
_REOPENING = re.compile(_words_re(REOPEN_PHRASES).pattern + r"|\bopen\b.*\bagain\b")
_MULTIPLIER = _words_re(list(MULTIPLIERS))
_PERCENT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*%")
_SEE_WHETHER = re.compile(
    r"^(?:and |so |then |and then )?(?:see|check|tell me|show me|let me know|find out|test)"
    r" (?:if|whether|how|what)\b"
)
"""'…, then see if the east can cope': a request to judge the change, answered by the
what-if's before → after (names in it are where to look, not a case of its own)."""
_AMOUNT_SAID = re.compile(
    r"\d\s*(?:%|percent\b|per ?cent\b|pct\b)|"
    r"\d+(?:\.\d+)?\s*(?:t|tonnes?|tons?|trucks?|drivers?|trailers?|departures?)\b"
)
"""An amount with its unit: a clause that states one asks about a change of its own, so it
is never read as a question about the conversation's last change."""
_TONNES = re.compile(
    r"([+-]?\d+(?:\.\d+)?)\s*(?:(?:more|extra|additional|fewer|less)\s+)?(?:t|tonnes|tons|tonne)\b"
)
"""Tonnes, also with the change between ('100 more tonnes')."""
_NUMBER = re.compile(r"(?<![\w.])([+-]?\d+(?:\.\d+)?)(?![\w.%])")
_TIMES = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:x|×|times)(?!\w)|(?<!\w)(?:x|×)\s*(\d+(?:\.\d+)?)\b|"
    r"\bby a factor of (\d+(?:\.\d+)?)"
)
_VERBS = (
    r"close|shut|reopen|cut|raise|lower|increase|decrease|reduce|move|add|set|double|halve|"
    r"triple|drop|make|compare|summari[sz]e|explain|propose|hire|remove|shift|transfer|"
    r"reposition|take|bring|open|allow|limit|cap|give|what|how|why|trim|boost|bump|lose|"
    r"scale|grow|show"
)
_SPLIT = re.compile(
    rf"(?i)\s*(?:;|(?<!\d),|,(?!\d)|\band then\b|\bthen\b|\bwhile\b|\bwhereas\b|"
    rf"(?<=[\w%.])\s+also\b(?!$)|"
    rf"\bplus\b(?=\s+(?:{_VERBS}))|\bbut\b(?=\s+(?:{_VERBS}|instead))|"
    rf"(?<!between \d )(?<!between \d\d )"  # 'between 24 and 26 December' is one span
    rf"\band\b(?=\s+(?:{_VERBS}|don't|do not|[+-]?\d|(?:see|check|tell|show|find out)\b))|"
    # sentences ('close Vienna. Tell me how the east does'), not after 'St.', 'vs.', 'approx.'
    r"(?<=[a-z%)]{3})(?<!approx)(?<!incl)(?<!excl)(?<!\betc)[.!?]\s+(?=[A-Za-z])|"
    rf"\s[—–-]\s*(?=(?:does|do|will|would|can|could|is|are|what|how)\b))\s*"
)
_NEGATED = re.compile(
    r"^(?:please |so |and |but |instead )*(?:not|no)\b(?! (?:available|operating|running|"
    r"(?:more )?(?:trucks?|departures?|runs?|trips?|traffic|dispatch\w*)\b))|"
    r"^(?:please |so |and |but )*(?:rather than|instead of)\b|"
    r"^(?:please |so |and |but |i'd |we'd |let's |we |i )*(?:leave|keep)\b.*\b(?:open|running|"
    r"operating|going|alone|untouched|unchanged|as (?:it )?is)\b|"
    r"\b(?:don't|dont|do not|does not|doesn't|didn't|didnt|did not|hadn't|had not|never|"
    r"no need to|let's not|we won't|won't|"
    r"shouldn't|should not|mustn't|must not|wouldn't|would not|avoid|refuse to|not going to)\b"
)
_BOUND_WORDS = sorted((*AT_LEAST, *AT_MOST), key=len, reverse=True)
"""Words before an amount that make it a bound, longest first (for regex alternations)."""
_BOUND_ALTERNATION = "|".join(re.escape(w) for w in _BOUND_WORDS)
_NEGATION_LIKE_BOUNDS = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in _BOUND_WORDS if _NEGATED.search(w))
    + r")(?=\s+[+-]?\d)"
)
"""Bounds that start with a word of negation ('no more than 4', 'not less than 20%', 'not
exceeding 40'): an amount's limit, never a negation of the clause."""


def _negated(clause: str) -> bool:
    """Whether a (lower-case) clause asks for something not to be done ('don't close
    Paris', 'not Lyon'); a bound said with 'no' or 'not' ('no more than 4 trucks a day')
    is an amount, not a negation."""
    return bool(_NEGATED.search(_NEGATION_LIKE_BOUNDS.sub("x", _CLOSING.sub("x", clause))))


_RATHER = re.compile(r"\b(?:instead of|rather than)\b.*$")
_EXCEPT = re.compile(r"\s(?:" + "|".join(re.escape(e) for e in EXCEPTIONS) + r")\s")
_VOLUME = re.compile(
    r"\b(volumes?|demand|tonnage|tonnes|freight|shipments?|orders?|peak|season|business|"
    r"loads?|flows?|everything|traffic|inbound|outbound)\b|\d\s*(?:t|tonnes|tons)\b"
)
_NAME_SLOTS = frozenset(
    "in at from to into via through between towards close shut reopen leaving arriving".split()
    + "customer client shipper account hub depot site city region".split()
)
"""Words after which a word can only be a name: an unknown one there is always asked about."""
_SOFT_SLOTS = frozenset("for of near around serving".split())
"""Words often followed by a name: an unknown word there is asked about when capitalised."""
_ALL_DAYS = tuple(range(7))


_TIMES_A_DAY = {
    "once": 1,
    "twice": 2,
    "thrice": 3,
    "two times": 2,
    "three times": 3,
    "four times": 4,
}


_ABSENT = re.compile(
    r"(?i)(?:\b(?:if|suppose|supposing|imagine) (?:we|you) (?:didn't|did not) have |"
    r"\b(?:if |suppose |imagine )?we had no |"
    r"\bthere (?:was|were|is|are) no |"
    r"^(?:what if we |what if you |what happens if we )?(?:run|plan|operate)(?: the network)? "
    r"without |^(?:what about )?the network without )"
    r"(?=(?!(?:enough|any|more|much|many|as|so|too|a lot|all|to|time|room|trucks?|lorr\w+|"
    r"departures?|runs?|trips?|traffic|dispatch\w*|freight|volumes?|demand|drivers?|trailers?|"
    r"capacity|lanes?|delays?|changes?)\b)\S)"
)
"""'what if we didn't have Paris', 'there was no Paris', 'plan without Nordbau': the name is
lost (a hub closes, a customer's demand goes), not a change asked not to be made."""


_DUMMY_IT = re.compile(
    r"(?i)^(?:so |and )?(?:how much (?:more |less )?)?(?:would|will|does|did|is|was|would it be|"
    r"will it be)\s+it\s+(?:cost(?: us)?|take|be cheaper|be better|help|make sense|pay off|pay|"
    r"save(?: us)?(?: money)?|cheaper|better|worth it|worth)\s+(?:for us\s+)?to\s+"
)
"""'how much would it cost to close Paris?', 'is it cheaper to close Paris or Lyon?': the
'it' stands for what follows, a what-if (its answer gives the cost), not a thing to name."""


_FINE_FIRST = re.compile(
    r"(?i)^(?P<thing>(?!(?:everything|everyone|all|it|this|that|we|i)\b)[\w'’ -]{1,40}?) "
    r"(?:is|are|'s) (?:fine|ok|okay|good|unaffected|not affected)\s*[,;:—–-]+\s*(?P<rest>\S.*)$"
)
"""'Paris is fine, close Lyon': a remark that something stays as it is, said before the
change; put after it ('close Lyon, Paris stays as is'), where it is read as a remark or an
exception like any other."""


def prepare(text: str) -> str:
    """The question with numbers written one way ('２０ per cent' → '20%', 'a fifth' → '20%')
    and without the greetings or politeness before it ('hi, …', 'please …')."""
    out = without_openers(" ".join(raw_text(text).split()))
    out = re.sub(
        r"(?i)(?:\b|(?<=\d))(?:per[ -]?cent|pct|percentage points?|points?|pts?|pp|ppts?)\b"
        r"|(?<=\d)pc\b",
        "%",
        out,
    )
    out = re.sub(r"(?<=\d) +%", "%", out)
    # 'north + 20%', 'Lyon - 10%': a sign set apart from its share (not '10 - 20%', a range)
    out = re.sub(r"(?<![\d\s])(\s+)([+-])\s+(?=\d+(?:\.\d+)?%)", r"\1\2", out)
    out = re.sub(r"(?<=\d)\+\s*%", "%+", out)  # '20+%' is '20%+', at least 20%
    out = re.sub(r"(?<=\d),(?=\d{3}\b)", "", out)
    out = re.sub(r"(?<=\d),(?=\d{1,2}\s*%)", ".", out)
    out = re.sub(
        r"(?<![\w.])(\d+(?:\.\d+)?)\s*k\b",
        lambda m: f"{float(m.group(1)) * 1000:g}",
        out,
    )
    out = re.sub(  # 'one and a half times'
        r"(?i)\b(one|two|three|four|1|2|3|4) and a half\b",
        lambda m: f"{_SMALL.get(m.group(1).lower(), 0) or int(m.group(1))}.5",
        out,
    )
    for phrase, share in sorted(FRACTIONS.items(), key=lambda p: -len(p[0])):
        if phrase == "half":
            continue
        spelled = phrase.replace(" ", r"[\s-]+")  # 'three quarters', 'three-quarters'
        out = re.sub(rf"(?i)\b{spelled}\b", f"{share * 100:.6g}%", out)
    out = _ONE_IN_N.sub(_one_in_n, out)
    out = re.sub(r"(?i)\bby half\b", "by 50%", out)
    out = re.sub(  # 'loses half its drivers', 'half of the usual departures'
        r"(?i)\b(?:a |one )?half(?: of)?(?= (?:its|their|the|our|his|her)\b)", "50% of", out
    )
    out = re.sub(r"(?<![\w/.])(\w+\s+)?([1-9])/([2-9]|10)(?![\w/.])", _fraction, out)
    out = re.sub(
        r"(?i)\b(add|adds|adding|hire|hiring|remove|removing|lose|losing|another|plus)\s+"
        r"(?:a|an)\s+(?=(?:extra |more |further |additional |single )?"
        r"(?:trucks?|departures?|drivers?|trailers?)\b)",
        r"\1 1 ",
        out,
    )
    out = re.sub(
        r"(?i)\b(?:another|one more|an extra|an additional)\s+"
        r"(?=(?:trucks?|departures?|drivers?|trailers?)\b)",
        "1 more ",
        out,
    )
    out = re.sub(r"(?i)\b(?:excl|exc|not incl)\b\.?|(?<!\w)w/o\b", "excluding", out)  # 'excl.'
    out = _FINE_FIRST.sub(r"\g<rest>, \g<thing> stays as is", out)
    out = re.sub(r"(?i)\bwhilst\b", "while", out)
    # 'north-bound freight': freight heading there ('north-bound' was the freight leaving it)
    out = re.sub(r"(?i)\b(north|south|east|west)(?:ern)?[- ]?bound\b", r"bound for the \1", out)
    out = _DUMMY_IT.sub("what if we ", out)
    out = _ABSENT.sub(
        lambda m: "if we lose " if re.match(r"(?i)if\b", m.group(0)) else "we lose ", out
    )
    out = re.sub(r"(?i)\b(?:didn't|did not|doesn't|does not) exist\b", "is lost", out)
    out = re.sub(r"(?i)\btwice as (?:much|many)\b", "double", out)
    out = re.sub(r"(?i)\b(?:only )?half as (?:much|many)\b", "50% less", out)
    out = re.sub(  # 'run Paris-Lyon twice a day': two departures a day, not double them
        r"(?i)\b(once|twice|thrice|two times|three times|four times)\s+(?:a|per|each)\s+day\b",
        lambda m: f"{_TIMES_A_DAY[m.group(1).lower()]} departures a day",
        out,
    )
    out = re.sub(  # 'add a daily departure'
        r"(?i)\b(add|adds|adding)\s+(?:a|an|one)\s+(?=(?:extra\s+|more\s+)?(?:daily|nightly)\s+"
        r"(?:trucks?|departures?|runs?|trips?)\b)",
        r"\1 1 ",
        out,
    )
    out = re.sub(r"(?i)(?<![\w.])(\d+(?:\.\d+)?)[- ]?fold\b", r"x\1", out)  # '5-fold'
    out = re.sub(r"(?i)\b(?:lay|lays|laid|laying) off\b", "cut", out)
    out = re.sub(r"(?i)\b(?:driver )?crews\b|\btruckers\b", "drivers", out)  # who drive
    out = re.sub(r"(?i)\b(?:driver )?crew\b|\btrucker\b", "driver", out)
    if not _ASKS_ABOUT_THE_PLAN.search(out):
        out = _NONE_OF.sub(r"\1 at 0", out)
    out = _OUT_OF_USE.sub(r"\1 lost", out)
    out = _IS_OUT.sub(r"\1 out of service", out)
    out = _PHRASAL_RISE.sub("increase", out)
    out = _PHRASAL_FALL.sub("reduce", out)
    out = _day_spans(out)
    out = re.sub(  # 'all customers but Nordbau', 'everywhere save the west'
        r"(?i)\b((?:all|every|each)\s+(?:(?:the|our)\s+)?(?:customers?|clients?|shippers?|"
        r"accounts?|hubs?|depots?|sites?|regions?|lanes?|relays?|cross-docks?)|everyone|"
        r"everybody|everywhere|everything|anywhere)\s+(?:but|save)\b"
        r"(?!\s+(?:not|also|only|still)\b)",
        r"\1 except",
        out,
    )
    out = re.sub(  # 'in the north, Berlin excepted'
        r"(?i),\s*([^,;]+?)\s+(?:excepted|exempted|aside|left out|excluded)\b", r" except \1", out
    )
    return _numbers_from_words(out)


_INFLECTED = r"(?:s|es|d|ed|ing|ped|ping|led|ling)?"
_PHRASAL_RISE = re.compile(rf"(?i)\b(?:{'|'.join(PHRASAL_UP)}){_INFLECTED}\s+up\b")
_PHRASAL_FALL = re.compile(
    rf"(?i)\b(?:{'|'.join(PHRASAL_DOWN)}){_INFLECTED}\s+(?:down|back)\b|"
    r"\bthrottl(?:e|es|ed|ing)\s+off\b"
)
"""'ramp up' as 'increase', 'scale back' / 'ramp down' as 'reduce': the particle, not the
verb, says which way ('ramp down' was read as a rise)."""


_NONE_OF = re.compile(
    r"(?i)\b(?:no|zero)\s+(drivers?|trailers?)\b"
    r"(?!\s+(?:left|to spare|available|remaining|free|spare|more|cut|cuts|lost|hired|moved|"
    r"change|changes|\w+ed)\b)"
)
"""'No drivers in central on Sunday' said as a what-if: the count set to zero."""
_ASKS_ABOUT_THE_PLAN = re.compile(
    r"(?i)^\s*(?:which|where|are|is|do|does|did|any|how|why|when|who)\b|"
    r"^(?!.*\b(?:what if|suppose|supposing|imagine|assume|assuming)\b).*\?\s*$"
)
"""A question about the plan as it is ('are there no drivers left?', 'where do we have no
drivers?'), not a change to it."""


_OUT_OF_USE = re.compile(
    r"(?i)\b(\d+\s+(?:drivers?|trailers?|trucks?|tractors?)\b[^,;.!?]*?)\s*"
    r"(?:\b(?:is|are|was|were|go|goes|went|will be|would be)\s+)?"
    r"(?:\bout of (?:service|action|use|operation)\b|\bout\b(?!\s+(?:of|to|from|at|into)\b)|"
    r"\bunavailable\b|\bnot available\b|\boff the road\b|\bbroken(?: down)?\b|"
    r"\bin the (?:shop|workshop|garage)\b|\bin for (?:repairs?|maintenance)\b|"
    r"\bin maintenance\b|\boff (?:sick|work|duty)\b)"
)
"""Counted drivers or trailers out of use ('10 trailers at Madrid are out of service', '5
drivers in the north are out on Monday'): that many fewer, never a total of that many."""


_IS_OUT = re.compile(
    r"(?i)\b(is|are|'s|was|were|goes|go|went|gone|be|being|stays?|remains?)\s+out\b"
    r"(?!\s+(?:of|to|at|by|with|in|into|there|front|loud|now on)\b)(?!-)"
)
"""'The Kraków–Wrocław lane is out', 'Hamburg is out on Monday': out of service, a
closure ('out of trailers', 'out to Paris' and 'out in front' are not)."""


_DAY_SPAN = re.compile(
    r"(?i)\bfor (\d+|a|one|two|three|four|five|six|seven) (?:days?|nights?) "
    r"(?:from|starting(?: on| from)?|beginning(?: on)?) ([a-z]+)\b|"
    r"\b(?:from|starting(?: on| from)?|beginning(?: on)?) ([a-z]+) for "
    r"(\d+|a|one|two|three|four|five|six|seven) (?:days?|nights?)\b"
)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_COUNT_WORDS |= {"eight": 8, "nine": 9, "ten": 10, "twenty": 20, "hundred": 100}
_COUNT = r"\d+|" + "|".join(_COUNT_WORDS)
_ONE_IN_N = re.compile(
    rf"(?i)\b(?P<top>{_COUNT})\s+(?:in|out of)\s+(?:every\s+)?(?:a\s+)?(?P<bottom>{_COUNT})\b"
    r"(?!\s*(?:%|h|hours?|days?|t|tonnes|tons|am|pm)\b)"
)
"""A share said as a count in a count ('one in ten drivers', '3 out of every 20 trucks')."""


def _one_in_n(m: re.Match[str]) -> str:
    """'one in ten' as '10%' (a share), left as written when it is none ('5 in 3')."""
    top, bottom = (
        _COUNT_WORDS.get(g.lower()) or int(g) for g in (m.group("top"), m.group("bottom"))
    )
    if not 0 < top < bottom:
        return m.group(0)
    return f"{top / bottom * 100:.6g}%"


def _day_spans(text: str) -> str:
    """'for 2 days from Monday' / 'starting Tuesday for 3 days' as 'Monday to Tuesday';
    left as written (and so asked about) when it runs past the plan's Sunday."""

    def span(m: re.Match[str]) -> str:
        count_word, day_word = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        count = _SMALL.get(count_word.lower()) or int(count_word)
        start = DAY_WORDS.get(day_word.lower())
        if start is None or count < 1 or start + count - 1 > 6:
            return m.group(0)
        first, last = DAY_NAMES[start], DAY_NAMES[start + count - 1]
        return first if count == 1 else f"{first} to {last}"

    return _DAY_SPAN.sub(span, text)


def _fraction(m: re.Match[str]) -> str:
    """'1/3' as a share ('up 1/3' → '33.3333%'); after 'on', 'from' and the like it is a
    date and stays as written."""
    before, top, bottom = m.group(1) or "", int(m.group(2)), int(m.group(3))
    if top >= bottom or re.fullmatch(r"(?i)(?:on|for|from|until|till|after|before)\s+", before):
        return m.group(0)
    return f"{before}{top / bottom * 100:.6g}%"


def raw_text(text: str) -> str:
    """Full-width forms to ASCII (NFKC) and typographic quotes to plain ones."""
    import unicodedata

    return (
        unicodedata.normalize("NFKC", text)
        .replace("’", "'")
        .replace("‘", "'")
        .replace("“", '"')
        .replace("”", '"')
    )


def _numbers_from_words(text: str) -> str:
    tens = "|".join(w for w, n in NUMBER_WORDS.items() if n >= 20 and n % 10 == 0 and n < 100)
    units = "|".join(w for w, n in NUMBER_WORDS.items() if 0 < n < 10)

    def compound(m: re.Match[str]) -> str:
        return str(NUMBER_WORDS[m.group(1).lower()] + NUMBER_WORDS[m.group(2).lower()])

    text = re.sub(rf"(?i)\b({tens})[- ]({units})\b", compound, text)
    names = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
    return re.sub(rf"(?i)\b({names})\b", lambda m: str(NUMBER_WORDS[m.group(1).lower()]), text)


# ------------------------------------------------------------------------- dates


@dataclass
class _Days:
    days: tuple[int, ...] = ()
    vague: str = ""
    notes: list[str] = field(default_factory=list)
    text: str = ""


def _date_of(month: int, day: int, today: date) -> date | None:
    """The next date (today or later) of ``day`` ``month``; None when there is none."""
    try:
        when = date(today.year, month, day)
        if when < today:
            when = date(today.year + 1, month, day)
    except ValueError:
        return None
    return when


def _weekday_of(month: int, day: int, today: date) -> int | None:
    when = _date_of(month, day, today)
    return None if when is None else when.weekday()


_DURATION_BOUND = f"(?:{_BOUND_ALTERNATION})"
"""A bound before a duration ('for more than 2 days', 'for at least a day')."""


_TOMORROW = r"(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmrow|tmr|tmw|2moro|2morrow)\b"
"""'tomorrow' as planners type it in chat ('paris closed tmrw' closed Paris all week)."""


_DAY_NAME = "|".join(sorted((*DAY_WORDS, *DAY_GROUPS), key=len, reverse=True))
_MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
_A_DAY = (
    rf"(?:(?:the\s+)?day\s+after\s+)?{_TOMORROW}|today|tonight|(?:{_DAY_NAME})\b|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTH_NAME})\b|"
    rf"(?:{_MONTH_NAME})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
)
_DAYS_SAID = re.compile(
    rf"(?i)(?:\b(?:on|every|each|from|starting|until|till|through|this|next|for|at|over|"
    rf"during)\s+)?(?:the\s+)?\b(?:{_A_DAY})"
    rf"(?:\s*(?:,|&|-|–|\band\b|\bor\b|\bto\b|\bthrough\b|\buntil\b|\btill\b)\s*"
    rf"(?:the\s+)?(?:{_A_DAY}))*"
)


def without_days(text: str) -> str:
    """``text`` with the days and dates it names taken out ('close the lane on Monday and
    Tuesday' → 'close the lane'): the change said for the whole week, once the planner
    agreed to it."""
    return _tidy(_DAYS_SAID.sub(" ", text))


def without_part_of_day(text: str) -> str:
    """``text`` with the part of a day it names taken out ('Munich goes offline Thursday
    afternoon' → 'Munich goes offline Thursday'): the change for whole days, once agreed."""
    said = re.compile(
        rf"(?i)(?:\b(?:in|during|on|at|for|over)\s+)?(?:the\s+)?(?:{_PART_OF_DAY.pattern})"
    )
    return _tidy(said.sub(" ", text))


def _tidy(text: str) -> str:
    """One space between words, none before punctuation, no comma at either end."""
    return re.sub(r"\s+([?.!,;:])", r"\1", " ".join(text.split())).strip(" ,")


_ORDINAL_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_RANGE_JOIN = r"\s*(?:to|-|–|—|until|till|through|thru|and)\s*"
_DATE_RANGES = (
    re.compile(
        rf"\b(?:from\s+|between\s+)?{_ORDINAL_DAY}{_RANGE_JOIN}{_ORDINAL_DAY}(?:\s+of)?\s+"
        rf"(?P<month>{_MONTH_NAME})\b"
    ),
    re.compile(
        rf"\b(?:from\s+|between\s+)?(?P<month>{_MONTH_NAME})\s+{_ORDINAL_DAY}{_RANGE_JOIN}"
        rf"{_ORDINAL_DAY}\b"
    ),
)
"""Dates said as a span of one month ('from 2 to 4 December', 'Dec 2-4')."""


def _date_ranges(lowered: str, today: date, days: list[int], found: _Days) -> str:
    """Each day of the date spans in ``lowered`` added to ``days`` as weekdays, with a note;
    a span that is no span, or longer than the plan's week, is vague (asked about). The text
    is returned without the spans ('close Paris from 2 to 4 December' closed only the 4th)."""
    for pattern in _DATE_RANGES:
        for m in list(pattern.finditer(lowered)):
            first, last = (int(g) for g in m.groups() if g and g.isdigit())
            # a span still running today is this year's; one wholly past, next year's
            start = _date_of(MONTHS[m.group("month")], last, today)
            if start is not None:
                start -= timedelta(days=last - first)
            if start is None or not 0 <= last - first < 7:
                found.vague = m.group(0)
                continue
            named = sorted({(start + timedelta(days=k)).weekday() for k in range(last - first + 1)})
            days.extend(named)
            found.notes.append(
                f"“{m.group(0).strip()}” as {', '.join(DAY_NAMES[d] for d in named)}"
            )
        lowered = pattern.sub(" ", lowered)
    return lowered


def _dates(text: str, today: date) -> _Days:
    """Weekdays named by dates in ``text`` ('tomorrow', '24 December'), with the text left."""
    found = _Days(text=text)
    lowered = re.sub(
        r"(?<!as )\b(of|than|at|to|vs|versus) (?:today|now)(?:'?s)?\b", r"\1 current", text.lower()
    )
    for phrase in VAGUE_DATES:
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            found.vague = phrase
            return found
    later = re.search(
        r"\b(?:in|after) (?:\d+|a few|a couple of) (?:weeks?|months?|days?)\b|"
        r"\b(?:for|over|in|during|within) the (?:next|coming|following|upcoming)"
        r"(?: \d+| few| couple of| several)? days?\b|"
        rf"\bfor (?:{_DURATION_BOUND} )?(?:\d+|a few|a couple of|several) (?:days|weeks)\b|"
        rf"\bfor {_DURATION_BOUND} (?:\d+|an?|one|half a) days?\b",
        lowered,
    )
    if later is None and not _weekdays(lowered):  # 'on Monday for a day' is Monday
        later = re.search(r"\bfor (?:\d+|an?|one|half a) days?\b", lowered)
    if later:
        found.vague = later.group(0)
        return found
    part = PART_OF_PLAN_WEEK.search(lowered)
    if part:
        found.vague = part.group(0)
        return found
    week = PLAN_WEEK.search(lowered)
    lowered = PLAN_WEEK.sub(" ", lowered)
    days: list[int] = []

    def take(pattern: str, day_of: object) -> None:
        nonlocal lowered
        for m in list(re.finditer(pattern, lowered)):
            day = day_of(m) if callable(day_of) else None
            if day is None:
                found.vague = m.group(0)
                continue
            days.append(day)
            found.notes.append(f"“{m.group(0)}” as {DAY_NAMES[day]}")
        lowered = re.sub(pattern, " ", lowered)

    take(rf"\b(?:the )?day after {_TOMORROW}", lambda m: (today + timedelta(days=2)).weekday())
    take(r"\b(?:and|&) the day after\b", lambda m: (today + timedelta(days=2)).weekday())
    take(rf"\b{_TOMORROW}", lambda m: (today + timedelta(days=1)).weekday())
    take(r"\btoday\b|\btonight\b", lambda m: today.weekday())
    rest = re.search(r"\b(?:for |over |during )?the rest of (?:the|this) week\b", lowered)
    if rest is not None:  # 'close Lyon for the rest of the week': today to Sunday
        days.extend(range(today.weekday(), 7))
        found.notes.append(f"“{rest.group(0).strip()}” as {DAY_NAMES[today.weekday()]} to Sunday")
        lowered = lowered.replace(rest.group(0), " ")
    holiday_week = re.search(
        rf"\b(?:{'|'.join(re.escape(h) for h in HOLIDAYS)})(?:'s)? week\b", lowered
    )
    if holiday_week is not None:  # 'Christmas week' is a week, not Christmas Day
        found.notes.append(f"“{holiday_week.group(0)}” as the plan's week")
        lowered = lowered.replace(holiday_week.group(0), " ")
    for name, (month, day) in sorted(HOLIDAYS.items(), key=lambda p: -len(p[0])):
        take(rf"\b{re.escape(name)}\b", lambda m, mo=month, d=day: _weekday_of(mo, d, today))
    months = "|".join(sorted(MONTHS, key=len, reverse=True))
    lowered = _date_ranges(lowered, today, days, found)
    take(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ({months})\b",
        lambda m: _weekday_of(MONTHS[m.group(2)], int(m.group(1)), today),
    )
    take(
        rf"\b({months}) (\d{{1,2}})(?:st|nd|rd|th)?\b",
        lambda m: _weekday_of(MONTHS[m.group(1)], int(m.group(2)), today),
    )
    take(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lambda m: _on(m.group(3), m.group(2), m.group(1)))
    take(
        r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b",
        lambda m: _day_month(m.group(1), m.group(2), m.group(3), today),
    )
    take(
        r"\b(?:on|for|from|until|till|after|before) (\d{1,2})[/.](\d{1,2})\b\.?",
        lambda m: _day_month(m.group(1), m.group(2), None, today),
    )
    take(r"\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b", lambda m: None)
    found.days = tuple(sorted(set(days)))
    found.text = lowered
    if week:  # 'next week': the plan's week, all of it unless a day of it is named
        said = week.group(0).strip()
        if found.days:  # 'tomorrow and all next week' runs past the plan's one week
            found.vague, found.days, found.notes = said, (), []
            return found
        whole = not _weekdays(lowered)
        found.notes.append(
            f"“{said}” as the whole plan week (Monday to Sunday)"
            if whole
            else f"“{said}” as the plan's week (Monday to Sunday)"
        )
    return found


def _on(day: str, month: str, year: str) -> int | None:
    """The weekday of a date written with its year, or None when there is no such date."""
    try:
        return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day)).weekday()
    except ValueError:
        return None


def _day_month(first: str, second: str, year: str | None, today: date) -> int | None:
    """The weekday of '24/12' or '12/24' (whichever order fits), or None when both orders
    are dates ('3/4': 3 April or 4 March?) so that the planner is asked."""
    a, b = int(first), int(second)
    if a == b or (a > 12 >= b):
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    else:
        return None
    if year is not None:
        return _on(str(day), str(month), year)
    return _weekday_of(month, day, today)


def _weekdays(text: str) -> tuple[int, ...]:
    names = "|".join(sorted(DAY_WORDS, key=len, reverse=True))
    text = re.sub(rf"(?i)\b({names})\s*[-–—]\s*({names})\b", r"\1 to \2", text)
    # 'between Monday and Wednesday' is every day from the one to the other
    text = re.sub(rf"(?i)\bbetween ({names}) and ({names})\b", r"\1 to \2", text)
    words = normalise(text).split()
    days: set[int] = set()
    for group, members in DAY_GROUPS.items():
        if group in words:
            days.update(members)
    if re.search(r"\b(?:all|every|each|whole|entire) (?:the )?(?:week|day|days)\b", text):
        days.update(_ALL_DAYS)
    ends: set[int] = set()
    for i, word in enumerate(words):
        if word in DAY_WORDS and i not in ends:
            day = DAY_WORDS[word]
            nxt = words[i + 1 : i + 3]
            if nxt and nxt[0] in ("to", "through", "till", "until", "thru") and len(nxt) > 1:
                end = DAY_WORDS.get(nxt[1])
                if end is not None:
                    # the week is cyclic: 'Friday to Monday' runs over the weekend
                    days.update(
                        range(day, end + 1) if end >= day else [*range(day, 7), *range(end + 1)]
                    )
                    ends.add(i + 2)  # 'Tuesday through Thursday' ends there, not at Monday
                    continue
            before = words[i - 1] if i > 0 else ""
            if before == "by":
                continue
            if before in ("starting", "from", "after", "since") or words[i - 2 : i] == ["as", "of"]:
                days.update(range(day + (before == "after"), 7))
                continue
            if before in ("until", "till", "through", "thru") and "from" not in words[:i]:
                days.update(range(0, day + 1))
                continue
            days.add(day)
    return tuple(sorted(days))


# ------------------------------------------------------------------------- amounts


_NOT_A_DIRECTION = re.compile(
    r"\bcontract(?:ed|s)?\b(?=\s+(?:rates?|lanes?|carriers?|haul\w*|tariffs?|prices?|costs?|"
    r"trucks?|fleet|partners?))|"
    r"\b(?:the|a|new|our|this|that|their|its)\s+contracts?\b|"
    r"\bpick(?:ed|s)?[- ]up\b|\bup to\b(?=\s+[+-]?\d)"
)
"""Words of change that are no change where they stand: 'contract rates' names a carrier
kind, 'the contract for 50 t a day' an agreement (it cut two hubs 50 t a day), 'picked up
in' a place, 'up to 10%' a limit."""


_TAKE_AWAY = re.compile(
    r"\b(?:take|takes|taking|took|taken|pull|pulls|pulling|pulled|knock|knocks|knocking|"
    r"knocked|shave|shaves|shaving|shaved|lop|lops|lopping|lopped|chop|chops|chopping|"
    r"chopped|strip|strips|stripping|stripped|write|writes|writing|wrote|written)\b"
    r"(?=[^.,;:!?]*?\b(?:away|off|out)\b"
    r"(?!\s+(?:of\s+)?(?:action|service|operation|the network|the plan)\b))"
)
"""A verb that removes with its particle later in the clause ('take 2 trailers away from
Rome', 'pull 3 drivers off the north', 'knock 5% off freight into the south'): a fall,
said as the verb 'remove' where it stands ('take … out of service' and 'off the network'
are closures, left to the closing words)."""


_OFF_DUTY = re.compile(
    r"\b(?:off sick|off work|off duty|off the road|out of service|out of action|on leave|"
    r"unavailable|off|out)\b(?=\s*(?:$|[.,;:!?]|(?:on|in|at|for|this|next|from|today|tonight|"
    r"tomorrow|all|until|till)\b))"
)
"""Things said to be away ('20% of the trucks off', 'one in five drivers out this week'): a
fall of how many there are."""


def _directional(text: str) -> str:
    """The text with the words that are no change blanked and removing phrases as 'remove'."""
    return _OFF_DUTY.sub(" down ", _TAKE_AWAY.sub("remove", _NOT_A_DIRECTION.sub(" ", text)))


def _direction(text: str, *, default_up: bool) -> int:
    text = _directional(text)
    up, down = _UP.search(text), _DOWN.search(text)
    if up and down:  # 'an extra 10% cut' is a cut: 'extra' says more of it, not a rise
        up = _UP.search(_MORE_OF.sub(" ", text))
    if down and not up:
        return -1
    if up and not down:
        return 1
    if up and down:
        return 1 if up.start() < down.start() else -1
    return 1 if default_up else 0


_LIMIT = (
    r"\b(?:only|just|at least|no fewer than|no less than|a minimum of|"
    + "|".join(re.escape(w) for w in sorted(LIMIT_BOUNDS - {"up to"}, key=len, reverse=True))
    + r")\s+\d"
)
"""A number that is a level, not a change: 'only 2 trucks a day', 'at most 40 drivers'."""


_QUANTITY_NOUNS = (
    r"(?:(?:usual|normal|current|planned|scheduled|regular|daily|weekly)\s+)?(?:departures?|"
    r"trucks?|dispatch(?:es)?|runs?|trips?|loads?|volumes?|demand|freight|tonnage|tonnes|"
    r"throughput|handling|drivers?|driver-?hours|crews?|staff|roster|headcount|trailers?|"
    r"fleet|slots?|shifts?|frequency|frequencies|services?)"
)
_SHARE_OF = re.compile(
    r"[+-]?\d+(?:\.\d+)?\s*%\s+of\s+(?:the\s+|its\s+|their\s+|our\s+|this\s+)?"
    rf"{_QUANTITY_NOUNS}\b"
)
"""A share of a quantity: with no word of change in its clause a level ('half the
departures', 'run 60% of the trucks': x0.5, x0.6), never a rise; with one a change ('10% of
drivers are absent': x0.9)."""


_PERCENT_LEVEL = re.compile(
    r"(?:(?<!up )\b(?:"
    + "|".join(
        re.escape(w)
        for w in sorted(
            {"to", "at", "only", "just", "merely", *LIMIT_BOUNDS} - {"up to", "tops"},
            key=len,
            reverse=True,
        )
    )
    + r")\s+[+-]?\d+(?:\.\d+)?\s*%|"
    r"\d+(?:\.\d+)?\s*%\s+of\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:normal|usual|today|"
    r"current|now|capacity|plan(?:ned)?|baseline|regular|standard|what it is)\b)"
    r"(?!\s*(?:more|less|fewer|higher|lower|up|down|extra|increase|decrease|rise|drop|cut)\b)"
)
"""A share that is a level, not a change: 'to 80%', 'only 80%', '80% of normal' (x0.8),
not 'only 10% more' (x1.1) or 'up to 10%' (a limit)."""


_SHARE_CHANGE = re.compile(
    r"\b(?:los(?:e|es|t|ing)|shed(?:s|ding)?|drop(?:s|ped|ping)?|cut(?:s|ting)?|"
    r"gain(?:s|ed|ing)?|add(?:s|ed|ing)?|give(?:s)? up|gave up|forfeit(?:s|ed)?)\s+"
    r"(?:about |around |roughly |some |nearly |almost |over |under )?[+-]?\d+(?:\.\d+)?\s*%"
    r"\s+of\b"
)
"""A share lost or gained, a change however it ends: 'loses 30% of its capacity' (x0.7),
never the level '30% of capacity' (x0.3)."""


def _level_share_of(text: str) -> re.Match[str] | None:
    """The share of a quantity in ``text`` when it is a level: no word of change is left
    once the share itself is taken out."""
    share = _SHARE_OF.search(text)
    if share is None:
        return None
    rest = text[: share.start()] + " " + text[share.end() :]
    return share if _direction(rest, default_up=False) == 0 else None


_WHAT_IF_LEAD = re.compile(r"^\W*(?:what|how)\s+(?:if|about)\b|^\W*(?:suppose|imagine|say)\b")
"""The lead of a what-if ('what if', 'how about', 'suppose'), which is not the clause's verb."""
_LEVEL_VERBS = re.compile(
    r"\b(?:run|runs|ran|handle[sd]?|ship(?:s|ped)?|serve[sd]?|keep|keeps|kept|carr(?:y|ies)|"
    r"process(?:es)?|take[s]?|took|see|sees|saw|expect(?:s|ed)?|receive[sd]?|operate[sd]?|"
    r"allow(?:s|ed)?|manage[sd]?|plan(?:s|ned)?)\b"
)
"""Verbs that say a share is what is run or seen ('run 60% of the volume'): a level."""


_BARE_SHARE_ASKED_BELOW = 50.0
"""A bare share below this (%) is asked about: 'half the volume out of Paris' is x0.5, but
'10% of volume in the north' is as likely 10% more or less as a cut of 90%."""


def _bare_share_of(clause: str) -> str | None:
    """A share of a quantity said with no verb at all and nothing else making it a level
    ('10% of volume in the north'), below :data:`_BARE_SHARE_ASKED_BELOW`: the share as
    written, else None. Read alone it would be a level (x0.1, a 90% cut), but a planner may
    as well mean 10% more or less."""
    share = _level_share_of(clause)
    if share is None or _PERCENT_LEVEL.search(clause) or _SHARE_CHANGE.search(clause):
        return None
    said_alone = _WHAT_IF_LEAD.sub("", clause.lower())
    if _VERB_SAID.search(said_alone) or _LEVEL_VERBS.search(said_alone):
        return None
    said = _PERCENT.search(share.group(0))
    if said is None or float(said.group(1)) >= _BARE_SHARE_ASKED_BELOW:
        return None
    return said.group(0).strip()


def _ask_share_or_change(share: str, clause: str, vocab: Vocabulary) -> Clarify:
    """Which of the three a bare share means: up by it, down by it, or cut to it."""
    level = float(share.strip("+-% "))  # the share as _PERCENT found it: digits, maybe '.5'
    scope = _scope_label(vocab.find(clause)[0])
    cut = f"{100 - level:g}%"
    return Clarify(
        "volumes",
        DIRECTIONS,
        f"Should volumes{scope} go up or down by {share}, or be {share} of today's (down "
        f"{cut})? Say “up”, “down” or “down {cut}” and I'll try it. I changed nothing yet.",
    )


_FROM_TO_NUMBERS = re.compile(
    r"\bfrom\s+(\d+(?:\.\d+)?)\s+to\s+(\d+(?:\.\d+)?)(?![\d.,:/])"
    r"(?!\s*(?:%|t|tonnes?|tons?|kt|trucks?|lorries|departures?|drivers?|trailers?|h|hrs?|hours?|"
    rf"days?|am|pm|st|nd|rd|th|{_MONTH_NAME})\b)"
)
"""A change said as an index from one number to another, with no unit ('from 100 to 120')."""
_COUNTED = r"(?:trucks?|lorries|departures?|drivers?|trailers?|t|tonnes?|tons?)"
_FROM_TO_COUNT = re.compile(
    rf"\bfrom\s+\d+(?:\.\d+)?\s*(?:{_COUNTED}\s+)?to\s+(\d+(?:\.\d+)?)\s*{_COUNTED}\b"
)
"""A count said as where it goes from and to ('from 3 to 5 trucks a day'): the second."""


def _amount(text: str, *, default_up: bool) -> Amount | None:
    """A factor, delta or absolute value from a clause; None when it has no number."""
    multiplier = _MULTIPLIER.search(text)
    if multiplier:
        return Amount(factor=MULTIPLIERS[multiplier.group(1)])
    times = _TIMES.search(text)
    if times:
        return Amount(factor=float(next(g for g in times.groups() if g)))
    counted = _FROM_TO_COUNT.search(text)
    if counted:  # 'Paris-Lyon from 3 to 5 trucks a day': the count it goes to (it was 3)
        return Amount(value=float(counted.group(1)))
    indexed = _FROM_TO_NUMBERS.search(text)
    if indexed and 0 < float(indexed.group(1)) != float(indexed.group(2)):
        # 'north volumes from 100 to 120': numbers with no unit, an index, so their ratio
        return Amount(factor=round(float(indexed.group(2)) / float(indexed.group(1)), 6))
    pct = _PERCENT.search(text)
    if pct:
        raw = float(pct.group(1))
        level = _PERCENT_LEVEL.search(text) or _level_share_of(text)
        if level and not _SHARE_CHANGE.search(text):
            share = _PERCENT.search(level.group(0))
            assert share is not None  # the level pattern holds a share
            factor = round(float(share.group(1)) / 100.0, 6)
            way = _direction(text.replace(level.group(0), " "), default_up=False)
            if (way > 0 and factor < 1.0) or (way < 0 and factor > 1.0):
                return None  # 'increase volumes to 20%': a rise to less than today, asked
            return Amount(factor=factor)
        sign = 1 if pct.group(1).startswith("+") else _direction(text, default_up=default_up)
        if pct.group(1).startswith("-"):
            sign, raw = -1, abs(raw)
        if sign == 0:
            return None
        return Amount(factor=round(1.0 + sign * raw / 100.0, 6))
    number = _TONNES.search(text) or _NUMBER.search(text)
    if number:
        raw = float(number.group(1))
        if re.search(r"\b(?:to|at|=|of)\s+\d", text) and not re.search(r"\bup to\s+\d", text):
            return Amount(value=raw)
        if re.search(_LIMIT, text):
            return Amount(value=raw)
        sign = 1 if number.group(1).startswith("+") else _direction(text, default_up=default_up)
        if number.group(1).startswith("-"):
            sign, raw = -1, abs(raw)
        if sign == 0:
            return None
        return Amount(delta=sign * raw)
    return None


_BOUND_NUMBER = r"[+-]?\d+(?:\.\d+)?(?:\s*(?:%|t\b|tonnes?\b|tons?\b))?"
_BOUNDED = re.compile(
    r"(?<![\w-])(?:(?:"
    + "|".join(re.escape(w) for w in BOUND_INTENSIFIERS)
    + r")\s+)?(?P<before>"
    + _BOUND_ALTERNATION
    + rf")\s+(?P<number>{_BOUND_NUMBER})(?![\w.])"
    + rf"|(?<![\w.])(?P<amount>{_BOUND_NUMBER})(?:\+(?![\w+])|\s+(?P<after>"
    + "|".join(re.escape(w) for w in sorted(BOUND_AFTER, key=len, reverse=True) if w != "+")
    + r")(?![\w-])(?!\s*[+-]?\d))"
)
"""An amount said with a bound: 'more than 20%', 'well over 20%', 'north of 20%', 'at least
3', '20%+', '500 t or more', 'up to 10%'."""

_DURATION = re.compile(r"\s*(?:h|hrs?|hours?|days?|d|weeks?|mins?|minutes?)\b|-(?:hour|day)")
"""A unit of time after a number: a due time or a delay ('up to 8 hours late', 'more than
24 h'), a limit of its own, read as it is."""

_CHANGE_AFTER = re.compile(
    r"\s*(?:more|fewer|less|extra|additional|further|higher|lower|up|down|increase|decrease|"
    r"rise|drop|cut)\b"
)


def _bound(text: str) -> re.Match[str] | None:
    """The first amount of ``text`` said with a bound ('rise more than 20%', 'at least 3 more
    trucks', 'under 10%'), which is no one number for a scenario; None when every amount is
    said as itself or as an estimate ('about 20%', '~20%'). A bound that names a limit said
    of a level ('at most 3 trucks a day', 'Paris capacity at most 80%', 'up to 4 trucks a
    day') is that level, and a time ('up to 8 hours late') is the limit it says."""
    for found in _BOUNDED.finditer(text):
        if _DURATION.match(text, found.end("number") if found.group("number") else found.end()):
            continue
        if found.group("number") and _a_limit(text, found):
            continue
        return found
    return None


def _a_limit(text: str, found: re.Match[str]) -> bool:
    """Whether a bound before a number sets a level to that number: a word of limit with no
    change said of the number ('at most 40 drivers', not 'cut drivers by at most 10' nor 'up
    to 10% more'); 'up to' a share is a change's bound ('volumes up to 20%')."""
    word = found.group("before")
    if word not in LIMIT_BOUNDS:
        return False
    if word == "up to" and "%" in found.group("number"):
        return False
    before, after = text[: found.start()], text[found.end() :]
    if re.search(r"\bby\s*$", before) or _CHANGE_AFTER.match(after):
        return False
    return _direction(f"{before} {after}", default_up=False) == 0


def agreed_amount(earlier: str, phrase: str, number: str) -> str:
    """What a number agreed to a bound question ('shall I use 500 t?') stands in for the bound
    ``phrase`` of ``earlier``: the number, or 'N more' when a bound that may pass it was the
    only word of change ('more than 500 t of freight out of Paris' is '500 t more of freight
    out of Paris', as 'add more than 500 t of freight' adds 500 t)."""
    found = _BOUNDED.fullmatch(" ".join(phrase.lower().split()))
    if found is None:
        return number
    after = found.group("after")
    passes = found.group("before") in AT_LEAST or (
        found.group("amount") is not None and (after is None or bool(_UP.search(after)))
    )
    rest = re.sub(rf"(?i)(?<!\w){re.escape(phrase)}(?!\w)", " ", earlier)
    if not passes or _direction(rest, default_up=False) != 0:
        return number
    return f"{number} more"


_THRESHOLD_QUESTION = re.compile(
    r"\s*(?:which|how many|how much|where|what|are|is|do|does|any|list|show)\b(?!\s+if\b)"
)
"""A question about the plan ('which lanes carry more than 50 t?'): a bound in it is a
threshold to look for, unless it says a change ('what if volumes rise over 20%')."""


def _ask_one_number(text: str, original: str) -> Clarify | None:
    """An amount said with a bound: ask for the one number a scenario takes, offering the
    number said, which a reply ('yes', '20%', 'use 25') makes the change with."""
    found = _bound(text)
    if found is None:
        return None
    number = " ".join((found.group("number") or found.group("amount")).split())
    number = re.sub(r"(?<=\d)(?=t\b|tonnes?\b|tons?\b)", " ", number)
    said = _original_case(original or text, found.group(0).strip())
    rest = f"{text[: found.start()]} {text[found.end() :]}"
    if _THRESHOLD_QUESTION.match(text) and _direction(rest, default_up=False) == 0:
        return Clarify(
            said,
            (),
            f"“{said}” reads as a threshold to look for, not a change, and I can't list what "
            "passes one, so I changed nothing. I can show which hubs or lanes are at their "
            "limit, or what runs on a lane (e.g. “what runs from Paris to Lyon on Monday?”).",
        )
    return Clarify(
        said,
        (number,),
        f"A scenario takes one number: shall I use {number}? (You said “{said}”.) Say “yes”, "
        "or the number to use. I changed nothing yet.",
    )


# ------------------------------------------------------------------------- clauses


def _traits(part: str, vocab: Vocabulary) -> tuple[bool, bool, bool, bool]:
    """Whether a fragment names an entity, an amount, a day and a change verb."""
    lowered = part.lower()
    entity = bool(vocab.find(part)[0])
    amount = bool(re.search(r"\d|\b(?:double|triple|halve|twice)\b", lowered))
    day = bool(_weekdays(lowered))
    verb = bool(_UP.search(lowered) or _DOWN.search(lowered) or _CLOSING.search(lowered))
    return entity, amount, day, verb


_JOINS_TWO = re.compile(r"(?i)\b(?:between|linking|connecting|joining)\b(?:(?!\band\b|&|,).)*$")
"""A fragment ending in the first of two places joined without a direction ('close the
lane between Paris'): the 'and' after it names the second place, not a new change."""


def _split_parallel(part: str, vocab: Vocabulary) -> list[str]:
    """'close Paris on Monday and Lyon on Tuesday', 'Paris capacity 10% and Lyon 20%': two
    changes joined by 'and' or a comma, each with its own amount, days or verb."""
    separators = (
        r",\s*(?:and\s+|but\s+)?|\s+(?:and|plus|as well as|but|whereas|while|with)\s+|"
        r"\s+[—–-]\s+"
    )
    for m in re.finditer(separators, part):
        left, right = part[: m.start()].strip(), part[m.end() :].strip()
        if not left or not right:
            continue
        le, la, ld, lv = _traits(left, vocab)
        re_, ra, rd, rv = _traits(right, vocab)
        if not (re_ or ra):
            continue
        if m.group(0).strip() == "with" and not (re_ and _CLOSING.search(right.lower())):
            continue  # 'volumes up 10% with Berlin closed on Friday': a closure beside it
        first = normalise(right).split()[:1]
        if ld and first and (first[0] in DAY_WORDS or first[0] in DAY_GROUPS):
            continue  # 'on Monday and Tuesday and Lyon on Wednesday': Tuesday is Paris's
        if _JOINS_TWO.search(left) and "and" in m.group(0):
            continue  # 'between Paris and Lyon and …': that 'and' is the lane's own
        # 'Paris closes on Monday and volumes rise 5%': each side a whole change of its own
        # (the closure was lost in the volume change, which took Paris and Monday)
        whole = lv and (le or la) and rv and ra
        # '… -5% with Berlin closed on Monday': a change, then a closure of its own
        closure = (la or lv) and re_ and rv and bool(_CLOSING.search(right.lower()))
        if (la and ra) or (le and ld and re_ and rd) or (lv and rv and re_) or whole or closure:
            return [left, *_split_parallel(right, vocab)]
    return [part]


def _split(text: str, vocab: Vocabulary) -> list[str]:
    """Clauses of a question; a fragment that only lists more names joins the clause before,
    and parallel changes in one sentence are taken apart."""
    merged = _merge_lists(text)
    return [c for part in merged for c in _split_parallel(part, vocab)]


def _merge_lists(text: str) -> list[str]:
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    merged: list[str] = []
    for part in parts:
        lowered = part.lower()
        lists_names = re.fullmatch(
            r"(?:and |or )?[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,3}(?:\s+(?:and|&)\s+.+)?", part
        )
        has_change = (
            _UP.search(lowered)
            or _DOWN.search(lowered)
            or _CLOSING.search(lowered)
            or re.search(r"\d|\b(?:too|as well|instead|also)\b", lowered)
        )
        if merged and lists_names and not has_change and merged[-1] and "," not in part:
            merged[-1] = f"{merged[-1]}, {part}"
        elif merged and re.fullmatch(
            r"(?:or so|roughly|approximately|about|give or take|more or less|or thereabouts|"
            r"ish)\W*",
            lowered,
        ):
            merged[-1] = f"{merged[-1]} {part}"  # 'up 10% in the north, or so'
        elif merged and _EXCEPT.match(f" {lowered} "):
            merged[-1] = f"{merged[-1]} {part}"  # '…, excluding Nordbau' narrows the change
        else:
            merged.append(part)
    fronted = [i for i, p in enumerate(merged[:-1]) if _only_days(p)]
    for i in reversed(fronted):
        merged[i + 1] = f"{merged[i + 1]} {merged[i]}"  # 'only on Monday, close Paris'
        del merged[i]
    return merged


def _only_days(part: str) -> bool:
    """A fragment that names days and nothing else ('only on Monday', 'over the coming
    week', 'from Wednesday onwards')."""
    if PLAN_WEEK.fullmatch(part.strip(" ,.:;!?").lower()):
        return True
    words = normalise(part).split()
    filler = set(
        "on only just every each the and or at for from to until till through thru onwards "
        "onward up".split()
    )
    # 'from Wednesday onwards', 'Monday to Wednesday', 'until Wednesday': a span of days
    return bool(_weekdays(part)) and all(
        w in DAY_WORDS or w in DAY_GROUPS or w in filler for w in words
    )


@dataclass
class _Scope:
    """The entities, days and exclusions of one clause."""

    matches: list[Match]
    days: tuple[int, ...]
    excluded: list[Match]
    excluded_days: tuple[int, ...]
    words: list[str]
    excluded_carriers: tuple[str, ...] = ()
    """Carrier kinds named after an exception ('but not for contract carriers')."""


_SUBJECT_VERBS = tuple("is was goes go gets loses lost has had can could will would shuts".split())
_AFTER_SUBJECT = frozenset((*UP_WORDS, *DOWN_WORDS, *CLOSE_WORDS, *_SUBJECT_VERBS))
"""Words that follow the subject of a change: what comes before them names a place."""


_RESOURCES = frozenset(
    "drivers driver trailers trailer trucks truck capacity throughput rates rate lanes lane "
    "departures fleet staff crews".split()
)
"""What a clause may change, after the place it names ('Atlantis drivers -10%')."""


def _subject_follows(word: str) -> bool:
    """Whether ``word`` follows a clause's subject: freight ('volumes'), a resource
    ('drivers') or a change of it."""
    return word in _AFTER_SUBJECT or word in _RESOURCES or _VOLUME.fullmatch(word) is not None


def _part_of_a_name(
    word: str, i: int, raw: list[str], matches: Sequence[Match], vocab: Vocabulary
) -> Clarify | None:
    """A word of a longer name said alone ('Timber' for Baltic Timber, 'Main' for Frankfurt am
    Main), beside no match of that name: ask which, never drop it (which would widen the
    change to every customer or hub)."""
    owners = [e for e in vocab.owners_of(word) if e.kind != "region"]
    if not owners or word.upper() in {e.key for e in owners}:
        return None
    near = [m for m in matches if m.end == i or m.start == i + 1]
    if any(m.entity in owners for m in near):
        return None  # the rest of a name already matched beside it
    before = [w.lower() for w in raw[max(0, i - 2) : i] if w.lower() not in ("the", "a", "of")]
    slot = bool(before) and (
        before[-1] in _NAME_SLOTS | _SOFT_SLOTS or raw[i - 2 : i] == ["out", "of"]
    )
    slot = slot or (i == 0 and i + 1 < len(raw) and _subject_follows(raw[i + 1].lower()))
    if not raw[i][:1].isupper() and not slot:
        return None  # 'our main customer': an ordinary word, not the name
    names = tuple(e.label for e in owners)
    return Clarify(
        raw[i],
        names,
        f"I'm not sure what you mean by “{raw[i]}” — did you mean {' or '.join(names)}? "
        "I changed nothing.",
    )


def _place_unknown(
    clause: str, vocab: Vocabulary, matches: Sequence[Match], *, name_first: bool = False
) -> Clarify | None:
    """A name-like word that is no name of the network: ask, with the closest names.

    ``name_first``: the clause starts in a name's place (what follows 'except'), so its
    first word is read as a name when capitalised or when nothing after it is a name; an
    unknown one left out would widen the change.
    """
    raw = raw_words(clause)
    words = [w.lower() for w in raw]
    covered = {i for m in matches for i in range(m.start, m.end)}
    for i, word in enumerate(words):
        if i in covered or len(word) < 3:
            continue
        if vocab.is_name_word(word):
            partial = _part_of_a_name(word, i, raw, matches, vocab)
            if partial is not None:
                return partial
            continue
        if known_word(word):
            continue
        j = i - 1
        while j >= 0 and words[j] in ("the", "a", "an", "of"):
            j -= 1
        previous = words[j] if j >= 0 else ""
        near = vocab.near_miss(word)
        in_slot = previous in _NAME_SLOTS or (previous == "out" and words[i - 1] == "of")
        in_slot = in_slot or (
            name_first and not previous and (raw[i][:1].isupper() or not matches)
        )  # 'except Magdeburg', 'except magdeburg'; not 'without hitting the south'

        in_slot = in_slot or (
            previous in _SOFT_SLOTS and (raw[i][:1].isupper() or not matches)
        )  # 'volumes up 10% for initech' would otherwise change every customer
        capital = raw[i][:1].isupper() and i > 0
        # the clause's first word: a capital says little there, but a word of no planner
        # vocabulary as the subject ('Atlantis volumes go up 20%', 'Gotham closes') is a name
        opening = i == 0 and i + 1 < len(words) and _subject_follows(words[i + 1])
        if not (near or in_slot or capital or opening):
            continue
        phrase = raw[i]
        if i + 1 < len(raw) and raw[i + 1][:1].isupper() and i + 1 not in covered:
            phrase = f"{raw[i]} {raw[i + 1]}"
        suggestions = vocab.suggest(phrase) or vocab.suggest(raw[i])
        if i > 0 and i - 1 in covered:
            joined = vocab.suggest(f"{raw[i - 1]} {raw[i]}")
            named = {m.entity.label for m in matches}
            if joined and (not suggestions or not set(joined) <= named):
                suggestions = joined  # 'Frankfurt Mainn'; not Hamburg for 'Hamburg-Viena'
        if suggestions:
            did = " or ".join(suggestions)
            question = (
                f"I'm not sure what you mean by “{phrase}” — did you mean {did}? I changed nothing."
            )
        else:
            question = (
                f"I don't know “{phrase}”: no hub, region, customer or day of this network has "
                f"that name, so I changed nothing. Which one do you mean?"
            )
        return Clarify(phrase, tuple(suggestions), question)
    return None


_SO_FAR = re.compile(
    r"^(so far|to date|up to now|until now)\b[\s,:;—–-]*(?=(?:how|what|where|are|is)\b)"
)
"""A question opened by 'so far' ('so far, how are we doing on cost?'): about the plan as it
stands, or about the week's actuals against it? Asked, never guessed."""
SO_FAR_CHOICES = ("the plan", "the actuals")
ALL_WEEK_ASKED = ("all week",)
"""The choice offered when a change that holds all week was said for some days."""
WHOLE_DAY_ASKED = ("the whole day",)
"""The choice offered when a change was said for part of a day ('Thursday afternoon')."""


def without_so_far(text: str) -> str:
    """``text`` without the 'so far' that opens it (the reply said what it was about)."""
    prepared = prepare(text)
    found = _SO_FAR.match(prepared.lower())
    return prepared[found.end() :] if found else prepared


_SO_FAR_ASKED = (
    "By “{}”, do you mean the plan as it stands (its cost, service and risks), or how this "
    "week is going against the plan (the actuals stored so far)? Say “the plan” or “the "
    "actuals”. I changed nothing."
)


_LOSING_BUSINESS = re.compile(
    r"\b(?:lose|loses|losing|lost|drops?|dropped|cancel\w*|cuts?|remov\w+|less|fewer|reduc\w+|"
    r"without|ends?|ending|ended|churn\w*|leav\w+|left|terminat\w+|scrap\w*|down|stop\w*|"
    r"pull\w* out|walk\w* away|instead of)\b",
    re.IGNORECASE,
)
"""Words that take freight away: 'we lose the new contract's 200 t' is no new freight."""


def _new_freight_of(business: NewBusiness, text: str, vocab: Vocabulary, today: date) -> Intent:
    """New freight the whole message asks for ('new customer Bosch: 50 t a day from Hamburg
    to Munich'), or the question of what it leaves open. The new customer's name is no name
    of the network; an existing customer or hub said in its place stays one."""
    said = vocab.find(business.name)[0] if business.name else []
    if said and all(m.entity.kind in ("customer", "hub") for m in said):
        business = NewBusiness("", None)
    clause = business.without_name(text)
    dated = _dates(clause, today)
    if dated.vague:
        return _which_day(dated.vague, ", so I changed nothing yet")
    matches, ambiguities = vocab.find(clause)
    for amb in ambiguities:
        return Clarify(amb.phrase, tuple(f"{e.label} ({e.key})" for e in amb.candidates))
    unknown = _place_unknown(clause, vocab, matches)
    if unknown is not None:
        return unknown
    # 'each day' says how much, not when: 'each day on Monday and Tuesday' is two days
    named = _weekdays(PER_DAY.sub(" ", dated.text))
    days = tuple(sorted(set(dated.days) | set(named)))
    return new_freight(business, clause, matches, () if days == _ALL_DAYS else days)


_RANKED = re.compile(
    r"\b(?:our|the|my|their)\s+(?:(?:single|very|two|three|five|ten|\d+)\s+)?(?:biggest|largest|"
    r"main|top|busiest|most important|key|major|smallest|least used|quietest|worst|best|"
    r"slowest|most expensive|cheapest|most profitable|least profitable)\s+(?:customers?|"
    r"clients?|accounts?|shippers?|hubs?|sites?|depots?|cross-docks?|relays?|lanes?|routes?|"
    r"corridors?|regions?|carriers?)\b"
)
"""A thing named by its rank ('our biggest customer'): which one is a fact of the plan, not
of the words, so it is asked (it doubled every customer's freight)."""


def _ranked_thing(text: str, vocab: Vocabulary) -> Clarify | None:
    """Ask which one 'our biggest customer' or 'the busiest hub' is, naming the choices
    when they are customers (few), else asking for the name."""
    found = _RANKED.search(text.lower())
    if found is None:
        return None
    said = found.group(0)
    about_customers = bool(re.search(r"customer|client|account|shipper", said))
    named = {m.entity.kind for m in vocab.find(text)[0]}
    if ("customer" if about_customers else "hub") in named:
        return None  # 'our main customer ACME ships 10% more': named as well
    customers = [e.label for e in vocab.entities if e.kind == "customer"]
    if about_customers and 1 < len(customers) <= 8:
        return Clarify(
            said,
            tuple(customers),
            f"Which customer is “{said}”: {', '.join(customers)}? Name it and I'll make the "
            "change. I changed nothing yet.",
        )
    return Clarify(
        said,
        (),
        f"Which one is “{said}”? Name it and I'll make the change (ask e.g. “how busy is "
        "Paris?” or “which hub is most critical?” to find it). I changed nothing yet.",
    )


_NOT_THIS_BUT = re.compile(
    r"^(?:(?:no|nope|sorry|oops)\W+)?(?:i meant\s+|i mean\s+)?not\s+(?P<old>[^,;:—–]+?)\s*"
    r"(?:[,;:—–]|\s-\s|\bbut\b)\s*(?:i meant\s+|i mean\s+|rather\s+)?(?P<new>[^,;:]+?)[\s.!]*$|"
    r"^(?:(?:no|nope|sorry|oops)\W+)?(?:i meant\s+|i mean\s+)?(?P<new2>[^,;:]+?),?\s+not\s+"
    r"(?P<old2>[^,;:]+?)[\s.!]*$",
    re.IGNORECASE,
)


def _name_corrected(text: str, vocab: Vocabulary) -> str | None:
    """The name a reply puts in place of another ('not Paris, Lyon', 'no, Lyon not Paris',
    'I meant the east, not the north'): the previous change again for it. Both parts must be
    names alone (of one kind), so 'not Paris, close Lyon' stays a change of its own."""
    found = _NOT_THIS_BUT.match(text.strip())
    if found is None:
        return None
    old, new = found.group("old") or found.group("old2"), found.group("new") or found.group("new2")
    kinds = set()
    for part in (old, new):
        matches, ambiguities = vocab.find(part)
        covered = {i for m in matches for i in range(m.start, m.end)}
        rest = [w for i, w in enumerate(normalise(part).split()) if i not in covered]
        if ambiguities or not matches or any(w not in ("the", "and", "or") for w in rest):
            return None
        kinds |= {m.entity.kind for m in matches}
    return new.strip() if len(kinds) == 1 else None


def parse_question(
    text: str, vocab: Vocabulary, today: date | None = None, context: str = ""
) -> list[Intent]:
    """All intents in ``text``; a :class:`Clarify` or :class:`NotUnderstood` when unsure.

    ``context`` is the conversation's previous question: 'reopen it' refers to its thing.
    """
    today = today or date.today()
    prepared = prepare(text)
    other_name = _name_corrected(prepared, vocab) if context.strip() else None
    if other_name is not None:  # 'not Paris, Lyon' after 'close Paris on Monday'
        prepared = f"{other_name} instead"
    self_corrected = _corrected(prepared, vocab, today)
    if isinstance(self_corrected, Clarify):
        return [self_corrected]
    prepared = self_corrected or prepared
    spill = _spill_over(prepared, vocab, today, context)
    if spill is not None:
        return spill
    whole = prepared.lower().strip()
    so_far = _SO_FAR.match(whole)
    if so_far and parse_review_question(whole) is None:
        return [Clarify(so_far.group(1), SO_FAR_CHOICES, _SO_FAR_ASKED.format(so_far.group(1)))]
    counterfactual = _why_not(prepared, vocab, today, context)
    if counterfactual is not None:
        return counterfactual
    routed = _ROUTE_THROUGH.match(prepared.strip())
    if routed is not None:  # 'route all Paris-Vienna freight via Munich'
        alternative = routed.group(1).strip(" ?.!")
        forced = _forced(alternative, vocab)
        if isinstance(forced, list):
            return forced
        if not (isinstance(forced, Clarify) and forced.phrase == alternative):
            return [forced]  # an unknown name is asked; no route found reads on as usual
    at_limit = _at_limit(prepared, vocab, today)
    if at_limit is not None:
        return [at_limit]
    traffic = (
        _lane_traffic(prepared, vocab, today)
        or _hub_traffic(prepared, vocab, today)
        or _empty_running(prepared, vocab, today)
    )
    if traffic is not None:
        return [traffic]
    kept = _renamed_or_shared(prepared)
    if kept is not None:
        return [kept]
    changing = (
        _UP.search(whole)
        or _DOWN.search(whole)
        or _CLOSING.search(whole)
        or _MULTIPLIER.search(whole)
        or _amount_said(whole)
    )
    ranked = _ranked_thing(prepared, vocab) if changing else None
    if ranked is not None:  # 'what if our biggest customer doubles?'
        return [ranked]
    business = new_business(prepared)
    asked_whether = re.match(r"(?i)\s*(?:do|does|did|is|are|was|were|has|have|had)\b", prepared)
    if business is not None and not _LOSING_BUSINESS.search(prepared):
        if asked_whether:  # 'did we win the new contract for 50 t a day …?' cut two hubs
            return [
                Clarify(
                    "new business",
                    (),
                    "Should I plan that new freight as a scenario? Say it as the change, e.g. "
                    "“new customer Bosch: 50 t a day from Paris to Lyon”. I changed nothing.",
                )
            ]
        return [_new_freight_of(business, prepared, vocab, today)]
    query = _query_intent(whole)
    intents: list[Intent] = []
    asked: list[Intent] = []
    negated: list[str] = []
    absorbed = False
    frame = ""
    if re.search(r"\b(?:respectively|in that order|pairwise)\b", whole):
        return [
            Clarify(
                "respectively",
                (),
                "I can't pair names with days or amounts one by one: say each change on its "
                "own (e.g. “close Paris on Monday and close Lyon on Tuesday”). I changed "
                "nothing yet.",
            )
        ]
    spread = _RANGE.search(whole)
    if spread is not None:
        ranged = _choice(spread.group(0))
        if ranged is not None:
            return [ranged]
    contradiction = _contradiction(_interjection(prepared), vocab, today)
    if contradiction is not None:
        return [contradiction]
    prepared = _without_unchanged(_interjection(prepared), vocab)
    done = ""
    earlier = _split(prepare(context), vocab)[-1:] if context.strip() else []
    previous = earlier[0] if earlier else ""
    corrected = re.match(r"(?i)^(?:no,? )?not\s+(.+?),?\s+but\s+(.+?)\s*[:;—–]\s*(.+)$", prepared)
    if corrected:
        # 'not Berlin but Hamburg: close it on Friday': the change is about the second name
        previous, prepared = corrected.group(2), corrected.group(3)
    heading = ""
    unscoped = ""  # an earlier change of this message that names no place
    for clause in _split(prepared, vocab):
        lowered = clause.lower()
        carrier = _CARRIER_LEAD.match(lowered)
        if (
            carrier
            and "rates" in frame.split()
            and _kind_of(lowered) in ("", "trailers")
            and not re.search(r"\btrailers?\b", lowered)
            and re.search(r"\d", lowered)
            and not vocab.find(clause)[0]
        ):
            # 'contract rates down 5% but own fleet up 2%': the own fleet's rates
            cut = carrier.end()
            clause = f"{clause[:cut]} rates{clause[cut:]}"
            lowered = clause.lower()
        if (
            heading
            and re.search(r"\d", lowered)
            and not _has_change(lowered)
            and (_kind_of(lowered) or vocab.find(clause)[0])
        ):
            # 'cut contract rates by 2% and own rates by 1%': the second is a cut too, and
            # '… drivers 10% in the east and 20% in the west' is about drivers too
            if not _scoped(done, vocab) and vocab.find(clause)[0]:
                asked.append(_elided(done, clause))
                continue
            kind = [w for w in frame.split() if _kind_of(w)][:1]
            lead = heading if _kind_of(lowered) or not kind else f"{heading} {kind[0]}"
            clause, lowered = f"{lead} {clause}", f"{lead} {lowered}"
        kind_before = [w for w in frame.split() if _kind_of(w)][:1]
        if (
            kind_before
            and kind_before[0] not in ("volume", "volumes", "demand", "freight")
            and re.search(r"\d", lowered)
            and not _kind_of(lowered)
            and not any(m.entity.kind != "region" for m in vocab.find(clause)[0])
            and not (_CLOSING.search(lowered) or _REOPENING.search(lowered))
            and vocab.find(clause)[0]
        ):
            # 'the east had 20% fewer drivers and the north 10% more': more drivers
            clause, lowered = f"{clause} {kind_before[0]}", f"{lowered} {kind_before[0]}"
        elif (
            done
            and re.search(r"\d", lowered)
            and _weekdays(lowered)
            and not _kind_of(lowered)
            and not vocab.find(clause)[0]
            and not (_CLOSING.search(lowered) or _REOPENING.search(lowered))
        ):
            # '10% more volume in the north on Monday, 20% more on Tuesday': the same thing
            # in the same place (never every place), the way said or the clause before's
            way = "" if _has_change(lowered) else _heading(done)
            noun = kind_before[0] if kind_before else ""
            place = _place_phrase(done, vocab)
            clause = " ".join(w for w in (way, clause, noun, place) if w)
            lowered = clause.lower()
        effect_asked = IMPACT_QUESTIONS.match(lowered.rstrip("?. ")) and not (
            re.search(r"\b(?:if|when|suppose)\b", lowered) and vocab.find(clause)[0]
        )
        if (
            (effect_asked or _SEE_WHETHER.match(lowered))
            and not _AMOUNT_SAID.search(lowered)  # 'can we run with 10% fewer trailers?'
            and not _changes_something(clause, vocab, today)
        ):  # 'what does that do to service in the east?' asks about the change; 'what
            # happens if Berlin …' names a case of its own and is read as a question
            absorbed = True
            continue
        resolved = _resolve_references(clause, previous, vocab)
        if isinstance(resolved, Clarify):
            asked.append(resolved)
            continue
        clause, lowered, previous = resolved, resolved.lower(), resolved
        if _negated(lowered) and not _revise_days_like(lowered):
            negated.append(clause)
            continue
        if _ELSEWHERE.search(lowered) and not vocab.find(clause)[0]:
            # 'don't touch the east, cut drivers elsewhere by 10%': everywhere but the east
            spared = [m for n in negated for m in vocab.find(n)[0]]
            if not spared:
                asked.append(_elsewhere_of_what(clause))
                continue
            names = " and ".join(
                f"the {m.entity.label}" if m.entity.kind == "region" else m.entity.label
                for m in spared
            )
            clause = _ELSEWHERE.sub(f"everywhere except {names}", clause, count=1)
            lowered = clause.lower()
        result = _clause_intents(clause, vocab, today)
        named = isinstance(result, NotUnderstood) and any(
            u.startswith(("hub ", "region ", "customer ")) for u in result.understood
        )
        if isinstance(result, NotUnderstood) and frame and named and not _scoped(done, vocab):
            result = _elided(done, clause)
        elif isinstance(result, NotUnderstood) and frame and named:
            # "… up 10% out of Berlin and 20% out of Hamburg": the change of the clause before
            own = _UP.search(lowered) or _DOWN.search(lowered)
            kind_only = " ".join(w for w in frame.split() if w not in UP_WORDS + DOWN_WORDS)
            retried = _clause_intents(f"{kind_only if own else frame} {clause}", vocab, today)
            result = retried if isinstance(retried, list) else result
        if isinstance(result, list) and len(result) == 1 and isinstance(result[0], Also):
            # "…, and the same for Hamburg": this message's change again, for Hamburg
            again = _repeat_for(done, result[0], vocab) if done else None
            result = _clause_intents(again, vocab, today) if again else result
        if isinstance(result, NotUnderstood):
            result = _unclear_change(clause, vocab) or result
        if isinstance(result, list):
            if unscoped and _trailing_place(clause, vocab):
                # 'volumes up 10% and drivers down 5% in the north': is the 10% the north's?
                asked.append(_elided(unscoped, clause))
                continue
            if not unscoped and result and not _scoped(clause, vocab) and _is_edit(result):
                unscoped = clause
            intents.extend(result)
            frame = _frame(clause)
            heading = _heading(lowered) or heading
            done = clause if any(not isinstance(i, Also) for i in result) else done
            continue
        asked.append(result)
    edits = [i for i in intents if not isinstance(i, Revise | ReviseDays | Also | AlsoDays)]
    single = len(_split(prepared, vocab)) == 1
    if (
        isinstance(query, Stress)
        and edits
        and all(
            isinstance(e, ScaleVolume) and e == ScaleVolume(Amount(factor=query.factor))
            for e in edits
        )
    ):  # 'does the plan survive 20% more volume?': the volume the stress test takes
        return [query]
    if (
        query is not None
        and not edits
        and (isinstance(query, Compare | Diff | Explain) or not asked or single)
    ):
        return [query]
    if asked:
        first = asked[0]
        if isinstance(first, NotUnderstood) and query is not None and not edits:
            return [query]
        return [first]
    if not intents:
        if negated:
            return [
                Clarify(
                    negated[0],
                    (),
                    f"You asked me not to do “{negated[0]}” and named nothing else to change, "
                    "so I changed nothing. What should I change instead?",
                )
            ]
        if absorbed and context.strip():  # about the conversation's last change
            return [Compare("parent")]
        if absorbed:  # 'how many trucks do we run?' first: how the plan stands
            return [Summarise()]
        return [NotUnderstood()]
    return intents


_CARRIER_LEAD = re.compile(
    r"^(?:(?:but|and|while|whereas|with)\s+)?(?:the\s+|our\s+)?" + CARRIER_WORD.pattern
)
"""A clause that opens with a carrier kind ('own fleet up 2%'): after a rate change, the
rates of that kind."""


_PRONOUN = re.compile(r"(?i)\b(its|their|there|it|them|they|those|these|ones)\b")
_PRONOUN_IDIOMS = re.compile(
    r"\b(?:make (?:it|that)|move (?:it|that) to|if (?:it|that) (?:were|was)|"
    r"take (?:it|that) back|scrap (?:it|that)|cancel (?:it|that)|"
    r"forget (?:it|that)|undo (?:it|that)|change (?:it|that)|leave it|what (?:does|do|would) "
    r"(?:it|that|they)|is there|are there|there is|there are|there's)\b"
)


def _place_phrase(clause: str, vocab: Vocabulary) -> str:
    """Where a clause's change applies, in words the parser reads back ('in the south',
    'out of Paris', 'Paris→Lyon'), or '' when it names no place."""
    matches = [m for m in vocab.find(clause)[0] if m.entity.kind != "customer"]
    if not matches:
        return ""
    words = normalise(clause).split()
    lane = re.search(r"\b(lane|link|route|corridor|departures?|trucks?)\b|->|→", clause.lower())
    if len(matches) == 2 and lane and all(m.entity.kind == "hub" for m in matches):
        return f"{matches[0].entity.label}→{matches[1].entity.label}"
    parts: list[str] = []
    for m in matches:
        marker = next(
            (
                k
                for k in sorted(
                    (*ORIGIN_MARKERS, *DESTINATION_MARKERS, *BOTH_ENDS_MARKERS, "in"),
                    key=len,
                    reverse=True,
                )
                if _marker_before(words, m.start, (k,))
            ),
            "",
        )
        the = "the " if m.entity.kind == "region" else ""
        parts.append(f"{marker} {the}{m.entity.label}".strip())
    return " and ".join(parts)


def _resolve_references(clause: str, previous: str, vocab: Vocabulary) -> str | Clarify:
    """The clause with its pronouns replaced by what they stand for in the clause before:
    'cut them in the west' after 'don't cut drivers in the east' cuts drivers, 'drivers
    there' are the previous clause's place, 'its capacity' its hub's. A pronoun with nothing
    to refer to, or a 'double it' that could double the change or the thing, is asked. A
    possessive after a name of the clause itself is that name's ('the north loses 10% of
    its drivers')."""
    lowered = clause.lower()
    doubled = re.search(rf"{_MULTIPLIER.pattern}\s+(?:that|this|it)\b", lowered)
    if doubled and not vocab.find(clause)[0]:
        return Clarify(
            doubled.group(0),
            (),
            f"Do you mean to {doubled.group(1)} the last change itself, or to {doubled.group(1)} "
            f"what it changed ({previous or 'the network'})? I changed nothing yet.",
        )
    head = _EXCEPT.split(f" {lowered} ", maxsplit=1)[0]
    if not _PRONOUN.search(head) or _PRONOUN_IDIOMS.search(lowered):
        return clause  # 'without it spilling into …' refers to nothing
    bare = _PRONOUN.sub(" ", lowered)
    changes = (
        _UP.search(bare)
        or _DOWN.search(bare)
        or _CLOSING.search(bare)
        or _REOPENING.search(bare)
        or _MULTIPLIER.search(bare)
        or re.search(r"\b(?:move|shift|transfer|send|reposition|relocate|set|cap|limit)\b", bare)
    )
    if not changes:
        return clause
    own = vocab.find(_PRONOUN.sub(" ", clause))[0]
    kind = _kind_of(previous.lower()) if previous else ""
    place = _place_phrase(previous, vocab) if previous else ""
    owners = [m.entity.label for m in vocab.find(previous)[0]] if previous else []
    word = _PRONOUN.search(clause)
    said = word.group(1) if word else "it"
    possessive = said.lower() in ("its", "their")  # 'halve its capacity': the thing's
    if not own and not possessive and _MULTIPLIER.search(bare) and (kind or place):
        verb = _MULTIPLIER.search(bare)
        what = f"{kind} {place}".strip()
        return Clarify(
            said,
            (),
            f"Do you mean to {verb.group(1) if verb else 'change'} the last change itself, or "
            f"{what}? I changed nothing yet.",
        )

    def stand_in(m: re.Match[str]) -> str:
        pronoun = m.group(1).lower()
        if pronoun == "there":
            return place or m.group(0)
        if pronoun in ("its", "their"):
            if vocab.find(clause[: m.start()])[0]:
                return ""  # 'the north loses 10% of its drivers': the clause's own thing
            return " and ".join(owners) or m.group(0)
        if own:
            return kind or m.group(0)
        return f"{kind} {place}".strip() or m.group(0)

    resolved = _PRONOUN.sub(stand_in, clause)
    if _PRONOUN.search(resolved.lower()):
        return Clarify(
            said,
            (),
            f"I'm not sure what “{said}” refers to in “{clause}”, so I changed nothing. "
            "Could you name it?",
        )
    return resolved


def _repeat_for(clause: str, also: Also, vocab: Vocabulary) -> str | None:
    """``clause`` with its one name of ``also.kind`` swapped for the new names ('volumes out
    of Berlin up 10%' → 'volumes out of Hamburg up 10%'), or None when that is not clear."""
    matches = [m for m in vocab.find(clause)[0] if m.entity.kind == also.kind]
    if len(matches) != 1:
        return None
    folded, spans = word_spans(clause)
    start, end = spans[matches[0].start][0], spans[matches[0].end - 1][1]
    names = [
        next((e.label for e in vocab.entities if e.key == key and e.kind == also.kind), key)
        for key in also.keys
    ]
    return f"{folded[:start]}{' and '.join(names)}{folded[end:]}"


_WHY_NOT = re.compile(
    r"(?i)^(?:so |but |and |ok,? )?why (?:not|don't we|dont we|do we not|aren't we|are we not|"
    r"can't we|cannot we|can we not|wouldn't we|shouldn't we|didn't we|doesn't the plan)\b"
    r"(?: just)?\s+(.+)$"
)
_FORCED_ROUTE = re.compile(
    r"\b(?:re-?route|routing|route|send|sending|ship|shipping|put|move|moving|go|going|run|"
    r"running)\b.*\b(?:through|via|over|on|lane)\b|\b(?:use|using)\b"
)


_SENT_THROUGH = re.compile(
    r"(?i)^what if we (?:sent|routed|shipped|moved|ran|used|put)\b"
    r"\s+(.+\b(?:through|via|lane)\b.*)$"
)


_ROUTE_THROUGH = re.compile(
    r"(?i)^(?:(?:what if we|what if|let's|lets|can we|could we|try to|try|please|we)\s+)?"
    r"((?:re-?route|route|send|ship|run|push|channel|force)\b"
    r"(?![^?]*(?:\d|\b(?:more|less|fewer|extra|additional|trailers?|drivers?|trucks?|empties)\b))"
    r".+\b(?:through|via)\b.+)$"
)
"""An order to send freight through a hub ('route Paris-Vienna freight via Munich', 'what
if we ship ACME's freight through Lyon'): the forced route as an edit."""


def _forced(alternative: str, vocab: Vocabulary) -> Intent | list[Intent]:
    """'route Berlin→Madrid freight through Lyon' / 'use the Hamburg–Prague lane on Monday':
    the forced alternative as an edit; an unknown or missing name is asked, never guessed."""
    matches, ambiguities = vocab.find(alternative)
    unknown = _place_unknown(alternative, vocab, matches)
    if unknown is not None:
        return unknown
    if ambiguities:
        phrase = ambiguities[0].phrase
        names = tuple(e.label for e in ambiguities[0].candidates)
        return Clarify(
            phrase,
            names,
            f"Which “{phrase}” do you mean — {' or '.join(names)}? I changed nothing.",
        )
    words = normalise(alternative).split()
    hubs = [m for m in sorted(matches, key=lambda m: m.start) if m.entity.kind == "hub"]
    customers = tuple(m.entity.key for m in matches if m.entity.kind == "customer")
    via_at = next((i for i, w in enumerate(words) if w in ("through", "via")), None)
    days = _weekdays(alternative)
    days = () if days == _ALL_DAYS else days
    if via_at is None and len(hubs) == 2 and not customers:
        there = UseLane(hubs[0].entity.key, hubs[1].entity.key, days)
        if _both_ways(alternative.lower(), words, hubs):  # 'the lane between Paris and Lyon'
            return [there, replace(there, origin=there.destination, destination=there.origin)]
        return there
    after = [m for m in hubs if via_at is not None and m.start > via_at]
    before = [m for m in hubs if via_at is not None and m.start < via_at]
    if len(after) == 1:
        via = after[0].entity.key
        if len(before) == 2:
            return RouteVia(via, before[0].entity.key, before[1].entity.key, days=days)
        if len(before) == 1 and "from" in words[: before[0].start]:
            return RouteVia(via, origin_hubs=(before[0].entity.key,), days=days)
        if not before and customers:
            return RouteVia(via, customers=customers, days=days)
    return Clarify(
        alternative,
        (),
        f"I can force freight through a hub or onto a lane, but I could not tell which "
        f"freight or which lane in “{alternative}”, so I changed nothing. Say it as “route "
        "Berlin→Madrid freight through Lyon” or “use the Hamburg–Prague lane on Monday”.",
    )


def _marked(forced: Intent | list[Intent]) -> list[Intent]:
    """A forced alternative (one edit, or one per direction) with its why-not marker; a
    question back stays alone."""
    if isinstance(forced, list):
        return [*forced, WhyNot()]
    return [forced, WhyNot()] if isinstance(forced, EditIntent) else [forced]


def _why_not(text: str, vocab: Vocabulary, today: date, context: str) -> list[Intent] | None:
    """'why not close Paris?' is a counterfactual: try the planner's alternative as a
    what-if whose answer gives the cost and service difference and why the plan avoided it
    (the edits come with :class:`WhyNot`). A forced route or lane ('route X through Lyon',
    'use the A–B lane') becomes the edit that forces it."""
    sent = _SENT_THROUGH.match(text.strip())
    if sent is not None:
        return _marked(_forced(sent.group(1).strip(" ?.!"), vocab))
    found = _WHY_NOT.match(text.strip())
    if found is None:
        return None
    alternative = found.group(1).strip(" ?.!")
    if _FORCED_ROUTE.search(alternative.lower()):
        return _marked(_forced(alternative, vocab))
    intents = parse_question(alternative, vocab, today, context)
    if intents and all(isinstance(i, EditIntent) for i in intents):
        return [*intents, WhyNot()]
    if intents and isinstance(intents[0], Clarify):
        return intents[:1]
    return [
        Clarify(
            alternative,
            (),
            f"I can try “{alternative}” as a what-if and show the cost and service difference, "
            "but I could not read it as a change, so I changed nothing. Could you say it as "
            "one (e.g. “close Paris on Monday”)?",
        )
    ]


_SPILLS = (
    r"(?:cascad(?:e|es|ing)|spill(?:s|ing)?(?: over)?|knock(?:s|ing)?[ -]on|bleed(?:s|ing)?|"
    r"ripple(?:s)?|rippling)"
)
_KNOCK_ON = r"(?:a |any |the )?(?:knock-?on|spill-?over|ripple|cascade)(?: effects?)?"
_SPILL_INTO = re.compile(
    r"(?i)\s*[,;:—–-]?\s*\b(?:"
    rf"without (?:(?:it|that|this|them|anything) )?{_SPILLS} (?:over )?(?:into|onto|to|on|in)|"
    rf"without {_KNOCK_ON} (?:on|into|for|in|to)|"
    rf"(?:and )?(?:does|do|did|will|would|could|can|is|are|might|may) (?:it|that|this|they|"
    rf"those|these) (?:\w+ )?{_SPILLS} (?:over )?(?:into|onto|to|on|in)|"
    rf"(?:and )?(?:is there|are there|any|what(?:'s| is| are| would be| will be)|how big is|"
    rf"how bad is|with) {_KNOCK_ON} (?:on|into|for|in|to)"
    r")\s+(?P<target>[^?.!;]+?)\s*[?.!]*\s*$"
)
"""A spill-over question: '… without it spilling into the south', '— does it spill over into
the south?', '… what's the knock-on on the west?'. The change is the text before it."""
_AFFECTING = re.compile(
    r"(?i)\s*[,;:—–-]?\s*\b(?:without (?:affecting|hurting|impacting|hitting)|"
    r"(?:does|do|will|would|could) (?:it|that|this|they) (?:end up )?"
    r"(?:affect(?:ing)?|hurt(?:ing)?|impact(?:ing)?|hit(?:ting)?)|"
    r"(?:and )?(?:what(?:'s| is| would be| will be) the |any |is there an? )"
    r"(?:impact|effect)s? (?:on|in|for))"
    r"\s+(?P<target>[^?.!;]+?)\s*[?.!]*\s*$"
)
"""'… without affecting the south', '… what's the impact on the south?': a spill-over
question when the change names its own place and the words after it are regions
(otherwise 'without' keeps excluding and 'the impact on cost' is the what-if's answer)."""


def _spill_over(text: str, vocab: Vocabulary, today: date, context: str) -> list[Intent] | None:
    """A change with a region to watch for a cascade ('cut drivers in the east by 20%
    without it spilling into the west'): the change's intents and :class:`SpillOver` (alone
    when the question names no change: it is about the conversation's last one). The
    watched words must all be regions of the network, else they are asked about and nothing
    changes; the clause is never dropped and never widens the change."""
    found = _SPILL_INTO.search(text)
    soft = found is None
    found = found or _AFFECTING.search(text)
    if found is None:
        return None
    change = text[: found.start()].strip(" ,;:—–-")
    target = found.group("target").strip()
    regions = [m for m in vocab.find(target)[0] if m.entity.kind == "region"]
    if soft and (not regions or not vocab.find(change)[0]):
        return None  # 'without affecting service', 'everywhere without affecting the south'
    watched = _watched_regions(target, vocab)
    if isinstance(watched, Clarify):
        return [watched]
    if not change:
        return [SpillOver(watched)]  # 'does that spill over into the west?': the last change
    intents = parse_question(change, vocab, today, context)
    if not intents or not all(isinstance(i, EditIntent | WhyNot) for i in intents):
        return intents
    edits = [i for i in intents if isinstance(i, EditIntent)]
    inside = [r for r in watched if r in _regions_changed(edits)]
    if inside:
        return [
            Clarify(
                target,
                (),
                f"The change itself is in {_the(inside)}, so it cannot spill over into it. Which "
                "other region should I watch? I changed nothing.",
            )
        ]
    return [*edits, SpillOver(watched)]


def _regions_changed(edits: Sequence[EditIntent]) -> set[str]:
    """Regions a change is scoped to by name (drivers or volumes of a region)."""
    out: set[str] = set()
    for e in edits:
        if isinstance(e, Drivers):
            out.update(e.regions)
        elif isinstance(e, ScaleVolume):
            out.update((*e.origin_regions, *e.destination_regions, *e.regions))
    return out


def _the(regions: Sequence[str]) -> str:
    """'the south' / 'the south and the west'."""
    return " and ".join(f"the {r}" for r in regions)


def _watched_regions(target: str, vocab: Vocabulary) -> tuple[str, ...] | Clarify:
    """The regions named in a spill-over target; a hub, customer or unknown word is asked."""
    matches, ambiguities = vocab.find(target)
    names = tuple(sorted(e.label for e in vocab.entities if e.kind == "region"))
    unknown = _place_unknown(f"into {target}", vocab, matches)
    if isinstance(unknown, Clarify):
        close = tuple(s for s in vocab.suggest(unknown.phrase) if s in names)
        did = f" — did you mean {' or '.join(close)}?" if close else "."
        return Clarify(
            unknown.phrase,
            close or names,
            f"I don't know “{unknown.phrase}” as a region of this network{did} I check "
            f"spill-over region by region ({', '.join(names)}), so I changed nothing.",
        )
    regions = tuple(dict.fromkeys(m.entity.key for m in matches if m.entity.kind == "region"))
    others = [m.entity for m in matches if m.entity.kind != "region"]
    if others or ambiguities or not regions:
        hub = next((e for e in others if e.kind == "hub" and e.region), None)
        hint = f" — {hub.label} is in the {hub.region}; is that the one?" if hub else "?"
        return Clarify(
            target,
            names,
            f"I check spill-over region by region ({', '.join(names)}). Which region do you "
            f"mean by “{target}”{hint} I changed nothing.",
        )
    return regions


def _scoped(clause: str, vocab: Vocabulary) -> bool:
    """Whether a clause says where its change applies (a name, or 'everywhere')."""
    return bool(vocab.find(clause)[0]) or bool(
        re.search(
            r"\b(?:everywhere|network-?wide|across the network|all regions)\b", clause.lower()
        )
    )


_STATE = (
    r"(?:open|running|operating|as (?:is|it is|they are)|the same|unchanged|untouched|flat|"
    r"steady|stable|constant|level|where (?:it is|they are)|as before|alone|out of it)"
)
_UNCHANGED = re.compile(
    rf"(?i)(?:[,;]\s*|\s+)(?:but |and |while |with )?(?:"
    rf"(?:keep(?:ing)?|leave|leaving) (?:the )?(?P<kept>[\w'’ -]+?) {_STATE}|"
    rf"(?:the )?(?P<stays>[\w'’-]+(?: [\w'’-]+)?) (?:stays?|staying|remains?|remaining|is kept|"
    rf"are kept) {_STATE}|"
    rf"(?:the )?(?P<same>[\w'’-]+(?: [\w'’-]+)?) (?:unchanged|unaffected|untouched|as is|"
    rf"flat|steady))"
    rf"(?P<when> all \w+| (?:on|over|at|during|through|throughout|for) (?:the )?\w+"
    rf"(?:(?:,| and| &) \w+)*)?(?=[,;.!?]|$|\s+(?:and|but|while)\b)"
)
"""', Lyon stays open', ' but keep Lyon running': a part that changes nothing, said beside
a change; never merged into that change. Said of some days ('but keep it open over the
weekend') or of another name ('close the relays but keep Bologna open') it is an exception
to the change: those days or that name are left out."""

_IT = re.compile(r"(?i)^(?:it|them|they|those|these|that|this one|these ones)$")


def _outside(thing: str, before: str, vocab: Vocabulary) -> bool:
    """Whether the region or hub ``thing`` lies outside the regions the change names ('west
    … with the north unaffected'): it is then no exception, only a remark."""
    found = vocab.find(before)[0]
    regions = {m.entity.key for m in found if m.entity.kind == "region"}
    hubs = {m.entity.key for m in found if m.entity.kind == "hub"}
    kept = vocab.find(thing)[0]
    if not kept:
        return False
    entity = kept[0].entity
    if entity.kind == "hub" and hubs and entity.key not in hubs:
        return True  # 'raise Hamburg's capacity but keep Berlin unchanged'
    if not regions:
        return False
    return (entity.kind == "region" and entity.key not in regions) or (
        entity.kind == "hub" and entity.region not in regions
    )


def _kept_as_exception(m: re.Match[str], before: str, vocab: Vocabulary) -> str:
    """What a 'keep … open' part leaves of the question: ' except on Saturday' when it keeps
    the changed thing open on some days, ' except Bologna' when it keeps another name of the
    change open, nothing when it only says that the rest stays as it is."""
    thing = (m.group("kept") or m.group("stays") or m.group("same") or "").strip()
    when = (m.group("when") or "").strip()
    found = vocab.find(before)[0]
    named = {x.entity.key for x in found}
    kept = {x.entity.key for x in vocab.find(thing)[0]}
    same_thing = bool(_IT.match(thing)) or (bool(kept) and kept == named)
    in_change = bool(kept & named) or (
        not any(x.entity.kind == "hub" for x in found) and not _outside(thing, before, vocab)
    )
    days = re.sub(r"(?i)^(?:on|over|at|during|through|throughout|for) ", "", when)
    some_days = bool(when) and not when.lower().startswith("all ")
    kept_open = re.search(r"(?i)\b(?:open|running|operating)\b", m.group(0))
    closing = _CLOSING.search(before.lower())
    if some_days and same_thing:
        return f" except on {days}"
    if some_days and kept and in_change:
        if kept_open and closing:
            # 'close the relays but keep Bologna open on Monday': it closes on the other days
            return f" and reopen {thing} on {days}"
        return m.group(0)  # left in the question, to be read or asked about
    if not when and not same_thing and not (kept & named) and in_change:
        return f" except {thing}"
    return ""


def _contradiction(text: str, vocab: Vocabulary, today: date) -> Clarify | None:
    """'Close Paris and keep Paris running', 'raise Hamburg's capacity but leave Hamburg
    unchanged': the same thing, on the same days, both changed and kept as it is. Which is
    meant is asked, never guessed. Kept open beside a closure, or unchanged beside any
    change, of everything the change names or of 'it', on every day the change is on."""
    for m in _UNCHANGED.finditer(text):
        before = text[: m.start()]
        if not _has_change(before.lower()) and not _CLOSING.search(before.lower()):
            continue
        thing = (m.group("kept") or m.group("stays") or m.group("same") or "").strip()
        named = {x.entity.key for x in vocab.find(before)[0]}
        kept = {x.entity.key for x in vocab.find(thing)[0]}
        if not (_IT.match(thing) or (kept and kept <= named)):
            continue
        when = (m.group("when") or "").strip().lower()
        if when and not when.startswith("all "):
            kept_days = set(_weekdays(when))
            changed_days = set(_dates(before, today).days) | set(_weekdays(before.lower()))
            if not changed_days or not changed_days <= kept_days:
                continue  # 'close Paris but keep it open on Saturday': an exception
        kept_open = re.search(r"(?i)\b(?:open|running|operating)\b", m.group(0))
        if kept_open and not (
            _CLOSING.search(before.lower()) and not _REOPENING.search(before.lower())
        ):
            continue  # 'raise Hamburg's capacity and keep it running' asks for no closure
        change = before.strip(" ,;")
        kept_words = m.group(0).strip(" ,;")
        kept_words = re.sub(r"(?i)^(?:but|and|while|with)\s+", "", kept_words)
        return Clarify(
            thing,
            (),
            f"You asked to “{change}” and to “{kept_words}”: which do you mean? Say the change "
            "alone to make it, or name what it should leave out. I changed nothing yet.",
        )
    return None


def _without_unchanged(text: str, vocab: Vocabulary) -> str:
    """``text`` without the parts that say something stays as it is, when a change is left;
    days or names kept open become exceptions to the change."""
    rest = _UNCHANGED.sub(lambda m: _kept_as_exception(m, text[: m.start()], vocab), text).strip(
        " ,;"
    )
    return rest if rest and rest != text.strip() and _has_change(rest.lower()) else text


_PLACE_MARKERS = frozenset("in at for across throughout within".split())


def _trailing_place(clause: str, vocab: Vocabulary) -> bool:
    """Whether the clause ends by saying where ('… down 5% in the north'): a place that may
    be meant for the changes before it too."""
    matches = [m for m in vocab.find(clause)[0] if m.entity.kind in ("region", "hub")]
    words = normalise(clause).split()
    if not matches or matches[-1].end != len(words):
        return False
    start = matches[-1].start
    before = words[start - 2 : start] if start >= 2 else words[:start]
    if before and before[-1] == "the":
        before = before[:-1]
    return bool(before) and before[-1] in _PLACE_MARKERS


def _is_edit(intents: list[Intent]) -> bool:
    """Whether the intents change the network (not a follow-up or a question)."""
    return any(isinstance(i, EditIntent) for i in intents)


def _elided(before: str, clause: str) -> Clarify:
    """'volumes up 10% and 20% in the north': is the 10% network-wide or also the north's?"""
    return Clarify(
        clause,
        (),
        f"In “{before} … {clause}”, where does the first change apply — everywhere, or also "
        "there? Say each change with its own place, and I'll do them. I changed nothing yet.",
    )


def _has_change(clause: str) -> bool:
    """Whether a clause says which way or how something changes on its own."""
    return bool(
        _UP.search(clause)
        or _DOWN.search(clause)
        or _CLOSING.search(clause)
        or _REOPENING.search(clause)
        or _MULTIPLIER.search(clause)
        or re.search(r"[+-]\s*\d|\b(?:to|at|set|move|only|just)\b", clause)
    )


def _heading(clause: str) -> str:
    """The first word of rising or falling in a clause ('' when it has none)."""
    cleaned = _directional(clause)
    up, down = _UP.search(cleaned), _DOWN.search(cleaned)
    first = min((m for m in (up, down) if m), key=lambda m: m.start(), default=None)
    return first.group(1) if first else ""


_ELSEWHERE = re.compile(
    r"(?i)\b(?:elsewhere|everywhere else|anywhere else|(?:in |at )?(?:all )?(?:the )?other "
    r"(?:regions|hubs|places|sites|depots)|(?:in |across )?the rest of (?:the )?(?:network|"
    r"regions|hubs))\b"
)
"""'Elsewhere' names the places a change leaves out by reference: those of the clause the
planner told not to change ('don't touch the east'), or the planner is asked."""


def _elsewhere_of_what(clause: str) -> Clarify:
    """Ask where 'elsewhere' excludes, when nothing in the message says."""
    return Clarify(
        "elsewhere",
        (),
        f"Elsewhere than where, in “{clause}”? Name what to leave out (e.g. “cut drivers by "
        "10% everywhere except the east”), and I'll do it. I changed nothing yet.",
    )


def _interjection(text: str) -> str:
    """'no, Thursday' and 'sorry - 20%' correct the last change: read them as 'actually …'
    (never as a negation of what follows)."""
    return re.sub(r"(?i)^(?:no|nope|sorry|oops|wait)\s*[,.!:;—–-]\s*", "actually ", text)


def replaces_last(text: str, vocab: Vocabulary) -> bool:
    """Whether a follow-up's change comes instead of the conversation's last one ('cut them
    by 5% instead', 'no, close Lyon'): it corrects or says 'instead' and names nothing in
    it to replace."""
    prepared = _interjection(prepare(text)).lower()
    if prepared.startswith("actually "):
        prepared += " instead"
    if not re.search(r"\b(?:instead|rather)\b", prepared):
        return False
    if re.search(r"\b(?:instead of|rather than)\b", prepared):
        return False
    return not any(_negated(clause.lower()) for clause in _split(prepared, vocab))


_CORRECTION = re.compile(
    r"(?i)\s*[,;.!—–-]\s*(?:no,?\s+wait|wait,?\s+no|sorry|i mean|i meant|correction|or rather|"
    r"make that|no no)\b\s*[,:;.!—–-]?\s*"
)
"""A planner correcting themself mid-message: 'close Paris, no wait, Lyon', 'volumes up 20%
in the north — sorry, the west'."""


def _corrected(text: str, vocab: Vocabulary, today: date) -> str | Clarify | None:
    """The message as the planner corrected it: the names after the correction in place of
    the same kind of name before it ('close Paris, no wait, Lyon' closes Lyon; it closed
    Paris), or the change after it alone when it says a change of its own; a question when
    the names cannot be put in place; None when there is no correction."""
    found = _CORRECTION.search(text)
    if found is None:
        return None
    left, right = text[: found.start()].strip(), text[found.end() :].strip(" .!?")
    if not left or not right:
        return None
    if _changes_something(right, vocab, today):
        return right  # 'close Paris, sorry, close Lyon': said again in full
    amount = _PERCENT.search(right) or _TONNES_SAID.search(right) or _NUMBER.search(right)
    if amount is not None and not re.sub(re.escape(amount.group(0)), "", right).strip(" ,"):
        old = _PERCENT.search(left) or _TONNES_SAID.search(left) or _NUMBER.search(left)
        if old is None:
            return None  # '…, I mean 30%' with no amount before it to replace
        return f"{left[: old.start()]}{amount.group(0).strip()}{left[old.end() :]}"
    days = _weekdays(right)
    if days and not [w for w in normalise(right).split() if w not in DAY_WORDS and w != "and"]:
        said_days = [w for w in raw_words(left) if w.lower() in DAY_WORDS]
        if len(said_days) != 1:
            return None
        return re.sub(rf"\b{re.escape(said_days[0])}\b", right, left, count=1)
    named = vocab.find(right)[0]
    words = [w for w in raw_words(right) if w.lower() not in ("the", "and", "in", "at", "to")]
    kinds = {m.entity.kind for m in named}
    if not named or sum(m.end - m.start for m in named) != len(words) or len(kinds) != 1:
        return None
    kind = kinds.pop()
    said = raw_words(left)
    before = [m for m in vocab.find(left)[0] if m.entity.kind == kind]
    if len(before) != 1:
        return Clarify(
            right,
            (),
            f"Which should “{right}” replace in “{left}”? Say the change again in full, and "
            "I'll do it. I changed nothing yet.",
        )
    m = before[0]
    written = r"\W+".join(re.escape(w) for w in said[m.start : m.end])
    replaced = re.sub(rf"(?i)\b{written}\b", right, left, count=1)
    if replaced != left:
        return replaced  # in place, its punctuation kept ('20%' stays '20%')
    return " ".join([*said[: m.start], right, *said[m.end :]])


def _changes_something(clause: str, vocab: Vocabulary, today: date) -> bool:
    """Whether a clause that reads like a question also names a change of its own."""
    result = _clause_intents(clause, vocab, today)
    return (isinstance(result, list) and bool(result)) or isinstance(result, Clarify)


def _frame(clause: str) -> str:
    """The kind and direction of a clause's change without its amount, names or days."""
    kinds = re.findall(
        r"\b(volumes?|demand|freight|drivers?|capacity|throughput|rates?|trailers?|tariffs?)\b",
        clause.lower(),
    )
    words = normalise(clause).split()
    directions = [w for w in words if w in UP_WORDS or w in DOWN_WORDS]
    closing = [w for w in words if _CLOSING.fullmatch(w) or _REOPENING.fullmatch(w)]
    return " ".join([*kinds[:1], *directions[:1], *closing[:1]])


def _which_day(vague: str, after: str) -> Clarify:
    """Ask which weekday a date the plan's week cannot place ('next month') means."""
    return Clarify(
        vague,
        DAY_NAMES,
        f"Which day of the week do you mean by “{vague}”? The plan covers one week "
        f"(Monday to Sunday){after}. Name the day or days, or say “the whole week”.",
    )


def _revise_days_like(clause: str) -> bool:
    """'not Monday — Tuesday': a correction of the days, not a negation."""
    return bool(re.match(r"^(?:no,? )?not\b", clause)) and len(_weekdays(clause)) >= 2


_HOURS_LONG = (
    r"\bfor (?:the (?:next|coming|first|last) )?(?:\d+(?:\.\d+)?\s*|a few |a couple of |an? |"
    r"several |some |half an? )"
    r"(?:hours?|hrs?|h)\b|\b\d+(?:\.\d+)?[- ]?(?:hours?|hrs?|h) (?:outage|closure|stoppage|"
    r"shutdown|strike|blockade|downtime)\b|\bfor half (?:a|the) day\b"
)
"""How long, in hours ('down for 4 hours', 'a 6-hour outage'): changes hold for whole days,
so it is asked about, never made for the whole week."""


def _clause_intents(clause: str, vocab: Vocabulary, today: date) -> list[Intent] | Intent:
    """The intents of one clause, or the one question to ask / not-understood about it."""
    clause = _RATHER.sub("", clause).strip()
    dated = _dates(clause, today)
    if dated.vague:
        return _which_day(dated.vague, ", so I changed nothing yet")
    hours = re.search(
        r"\b(?:in the (?:morning|afternoon|evening)|at night|overnight|(?:before|after|from|"
        r"until) \d{1,2}(?::\d\d|\s*(?:am|pm|h|o'clock))|\d{1,2}:\d\d|\d{1,2}\s*(?:am|pm))\b|"
        + _HOURS_LONG,
        dated.text,
    )
    if hours:
        return Clarify(
            hours.group(0),
            (),
            f"Changes apply to whole days of the plan, not to “{hours.group(0)}”, so I changed "
            "nothing. Should it apply to the whole day?",
        )
    choice = _choice(dated.text, clause)
    if choice is not None:
        return _unless_a_dead_end(choice, clause, vocab, today)
    rest_of = re.search(
        r"\b(?:everyone|everybody|everything|everywhere|anyone|all the) else\b|\bthe rest\b|"
        r"\ball (?:the )?other (?:customers|hubs|regions|lanes|freight|volumes?)\b",
        dated.text,
    )
    if rest_of:
        return Clarify(
            rest_of.group(0),
            (),
            f"Who is “{rest_of.group(0)}”? Name what to leave out (e.g. “two-day for everyone "
            "except Nordbau”), and I'll do it. I changed nothing yet.",
        )
    main, rest = _except_split(dated.text)
    matches, ambiguities = vocab.find(_original_case(clause, main))
    compound = _compound_region(matches, _original_case(clause, main), vocab)
    if compound is not None:
        return compound
    excluded, more_ambiguities = vocab.find(_original_case(clause, rest)) if rest else ([], [])
    for amb in ambiguities + more_ambiguities:
        return Clarify(amb.phrase, tuple(f"{e.label} ({e.key})" for e in amb.candidates))
    unknown = _place_unknown(_original_case(clause, main), vocab, matches) or (
        _place_unknown(_original_case(clause, rest), vocab, excluded, name_first=True)
        if rest
        else None
    )
    if unknown is not None:
        return unknown
    days = tuple(sorted(set(dated.days) | set(_weekdays(main))))
    excluded_days = _weekdays(rest) if rest else ()
    named_before = {m.entity.key for m in matches}
    if (
        excluded
        and excluded_days
        and not days
        and not named_before & {m.entity.key for m in excluded}
    ):
        # 'shut every relay except Magdeburg on Sunday': the days say when the change
        # happens, the names what it leaves out ('close Paris and Lyon but not Lyon on
        # Monday' leaves out a name on a day: asked about in _narrow)
        days, excluded_days = excluded_days, ()
    days = () if days == _ALL_DAYS else days
    left_out = tuple(carrier_kinds(rest.lower())) if rest else ()
    scope = _Scope(matches, days, excluded, excluded_days, main.split(), left_out)
    result = _edit_intents(main.lower(), scope, vocab)
    if isinstance(result, Clarify):
        return result
    if left_out and not all(isinstance(i, Rates) for i in result):
        what = " and ".join(CARRIER_KINDS[k] for k in left_out)
        return Clarify(
            what,
            (),
            f"I can leave {what} lanes out of a rate change only, not out of “{clause}”, so I "
            "changed nothing. Could you name what to include instead?",
        )
    if result:
        for intent in result:
            amount = getattr(intent, "amount", None)
            factor = (
                amount.factor if isinstance(amount, Amount) else getattr(intent, "factor", None)
            )
            if isinstance(factor, float) and factor < 0:
                return Clarify(
                    clause,
                    (),
                    f"“{clause}” would take more than everything away, so I changed nothing. "
                    "Did you mean a smaller cut, or to close it?",
                )
        for intent in result:
            scope_of = intent.scope if isinstance(intent, ServicePromise | LoseDemand) else intent
            if isinstance(scope_of, ScaleVolume):
                ends = [*scope_of.origin_hubs, *scope_of.destination_hubs, *scope_of.hubs]
                if len(ends) != len(set(ends)):
                    return Clarify(
                        clause,
                        (),
                        f"“{clause}” names a hub more than once: say each direction as its "
                        "own change (e.g. “… from Paris to Lyon and 10% from Lyon to Paris”), "
                        "or “both ways”. I changed nothing yet.",
                    )
        shares = {float(p) for p in _PERCENT.findall(main)}
        listed = ", ".join(f"{p:g}%" for p in sorted(shares))
        if len(result) == 1 and len(shares) > 1 and not re.search(r"\bfrom\b[^%]*%\s*to\b", main):
            return Clarify(
                clause,
                (),
                f"“{clause}” has more than one amount ({listed}) for one change: which goes "
                "with what? Say each change with its own amount, and "
                "I'll do them. I changed nothing yet.",
            )
        per_day = _TONNES_A_DAY.search(clause.lower())
        in_tonnes = any(isinstance(i, ScaleVolume) and i.amount.delta for i in result)
        if per_day and in_tonnes and len(scope.days) != 1:
            said = float(per_day.group(1))
            return Clarify(
                per_day.group(0),
                (),
                f"A volume change is tonnes over the plan's week, or on the days you name, "
                f"not “{per_day.group(0)}”: how many tonnes in all (e.g. “{said * 7:g} t more”, "
                f"for {said:g} t on each of 7 days), or on which days? I changed nothing yet.",
            )
        part_of_day = _PART_OF_DAY.search(clause.lower())
        if part_of_day and not any(isinstance(i, ServicePromise) for i in result):
            return Clarify(
                part_of_day.group(0),
                WHOLE_DAY_ASKED,
                f"Changes apply to whole days: I can't limit “{clause}” to "
                f"{part_of_day.group(0)}, so I changed nothing. Should it apply to the whole "
                "day?",
            )
        carriers = ScaleVolume | CloseHub | Drivers | ServicePromise | LoseDemand
        if scope.days and not all(isinstance(i, carriers) for i in result):
            named = ", ".join(DAY_NAMES[d] for d in scope.days)
            return Clarify(
                named,
                ALL_WEEK_ASKED,
                f"That change applies to every day of the week; I can't limit it to {named}, "
                "so I changed nothing. Should it apply all week?",
            )
        return _unplaced(result, scope, clause) or _exclude(result, scope, vocab, clause)
    follow = _follow_up(main.lower(), matches, days)
    if follow is not None:
        return [follow]
    how_much = _ask_how_much(main.lower(), matches)
    if how_much is not None:
        return how_much
    understood = tuple(f"{m.entity.kind} {m.entity.label}" for m in matches)
    understood += tuple(DAY_NAMES[d] for d in days)
    return NotUnderstood(understood, clause)


_AMOUNT_OR_CHANGE = re.compile(
    rf"(?:^|\s)(?:by\b|[+-]?\d)|{_UP.pattern}|{_DOWN.pattern}|{_MULTIPLIER.pattern}"
)


def _unless_a_dead_end(
    asked: Clarify, clause: str, vocab: Vocabulary, today: date
) -> Clarify | NotUnderstood:
    """``asked``, unless it offers one number ('shall I use 500 t?') whose 'yes' would still
    not be understood: then the clause is not understood now, rather than after the reply.

    'less than 500 t of freight out of Paris' asked 'shall I use 500 t?', and 'yes' made
    '500 t of freight out of Paris', which says no change; a question must lead somewhere.
    """
    if len(asked.candidates) != 1:
        return asked
    number = asked.candidates[0]
    found = re.search(rf"(?<!\w){re.escape(asked.phrase)}(?!\w)", clause, re.IGNORECASE)
    if found is None:
        return asked
    agreed = agreed_amount(clause, asked.phrase, number)
    agreed_clause = f"{clause[: found.start()]}{agreed}{clause[found.end() :]}"
    reading = _clause_intents(agreed_clause, vocab, today)
    if isinstance(reading, NotUnderstood):
        return NotUnderstood(reading.understood, clause)
    return asked


def _except_split(body: str) -> tuple[str, str]:
    """The clause without its exception, and the exception ('… except the east by 10%':
    the names after 'except' are left out, the amount after them stays with the change)."""
    split = _EXCEPT.split(f" {body} ", maxsplit=1)
    main = split[0].strip()
    rest = split[1].strip() if len(split) > 1 else ""
    # a carrier kind is no word of change ('but not for contract carriers': 'contract' is
    # also a verb of falling), so it stays in the exception
    tail = _AMOUNT_OR_CHANGE.search(CARRIER_WORD.sub(lambda m: " " * len(m.group(0)), rest))
    if tail is not None and tail.start() > 0:
        main, rest = f"{main} {rest[tail.start() :].strip()}", rest[: tail.start()].strip()
    return main, rest


_IDIOMS_WITH_OR = re.compile(
    r"\b(?:more or less|or so|or not|give or take|either way|one way or (?:the )?other|"
    r"or thereabouts)\b"
)
_RANGE = re.compile(
    r"(?<!from )(?<![\d.])([+-]?\d+(?:\.\d+)?)\s*(%|t\b)?\s*(?:-|–|—|to|or)\s*"
    r"(\d+(?:\.\d+)?)\s*(%|t\b|tonnes|tons|trucks?|drivers?|trailers?|departures?)|"
    r"\bbetween ([+-]?\d+(?:\.\d+)?)\s*(%|t\b)?\s*and\s*(\d+(?:\.\d+)?)\s*(%|t\b)"
)


_SHARE_SHIFT = re.compile(
    r"\bfrom\s+[+-]?\d+(?:\.\d+)?\s*%(?:\s+\w+){0,3}?\s+to\s+[+-]?\d+(?:\.\d+)?\s*%"
)
"""'from 20% to 30% above plan': a move between two shares, not one change (a service
target 'from 95% to 97%' is a target, the second share)."""


def _choice(text: str, original: str = "") -> Clarify | None:
    """A range ('5-10%', 'between 10 and 20%') or alternatives ('double or triple',
    'close Paris or Lyon'): one scenario takes one of them, so ask which."""
    found = _RANGE.search(text)
    if found:
        low, unit1, high, unit2 = (
            found.groups()[:4] if found.group(1) is not None else found.groups()[4:]
        )
        unit = unit2 or unit1 or ""
        sep = "" if unit == "%" else " "
        first, second = f"{low}{sep}{unit}".strip(), f"{high}{sep}{unit}".strip()
        return Clarify(
            found.group(0),
            (first, second),
            f"Do you mean {first} or {second}? A scenario takes one number — ask for one, "
            "then the other, and compare them — so I changed nothing yet.",
        )
    bounded = _ask_one_number(text, original)
    if bounded is not None:
        return bounded
    shift = _SHARE_SHIFT.search(text)
    if shift and not re.search(r"\b(?:target|on-?time|service level|otd)\b", text):
        return Clarify(
            shift.group(0),
            (),
            f"“{_original_case(original or text, shift.group(0))}” moves from one share to "
            "another: should the result be the second share of what this scenario has now, "
            "or change by the difference between them? Say it as one change (e.g. “up 10%”), "
            "and I'll do it. I changed nothing yet.",
        )
    cleaned = _IDIOMS_WITH_OR.sub(" ", text)
    alternatives = re.search(r"(\S+(?:\s+\S+)?)\s+\bor\b\s+(\S+(?:\s+\S+)?)", cleaned)
    if alternatives and (
        _UP.search(cleaned)
        or _DOWN.search(cleaned)
        or _CLOSING.search(cleaned)
        or _REOPENING.search(cleaned)
        or _MULTIPLIER.search(cleaned)
        or re.search(r"\d", cleaned)
    ):
        said = _original_case(original or text, alternatives.group(0).strip(" ?.!"))
        return Clarify(
            said,
            (),
            f"“{said}” offers a choice, and a scenario takes one of them: which one should I "
            "try first? (You can ask for the other next and compare them.) I changed nothing "
            "yet.",
        )
    return None


_KINDS = (
    (r"\bdrivers?\b|\bdriver[- ]hours\b", "drivers"),
    (r"\b(?:capacity|throughput)\b", "capacity"),
    (r"\b(?:rates?|tariffs?|prices?|surcharges?)\b", "rates"),
    (r"\b(?:trailers?|fleet)\b", "trailers"),
    (r"\b(?:departures?|trucks?)\b", "departures"),
    (_VOLUME.pattern, "volumes"),
)
"""What a change can be about, in the order a clause is read for it."""


def _kind_of(clause: str) -> str:
    """The thing a clause changes ('drivers', 'capacity', …), or '' when it names none."""
    for pattern, kind in _KINDS:
        if re.search(pattern, clause):
            return kind
    return ""


def _scope_label(matches: Sequence[Match]) -> str:
    """The names of a clause for a question about it (' (Paris and north)'), or ''."""
    where = " and ".join(m.entity.label for m in matches)
    return f" ({where})" if where else ""


def _ask_how_much(clause: str, matches: Sequence[Match]) -> Clarify | None:
    """A change of something with no amount ('a driver shortage in the north'): ask how big
    rather than not understanding it or guessing a size."""
    kind = _kind_of(clause)
    if not kind or re.search(r"\d", clause):
        return None
    if not (_UP.search(clause) or _DOWN.search(clause) or _MULTIPLIER.search(clause)):
        return None
    scope = _scope_label(matches)
    return Clarify(
        kind,
        (),
        f"By how much should {kind}{scope} change? Say it as a share or a number (e.g. “10% "
        f"fewer {kind}”), and I'll try it. I changed nothing yet.",
    )


_NEUTRAL_CHANGE = re.compile(
    r"\b(?:change[sd]?|changing|adjust(?:s|ed|ing)?|tweak(?:s|ed|ing)?|modif(?:y|ies|ied)|"
    r"shift(?:s|ed)?|move[sd]?|vary|varies|alter(?:s|ed)?|flex(?:es|ed)?)\b"
)


_VERB_SAID = re.compile(
    rf"\b(?:{_VERBS})\b|\b(?:is|are|was|were|be|been|has|have|had|will|would|should|could|"
    r"can|does|do|did|gets?|got|goes|go|went|needs?|wants?)\b"
)
"""A verb of any kind: a clause with none ('500 t of freight out of Paris') says an amount
and a place, but not which way it changes."""


def _amount_said(clause: str) -> str:
    """The first amount of ``clause`` as written ('10%', '500 t', '5'), or ''."""
    found = _PERCENT.search(clause) or _TONNES_SAID.search(clause) or _NUMBER.search(clause)
    return found.group(0).strip() if found else ""


_TONNES_SAID = re.compile(r"\d+(?:[.,]\d+)?\s*(?:t|tonnes?|tons?)\b")


def said_with_way(text: str, way: str, amount: str = "") -> str | None:
    """``text`` with its word of change that names no direction ('adjust', 'change') made
    ``way`` ('up': 'raise', 'down': 'cut'), and its first amount made ``amount`` when one is
    given ('down 90%'): what a reply to 'should it go up or down?' asks for. None when
    ``text`` has no such word."""
    if amount:
        said = _PERCENT.search(text) or _TONNES_SAID.search(text) or _NUMBER.search(text)
        if said is None:
            return None
        if not re.search(r"\D$", amount):  # 'down 200' after '500 t': in the unit said
            amount += re.sub(r"^\s*[+-]?\d+(?:[.,]\d+)?", "", said.group(0))
        text = f"{text[: said.start()]}{amount}{text[said.end() :]}"
    verb = "raise" if way == DIRECTIONS[0] else "cut"
    found = re.search(_NEUTRAL_CHANGE.pattern, text, re.IGNORECASE)
    if found is None:
        lead = _WHAT_IF_LEAD.match(text.lower())
        rest = text[lead.end() :] if lead else text
        if _VERB_SAID.search(rest.lower()):
            return None
        # '500 t of freight out of Paris' said with no verb ('what if' kept in front)
        return f"{text[: len(text) - len(rest)]} {verb} {rest.lstrip()}".lstrip()
    return f"{text[: found.start()]}{verb}{text[found.end() :]}"


def _unclear_change(clause: str, vocab: Vocabulary) -> Clarify | None:
    """For a clause read as nothing, even with the clause before: the question that would
    make it a change (which way, or what changes), if it has an amount to change by."""
    matches = vocab.find(clause)[0]
    lowered = clause.lower()
    return (
        _ask_what_of_carrier(clause)
        or _ask_which_way(lowered, matches)
        or _ask_what_changes(lowered, matches)
    )


def _ask_what_of_carrier(clause: str) -> Clarify | None:
    """An amount said of one carrier kind with nothing of it named ('volumes up 5% and own
    fleet up 2%', '3PLs 4% dearer' aside): its rates, its trailers, its lanes' departures?
    Ask, offering its rates, which a reply ('rates', 'yes') completes with the rest of the
    question; never read as nothing, nor the amount given to the clause before."""
    said = CARRIER_WORD.search(clause.lower())
    if said is None or not _amount_said(clause) or len(carrier_kinds(clause.lower())) != 1:
        return None
    written = clause[said.start() : said.end()]
    kind = CARRIER_KINDS[CARRIER_WORDS[said.group(1)]]
    return Clarify(
        written,
        (f"{written} rates",),
        f"Does “{clause.strip()}” mean the {kind} rates (what {kind} lanes cost)? Say “rates” "
        f"or “yes” and I'll do it with the rest of your question; otherwise say what of the "
        f"{kind} lanes should change. I changed nothing yet.",
    )


def _ask_which_way(clause: str, matches: Sequence[Match]) -> Clarify | None:
    """A change with an amount but no direction ('adjust demand in the north by 10%'): ask
    whether it goes up or down rather than not understanding it or guessing."""
    kind = _kind_of(clause)
    amount = _amount_said(clause)
    verbless = kind in ("volume", "volumes", "demand", "freight") and not _VERB_SAID.search(clause)
    if not kind or not amount or not (_NEUTRAL_CHANGE.search(clause) or verbless):
        return None  # '500 t of freight out of Paris' says no verb at all: which way, too
    if _direction(clause, default_up=False) != 0:
        return None
    scope = _scope_label(matches)
    return Clarify(
        kind,
        DIRECTIONS,
        f"Should {kind}{scope} go up or down by {amount}? Say e.g. “{kind} up {amount}”, and "
        "I'll try it. I changed nothing yet.",
    )


def _ask_what_changes(clause: str, matches: Sequence[Match]) -> Clarify | None:
    """An amount said of a place with nothing to change named ('Lyon: -30%', 'Paris to
    Lyon +50%'): ask what it changes rather than not understanding it or guessing."""
    hubs = [m.entity.label for m in matches if m.entity.kind == "hub"]
    amount = _amount_said(clause)
    if _kind_of(clause) or not amount or not 1 <= len(hubs) <= 2 or len(hubs) != len(matches):
        return None
    if _NEUTRAL_CHANGE.search(clause):
        return None  # 'move 5 from Paris' says what changes, just not where to
    if len(hubs) == 2:
        lane = f"{hubs[0]} to {hubs[1]}"
        options = f"the freight from {lane}, or the departures on the {lane} lane"
        example = f"volumes from {lane} {amount}"
    else:
        options = f"the freight at {hubs[0]}, or {hubs[0]}'s handling capacity"
        example = f"volumes at {hubs[0]} {amount}"
    return Clarify(
        " and ".join(hubs),
        (),
        f"What should change by {amount}: {options}? Say it with the thing (e.g. “{example}”), "
        "and I'll try it. I changed nothing yet.",
    )


_COMPASS = frozenset("north south east west".split())
"""Compass points: written next to a region ('north-east'), they name another region."""


_REGION_WORDS = frozenset(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest northeastern northwestern southeastern southwestern".split()
)
"""Words that name a part of a network: where none of its regions (or hubs) is called so,
they are asked about, never dropped (dropping one widens the change to every region)."""


def _compound_region(matches: Sequence[Match], text: str, vocab: Vocabulary) -> Clarify | None:
    """Two region names written as one ('north-east', 'south west'), a region with a
    compass point that is no region of the network ('north-east' where only 'north' is
    one), or a region word no name of the network covers ('the north' in a network whose
    regions are 'Nord' and 'Sud'): ask rather than take both, only one, or every region."""
    words = normalise(text).split()
    regions = [m for m in matches if m.entity.kind == "region"]
    for m in regions:
        label = m.entity.label
        before = words[m.start - 1] if m.start > 0 else ""
        after = words[m.end] if m.end < len(words) else ""
        taken = {w for r in regions for w in words[r.start : r.end]}
        stray = next((w for w in (before, after) if w in _COMPASS and w not in taken), None)
        if stray is not None:
            name = f"{stray}-{label}" if stray == before else f"{label}-{stray}"
            return Clarify(
                name,
                (label,),
                f"This network has no region called “{name}”: do you mean the {label}? "
                "I changed nothing yet.",
            )
    for first, second in pairwise(matches):
        if first.entity.kind == second.entity.kind == "region" and second.start == first.end:
            a, b = first.entity.label, second.entity.label
            return Clarify(
                f"{a}-{b}",
                (a, b),
                f"This network has no region called “{a}-{b}”: do you mean the {a} and the {b} "
                f"regions, or only one of them? I changed nothing yet.",
            )
    covered = {i for m in matches for i in range(m.start, m.end)}
    loose = next((w for i, w in enumerate(words) if w in _REGION_WORDS and i not in covered), None)
    if loose is not None:
        names = ", ".join(e.label for e in vocab.of_kind("region"))
        return Clarify(
            loose,
            tuple(e.label for e in vocab.of_kind("region")),
            f"This network has no region called “{loose}” (its regions: {names}), so I "
            "changed nothing. Which region or hubs do you mean?",
        )
    return None


def _original_case(clause: str, lowered_part: str) -> str:
    """The part of ``clause`` that ``lowered_part`` covers, in its original case."""
    if not lowered_part:
        return ""
    index = clause.lower().find(lowered_part.strip())
    if index < 0:
        return lowered_part
    return clause[index : index + len(lowered_part.strip())]


def _used_keys(intent: EditIntent) -> set[str]:
    match intent:
        case ScaleVolume():
            return {
                *intent.origin_regions,
                *intent.destination_regions,
                *intent.regions,
                *intent.origin_hubs,
                *intent.destination_hubs,
                *intent.hubs,
                *intent.customers,
            }
        case CloseHub():
            return {*intent.hubs, *intent.within}
        case HubCapacity():
            return {intent.hub, *intent.regions} - {""}
        case FleetSize():
            return {intent.hub}
        case CloseLane() | LaneCapacity() | LaneTransit():
            return {intent.origin, intent.destination}
        case NewDemand():
            return {intent.origin, intent.destination, intent.customer} - {""}
        case NewLane():
            return {intent.origin, intent.destination}
        case Drivers():
            return set(intent.regions)
        case MoveTrailers():
            return {intent.source, intent.target}
        case ServicePromise() | LoseDemand():
            return _used_keys(intent.scope)
        case RouteVia():
            return {intent.via, intent.origin, intent.destination, *intent.origin_hubs}
        case UseLane():
            return {intent.origin, intent.destination}
        case Rates():
            ends = {k for lane in intent.lanes for k in lane.split("-")}
            return ends | {*intent.origin_hubs, *intent.destination_hubs, *intent.hubs}
        case ServicePolicy():
            return set()


def _unplaced(intents: list[EditIntent], scope: _Scope, clause: str) -> Clarify | None:
    """A named entity that none of the clause's changes uses: ask rather than drop it."""
    used = set().union(*(_used_keys(i) for i in intents))
    left = [m for m in scope.matches if m.entity.key not in used]
    if not left:
        return None
    names = ", ".join(m.entity.label for m in left)
    return Clarify(
        names,
        (),
        f"I'm not sure how {names} fits into “{clause}”, so I changed nothing. "
        "Could you say it as one change per name?",
    )


def _exclude(
    intents: list[EditIntent], scope: _Scope, vocab: Vocabulary, clause: str
) -> list[Intent] | Clarify:
    """Apply 'except …' exactly, or ask when the change cannot leave it out."""
    if not scope.excluded and not scope.excluded_days:
        return list(intents)
    out: list[Intent] = []
    for intent in intents:
        narrowed = _narrow(intent, scope, vocab)
        if narrowed is None:
            what = ", ".join(m.entity.label for m in scope.excluded) or ", ".join(
                DAY_NAMES[d] for d in scope.excluded_days
            )
            return Clarify(
                what,
                (),
                f"I can't leave {what} out of “{clause}” exactly, so I changed nothing. "
                "Could you name what to include instead?",
            )
        out.extend(narrowed)
    if intents and not out:
        what = ", ".join(m.entity.label for m in scope.excluded)
        return Clarify(
            what,
            (),
            f"Leaving {what} out of “{clause}” leaves nothing to change, so I changed "
            "nothing. What should change instead?",
        )
    return out


def _narrow(intent: EditIntent, scope: _Scope, vocab: Vocabulary) -> list[EditIntent] | None:
    """``intent`` without the scope's exceptions; None when that cannot be said exactly, and
    no intent when nothing is left (never an edit with an empty scope: that is everywhere)."""
    if scope.excluded_days and scope.excluded:
        return None  # 'but not Lyon on Monday' leaves out one name on one day: ask
    days = intent.days if isinstance(intent, ScaleVolume | CloseHub | Drivers) else ()
    if scope.excluded_days:
        if not isinstance(intent, ScaleVolume | CloseHub | Drivers):
            return None
        days = tuple(d for d in (days or _ALL_DAYS) if d not in scope.excluded_days)
        if not days:
            return None
        intent = replace(intent, days=days)
    hubs = {m.entity.key for m in scope.excluded if m.entity.kind == "hub"}
    regions = {m.entity.key for m in scope.excluded if m.entity.kind == "region"}
    customers = {m.entity.key for m in scope.excluded if m.entity.kind == "customer"}
    if not (hubs or regions or customers):
        return [intent]
    if isinstance(intent, Drivers) and not hubs and not customers:
        chosen = intent.regions or tuple(e.key for e in vocab.of_kind("region"))
        return [replace(intent, regions=(r,)) for r in chosen if r not in regions]
    if isinstance(intent, CloseHub) and not customers and intent.kinds:
        return _kinds_except(intent, hubs, regions, vocab)
    if isinstance(intent, CloseHub) and not regions and not customers and intent.hubs:
        kept = tuple(h for h in intent.hubs if h not in hubs)  # 'close Paris and not Lyon'
        return [replace(intent, hubs=kept)] if kept else []
    if not isinstance(intent, ScaleVolume):
        return None
    if customers:
        if hubs or regions:
            return None
        chosen = intent.customers or tuple(e.key for e in vocab.of_kind("customer"))
        left = tuple(c for c in chosen if c not in customers)
        return [replace(intent, customers=left)] if left else []
    if (
        regions
        and not hubs
        and not intent.origin_regions
        and not intent.regions
        and not intent.origin_hubs
    ):
        kept = tuple(e.key for e in vocab.of_kind("region") if e.key not in regions)
        return [replace(intent, origin_regions=kept)] if kept else []
    if hubs and not regions and not intent.origin_hubs and not intent.hubs:
        # 'in the north but not Hamburg': the region's other hubs, at the same end(s)
        if intent.origin_regions and not intent.regions:
            return _hubs_left(intent, intent.origin_regions, hubs, vocab, either_end=False)
        if intent.regions and not intent.origin_regions:
            return _hubs_left(intent, intent.regions, hubs, vocab, either_end=True)
    return None


def _hubs_left(
    intent: ScaleVolume,
    within: Sequence[str],
    excluded: set[str],
    vocab: Vocabulary,
    *,
    either_end: bool,
) -> list[EditIntent] | None:
    """The hubs of regions ``within`` but those ``excluded``, by name; [] when none is left
    (an empty scope would be every hub), None (ask) when no excluded hub is in them."""
    inside = tuple(sorted(e.key for r in within for e in vocab.hubs_in(r) if e.key not in excluded))
    if not inside:
        return []
    if len(inside) == sum(len(vocab.hubs_in(r)) for r in within):
        return None
    if either_end:
        return [replace(intent, regions=(), hubs=inside)]
    return [replace(intent, origin_regions=(), origin_hubs=inside)]


def _kinds_except(
    intent: CloseHub, hubs: set[str], regions: set[str], vocab: Vocabulary
) -> list[EditIntent] | None:
    """'close all relays except Bologna' / '… except in the north': the hubs of those kinds
    that are left, by name; None (ask) when a name left out is not of those kinds (it was
    never in: the question is misread) or nothing is left."""
    members = [e for kind in intent.kinds for e in vocab.hubs_of_kind(kind)]
    if not hubs <= {e.key for e in members}:
        return None
    if regions and not regions & {e.region for e in members}:
        return None
    kept = tuple(e.key for e in members if e.key not in hubs and e.region not in regions)
    return [replace(intent, hubs=kept, kinds=())] if kept else []


_SAME_AGAIN = r"\b(?:too|as well|also|and|same(?![- ]day)|likewise|ditto|similarly)\b"
_REDO_WORDS = (
    r"\b(?:make (?:it|that)|change (?:it|that) to|go with|let's say|say|try|what about|"
    r"how about|instead|rather|actually|if (?:it|that) (?:were|was))\b|"
    r"^(?:no|nope|sorry|oops|wait)\b"
)


_IN_MINUTES = re.compile(r"(\d+(?:\.\d+)?)\s*(?:minutes?|mins?)\b")
"""Minutes in a follow-up ('make it 45 minutes'): hours, as transit is kept."""


_CARRIER_FILLER = re.compile(
    r"\b(?:no|nope|sorry|actually|i mean|instead|rather|not that|but|for|the|our|only|just|"
    r"rates?|lanes?|carriers?|too|as well|also|and|same|then|please|what about|how about)\b|"
    r"[,.!?;:—–-]"
)


def _carrier_follow_up(clause: str) -> Also | None:
    """'no, own fleet' / 'contract instead' / 'and own fleet too' after a rate change: the
    same change for that carrier kind, in place of the last one or beside it."""
    kinds = carrier_kinds(clause)
    if len(kinds) != 1:
        return None
    rest = _CARRIER_FILLER.sub(" ", CARRIER_WORD.sub(" ", clause))
    if rest.strip():
        return None  # more than a carrier kind: a question of its own
    beside = re.search(r"\b(?:too|as well|also|and)\b", clause) is not None
    return Also("carrier", (kinds[0],), instead=not beside)


def _follow_up(clause: str, matches: list[Match], days: tuple[int, ...]) -> Intent | None:
    """'make it 30%', 'Tuesday instead', 'not Monday — Tuesday', 'and Köln as well', 'same
    for the south', 'and on Tuesday too'; a new amount with a new name is asked about."""
    carrier = _carrier_follow_up(clause)
    if carrier is not None and not matches and not days:
        return carrier
    kinds = {m.entity.kind for m in matches}
    if matches and not days and len(kinds) == 1:
        keys = tuple(m.entity.key for m in matches)
        about = re.match(r"^(?:and\s+|so\s+)?(?:what|how)\s+about\s+(.+?)[\s?.!]*$", clause)
        if about and not re.search(r"\b(?:instead|rather|too|as well|also)\b", clause):
            # 'what about the east?' after a change: the same there, or how it fares?
            said = " and ".join(
                f"the {m.entity.label}" if m.entity.kind == "region" else m.entity.label
                for m in matches
            )
            same = f"the same for {said}"
            return Clarify(
                about.group(0).rstrip(" ?.!"),
                (same,),
                f"Should I make the same change for {said}? Say “yes”, or ask what you want to "
                f"know about {said}. I changed nothing yet.",
            )
        if re.search(r"\b(?:instead|rather)\b", clause) and not _amount(clause, default_up=True):
            return Also(kinds.pop(), keys, instead=True)  # 'what about Lyon instead?'
        if re.search(_SAME_AGAIN, clause) and not _between(normalise(clause).split(), matches):
            # not 'fewer departures between Paris and Lyon'; 'and in the north by 5%': its
            # own amount (it was dropped: the north got the east's 10%)
            amount = _amount(clause, default_up=True)
            if amount is None:
                return Also(kinds.pop(), keys)
            signed = _direction(clause, default_up=False) != 0 or bool(
                re.search(r"[+-]\s*\d", clause)
            )
            bare = not _AMOUNT_SAID.search(clause)
            return Also(kinds.pop(), keys, amount=amount, bare=bare, signed=signed)
    if days and not matches:
        if re.match(r"^(?:no,? )?not\b", clause):
            kept = re.split(r"[—–-]|\bbut\b|,", clause, maxsplit=1)
            if len(kept) == 2 and _weekdays(kept[1]):
                return ReviseDays(_weekdays(kept[1]))
        if re.search(r"\b(?:move it to|move that to|switch to)\b|" + _REDO_WORDS, clause):
            return ReviseDays(days)
        if re.search(_SAME_AGAIN, clause):
            return AlsoDays(days)
    if re.search(_REDO_WORDS, clause):
        relative = re.sub(r"\b(?:change|set|bring|put) (?:it|that) to\b", "make it", clause)
        relative = _IN_MINUTES.sub(lambda m: f"{float(m.group(1)) / 60:g} h", relative)
        amount = _amount(relative, default_up=True)
        if amount is not None and matches:
            names = ", ".join(
                f"the {m.entity.label}" if m.entity.kind == "region" else m.entity.label
                for m in matches
            )
            return Clarify(
                names,
                (),
                f"Should the last change be redone with {amount.words()} and for {names} "
                "instead, or is this a new change? Say it in full, and I'll do it. I changed "
                "nothing yet.",
            )
        if amount is not None:
            signed = _direction(relative, default_up=False) != 0 or bool(
                re.search(r"[+-]\s*\d", relative)
            )
            return Revise(amount, bare=not _AMOUNT_SAID.search(relative), signed=signed)
    return None


# ------------------------------------------------------------------------- edits


def _marker_before(words: list[str], start: int, markers: Sequence[str]) -> bool:
    for marker in sorted(markers, key=len, reverse=True):
        size = len(marker.split())
        for skip in (0, 1):  # "to the north"
            end = start - skip
            if skip and (end <= 0 or words[end] not in ("the", "a")):
                continue
            if end - size >= 0 and " ".join(words[end - size : end]) == marker:
                return True
    return False


_AT_HUBS_OF_REGION = re.compile(
    r"\b(?:at|through|via|handled at|touching)\s+(?:(?:all|every|each|the|our)\s+)*"
    r"(?:hubs?|sites?|depots?|terminals?)\s+(?:in|of)(?:\s+the)?$"
)
"""Words before a region that name its hubs as where freight is handled ('at all hubs in the',
'through every hub of the'): freight at either end, as 'at Hamburg' is."""

_AFTER_ORIGIN = frozenset("outbound outgoing exports export originating sourced origin".split())
_AFTER_DESTINATION = frozenset(
    "inbound incoming imports import arrivals deliveries destination".split()
)  # 'Paris-origin freight', 'ex-Paris volumes' (ex works: leaving Paris)


def _side(words: list[str], match: Match) -> str:
    """'origin', 'destination' or 'both' from the words just before a matched name, or just
    after it ('Hamburg inbound', 'Madrid's outbound'); a possessive name ('the north's
    volumes') owns the freight, so a word before it ('add 10% to …') is no direction."""
    after = words[match.end : match.end + 2]
    possessive = bool(after) and after[0] == "s"
    following = after[1:2] if possessive else after[:1]
    if following and following[0] in _AFTER_ORIGIN:
        return "origin"
    if following and following[0] in _AFTER_DESTINATION:
        return "destination"
    if possessive:
        return "origin" if match.entity.kind == "region" else "both"
    if _marker_before(words, match.start, BOTH_WAYS_MARKERS):
        return "both"
    if _marker_before(words, match.start, DESTINATION_MARKERS):
        return "destination"
    if _marker_before(words, match.start, ORIGIN_MARKERS):
        return "origin"
    if match.entity.kind == "region":
        # 'in the north' is the freight leaving it; 'at the northern hubs', 'through the
        # north' and 'at all hubs in the north' are the freight its hubs handle, either end
        at_its_hubs = _AT_HUBS_OF_REGION.search(" ".join(words[: match.start])) or (
            words[match.end : match.end + 1] in (["hubs"], ["sites"], ["depots"])
            and _marker_before(words, match.start, BOTH_ENDS_MARKERS)
        )
        if at_its_hubs or _marker_before(words, match.start, BOTH_ENDS_MARKERS):
            return "both"
        return "origin"
    if _marker_before(words, match.start, BOTH_ENDS_MARKERS) or _marker_before(
        words, match.start, ("in",)
    ):
        return "both"
    return "both"


def _which_of_kind(hub_kind: str, members: Sequence[Entity]) -> Clarify:
    """'one of our relays': ask which, listing them (a reply can name one); a kind the
    network has none of is said so."""
    if not members:
        return Clarify(
            f"a {hub_kind}",
            (),
            f"This network has no {hub_kind} hubs, so I changed nothing. Which hub do you mean?",
        )
    listed = ", ".join(f"{e.label} ({e.key})" for e in members)
    return Clarify(
        f"a {hub_kind}",
        tuple(f"{e.label} ({e.key})" for e in members),
        f"Which {hub_kind} do you mean? {listed}. I changed nothing yet.",
    )


def _capacity_of_many(
    clause: str,
    regions: list[Match],
    kind: tuple[str, bool] | None,
    everywhere: bool,
    vocab: Vocabulary,
) -> list[EditIntent] | Clarify:
    """Hub capacity named by kind, region or 'all hubs' ('capacity at all depots down 10%',
    'throughput in the east -5%'); asks which hubs when none are said, never a demand change."""
    amount = _amount(clause, default_up=True)
    if amount is None:
        return []
    places = tuple(m.entity.key for m in regions)
    if kind is not None:
        hub_kind, every = kind
        members = [e for e in vocab.hubs_of_kind(hub_kind) if not places or e.region in places]
        if not members or (not every and len(members) > 1):
            return _which_of_kind(hub_kind, members)
        return [HubCapacity("", amount, kinds=(hub_kind,), regions=places)]
    if places:
        return [HubCapacity("", amount, regions=places)]
    if everywhere or re.search(r"\b(?:every|each|all (?:the |our )?)hubs?\b", clause):
        every_region = tuple(e.key for e in vocab.of_kind("region"))
        return [HubCapacity("", amount, regions=every_region)]
    return Clarify(
        "capacity",
        (),
        "Which hubs' capacity should change? Name hubs, a region or a kind of hub (e.g. "
        "“capacity at all depots down 10%”). I changed nothing yet.",
    )


def _rates_scope(clause: str, words: list[str], hubs: list[Match]) -> Rates:
    """Which lanes a rate change names (factor 1 as a placeholder): two hubs are the lane
    between them as written ('the Paris-Lyon lane'; both ways when said, or said 'between
    Paris and Lyon'), one hub the lanes
    leaving, reaching or touching it; none, or more than two, all lanes (names left over
    are asked about)."""
    keys = [m.entity.key for m in hubs]
    if len(keys) == 2 and keys[0] != keys[1]:
        lanes = [f"{keys[0]}-{keys[1]}"]
        if _both_ways(clause, words, hubs):
            lanes.append(f"{keys[1]}-{keys[0]}")
        return Rates(1.0, lanes=tuple(lanes))
    if len(keys) == 1:
        side = _side(words, hubs[0])
        if side == "origin":
            return Rates(1.0, origin_hubs=(keys[0],))
        if side == "destination":
            return Rates(1.0, destination_hubs=(keys[0],))
        return Rates(1.0, hubs=(keys[0],))
    return Rates(1.0)


def _ask_region_disruption(regions: Sequence[Match], days: tuple[int, ...]) -> Clarify:
    """'a strike in the east on Thursday': a region is no hub to close; ask whether every
    hub of it closes or its drivers are cut, with the sentence that does each."""
    where = " and ".join(f"the {m.entity.label}" for m in regions)
    when = f" on {', '.join(DAY_NAMES[d] for d in days)}" if days else ""
    return Clarify(
        where,
        (),
        f"A region has no single site to close: should every hub in {where} close{when} (say "
        f"“close all hubs in {where}{when}”), or should {where} lose drivers (say e.g. “cut "
        f"drivers in {where} by 30%{when}”)? I changed nothing yet.",
    )


_EVERY_SITE = re.compile(
    r"\b(?:all|every|each)\s+(?:of\s+)?(?:(?:the|our|its)\s+)?(?:hubs?|sites?|facilit(?:y|ies)|"
    r"terminals?|locations?)\b|\b(?:the|our|its|their)\s+(?:\w+(?:'s)?\s+)?(?:hubs|sites|"
    r"facilities|terminals|locations)\b"
)
"""Every site of the regions named, whatever its kind: 'all hubs in the north', 'the north's
hubs' ('all cross-docks' names a kind: :func:`_hub_kind_words`)."""


def _hub_kind_words(clause: str) -> tuple[str, bool] | None:
    """A kind of hub named in the clause, and whether every hub of that kind is meant."""
    for phrase in sorted(HUB_KIND_WORDS, key=len, reverse=True):
        m = re.search(
            rf"\b(?:(all|every|each|the|a|an|one|any|our)\s+)?{re.escape(phrase)}\b", clause
        )
        if m:
            plural = phrase.endswith("s") and not phrase.endswith("ss")
            some = re.search(
                r"\b(?:one|some|few|couple|several|two|three|any|either|many|\d+)\s+(?:of\s+)?"
                r"(?:(?:the|our)\s+)?$",
                clause[: m.start()] + (f"{m.group(1)} " if m.group(1) else ""),
            )
            every = not some and (m.group(1) in ("all", "every", "each") or plural)
            return HUB_KIND_WORDS[phrase], every
    return None


_CUSTOMER_LOST = re.compile(
    r"\b(?:leaves?|leaving|left us|churns?|churned|walks? away|goes? away|goes elsewhere|"
    r"(?:we )?(?:lose|loses|losing|lost)(?= (?:\w+ ){0,3}?(?:as (?:a )?customers?|account|"
    r"contract|business)\b)|(?<=\bwe )(?:lose|lost|were to lose)|(?:would|could|might) lose|"
    r"(?:is|are|was|were|gets?|got) lost|stop(?:s|ped)? (?:serving|shipping(?: with us)?|sending)|"
    r"no longer (?:ships?|sends?|a customer|with us)|cancels?|cancelled|terminates?|"
    r"(?:go|goes|drop|drops|fall|falls|down) to (?:zero|nothing|0)(?:\s*t)?)\b"
)
"""A customer lost, whole ('what if ACME leaves?', 'we lose Nordbau as a customer', 'ACME
volumes go to zero'): its demand is removed, not scaled."""


_DROP_VERBS = frozenset("lose losing drop drops dropping dropped offboard offboarding".split())
_DROP_FILLERS = frozenset("the our customer client account shipper".split())


def _customer_dropped(words: Sequence[str], customers: Sequence[Match]) -> bool:
    """'lose Nordbau', 'drop the customer ACME entirely': a verb of losing whose object is a
    customer's name (only 'we lose …' and '… as a customer' were read), so the customer's
    demand goes; 'drop volumes for Nordbau' names no customer as the object."""
    for m in customers:
        before = m.start - 1
        while before >= 0 and words[before] in _DROP_FILLERS:
            before -= 1
        if before >= 0 and words[before] in _DROP_VERBS:
            return True
    return False


_PART_OF_DAY = re.compile(
    r"\b(?:night|day|morning|early|late|evening|weekend) shifts?\b|"
    r"\b(?:nights?|mornings?|afternoons?|evenings?)\b"
)
"""Part of a day ('night shifts', 'in the mornings'): the network's changes hold for whole
days, so a change limited to one is asked about, never made for the whole day."""


_OTHER_COSTS = re.compile(
    r"\b(?:handling|hubs?|drivers?|labou?r|staff|wages?|warehous\w*|storage|penalt\w*|"
    r"overheads?|trailers?|fleet|service)\b"
)
"""Costs that are not what the lanes cost ('handling costs up 5%'): not read as rates."""

_EVERY_LANE = re.compile(
    r"\b(?:all|every|each|everywhere|network-?wide|across the board)\b|\b(?:fuel|diesel)\b"
)
"""A rate change meant for every carrier: said so ('all rates'), or the price of fuel, which
every truck burns (own fleet directly, contract carriers through their surcharges)."""


def _which_carriers(vocab: Vocabulary) -> Clarify:
    """Ask whose rates change when the network has several carrier kinds (or they are not
    known): all lanes, or only one kind's."""
    kinds = [k for k in vocab.carriers if k in CARRIER_KINDS] or list(CARRIER_KINDS)
    only = " or ".join(f"only the {CARRIER_KINDS[k]} lanes" for k in kinds)
    said = join_words(["“all”", *(f"“{CARRIER_KINDS[k]}”" for k in kinds)], last="or")
    return Clarify(
        CARRIERS_ASKED,
        (ALL_CARRIERS, *(f"{CARRIER_KINDS[k]} lanes only" for k in kinds)),
        f"Whose rates should change: those of all lanes, or {only}? Say {said}. "
        "I changed nothing yet.",
    )


_STAFF_WORDS = re.compile(r"\b(?:staff(?:ing)?|headcount|workforce|personnel|roster|labou?r)\b")
"""People words that may mean the drivers or a hub's handling staff: asked, never guessed
('staff in central -10%' scaled the central region's freight)."""


def _ask_staff_are_drivers(word: str) -> Clarify:
    """Whether ``word`` means the drivers (the one kind of staff the plan counts)."""
    return Clarify(
        word,
        ("drivers",),
        f"Does “{word}” mean the drivers (planned per region)? Say “drivers” or “yes” and "
        "I'll do it with the rest of your question; a hub's handling staff is its capacity "
        "(e.g. “Munich capacity -10%”). I changed nothing yet.",
    )


def _carriers_meant(
    clause: str, left_out: tuple[str, ...], vocab: Vocabulary
) -> list[str] | Clarify:
    """The carrier kinds a rate change is for: those the clause names, less those left out
    ('raise rates 5% but not for contract carriers' is the own fleet's; it raised the contract
    rates), or a question when leaving them out leaves none."""
    named = carrier_kinds(clause)
    if not left_out:
        return named
    kept = [k for k in (named or vocab.carriers or list(CARRIER_KINDS)) if k not in left_out]
    if kept:
        return kept
    return Clarify(
        "carriers",
        (),
        "Leaving those carriers out leaves no lane whose rates could change, so I changed "
        "nothing. Whose rates should change?",
    )


_WHOLE_NETWORK = re.compile(
    r"\b(?:everything|everywhere|(?:the\s+)?(?:whole|entire)\s+network|all\s+(?:operations|sites))\b"
)
"""The whole network named as what closes ('close everything on Sunday')."""


def _close_every_hub(
    vocab: Vocabulary, days: tuple[int, ...], *, reopen: bool
) -> list[EditIntent] | Clarify:
    """Every hub closed (or reopened) on the days said; closing all of them all week leaves
    nothing to plan, so that is asked about."""
    keys = tuple(e.key for e in vocab.of_kind("hub"))
    if reopen or (days and days != _ALL_DAYS):
        return [CloseHub(keys, days, reopen=reopen)]
    return Clarify(
        "every hub",
        (),
        "Closing every hub all week leaves nothing to plan, so I changed nothing. On which "
        "days should the whole network stop (e.g. “close all hubs on Sunday”)?",
    )


_DRIVER_PAY = re.compile(
    r"\b(?:pay|paid|wages?|salar(?:y|ies)|earnings|overtime|bonus(?:es)?|costs?|rates?|"
    r"per hour|hourly)\b"
)
"""What drivers cost, not how many there are ('driver pay up 5%' added 5% more drivers)."""


_DAILY_GROWTH = re.compile(
    r"\d\s*%\s*(?:more\s+|extra\s+|up\s+|down\s+)?(?:a|per|each|every)\s+day\b|"
    r"\d\s*%\s*daily\b|\bday (?:on|after|by) day\b"
)
"""A share that compounds day by day ('up 3% per day through the week' was +3% flat)."""
_OUTCOME_FREIGHT = re.compile(
    r"\b(?:late|delayed|overdue|unserved|undelivered|missed|stranded|backlogged|on-?time)\s+"
    r"(?:deliveries|shipments|orders|loads|freight|tonnes|tons|volumes?|demand|consignments)\b|"
    r"\b(?:lateness|backlog|late deliveries|empty (?:km|kilometres|kilometers|running|"
    r"miles)|truck fill|fill rate|load factor|co2|emissions)\b"
)
"""What a plan yields (late or unserved freight, empty running, fill): a result to read or
aim for, never freight to scale ('halve unserved freight' halved every volume). 'Delays of
3 hours on A-B' is no outcome: a lane's transit, said elsewhere."""
_UTILISATION = re.compile(
    r"\b(?:\d+(?:\.\d+)?\s*%|(?:a )?(?:bit|little|lot|way|well))\s+(?:over|above|under|below)\s+"
    r"(?:its\s+|their\s+|the\s+)?capacity\b"
)
"""How full a hub runs ('Berlin is 30% over capacity', 'Paris is 10% under capacity'): a
state of the plan, not its capacity changed. 'Vienna runs at 80% capacity' is a level of
capacity, as planners say it of a hub short of staff."""
_TERMS = re.compile(r"\b(?:penalt(?:y|ies)|fines|fined|priorit(?:y|ies)|surcharges? for late)\b")
"""A customer's commercial terms ('Nordbau's penalties double' doubled Nordbau's freight):
not an edit the chat makes ('fine' alone is 'all right': 'I'm fine with +10%')."""
_TERM_NAMES = (
    ("penalt", "penalties"),
    ("fine", "fines"),
    ("priorit", "priorities"),
    ("surcharge", "late surcharges"),
)
_MONEY = re.compile(
    r"(?:€|\beur\b|\beuros?\b|\$|\bdollars?\b|\bcents?\b|£|\bpounds?\b)\s*\d|"
    r"\d(?:[\d,.]*)\s*(?:k\s*)?(?:€|\beur\b|\beuros?\b|\bdollars?\b|\bcents?\b|£|\bpounds?\b)"
)
"""An amount of money: rates change by a share here, never by euros ('Paris to Lyon costs
200 euros more per truck' added 200 trucks a day)."""


_NOT_INPUTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        _DAILY_GROWTH,
        "A change that grows day by day (“{said}”) is one change per day here: say each "
        "day's change (e.g. “volumes +5% on Monday, +10% on Tuesday”), or one change for the "
        "week. I changed nothing yet.",
    ),
    (
        _OUTCOME_FREIGHT,
        "“{said}” is what the plan yields, not something I can set. To plan for better "
        "service I can raise the service target (e.g. “service target 98%”) or limit how late "
        "freight may arrive (e.g. “at most 12 hours late”); to see where it stands, ask e.g. "
        "“where are deliveries late?”. I changed nothing.",
    ),
    (
        _UTILISATION,
        "Is “{said}” how full the hub runs in the plan, or a change of its capacity? To "
        "change it, say e.g. “{hub} capacity +30%”; to see how busy it is, ask e.g. “how busy "
        "is {hub}?”. I changed nothing.",
    ),
    (
        _TERMS,
        "I can't change {terms} in a scenario. For a customer's service I can change the "
        "promise (e.g. “next-day delivery for Nordbau”) or the network's service target "
        "(e.g. “service target 98%”). I changed nothing.",
    ),
    (
        _MONEY,
        "I change rates and costs by a share, not by an amount of money: what share is it "
        "(e.g. “Paris-Lyon rates up 10%”)? I changed nothing yet.",
    ),
)
"""What no edit sets, in the order asked about, each with its question back."""


def _not_an_input(clause: str, hub: str) -> Clarify | None:
    """A clause that would change what no edit sets: asked, naming what can be done (with
    ``hub``, the hub the clause names, in the examples)."""
    sized = re.search(r"\b(?:halve[sd]?|half|double[sd]?|triple[sd]?|quarter|third)\b", clause)
    if not _amount_said(clause) and not sized:
        return None
    for pattern, question in _NOT_INPUTS:
        found = pattern.search(clause)
        if found is not None:
            said = found.group(0)
            terms = next((n for stem, n in _TERM_NAMES if said.startswith(stem)), "")
            return Clarify(said, (), question.format(said=said, hub=hub, terms=terms))
    return None


_NEW_LANE = re.compile(
    r"(?:\b(?:add|open|create|start|launch|introduce|establish|build)(?:s|es|e?d|ing)?|"
    r"\bset(?:s|ting)? up|\bbuilt|\b(?:if|suppose|imagine|say) (?:we |you )?(?:had|ran|run))\s+"
    r"(?:a\s+|an\s+)?(?:new\s+)?(?:direct\s+)?(?:(?:own|own-fleet|own fleet|contract|"
    r"contracted|subcontracted)\s+)?(?:lane|link|connection|line-?haul)s?\b|"
    r"\bnew\s+(?:direct\s+)?(?:(?:own|own-fleet|contract)\s+)?(?:lane|link|connection)s?\b"
)
"""A lane the network does not have yet ('add a lane from Lyon to Vienna', 'open a new
direct link Paris-Munich', 'what if we had a lane …'); a question or a statement about a lane
('do we have a lane …?', 'we run a lane …') names no verb of making one."""


def _new_lanes(clause: str, words: list[str], hubs: Sequence[Match]) -> list[EditIntent] | Clarify:
    """The new lane between two hubs, in the order said; 'between A and B' is both ways, as
    it is for a lane closed; one carrier kind named is the new lane's."""
    first, second = sorted(hubs, key=lambda m: m.start)
    kinds = carrier_kinds(clause)
    if len(kinds) > 1:
        return Clarify(
            " and ".join(kinds),
            (),
            "Which kind of carrier runs the new lane: one at a time, please (e.g. “add a "
            "contract lane from Paris to Lyon”). I changed nothing yet.",
        )
    carrier = kinds[0] if kinds else None
    lane = NewLane(first.entity.key, second.entity.key, carrier)
    if _between(words, hubs) or _both_ways(clause, words, hubs):
        return [lane, NewLane(second.entity.key, first.entity.key, carrier)]
    return [lane]


_TO_SOMEONE = frozenset(
    "send sends sending sent give gives giving gave hand hands handed lend lends lent loan "
    "loans loaned".split()
)
"""Verbs whose hub right after them receives ('send Lyon 5 of Paris's trailers')."""


def _trailer_ends(
    words: list[str], hubs: Sequence[Match], *, first_takes: bool = False
) -> tuple[Match, Match]:
    """Which of two hubs gives the trailers and which takes them: the one said 'from' or
    'off', or owning them ('Paris's trailers'), gives; the one said 'to', or right after
    'send' or 'give', takes; else the order said ('move 5 trailers Paris Lyon'), the first
    taking when ``first_takes`` ('Vienna borrows 3 Berlin trailers')."""
    first, second = sorted(hubs, key=lambda m: m.start)

    def gives(m: Match) -> bool | None:
        before = words[m.start - 1] if m.start > 0 else ""
        after = words[m.end : m.end + 1]
        if before in ("from", "off") or after == ["s"]:
            return True
        if before in ("to", "into", "towards") or before in _TO_SOMEONE:
            return False
        return None

    for m, other in ((first, second), (second, first)):
        said = gives(m)
        if said is not None:
            return (m, other) if said else (other, m)
    return (second, first) if first_takes else (first, second)


def _edit_intents(clause: str, scope: _Scope, vocab: Vocabulary) -> list[EditIntent] | Clarify:
    """The changes one clause asks for (empty when it names none)."""
    words = normalise(clause).split()
    matches = scope.matches
    hubs = [m for m in matches if m.entity.kind == "hub"]
    regions = [m for m in matches if m.entity.kind == "region"]
    customers = [m for m in matches if m.entity.kind == "customer"]
    days = scope.days

    if _NEW_LANE.search(clause) and len(hubs) == 2 and not (regions or customers):
        return _new_lanes(clause, words, hubs)
    unsettable = _not_an_input(clause, hubs[0].entity.label if hubs else "Berlin")
    if unsettable is not None:
        return unsettable
    lost = _CUSTOMER_LOST.search(clause) or _customer_dropped(words, customers)
    if customers and lost and not re.search(r"\d", _CUSTOMER_LOST.sub(" ", clause)):
        return [LoseDemand(_volume_scope(clause, words, regions, hubs, customers, days))]
    priced = re.search(r"\b(?:cheaper|dearer|pricier|(?:more|less) expensive)\b", clause)
    lane_like = (  # 'contract costs up 4%', 'own-fleet costs go up 4%': what carriers charge
        len(hubs) == 2
        or re.search(
            r"\b(?:lanes?|carriers?|routes?|corridors?|links?|hauliers?|haulers?)\b|->|→", clause
        )
        or CARRIER_WORD.search(clause)
    )
    costed = re.search(  # 'the Paris-Lyon lane costs 10% more', 'costs up 5% on own lanes'
        r"\bcosts?\s+(?:(?:by\s+)?[+-]?\d|more|less|up|down|rises?|falls?|go(?:es)? up|"
        r"go(?:es)? down|increases?|drops?)",
        clause,
    )
    charged = re.search(r"\b(?:charge[sd]?|charging|bill(?:s|ed|ing)?|invoice[sd]?)\b", clause)
    bare_costs = (  # 'costs up 5%', 'our costs rise 5%': what the lanes cost, asked below
        costed
        and _PERCENT.search(clause)
        and not (hubs or regions or customers)
        and not _OTHER_COSTS.search(clause)
    )
    if (
        re.search(
            r"\b(rates?|tariffs?|prices?|fuel(?: surcharges?| costs?| prices?)?|surcharges?|"
            r"haulage costs?|line-?haul costs?|trucking costs?|transport costs?|diesel|"
            r"(?:costs?|price|rates?) per (?:km|kilometre|kilometer|mile)|per-km costs?)\b",
            clause,
        )
        or ((priced or costed or charged) and _PERCENT.search(clause) and lane_like)
        or bare_costs
    ):
        # 'contract and own-fleet rates up 5%': a carrier kind is no word of change
        amount = _amount(CARRIER_WORD.sub(" ", clause), default_up=True)
        if amount is None or amount.factor is None:
            return []
        where = _rates_scope(clause, words, hubs)
        kinds = _carriers_meant(clause, scope.excluded_carriers, vocab)
        if isinstance(kinds, Clarify):
            return kinds
        if len(kinds) == 1:
            return [replace(where, factor=amount.factor, carrier=kinds[0])]
        if where != Rates(1.0) or kinds:  # lanes named, or every kind of carrier
            return [replace(where, factor=amount.factor)]
        if len(vocab.carriers) == 1 or _EVERY_LANE.search(clause):
            return [Rates(amount.factor)]
        return _which_carriers(vocab)
    if re.search(r"\b(trailers?|fleet|trailer pool|empties)\b", clause):
        count = _NUMBER.search(clause)
        moving = re.search(
            r"\b(?:move[sd]?|moving|shift(?:s|ed|ing)?|transfer(?:s|red|ring)?|"
            r"reposition(?:s|ed|ing)?|relocate[sd]?|send(?:s|ing)?|sent|swap(?:s|ped)?|"
            r"redeploy(?:s|ed)?|rebalance[sd]?|bring(?:s|ing)?|brought|deadhead(?:s|ed)?|"
            r"haul(?:s|ed)?)\b",
            clause,
        )
        lent = re.search(r"\b(?:lend|lends|lent|loan|loans|loaned|borrow\w*)\b", clause)
        if lent and len(hubs) == 2 and count and not _between(words, hubs):
            # 'lend Vienna 3 trailers from Berlin', 'Vienna borrows 3 from Berlin'
            borrowed = lent.group(0).startswith("borrow")
            giver, taker = _trailer_ends(words, hubs, first_takes=borrowed)
            return [MoveTrailers(giver.entity.key, taker.entity.key, int(float(count.group(1))))]
        surplus = re.search(r"\btoo (?:many|few)\b|\b(?:surplus|excess|spare)\b", clause)
        if surplus and len(hubs) == 1 and count:
            # 'Berlin has 10 trailers too many' set its fleet to 10
            name, n_said = hubs[0].entity.label, count.group(1)
            return Clarify(
                surplus.group(0),
                (),
                f"Should {name} have {n_said} fewer trailers than now, or {n_said} more (a "
                f"surplus to plan with)? Say e.g. “{n_said} fewer trailers at {name}”. I "
                "changed nothing yet.",
            )
        if moving and _between(words, hubs):
            return _which_way(hubs, f"the {count.group(1)} trailers" if count else "the trailers")
        given = re.search(r"\b(?:give|gives|giving|gave|hand|hands|handed)\b", clause)
        if (moving or given) and len(hubs) == 2 and count:
            giver, taker = _trailer_ends(words, hubs)
            return [MoveTrailers(giver.entity.key, taker.entity.key, int(float(count.group(1))))]
        if moving and len(hubs) == 2:
            route = f"from {hubs[0].entity.label} to {hubs[1].entity.label}"
            return Clarify(
                "how many",
                (),
                f"How many trailers should move {route}? I changed nothing yet.",
            )
        if moving and len(hubs) == 1:
            return Clarify(
                "from where",
                (),
                f"Between which hubs should the trailers move ({hubs[0].entity.label} and "
                "which other)? Say it as “move 5 trailers from Paris to Lyon”. I changed "
                "nothing yet.",
            )
        if len(hubs) == 1 and not moving:
            amount = _amount(clause, default_up=False)
            if amount is None and count and _bare_level(clause):
                amount = Amount(value=float(count.group(1)))  # 'Munich needs 30 trailers'
            if amount is None:
                return []
            if amount.factor is not None:
                return _ask_count("trailers", hubs[0].entity.label)
            return [FleetSize(hubs[0].entity.key, amount)]
        trailers_said = re.search(r"\btrailers?\b", clause)  # not 'own fleet': a carrier kind
        if trailers_said and not hubs and not moving and _amount(clause, default_up=False):
            # '10% fewer trailers': the fleet is counted per hub, so ask where and how many
            return Clarify(
                "trailers",
                (),
                "Trailers are counted per hub: at which hub should the fleet change, and by "
                "how many trailers (e.g. “8 fewer trailers at Paris”)? I changed nothing yet.",
            )
        return []
    staff = _STAFF_WORDS.search(clause)
    if staff and not re.search(r"\bdrivers?\b", clause) and _amount_said(clause):
        return _ask_staff_are_drivers(staff.group(0))
    if re.search(r"\bdrivers?\b|\bdriver[- ]hours\b", clause) and _DRIVER_PAY.search(clause):
        return Clarify(
            "driver pay",
            (),
            "Drivers' pay is part of what own-fleet trucks cost, not how many drivers there "
            "are: shall I change the own-fleet rates (e.g. “own-fleet rates up 5%”), or did "
            "you mean the number of drivers (e.g. “5% more drivers”)? I changed nothing yet.",
        )
    if re.search(r"\bdrivers?\b|\bdriver[- ]hours\b", clause):
        amount = _amount(clause, default_up=False)
        if hubs and not regions and not customers:
            places = {m.entity.region for m in hubs if m.entity.region}
            said = ", ".join(f"{m.entity.label} is in the {m.entity.region}" for m in hubs)
            return Clarify(
                hubs[0].entity.label,
                tuple(f"the {r}" for r in sorted(places)),
                f"Drivers are planned per region, not per hub: {said}. Should I change the "
                f"drivers of the {' and the '.join(sorted(places))}, and by how much? "
                "I changed nothing yet.",
            )
        if amount is None:
            return []
        if re.search(r"\b(?:volumes?|demand|tonnage|freight|shipments?|orders?)\b", clause):
            return Clarify(
                clause,
                ("drivers", "volumes"),
                f"“{clause}” names both drivers and volumes with one amount: which should "
                "change, or could you give each its own (“… and …”)? I changed nothing yet.",
            )
        chosen = [m.entity.key for m in regions] or [e.key for e in vocab.of_kind("region")]
        return [Drivers(amount, (r,), days) for r in chosen]
    target = re.search(  # 'service level', 'OTIF', 'SLA' with a share: the on-time target
        r"\b(?:service (?:level )?target|service level|on-?time (?:delivery )?(?:target|"
        r"share)|target service|otif|otd|sla)\b.*?(\d+(?:\.\d+)?)\s*%|"
        r"(\d+(?:\.\d+)?)\s*%\s*(?:on[- ]time|service level|otd|otif)",
        clause,
    )
    if target:
        relative = re.search(
            r"\bby\s+[+-]?\d|(?<![\w.])[+-]\s?\d|\b(?:up|down|raise|lower|increase|decrease|"
            r"plus|minus)\b|\d\s*%\s*(?:higher|lower|more|less|above|below|tighter|looser)\b",
            clause,
        )
        if relative and not re.search(r"\bto\s+\d+(?:\.\d+)?\s*%", clause):
            change = _target_change(clause)
            if change is None:
                return Clarify(
                    "service target",
                    DIRECTIONS,
                    "Should the service target go up or down, and by how many points (e.g. "
                    "“raise the service target by 2 points”, or “set it to 97%”)? "
                    "I changed nothing yet.",
                )
            return [ServicePolicy(target_change=change)]
        final = re.search(r"\bto\s+(\d+(?:\.\d+)?)\s*%", clause)
        value = final.group(1) if final else (target.group(1) or target.group(2))
        return [ServicePolicy(service_target=float(value) / 100.0)]
    if re.search(r"\bsame[- ]day\b", clause) and _WINDOW.search(clause.replace("same", "next")):
        return Clarify(
            "same-day",
            (),
            "Within how many hours of pick-up should same-day freight arrive (e.g. “delivery "
            "within 12 hours”)? I changed nothing yet.",
        )
    promise = _promise(clause)
    if promise is not None:
        scoped = _volume_scope(clause, words, regions, hubs, customers, days)
        ends = _ends(hubs, regions)
        if _both_ways(clause, words, ends):  # 'two-day delivery between Paris and Lyon'
            return [ServicePromise(each, *promise) for each in _each_way(scoped, ends)]
        return [ServicePromise(scoped, *promise)]
    late = re.search(
        r"(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b.*\blate\b|\blate\b.*?(\d+(?:\.\d+)?)\s*(?:h|hours?)\b",
        clause,
    )
    if late and re.search(r"\b(allow|accept|tolerate|max|maximum|up to)\b", clause):
        return [ServicePolicy(max_late_h=float(late.group(1) or late.group(2)))]
    late_by = re.search(r"\b((?:\d+(?:\.\d+)?|a|an|half a)\s*-?\s*days?)\s+late\b", clause)
    if late_by and re.search(r"\b(allow|accept|tolerate|let|max|maximum|up to)\b", clause):
        hours = _hours(late_by.group(1))
        if hours is not None:
            return [ServicePolicy(max_late_h=hours)]  # 'let freight arrive up to a day late'
    closing = _CLOSING.search(clause)
    reopening = _REOPENING.search(clause)
    lane_words = re.search(
        r"\b(lanes?|links?|routes?|corridors?|departures?|trucks?|dispatch(?:es)?)\b|->|→|–|—|"
        r"\s-\s|"
        r"\b\w+-\w+\b",
        clause,
    )
    volume_words = _VOLUME.search(clause)
    capacity_words = re.search(
        r"\b(capacity|throughput)\b|\b(?:limit|cap|restrict|throttle)\w*\b.*\d\s*(?:t|tonnes|tons)\b|"
        r"\b(?:handle[sd]?|handling|process(?:es|ed|ing)?)\b(?=.*\d)",
        clause,
    )  # 'Hamburg handles 30% less', 'Paris can only process 80% of normal': a hub's capacity
    can_handle = re.search(  # 'Hamburg can take 20% more freight': what the hub can do
        r"\b(?:can|could|will be able to|is able to)\s+(?:only\s+|now\s+)?(?:take|handle|"
        r"process|absorb|accept|cope with|manage|deal with|do|move|ship|turn over)\b",
        clause,
    )
    freight_words = re.search(
        r"\b(?:volumes?|demand|tonnage|tonnes|freight|shipments?|orders?|loads?|flows?|"
        r"traffic|inbound|outbound)\b|\d\s*(?:t|tonnes|tons)\b",
        clause,
    )  # 'for the peak' says when, not what: '2 trucks a day … for the peak' is a lane
    capacity_words = capacity_words or can_handle
    freight_named = re.search(
        r"\b(?:volumes?|demand|freight|tonnage|shipments?|orders?|loads?|traffic|inbound|"
        r"outbound|ships?|shipping)\b",
        clause,
    )
    from_to = len(hubs) == 2 and re.search(r"\bfrom\b", clause) and " to " in clause
    # '50 t a day Paris to Lyon' is freight on the pair (it set both hubs' capacity to 50 t)
    pair_said = len(hubs) == 2 and words[hubs[0].end : hubs[1].start] in (["to"], ["towards"])
    if (
        not capacity_words
        and not freight_named
        and not customers
        and not lane_words
        and not from_to
        and not pair_said
    ):
        # 'Hamburg to 1,200 t/day', 'cap Paris at 50%': what the hub handles
        capacity_words = _HUB_RATE.search(clause) or _CAPPED_SHARE.search(clause)
    if len(hubs) == 2 and _NO_TRAFFIC.search(clause) and not customers and not regions:
        # 'no trucks from Hamburg to Berlin', 'stop all traffic between Paris and Lyon'
        origin, destination = hubs[0].entity.key, hubs[1].entity.key
        lane = CloseLane(origin, destination)
        if _both_ways(clause, words, hubs):
            return [lane, CloseLane(destination, origin)]
        return [lane]
    if len(hubs) == 2 and _TRANSIT_SAID.search(clause) and not freight_words and not customers:
        lane_words = lane_words or _TRANSIT_SAID.search(clause)  # 'Paris to Lyon takes 9 hours'
    if len(hubs) == 2 and lane_words and not freight_words and not customers:
        origin, destination = hubs[0].entity.key, hubs[1].entity.key
        counted_things = re.search(r"\b(?:trucks?|lorries|departures?|capacity)\b", clause)
        if _TRANSIT_WORDS.search(clause) and not counted_things and not (closing or reopening):
            transit = _lane_transit(clause, origin, destination)
            if isinstance(transit, Clarify) or not _both_ways(clause, words, hubs):
                return transit if isinstance(transit, Clarify) else [transit]
            return [transit, replace(transit, origin=destination, destination=origin)]
        unsupported = _truck_size(clause)
        if unsupported is not None:
            return unsupported
        counted = re.search(r"\b(trucks?|departures?|capacity)\b|\d", clause)
        dropped = re.search(r"\b(?:remove|delete|scrap|drop|cancel|stop|suspend)\w*\b", clause)
        if reopening or ((closing or dropped) and not counted):
            lane = CloseLane(origin, destination, reopen=bool(reopening))
            if _both_ways(clause, words, hubs):
                return [lane, CloseLane(destination, origin, reopen=bool(reopening))]
            return [lane]
        amount = _amount(clause, default_up=True)
        if amount is None:
            return []
        bare_count = amount.delta is not None and amount.delta > 0 and _bare_level(clause)
        if bare_count:
            amount = Amount(value=amount.delta)  # 'three departures a day on A→B'
        if _both_ways(clause, words, hubs):
            return [
                LaneCapacity(origin, destination, amount),
                LaneCapacity(destination, origin, amount),
            ]
        return [LaneCapacity(origin, destination, amount)]
    kind = _hub_kind_words(clause)
    # 'we lose 200 t from Hamburg to Munich': tonnes between two hubs are freight, not the lane
    freight_lost = len(hubs) == 2 and re.search(r"\d\s*(?:t|tonnes?|tons?)\b", clause)
    if (
        (reopening or closing)
        and not capacity_words
        and not _PERCENT.search(clause)
        and not freight_lost
    ):
        if len(hubs) == 2 and words[hubs[0].end : hubs[1].start] in (["to"], ["towards"]):
            # 'close Berlin to Hamburg': the lane from one to the other, not both hubs
            return [CloseLane(hubs[0].entity.key, hubs[1].entity.key, reopen=bool(reopening))]
        if len(hubs) == 2 and _between(words, hubs) and not customers:
            # 'the A7 is closed between Lyon and Paris' closed both hubs: the road between
            first, second = (m.entity.key for m in sorted(hubs, key=lambda m: m.start))
            again = bool(reopening)
            return [CloseLane(first, second, reopen=again), CloseLane(second, first, reopen=again)]
        if hubs and not volume_words and not customers and not regions:
            keys = tuple(m.entity.key for m in hubs)
            return [CloseHub(keys, days, reopen=bool(reopening))]
        if regions and not hubs and not customers and not kind and not _EVERY_SITE.search(clause):
            return _ask_region_disruption(regions, days)
        if regions and not hubs and not customers and not kind and _EVERY_SITE.search(clause):
            # 'close all hubs in the north', 'the north's hubs close on Monday': each of them
            in_regions = sorted({m.entity.key for m in regions})
            keys = tuple(e.key for r in in_regions for e in vocab.hubs_in(r))
            return [CloseHub(keys, days, reopen=bool(reopening), within=tuple(in_regions))]
        whole = _EVERY_SITE.search(clause) or _WHOLE_NETWORK.search(clause)
        if whole and not hubs and not regions and not customers and not kind:
            return _close_every_hub(vocab, days, reopen=bool(reopening))
        if kind and not hubs:
            hub_kind, every = kind
            in_regions = sorted({m.entity.key for m in regions})
            members = [
                e for e in vocab.hubs_of_kind(hub_kind) if not in_regions or e.region in in_regions
            ]
            if in_regions and not members:
                named_regions = " and ".join(f"the {m.entity.label}" for m in regions)
                return Clarify(
                    hub_kind,
                    (),
                    f"There is no {hub_kind} in {named_regions}, so I changed nothing. "
                    "Which hub do you mean?",
                )
            if in_regions and (every or len(members) == 1):
                # 'the relay in the north', 'every cross-dock in the west': those hubs
                keys = tuple(e.key for e in members)
                return [CloseHub(keys, days, reopen=bool(reopening), within=tuple(in_regions))]
            if members and (every or len(members) == 1):
                return [CloseHub((), days, reopen=bool(reopening), kinds=(hub_kind,))]
            return _which_of_kind(hub_kind, members)
    if (
        capacity_words
        and hubs
        and (can_handle or not _VOLUME.search(re.sub(r"\d\s*(?:t|tonnes|tons)\b", "", clause)))
    ):
        amount = _amount(clause, default_up=True)
        if amount is None:
            return []
        if amount.delta is not None and amount.delta > 0 and _bare_level(clause):
            amount = Amount(value=amount.delta)  # 'Munich capacity 500 t' is a level
        return [HubCapacity(m.entity.key, amount) for m in hubs]
    everywhere = re.search(
        r"\b(everywhere|network-wide|networkwide|across the network|all)\b", clause
    )
    if capacity_words and not volume_words and not customers:
        return _capacity_of_many(clause, regions, kind, bool(everywhere), vocab)
    lanes_named = re.search(
        r"\b(?:lanes?|links?|corridors?|trucks?|lorries|departures?)\b", clause
    ) and (re.search(r"\d", clause) or _MULTIPLIER.search(clause))
    if lanes_named and not volume_words and not customers and len(hubs) != 2:
        # 'double the trucks on all lanes out of Paris' doubled Paris's freight
        return Clarify(
            "lanes",
            (),
            f"Which lanes should “{clause}” change, and what of them: their capacity (trucks "
            "a day) or their rates? Name a lane (e.g. “Paris-Lyon”) or hubs. I changed "
            "nothing yet.",
        )
    every_site = re.search(r"\b(?:all|every|each|our)\s+(?:the\s+)?(?:hubs?|sites?)\b", clause)
    if (kind or every_site) and not (volume_words or capacity_words or customers or hubs):
        # 'all cross-docks down 10%' scaled the freight of the whole network
        sites = f"all {kind[0]}s" if kind else "all hubs"
        return Clarify(
            sites,
            (),
            f"What of {sites} should change: their capacity (e.g. “capacity at {sites} "
            f"-10%”) or the freight they handle (e.g. “volumes at {sites} -10%”)? I changed "
            "nothing yet.",
        )
    swing = _DEMAND_SWING.search(clause) and hubs and not capacity_words
    if volume_words or customers or _MULTIPLIER.search(clause) or regions or everywhere or swing:
        amount = _amount(clause, default_up=bool(re.search(r"\b(peak|season|spike)\b", clause)))
        if amount is None:
            return []
        if amount.delta is not None and not _TONNES.search(clause):
            # 'volumes up 10', 'up 0.1', 'grow by 1.1': a share, a factor or tonnes?
            size = abs(amount.delta)
            share = size * 100 if size < 1 else size
            return Clarify(
                f"{amount.delta:g}",
                (f"{share:g}%", f"{size:g} t"),
                f"Do you mean {share:g}% or {size:g} t? I changed nothing yet.",
            )
        to_zero = re.search(r"\bto\s+(?:zero|0|nothing|nil)\b", clause)
        if amount.value == 0 and to_zero and (regions or hubs or customers):
            # 'cut Nordbau's volume to zero': that freight is gone
            return [LoseDemand(_volume_scope(clause, words, regions, hubs, customers, days))]
        if amount.value is not None:
            return Clarify(
                f"{amount.value:g}",
                (),
                f"Do you mean a change of {amount.value:g} t, or a total of {amount.value:g} t? "
                "I can change volumes by a share or by tonnes, not set a total, so I changed "
                "nothing yet.",
            )
        bare_share = _bare_share_of(clause)
        if bare_share is not None:
            return _ask_share_or_change(bare_share, clause, vocab)
        scoped = replace(
            _volume_scope(clause, words, regions, hubs, customers, days), amount=amount
        )
        if kind and not hubs:
            # 'volumes at all cross-docks down 10%' scaled the freight of every hub
            within = {m.entity.key for m in regions}
            kind_hubs = tuple(
                e.key
                for e in vocab.entities
                if e.kind == "hub" and e.hub_kind == kind[0] and (not within or e.region in within)
            )
            if not kind_hubs:
                return Clarify(kind[0], (), f"There is no {kind[0]} there, so I changed nothing.")
            # the region said stays as a filter at either end: the kind's hubs lie in it,
            # so it narrows nothing more (and 'in the west' is seen as used)
            blank = replace(scoped, origin_regions=(), destination_regions=())
            return [replace(blank, hubs=kind_hubs, regions=tuple(sorted(within)))]
        ends = _ends(hubs, regions)
        if _both_ways(clause, words, ends):
            # 'volumes between Paris and Lyon up 10%', '… both ways': each direction
            each = _EACH_WAY_SAID.search(clause)
            if amount.delta is not None and not each:
                return _tonnes_which_way(ends, amount.delta)
            return list(_each_way(scoped, ends))
        return [scoped]
    return []


_EACH_WAY_SAID = re.compile(
    r"\b(?:each|either|both|every) ways?\b|\bin (?:each|both|either) directions?\b|"
    r"\b(?:each|per) direction\b"
)
"""Tonnes said for each direction ('50 t more each way between Paris and Lyon')."""


def _tonnes_which_way(ends: Sequence[Match], delta: float) -> Clarify:
    """Tonnes between two places: one way, the other, or that much each way? 'We lost 120 t
    between Turin and Genoa' took 120 t off each way, 240 t in all."""
    first, second = (m.entity.label for m in sorted(ends, key=lambda m: m.start))
    tonnes = f"{abs(delta):g} t"
    there, back = f"from {first} to {second}", f"from {second} to {first}"
    return Clarify(
        f"between {first} and {second}",
        (there, back, f"between {first} and {second} each way"),
        f"Are the {tonnes} {there}, {back}, or {tonnes} each way? I changed nothing yet.",
    )


_NO_TRAFFIC = re.compile(
    r"\b(?:no|zero|0)\s+(?:more\s+)?(?:trucks?|departures?|runs?|trips?|traffic|"
    r"dispatch(?:es)?)\b(?!\s+(?:left|to spare|available|remaining)\b)|"
    r"\b(?:stop|halt|suspend|cancel)\w*\s+(?:all\s+)?(?:the\s+)?(?:trucks?|departures?|runs?|"
    r"trips?|traffic)\b"
)
"""Nothing to run on a lane ('no trucks from A to B', 'zero departures A to B', 'stop all
traffic between A and B'): the lane closed ('zero departures' was a change of 0 trucks)."""
_HUB_RATE = re.compile(r"\d\s*(?:t|tonnes|tons)\s*(?:/|per |an? )\s*day\b")
"""Tonnes a day is what a hub handles: 'Hamburg to 1,200 t/day' sets its capacity."""
_TONNES_A_DAY = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:t|tonnes|tons)\s*(?:/|per |an? )\s*day\b"
)
"""Tonnes a day said of freight: a volume change is tonnes in all, so it is asked about."""
_CAPPED_SHARE = re.compile(
    r"\b(?:cap|caps|capped|capping|limit|limits|limited|limiting|restrict\w*|throttl\w*)\b"
    r".*\d\s*%"
)
"""A hub capped or limited to a share, with no freight named ('cap Paris at 50%'): its
throughput, as 'cap Paris throughput at 50%' is."""


_TRANSIT_WORDS = re.compile(
    r"\b(?:takes?|took|taking)\b.*\b(?:h|hrs?|hours?|minutes?|mins?)\b|"
    r"\b(?:transit|travel time|journey time|drive time|driving time|running time|longer|slower|"
    r"faster|quicker|delay(?:s|ed)?|late)\b|(?<![\w.])[+-]\s*\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|"
    r"minutes?|mins?)\b|\badd(?:s|ed|ing)?\b.*\b(?:h|hrs?|hours?|minutes?|mins?)\s+to\b"
)
"""Words of a lane's transit time: how long a trip takes, or that it takes longer or shorter
('+2h', 'add 2 hours to A-B'); a duration alone ('for 24 hours', 'in 2 hours') is none."""
_TRANSIT_SAID = re.compile(
    r"\b(?:takes?|took|taking)\b.*\b(?:h|hrs?|hours?|minutes?|mins?)\b|\b(?:transit|travel time|"
    r"journey time|drive time|driving time|running time|longer|slower|faster|quicker)\b"
)
"""Words that say a trip between two hubs takes some time, with no lane named ('Paris to
Lyon takes 9 hours', '30 minutes quicker between Paris and Lyon')."""
_DURATION_SAID = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|half an?)\s*-?\s*"
    r"(?:(?:more|extra|additional|fewer|less)\s+)?(?P<unit>h|hrs?|hours?|minutes?|mins?|days?)\b"
)
_SMALL_NUMBERS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0}
_SMALL_NUMBERS |= {"five": 5.0, "six": 6.0, "half a": 0.5, "half an": 0.5}
_LONGER = re.compile(
    r"\b(?:longer|slower|more|extra|additional|add(?:s|ed|ing)?|delay(?:s|ed)?|late|later|"
    r"increase[sd]?|up|rise[sd]?|grows?)\b|(?<![\w.])\+\s*\d"
)
_SHORTER = re.compile(
    r"\b(?:shorter|faster|quicker|less|fewer|cut|cuts|save[sd]?|shave[sd]?|trim(?:s|med)?|"
    r"reduce[sd]?|down|decrease[sd]?|drops?)\b|(?<![\w.])-\s*\d"
)


def _lane_transit(clause: str, origin: str, destination: str) -> LaneTransit | Clarify:
    """A lane's transit time set ('Paris-Lyon takes 9 hours') or changed ('an hour longer',
    '+2 h', '30 minutes quicker', 'delays of 3 hours'); a share or no duration is asked
    about, since transit is hours, not a share."""
    found = _DURATION_SAID.search(clause)
    if found is None or _PERCENT.search(clause):
        return Clarify(
            "transit time",
            (),
            "By how many hours should the transit change, or what should it be (e.g. “2 hours "
            "longer” or “takes 9 hours”)? I changed nothing yet.",
        )
    said = found.group("n").replace(",", ".")
    number = _SMALL_NUMBERS.get(said) or float(said)
    unit = found.group("unit")
    hours = number / 60.0 if unit.startswith("m") else number * (24.0 if unit[0] == "d" else 1.0)
    longer, shorter = bool(_LONGER.search(clause)), bool(_SHORTER.search(clause))
    if longer and shorter:
        return Clarify(
            "transit time",
            (),
            f"Should the transit take {hours:g} h longer or {hours:g} h less? I changed "
            "nothing yet.",
        )
    if longer or shorter:
        return LaneTransit(origin, destination, add_h=hours if longer else -hours)
    return LaneTransit(origin, destination, hours=hours)


def _truck_size(clause: str) -> Clarify | None:
    """What a lane's trucks carry: no edit changes that, so say so."""
    if not re.search(
        r"\b(?:carry|carries|carrying|payload|load factor|(?:bigger|larger|smaller) trucks?|"
        r"truck size)\b",
        clause,
    ):
        return None
    return Clarify(
        "truck size",
        (),
        "I can't change a lane's truck size in a scenario; I can change its departures a day, "
        "its transit time, its rates, or close it. I changed nothing.",
    )


def _bare_level(clause: str) -> bool:
    """A count said as a state, not a change ('three departures a day on A→B', 'Munich
    needs 30 trailers'): no word of rising or falling, no sign, and no verb that moves
    things whose direction is unknown ('take 2 trailers away' is never a level)."""
    return (
        _direction(clause, default_up=False) == 0
        and not re.search(r"[+-]\s*\d|\b(?:more|extra|additional|another|fewer|less)\b", clause)
        and not re.search(
            r"\b(?:take|takes|taking|took|pull|pulls|put|puts|give|gives|bring|brings|send|"
            r"sends|move|moves|shift|shifts|get|gets|swap|swaps|switch|trade|trades|sell|sells|"
            r"sold|rent|rents|lend|lends|lent|loan|loans|borrow|borrows|order|orders|ordered)\b",
            clause,
        )
    )


_BOTH_WAYS = re.compile(
    r"\b(?:both ways|both directions|either direction|each direction|each way|two-way|"
    r"in both)\b"
)
"""Both directions of the lane between two hubs: one change per direction."""

_UNDIRECTED = ("between", "linking", "connecting", "joining")
"""Words that join two places without a direction: 'between Paris and Lyon'."""


def _between(words: list[str], ends: Sequence[Match]) -> bool:
    """Whether two places are said with no direction ('between Paris and Lyon', 'the lane
    linking Berlin and Hamburg', 'connecting the north and the east'): both directions are
    meant, as 'both ways' says (never the first to the second only)."""
    if len(ends) != 2:
        return False
    first, second = sorted(ends, key=lambda m: m.start)
    lead = [w for w in words[: first.start] if w != "the"]
    joined = [w for w in words[first.end : second.start] if w != "the"]
    return bool(lead) and lead[-1] in _UNDIRECTED and joined in ([], ["and"])


def _both_ways(clause: str, words: list[str], ends: Sequence[Match]) -> bool:
    """Whether a change between two places is meant in both directions: said with no
    direction ('between A and B'), or, of two hubs, said so ('both ways')."""
    if len(ends) != 2:
        return False
    hubs = all(m.entity.kind == "hub" for m in ends)
    return _between(words, ends) or (hubs and bool(_BOTH_WAYS.search(clause)))


def _ends(hubs: list[Match], regions: list[Match]) -> list[Match]:
    """The two places a change between two places joins: two hubs, or two regions when no
    hub is named; none otherwise."""
    if len(hubs) == 2:
        return hubs
    return regions if len(regions) == 2 and not hubs else []


def _which_way(ends: Sequence[Match], what: str) -> Clarify:
    """Ask which way something moves between two places ('move 12 trailers between Paris and
    Lyon'): a move has one direction, and 'between' names none."""
    first, second = (m.entity.label for m in sorted(ends, key=lambda m: m.start))
    there, back = f"from {first} to {second}", f"from {second} to {first}"
    return Clarify(
        f"between {first} and {second}",
        (there, back),
        f"Which way should {what} move: {there}, or {back}? I changed nothing yet.",
    )


def _each_way(scope: ScaleVolume, ends: Sequence[Match]) -> list[ScaleVolume]:
    """A demand scope between two hubs or two regions as one scope per direction: from the
    first to the second, and back."""
    first, second = (m.entity.key for m in sorted(ends, key=lambda m: m.start))
    ways = ((first, second), (second, first))
    blank = replace(
        scope,
        origin_regions=(),
        destination_regions=(),
        regions=(),
        origin_hubs=(),
        destination_hubs=(),
        hubs=(),
    )
    if ends[0].entity.kind == "hub":
        return [replace(blank, origin_hubs=(a,), destination_hubs=(b,)) for a, b in ways]
    return [replace(blank, origin_regions=(a,), destination_regions=(b,)) for a, b in ways]


_DEMAND_SWING = re.compile(
    r"\b\d+(?:\.\d+)?%\s+(?:spike|surge|jump|dip|rise|increase|decrease|fall|slump|uplift|"
    r"downturn|growth|decline|drop|upswing|swing)\b"
)
"""'a 10% spike into Paris': a swing named by its size is a change of the freight there."""

_WINDOW = re.compile(
    r"\b(windows?|due (?:times?|hours?|dates?)|promises?|promised|lead[- ]times?|slas?|"
    r"delivery (?:times?|targets?)|next[- ]day|two[- ]day\b|2[- ]day\b|deliver(?:y|ed)? "
    r"within|within \d)|\bdeliver\w*\b.*\bwithin\b|"
    r"\d\s*-?\s*(?:h|hrs?|hours?|days?)\s+(?:for|to)\s+deliver|"
    r"(?:\d|\b(?:one|two|three|same|next))\s*-?\s*(?:h|hrs?|hours?|days?)\s+(?:delivery|service|"
    r"lead[- ]times?)\b|\b(?:an?|one|two|\d+)\s+(?:extra|more|additional)\s+days?\s+to\s+deliver"
)
_PROMISE_LEVEL = re.compile(
    r"\b(?:to|of)\s+(?:\d|an?\b|half\b)|\bwithin\b|"
    r"\d\s*-?\s*(?:h|hrs?|hours?|days?)\s+(?:delivery|service|promises?|slas?|lead[- ]times?)\b|"
    r"\d\s*-?\s*(?:h|hrs?|hours?|days?)\s+(?:for|to)\s+deliver"
)
"""A promise said as its new length ('push the promise to 48h', '2 days for delivery'), not
as a change of it ('relax the windows by a day', '12 more hours')."""
_PROMISE_CHANGE = re.compile(
    r"\bby\s+(?:\d|an?\b|half\b)|"
    r"\d\s*-?\s*(?:h|hrs?|hours?|days?)\s+(?:more|extra|longer|less|fewer|shorter|earlier|later)\b|"
    r"\b(?:more|extra|additional|fewer|less)\s+(?:\d|an?\b|half\b)|"
    r"\d\s+(?:more|extra|additional|fewer|less)\s+(?:h|hrs?|hours?|days?)\b"
)


def _hours(text: str) -> float | None:
    """A duration in hours: '6 hours', '12h', 'a day', '2 days', 'half a day'."""
    more = r"(?:(?:more|extra|additional|fewer|less)\s+)?"  # '12 more hours'
    found = re.search(rf"(\d+(?:\.\d+)?)\s*-?\s*{more}(?:h|hrs?|hours?)\b", text)
    if found:
        return float(found.group(1))
    if re.search(r"\bhalf a day\b", text):
        return 12.0
    found = re.search(rf"\b(\d+(?:\.\d+)?|a|an)\s*(?:-\s*)?{more}days?\b", text)
    if found:
        return 24.0 * (1.0 if found.group(1) in ("a", "an") else float(found.group(1)))
    return None


def _target_change(clause: str) -> float | None:
    """The signed change of a service target 'raised/lowered by N%' (points, as a share), or
    None when the amount or its direction is not said ('change the target by 2 points')."""
    signed = re.search(r"(?<![\w.])([+-])\s?(\d+(?:\.\d+)?)\s*%", clause)
    if signed:
        return float(signed.group(2)) / 100.0 * (1 if signed.group(1) == "+" else -1)
    compared = re.search(
        r"(\d+(?:\.\d+)?)\s*%\s*(?:(higher|more|above|tighter)|lower|less|below|looser)\b", clause
    )
    if compared:  # '2 points higher'
        return float(compared.group(1)) / 100.0 * (1 if compared.group(2) else -1)
    amount = re.search(r"\b(by|plus|minus|up|down)\s+(\d+(?:\.\d+)?)\s*%", clause)
    if amount is None:
        return None
    value = float(amount.group(2)) / 100.0
    if amount.group(1) != "by":
        return value if amount.group(1) in ("plus", "up") else -value
    up = re.search(
        r"\b(?:up|raise[sd]?|raising|increase[sd]?|increasing|tighten\w*|higher)\b", clause
    )
    down = re.search(
        r"\b(?:down|lower(?:s|ed|ing)?|decrease[sd]?|decreasing|relax\w*|loosen\w*|cut|drop\w*)\b",
        clause,
    )
    if (up is None) == (down is None):
        return None
    return value if up else -value


def _promise(clause: str) -> tuple[float | None, float | None] | None:
    """(due_h, delta_h) of a service-promise clause, or None when it is not one."""
    if not _WINDOW.search(clause) or re.search(r"\blate\b", clause):
        return None
    if re.search(r"\bnext[- ]day\b", clause):
        return 24.0, None
    if re.search(r"\b(?:two|2)[- ]day\b", clause):
        return 48.0, None
    hours = _hours(clause)
    if hours is None:
        return None
    if _PROMISE_LEVEL.search(clause) and not _PROMISE_CHANGE.search(clause):
        return hours, None
    if re.search(
        r"\b(relax|extend|loosen|widen|lengthen|longer|more|add|give|postpone|delay)\b|"
        r"\b(?:push|move|put)\w*\b.*\b(?:back|out|later)\b",
        clause,
    ):
        return None, hours
    if re.search(
        r"\b(tighten|shorten|narrow|cut|reduce|shorter|less|faster)\b|"
        r"\b(?:bring|pull|move)\w*\b.*\b(?:forward|earlier|in)\b",
        clause,
    ):
        return None, -hours
    if re.search(
        r"\bwithin\b|\d\s*-?\s*(?:h|hours?|days?)\s+(?:delivery|service|promises?)\b", clause
    ):
        return hours, None
    return None


def _volume_scope(
    clause: str,
    words: list[str],
    regions: list[Match],
    hubs: list[Match],
    customers: list[Match],
    days: tuple[int, ...],
) -> ScaleVolume:
    """The demand a clause selects (origin, destination, either end, customers, days)."""
    sides: dict[str, list[str]] = {
        k: []
        for k in (
            "origin_regions",
            "destination_regions",
            "regions",
            "origin_hubs",
            "destination_hubs",
            "hubs",
        )
    }
    ordered = sorted(regions + hubs, key=lambda m: m.start)
    listed: dict[int, str] = {}
    for before, m in pairwise(ordered):
        between = words[before.end : m.start]
        if all(w in ("and", "or", "the") for w in between):
            # 'into Rome and Naples': the second name of a list has the first one's side
            listed[m.start] = listed.get(before.start) or _side(words, before)
    for m in regions + hubs:
        side = listed.get(m.start) or _side(words, m)
        if m.entity.kind == "region":
            key = {"destination": "destination_regions", "both": "regions"}.get(
                side, "origin_regions"
            )
        else:
            key = {"origin": "origin_hubs", "destination": "destination_hubs"}.get(side, "hubs")
        sides[key].append(m.entity.key)
    corridor = re.search(r"\b(lane|corridor|route|link)\b|->|→|–", clause)
    if len(hubs) == 2 and (re.search(r"\bbetween\b", clause) or corridor):
        sides["hubs"] = []
        sides["origin_hubs"] = [hubs[0].entity.key]
        sides["destination_hubs"] = [hubs[1].entity.key]
    if sides["origin_hubs"] and sides["hubs"] and not sides["destination_hubs"]:
        sides["destination_hubs"], sides["hubs"] = sides["hubs"], []
    if sides["destination_hubs"] and sides["hubs"] and not sides["origin_hubs"]:
        sides["origin_hubs"], sides["hubs"] = sides["hubs"], []
    return ScaleVolume(
        amount=Amount(factor=1.0),
        origin_regions=tuple(sides["origin_regions"]),
        destination_regions=tuple(sides["destination_regions"]),
        regions=tuple(sides["regions"]),
        origin_hubs=tuple(sides["origin_hubs"]),
        destination_hubs=tuple(sides["destination_hubs"]),
        hubs=tuple(sides["hubs"]),
        customers=tuple(m.entity.key for m in customers),
        days=days,
    )


def _ask_count(unit: str, where: str) -> Clarify:
    """A share of something counted in whole units: ask for the count instead."""
    return Clarify(
        where,
        (),
        f"How many {unit} should {where} have, or by how many should it change? I can set a "
        f"count or add/remove some, not a share, so I changed nothing yet.",
    )


# ------------------------------------------------------------------------- queries


_LEVER_QUESTION = (
    r"\bwhat (?:would|could|might|will|can) (?:most |best )?(?:cut|save|reduce|lower|trim|"
    r"improve|raise|boost|fix|help)\b|"
    r"\bwhere (?:can|could|should|do|might) (?:we|i) (?:save|cut|trim|reduce|lower|improve|"
    r"gain)\b|"
    r"\b(?:biggest|best|top|main|cheapest|strongest|quickest) (?:\w+ )?levers?\b|"
    r"\blevers? (?:for|on|to)\b"
)
"""Asking for levers without naming one: 'what would cut cost the most?', 'where can we
save money?', 'biggest cost levers?'."""
_STATUS_QUESTION = re.compile(
    r"^(?:so |ok |okay |and |quick question:? )?(?:what(?:'s| is| are| was)|whats|how(?:'s| is|"
    r" are)|hows|where (?:is|are|do) )\s*(?:our|the|we|us|this|current|today's|)\s*"
    r"(?:\w+\s+){0,2}?(?:on-?time(?: rate| %)?|otd|service(?: level)?|cost|costs|spend|"
    r"kpis?|numbers|performance|doing|standing|stand)\b"
)
"""How the plan stands, asked with no change in it ('what's our on-time this week?', 'how
are we doing on cost?'): the summary of cost and service answers it."""


_NOT_DELIVERED = (
    r"(?:late|unserved|undelivered|missed|not (?:delivered|served|on time)|(?:isn't|is not|"
    r"aren't|are not|doesn't|does not|don't|do not) (?:get )?(?:delivered|served|arrive))"
)
_LATE_QUESTION = re.compile(
    rf"^(?:which|what|who|whose)\b(?:\s+\w+){{0,4}}?\s+(?:is|are|gets?|get|will be|goes)?\s*"
    rf"(?:served\s+|delivered\s+|running\s+)?{_NOT_DELIVERED}\b|"
    rf"^where\s+(?:are|is|do|does|will)\s+(?:we|the plan|freight|deliveries|things)\s+"
    rf"(?:(?:run(?:ning)?|arriv(?:e|es|ing)|deliver(?:ed|ing)?|served)\s+)?{_NOT_DELIVERED}\b|"
    r"^(?:which|what|who)\s+(?:customers?|lanes?|regions?|hubs?|freight)\s+(?:suffers?|"
    r"(?:is|are)\s+(?:hit|hurt|affected)|loses?|lose)\b(?:\s+(?:the\s+)?most)?"
)
"""Who or what is late or not served ('which customers are late?', 'who is served late?',
'what is unserved?'): the service explanation names them."""
_STATE_QUESTION = re.compile(
    r"^(?:give me|show(?: me)?|list|any|are there any)\b(?:\s+\w+){0,2}?\s+(?:kpis?|numbers|"
    r"figures|violations?|problems?|issues?|warnings?)\b|"
    rf"^how much\b(?:\s+\w+){{0,3}}?\s+{_NOT_DELIVERED}\b|"
    r"^what (?:does|do|will) (?:live|the plan|this plan|our plan|the network|we) (?:cost|spend)\b|"
    r"^(?:what(?:'s| is| are)|how much is|how much are)\s+(?:the\s+|our\s+|this\s+)?"
    r"(?:plan's\s+|network's\s+|weekly\s+|total\s+|overall\s+)*(?:total\s+)?"
    r"(?:cost|costs|spend|bill|kpis?)\b(?!.*\b(?:of|for|on|at|between)\b)"
)
"""How the plan stands, asked another way ('give me the KPIs', 'any problems with the plan?',
'how much freight doesn't get delivered?', 'what does live cost per week?'): the summary."""


_LOSS = re.compile(
    r"\b(?:out of service|out of action|down|lost|lose|loses|losing|fails?|failed|failing|"
    r"outage|strike|closed|flood\w*|blocked)\b"
)
"""Words of a lost hub, lane or crew: 'can we cope if Paris is down?' asks about that case
(a what-if), not about more volume (the stress test)."""


_CRITICAL = re.compile(
    r"\b(?:most |more |least )?(?:critical|vulnerable|crucial|important)\b.*\b(?:hubs?|lanes?|"
    r"links?|depots?|sites?|nodes?|relays?|parts?)\b|"
    r"\b(?:hubs?|lanes?|links?|depots?|sites?|nodes?|relays?)\b.*\b(?:most |more )?"
    r"(?:critical|vulnerable|crucial|important)\b|"
    r"\b(?:hubs?|lanes?|links?|depots?|relays?) (?:matter|matters) most\b|"
    r"\bsingle (?:points?|%) of failure\b|\bweak(?:est)? (?:links?|spots?|points?|%)|"
    r"\bwhat would (?:hurt|cost) (?:us )?most to lose\b|\bwhich .* (?:hurt|cost) most to lose\b|"
    r"\b(?:where|how) (?:are|is) (?:we|the network|our network|the plan)\b.*\b(?:most |least )?"
    r"(?:vulnerable|exposed|fragile|weakest)\b"
)
"""Which hubs or lanes the network depends on most ('which hub is most critical?', 'single
points of failure?', 'which lanes matter most?'): a question, never a change."""


def _query_intent(text: str) -> Intent | None:
    """Questions that ask for information or navigation rather than a change."""
    review = parse_review_question(text)
    if review is not None:
        return review
    calibrate = parse_calibrate_question(text)
    if calibrate is not None:
        return calibrate
    if _CRITICAL.search(text) and not re.search(r"\d|\bif\b", text):
        return Critical()
    if re.fullmatch(r"(help|\?|what can you do\??|how do i .*|what do you understand\??)", text):
        return Help()
    back_to = re.search(
        r"\b(?:revert|go back|roll ?back|return)\b.*?\b(?:to )?v(?:ersion)?\s*(\d+)\b", text
    )
    if back_to:
        return RevertTo(int(back_to.group(1)))
    many = re.search(
        r"\b(?:undo|revert|roll ?back|go back|scrap|cancel)\b.*\b(?:everything|all|the "
        r"(?:last|previous) (?:\d+|few|couple of)|(?:the )?(?:start|beginning))\b|"
        r"^(?:start (?:over|again)|reset)\b",
        text,
    )
    if many:
        return Clarify(
            many.group(0),
            (),
            "I undo one change at a time (the last one of this conversation). Say “undo” for "
            "the last change, or “go back to version N” (see “history”) for an earlier "
            "state. I changed nothing yet.",
        )
    if re.search(
        r"\b(undo|revert|go back|take (?:that|it) back|roll ?back|roll (?:that|it) back|"
        r"scrap (?:that|it)|scratch (?:that|it)|cancel (?:that|it)|forget (?:that|it)|"
        r"back (?:that|it) out)\b",
        text,
    ):
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
    if re.search(
        r"\b(out of balance|imbalance|unbalanced|balance|pile up|piling up|"
        r"run short of trailers)\b",
        text,
    ):
        by_day = None
        found = re.search(r"\bby (\w+)", text)
        if found and found.group(1) in DAY_WORDS:
            by_day = DAY_WORDS[found.group(1)]
        return Explain("balance", by_day)
    if re.search(  # why a figure moved: what changed against the version before
        r"^why (?:did|has|have|does|is|are) (?:the |our )?(?:[\w-]+ ){0,2}"
        r"(?:go(?:ne)? up|go(?:ne)? down|rise|risen|rising|increase[ds]?|increasing|"
        r"jump(?:ed)?|climb(?:ed)?|fall(?:en)?|"
        r"falling|drop(?:ped)?|dropping|decrease[ds]?|change[ds]?)\b",
        text,
    ):
        return Compare("parent")
    if re.search(
        r"^(why\b|explain\b)|what (?:should|could|would) (?:we|i) (?:change|do)|what would help|"
        r"what(?:'s| is) (?:blocking|binding|limiting|driving)|\b(?:cheapest|best|quickest) "
        r"(?:way|lever|levers|ways|change|changes) to\b|\bwhich (?:levers?|changes?)\b|"
        r"\bhow (?:can|could|do|should|would|might) (?:we|i)\b.*\b(?:save|cut|reduce|lower|"
        r"trim|improve|raise|boost|fix|recover)\b|"
        r"\b(?:losing|wasting|bleeding|burning|leaking) (?:\w+ )?money\b|\bcost drivers?\b|"
        r"\bwhere (?:does|do) (?:all )?(?:the |our )?(?:money|cost|costs|spend) go\b",
        text,
    ) or (re.search(_LEVER_QUESTION, text) and not re.search(r"\d", text)):
        return Explain(_lever_topic(text))
    if re.search(
        r"\b(trade-?off|frontier|what does service cost|cost of service|service cost)", text
    ):
        return Frontier()
    if _STATUS_QUESTION.search(text) and not re.search(r"\d|\bif\b", text):
        return Summarise()
    if _LATE_QUESTION.search(text) and not re.search(r"\d|\bif\b", text):
        return Explain("service")
    if _STATE_QUESTION.search(text) and not re.search(r"\d|\bif\b", text):
        return Summarise()
    if STRESS_WORDS.search(text) and not (_CLOSING.search(text) or _LOSS.search(text)):
        pct = _PERCENT.search(text)
        factor = 1.2 if pct is None else 1.0 + float(pct.group(1)) / 100.0
        draws = 20 if re.search(r"\b(random|draws|noise|distribution)\b", text) else 0
        return Stress(factor=factor, draws=draws)
    if re.search(
        r"\b(propose|submit|send)\b.*\b(approv\w*|review)\b|\bpropose\b|"
        r"^(?:please )?(?:promote|publish) (?:this|it|that|the scenario|this scenario)\b|"
        r"\b(?:make|put) (?:this|it|that) (?:live|into live)\b",
        text,
    ):  # promoting to live goes through approval: 'promote this' proposes it
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


_NOT_ABOUT_THE_PLAN = re.compile(
    r"\b(?:if|suppose|supposing|imagine|assum\w*|what happens|would happen|should|could)\b|"
    r"^why\b|\bwhat would help\b|\b(?:service|on-?time|otd|late|lateness|delays?|cost|costs|"
    r"money|margin|spend(?:ing)?|cheaper)\b"
)
"""A limit question that is a what-if ('what if Lyon is full?') or asks for levers or
about service and cost ('what is limiting service?'): left to the other readings."""


def _at_limit(text: str, vocab: Vocabulary, today: date) -> AtLimit | Clarify | None:
    """'Which lanes are at capacity?', 'where are we short of drivers?', 'any bottlenecks
    on Tuesday?': what the plan uses to its limit, by kind, day, hub and region. None when
    the question is not one (it changes, supposes or asks about levers), so an edit is
    never read as a question nor a question as an edit."""
    lowered = text.lower().strip()
    if not AT_LIMIT.search(lowered) or _NOT_ABOUT_THE_PLAN.search(lowered):
        return None
    if _NO_TRAFFIC.search(lowered) and not _ASKS_ABOUT_THE_PLAN.search(lowered):
        return None  # 'no trucks from Hamburg to Berlin' closes the lane; '… left?' asks
    rest = AT_LIMIT.sub(" ", lowered)
    dated = _dates(rest, today)
    if dated.vague:
        return _which_day(dated.vague, "")
    words = set(normalise(dated.text).split())
    change_words = set(UP_WORDS) | set(DOWN_WORDS) | set(CLOSE_WORDS)
    if words & change_words or _CLOSING.search(rest) or re.search(r"\d", dated.text):
        return None  # 'Lyon is full, raise its capacity 10%' is a change
    kinds = tuple(k for k, pattern in LIMIT_KINDS.items() if pattern.search(lowered))
    matches, ambiguities = vocab.find(text)
    for amb in ambiguities:
        return Clarify(amb.phrase, tuple(f"{e.label} ({e.key})" for e in amb.candidates))
    unknown = _place_unknown(text, vocab, matches)
    if unknown is not None:
        return unknown
    if any(m.entity.kind == "customer" for m in matches):
        return Clarify(
            "customer",
            (),
            "I can list what is at its limit by lane, hub, region and day, not by customer: "
            "which hubs or regions should I look at? I changed nothing.",
        )
    hubs = [m.entity.key for m in matches if m.entity.kind == "hub"]
    regions = [m.entity.key for m in matches if m.entity.kind == "region"]
    said = normalise(lowered)
    hub_kinds = {kind for word, kind in HUB_KIND_WORDS.items() if re.search(rf"\b{word}\b", said)}
    if hub_kinds and not hubs:  # 'which relays are full?': the relays (of the regions named)
        hubs = sorted(
            e.key
            for k in hub_kinds
            for e in vocab.hubs_of_kind(k)
            if not regions or e.region in regions
        )
        regions = []
    days = tuple(sorted(set(dated.days) | set(_weekdays(dated.text))))
    return AtLimit(
        kinds=kinds,
        days=() if days == _ALL_DAYS else days,
        hubs=tuple(dict.fromkeys(hubs)),
        regions=tuple(dict.fromkeys(regions)),
    )


_TRAFFIC = re.compile(
    r"\b(?:trucks?|lorr(?:y|ies)|departures?|dispatch(?:es|ed)?|loads?|loaded|runs?|running|"
    r"ran|send(?:s|ing)?|sent|ship(?:s|ping|ped)?|go(?:es|ing)?|went|"
    r"fill(?:ed|s|ing)?|full|utili[sz]\w*|traffic|flows?|tonnes|tonnage|carr(?:y|ies|ied)|"
    r"carrying|busy|usage|used|leav(?:e|es|ing)|depart(?:s|ing))\b|"
    r"^(?:do|does) (?:we|you|the network) (?:have|run|use)\b|^is there\b|^are there\b"
)
"""Words of what a plan runs on a lane ('how many trucks', 'what do we send', 'how full',
'how busy', 'do we have a lane from A to B?')."""

_TRAFFIC_LANE = re.compile(
    r"\b(?:lanes?|between|from|to|routes?|corridors?)\b|->|→|-|–|—|"
    r"\b(?:leav\w*|left|depart\w*|head\w*|bound)\b.*\bfor\b"
)
"""How a question joins two hubs into a lane ('Paris to Lyon', 'the BER-HAM lane', 'what
leaves Paris for Lyon')."""

_TRAFFIC_ASKED = re.compile(
    r"\?\s*$|^(?:how|what|what's|whats|which|when|do|does|did|are|is|were|show|list|tell|"
    r"give|trucks|lorries|departures|dispatches|loads|fill|tonnes|tonnage|traffic|flows?)\b"
)
"""A question or a bare ask ('trucks A to B per day'), not an order ('send trailers …')."""


def _says_a_change(lowered: str, undated: str) -> bool:
    """Whether a question about the plan's traffic also says a change: a word of change or
    closing, a number, or an amount (read in ``undated``, the text without its dates)."""
    words = set(normalise(undated).split())
    change_words = set(UP_WORDS) | set(DOWN_WORDS) | set(CLOSE_WORDS)
    if words & change_words or _CLOSING.search(lowered) or _REOPENING.search(lowered):
        return True
    return bool(re.search(r"\d", undated)) or _amount(undated, default_up=True) is not None


def _lane_traffic(text: str, vocab: Vocabulary, today: date) -> LaneTraffic | Clarify | None:
    """'How many trucks are we running BER-HAM daily?', 'what do we send from Paris to Lyon on
    Tuesday?', 'how full are the trucks on Madrid-Lisbon?': what the plan runs from one hub
    to another, read from the stored plan. None when the question changes something (a
    change word or a number), supposes or asks about levers, or does not name a lane's two
    ends; a misspelt or unknown end is asked about with the closest names."""
    lowered = text.lower().strip()
    if not _TRAFFIC.search(lowered) or _NOT_ABOUT_THE_PLAN.search(lowered):
        return None
    if not _TRAFFIC_ASKED.search(lowered):
        return None
    dated = _dates(lowered, today)
    if dated.vague:
        return _which_day(dated.vague, "")
    if _says_a_change(lowered, dated.text):
        return None  # 'double the trucks on A→B', 'run it at half capacity': a change
    if not _TRAFFIC_LANE.search(lowered):
        return None
    matches, ambiguities = vocab.find(text)
    hubs = [m for m in matches if m.entity.kind == "hub"]
    if len(hubs) == 1 and not ambiguities and len(matches) == 1:
        return _place_unknown(text, vocab, matches)  # 'Madrid-Lisbon': which Lisbon?
    if len({m.entity.key for m in hubs}) != 2 or len(matches) != 2:
        return None
    for amb in ambiguities:
        return Clarify(amb.phrase, tuple(f"{e.label} ({e.key})" for e in amb.candidates))
    unknown = _place_unknown(text, vocab, matches)
    if unknown is not None:
        return unknown
    said = normalise(lowered).split()
    sides = [_side(said, m) for m in hubs]
    first, second = hubs
    if sides[0] == "destination" or sides[1] == "origin":
        first, second = second, first
    days = tuple(sorted(set(dated.days) | set(_weekdays(dated.text))))
    return LaneTraffic(
        origin=first.entity.key,
        destination=second.entity.key,
        days=() if days == _ALL_DAYS else days,
        both_ways=_both_ways(lowered, said, hubs),
    )


_HUB_TRAFFIC = re.compile(
    r"\b(?:leave[sd]?|leaving|left|depart(?:s|ed|ing|ures?)?|handle[sd]?|handling|throughput|"
    r"through|plan(?:ned)? (?:for|at)|happening|activity|workload|look(?:s)? like)\b"
)
"""Words of what a plan does at one hub ('what leaves Paris', 'what does Munich handle', 'show
the plan for Berlin'), beside the traffic words of a lane."""


def _hub_traffic(text: str, vocab: Vocabulary, today: date) -> HubTraffic | Clarify | None:
    """'How busy is Munich?', 'what leaves Paris on Monday?', 'show me the plan for Berlin':
    what the plan runs at one hub, read from the stored plan. None unless the question names
    exactly one hub and nothing else, asks (not orders), and changes nothing (no change word,
    no number); an unknown name beside it is asked about."""
    lowered = text.lower().strip()
    if not (_TRAFFIC.search(lowered) or _HUB_TRAFFIC.search(lowered)):
        return None
    if _NOT_ABOUT_THE_PLAN.search(lowered) or not _TRAFFIC_ASKED.search(lowered):
        return None
    dated = _dates(lowered, today)
    if dated.vague:
        return _which_day(dated.vague, "")
    if _says_a_change(lowered, dated.text):
        return None
    matches, ambiguities = vocab.find(text)
    hubs = {m.entity.key for m in matches if m.entity.kind == "hub"}
    if len(hubs) != 1 or len(hubs) != len({m.entity.key for m in matches}):
        return None
    for amb in ambiguities:
        return Clarify(amb.phrase, tuple(f"{e.label} ({e.key})" for e in amb.candidates))
    unknown = _place_unknown(text, vocab, matches)
    if unknown is not None:
        return unknown
    days = tuple(sorted(set(dated.days) | set(_weekdays(dated.text))))
    return HubTraffic(hub=next(iter(hubs)), days=() if days == _ALL_DAYS else days)


_PART_FULL = re.compile(
    r"\b(?:empty|empties|half[- ]empty|half[- ]full|part[- ]?(?:full|loaded|empty)|"
    r"partly (?:full|loaded|empty)|under-?(?:used|utili[sz]ed|loaded|filled)|"
    r"low(?:est)? (?:fill|loads?)|fill(?:ing)? rates?|load factors?|repositioning|repositioned|"
    r"deadhead\w*|running light|run light|unused (?:room|capacity|space)|truck fill|"
    r"(?:how|what) full (?:are|is|do|were) (?:our |the )?(?:trucks?|lorries|loads))\b"
)
"""Words of trucks running empty or part-full."""


def _empty_running(text: str, vocab: Vocabulary, today: date) -> EmptyRunning | Clarify | None:
    """'Which lanes run empty?', 'where do trucks run half-empty?', 'show me empty
    repositioning': where the plan's trucks run empty or part-full, over the network. None
    when the question names a place (a lane or a hub: their traffic answers it), orders or
    changes something ('move 5 empty trailers …'), or is no question."""
    lowered = text.lower().strip()
    if not _PART_FULL.search(lowered) or not _TRAFFIC_ASKED.search(lowered):
        return None
    if re.search(r"\b(?:if|suppose|supposing|imagine|should|could)\b", lowered):
        return None
    dated = _dates(lowered, today)
    if dated.vague:
        return _which_day(dated.vague, "")
    if _says_a_change(lowered, dated.text):
        return None
    matches, _ambiguities = vocab.find(text)
    if any(m.entity.kind != "region" for m in matches):
        return None  # a hub's or a lane's traffic answers it
    unknown = _place_unknown(text, vocab, matches)
    if unknown is not None:
        return unknown
    days = tuple(sorted(set(dated.days) | set(_weekdays(dated.text))))
    regions = tuple(sorted({m.entity.key for m in matches}))
    return EmptyRunning(days=() if days == _ALL_DAYS else days, regions=regions)


_RENAME = re.compile(
    r"(?i)^(?:please |can you |could you )?(?:rename|re-name|retitle|call|name|title)\s+"
    r"(?:this|it|that|the scenario|this scenario|the current scenario|our scenario)\s+"
    r"(?!(?:a day|a night|quits|done|even|off)\b)"  # 'call it a day' is no name
    r"(?:to\s+|as\s+)?[\"“'‘]?(?P<name>[^\"“”'‘’]+?)[\"”'’]?\s*[.!]?$"
)
_SHARE = re.compile(
    r"(?i)^(?:please |can you |could you )?(?P<un>un-?share|stop sharing|make private)?"
    r"(?(un)|share)\s*(?:this|it|that|the scenario|this scenario)?"
    r"(?:\s+with\s+(?:the\s+)?(?:team|everyone|everybody|others|all|colleagues|planners))?"
    r"\s*(?:please)?\s*[.!?]?$"
)


def _renamed_or_shared(text: str) -> Rename | Share | None:
    """'rename this to North peak', 'call it "East cut"': the scenario's new name (read
    before anything else: 'North peak' names a region and a peak, but no change); 'share it
    with the team', 'unshare this': who may see it."""
    renamed = _RENAME.match(text.strip())
    if renamed is not None:
        return Rename(renamed.group("name").strip())
    shared = _SHARE.match(text.strip())
    if shared is not None:
        return Share(unshare=shared.group("un") is not None)
    return None


def _lever_topic(text: str) -> str:
    """Whether a question about levers is about cost or about service: the thing its verb
    acts on ('cut cost without hurting service' is a cost question), else the first named."""
    cost_words = r"(?:cost|costs|spend|spending|money|margin|expenses?)"
    service_words = r"(?:service|on-?time|otd|lateness|delays?)"
    acted = re.search(
        rf"\b(?:save|saving|cut|cutting|reduce|reducing|lower|lowering|trim|trimming)\s+"
        rf"(?:\w+\s+)?{cost_words}\b|\b(?:improve|improving|raise|raising|boost|boosting|fix|"
        rf"fixing|recover|recovering)\s+(?:\w+\s+)?({service_words})\b",
        text,
    )
    if acted:
        return "service" if acted.group(1) else "cost"
    cost = re.search(rf"\b(?:{cost_words}|cheaper|save|saving|savings)\b", text)
    service = re.search(rf"\b{service_words}\b", text)
    if cost and (service is None or cost.start() < service.start()):
        return "cost"
    return "service"


def date_notes(text: str, today: date | None = None) -> list[str]:
    """How dates in ``text`` were read ('“tomorrow” as Saturday'), for the answer."""
    return _dates(prepare(text), today or date.today()).notes


def stress_note(text: str) -> str:
    """How a share said with a bound was tested ('does the plan survive more than 20%?'): a
    stress test takes one level, the number said, and the answer says so ('' when the
    question says its share as itself)."""
    lowered = prepare(text).lower()
    found = _bound(lowered)
    share = _PERCENT.search(lowered)
    if found is None or share is None:
        return ""
    tested = _PERCENT.fullmatch((found.group("number") or found.group("amount")).strip())
    if tested is None or float(tested.group(1)) != float(share.group(1)):
        return ""
    said = _original_case(prepare(text), found.group(0).strip())
    return f"I tested {share.group(1)}% (you said “{said}”)."
