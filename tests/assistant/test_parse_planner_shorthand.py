"""Planner shorthand read the way it is meant: shares of a quantity, verbs, read-only asks.

Each test drives :func:`assistant.interpreter.model.respond` through the chat helper of
:mod:`tests.assistant.test_parse_phrasings` and checks what the planner would notice: the
exact edits a new version gets, the read-only tool answered, or a question back.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interpreter.vocabulary import Vocabulary
from tests.assistant.conftest import six_hubs
from tests.assistant.test_parse_phrasings import Chat, call_of, edits_of, question_of


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    """Six hubs in four regions and two customers."""
    return six_hubs()


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "Berlin-Hamburg: half the departures",
            {"op": "set_lane_capacity", "lanes": ["BER-HAM"], "factor": 0.5},
        ),
        (
            "run 60% of the trucks on PAR-LYS",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "factor": 0.6},
        ),
        (
            "a third of the departures on BER-HAM",
            {"op": "set_lane_capacity", "lanes": ["BER-HAM"], "factor": 0.333333},
        ),
        (
            "half the volume out of Paris",
            {"op": "scale_demand", "factor": 0.5, "origin_hubs": ["PAR"]},
        ),
        (
            "drivers in the east at 70% of the roster",
            {"op": "set_drivers", "region": "east", "factor": 0.7},
        ),
        (
            "cut 20% of the departures on BER-HAM",
            {"op": "set_lane_capacity", "lanes": ["BER-HAM"], "factor": 0.8},
        ),
        (
            "we're short 10% of drivers in the north",
            {"op": "set_drivers", "region": "north", "factor": 0.9},
        ),
    ],
)
def test_a_share_of_a_quantity_is_a_level_not_a_rise(
    vocab: Vocabulary, question: str, edit: dict[str, object]
) -> None:
    """'Half the departures' leaves half of them (x0.5), never 50% more; a share cut or
    missing ('cut 20% of the departures', 'short 10% of drivers') takes that share away."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "factor"),
    [
        ("ramp down demand in the north by 10%", 0.9),
        ("ramp the north down 10%", 0.9),
        ("scale back demand in the north by 10%", 0.9),
        ("scale up demand in the north by 10%", 1.1),
        ("dial down demand in the north by 10%", 0.9),
        ("crank up demand in the north by 10%", 1.1),
        ("wind down demand in the north by 10%", 0.9),
        ("throttle back demand in the north by 10%", 0.9),
    ],
)
def test_the_particle_of_a_phrasal_verb_says_the_direction(
    vocab: Vocabulary, question: str, factor: float
) -> None:
    """'Ramp down' and 'scale back' lower volumes and 'crank up' raises them: the particle
    decides, where 'ramp down' used to raise them and 'scale' was asked about as a name."""
    assert edits_of(Chat(vocab).ask(question)) == [
        {"op": "scale_demand", "factor": factor, "origin_regions": ["north"]}
    ]


@pytest.mark.parametrize(
    "question",
    [
        "volumes up 10pct in the west",
        "volumes +10pc in the west",
        "volumes up 10percent in the west",
    ],
)
def test_a_percent_unit_written_against_its_number_is_a_percent(
    vocab: Vocabulary, question: str
) -> None:
    """'10pct', '10pc' and '10percent' are read as 10%, not left unread."""
    assert edits_of(Chat(vocab).ask(question)) == [
        {"op": "scale_demand", "factor": 1.1, "origin_regions": ["west"]}
    ]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "10 trailers at Paris are out",
            {"op": "set_fleet_size", "hub": "PAR", "trailers_delta": -10},
        ),
        (
            "10 trailers at Paris are out of service",
            {"op": "set_fleet_size", "hub": "PAR", "trailers_delta": -10},
        ),
        (
            "5 drivers in the north are out on Monday",
            {"op": "set_drivers", "region": "north", "days": [0], "drivers_delta": -5},
        ),
        (
            "3 trucks on BER-HAM are broken down",
            {"op": "set_lane_capacity", "lanes": ["BER-HAM"], "trucks_delta": -3},
        ),
    ],
)
def test_counted_resources_out_of_use_are_that_many_fewer(
    vocab: Vocabulary, question: str, edit: dict[str, object]
) -> None:
    """'10 trailers at Paris are out of service' removes 10 trailers; it used to set the
    fleet to 10 trailers, and '… drivers are out' was not understood."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("the Berlin–Hamburg lane is out", {"op": "close_lane", "lanes": ["BER-HAM"]}),
        ("Hamburg is out on Monday", {"op": "close_hub", "hubs": ["HAM"], "days": [0]}),
        ("what if Lyon is out tues and wed", {"op": "close_hub", "hubs": ["LYS"], "days": [1, 2]}),
    ],
)
def test_a_hub_or_lane_that_is_out_is_closed(
    vocab: Vocabulary, question: str, edit: dict[str, object]
) -> None:
    """'The lane is out' and 'Hamburg is out on Monday' close it, on the days said."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("cap Paris at 50%", {"op": "set_hub_capacity", "hubs": ["PAR"], "factor": 0.5}),
        (
            "don't close Paris, just cap it at 50%",
            {"op": "set_hub_capacity", "hubs": ["PAR"], "factor": 0.5},
        ),
        ("limit Munich to 70%", {"op": "set_hub_capacity", "hubs": ["MUN"], "factor": 0.7}),
        (
            "Hamburg to 1,200 t/day",
            {"op": "set_hub_capacity", "hubs": ["HAM"], "capacity_t_per_day": 1200.0},
        ),
        (
            "Hamburg at 900 tonnes a day",
            {"op": "set_hub_capacity", "hubs": ["HAM"], "capacity_t_per_day": 900.0},
        ),
        (
            "cap Nordbau volumes at 50%",
            {"op": "scale_demand", "factor": 0.5, "customers": ["Nordbau"]},
        ),
    ],
)
def test_a_hub_capped_or_given_tonnes_a_day_changes_its_capacity(
    vocab: Vocabulary, question: str, edit: dict[str, object]
) -> None:
    """'Cap Paris at 50%' and 'Hamburg to 1,200 t/day' set what the hub handles; they were
    not understood or asked about as a volume total. Capped freight stays a volume change."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        ("what would cut cost the most?", "explain", {"topic": "cost", "by_day": None}),
        ("where can we save money", "explain", {"topic": "cost", "by_day": None}),
        ("biggest cost levers?", "explain", {"topic": "cost", "by_day": None}),
        ("what would improve service most", "explain", {"topic": "service", "by_day": None}),
        ("whats our on-time this week", "summarise", {}),
        ("how are we doing on cost?", "summarise", {}),
        (
            "which hubs are busiest",
            "binding_constraints",
            {"kinds": ["hub"], "days": [], "hubs": [], "regions": []},
        ),
        (
            "which lanes are most congested on Friday",
            "binding_constraints",
            {"kinds": ["lane"], "days": [4], "hubs": [], "regions": []},
        ),
    ],
)
def test_read_only_questions_in_planner_words_are_answered(
    vocab: Vocabulary, question: str, tool: str, args: dict[str, object]
) -> None:
    """Asking for levers, for how the plan stands or for the busiest hubs is answered by the
    read-only tool (cost levers for a cost question), not met with 'I did not understand'."""
    assert call_of(Chat(vocab).ask(question)) == (tool, args)


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "close Hamburg but keep it open on Saturday",
            {"op": "close_hub", "hubs": ["HAM"], "days": [0, 1, 2, 3, 4, 6]},
        ),
        (
            "close Hamburg all week, but it stays open on Monday",
            {"op": "close_hub", "hubs": ["HAM"], "days": [1, 2, 3, 4, 5, 6]},
        ),
        (
            "close Hamburg on friday but keep it open over the weekend",
            {"op": "close_hub", "hubs": ["HAM"], "days": [4]},
        ),
        (
            "volumes up 10% in the north but keep Hamburg unchanged",
            {"op": "scale_demand", "factor": 1.1, "origin_hubs": ["BER"]},
        ),
        (
            "volumes up 10% but keep the north unaffected",
            {"op": "scale_demand", "factor": 1.1, "origin_regions": ["central", "east", "west"]},
        ),
        (
            "close Paris on Monday, Lyon stays open",
            {"op": "close_hub", "hubs": ["PAR"], "days": [0]},
        ),
    ],
)
def test_what_is_kept_open_is_left_out_of_the_change(
    vocab: Vocabulary, question: str, edit: dict[str, object]
) -> None:
    """Days or a name kept open beside a change are exceptions to it: 'close Hamburg but keep
    it open on Saturday' leaves Saturday open, where it closed Hamburg all week, and 'keep
    Hamburg unchanged' leaves Hamburg's freight as it is."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "no drivers in central on sunday",
            {"op": "set_drivers", "region": "central", "days": [6], "drivers": 0},
        ),
        (
            "what if there are zero drivers in the central region on Sunday?",
            {"op": "set_drivers", "region": "central", "days": [6], "drivers": 0},
        ),
        ("no trailers at Paris", {"op": "set_fleet_size", "hub": "PAR", "trailers": 0}),
    ],
)
def test_no_drivers_or_trailers_said_as_a_what_if_sets_zero(
    vocab: Vocabulary, question: str, edit: dict[str, object]
) -> None:
    """'No drivers in central on Sunday' sets that day's drivers to zero; it was answered as
    'which regions use all their drivers' or not understood."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    "question",
    ["are there no drivers left in central on sunday?", "where do we have no drivers on Sunday?"],
)
def test_asking_where_there_are_no_drivers_stays_a_question(
    vocab: Vocabulary, question: str
) -> None:
    """Asking where drivers run out reads the plan and changes nothing."""
    name, _ = call_of(Chat(vocab).ask(question))
    assert name == "binding_constraints"


def test_no_drivers_cut_is_a_negation_not_zero_drivers(vocab: Vocabulary) -> None:
    """'No drivers cut in the east' changes nothing; it never sets the east's drivers to 0."""
    words = question_of(Chat(vocab).ask("no drivers cut in the east"))
    assert "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("adjust demand in the north by 10%", "go up or down by 10%"),
        ("change drivers in the east by 5", "go up or down by 5"),
        ("adjust freight out of Paris by 500 t", "go up or down by 500 t?"),
        ("Paris to Lyon +50%", "the departures on the Paris to Lyon lane"),
        ("Lyon: -30%", "Lyon's handling capacity"),
    ],
)
def test_a_change_missing_its_direction_or_its_thing_is_asked_about(
    vocab: Vocabulary, question: str, asked: str
) -> None:
    """'Adjust demand by 10%' asks up or down, and 'Lyon: -30%' asks whether freight or
    capacity changes, instead of 'I did not understand'; nothing changes meanwhile."""
    words = question_of(Chat(vocab).ask(question))
    assert asked in words and "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "reply", "edit"),
    [
        (
            "adjust freight out of Paris by 500 t",
            "up",
            {"op": "scale_demand", "delta_t": 500.0, "origin_hubs": ["PAR"]},
        ),
        (
            "adjust freight out of Paris by 500 t",
            "down",
            {"op": "scale_demand", "delta_t": -500.0, "origin_hubs": ["PAR"]},
        ),
        (
            "tweak volumes in the north by 10%",
            "lower please",
            {"op": "scale_demand", "factor": 0.9, "origin_regions": ["north"]},
        ),
        (
            "change drivers in the east by 5",
            "up",
            {"op": "set_drivers", "region": "east", "drivers_delta": 5},
        ),
    ],
)
def test_saying_which_way_makes_the_change_asked_about(
    vocab: Vocabulary, question: str, reply: str, edit: dict[str, Any]
) -> None:
    """'Up' or 'down' in reply to 'should it go up or down by 500 t?' makes the change that
    way with the amount asked about (the reply was not understood)."""
    chat = Chat(vocab)
    question_of(chat.ask(question))
    assert edits_of(chat.ask(reply)) == [edit]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "close Paris and Lyon but keep Lyon open on Friday",
            [
                {"op": "close_hub", "hubs": ["PAR", "LYS"]},
                {"op": "reopen_hub", "hubs": ["LYS"], "days": [4]},
            ],
        ),
        (
            "close Paris and Lyon but keep them open on Friday",
            [{"op": "close_hub", "hubs": ["PAR", "LYS"], "days": [0, 1, 2, 3, 5, 6]}],
        ),
        (
            "raise Hamburg capacity 20% but keep Berlin unchanged",
            [{"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 1.2}],
        ),
    ],
)
def test_a_name_kept_open_on_some_days_reopens_only_there(
    vocab: Vocabulary, question: str, edits: list[dict[str, object]]
) -> None:
    """Keeping one of several closed hubs open on a day reopens that one hub that day, never
    the others; a hub outside the change that stays unchanged is only a remark."""
    assert edits_of(Chat(vocab).ask(question)) == edits
