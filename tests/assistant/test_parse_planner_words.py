"""Planners' own words: carrier kinds however named, greetings, 'next week', 'between'.

Each test drives :func:`assistant.interpreter.model.respond` through the chat helper of
:mod:`tests.assistant.test_parse_phrasings` and checks what the planner would notice: the
exact edits a new version gets, the read-only tool called, or a question back and no tool
call (so no new version).
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic_ai import ModelResponse, TextPart, ToolCallPart
from pydantic_ai.messages import ModelMessage, ModelRequest, ToolReturnPart, UserPromptPart

from assistant.interpreter.model import interpret
from assistant.interpreter.vocabulary import Vocabulary, without_openers
from tests.assistant.conftest import six_hubs
from tests.assistant.test_interpreter_model import no_tools_info
from tests.assistant.test_parse_phrasings import Chat, call_of, close, edits_of, question_of


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    """Six hubs in four regions, two customers, own-fleet and contract lanes."""
    return six_hubs()


def rates(factor: float, carrier: str | None = None) -> dict[str, Any]:
    """A ``scale_lane_rates`` edit on every lane, or on one carrier kind's."""
    return {"op": "scale_lane_rates", "factor": factor, **({"carrier": carrier} if carrier else {})}


# ------------------------------------------------------------------------ carrier kinds


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("in-house rates up 2%", rates(1.02, "own")),
        ("contractor rates up 4%", rates(1.04, "contract")),
        ("third-party haulage costs up 3%", rates(1.03, "contract")),
        ("outsourced lanes' rates down 2%", rates(0.98, "contract")),
        ("3PL tariffs rise 6%", rates(1.06, "contract")),
        ("own-fleet rates up 1%", rates(1.01, "own")),
    ],
)
def test_every_name_of_a_carrier_kind_picks_its_rates(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'In-house', 'contractor', 'third-party', '3PL': one vocabulary names the carrier
    kinds, so each picks its kind's lanes (never every lane, never a question about 'house')."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    "question",
    ["contract and own-fleet rates up 5%", "rates of our own fleet and of the 3PLs up 5%"],
)
def test_both_carrier_kinds_named_are_every_lane(question: str, vocab: Vocabulary) -> None:
    """Naming both kinds is every lane, and 'contract' there is a carrier, not a fall ('up 5%'
    was once read as contract lanes down 5%)."""
    assert edits_of(Chat(vocab).ask(question)) == [rates(1.05)]


@pytest.mark.parametrize(("reply", "carrier"), [("in-house", "own"), ("the 3PLs", "contract")])
def test_a_reply_naming_a_carrier_kind_completes_the_rate_change(
    reply: str, carrier: str, vocab: Vocabulary
) -> None:
    """The reply to 'whose rates should change?' is read with the same carrier words."""
    chat = Chat(vocab)
    assert "Whose rates" in question_of(chat.ask("rates up 3%"))
    assert edits_of(chat.ask(reply)) == [rates(1.03, carrier)]


# ------------------------------------------------ an amount said of a carrier kind alone


def scale(factor: float, **scope: list[Any]) -> dict[str, Any]:
    """A ``scale_demand`` edit, network-wide or with its scope."""
    return {"op": "scale_demand", "factor": factor, **scope}


@pytest.mark.parametrize(
    ("question", "said", "kind"),
    [
        ("volumes up 5% and own fleet up 2%", "own fleet up 2%", "own-fleet"),
        ("volumes up 5%, the own fleet 2% more", "the own fleet 2% more", "own-fleet"),
        ("own fleet down 2% and volumes up 5%", "own fleet down 2%", "own-fleet"),
        ("demand +5% and in-house +2%", "in-house +2%", "own-fleet"),
        ("volumes up 5% and 3PLs up 3%", "3PLs up 3%", "contract"),
        ("contract up 2%", "contract up 2%", "contract"),
    ],
)
def test_an_amount_said_of_a_carrier_kind_alone_is_asked_about(
    question: str, said: str, kind: str, vocab: Vocabulary
) -> None:
    """'Own fleet up 2%' names no quantity: its rates, its trailers or its departures? The
    interpreter asks (offering the rates) and changes nothing; the clause is neither read as
    nothing nor its 2% given to the volumes."""
    asked = question_of(Chat(vocab).ask(question))
    assert f"Does “{said}” mean the {kind} rates" in asked
    assert "changed nothing" in asked


@pytest.mark.parametrize("reply", ["rates", "the rates please", "yes"])
def test_the_carrier_question_answered_makes_both_changes(reply: str, vocab: Vocabulary) -> None:
    """Answered 'rates' (or 'yes'), the whole question is made: volumes +5% and own-fleet
    rates +2%, each with its own amount."""
    chat = Chat(vocab)
    question_of(chat.ask("volumes up 5% and own fleet up 2%"))
    assert edits_of(chat.ask(reply)) == [scale(1.05), rates(1.02, "own")]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("volumes up 5% and own fleet rates up 2%", [scale(1.05), rates(1.02, "own")]),
        ("raise own-fleet costs by 2% and volumes by 5%", [rates(1.02, "own"), scale(1.05)]),
        (
            "contract rates down 5% but own fleet up 2%",
            [rates(0.95, "contract"), rates(1.02, "own")],
        ),
    ],
)
def test_carrier_rates_beside_another_change_keep_their_own_amount(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """With the rates (or costs) said, or after a rate change, each clause is its own
    change with its own amount."""
    assert edits_of(Chat(vocab).ask(question)) == edits


# ------------------------------------------------------- greetings before the question


@pytest.mark.parametrize(
    "question",
    [
        "how busy is Paris to Lyon?",
        "hi, how busy is Paris to Lyon?",
        "hello — how busy is Paris to Lyon?",
        "hey team how busy is Paris to Lyon?",
        "good morning! how busy is Paris to Lyon?",
        "Morning all - how busy is Paris to Lyon?",
        "please, how busy is Paris to Lyon?",
        "quick question: how busy is Paris to Lyon?",
        "hi there, quick one: how busy is Paris to Lyon?",
        "could you tell me how busy Paris to Lyon is?",
    ],
)
def test_a_lane_question_after_a_greeting_is_the_lane_question(
    question: str, vocab: Vocabulary
) -> None:
    """Greetings and politeness before a lane question change nothing of it: it reads what
    the plan runs from Paris to Lyon, changing nothing."""
    assert call_of(Chat(vocab).ask(question)) == (
        "lane_traffic",
        {"origin": "PAR", "destination": "LYS", "days": []},
    )


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("please close Hamburg on Friday", close("HAM", days=[4])),
        ("Hi Lanewise, please close Hamburg on Friday", close("HAM", days=[4])),
        ("good afternoon team, close Hamburg on Friday", close("HAM", days=[4])),
        ("could you please raise contract rates by 5%?", rates(1.05, "contract")),
        ("thanks! now contract rates +5%", rates(1.05, "contract")),
    ],
)
def test_a_change_after_a_greeting_is_the_change(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """The same change is made with or without the greeting or 'please' before it."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize("question", ["hello, close Hamburgg", "hey - please close Hamburgg"])
def test_a_greeting_never_hides_an_unknown_name(question: str, vocab: Vocabulary) -> None:
    """After a greeting, a misspelt hub is still asked about and nothing changes."""
    asked = question_of(Chat(vocab).ask(question))
    assert "Hamburg" in asked
    assert "changed nothing" in asked


@pytest.mark.parametrize("question", ["hello there", "hi all", "good morning"])
def test_a_greeting_alone_changes_nothing(question: str, vocab: Vocabulary) -> None:
    """A greeting with nothing after it asks for nothing and changes nothing."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


# ------------------------------------------- conversational openers before the question

OPENERS = ("ok,", "Ok so", "so", "and so", "well,", "well", "right,", "right so", "alright then,")
OPENED = ("hmm,", "oh,", "btw", "great,", "got it -", "okay so,", "right then", "fine.")
AS_IT_STANDS = (
    "currently,",
    "right now,",
    "at the moment -",
    "as things stand:",
    "so far so good,",
)


@pytest.mark.parametrize(
    "question",
    [
        "how busy is Paris to Lyon?",
        "what runs between Berlin and Hamburg on Tuesday?",
        "which hubs are at capacity on Friday?",
        "where are we short of drivers?",
        "why is service down?",
        "what would help most to cut cost?",
        "how are we doing on cost?",
        "summarise this for the VP",
        "list scenarios",
        "why don't we just close Vienna on Sunday?",
        "close Hamburg on Friday",
    ],
)
@pytest.mark.parametrize("opener", OPENERS + OPENED + AS_IT_STANDS)
def test_an_opener_before_any_question_is_read_as_if_absent(
    opener: str, question: str, vocab: Vocabulary
) -> None:
    """'Ok,', 'so', 'well', 'right,', 'currently,' and the like before a lane, limit,
    explain, summary, why-not or change question: the same tool is called with the same
    arguments as for the question alone, which the version's message quotes as asked (they
    used to make most questions but a change not understood)."""
    name, args = call_of(Chat(vocab).ask(question))
    opened_name, opened_args = call_of(Chat(vocab).ask(f"{opener} {question}"))
    assert (opened_name, opened_args | {"message": ""}) == (name, args | {"message": ""})


@pytest.mark.parametrize(
    ("follow_up", "tool"),
    [
        ("ok, undo that", "undo"),
        ("so undo that", "undo"),
        ("alright, compare with live", "compare"),
        ("well, what's different from live?", "diff"),
        ("right, why did cost go up?", "compare"),
        ("ok so summarise this for the VP", "summarise"),
    ],
)
def test_an_opener_before_a_follow_up_is_read_as_if_absent(
    follow_up: str, tool: str, vocab: Vocabulary
) -> None:
    """After a change, 'ok, undo that' undoes it and 'alright, compare with live' compares,
    exactly as without the opener."""
    chat = Chat(vocab)
    chat.ask("close Hamburg on Friday")
    assert call_of(chat.ask(follow_up))[0] == tool


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("so far, how are we doing on cost?", "so far"),
        ("so many trucks on Paris to Lyon?", "so many"),
        ("well over capacity at Paris: which lanes?", "well over"),
        ("well-served customers first", "well-served"),
        ("right now which lanes are full?", "right now"),
        ("ok to close Paris on Monday?", "ok to"),
        ("fine-tune rates by 2%", "fine-tune"),
        ("ok?", "ok?"),
    ],
)
def test_an_opener_never_takes_a_word_that_matters(question: str, kept: str) -> None:
    """'So far', 'so many', 'well over', 'right now' and 'ok to …' are part of what is asked,
    and an opener with nothing after it is all that was said: none of them is dropped."""
    assert without_openers(question).startswith(kept)


@pytest.mark.parametrize(
    "question",
    [
        "can the plan cope with 20% more volume?",
        "could we cope with a 20% spike?",
        "can the network withstand 20% more freight?",
    ],
)
def test_cope_and_withstand_ask_for_the_stress_test(question: str, vocab: Vocabulary) -> None:
    """'Can the plan cope with 20% more volume?' asks whether today's plan holds: the stress
    test at +20%, as 'does the plan survive 20% more volume?'; it made a +20% version."""
    assert call_of(Chat(vocab).ask(question)) == (
        "stress_test",
        {"factor": 1.2, "regions": [], "draws": 0},
    )


def test_an_opener_never_hides_an_unknown_name(vocab: Vocabulary) -> None:
    """After 'ok, so', a misspelt hub is still asked about and nothing changes."""
    asked = question_of(Chat(vocab).ask("ok, so what runs from Hamburgg to Berlin?"))
    assert "Hamburg" in asked


# ------------------------------------------------ 'between A and B': both directions


def lanes(op: str, *ids: str, **amount: Any) -> list[dict[str, Any]]:
    """One lane edit per lane id."""
    return [{"op": op, "lanes": [lane], **amount} for lane in ids]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("close the lane between Paris and Lyon", lanes("close_lane", "PAR-LYS", "LYS-PAR")),
        ("shut the link connecting Berlin and Hamburg", lanes("close_lane", "BER-HAM", "HAM-BER")),
        ("reopen the lane between Paris & Lyon", lanes("reopen_lane", "PAR-LYS", "LYS-PAR")),
        (
            "2 fewer departures between Paris and Lyon",
            lanes("set_lane_capacity", "PAR-LYS", "LYS-PAR", trucks_delta=-2),
        ),
        (
            "halve the trucks running between Berlin and Hamburg",
            lanes("set_lane_capacity", "BER-HAM", "HAM-BER", factor=0.5),
        ),
        (
            "only 2 trucks a day between Paris and Lyon",
            lanes("set_lane_capacity", "PAR-LYS", "LYS-PAR", max_trucks_per_day=2),
        ),
        (
            "rates up 3% between Paris and Lyon",
            [{"op": "scale_lane_rates", "factor": 1.03, "lanes": ["PAR-LYS", "LYS-PAR"]}],
        ),
    ],
)
def test_a_lane_between_two_hubs_is_both_directions(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'Between Paris and Lyon' names no direction: the change is made to both lanes, as
    'both ways' does (it was Paris→Lyon only)."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("close the Paris-Lyon lane", lanes("close_lane", "PAR-LYS")),
        (
            "2 fewer departures from Paris to Lyon",
            lanes("set_lane_capacity", "PAR-LYS", trucks_delta=-2),
        ),
        (
            "volumes from Paris to Lyon up 10%",
            [
                {
                    "op": "scale_demand",
                    "factor": 1.1,
                    "origin_hubs": ["PAR"],
                    "destination_hubs": ["LYS"],
                }
            ],
        ),
    ],
)
def test_a_lane_said_with_a_direction_keeps_it(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'Paris-Lyon' and 'from Paris to Lyon' say which way: one direction only."""
    assert edits_of(Chat(vocab).ask(question)) == edits


def scale_between(factor: float, kind: str, first: str, second: str) -> list[dict[str, Any]]:
    """A demand change from ``first`` to ``second`` and one back (hubs or regions)."""
    return [
        {"op": "scale_demand", "factor": factor, f"origin_{kind}": [a], f"destination_{kind}": [b]}
        for a, b in ((first, second), (second, first))
    ]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("volumes between Paris and Lyon up 10%", scale_between(1.1, "hubs", "PAR", "LYS")),
        ("freight linking Berlin and Hamburg grows 5%", scale_between(1.05, "hubs", "BER", "HAM")),
        (
            "volumes between the north and the east up 8%",
            scale_between(1.08, "regions", "north", "east"),
        ),
        (
            "two-day delivery between Paris and Lyon",
            [
                {"op": "set_due_hours", "origin_hubs": [a], "destination_hubs": [b], "due_h": 48.0}
                for a, b in (("PAR", "LYS"), ("LYS", "PAR"))
            ],
        ),
    ],
)
def test_freight_between_two_places_is_both_directions(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """Freight between two hubs, or two regions, is each direction's: never one direction,
    and never all freight out of both regions (as 'between the north and the east' was)."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("how many trucks between Paris and Lyon?", []),
        ("hi, what runs between Berlin and Hamburg on Monday?", [0]),
    ],
)
def test_a_lane_question_between_two_hubs_reads_both_directions(
    question: str, days: list[int], vocab: Vocabulary
) -> None:
    """'What runs between A and B?' reads both lanes (A→B and B→A); nothing is changed."""
    name, args = call_of(Chat(vocab).ask(question))
    assert name == "lane_traffic"
    assert args["both_ways"] is True
    assert args["days"] == days


def test_a_lane_question_with_a_direction_reads_one(vocab: Vocabulary) -> None:
    """'Paris to Lyon' reads the one lane."""
    assert call_of(Chat(vocab).ask("how many trucks Paris to Lyon?")) == (
        "lane_traffic",
        {"origin": "PAR", "destination": "LYS", "days": []},
    )


@pytest.mark.parametrize(
    "question", ["move 10 trailers between Paris and Lyon", "shift trailers between Paris and Lyon"]
)
def test_a_move_between_two_hubs_asks_which_way(question: str, vocab: Vocabulary) -> None:
    """A move has one direction and 'between' names none: ask, change nothing."""
    asked = question_of(Chat(vocab).ask(question))
    assert "from Paris to Lyon, or from Lyon to Paris" in asked


def test_the_way_picked_completes_the_move(vocab: Vocabulary) -> None:
    """Answered 'the second one', the trailers move from Lyon to Paris."""
    chat = Chat(vocab)
    question_of(chat.ask("move 10 trailers between Paris and Lyon"))
    assert edits_of(chat.ask("the second one")) == [
        {"op": "move_trailers", "from_hub": "LYS", "to_hub": "PAR", "count": 10}
    ]


def test_a_count_for_departures_between_two_hubs_changes_both(vocab: Vocabulary) -> None:
    """'Fewer departures between Paris and Lyon' asks by how much (it was read as 'the same
    for Paris and Lyon'); the number given then changes both lanes."""
    chat = Chat(vocab)
    assert "By how much" in question_of(chat.ask("fewer departures between Paris and Lyon"))
    assert edits_of(chat.ask("2")) == lanes(
        "set_lane_capacity", "PAR-LYS", "LYS-PAR", trucks_delta=-2
    )


def north_up(factor: float) -> dict[str, Any]:
    """Volumes out of the north scaled by ``factor``."""
    return {"op": "scale_demand", "factor": factor, "origin_regions": ["north"]}


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "close the lane between Paris and Lyon and volumes up 10% in the north",
            [*lanes("close_lane", "PAR-LYS", "LYS-PAR"), north_up(1.1)],
        ),
        (
            "2 fewer departures between Paris and Lyon and drivers down 5% in the east",
            [
                *lanes("set_lane_capacity", "PAR-LYS", "LYS-PAR", trucks_delta=-2),
                {"op": "set_drivers", "region": "east", "factor": 0.95},
            ],
        ),
        (
            "shut the link connecting Berlin and Hamburg and volumes up 10% in the north",
            [*lanes("close_lane", "BER-HAM", "HAM-BER"), north_up(1.1)],
        ),
    ],
)
def test_the_and_of_between_two_hubs_never_starts_another_change(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'Close the lane between Paris and Lyon and volumes up 10% in the north' closes the
    two lanes and raises the north's volumes (it closed the hub Paris all week and raised
    volumes at Lyon: the 'and' of 'between Paris and Lyon' was read as a new change)."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("close Paris between Monday and Wednesday", [0, 1, 2]),
        ("close Paris between Friday and Monday", [0, 4, 5, 6]),
        ("close Paris from Saturday to Monday", [0, 5, 6]),
    ],
)
def test_days_between_two_days_are_every_day_from_one_to_the_other(
    question: str, days: list[int], vocab: Vocabulary
) -> None:
    """'Between Monday and Wednesday' is Monday to Wednesday, and a span over the weekend
    wraps round the plan's cyclic week (both were read as the two days named only)."""
    assert edits_of(Chat(vocab).ask(question)) == [close("PAR", days=days)]


def test_why_not_the_lane_between_two_hubs_forces_both(vocab: Vocabulary) -> None:
    """'Why don't we use the lane between Paris and Lyon?' tries both lanes."""
    name, args = call_of(Chat(vocab).ask("why don't we use the lane between Paris and Lyon?"))
    assert name == "why_not"
    assert args["edits"] == [
        {"op": "use_lane", "lane": "PAR-LYS"},
        {"op": "use_lane", "lane": "LYS-PAR"},
    ]


# ------------------------------------------------------- 'next week': the plan's week


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("close Lyon next week", close("LYS")),
        ("what if Hamburg is shut all next week?", close("HAM")),
        ("next week: close Lyon", close("LYS")),
        ("Nordbau doubles their volume next week", scale(2.0, customers=["Nordbau"])),
        ("next week's volumes up 5% in the north", scale(1.05, origin_regions=["north"])),
        (
            "over the coming week, volumes into Paris rise 12%",
            scale(1.12, destination_hubs=["PAR"]),
        ),
        ("close Lyon on Tuesday next week", close("LYS", days=[1])),
        ("close Lyon next week on weekdays", close("LYS", days=[0, 1, 2, 3, 4])),
    ],
)
def test_next_week_is_the_plans_week(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """The plan is one week, so 'next week' is all of it (a day named in it narrows to that
    day); it is never one day, nor asked about as if it named one."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    "question",
    [
        "close Paris at the end of next week",
        "close Paris early next week",
        "close Paris mid-next week",
        "shut Berlin until next week",
        "close Paris by next week",
        "close Paris for two days next week",
        "close Paris the week after next",
        "close Paris next week or the week after",
        "close Paris over the next two weeks",
        "close Lyon tomorrow and all next week",
    ],
)
def test_part_of_next_week_or_more_than_it_is_asked_about(question: str, vocab: Vocabulary) -> None:
    """Part of next week names no day of it, and more than it runs past the plan's one week:
    the interpreter asks which day and changes nothing."""
    asked = question_of(Chat(vocab).ask(question))
    assert "Which day of the week" in asked and "changed nothing" in asked


@pytest.mark.parametrize(
    ("question", "note"),
    [
        ("close Lyon next week", "(I read “next week” as the whole plan week (Monday to Sunday).)"),
        (
            "close Lyon on Tuesday next week",
            "(I read “next week” as the plan's week (Monday to Sunday).)",
        ),
    ],
)
def test_the_answer_says_next_week_was_read_as_the_plans_week(question: str, note: str) -> None:
    """After the what-if ran, the answer opens with how 'next week' was read."""
    messages: list[ModelMessage] = [
        ModelRequest(parts=[UserPromptPart(question)]),
        ModelResponse(parts=[ToolCallPart("what_if", {"edits": []})]),
        ModelRequest(parts=[ToolReturnPart("what_if", "the answer")]),
    ]
    [part] = interpret(messages, no_tools_info()).parts
    assert isinstance(part, TextPart)
    assert part.content.startswith(note) and part.content.endswith("the answer")


# ------------------------------------------------------------------------ durations


@pytest.mark.parametrize(
    "question",
    [
        "close Paris for a day",
        "what if we shut Lyon for one day?",
        "what if we close Paris for more than 2 days?",
        "what if Paris is shut for more than two days?",
        "close Paris for at least 2 days",
        "close Paris for over a day",
        "shut Lyon for less than 2 days",
        "close Paris on Monday for more than a day",
    ],
)
def test_a_closure_for_a_number_of_days_asks_which_days(vocab: Vocabulary, question: str) -> None:
    """A closure said as a length of time ('for a day', 'for more than 2 days') names no
    day of the plan week: the answer asks which, and no version is made. 'For more than 2
    days' used to relax every delivery promise at the hub by 48 h, and 'for a day' closed
    the hub all week."""
    text = question_of(Chat(vocab).ask(question))
    assert "Which day" in text and "changed nothing" in text


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("close Paris on Monday for a day", close("PAR", days=[0])),
        ("close Paris Tuesday for 1 day", close("PAR", days=[1])),
        ("what if Lyon is down for a week?", close("LYS")),
        (
            "what if 2-day delivery to Berlin?",
            {"op": "set_due_hours", "destination_hubs": ["BER"], "due_h": 48.0},
        ),
    ],
)
def test_a_day_named_with_its_length_is_that_day(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """With the day named, 'for a day' is that day; 'for a week' is the plan's week, and a
    '2-day' promise is still a delivery promise."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


# ------------------------------------------------------------------------ more of a change


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "what if there is another 500 t out of Paris?",
            {"op": "scale_demand", "delta_t": 500.0, "origin_hubs": ["PAR"]},
        ),
        (
            "additional 500 t out of Paris",
            {"op": "scale_demand", "delta_t": 500.0, "origin_hubs": ["PAR"]},
        ),
        (
            "an extra 10% cut in drivers in the north",
            {"op": "set_drivers", "region": "north", "factor": 0.9},
        ),
        (
            "another 10% cut in drivers in the north",
            {"op": "set_drivers", "region": "north", "factor": 0.9},
        ),
        (
            "what if we lose another 3 drivers in the north?",
            {"op": "set_drivers", "region": "north", "drivers_delta": -3},
        ),
    ],
)
def test_extra_and_another_say_more_of_the_change(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """'Another' and 'additional' add like 'extra' does, and beside a word of falling they
    say more of the fall: 'an extra 10% cut in drivers' used to raise drivers by 10%, and
    'another 500 t out of Paris' was not understood."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("raise the service level to 98%", 0.98),
        ("service level 98%", 0.98),
        ("set the OTIF target to 96%", 0.96),
        ("lift the SLA to 97%", 0.97),
    ],
)
def test_service_level_otif_and_sla_shares_are_the_on_time_target(
    vocab: Vocabulary, question: str, target: float
) -> None:
    """'Service level', 'OTIF' and 'SLA' with a share set the on-time target; they were not
    understood, and 'OTIF' was asked about as an unknown name."""
    assert edits_of(Chat(vocab).ask(question)) == [
        {"op": "set_service_policy", "service_target": target}
    ]


def test_an_sla_in_hours_stays_a_promise(vocab: Vocabulary) -> None:
    """'SLA of 24h for Nordbau' is a due time, not a target share."""
    assert edits_of(Chat(vocab).ask("SLA of 24h for Nordbau")) == [
        {"op": "set_due_hours", "customers": ["Nordbau"], "due_h": 24.0}
    ]


def test_a_sign_set_apart_from_its_share_is_still_the_change(vocab: Vocabulary) -> None:
    """'north + 20%, west - 10%' is +20% out of the north and -10% out of the west (it was not
    understood); '10 - 20%' stays a range and is asked about."""
    assert edits_of(Chat(vocab).ask("north + 20%, west - 10%")) == [
        {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"]},
        {"op": "scale_demand", "factor": 0.9, "origin_regions": ["west"]},
    ]
    assert "10% or 20%" in question_of(Chat(vocab).ask("volumes up 10 - 20% in the north"))


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("lose Nordbau", {"op": "remove_demand", "customers": ["Nordbau"]}),
        (
            "drop the customer ACME entirely",
            {"op": "remove_demand", "customers": ["ACME Logistics"]},
        ),
        (
            "what if we drop ACME Logistics on Friday",
            {"op": "remove_demand", "customers": ["ACME Logistics"], "days": [4]},
        ),
        (
            "drop Nordbau's volume by 10%",
            {"op": "scale_demand", "factor": 0.9, "customers": ["Nordbau"]},
        ),
    ],
)
def test_dropping_a_customer_removes_its_demand(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """A verb of losing with a customer as its object removes that customer's demand (only
    'we lose …' and '… as a customer' were read); with an amount it stays a change."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def test_dropping_volumes_for_a_customer_is_not_losing_it(vocab: Vocabulary) -> None:
    """'drop volumes for Nordbau' says no amount: asked, never the customer removed."""
    assert "By how much" in question_of(Chat(vocab).ask("drop volumes for Nordbau"))


@pytest.mark.parametrize("verb", ["swap", "redeploy", "bring"])
def test_more_verbs_move_trailers(vocab: Vocabulary, verb: str) -> None:
    """'swap / redeploy / bring 4 trailers from Vienna to Munich' moves them (not understood)."""
    assert edits_of(Chat(vocab).ask(f"{verb} 4 trailers from Vienna to Munich")) == [
        {"op": "move_trailers", "from_hub": "VIE", "to_hub": "MUN", "count": 4}
    ]


@pytest.mark.parametrize(
    "question",
    [
        "scrap 3 trailers at Munich",
        "retire 3 trailers at Munich",
        "decommission 3 trailers at Munich",
        "write off 3 trailers at Munich",
    ],
)
def test_trailers_scrapped_or_retired_are_taken_off_the_fleet(
    vocab: Vocabulary, question: str
) -> None:
    """Scrapping 3 trailers takes 3 off the hub's fleet; it set the fleet to 3 trailers."""
    assert edits_of(Chat(vocab).ask(question)) == [
        {"op": "set_fleet_size", "hub": "MUN", "trailers_delta": -3}
    ]


@pytest.mark.parametrize("question", ["sell 3 trailers in Munich", "order 5 trailers for Munich"])
def test_a_verb_of_unknown_direction_never_sets_the_fleet(vocab: Vocabulary, question: str) -> None:
    """'sell 3 trailers in Munich' set Munich's fleet to 3: a trade verb is no level, so the
    clause is not read as one (nothing changes)."""
    assert "I did not understand" in question_of(Chat(vocab).ask(question))


def test_buying_trailers_adds_them(vocab: Vocabulary) -> None:
    """'buy 4 trailers for Munich' adds 4 trailers there."""
    assert edits_of(Chat(vocab).ask("buy 4 trailers for Munich")) == [
        {"op": "set_fleet_size", "hub": "MUN", "trailers_delta": 4}
    ]


@pytest.mark.parametrize(
    "question",
    ["staff in central -10%", "staff shortage of 10% in central", "headcount down 10% in central"],
)
def test_staff_words_ask_whether_they_mean_drivers(vocab: Vocabulary, question: str) -> None:
    """'staff in central -10%' scaled the central region's freight; staff, headcount and the
    like are asked about, and 'yes' cuts the region's drivers."""
    chat = Chat(vocab)
    assert "mean the drivers (planned per region)?" in question_of(chat.ask(question))
    assert edits_of(chat.ask("yes")) == [{"op": "set_drivers", "region": "central", "factor": 0.9}]


def test_crews_are_drivers(vocab: Vocabulary) -> None:
    """'crew shortage of 10% in central' is 10% fewer drivers there ('crew' was an unknown
    name)."""
    assert edits_of(Chat(vocab).ask("crew shortage of 10% in central")) == [
        {"op": "set_drivers", "region": "central", "factor": 0.9}
    ]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("mothball Lyon", close("LYS")),
        ("idle Lyon on Monday", close("LYS", days=[0])),
        ("decommission Lyon", close("LYS")),
        ("axe the Berlin-Hamburg lane", {"op": "close_lane", "lanes": ["BER-HAM"]}),
        ("kill the Berlin to Hamburg route", {"op": "close_lane", "lanes": ["BER-HAM"]}),
    ],
)
def test_more_words_close_a_hub_or_a_lane(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """Mothball, idle, decommission, axe, kill close what they name (not understood)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("close Berlin to Hamburg", "close_lane"),
        ("discontinue Berlin to Hamburg", "close_lane"),
        ("reopen Berlin to Hamburg", "reopen_lane"),
    ],
)
def test_closing_one_hub_to_another_is_the_lane(vocab: Vocabulary, question: str, op: str) -> None:
    """'close Berlin to Hamburg' closes the Berlin → Hamburg lane; it closed both hubs."""
    assert edits_of(Chat(vocab).ask(question)) == [{"op": op, "lanes": ["BER-HAM"]}]
    assert edits_of(Chat(vocab).ask("close Berlin and Hamburg")) == [close("BER", "HAM")]


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("how busy is Munich?", []),
        ("what leaves Munich on Monday?", [0]),
        ("show me the plan for Munich", []),
        ("how many trucks leave Munich on Monday?", [0]),
        ("what goes through Munich?", []),
    ],
)
def test_questions_about_one_hub_read_its_traffic(
    vocab: Vocabulary, question: str, days: list[int]
) -> None:
    """A question about one hub's plan reads it (it was not understood)."""
    assert call_of(Chat(vocab).ask(question)) == ("hub_traffic", {"hub": "MUN", "days": days})


@pytest.mark.parametrize(
    "question", ["what if Munich closes?", "why is Munich so busy?", "is Munich at capacity?"]
)
def test_other_questions_about_a_hub_are_not_traffic(vocab: Vocabulary, question: str) -> None:
    """A supposition, a why or a limit question about a hub keeps its own reading."""
    assert call_of(Chat(vocab).ask(question))[0] != "hub_traffic"


@pytest.mark.parametrize(
    ("first", "then", "edit"),
    [
        (
            "cut drivers in the east by 10%",
            "and in the north by 5%",
            {"op": "set_drivers", "region": "north", "factor": 0.95},
        ),
        (
            "cut drivers in the east by 10",
            "and the north by 4 as well",
            {"op": "set_drivers", "region": "north", "drivers_delta": -4},
        ),
        (
            "volumes up 20% in the north",
            "and the west too",
            {"op": "scale_demand", "factor": 1.2, "origin_regions": ["west"]},
        ),
    ],
)
def test_and_x_too_takes_its_own_amount(
    vocab: Vocabulary, first: str, then: str, edit: dict[str, Any]
) -> None:
    """'and in the north by 5%' after a 10% cut in the east cuts the north by 5% (it cut it by
    the east's 10%); with no amount said, the last change's amount is kept."""
    chat = Chat(vocab)
    chat.ask(first)
    assert edits_of(chat.ask(then)) == [edit]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "what if we run Paris-Lyon twice a day",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "max_trucks_per_day": 2},
        ),
        (
            "add a daily departure Munich to Vienna",
            {"op": "set_lane_capacity", "lanes": ["MUN-VIE"], "trucks_delta": 1},
        ),
    ],
)
def test_departures_said_per_day(vocab: Vocabulary, question: str, edit: dict[str, Any]) -> None:
    """'twice a day' is two departures a day (it doubled the lane's limit); 'add a daily
    departure' adds one (it asked by how much)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize("said", ["scratch that", "roll that back"])
def test_more_ways_to_undo(vocab: Vocabulary, said: str) -> None:
    """'scratch that' and 'roll that back' undo the last change (not understood)."""
    chat = Chat(vocab)
    chat.ask("close Paris")
    assert call_of(chat.ask(said))[0] == "undo"


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("close all hubs in the north on Monday", [0]),
        ("what if the north's hubs close on Monday", [0]),
        ("close every hub in the north", []),
        ("close the hubs in the north", []),
    ],
)
def test_every_hub_of_a_region_closes_each_of_them(
    vocab: Vocabulary, question: str, days: list[int]
) -> None:
    """'close all hubs in the north' closes Hamburg and Berlin (not understood before)."""
    assert edits_of(Chat(vocab).ask(question)) == [close("HAM", "BER", days=days)]


def test_diesel_is_every_carriers_rates(vocab: Vocabulary) -> None:
    """'diesel up 10%' raises every lane's rates by 10% ('diesel' was an unknown name)."""
    assert edits_of(Chat(vocab).ask("diesel up 10%")) == [{"op": "scale_lane_rates", "factor": 1.1}]


def test_a_cost_per_km_asks_whose_rates(vocab: Vocabulary) -> None:
    """'cost per km up 3%' is a rate change; which carriers' is asked (not understood)."""
    assert "Whose rates should change" in question_of(Chat(vocab).ask("cost per km up 3%"))


@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "what if there's a strike in the east on Thursday",
            "“close all hubs in the east on Thursday”",
        ),
        ("the north is snowed in", "“close all hubs in the north”"),
    ],
)
def test_a_disruption_of_a_region_asks_what_it_closes(
    vocab: Vocabulary, question: str, said: str
) -> None:
    """A strike or snow in a region asks whether its hubs close or its drivers are cut, with
    the sentence for each (it was not understood)."""
    asked = question_of(Chat(vocab).ask(question))
    assert said in asked and "cut drivers in the" in asked


@pytest.mark.parametrize(
    ("question", "carrier"),
    [
        ("raise rates 5% but not for contract carriers", "own"),
        ("raise all rates 5% but not contract", "own"),
        ("raise rates 5% excluding contract carriers", "own"),
        ("rates +5% except for the own fleet", "contract"),
    ],
)
def test_a_carrier_left_out_of_a_rate_change_is_left_out(
    vocab: Vocabulary, question: str, carrier: str
) -> None:
    """'but not for contract carriers' raised the contract rates ('contract' read as a verb
    of falling), and 'all rates … but not contract' raised every rate: the other kind's
    rates change."""
    assert edits_of(Chat(vocab).ask(question)) == [
        {"op": "scale_lane_rates", "factor": 1.05, "carrier": carrier}
    ]


def test_a_carrier_left_out_of_anything_else_is_asked_about(vocab: Vocabulary) -> None:
    """Carriers can be left out of a rate change only: elsewhere the exception is asked
    about, never dropped."""
    assert "rate change only" in question_of(Chat(vocab).ask("close Paris except contract lanes"))


@pytest.mark.parametrize("said", ["excl.", "w/o", "not incl."])
def test_abbreviated_exceptions(vocab: Vocabulary, said: str) -> None:
    """'20% more volume excl. Nordbau' leaves Nordbau out; it scaled Nordbau alone."""
    assert edits_of(Chat(vocab).ask(f"20% more volume {said} Nordbau")) == [
        {"op": "scale_demand", "factor": 1.2, "customers": ["ACME Logistics"]}
    ]


@pytest.mark.parametrize("opener", ["excellent,", "brilliant -", "super,", "awesome!"])
def test_more_acknowledgements_open_a_question(vocab: Vocabulary, opener: str) -> None:
    """'excellent, close Paris' closes Paris (the opener made it not understood)."""
    assert edits_of(Chat(vocab).ask(f"{opener} close Paris")) == [close("PAR")]


@pytest.mark.parametrize(
    "question", ["which customers are late?", "who is served late?", "what is unserved?"]
)
def test_who_is_late_is_the_service_explanation(vocab: Vocabulary, question: str) -> None:
    """Who or what is late or unserved is answered by the service explanation (it was not
    understood)."""
    assert call_of(Chat(vocab).ask(question)) == ("explain", {"topic": "service", "by_day": None})


@pytest.mark.parametrize(
    "question",
    [
        "give me the KPIs",
        "show violations",
        "any problems with the plan?",
        "how much freight doesn't get delivered?",
        "what does live cost per week?",
    ],
)
def test_how_the_plan_stands_is_the_summary(vocab: Vocabulary, question: str) -> None:
    """KPIs, violations, problems, undelivered freight and the week's cost are the summary
    ('KPIs' was asked about as a name; the others were not understood or compared versions)."""
    assert call_of(Chat(vocab).ask(question)) == ("summarise", {})


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("close Paris, no wait, Lyon", close("LYS")),
        ("close Paris, sorry, close Lyon instead", close("LYS")),
        (
            "volumes up 20% in the north - sorry, the west",
            {"op": "scale_demand", "factor": 1.2, "origin_regions": ["west"]},
        ),
        (
            "volumes up 20% in the north, I mean 30%",
            {"op": "scale_demand", "factor": 1.3, "origin_regions": ["north"]},
        ),
        ("close Paris on Monday, make that Tuesday", close("PAR", days=[1])),
    ],
)
def test_a_correction_in_the_message_replaces_what_it_corrects(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """'close Paris, no wait, Lyon' closes Lyon: it closed Paris. The name, amount or day
    after the correction takes the place of the one before it."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def test_a_correction_that_cannot_be_placed_is_asked_about(vocab: Vocabulary) -> None:
    """With two names of the kind before it, the planner is asked which one it replaces."""
    asked = question_of(Chat(vocab).ask("close Paris and Hamburg, I mean Lyon"))
    assert "Which should “Lyon” replace" in asked


def test_an_apology_that_opens_the_message_is_no_correction(vocab: Vocabulary) -> None:
    """'sorry, close Paris' closes Paris: nothing comes before the apology to correct."""
    assert edits_of(Chat(vocab).ask("sorry, close Paris")) == [close("PAR")]


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("Monday to Wednesday, close Paris", [0, 1, 2]),
        ("from Wednesday onwards, close Paris", [2, 3, 4, 5, 6]),
        ("until Wednesday, close Paris", [0, 1, 2]),
    ],
)
def test_a_span_of_days_before_the_change_is_its_days(
    vocab: Vocabulary, question: str, days: list[int]
) -> None:
    """A span of days said first applies to the change after it (it was not understood)."""
    assert edits_of(Chat(vocab).ask(question)) == [close("PAR", days=days)]


def test_a_place_said_to_be_fine_first_is_left_as_it_is(vocab: Vocabulary) -> None:
    """'Paris is fine, close Lyon' closes Lyon (not understood); 'the north is fine, cut
    drivers everywhere by 10%' leaves the north's drivers as they are."""
    assert edits_of(Chat(vocab).ask("Paris is fine, close Lyon")) == [close("LYS")]
    cut = edits_of(Chat(vocab).ask("the north is fine, cut drivers everywhere by 10%"))
    assert {e["region"] for e in cut} == {"central", "east", "west"}


@pytest.mark.parametrize("opener", ["everything is fine,", "looks good,", "all good -"])
def test_an_all_is_well_opener_is_no_change(vocab: Vocabulary, opener: str) -> None:
    """'everything is fine, close Lyon' closes Lyon (it was not understood)."""
    assert edits_of(Chat(vocab).ask(f"{opener} close Lyon")) == [close("LYS")]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("what if we didn't have Paris", close("PAR")),
        ("what if there was no Paris", close("PAR")),
        ("what if Paris didn't exist", close("PAR")),
        ("run without Lyon", close("LYS")),
        ("plan without Nordbau", {"op": "remove_demand", "customers": ["Nordbau"]}),
        ("suppose we didn't have Nordbau", {"op": "remove_demand", "customers": ["Nordbau"]}),
    ],
)
def test_a_name_supposed_absent_is_lost(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """'what if we didn't have Paris' closes Paris; it was read as a change asked not to be
    made. A customer supposed absent loses its demand."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "what if there were no trucks from Paris to Lyon",
            {"op": "close_lane", "lanes": ["PAR-LYS"]},
        ),
        ("don't have Paris closed, close Lyon", close("LYS")),
    ],
)
def test_absence_words_keep_their_other_readings(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """'no trucks from A to B' still closes the lane; an order 'don't have X closed' is no
    supposition and never closes X."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def test_what_leaves_one_hub_for_another_is_the_lane(vocab: Vocabulary) -> None:
    """'what leaves Paris for Lyon?' reads the Paris → Lyon lane (not understood)."""
    assert call_of(Chat(vocab).ask("what leaves Paris for Lyon?")) == (
        "lane_traffic",
        {"origin": "PAR", "destination": "LYS", "days": []},
    )


def test_whilst_joins_two_changes(vocab: Vocabulary) -> None:
    """'close Paris whilst Lyon takes 20% more freight' closes Paris and adds 20% at Lyon; it
    dropped the closure and scaled both hubs' freight."""
    assert edits_of(Chat(vocab).ask("close Paris whilst Lyon takes 20% more freight")) == [
        close("PAR"),
        {"op": "scale_demand", "factor": 1.2, "hubs": ["LYS"]},
    ]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("how much would it cost to close Paris?", close("PAR")),
        ("does it make sense to close Lyon on Sunday?", close("LYS", days=[6])),
    ],
)
def test_an_it_that_stands_for_the_change_is_the_what_if(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """'how much would it cost to close Paris?' is the closure's what-if (it asked what 'it'
    was)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


# ------------------------------------------------------------------------ either end


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("volumes up 10% at northern hubs", {"regions": ["north"]}),
        ("volumes up 10% at every hub in the north", {"regions": ["north"]}),
        ("volumes up 10% at the north hubs", {"regions": ["north"]}),
        ("freight through the north +10%", {"regions": ["north"]}),
        ("volumes to and from the north up 10%", {"regions": ["north"]}),
        ("freight in and out of Paris up 10%", {"hubs": ["PAR"]}),
        ("volumes at all hubs in the north except Hamburg up 10%", {"hubs": ["BER"]}),
        ("volumes up 10% in the north", {"origin_regions": ["north"]}),
        ("volumes up 10% to the north", {"destination_regions": ["north"]}),
        ("volumes up 10% in the north but not Hamburg", {"origin_hubs": ["BER"]}),
    ],
)
def test_freight_at_a_regions_hubs_is_either_end(
    question: str, scope: dict[str, Any], vocab: Vocabulary
) -> None:
    """'At the northern hubs', 'through the north', 'to and from the north' are the freight
    the region's hubs handle, leaving or arriving (as 'at Hamburg' is), not only what leaves;
    'in the north' stays the freight leaving it and 'to the north' what arrives."""
    assert edits_of(Chat(vocab).ask(question)) == [{"op": "scale_demand", "factor": 1.1, **scope}]


# ------------------------------------------------------------------------ transit


def transit(lane: str, **change: float) -> dict[str, Any]:
    """A ``set_lane_transit`` edit of one lane."""
    return {"op": "set_lane_transit", "lanes": [lane], **change}


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("what if the Paris-Lyon lane takes an hour longer?", [transit("PAR-LYS", add_h=1.0)]),
        ("Paris-Lyon transit +2h", [transit("PAR-LYS", add_h=2.0)]),
        ("add 2 hours to Paris-Lyon", [transit("PAR-LYS", add_h=2.0)]),
        ("delays of 3 hours on Hamburg-Berlin", [transit("HAM-BER", add_h=3.0)]),
        ("Hamburg-Berlin runs 90 minutes late", [transit("HAM-BER", add_h=1.5)]),
        ("the Berlin to Vienna run is half an hour faster", [transit("BER-VIE", add_h=-0.5)]),
        ("Paris to Lyon takes 9 hours", [transit("PAR-LYS", transit_h=9.0)]),
        (
            "30 minutes quicker between Paris and Lyon",
            [transit("PAR-LYS", add_h=-0.5), transit("LYS-PAR", add_h=-0.5)],
        ),
    ],
)
def test_a_lanes_transit_time_is_set_or_changed_in_hours(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """Transit said in hours or minutes, longer or shorter or as a level, sets the lane's
    transit ('takes 6 hours' was once read as 6 more departures); 'between' is both ways."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    "question", ["Hamburg-Berlin 20% slower", "Paris-Lyon is slower", "Paris-Lyon slower on Monday"]
)
def test_transit_without_hours_or_on_a_day_is_asked(question: str, vocab: Vocabulary) -> None:
    """Transit is hours for the whole week: a share, no duration or a day is asked about."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


# ------------------------------------------------------------------------ shares of counts


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "one in ten drivers off sick in the north",
            {"op": "set_drivers", "region": "north", "factor": 0.9},
        ),
        (
            "3 in 10 drivers in the east are off",
            {"op": "set_drivers", "region": "east", "factor": 0.7},
        ),
        (
            "10% of drivers in the north out this week",
            {"op": "set_drivers", "region": "north", "factor": 0.9},
        ),
        (
            "three-quarters of normal volume out of Vienna",
            {"op": "scale_demand", "factor": 0.75, "origin_hubs": ["VIE"]},
        ),
        (
            "1 out of 5 trucks on Paris-Lyon cancelled",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "factor": 0.8},
        ),
        (
            "cancel 20% of departures on Paris-Lyon",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "factor": 0.8},
        ),
        (
            "20% of Paris-Lyon trucks off",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "factor": 0.8},
        ),
        (
            "suspend 1 truck on Paris-Lyon",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "trucks_delta": -1},
        ),
    ],
)
def test_a_share_of_things_away_is_a_fall(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'One in ten', hyphenated fractions, and things cancelled, suspended, off or out are a
    fall by that share or count: 'one in ten drivers off sick' took 1 driver away, 'suspend
    1 truck' set the lane to 1 truck, '20% of trucks … cancelled' left 20% of them."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


# ------------------------------------------------------------------------ replies


@pytest.mark.parametrize(
    ("question", "reply", "edits"),
    [
        (
            "hub capacity at Munich down 20% on Monday and Tuesday",
            "all week",
            [{"op": "set_hub_capacity", "hubs": ["MUN"], "factor": 0.8}],
        ),
        (
            "raise contract rates 5% from Wednesday",
            "yes",
            [{"op": "scale_lane_rates", "factor": 1.05, "carrier": "contract"}],
        ),
        (
            "what happens if Munich goes offline Thursday afternoon?",
            "yes",
            [close("MUN", days=[3])],
        ),
    ],
)
def test_yes_to_whole_days_makes_the_change_for_them(
    question: str, reply: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """A change said for days it cannot be limited to, or for part of a day, is asked about;
    'yes' (or 'all week') makes it for the whole week or the whole day. It was not understood."""
    chat = Chat(vocab)
    assert "changed nothing" in question_of(chat.ask(question))
    assert edits_of(chat.ask(reply)) == edits


def test_no_to_all_week_changes_nothing(vocab: Vocabulary) -> None:
    """'no' to 'should it apply all week?' declines: nothing is changed."""
    chat = Chat(vocab)
    question_of(chat.ask("Paris-Lyon 2 more trucks on Mon-Wed"))
    assert "changed nothing" in question_of(chat.ask("no"))


def test_a_lane_change_goes_on_in_the_conversation(vocab: Vocabulary) -> None:
    """'and Berlin-Hamburg too' repeats the last lane change on that lane (both ways when it
    was made both ways; it was not understood), and 'make it 45 minutes' redoes a transit
    change in hours, keeping its direction and both of its ways."""
    chat = Chat(vocab)
    assert edits_of(chat.ask("30 minutes quicker between Paris and Lyon")) == [
        transit("PAR-LYS", add_h=-0.5),
        transit("LYS-PAR", add_h=-0.5),
    ]
    assert edits_of(chat.ask("and Berlin-Hamburg too")) == [
        transit("BER-HAM", add_h=-0.5),
        transit("HAM-BER", add_h=-0.5),
    ]
    assert edits_of(chat.ask("make it 45 minutes")) == [
        transit("BER-HAM", add_h=-0.75),
        transit("HAM-BER", add_h=-0.75),
    ]
    chat = Chat(vocab)
    edits_of(chat.ask("close the Paris-Lyon lane"))
    assert edits_of(chat.ask("and Berlin-Hamburg as well")) == [
        {"op": "close_lane", "lanes": ["BER-HAM"]}
    ]


# ------------------------------------------------------------------------ routes, promises


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "route all Paris-Vienna freight via Munich",
            {"op": "route_via", "lanes": ["PAR→VIE"], "via_hub": "MUN"},
        ),
        (
            "can we ship ACME's freight through Lyon?",
            {"op": "route_via", "customers": ["ACME Logistics"], "via_hub": "LYS"},
        ),
        (
            "run the Paris-Vienna freight through Munich on Monday",
            {"op": "route_via", "lanes": ["PAR→VIE"], "days": [0], "via_hub": "MUN"},
        ),
    ],
)
def test_an_order_to_route_freight_through_a_hub_is_the_forced_route(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'Route X freight via H' is the forced route (it was understood only as 'why not …'),
    with the days said (they were dropped)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("48h delivery everywhere", [{"op": "set_due_hours", "due_h": 48.0}]),
        (
            "72-hour service for Nordbau",
            [{"op": "set_due_hours", "customers": ["Nordbau"], "due_h": 72.0}],
        ),
        (
            "give Nordbau an extra day to deliver",
            [{"op": "set_due_hours", "customers": ["Nordbau"], "delta_h": 24.0}],
        ),
        (
            "3-day delivery between Paris and Lyon",
            [
                {
                    "op": "set_due_hours",
                    "origin_hubs": ["PAR"],
                    "destination_hubs": ["LYS"],
                    "due_h": 72.0,
                },
                {
                    "op": "set_due_hours",
                    "origin_hubs": ["LYS"],
                    "destination_hubs": ["PAR"],
                    "due_h": 72.0,
                },
            ],
        ),
    ],
)
def test_a_promise_said_as_its_length_is_the_due_time(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'48h delivery', '72-hour service', 'N-day delivery between A and B' set the due time
    ('3-day delivery between Paris and Lyon' capped the lane at 3 trucks a day)."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    "question",
    [
        "volumes from Hamburg up 50 t a day",
        "add 50 t a day from Hamburg to Munich",
        "same-day delivery for ACME",
        "tighten promises to same-day for Paris",
    ],
)
def test_freight_per_day_and_same_day_promises_are_asked(question: str, vocab: Vocabulary) -> None:
    """Tonnes a day of freight is no volume change (it was taken as 50 t in all, or as both
    hubs' capacity); 'same-day' is no number of hours (it was read as 'the same again')."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("close all hubs on Sunday", [6]),
        ("close everything on Sunday", [6]),
        ("shut the whole network on Saturday and Sunday", [5, 6]),
        ("close every hub at the weekend", [5, 6]),
    ],
)
def test_every_hub_closes_on_the_days_said(
    question: str, days: list[int], vocab: Vocabulary
) -> None:
    """'Close all hubs / everything on Sunday' closes each hub on those days (it was not
    understood); all week is asked about, since nothing would be left to plan."""
    hubs = ["LYS", "PAR", "HAM", "BER", "MUN", "VIE"]
    assert edits_of(Chat(vocab).ask(question)) == [close(*hubs, days=days)]
    assert "changed nothing" in question_of(Chat(vocab).ask("close all hubs"))


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("cut Nordbau's volume to zero", {"customers": ["Nordbau"]}),
        (
            "bring ACME's freight from Lyon down to 0",
            {"origin_hubs": ["LYS"], "customers": ["ACME Logistics"]},
        ),
    ],
)
def test_freight_cut_to_zero_is_removed(
    question: str, scope: dict[str, Any], vocab: Vocabulary
) -> None:
    """Freight cut 'to zero' is that freight removed (it was asked 'a change of 0 t, or a total
    of 0 t?'); all freight to zero, with no place named, is still asked about."""
    assert edits_of(Chat(vocab).ask(question)) == [{"op": "remove_demand", **scope}]
    assert "changed nothing" in question_of(Chat(vocab).ask("volumes to 0"))


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("where are we late?", "explain"),
        ("where is freight delivered late?", "explain"),
        ("which customers suffer most?", "explain"),
        ("what is the plan's total cost?", "summarise"),
        ("what is our weekly spend?", "summarise"),
        ("which lanes run empty?", "lane_fill"),
        ("show me empty repositioning", "lane_fill"),
    ],
)
def test_questions_about_the_plan_are_read_not_changed(
    question: str, tool: str, vocab: Vocabulary
) -> None:
    """Where the plan is late, what it costs and where it runs empty are read-only answers
    (each was not understood)."""
    assert call_of(Chat(vocab).ask(question))[0] == tool


# ------------------------------------------------------------------------ from … to …


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "Paris-Lyon from 3 to 5 trucks a day",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "max_trucks_per_day": 5},
        ),
        (
            "Munich capacity from 500 t to 600 t a day",
            {"op": "set_hub_capacity", "hubs": ["MUN"], "capacity_t_per_day": 600.0},
        ),
        (
            "increase north volumes from 100 to 120",
            {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"]},
        ),
        (
            "north volumes drop from 100 to 90",
            {"op": "scale_demand", "factor": 0.9, "origin_regions": ["north"]},
        ),
    ],
)
def test_from_one_number_to_another_is_where_it_goes(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """A count said 'from 3 to 5 trucks' goes to 5 (it was set to 3); unitless numbers 'from
    100 to 120' are an index, so their ratio (it was asked 'a change or a total of 100 t?')."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("close Paris from 2 to 4 December", [2, 3, 4]),
        ("close Paris Dec 7-9", [0, 1, 2]),
        ("close Paris between 24 and 26 December", [3, 4, 5]),
    ],
)
def test_a_span_of_dates_is_each_of_its_days(
    question: str, days: list[int], vocab: Vocabulary
) -> None:
    """Dates said as a span of one month are every day of it ('from 2 to 4 December' closed
    only the 4th; 'between 24 and 26 December' was split into two questions)."""
    assert edits_of(Chat(vocab).ask(question)) == [close("PAR", days=days)]


@pytest.mark.parametrize(
    ("first", "reply", "edits", "replaces"),
    [
        ("raise contract rates 5%", "no, own fleet", [rates(1.05, "own")], True),
        ("raise contract rates 5%", "own fleet instead", [rates(1.05, "own")], True),
        ("raise contract rates 5%", "and own fleet too", [rates(1.05, "own")], False),
        ("raise all rates 5%", "contract only", [rates(1.05, "contract")], True),
    ],
)
def test_a_carrier_kind_alone_redoes_the_rate_change_for_it(
    first: str, reply: str, edits: list[dict[str, Any]], replaces: bool, vocab: Vocabulary
) -> None:
    """A carrier kind said alone after a rate change ('no, own fleet', 'contract only') redoes
    it for that kind in place of the last one, or beside it with 'too' (it was not
    understood); after a change of no rates it is asked about."""
    chat = Chat(vocab)
    edits_of(chat.ask(first))
    name, args = call_of(chat.ask(reply))
    assert name == "what_if" and args["edits"] == edits
    assert bool(args.get("replace_previous")) is replaces
    chat = Chat(vocab)
    edits_of(chat.ask("close Paris"))
    assert "own-fleet lanes" in question_of(chat.ask("own fleet instead"))


def test_moving_counted_things_or_more_freight_through_a_hub_is_no_forced_route(
    vocab: Vocabulary,
) -> None:
    """'Send 5 trailers … via Munich' is no route for freight (never a route_via), and 'ship
    20% more freight through Munich' is more freight at Munich, as before."""
    response = Chat(vocab).ask("send 5 trailers from Paris to Lyon via Munich")
    calls = [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert not any(e.get("op") == "route_via" for c in calls for e in c.args_as_dict()["edits"])
    assert edits_of(Chat(vocab).ask("ship 20% more freight through Munich")) == [
        {"op": "scale_demand", "factor": 1.2, "hubs": ["MUN"]}
    ]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "reopen the Paris-Lyon lane in 2 hours",
            {"op": "reopen_lane", "lanes": ["PAR-LYS"]},
        ),
    ],
)
def test_a_duration_alone_is_no_transit_time(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """A duration beside a lane change is no transit: 'reopen … in 2 hours' set the transit
    to 2 h; 'for the next 24 hours' is asked about (it set the transit 24 h longer)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]
    asked = Chat(vocab).ask("Paris-Lyon 2 more trucks for the next 24 hours")
    assert "changed nothing" in question_of(asked)


def test_trailers_lent_move_and_a_surplus_is_asked(vocab: Vocabulary) -> None:
    """'Lend Vienna 3 trailers from Berlin' moves 3 from Berlin to Vienna (it was not
    understood); 'Berlin has 10 trailers too many' is asked about (it set the fleet to 10)."""
    move = {"op": "move_trailers", "from_hub": "BER", "to_hub": "VIE", "count": 3}
    assert edits_of(Chat(vocab).ask("lend Vienna 3 trailers from Berlin")) == [move]
    assert edits_of(Chat(vocab).ask("Vienna borrows 3 trailers from Berlin")) == [move]
    for question in ("Berlin has 10 trailers too many", "Munich has 4 spare trailers"):
        assert "changed nothing" in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    "question", ["driver pay up 5%", "driver wages rise 3% in the north", "drivers cost 5% more"]
)
def test_what_drivers_cost_is_asked_never_their_number(question: str, vocab: Vocabulary) -> None:
    """Drivers' pay is no count of drivers ('driver pay up 5%' added 5% more drivers in every
    region): asked about, nothing changed."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("if Paris shuts, who is affected?", close("PAR")),
        ("suppose Lyon is down Monday, what breaks?", close("LYS", days=[0])),
        ("close Munich, which customers get hit?", close("MUN")),
        ("close Paris, what's the damage?", close("PAR")),
    ],
)
def test_a_trailing_who_is_hit_question_is_the_what_ifs_answer(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'…, who is affected?' / 'what breaks?' after a change is answered by the what-if (the
    answer names what is late and unserved); it made the whole question not understood."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def test_bound_for_a_region_is_its_inbound_freight(vocab: Vocabulary) -> None:
    """'North-bound' / 'northbound' freight heads into the north (it was the freight leaving
    it, or a question about 'northbound')."""
    for question in ("20% increase north-bound", "northbound volume +20%"):
        assert edits_of(Chat(vocab).ask(question)) == [
            {"op": "scale_demand", "factor": 1.2, "destination_regions": ["north"]}
        ]


@pytest.mark.parametrize(
    "question", ["increase volumes to 20% in the north", "Atlantis drivers -10%"]
)
def test_a_contradiction_or_an_unknown_place_before_a_resource_changes_nothing(
    question: str, vocab: Vocabulary
) -> None:
    """'Increase … to 20%' (a rise to a fifth) was a cut to 20%; an unknown name before
    'drivers' was dropped and every region's drivers cut. Neither changes anything now."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("Nordbau ships half as much", {"factor": 0.5, "customers": ["Nordbau"]}),
        (
            "100 more tonnes for ACME into Vienna",
            {"delta_t": 100.0, "destination_hubs": ["VIE"], "customers": ["ACME Logistics"]},
        ),
        ("200 fewer tonnes out of Paris", {"delta_t": -200.0, "origin_hubs": ["PAR"]}),
    ],
)
def test_half_as_much_and_tonnes_said_with_their_change(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'Half as much' halves (it was not understood); '100 more tonnes' is tonnes (it was
    asked '100% or 100 t?')."""
    assert edits_of(Chat(vocab).ask(question)) == [{"op": "scale_demand", **edit}]


@pytest.mark.parametrize(
    ("question", "factor"),
    [
        ("Hamburg can only do half its usual volume", 0.5),
        ("Hamburg can only move 80% of normal", 0.8),
        ("Hamburg can do 20% more", 1.2),
    ],
)
def test_what_a_hub_can_do_is_its_capacity(
    question: str, factor: float, six_hub_vocab: Vocabulary
) -> None:
    """'Hamburg can only do half its usual volume' is what the hub can handle (it halved the
    freight to and from Hamburg)."""
    capacity = {"op": "set_hub_capacity", "hubs": ["HAM"], "factor": factor}
    assert edits_of(Chat(six_hub_vocab).ask(question)) == [capacity]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("halve unserved freight", "what the plan yields"),
        ("reduce delayed shipments in the north by 30%", "what the plan yields"),
        ("cut late freight out of Paris by half", "what the plan yields"),
        ("Berlin is 30% over capacity", "how full the hub runs"),
        ("Hamburg is 20% above capacity on Monday", "how full the hub runs"),
        ("Paris is 10% under capacity", "how full the hub runs"),
        ("Paris to Lyon costs 200 euros more per truck", "not by an amount of money"),
        ("contract rates +50 EUR per truck", "not by an amount of money"),
        ("Nordbau's penalties double", "can't change penalties"),
        ("ACME's priority up by 1", "can't change priorities"),
    ],
)
def test_what_no_edit_sets_is_asked_not_scaled(
    question: str, asked: str, six_hub_vocab: Vocabulary
) -> None:
    """A result of the plan (late or unserved freight), how full a hub runs, or an amount of
    money, or a customer's terms: asked, nothing changed. They had halved every volume,
    raised Berlin's capacity 30%, added 200 trucks a day to Paris-Lyon and doubled Nordbau's
    freight."""
    response = Chat(six_hub_vocab).ask(question)
    assert not [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert asked in question_of(response) and "changed nothing" in question_of(response)


def test_a_share_of_capacity_said_as_a_level_stays_a_capacity(six_hub_vocab: Vocabulary) -> None:
    """'Lyon at 80% capacity all week' is the hub's capacity at 80% (no state of the plan)."""
    capacity = {"op": "set_hub_capacity", "hubs": ["LYS"], "factor": 0.8}
    assert edits_of(Chat(six_hub_vocab).ask("Lyon at 80% capacity all week")) == [capacity]


@pytest.mark.parametrize(
    "question",
    [
        "send Lyon 5 of Paris's trailers",
        "give Lyon 5 more trailers from Paris",
        "move 5 trailers to Lyon from Paris",
        "Paris sends 5 trailers to Lyon",
        "hand Lyon 5 of Paris's trailers",
        "move 5 trailers from Paris to Lyon",
    ],
)
def test_trailers_go_to_the_hub_that_receives_them(
    question: str, six_hub_vocab: Vocabulary
) -> None:
    """The hub said 'from' or owning the trailers gives them; the hub right after 'send' or
    'give', or said 'to', takes them ('send Lyon 5 of Paris's trailers' moved them from Lyon
    to Paris)."""
    move = {"op": "move_trailers", "from_hub": "PAR", "to_hub": "LYS", "count": 5}
    assert edits_of(Chat(six_hub_vocab).ask(question)) == [move]


@pytest.mark.parametrize(
    ("question", "side"),
    [
        ("ex-Paris volumes +10%", "origin_hubs"),
        ("volumes ex Paris up 10%", "origin_hubs"),
        ("Paris-origin freight up 10%", "origin_hubs"),
        ("Paris-destination freight up 10%", "destination_hubs"),
    ],
)
def test_ex_and_origin_say_which_end(question: str, side: str, six_hub_vocab: Vocabulary) -> None:
    """'ex-Paris' and 'Paris-origin' freight leaves Paris, 'Paris-destination' freight goes
    there (both had scaled the freight at either end)."""
    scale = {"op": "scale_demand", "factor": 1.1, side: ["PAR"]}
    assert edits_of(Chat(six_hub_vocab).ask(question)) == [scale]


@pytest.mark.parametrize(
    ("change", "correction", "edit"),
    [
        (
            "close Paris on Monday",
            "not Paris, Lyon",
            {"op": "close_hub", "hubs": ["LYS"], "days": [0]},
        ),
        (
            "close Paris on Monday",
            "no, Lyon not Paris",
            {"op": "close_hub", "hubs": ["LYS"], "days": [0]},
        ),
        (
            "volumes up 10% in the north",
            "I meant the east, not the north",
            {"op": "scale_demand", "factor": 1.1, "origin_regions": ["east"]},
        ),
    ],
)
def test_a_name_corrected_redoes_the_change_for_it(
    change: str, correction: str, edit: dict[str, Any], six_hub_vocab: Vocabulary
) -> None:
    """'not Paris, Lyon' after a change redoes it for Lyon in its place (it was read as
    'don't do this' and nothing changed)."""
    chat = Chat(six_hub_vocab)
    chat.ask(change)
    name, args = call_of(chat.ask(correction))
    assert name == "what_if" and args["edits"] == [edit] and args["replace_previous"]


def test_what_about_a_name_asks_whether_the_same_change_is_meant(
    six_hub_vocab: Vocabulary,
) -> None:
    """'what about the east?' after a change asks whether to make the same change there (it
    was not understood); 'yes' makes it beside the first."""
    chat = Chat(six_hub_vocab)
    chat.ask("volumes up 10% in the north")
    asked = question_of(chat.ask("what about the east?"))
    assert "same change for the east" in asked and "changed nothing" in asked
    same = {"op": "scale_demand", "factor": 1.1, "origin_regions": ["east"]}
    assert edits_of(chat.ask("yes")) == [same]


def test_tonnes_between_two_hubs_ask_which_way(six_hub_vocab: Vocabulary) -> None:
    """'we lost 120 t between Paris and Lyon' asks which way (it took 120 t off each way,
    240 t in all); 'each way' in the reply, or in the question, is each way."""
    chat = Chat(six_hub_vocab)
    asked = question_of(chat.ask("we lost 120 t between Paris and Lyon"))
    assert "from Paris to Lyon, from Lyon to Paris, or 120 t each way" in asked
    one_way = {"op": "scale_demand", "delta_t": -120.0, "origin_hubs": ["LYS"]}
    assert edits_of(chat.ask("from Lyon to Paris")) == [{**one_way, "destination_hubs": ["PAR"]}]
    each = edits_of(Chat(six_hub_vocab).ask("add 50 t each way between Paris and Lyon"))
    assert [(e["delta_t"], e["origin_hubs"]) for e in each] == [(50.0, ["PAR"]), (50.0, ["LYS"])]


@pytest.mark.parametrize(
    ("question", "giver", "taker"),
    [
        ("Berlin lends 2 trailers to Vienna", "BER", "VIE"),
        ("Vienna borrows 2 trailers off Berlin", "BER", "VIE"),
        ("Vienna lends Berlin 2 trailers", "VIE", "BER"),
        ("Vienna borrows 2 Berlin trailers", "BER", "VIE"),
    ],
)
def test_lent_and_borrowed_trailers_go_to_the_borrower(
    question: str, giver: str, taker: str, six_hub_vocab: Vocabulary
) -> None:
    """The lender gives, the borrower takes ('Berlin lends 2 trailers to Vienna' was not
    understood)."""
    move = {"op": "move_trailers", "from_hub": giver, "to_hub": taker, "count": 2}
    assert edits_of(Chat(six_hub_vocab).ask(question)) == [move]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "volumes at all cross-docks -10%",
            {"op": "scale_demand", "factor": 0.9, "hubs": ["LYS", "MUN"]},
        ),
        (
            "freight through the cross-docks down 10%",
            {"op": "scale_demand", "factor": 0.9, "hubs": ["LYS", "MUN"]},
        ),
        (
            "volumes at the cross-docks in the west up 5%",
            {"op": "scale_demand", "factor": 1.05, "regions": ["west"], "hubs": ["LYS"]},
        ),
    ],
)
def test_freight_at_a_kind_of_hub_is_the_freight_of_those_hubs(
    question: str, edit: dict[str, Any], six_hub_vocab: Vocabulary
) -> None:
    """'volumes at all cross-docks -10%' is the freight at the cross-docks, either end (it
    scaled the freight of the whole network)."""
    assert edits_of(Chat(six_hub_vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("all cross-docks down 10%", "What of all cross-docks should change"),
        ("all hubs down 10%", "What of all hubs should change"),
        ("double the trucks on all lanes out of Paris", "Which lanes should"),
        ("50% fewer trucks in the north", "Which lanes should"),
    ],
)
def test_hubs_or_trucks_without_a_thing_are_asked(
    question: str, asked: str, six_hub_vocab: Vocabulary
) -> None:
    """A kind of hub, every hub, or trucks with an amount and no lane: asked (they scaled the
    freight of the whole network, or of Paris or the north)."""
    response = Chat(six_hub_vocab).ask(question)
    assert not [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert asked in question_of(response) and "changed nothing" in question_of(response)


def test_the_rest_of_the_week_runs_from_today_to_sunday(six_hub_vocab: Vocabulary) -> None:
    """'for the rest of the week', asked on a Friday, is Friday to Sunday (it was asked
    about as 'who is the rest?')."""
    close_lyon = {"op": "close_hub", "hubs": ["LYS"], "days": [4, 5, 6]}
    chat = Chat(six_hub_vocab)
    assert edits_of(chat.ask("close Lyon for the rest of the week")) == [close_lyon]


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("where are we losing money?", "explain"),
        ("what are our cost drivers?", "explain"),
        ("where does the money go?", "explain"),
        ("promote this", "propose"),
        ("make this live", "propose"),
    ],
)
def test_money_questions_and_promotion_reach_their_tool(
    question: str, tool: str, six_hub_vocab: Vocabulary
) -> None:
    """Where the money goes is the cost levers; promoting a scenario proposes it for approval
    (live changes only through approval). Neither was understood."""
    name, _ = call_of(Chat(six_hub_vocab).ask(question))
    assert name == tool


@pytest.mark.parametrize(
    ("question", "closed", "days"),
    [
        ("Paris closes on Monday and volumes rise 5%", ["PAR"], [0]),
        ("what if both Paris and Lyon close on Monday and volumes rise 5%", ["PAR", "LYS"], [0]),
        ("Paris closes on Monday and Tuesday and volumes rise 5%", ["PAR"], [0, 1]),
    ],
)
def test_a_closure_and_a_volume_change_in_one_sentence_are_both_made(
    question: str, closed: list[str], days: list[int], six_hub_vocab: Vocabulary
) -> None:
    """Two whole changes joined by 'and' are two changes: the closure was lost and the
    volume change took its hubs and days (+5% at Paris on Monday only)."""
    assert edits_of(Chat(six_hub_vocab).ask(question)) == [
        {"op": "close_hub", "hubs": closed, "days": days},
        {"op": "scale_demand", "factor": 1.05},
    ]


@pytest.mark.parametrize(
    "question",
    [
        "close Berlin on Friday - volumes up 10% in the north",
        "volumes up 10% in the north with Berlin closed on Friday",
        "north volumes +10% and Berlin closed on Friday",
    ],
)
def test_a_closure_beside_a_change_after_a_dash_or_with_is_made(
    question: str, six_hub_vocab: Vocabulary
) -> None:
    """A closure said after a dash or as 'with Berlin closed' is a change of its own (it was
    lost, and the volume change took Berlin and Friday)."""
    edits = edits_of(Chat(six_hub_vocab).ask(question))
    assert {"op": "close_hub", "hubs": ["BER"], "days": [4]} in edits
    assert {"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"]} in edits
    assert len(edits) == 2


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("what if our biggest customer doubles?", "ACME Logistics, Nordbau"),
        ("what if the busiest hub closes?", "Which one is “the busiest hub”"),
        ("close our largest hub on Monday", "Which one is “our largest hub”"),
    ],
)
def test_a_thing_named_by_its_rank_is_asked(
    question: str, asked: str, six_hub_vocab: Vocabulary
) -> None:
    """'our biggest customer' is a fact of the plan, not of the words: asked (it doubled
    every customer's freight); a reply with the name makes the change for it."""
    chat = Chat(six_hub_vocab)
    response = chat.ask(question)
    assert not [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert asked in question_of(response) and "changed nothing" in question_of(response)


def test_a_rank_beside_the_name_is_the_name(six_hub_vocab: Vocabulary) -> None:
    """'our main customer ACME ships 10% more' names ACME: no question."""
    edit = {"op": "scale_demand", "factor": 1.1, "customers": ["ACME Logistics"]}
    assert edits_of(Chat(six_hub_vocab).ask("our main customer ACME ships 10% more")) == [edit]


def test_closed_between_two_hubs_is_the_road_not_the_hubs(six_hub_vocab: Vocabulary) -> None:
    """'the A7 is closed between Lyon and Paris' closes the lanes both ways (it closed both
    hubs); 'reopen the road between …' reopens them."""
    closed = edits_of(Chat(six_hub_vocab).ask("the A7 is closed between Lyon and Paris"))
    assert closed == [
        {"op": "close_lane", "lanes": ["LYS-PAR"]},
        {"op": "close_lane", "lanes": ["PAR-LYS"]},
    ]
    reopened = edits_of(Chat(six_hub_vocab).ask("reopen the road between Lyon and Paris"))
    assert [e["op"] for e in reopened] == ["reopen_lane", "reopen_lane"]


def test_a_holiday_week_is_the_week_not_the_holiday(six_hub_vocab: Vocabulary) -> None:
    """'double everything for Christmas week' doubles the week (it doubled Christmas Day,
    a Friday, only); 'on Christmas' stays the day."""
    week = edits_of(Chat(six_hub_vocab).ask("double everything for Christmas week"))
    assert week == [{"op": "scale_demand", "factor": 2.0}]
    day = edits_of(Chat(six_hub_vocab).ask("double everything on Christmas"))
    assert day == [{"op": "scale_demand", "factor": 2.0, "days": [4]}]


@pytest.mark.parametrize(
    "question",
    ["volumes up 3% per day through the week", "ramp volumes up 5% a day from Monday"],
)
def test_a_share_growing_day_by_day_is_asked(question: str, six_hub_vocab: Vocabulary) -> None:
    """A share that compounds each day is asked about (it was one flat change)."""
    response = Chat(six_hub_vocab).ask(question)
    assert not [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert "grows day by day" in question_of(response)


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("do we have a lane from Lyon to Vienna?", "lane_traffic"),
        ("is there a direct lane from Lyon to Vienna?", "lane_traffic"),
        ("how many trucks do we run?", "summarise"),
        ("how full are our trucks?", "lane_fill"),
        ("what's our truck fill?", "lane_fill"),
    ],
)
def test_first_questions_about_the_plan_read_it(
    question: str, tool: str, six_hub_vocab: Vocabulary
) -> None:
    """Asked first, with no change before them, these read the plan: the lane's traffic (or
    that there is no lane), the plan's summary, the fill of its trucks. The first two
    compared a version with its parent, the last were not understood."""
    name, _ = call_of(Chat(six_hub_vocab).ask(question))
    assert name == tool
