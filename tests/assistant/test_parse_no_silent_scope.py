"""Misreadings that changed data without asking, each fixed as a class: an exception that
leaves nothing (the edit went network-wide), 'tomorrow' as typed in chat (the closure ran
all week), an outage of hours (all week), a bare number redoing a share (became tonnes), a
redone cut (became a rise), a question with its own amount read as one about the last
change, and a lost hub read as a stress test.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interpreter.vocabulary import Vocabulary
from tests.assistant.conftest import six_hubs
from tests.assistant.test_parse_phrasings import Chat, call_of, edits_of, question_of


@pytest.fixture
def chat() -> Chat:
    """A new conversation on six hubs in four regions (Vienna is all of the east)."""
    return Chat(six_hubs())


@pytest.mark.parametrize(
    "question",
    [
        "volumes in the east +15% except Vienna",
        "volumes in the east +15% but keep Vienna flat",
        "raise volumes in the east by 15% but leave Vienna alone",
        "volumes in the east +15%, Vienna stays steady",
        "double the volumes of ACME and Nordbau except ACME and Nordbau",
    ],
)
def test_an_exception_that_leaves_nothing_is_asked_about(chat: Chat, question: str) -> None:
    """Leaving out everything a change names leaves no scope; an edit with none applies to the
    whole network, so the planner is asked instead (it was +15% everywhere)."""
    asked = question_of(chat.ask(question))
    assert "leaves nothing to change" in asked and "I changed nothing" in asked


@pytest.mark.parametrize(
    ("question", "hubs"),
    [
        ("volumes in the north +15% but keep Hamburg flat", ["BER"]),
        ("raise the north's volumes 10% but leave Berlin alone", ["HAM"]),
        ("north volumes up 10%, Hamburg stays constant", ["BER"]),
    ],
)
def test_keeping_one_hub_flat_leaves_it_out(chat: Chat, question: str, hubs: list[str]) -> None:
    """'Keep H flat / leave H alone / H stays constant' beside a regional change leaves H out:
    the change applies to the region's other hubs (it applied to H alone before)."""
    (edit,) = edits_of(chat.ask(question))
    assert edit["origin_hubs"] == hubs and "hubs" not in edit and "origin_regions" not in edit


@pytest.mark.parametrize("word", ["tmrw", "tmr", "tomorow", "2moro"])
def test_tomorrow_as_typed_is_one_day(chat: Chat, word: str) -> None:
    """'paris closed tmrw' closes Paris on the day after today (a Friday here: Saturday), not
    the whole week."""
    (edit,) = edits_of(chat.ask(f"paris closed {word}"))
    assert edit == {"op": "close_hub", "hubs": ["PAR"], "days": [5]}


@pytest.mark.parametrize(
    "question",
    [
        "can we cope if Paris is down for 4 hours?",
        "what if Lyon closes for a few hours on Monday?",
        "a 6-hour outage at Hamburg",
        "Munich down for a couple of hours",
    ],
)
def test_an_outage_of_hours_is_asked_about(chat: Chat, question: str) -> None:
    """Changes hold for whole days: an outage said in hours is asked about, never made for
    the whole week (or a stress test of more volume)."""
    asked = question_of(chat.ask(question))
    assert "whole day" in asked and "I changed nothing" in asked


@pytest.mark.parametrize(
    ("first", "then", "change"),
    [
        ("north volumes +20%", "make it 25", {"factor": 1.25}),
        ("cut north volumes by 15%", "make it 20", {"factor": 0.8}),
        ("cut drivers in the north by 5", "make it 8", {"drivers_delta": -8}),
        ("5 fewer trucks a day from Paris to Lyon", "make it 2", {"trucks_delta": -2}),
        ("Paris volumes +200 t", "make it 300", {"delta_t": 300.0}),
        ("cut north volumes by 15%", "no, a 10% increase", {"factor": 1.1}),
    ],
)
def test_make_it_keeps_the_unit_and_the_way_of_the_change(
    chat: Chat, first: str, then: str, change: dict[str, Any]
) -> None:
    """A bare number redoing a change keeps its unit (a share stays a share: it became 25 t)
    and its way (a cut stays a cut: it became a rise), unless the reply says another way."""
    chat.ask(first)
    (edit,) = edits_of(chat.ask(then))
    assert {k: edit[k] for k in change} == change


@pytest.mark.parametrize(
    "question",
    ["can we run with 10% fewer trailers?", "what if we had 10% fewer trailers?"],
)
def test_trailers_without_a_hub_are_asked_about(chat: Chat, question: str) -> None:
    """Trailers are counted per hub: a fleet change named nowhere asks where and how many (it
    was read as a question about an earlier change that did not exist)."""
    asked = question_of(chat.ask(question))
    assert "Trailers are counted per hub" in asked


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("would we survive losing Hamburg?", "what_if"),
        ("losing Hamburg", "what_if"),
        ("can we cope if Paris is down on Monday?", "what_if"),
        ("can the plan cope with 20% more volume?", "stress_test"),
    ],
)
def test_a_lost_hub_is_a_what_if_not_a_stress_test(chat: Chat, question: str, tool: str) -> None:
    """'Can we cope / survive' with a hub lost asks about that loss; with more volume, it is
    the stress test."""
    assert call_of(chat.ask(question))[0] == tool


def test_no_change_to_compare_with_says_so_first(chat: Chat) -> None:
    """A question about 'it' that names no change, first in a conversation, is not a
    comparison of versions that do not exist."""
    response = chat.ask("would it survive?")
    assert not [p for p in response.parts if getattr(p, "tool_name", "") == "compare"]


def test_the_vocabulary_fixture_is_the_one_described() -> None:
    """Vienna is the only hub of the east (what the first test relies on)."""
    vocab: Vocabulary = six_hubs()
    assert [e.key for e in vocab.hubs_in("east")] == ["VIE"]


@pytest.mark.parametrize(
    ("question", "lanes"),
    [
        ("zero departures Paris to Lyon", [["PAR-LYS"]]),
        ("no trucks from Hamburg to Berlin", [["HAM-BER"]]),
        ("stop all traffic between Paris and Lyon", [["PAR-LYS"], ["LYS-PAR"]]),
    ],
)
def test_nothing_to_run_on_a_lane_closes_it(
    chat: Chat, question: str, lanes: list[list[str]]
) -> None:
    """'Zero departures' on a lane closes it (it was a change of 0 trucks, a version that
    changed nothing), and 'no trucks from A to B' is that change, not a question about
    lanes at their limit."""
    assert edits_of(chat.ask(question)) == [{"op": "close_lane", "lanes": ln} for ln in lanes]


def test_no_trucks_left_stays_a_question(chat: Chat) -> None:
    """'Are there no trucks left on Paris-Lyon?' asks about the plan and changes nothing."""
    assert call_of(chat.ask("are there no trucks left on Paris-Lyon?"))[0] == "binding_constraints"


@pytest.mark.parametrize(
    ("reply", "days"), [("the whole week", None), ("all week", None), ("weekdays", [0, 1, 2, 3, 4])]
)
def test_a_date_beyond_the_week_is_asked_and_the_week_is_an_answer(
    chat: Chat, reply: str, days: list[int] | None
) -> None:
    """'Next month' cannot be placed in the plan's week: the planner is asked, and 'the whole
    week' (or 'weekdays') answers it (it was not understood: a dead end)."""
    asked = question_of(chat.ask("we expect 15 per cent more freight in the west next month"))
    assert "“the whole week”" in asked and "I changed nothing" in asked
    (edit,) = edits_of(chat.ask(reply))
    want = {"op": "scale_demand", "factor": 1.15, "origin_regions": ["west"]}
    assert edit == (want if days is None else {**want, "days": days})


@pytest.mark.parametrize(("reply", "delta"), [("up", 500.0), ("down", -500.0)])
def test_an_amount_with_no_verb_asks_which_way(chat: Chat, reply: str, delta: float) -> None:
    """'500 t of freight out of Paris' says an amount and a place but no way: the planner is
    asked up or down (it was not understood), and the reply makes the change that way."""
    asked = question_of(chat.ask("500 t of freight out of Paris"))
    assert "go up or down by 500 t" in asked
    (edit,) = edits_of(chat.ask(reply))
    assert edit == {"op": "scale_demand", "delta_t": delta, "origin_hubs": ["PAR"]}


def test_elsewhere_leaves_out_what_was_not_to_change(chat: Chat) -> None:
    """'Don't touch the east, cut drivers elsewhere by 10%' cuts the other regions' drivers
    (it cut the east's too); 'elsewhere' with nothing to refer to is asked about."""
    edits = edits_of(chat.ask("don't touch the east, cut drivers elsewhere by 10%"))
    assert [e["region"] for e in edits] == ["central", "north", "west"]
    assert all(e["factor"] == 0.9 for e in edits)
    asked = question_of(Chat(six_hubs()).ask("cut drivers elsewhere by 10%"))
    assert "Elsewhere than where" in asked and "I changed nothing" in asked


@pytest.mark.parametrize(
    ("reply", "factor"), [("down", 0.9), ("up", 1.1), ("down 90%", 0.1), ("lower please", 0.9)]
)
@pytest.mark.parametrize(
    "question",
    [
        "what if 10% of volume in the north?",
        "10% of freight out of the north",
        "suppose 10% of demand in the north",
    ],
)
def test_a_bare_share_of_volume_is_asked_about(
    chat: Chat, question: str, reply: str, factor: float
) -> None:
    """'10% of volume in the north', with no verb, could be a cut to 10% or a change by 10%:
    it asks (it was read as x0.1, a 90% cut), and the reply makes the change it names."""
    asked = question_of(chat.ask(question))
    assert "up or down by 10%, or be 10% of today's (down 90%)?" in asked
    assert edits_of(chat.ask(reply)) == [
        {"op": "scale_demand", "factor": factor, "origin_regions": ["north"]}
    ]


@pytest.mark.parametrize(
    ("question", "factor"),
    [
        ("run 60% of the volume in the north", 0.6),
        ("only 10% of volume in the north", 0.1),
        ("what if we lose 10% of volume in the north?", 0.9),
        ("what if 10% of volume in the north is lost?", 0.9),
    ],
)
def test_a_share_said_with_a_verb_or_level_word_is_read_at_once(
    chat: Chat, question: str, factor: float
) -> None:
    """A verb or a word of level says what the share is: no question is asked."""
    assert edits_of(chat.ask(question)) == [
        {"op": "scale_demand", "factor": factor, "origin_regions": ["north"]}
    ]


@pytest.mark.parametrize(("reply", "delta"), [("down 200 t", -200.0), ("up 200", 200.0)])
def test_a_way_and_an_amount_in_the_reply_make_the_change(
    chat: Chat, reply: str, delta: float
) -> None:
    """'500 t of freight out of Hamburg' asks up or down; 'down 200 t' cuts 200 t out of
    Hamburg (it was read alone: 200 t off every hub), 'up 200' adds 200 t in the unit said."""
    assert "up or down by 500 t" in question_of(chat.ask("500 t of freight out of Hamburg"))
    assert edits_of(chat.ask(reply)) == [
        {"op": "scale_demand", "delta_t": delta, "origin_hubs": ["HAM"]}
    ]
