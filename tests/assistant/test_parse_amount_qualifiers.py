"""Amounts said with a bound ('more than 20%', 'at least 3 trucks', 'up to 10%') or as an
estimate ('about 20%').

A bound is no one number: the planner is asked which number to use and no version is made;
a reply that agrees ('yes', 'ok') or names a number ('20%', 'use 20', '25%') makes the
change with exactly that number. An estimate is the number. Each test drives
:func:`assistant.interpreter.model.respond` through the chat helper of
:mod:`tests.assistant.test_parse_phrasings` and checks what a planner would notice.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic_ai.messages import (
    ModelMessage,
    ModelRequest,
    ModelResponse,
    TextPart,
    ToolCallPart,
    ToolReturnPart,
    UserPromptPart,
)

from assistant.interpreter.model import interpret
from assistant.interpreter.vocabulary import Vocabulary
from tests.assistant.conftest import six_hubs
from tests.assistant.test_interpreter_model import no_tools_info
from tests.assistant.test_parse_phrasings import Chat, call_of, edits_of, question_of

NORTH_UP_20 = {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"]}


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    """Six hubs in four regions (north among them) and two customers."""
    return six_hubs()


@pytest.mark.parametrize(
    "bound",
    [
        "more than 20%",
        "well over 20%",
        "at least 20%",
        "by over 20%",
        "up to 20%",
        "20%+",
        "20+%",
        "north of 20%",
        "less than 20%",
        "under 20%",
        "upwards of 20%",
        "20% or more",
        "in excess of 20%",
        "no less than 20%",
        "just under 20%",
    ],
)
def test_a_share_said_with_a_bound_is_asked_about_and_nothing_changes(
    vocab: Vocabulary, bound: str
) -> None:
    """'What if volumes rise more than 20% in the north?' gets a question naming 20% back and
    no new version; it used to make a +20% version as if 20% had been said ('less than 20%'
    too, and 'north of 20%' added the region north twice)."""
    asked = question_of(Chat(vocab).ask(f"what if volumes rise {bound} in the north?"))
    assert "A scenario takes one number: shall I use 20%?" in asked
    assert "I changed nothing" in asked


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("at least 3 more trucks a day from Hamburg to Berlin", "3"),
        ("add more than 500 t of freight out of Paris", "500 t"),
        ("add 500 t or more of freight out of Paris", "500 t"),
        ("cut drivers in the north by at most 10", "10"),
        ("hire over 5 drivers in the east", "5"),
        ("move upwards of 10 trailers from Paris to Lyon", "10"),
        ("cut volumes by up to 10% in the west", "10%"),
        ("raise contract rates by no more than 4%", "4%"),
    ],
)
def test_a_bound_on_tonnes_trucks_or_drivers_is_asked_about_too(
    vocab: Vocabulary, question: str, number: str
) -> None:
    """A bound on tonnes, trucks, drivers or trailers is no one number either: the question
    names the number said and nothing changes ('at least 3 more trucks' used to set the
    lane's limit to 3 trucks a day, 'by at most 10 drivers' set the region's drivers to 10)."""
    asked = question_of(Chat(vocab).ask(question))
    assert f"shall I use {number}?" in asked


@pytest.mark.parametrize(
    ("reply", "factor"),
    [("yes", 1.2), ("ok", 1.2), ("20%", 1.2), ("use 20", 1.2), ("25%", 1.25), ("make it 15", 1.15)],
)
def test_a_reply_to_the_bound_question_makes_the_change_with_that_number(
    vocab: Vocabulary, reply: str, factor: float
) -> None:
    """Answering 'shall I use 20%?' with 'yes', 'ok', '20%' or 'use 20' raises the north's
    volumes by exactly 20%; with another number ('25%', 'make it 15') by that number."""
    chat = Chat(vocab)
    question_of(chat.ask("what if volumes rise more than 20% in the north?"))
    assert edits_of(chat.ask(reply)) == [{**NORTH_UP_20, "factor": factor}]


@pytest.mark.parametrize(
    ("question", "reply", "edit"),
    [
        (
            "what if volumes rise north of 20% in the north?",
            "yes",
            NORTH_UP_20,
        ),
        (
            "cut volumes by up to 10% in the west",
            "yes",
            {"op": "scale_demand", "factor": 0.9, "origin_regions": ["west"]},
        ),
        (
            "at least 3 more trucks a day from Hamburg to Berlin",
            "ok",
            {"op": "set_lane_capacity", "lanes": ["HAM-BER"], "trucks_delta": 3},
        ),
        (
            "add more than 500 t of freight out of Paris",
            "600",
            {"op": "scale_demand", "delta_t": 600.0, "origin_hubs": ["PAR"]},
        ),
        (
            "volumes in the north rise by at least 10 per cent",
            "yes",
            {"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"]},
        ),
    ],
)
def test_the_agreed_number_is_used_whatever_was_bounded(
    vocab: Vocabulary, question: str, reply: str, edit: dict[str, Any]
) -> None:
    """The reply carries out the change with exactly the agreed number, in the unit of the
    question ('north of 20%' is no region: only the north's volumes change, by 20%)."""
    chat = Chat(vocab)
    question_of(chat.ask(question))
    assert edits_of(chat.ask(reply)) == [edit]


def test_no_to_the_bound_question_changes_nothing(vocab: Vocabulary) -> None:
    """'No' to 'shall I use 20%?' changes nothing and says so."""
    chat = Chat(vocab)
    question_of(chat.ask("what if volumes rise more than 20% in the north?"))
    assert "changed nothing" in question_of(chat.ask("no"))


def test_a_number_to_a_range_question_picks_it(vocab: Vocabulary) -> None:
    """'Do you mean 10% or 20%?' answered '10%' raises by 10% (it was not understood)."""
    chat = Chat(vocab)
    assert "Do you mean 10% or 20%?" in question_of(chat.ask("volumes in the north up 10-20%"))
    assert edits_of(chat.ask("10%")) == [{**NORTH_UP_20, "factor": 1.1}]


@pytest.mark.parametrize(
    "estimate",
    ["about 20%", "around 20%", "roughly 20%", "approximately 20%", "~20%", "some 20%"],
)
def test_an_estimate_is_the_number(vocab: Vocabulary, estimate: str) -> None:
    """'About 20%' is the planner's own estimate: volumes in the north rise by 20%, asked
    nothing."""
    assert edits_of(Chat(vocab).ask(f"what if volumes rise {estimate} in the north?")) == [
        NORTH_UP_20
    ]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "at most 40 drivers in the north",
            {"op": "set_drivers", "region": "north", "drivers": 40},
        ),
        (
            "up to 4 trucks a day from Hamburg to Berlin",
            {"op": "set_lane_capacity", "lanes": ["HAM-BER"], "max_trucks_per_day": 4},
        ),
        ("accept freight up to 8 hours late", {"op": "set_service_policy", "max_late_h": 8.0}),
        ("Paris capacity at most 80%", {"op": "set_hub_capacity", "hubs": ["PAR"], "factor": 0.8}),
        (
            "volumes up 10% in the north over the week",
            {"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"]},
        ),
    ],
)
def test_a_limit_said_as_one_and_other_uses_of_the_words_are_read_as_before(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """A limit set to a level ('at most 40 drivers', 'up to 4 trucks a day', 'up to 8 hours
    late') is that level, and 'over the week' is no bound: each changes data as before."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    "question", ["which lanes carry more than 50 t on Monday?", "which hubs are over 90% full?"]
)
def test_a_bound_in_a_question_about_the_plan_is_no_change_offered(
    vocab: Vocabulary, question: str
) -> None:
    """'Which lanes carry more than 50 t on Monday?' changes nothing and offers no number to
    change by ('more than 50 t' made a +50 t version of every Monday's freight); a 'yes'
    after it changes nothing either."""
    chat = Chat(vocab)
    asked = question_of(chat.ask(question))
    assert "threshold" in asked and "shall I use" not in asked
    question_of(chat.ask("yes"))


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "no more than 4 trucks a day from Hamburg to Berlin",
            {"op": "set_lane_capacity", "lanes": ["HAM-BER"], "max_trucks_per_day": 4},
        ),
        (
            "not more than 4 trucks a day from Hamburg to Berlin",
            {"op": "set_lane_capacity", "lanes": ["HAM-BER"], "max_trucks_per_day": 4},
        ),
        (
            "not exceeding 4 trucks a day from Hamburg to Berlin",
            {"op": "set_lane_capacity", "lanes": ["HAM-BER"], "max_trucks_per_day": 4},
        ),
        (
            "no more than 40 drivers in the north",
            {"op": "set_drivers", "region": "north", "drivers": 40},
        ),
        (
            "not exceeding 40 drivers in the north",
            {"op": "set_drivers", "region": "north", "drivers": 40},
        ),
    ],
)
def test_a_limit_said_with_no_or_not_is_that_limit_not_a_negation(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """'No more than 4 trucks a day from Hamburg to Berlin' sets the lane to 4 trucks a day,
    as 'at most 4 trucks a day' does; it was answered 'You asked me not to do …' and nothing
    changed ('not exceeding 40 drivers' was not understood at all)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "reply", "edit"),
    [
        (
            "no less than 3 more trucks a day from Hamburg to Berlin",
            "yes",
            {"op": "set_lane_capacity", "lanes": ["HAM-BER"], "trucks_delta": 3},
        ),
        (
            "no fewer than 5 more drivers in the east",
            "yes",
            {"op": "set_drivers", "region": "east", "drivers_delta": 5},
        ),
        (
            "not less than 20% more volume in the north",
            "yes",
            NORTH_UP_20,
        ),
    ],
)
def test_a_bound_said_with_no_or_not_is_asked_about_not_refused(
    vocab: Vocabulary, question: str, reply: str, edit: dict[str, Any]
) -> None:
    """'No less than 3 more trucks a day' is a bound like 'at least 3 more trucks': it is
    asked about and 'yes' adds 3 trucks; it was read as 'do not' and nothing could follow."""
    chat = Chat(vocab)
    assert "A scenario takes one number" in question_of(chat.ask(question))
    assert edits_of(chat.ask(reply)) == [edit]


def test_a_real_negation_next_to_a_bound_is_still_one(vocab: Vocabulary) -> None:
    """'Don't add more than 500 t out of Paris' still asks for nothing to be done."""
    assert "not to do" in question_of(Chat(vocab).ask("don't add more than 500 t out of Paris"))


@pytest.mark.parametrize(
    ("question", "reply", "delta"),
    [
        ("more than 500 t of freight out of Paris", "yes", 500.0),
        ("more than 500 t of freight out of Paris", "600", 600.0),
        ("at least 500 t of freight out of Paris", "ok", 500.0),
        ("over 500 t of freight out of Paris", "use 450", 450.0),
        ("500 t or more of freight out of Paris", "yes", 500.0),
        ("500t+ out of Paris", "yes", 500.0),
    ],
)
def test_a_bound_on_freight_said_without_a_verb_adds_the_agreed_tonnes(
    vocab: Vocabulary, question: str, reply: str, delta: float
) -> None:
    """'More than 500 t of freight out of Paris' then 'yes' adds 500 t out of Paris, as 'add
    more than 500 t of freight out of Paris' does; the reply was not understood ('500 t of
    freight out of Paris' says no change) and the planner had to start again."""
    chat = Chat(vocab)
    assert "shall I use 500 t?" in question_of(chat.ask(question))
    assert edits_of(chat.ask(reply)) == [
        {"op": "scale_demand", "delta_t": delta, "origin_hubs": ["PAR"]}
    ]


@pytest.mark.parametrize(
    ("question", "factor", "note"),
    [
        ("does the plan survive more than 20%?", 1.2, "I tested 20% (you said “more than 20%”)."),
        (
            "does the plan survive at least 20% more volume?",
            1.2,
            "I tested 20% (you said “at least 20%”).",
        ),
        ("does the plan survive well over 15%?", 1.15, "I tested 15% (you said “well over 15%”)."),
        ("does the plan survive 20%+?", 1.2, "I tested 20% (you said “20%+”)."),
    ],
)
def test_a_stress_test_said_with_a_bound_says_the_level_it_tested(
    vocab: Vocabulary, question: str, factor: float, note: str
) -> None:
    """'Does the plan survive more than 20%?' runs the stress test at 20% and the answer opens
    by saying 20% was tested for 'more than 20%'; it answered as if 20% had been said."""
    name, args = call_of(Chat(vocab).ask(question))
    assert (name, args["factor"]) == ("stress_test", factor)
    messages: list[ModelMessage] = [
        ModelRequest(parts=[UserPromptPart(question)]),
        ModelResponse(parts=[ToolCallPart("stress_test", args)]),
        ModelRequest(parts=[ToolReturnPart("stress_test", "the answer")]),
    ]
    [part] = interpret(messages, no_tools_info()).parts
    assert isinstance(part, TextPart)
    assert part.content == f"{note}\n\nthe answer"


def test_a_stress_test_at_a_share_said_as_itself_has_no_note(vocab: Vocabulary) -> None:
    """'Does the plan survive 20%?' answers with the test alone."""
    messages: list[ModelMessage] = [
        ModelRequest(parts=[UserPromptPart("does the plan survive 20%?")]),
        ModelResponse(parts=[ToolCallPart("stress_test", {"factor": 1.2})]),
        ModelRequest(parts=[ToolReturnPart("stress_test", "the answer")]),
    ]
    [part] = interpret(messages, no_tools_info()).parts
    assert isinstance(part, TextPart) and part.content == "the answer"


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "not over 4 trucks a day from Hamburg to Berlin",
            {"op": "set_lane_capacity", "lanes": ["HAM-BER"], "max_trucks_per_day": 4},
        ),
        (
            "no higher than 80% capacity at Paris",
            {"op": "set_hub_capacity", "hubs": ["PAR"], "factor": 0.8},
        ),
        (
            "Paris capacity no greater than 80%",
            {"op": "set_hub_capacity", "hubs": ["PAR"], "factor": 0.8},
        ),
        (
            "Paris capacity maximum of 80%",
            {"op": "set_hub_capacity", "hubs": ["PAR"], "factor": 0.8},
        ),
        (
            "not above 40 drivers in the north",
            {"op": "set_drivers", "region": "north", "drivers": 40},
        ),
    ],
)
def test_other_limits_said_with_no_or_not_are_that_level(
    vocab: Vocabulary, question: str, edit: dict[str, Any]
) -> None:
    """'No higher than 80% capacity at Paris' sets Paris to 80% of its capacity and 'not over
    4 trucks a day' sets the lane to 4; both were refused as negations (and 'no higher than
    80%' would have read as +80% without one)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def test_a_bound_said_with_not_below_is_asked_about(vocab: Vocabulary) -> None:
    """'Not below 20% more volume in the north' asks which number, then 'yes' raises by 20%;
    it was refused as a negation."""
    chat = Chat(vocab)
    asked = question_of(chat.ask("not below 20% more volume in the north"))
    assert "shall I use 20%?" in asked
    assert edits_of(chat.ask("yes")) == [NORTH_UP_20]


@pytest.mark.parametrize(
    "question",
    [
        "does the plan survive 20% more volume?",
        "does the plan survive 20% more volume",
        "does the plan survive if volumes rise 20%?",
    ],
)
def test_does_the_plan_survive_a_volume_rise_runs_the_stress_test(
    vocab: Vocabulary, question: str
) -> None:
    """'Does the plan survive 20% more volume?' stress-tests today's plan at +20%, as 'does
    the plan survive 20%?' and 'does the plan survive at least 20% more volume?' do; it made
    a new +20% version of the scenario instead."""
    assert call_of(Chat(vocab).ask(question)) == (
        "stress_test",
        {"factor": 1.2, "regions": [], "draws": 0},
    )


def test_a_survival_question_with_a_place_stays_a_what_if(vocab: Vocabulary) -> None:
    """'Does the plan survive 20% more volume in the north?' names a region the stress test
    does not take: it is the north's +20% what-if, as before."""
    assert edits_of(Chat(vocab).ask("does the plan survive 20% more volume in the north?")) == [
        NORTH_UP_20
    ]


@pytest.mark.parametrize(
    "question",
    ["less than 500 t of freight out of Paris", "under 300 t of freight into Lyon"],
)
def test_a_bound_question_is_only_asked_when_its_yes_leads_somewhere(
    vocab: Vocabulary, question: str
) -> None:
    """A bounded amount whose one-number reading says no change is not understood at once,
    rather than asking 'shall I use 500 t?' and not understanding the 'yes'."""
    chat = Chat(vocab)
    first = question_of(chat.ask(question))
    assert "shall I use" not in first and "I changed nothing" in first
