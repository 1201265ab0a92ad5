"""The words the interpreter knows: the network's own names and the planners' words.

Names (hubs by id and name, regions, customers) come from the current network and are
matched exactly, ignoring case and accents. A near miss is never resolved silently: it
is offered back as a suggestion ("did you mean Hamburg?"). The planner words below are
the one place that lists how planners write changes, amounts, days and unavailability;
:mod:`assistant.interpreter.parse` reads them, and a word that is neither a name nor
one of them is what the interpreter asks about when it stands where a name should be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher, get_close_matches
from typing import Literal

EntityKind = Literal["hub", "region", "customer"]

# --------------------------------------------------------------------- planner words

DAY_WORDS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "mondays": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "tuesdays": 1,
    "wednesday": 2,
    "wed": 2,
    "weds": 2,
    "wednesdays": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursdays": 3,
    "friday": 4,
    "fri": 4,
    "fridays": 4,
    "saturday": 5,
    "sat": 5,
    "saturdays": 5,
    "sunday": 6,
    "sun": 6,
    "sundays": 6,
}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_GROUPS: dict[str, tuple[int, ...]] = {
    "weekday": (0, 1, 2, 3, 4),
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "weekends": (5, 6),
}
MONTHS: dict[str, int] = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "boxing day": (12, 26),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "new year's day": (1, 1),
    "new years day": (1, 1),
}
VAGUE_DATES = (
    "week after next",
    "the week after",
    "the following week",
    "next month",
    "next year",
    "in two weeks",
    "in a week",
    "in a fortnight",
    "some day",
    "soon",
    "later this month",
    "end of the month",
    "this month",
    "next quarter",
    "this quarter",
    "next season",
    "this summer",
    "this winter",
    "over the holidays",
    "midweek",
    "mid-week",
    "early in the week",
    "late in the week",
    "later in the week",
    "start of the week",
    "beginning of the week",
    "end of the week",
    "every other day",
    "alternate days",
    "some days",
)
"""Times that name no single weekday of the plan's week: the interpreter asks which day."""

_NEXT_WEEK = (
    r"(?:the\s+)?(?:next|coming|upcoming)\s+week\b(?:'s)?|this\s+coming\s+week\b|"
    r"the\s+week\s+ahead\b"
)
PLAN_WEEK = re.compile(
    r"\b(?:(?:for|during|over|throughout|across|in|within|from|starting|as\s+of)\s+)?"
    r"(?:(?:all(?:\s+of)?|the\s+whole(?:\s+of)?|the\s+entire|the\s+entirety\s+of)\s+)?"
    rf"(?:{_NEXT_WEEK})(?:\s+as\s+a\s+whole\b)?"
)
"""'Next week' and its kin ('all next week', 'over the coming week', 'next week's'): the
plan is one week, so the whole of it — every day, said so in the answer; a day named beside
it ('Tuesday next week') is that day of it."""

PART_OF_PLAN_WEEK = re.compile(
    r"\b(?:(?:the\s+)?(?:end|start|beginning|middle|rest|remainder|bulk|tail\s+end|"
    r"(?:first|second|latter|early|later|last)\s+(?:half|part)|part|half)\s+of|early|earlier|"
    r"late|later|mid|midway\s+through|halfway\s+through|some\s*time|some\s+day|one\s+day|"
    r"a\s+day|any\s+day|(?:a\s+few|a\s+couple\s+of|several|\d+|two|three|four|five|six)\s+days?"
    r"(?:\s+of)?|until|till|til|by|before|after)[\s-]+"
    rf"(?:{_NEXT_WEEK})|"
    rf"(?:{_NEXT_WEEK})\s+(?:or|and)\s+(?:two|so|the\s+week\s+after|after)\b|"
    r"\b(?:next|coming|following)\s+(?:\d+|two|three|four|few|couple\s+of|several)\s+weeks\b"
)
"""Part of next week, or more than it ('early next week', 'by next week', 'next week or
two'): no day of the plan's week is named, so the interpreter asks which."""

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
FRACTIONS: dict[str, float] = {
    "a half": 0.5,
    "one half": 0.5,
    "half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "a tenth": 0.1,
    "one tenth": 0.1,
    "a sixth": 1 / 6,
    "one sixth": 1 / 6,
    "an eighth": 0.125,
    "one eighth": 0.125,
    "two fifths": 0.4,
    "three fifths": 0.6,
    "four fifths": 0.8,
    "three tenths": 0.3,
}
"""Spelled-out shares of the current amount ("down a third" = ×2/3)."""

MULTIPLIERS: dict[str, float] = {
    "double": 2.0,
    "doubles": 2.0,
    "doubled": 2.0,
    "doubling": 2.0,
    "twice": 2.0,
    "triple": 3.0,
    "triples": 3.0,
    "tripled": 3.0,
    "tripling": 3.0,
    "quadruple": 4.0,
    "quadrupled": 4.0,
    "twofold": 2.0,
    "two-fold": 2.0,
    "threefold": 3.0,
    "three-fold": 3.0,
    "fourfold": 4.0,
    "fivefold": 5.0,
    "tenfold": 10.0,
    "halve": 0.5,
    "halves": 0.5,
    "halved": 0.5,
    "halving": 0.5,
    "in half": 0.5,
    "by half": 0.5,
    "half the": 0.5,
    "at half": 0.5,
    "half capacity": 0.5,
}
"""Words that set a factor on their own ("double ACME", "halve departures")."""

UP_WORDS = (
    "rise rises rising rose risen increase increases increased increasing grow grows growing "
    "grew grown growth up more higher spike spikes surge surges surging jump jumps jumped raise "
    "raises raised add adds added adding boost boosts boosted extra additional another peak plus "
    "expand expands "
    "gain gains climb climbs climbed climbing soar soars soared swell swells balloon balloons "
    "lift lifts bump bumps hire hires increment uplift upswing rocket rockets rocketed "
    "skyrocket skyrockets skyrocketed hike hikes hiked leap leaps leapt rebound rebounds "
    "escalate escalates inflate inflates spiking dearer pricier buy buys bought acquire "
    "acquires acquired purchase purchases purchased"
).split()
MORE_OF_WORDS = ("extra", "additional", "another")
"""Words of change that say more of whatever the clause says ('an extra 500 t' is a rise,
'another 10% cut' a cut): in ``UP_WORDS``, but a word of falling beside them decides."""
DOWN_WORDS = (
    "drop drops dropped dropping fall falls fell falling decrease decreases decreased "
    "decreasing down fewer less lower lowers lowered cut cuts cutting reduce reduces reduced "
    "reducing lose loses losing lost shrink shrinks shrank decline declines declined minus "
    "remove removes short shortage dip dips dipped slump slumps slumped slide slides sink sinks "
    "plunge plunges trim trims trimmed slash slashes slashed shed sheds contract contracts "
    "ease eases weaken weakens lighter downturn tumble tumbles tumbled plummet plummets "
    "plummeted crash crashes crashed sag sags sagged slip slips slipped slid sliding dwindle "
    "dwindles dwindled taper tapers tapered soften softens softened cheaper quit quits resign "
    "resigns resigned sick absent scrap scraps scrapped scrapping retire retires retired "
    "retiring decommission decommissions decommissioned dispose disposes disposed "
    "cancel cancels cancelled canceled cancelling canceling suspend suspends suspended "
    "suspending missing"
).split()
PHRASAL_UP = "ramp scale dial crank step jack ratchet notch gear".split()
"""Verbs whose particle says the direction ('ramp up', 'scale back', 'dial down'): with
'up' a rise, with 'down' or 'back' a fall, whatever the verb alone would suggest."""
PHRASAL_DOWN = "ramp scale dial crank step notch gear throttle wind pare knock".split()
"""The verbs of :data:`PHRASAL_UP` and those that only fall ('throttle back', 'wind down',
'pare back', 'knock down')."""

CLOSE_WORDS = (
    "close closes closed closing closure shut shuts shutting shutdown down offline outage "
    "strike strikes unavailable fail fails failed failing failure lose loses losing lost "
    "blocked block blockade flooded dark suspend suspends suspended halted mothball mothballs "
    "mothballed idle idles idled deactivate deactivates deactivated decommission "
    "decommissions decommissioned discontinue discontinues discontinued axe axes axed kill "
    "kills killed scrap scraps scrapped"
).split()
CLOSE_PHRASES = (
    "out of action",
    "out of service",
    "out of operation",
    "out of the network",
    "off the network",
    "from the network",
    "off the plan",
    "not available",
    "not operating",
    "goes down",
    "go down",
    "taken offline",
    "take offline",
    "shut down",
    "snowed in",
    "can't use",
    "cannot use",
)
REOPEN_PHRASES = (
    "reopen",
    "reopens",
    "re-open",
    "re open",
    "open again",
    "back online",
    "bring back",
    "back in service",
    "open up",
)
NEGATIONS = (
    "don't",
    "dont",
    "do not",
    "does not",
    "doesn't",
    "never",
    "no need to",
    "rather than",
    "instead of",
    "not",
)
AT_LEAST = (
    "more than",
    "greater than",
    "higher than",
    "bigger than",
    "larger than",
    "over",
    "above",
    "beyond",
    "exceeding",
    "in excess of",
    "upwards of",
    "upward of",
    "north of",
    "at least",
    "at the least",
    "at a minimum",
    "no less than",
    "not less than",
    "no fewer than",
    "not fewer than",
    "no lower than",
    "not lower than",
    "not below",
    "not under",
    "a minimum of",
    "minimum of",
    "as much as",
    "as many as",
    "as high as",
)
"""Words before an amount that make it a bound it may pass ('more than 20%', 'north of 20%',
'at least 3 trucks'), not one number to use."""
AT_MOST = (
    "less than",
    "fewer than",
    "lower than",
    "smaller than",
    "under",
    "below",
    "beneath",
    "short of",
    "shy of",
    "south of",
    "up to",
    "at most",
    "at the most",
    "at a maximum",
    "no more than",
    "not more than",
    "not exceeding",
    "no higher than",
    "not higher than",
    "no greater than",
    "not greater than",
    "not over",
    "not above",
    "a maximum of",
    "maximum of",
    "maximum",
    "max",
    "capped at",
    "limited to",
)
"""Words before an amount that make it a bound it stays under ('less than 20%', 'up to
10%')."""
BOUND_AFTER = (
    "or more",
    "or above",
    "or higher",
    "or over",
    "or greater",
    "and up",
    "and upwards",
    "and above",
    "and over",
    "minimum",
    "at least",
    "at a minimum",
    "or less",
    "or fewer",
    "or lower",
    "or below",
    "or under",
    "and under",
    "and below",
    "max",
    "maximum",
    "at most",
    "at the most",
    "tops",
    "+",
)
"""Words after an amount that make it a bound ('20%+', '500 t or more', '4 trucks max')."""
LIMIT_BOUNDS = frozenset(
    "up to|at most|at the most|at a maximum|no more than|not more than|not exceeding|"
    "no higher than|not higher than|no greater than|not greater than|not over|not above|"
    "a maximum of|maximum of|maximum|max|capped at|limited to|tops".split("|")
)
"""Bounds that name a limit: said of a level, not a change ('at most 3 trucks a day',
'Paris capacity at most 80%', '4 trucks a day max'), the level is the number itself."""
BOUND_INTENSIFIERS = (
    "well",
    "just",
    "slightly",
    "a little",
    "a bit",
    "a touch",
    "comfortably",
    "easily",
    "way",
    "far",
    "much",
    "significantly",
    "substantially",
    "somewhat",
)
"""Words before a bound that keep it one ('well over 20%', 'just under 10%')."""
EXCEPTIONS = (
    "but not in",
    "and not in",
    "and not",
    "but not on",
    "but not",
    "except for",
    "except on",
    "except in",
    "except at",
    "except",
    "excluding",
    "other than",
    "apart from",
    "aside from",
    "save for",
    "not in",
    "not on",
    "outside of",
    "outside",
    "everywhere but",
    "anywhere but",
    "all but",
    "all regions but",
    "all hubs but",
    "without affecting",
    "without touching",
    "without changing",
    "without including",
    "leaving out",
    "leaving aside",
    "sparing",
    "without",
    "bar",
    "barring",
)
_ADDRESSEE = r"(?:there|all|everyone|everybody|team|guys|folks|people|lanewise)"
_ADDRESSEES = rf"(?:\s+{_ADDRESSEE})?"
_SO = r"(?:and )?so\b(?!\s+(?:far|much|many|long|few|little|that|as|to speak|called)\b)"
"""'so' opening a question, not 'so far', 'so many trucks', 'so long as'."""
_WELL = (
    r"well\b(?!\s+(?:over|above|below|under|within|beyond|ahead|behind|short|past|into|off|"
    r"before|after|up|down|done|served|balanced|known)\b)"
)
"""'well' opening a question, not 'well over capacity', 'well ahead of plan'."""
_RIGHT = (
    r"right\b(?!\s+(?:now|away|after|before|here|there|side|hand|of|at|on|off|in|to|from|"
    r"into|through|lane|lanes|turns?|the|a|an)\b)"
)
"""'right' opening a question, not 'right now', 'right after Monday', 'the right lane'."""
_OK = r"(?:ok|okay|alright|all right)\b(?!\s+(?:to|for|with)\b)"
"""'ok' opening a question, not 'ok to close Paris?', 'ok with 5%?'."""
_FILLER = r"(?:hmm+|um+|erm+|uh+|ah+|oh+|anyway|anyhow|btw|by the way)\b"
"""Sounds and asides before a question: 'hmm, …', 'oh, …', 'btw …'."""
_AS_THINGS_STAND = (
    r"(?:as (?:of|at) now|as things stand|at the moment|at present|currently|right now|"
    r"for now|at this point)"
)
"""Words that place a question in the plan as it stands ('currently, which lanes are
full?'): an opener only with punctuation after them. Never a day ('today, close Paris'
keeps its day) nor 'so far' / 'to date', which may ask about the week's actuals."""
_ACKNOWLEDGED = (
    r"(?:fine|good|great|cool|perfect|nice|lovely|sure|noted|understood|got it|i see|"
    r"makes sense|fair enough|well done|nice one|so far so good|now|excellent|brilliant|"
    r"super|awesome|superb|wonderful|splendid|fantastic|amazing|interesting|thank you|ta|"
    r"very good|very nice|good stuff|nice work|great work|good job|that helps|helpful|"
    r"all good|all fine|everything(?:'s| is) (?:fine|good|ok|okay)|(?:that |it |this )?looks? "
    r"(?:good|fine|right|great|ok|okay))"
)
"""Words that acknowledge the last answer before the next question ('great, …', 'got it -
…'): an opener only with punctuation after them ('now close Lyon' keeps its 'now')."""
OPENERS = re.compile(
    r"(?i)^\s*(?:"
    # a greeting, with whitespace or punctuation after it: 'hi, …', 'hello — …', 'hey team …'
    rf"(?:(?:hi|hello|hey|hiya|heya|howdy|greetings|good (?:morning|afternoon|evening|day))"
    rf"{_ADDRESSEES}\b[\s,.!:;—–-]*)|"
    # a word that is a greeting only with punctuation after it: 'morning all - …', 'thanks! …'
    rf"(?:(?:morning|afternoon|evening|thanks|thank you|many thanks|cheers){_ADDRESSEES}"
    r"\s*[,.!:;—–-]+\s*)|"
    r"(?:(?:guys|team|folks|everyone)\s*[,.!:;—–-]+\s*)|"
    # politeness before an order or a question: 'please …', 'could you please …'
    r"(?:(?:please|pls|plz|kindly)\b\s*[,:]?\s*)|"
    r"(?:(?:could|can|would|will) you(?: please| kindly)?\s+(?=[a-z]))|"
    r"(?:(?:do you know|can you tell me|could you tell me|tell me)\s+"
    r"(?=(?:how|what|which|where|when|why|whether|if)\b))|"
    # saying a question comes: 'quick question: …', 'quick one - …'
    r"(?:(?:just |a |one |another |one more )?(?:quick )?question|(?:just )?(?:a )?quick one|"
    r"just checking|just wondering|sorry to bother(?: you)?)\s*[,.!:;—–-]+\s*|"
    # a conversational opener: 'ok, …', 'so …', 'well, …', 'right, …', 'alright then …';
    # never the first word of a phrase that matters ('so far', 'so many', 'well over',
    # 'well-served', 'right now', 'ok to …')
    rf"(?:(?:{_SO}|{_WELL}|{_RIGHT}|{_OK}|{_FILLER})(?: then)?(?!-)[\s,.!:;—–-]*)|"
    # words that open a question only with punctuation after them: 'fine, …', 'great! …'
    rf"(?:(?:{_ACKNOWLEDGED}(?: then)?|{_AS_THINGS_STAND})(?:\s*[,.!:;—–]|\s+-)[\s,.!:;—–-]*)"
    rf")(?=\S)(?!{_ADDRESSEE}\W*$)"
)
"""Greetings, politeness and conversational openers before what is asked ('hi, how busy is
Paris to Lyon?', 'good morning team! close Hamburg', 'please …', 'quick question: …', 'ok,
why is service down?', 'so which lanes are full?', 'currently, how is cost?'): no part of the
question, so it is read as if they were not there."""


def without_openers(text: str) -> str:
    """``text`` without the greetings, politeness and openers that begin it (all of them, in a
    row); an opener with nothing asked after it ('ok?') stays, as it is all that was said."""
    while True:
        opened = OPENERS.match(text)
        if opened is None or not opened.group(0) or not re.search(r"\w", text[opened.end() :]):
            return text
        text = text[opened.end() :]


STRESS_WORDS = re.compile(
    r"\b(?:surviv(?:e|es|ed|ing)|stress\w*|robust\w*|hold(?:s|ing)? up|held up|resilien\w*|"
    r"cop(?:e|es|ed|ing)|withst(?:and|ands|ood|anding))\b"
)
"""Words that ask whether the plan holds under more volume ('does the plan survive 20% more
volume?', 'can the plan cope with a 20% spike?'): the stress test, not a new version. Whole
words: 'Copenhagen' copes with nothing."""


IMPACT_QUESTIONS = re.compile(
    r"^(?:and |so )?(?:what|how)\b.*\b(?:do|does|did|happens?|affects?|impacts?|means?|"
    r"change|hit)\b.*|^(?:and |so )?(?:what(?:'s| is) the )?(?:impact|effect)\b.*|"
    r"^(?:and |so )?how much\b.*|^(?:and )?show (?:me )?the (?:impact|effect|kpis?|numbers)\b.*|"
    r"^(?:and |so )?(?:does|do|will|would|can|could) (?:it|that|this|they|we)\b.*|"
    r"^(?:and |so |then )?(?:who|which \w+|what)\s+(?:is |are |gets? |get |would be |will be )?"
    r"(?:affected|hit|hurt|impacted|suffers?|breaks?|fails?|goes wrong|is at risk|are at risk)\b.*|"
    r"^(?:and |so )?what(?:'s| is) the damage\b.*"
)
"""A trailing question about the effect of the change in the same message: the what-if
answer shows cost, service and capacity before → after, so it is answered, not dropped."""

ORIGIN_MARKERS = (
    "out of",
    "from",
    "leaving",
    "departing",
    "outbound from",
    "outbound",
    "originating in",
    "originating at",
    "shipped from",
    "picked up in",
    "picked up at",
    "shipping from",
    "sent from",
    "coming from",
    "coming out of",
    "originating from",
    "dispatched from",
    "starting in",
    "starting at",
    "ex",
)
DESTINATION_MARKERS = (
    "to",
    "into",
    "towards",
    "inbound to",
    "inbound",
    "arriving at",
    "arriving in",
    "arriving",
    "bound for",
    "destined for",
    "destined",
    "for delivery to",
    "deliveries to",
    "delivered to",
    "going to",
    "headed to",
    "headed for",
    "heading to",
    "heading for",
    "heading",
    "headed",
    "going",
    "shipped to",
    "shipping to",
    "sent to",
    "delivered in",
)
BOTH_ENDS_MARKERS = ("at", "through", "via", "handled at", "handled in", "touching")
"""Before a hub: freight starting or ending there ("volumes at Hamburg")."""

BOTH_WAYS_MARKERS = (
    "to and from",
    "from and to",
    "in and out of",
    "into and out of",
    "out of and into",
    "into or out of",
    "to or from",
    "from or to",
    "in or out of",
    "inbound and outbound at",
    "outbound and inbound at",
    "in both directions at",
    "both ways at",
)
"""Before a hub or region: freight either way, said outright ("to and from the north")."""

HUB_KIND_WORDS: dict[str, str] = {
    "relay": "relay",
    "relays": "relay",
    "relay node": "relay",
    "relay nodes": "relay",
    "depot": "depot",
    "depots": "depot",
    "cross-dock": "cross-dock",
    "cross-docks": "cross-dock",
    "crossdock": "cross-dock",
    "crossdocks": "cross-dock",
    "cross dock": "cross-dock",
    "cross docks": "cross-dock",
}

CARRIER_KINDS: dict[str, str] = {"contract": "contract", "own": "own-fleet"}
"""A network's carrier kinds and how a question names their lanes ('contract lanes',
'own-fleet lanes'); a rate change that names none is asked about when a network has several."""

CARRIER_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "contract",
            "contracts",
            "contracted",
            "contractor",
            "contractors",
            "subcontract",
            "subcontracts",
            "subcontracted",
            "subcontracting",
            "subcontractor",
            "subcontractors",
            "3pl",
            "3pls",
            "third-party",
            "third party",
            "external",
            "hired",
            "outsourced",
        ),
        "contract",
    ),
    **dict.fromkeys(
        ("own", "own-fleet", "own fleet", "owned", "in-house", "in house", "inhouse"), "own"
    ),
}
"""How planners name a carrier kind ('3PL rates', 'subcontractor lanes', 'in-house
costs'): the key in :data:`CARRIER_KINDS` each word or phrase stands for. The one list read
by a rate change, by a clause that opens with a carrier kind ('… but own fleet up 2%') and
by a reply to the question whose rates change."""

CARRIER_WORD = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(CARRIER_WORDS, key=len, reverse=True))
    + r")(?![\w-])"
)
"""A word or phrase of :data:`CARRIER_WORDS` in lower-case text."""


def carrier_kinds(text: str) -> list[str]:
    """The carrier kinds ``text`` (lower case) names, in the order it names them."""
    return list(dict.fromkeys(CARRIER_WORDS[m.group(1)] for m in CARRIER_WORD.finditer(text)))


ALL_CARRIERS = "all lanes"
"""The choice of every lane's rate, beside one per carrier kind."""

CARRIERS_ASKED = "carrier rates"
"""What the question about whose rates change is about; its reply picks a carrier kind."""

DIRECTIONS = ("up", "down")
"""The choices of a question about which way a change goes ('should the service target go
up or down?'): a reply picks one with any word of rising or falling ('higher', 'lower it')."""

AT_LIMIT = re.compile(
    r"\b(?:at (?:full |max(?:imum)? |their |its |the |his |her )?(?:capacity|limit|max|maximum|"
    r"ceiling|cap)|(?:at|near|hitting|hit|reach(?:ed|ing)?) (?:the |their |its )?(?:limit|"
    r"ceiling|max|maximum)s?|max(?:ed)? out|maxing out|full to (?:the brim|capacity)|"
    r"fully (?:used|booked|loaded|utili[sz]ed|stretched|committed)|"
    r"(?:running|operating|working|run|runs) (?:at )?full(?: tilt| capacity| stretch)?|"
    r"(?:full|tight)(?= *(?:$|[?.!,;]|on\b|at\b|in\b|for\b|this\b|today\b|tomorrow\b|"
    r"up\b|now\b|every\b|all\b|each\b|and\b|or\b|anywhere\b|\w+day\b))|"
    r"busiest|fullest|most (?:loaded|utili[sz]ed|congested|stretched)|congested|congestion|"
    r"(?:highest|top) utili[sz]ation|bottle-?necks?|bottle-?necked|choke ?points?|"
    r"pinch ?points?|binding(?: constraints?)?|"
    r"saturated|at 100 ?%|(?:used|running|loaded) (?:at|to) 100 ?%|tightest|"
    r"stretched(?: thin)?|constrained|limiting(?: factors?)?|"
    r"over-?loaded|over capacity|used up|all used|"
    r"no (?:more |spare |free |extra |remaining )?(?:capacity|headroom|room|slack|space|"
    r"departures|trucks|drivers|slots?)(?: (?:left|to spare|available))?|"
    r"(?:without|lacking|lack) (?:any )?(?:spare |free )?(?:capacity|headroom|slack|room)|"
    r"(?:out|run out|runs out|ran out|running out) of (?:capacity|room|departures|trucks|"
    r"drivers|headroom|slack)|short (?:of|on) (?:drivers|capacity|departures|trucks)|"
    r"(?:not|n't) enough (?:drivers|capacity|departures|trucks))"
)
"""How planners ask which resources the plan uses up ('which lanes are maxed out?', 'where
are we short of drivers?', 'any bottlenecks on Tuesday?'): a read-only question."""

LIMIT_KINDS: dict[str, re.Pattern[str]] = {
    "lane": re.compile(
        r"\b(?:lanes?|departures?|trucks?|dispatch(?:es)?|routes?|corridors?|links?|"
        r"line-?hauls?|connections?)\b"
    ),
    "hub": re.compile(
        r"\b(?:hubs?|depots?|cross-?docks?|relays?|relay nodes?|terminals?|sites?|"
        r"facilit(?:y|ies)|throughput|warehouses?|handling|docks?)\b"
    ),
    "drivers": re.compile(r"\b(?:drivers?|driver-hours|crews?|staff(?:ing)?)\b"),
}
"""The resource a limit question is about, by the words that name it."""


_LEXICON = frozenset(
    """
    mornings afternoons evenings nights night shift shifts
    hey hiya alright ok okay right quick question pls thanks thank quickly basically honestly
    hmm um erm wondering curious folks
    accept accepts tolerate tolerates permit relax loosen tighten move send reroute carry
    process push pull deliver serve replan consider simulate tell
    client clients shipper shippers account accounts city
    a about above across actually add added affect affects after afternoon again against
    ahead all allow also am amount an and another any anything anywhere are area around as ask
    at average away back bad base be because been before being below best better between big
    bit board boss both bring business but by can capacity cap carrier carriers case ceo change
    changes check chart cheaper cold come compare companies company corridor corridors cost
    costs could customer customers daily day days deliveries delivery demand departures
    departure did diff different do does doing done drivers driver each early east eastern
    effect else end entire entirely every everything everywhere evening expected extra few
    fleet flow flows for fortnight freight from full get give given go goes going good got had
    has have haul he her here hi hello high him his hold hour hours how however hub hubs i if
    impact in instead into is it its itself just keep kind last late lane lanes later least let
    level like likely line linehaul link links live load loads long look lot lots lower make
    many margin max maximum may me mean midweek might min minimum mode month morning most much
    must my need needs network new next night no node nodes normal north northern not now of
    off on once one only onto open or orders other our out over own per percent plan planned
    please point points pool possible pretty previous price prices probably put quite rate
    rates rather region regions regional relay route routes run same say scenario season see
    service set shall share she shipments should show side since site sites so some something
    south southern start still such suppose supposing take target team than that the their
    them then there these they thing things this those through throughput till time times to
    today tomorrow tonnage tonnes tons tonne total trailer trailers truck trucks try under
    unit units until up us usual usually vs want was we week weekly well were west western
    what when where whether which while who whole why will with within without would yes yet
    you your central centre center middle everyone folks guys team whatif what's let's we're
    it's that's there's i'm isn't aren't can't won't scenario version versions weekend days
    volume volumes shipment shipping ship ships shipped pallets pallet parcel parcels haulage
    tariff tariffs surcharge fuel subcontractor subcontractors contractor contractors 3pl
    contract contracted own owned tenth fifth third quarter half twice thrice double triple
    network-wide networkwide overall globally global across-the-board board hire hiring
    available availability capacity-wise utilisation utilization slot slots window windows
    promise promises due on-time ontime otd otif sla slas hours hour h t kt k pct x
    staff staffing headcount workforce personnel roster labour labor crew crews
    diesel km kilometre kilometer kilometres kilometers mile miles
    kpi kpis violations violation problems problem issues issue warnings warning
    maintenance repairs repair works renovation inventory holiday holidays snow storm weather
    flood fire power port system systems it outage outages accident incident cope handle absorb
    expect expected assume assuming model imagine scenario quarter year years season seasonal
    growth decline forecast forecasts budget plus minus percent like see see would could
    scale scales scaled scaling ramp ramps ramped ramping dial dials dialled dialed crank cranks
    cranked step steps stepped jack jacked ratchet ratchets ratcheted notch notches notched
    gear geared throttle throttles throttled wind winds pare pares pared tweak tweaks tweaked
    adjust adjusts adjusted knock knocks knocked
    maxed bottleneck bottlenecks binding saturated headroom slack tight tightest limit limits
    limiting stretched constrained overloaded chokepoint chokepoints choke pinch spare left
    transit travel journey drive driving running faster quicker slower longer shorter delay
    delays delayed minutes minute mins min takes took
    eur euro euros cent cents dollar dollars usd gbp pound pounds money
    empty empties fill filled emissions co2 unserved undelivered lateness overdue backlog
    road roads motorway motorways highway highways autobahn bridge tunnel border crossing
    """.split()
)
"""Ordinary words of planner questions; together with the words above and the network's
names, a word outside this set that stands where a name should be is asked about."""


_HUB_KIND_PARTS = frozenset(
    part for phrase in HUB_KIND_WORDS for part in re.split(r"[^a-z]+", phrase) if part
)
"""The words of the kinds of hub ('cross' and 'docks' of 'cross-docks')."""


def known_word(word: str) -> bool:
    """Whether ``word`` (normalised) is one of the planner words the interpreter knows."""
    if word in _LEXICON or word in DAY_WORDS or word in DAY_GROUPS or word in MONTHS:
        return True
    if word in NUMBER_WORDS or word in MULTIPLIERS or word in _HUB_KIND_PARTS:
        return True
    if word in UP_WORDS or word in DOWN_WORDS or word in CLOSE_WORDS:
        return True
    if re.fullmatch(r"\d+(?:st|nd|rd|th|x|k|t|h|pct)?", word):
        return True
    return any(word in phrase.split() for group in _PHRASE_GROUPS for phrase in group)


_PHRASE_GROUPS: tuple[tuple[str, ...], ...] = (
    CLOSE_PHRASES,
    REOPEN_PHRASES,
    NEGATIONS,
    EXCEPTIONS,
    ORIGIN_MARKERS,
    DESTINATION_MARKERS,
    BOTH_ENDS_MARKERS,
    VAGUE_DATES,
    tuple(HOLIDAYS),
    tuple(FRACTIONS),
    tuple(w.replace("-", " ") for w in CARRIER_WORDS),
)

# --------------------------------------------------------------------- network names

_STOP = frozenset(
    "a an the of in on at to from for out into by and or with what if is are be will volume "
    "volumes demand capacity drivers driver trailers lane lanes hub hubs region rates".split()
)


_UNDECOMPOSED = str.maketrans("łŁøØđĐħĦı", "lLoOdDhHi")
"""Letters Unicode does not decompose into a base and an accent: 'Wroclaw' is Wrocław."""


def _ascii(text: str) -> str:
    compatible = unicodedata.normalize("NFKC", text)
    decomposed = unicodedata.normalize("NFKD", compatible)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_UNDECOMPOSED).replace("ß", "ss")


def word_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without accents, and where each of its :func:`raw_words` stands in it."""
    folded = _ascii(text)
    return folded, [m.span() for m in re.finditer(r"[A-Za-z0-9]+", folded)]


def raw_words(text: str) -> list[str]:
    """The words of ``text`` with their case kept, aligned one-to-one with :func:`normalise`."""
    return re.sub(r"[^A-Za-z0-9]+", " ", _ascii(text)).split()


def normalise(text: str) -> str:
    """Lower-case, strip accents and punctuation: 'Köln' and 'koln' compare equal."""
    return " ".join(raw_words(text)).lower()


@dataclass(frozen=True, slots=True)
class Entity:
    """A nameable thing of the network: a hub (by id and name), a region or a customer."""

    kind: EntityKind
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    region: str = ""
    hub_kind: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase of the question resolved to an entity, with where it was found."""

    entity: Entity
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A phrase that fits several entities equally well."""

    phrase: str
    candidates: tuple[Entity, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The names of one network: hubs (id, name, region, kind), regions and customers."""

    entities: tuple[Entity, ...]
    carriers: tuple[str, ...] = ()
    """The carrier kinds of the network's lanes ('contract', 'own'); empty when not known."""
    _index: dict[str, list[Entity]] = field(default_factory=dict, init=False, repr=False)
    _hub_ids: dict[str, Entity] = field(default_factory=dict, init=False, repr=False)
    _name_words: set[str] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        for entity in self.entities:
            if entity.kind == "hub":
                self._hub_ids[entity.key] = entity
            names = {entity.label, *entity.aliases}
            if entity.kind != "hub":
                names.add(entity.key)
            for alias in names:
                norm = normalise(alias)
                if norm and norm not in _STOP:
                    self._index.setdefault(norm, []).append(entity)
                    self._name_words.update(norm.split())

    @classmethod
    def build(
        cls,
        *,
        hubs: list[tuple[str, str, str]] | list[tuple[str, str, str, str]],
        customers: list[str],
        carriers: Sequence[str] = (),
    ) -> Vocabulary:
        """Vocabulary from ``(id, name, region[, kind])`` hub tuples, customer names and the
        carrier kinds of the lanes."""
        entities: list[Entity] = []
        for hub in hubs:
            hub_id, name, region = hub[0], hub[1], hub[2]
            kind = hub[3] if len(hub) > 3 else ""
            first = normalise(name).split()[:1]
            short = (first[0],) if first and len(first[0]) >= 4 else ()
            entities.append(Entity("hub", hub_id, name, short, region=region, hub_kind=kind))
        for region in sorted({h[2] for h in hubs}):
            entities.append(
                Entity("region", region, region, (f"{region}ern", f"{region}ern region"))
            )
        for customer in sorted(set(customers)):
            words = normalise(customer).split()
            aliases = (words[0],) if words and len(words[0]) >= 4 else ()
            entities.append(Entity("customer", customer, customer, aliases))
        return cls(tuple(entities), tuple(sorted(set(carriers))))

    def of_kind(self, kind: EntityKind) -> list[Entity]:
        """All entities of one kind."""
        return [e for e in self.entities if e.kind == kind]

    def hubs_in(self, region: str) -> list[Entity]:
        """The hubs of one region."""
        return [e for e in self.entities if e.kind == "hub" and e.region == region]

    def hubs_of_kind(self, hub_kind: str) -> list[Entity]:
        """The hubs of one kind (relay, depot, cross-dock, hub)."""
        return [e for e in self.entities if e.kind == "hub" and e.hub_kind == hub_kind]

    def is_name_word(self, word: str) -> bool:
        """Whether ``word`` (normalised) is part of some name of the network."""
        return word in self._name_words or word.upper() in self._hub_ids

    def owners_of(self, word: str) -> list[Entity]:
        """The entities with ``word`` (normalised) among the words of a name of theirs."""
        return [
            e
            for e in self.entities
            if any(word in normalise(name).split() for name in (e.label, *e.aliases))
        ]

    def find(self, text: str) -> tuple[list[Match], list[Ambiguity]]:
        """Every entity named in ``text`` (longest phrase first), and the ambiguous phrases."""
        raw = raw_words(text)
        words = [w.lower() for w in raw]
        taken = [False] * len(words)
        matches: list[Match] = []
        ambiguities: list[Ambiguity] = []
        for i, token in enumerate(raw):
            # Hub ids only when typed as ids (upper case), so "per" never means Perpignan.
            hub = self._hub_ids.get(token)
            if hub is not None and token.isupper():
                matches.append(Match(hub, i, i + 1, 1.0))
                taken[i] = True
        for size in (4, 3, 2, 1):
            for start in range(len(words) - size + 1):
                if any(taken[start : start + size]):
                    continue
                phrase = " ".join(words[start : start + size])
                if phrase in _STOP or (size == 1 and len(phrase) < 3):
                    continue
                found = self._index.get(phrase)
                if not found:
                    continue
                best = tuple(dict.fromkeys(found))
                for i in range(start, start + size):
                    taken[i] = True
                if len(best) == 1:
                    matches.append(Match(best[0], start, start + size, 1.0))
                else:
                    ambiguities.append(Ambiguity(phrase, best))
        matches.sort(key=lambda m: m.start)
        return matches, ambiguities

    def suggest(self, phrase: str, limit: int = 3) -> list[str]:
        """Names of the network closest to ``phrase`` (best first), for a clarifying question."""
        norm = normalise(phrase)
        if not norm:
            return []
        labels: dict[str, str] = {}
        for alias, ents in self._index.items():
            for e in ents:
                labels.setdefault(alias, e.label)
        for day in DAY_NAMES:
            labels.setdefault(day.lower(), day)
        scored = sorted(
            (
                (SequenceMatcher(None, norm, alias).ratio(), label)
                for alias, label in labels.items()
            ),
            key=lambda p: -p[0],
        )
        out: list[str] = []
        for score, label in scored:
            if score < 0.6:
                break
            if label not in out:
                out.append(label)
        return out[:limit]

    def near_miss(self, word: str) -> str | None:
        """A name or day this word looks like a misspelling of, or None."""
        if len(word) < 4:
            return None
        pool = [a for a in self._index if " " not in a] + [d.lower() for d in DAY_NAMES]
        close = get_close_matches(word, pool, n=1, cutoff=0.75)
        return close[0] if close else None
