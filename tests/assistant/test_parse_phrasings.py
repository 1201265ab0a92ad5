"""Planner phrasings the built-in interpreter must read right or ask about, never misread.

Each test drives :func:`assistant.interpreter.model.respond` as the agent does and checks
what a planner would notice: the exact edits sent to ``what_if``, or a question back with
no tool call (so no new version).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic_ai import ModelResponse, TextPart, ToolCallPart
from pydantic_ai.messages import ModelMessage, ModelRequest, ToolReturnPart, UserPromptPart

from assistant.interpreter.model import refusal_words, respond
from assistant.interpreter.vocabulary import Vocabulary

TODAY = date(2026, 12, 4)
"""A Friday: dates in these tests are read against it."""


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    """Eight hubs in five regions (two relays) and three customers."""
    return Vocabulary.build(
        hubs=[
            ("LYS", "Lyon", "west", "cross-dock"),
            ("PAR", "Paris", "west", "hub"),
            ("HAM", "Hamburg", "north", "hub"),
            ("HAN", "Hannover", "north", "depot"),
            ("MAG", "Magdeburg", "north", "relay"),
            ("MUN", "Munich", "central", "cross-dock"),
            ("BOL", "Bologna", "central", "relay"),
            ("ROM", "Rome", "south", "hub"),
            ("VIE", "Vienna", "east", "hub"),
        ],
        customers=["ACME Logistics", "Nordbau", "Ferromont"],
    )


class Chat:
    """A conversation with the built-in interpreter; tool calls are answered with 'done'."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.messages: list[ModelMessage] = []

    def ask(self, question: str) -> ModelResponse:
        """One turn: the interpreter's response to ``question``."""
        self.messages.append(ModelRequest(parts=[UserPromptPart(question)]))
        response = respond(question, self.messages, self.vocab, TODAY)
        self.messages.append(response)
        calls = [p for p in response.parts if isinstance(p, ToolCallPart)]
        if calls:
            done = [ToolReturnPart(c.tool_name, "done", tool_call_id="x") for c in calls]
            self.messages.append(ModelRequest(parts=list(done)))
            self.messages.append(ModelResponse(parts=[TextPart("done")]))
        return response


def edits_of(response: ModelResponse) -> list[dict[str, Any]]:
    """The edits of the response's ``what_if`` call (fails when it made none)."""
    calls = [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert [c.tool_name for c in calls] == ["what_if"], response
    edits: list[dict[str, Any]] = calls[0].args_as_dict()["edits"]
    return edits


def call_of(response: ModelResponse) -> tuple[str, dict[str, Any]]:
    """The response's one tool call: its name and arguments (fails unless there is one)."""
    calls = [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert len(calls) == 1, response
    return calls[0].tool_name, calls[0].args_as_dict()


def question_of(response: ModelResponse) -> str:
    """The text of a response that calls no tool (fails when it called one)."""
    assert not [p for p in response.parts if isinstance(p, ToolCallPart)], response
    return " ".join(p.content for p in response.parts if isinstance(p, TextPart))


def drivers(region: str, **amount: Any) -> dict[str, Any]:
    """A ``set_drivers`` edit."""
    return {"op": "set_drivers", "region": region, **amount}


def close(*hubs: str, days: list[int] | None = None) -> dict[str, Any]:
    """A ``close_hub`` edit."""
    return {"op": "close_hub", "hubs": list(hubs), **({"days": days} if days else {})}


@pytest.mark.parametrize(
    ("question", "factor"),
    [
        ("contract rates up 5%", 1.05),
        ("contract rates rise 5%", 1.05),
        ("contracted haulage costs up 3%", 1.03),
        ("hike contract rates 3%", 1.03),
    ],
)
def test_contract_names_a_carrier_kind_not_a_fall(
    question: str, factor: float, vocab: Vocabulary
) -> None:
    """'contract rates up 5%' raises contract rates; 'contract' is no verb of falling here."""
    edits = edits_of(Chat(vocab).ask(question))
    assert edits == [{"op": "scale_lane_rates", "factor": factor, "carrier": "contract"}]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "freight picked up in Paris drops 10%",
            {"op": "scale_demand", "factor": 0.9, "origin_hubs": ["PAR"]},
        ),
        ("Lyon volumes tumble 20%", {"op": "scale_demand", "factor": 0.8, "hubs": ["LYS"]}),
        (
            "volumes in the east rocket 40%",
            {"op": "scale_demand", "factor": 1.4, "origin_regions": ["east"]},
        ),
    ],
)
def test_words_of_rising_and_falling(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'picked up' is no rise; 'tumble' and 'rocket' are changes ('by up to 10%' is asked
    about: see test_parse_amount_qualifiers)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("close Paris on 24/12", [3]),
        ("close Paris on 12/24", [3]),
        ("close Paris on 24.12.", [3]),
        ("close Hamburg on 2026-12-24", [3]),
        ("close Paris on 24/12/2026", [3]),
    ],
)
def test_dates_in_figures_map_to_their_weekday(
    question: str, days: list[int], vocab: Vocabulary
) -> None:
    """A date written in figures is the weekday it falls on, never the whole week."""
    assert edits_of(Chat(vocab).ask(question))[0]["days"] == days


@pytest.mark.parametrize(
    ("question", "quoted"),
    [("close Paris on 3/4", "3/4"), ("close Lyon on the 24th", "24th")],
)
def test_a_date_that_could_be_two_days_is_asked(
    question: str, quoted: str, vocab: Vocabulary
) -> None:
    """'3/4' (3 April or 4 March?) and 'the 24th' (of which month?) are asked about."""
    text = question_of(Chat(vocab).ask(question))
    assert quoted in text and "changed nothing" in text


def test_current_level_is_no_date(vocab: Vocabulary) -> None:
    """'75% of today's' is a level, not today's weekday."""
    edits = edits_of(Chat(vocab).ask("bring volumes out of Paris down to 75% of today's"))
    assert edits == [{"op": "scale_demand", "factor": 0.75, "origin_hubs": ["PAR"]}]


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        ("volumes up 5-10% in the north", "5%", "10%"),
        ("volumes up by 10 to 15% in the north", "10%", "15%"),
        ("volumes up between 10 and 20 percent", "10%", "20%"),
        ("volumes up 10% or 20% in the north", "10%", "20%"),
        ("add 2-3 trucks a day on Paris→Lyon", "2 trucks", "3 trucks"),
    ],
)
def test_a_range_is_asked_not_narrowed(
    question: str, first: str, second: str, vocab: Vocabulary
) -> None:
    """A range has no one number for a scenario: ask which end, change nothing."""
    text = question_of(Chat(vocab).ask(question))
    assert first in text and second in text


@pytest.mark.parametrize(
    "question",
    [
        "double or triple Nordbau",
        "close Paris or Lyon",
        "what would be cheaper: closing Paris or Lyon?",
    ],
)
def test_alternatives_are_asked(question: str, vocab: Vocabulary) -> None:
    """'A or B' is a choice between two scenarios, never both and never the first."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


def test_or_so_is_no_choice(vocab: Vocabulary) -> None:
    """'10% or so' is about 10%."""
    edits = edits_of(Chat(vocab).ask("volumes up 10% or so in the north"))
    assert edits == [{"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"]}]


@pytest.mark.parametrize(
    "question", ["volumes rise 20% in the north-east", "volumes up 10% in the south west"]
)
def test_two_regions_written_as_one_are_asked(question: str, vocab: Vocabulary) -> None:
    """The network has no 'north-east': ask rather than change two regions."""
    assert "no region called" in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "volumes up 10% outside the north",
            [
                {
                    "op": "scale_demand",
                    "factor": 1.1,
                    "origin_regions": ["central", "east", "south", "west"],
                }
            ],
        ),
        (
            "volumes up 10% everywhere but the south",
            [
                {
                    "op": "scale_demand",
                    "factor": 1.1,
                    "origin_regions": ["central", "east", "north", "west"],
                }
            ],
        ),
        (
            "cut drivers everywhere except the east by 10%",
            [drivers(r, factor=0.9) for r in ("central", "north", "south", "west")],
        ),
        (
            "cut drivers in the east by 10% without touching the north",
            [drivers("east", factor=0.9)],
        ),
    ],
)
def test_exceptions_leave_their_names_out(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'outside', 'everywhere but', 'without touching' exclude; the amount after the
    excluded name still belongs to the change."""
    assert edits_of(Chat(vocab).ask(question)) == edits


def test_a_change_without_a_size_is_asked(vocab: Vocabulary) -> None:
    """'a driver shortage in the north' has no size: ask how big, never guess one."""
    chat = Chat(vocab)
    text = question_of(
        chat.ask("can we absorb a driver shortage in the north without cascading into the south?")
    )
    assert "By how much" in text and "north" in text


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "don't cut drivers in the east; reduce them in the west by 10% instead",
            [drivers("west", factor=0.9)],
        ),
        (
            "rather than cutting drivers in the north, cut them in the south by 5%",
            [drivers("south", factor=0.95)],
        ),
        ("don't close Paris on Monday; shut it on Tuesday instead", [close("PAR", days=[1])]),
        (
            "instead of raising Munich capacity, raise it at Hamburg by 10%",
            [{"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 1.1}],
        ),
        (
            "I don't want Lyon closed; cut its capacity by half instead",
            [{"op": "set_hub_capacity", "hubs": ["LYS"], "factor": 0.5}],
        ),
        (
            "volumes up 15% in the south while drivers there drop 10%",
            [
                {"op": "scale_demand", "factor": 1.15, "origin_regions": ["south"]},
                drivers("south", factor=0.9),
            ],
        ),
        (
            "cut drivers in the east by 10% and raise them in the west by 5%",
            [drivers("east", factor=0.9), drivers("west", factor=1.05)],
        ),
    ],
)
def test_a_pronoun_takes_its_thing_from_the_clause_before(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'reduce them', 'shut it', 'its capacity', 'drivers there' mean the earlier clause's
    thing, even when that clause was negated; never demand by default."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("leave Hamburg open and close Hannover instead", [close("HAN")]),
        ("keep Hamburg running, but shut Magdeburg on Friday", [close("MAG", days=[4])]),
    ],
)
def test_keeping_something_as_it_is_changes_nothing_of_it(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'leave H open', 'keep H running' are negations: only the other change is made."""
    assert edits_of(Chat(vocab).ask(question)) == edits


def test_a_pronoun_with_nothing_to_refer_to_is_asked(vocab: Vocabulary) -> None:
    """'reduce them by 10%' as a first question: what are 'them'? Never all demand."""
    assert "“them”" in question_of(Chat(vocab).ask("reduce them by 10%"))


def test_a_pronoun_refers_to_the_previous_question(vocab: Vocabulary) -> None:
    """'reopen it' after 'close Paris' reopens Paris."""
    chat = Chat(vocab)
    chat.ask("close Paris")
    assert edits_of(chat.ask("reopen it")) == [{"op": "reopen_hub", "hubs": ["PAR"]}]


def test_doubling_it_is_asked(vocab: Vocabulary) -> None:
    """'double it' after '+10% in the north' could double the change or the volumes: ask."""
    chat = Chat(vocab)
    chat.ask("volumes up 10% in the north")
    text = question_of(chat.ask("double it"))
    assert "changed nothing" in text and "north" in text


def test_instead_in_a_follow_up_replaces_the_last_change(vocab: Vocabulary) -> None:
    """'cut them by 5% instead' redoes the last change rather than stacking on it."""
    chat = Chat(vocab)
    chat.ask("volumes from Paris to Lyon up 10%")
    response = chat.ask("cut them by 5% instead")
    call = next(p for p in response.parts if isinstance(p, ToolCallPart))
    assert call.args_as_dict()["replace_previous"] is True
    assert edits_of(response) == [
        {"op": "scale_demand", "factor": 0.95, "origin_hubs": ["PAR"], "destination_hubs": ["LYS"]}
    ]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "volumes up 10% in the north plus 2 more drivers in the east",
            [
                {"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"]},
                drivers("east", drivers_delta=2),
            ],
        ),
        (
            "close Paris on Monday and Tuesday and Lyon on Wednesday",
            [close("PAR", days=[0, 1]), close("LYS", days=[2])],
        ),
        (
            "volumes out of Hamburg up 10%, and the same for Vienna",
            [
                {"op": "scale_demand", "factor": 1.1, "origin_hubs": ["HAM"]},
                {"op": "scale_demand", "factor": 1.1, "origin_hubs": ["VIE"]},
            ],
        ),
        ("close Hamburg on Monday; Paris too", [close("HAM", days=[0]), close("PAR", days=[0])]),
    ],
)
def test_each_clause_keeps_its_own_change(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """A clause after 'plus' keeps its own kind and number; a list of days stays with its
    hub; 'the same for X' in the same message repeats that message's change for X."""
    assert edits_of(Chat(vocab).ask(question)) == edits


def test_one_amount_for_drivers_and_volumes_is_asked(vocab: Vocabulary) -> None:
    """'drivers and volumes up 10%' gives two things one number: ask which."""
    assert "drivers and volumes" in question_of(
        Chat(vocab).ask("drivers and volumes up 10% in the north")
    )


@pytest.mark.parametrize(
    ("first", "then", "edits", "replaces"),
    [
        (
            "volumes out of Paris up 10%",
            "make that 25%",
            [{"op": "scale_demand", "origin_hubs": ["PAR"], "factor": 1.25}],
            True,
        ),
        (
            "cut drivers in the east by 10%",
            "change it to 20%",
            [drivers("east", factor=0.8)],
            True,
        ),
        ("close Paris on Monday", "no, Thursday", [close("PAR", days=[3])], True),
        ("close Paris on Monday", "actually Thursday", [close("PAR", days=[3])], True),
        ("close Paris on Monday", "also Tuesday", [close("PAR", days=[1])], False),
        ("close Paris on Monday", "and on Tuesday too", [close("PAR", days=[1])], False),
        (
            "cut drivers in the east by 10%",
            "same for the south",
            [drivers("south", factor=0.9)],
            False,
        ),
        ("close Paris", "no, close Lyon instead", [close("LYS")], True),
    ],
)
def test_follow_ups(
    first: str, then: str, edits: list[dict[str, Any]], replaces: bool, vocab: Vocabulary
) -> None:
    """Corrections redo the last change ('make that 25%', 'change it to 20%' is a 20% cut,
    not a cut to 20%; 'no, Thursday'); 'also Tuesday' and 'same for the south' add to it."""
    chat = Chat(vocab)
    chat.ask(first)
    response = chat.ask(then)
    call = next(p for p in response.parts if isinstance(p, ToolCallPart))
    assert edits_of(response) == edits
    assert bool(call.args_as_dict().get("replace_previous")) is replaces


def test_a_new_amount_with_a_new_name_is_asked(vocab: Vocabulary) -> None:
    """'make it 20% in the south' after a northern change: redo or new change? Ask."""
    chat = Chat(vocab)
    chat.ask("volumes up 10% in the north")
    assert "the south" in question_of(chat.ask("make it 20% in the south"))


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "Hamburg inbound volumes up 10%",
            {"op": "scale_demand", "factor": 1.1, "destination_hubs": ["HAM"]},
        ),
        (
            "Paris's outbound volume up 12%",
            {"op": "scale_demand", "factor": 1.12, "origin_hubs": ["PAR"]},
        ),
        (
            "add 10 percent to the north's volumes",
            {"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"]},
        ),
        (
            "only 2 trucks a day from Paris to Lyon",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "max_trucks_per_day": 2},
        ),
        (
            "run the Rome–Vienna lane at half capacity",
            {"op": "set_lane_capacity", "lanes": ["ROM-VIE"], "factor": 0.5},
        ),
        ("drivers in the north down to just 30", drivers("north", drivers=30)),
        (
            "volumes up 1/3 out of Lyon",
            {"op": "scale_demand", "factor": 1.333333, "origin_hubs": ["LYS"]},
        ),
        (
            "add a truck a day on Paris→Lyon",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "trucks_delta": 1},
        ),
        (
            "another truck a day on Paris→Lyon",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "trucks_delta": 1},
        ),
        ("add a trailer at Paris", {"op": "set_fleet_size", "hub": "PAR", "trailers_delta": 1}),
    ],
)
def test_directions_levels_and_counts_in_planner_words(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """Direction after a name ('Hamburg inbound') or owned by it ('the north's'); 'only N'
    and 'at half capacity' are levels; '1/3' is a share; 'a truck' is one truck."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("why not close Paris?", [close("PAR")]),
        (
            "why don't we add 2 trucks a day on Paris→Lyon?",
            [{"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "trucks_delta": 2}],
        ),
        ("why not just cut drivers in the east by 10%?", [drivers("east", factor=0.9)]),
    ],
)
def test_why_not_tries_the_alternative(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """A counterfactual the edits can express is tried through ``why_not`` (its answer says
    why the plan avoided it), not explained away."""
    assert call_of(Chat(vocab).ask(question)) == ("why_not", {"edits": edits, "message": question})


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "why don't we route Hamburg to Rome freight through Munich?",
            {"op": "route_via", "lanes": ["HAM→ROM"], "via_hub": "MUN"},
        ),
        (
            "what if we sent all freight from Hamburg through Munich?",
            {"op": "route_via", "origin_hubs": ["HAM"], "via_hub": "MUN"},
        ),
        (
            "why not use the Hamburg–Vienna lane on Monday?",
            {"op": "use_lane", "lane": "HAM-VIE", "days": [0]},
        ),
        ("why not run the Paris–Lyon lane?", {"op": "use_lane", "lane": "PAR-LYS"}),
    ],
)
def test_why_not_a_route_or_lane_forces_it(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """A forced via hub or lane becomes the edit that forces it (one per phrasing class),
    sent to ``why_not``."""
    name, args = call_of(Chat(vocab).ask(question))
    assert (name, args["edits"]) == ("why_not", [edit])


@pytest.mark.parametrize(
    "question",
    [
        "why don't we route Hamburg to Rome freight through Gotham?",
        "why not route the freight through Munich?",
    ],
)
def test_why_not_with_an_unknown_or_missing_name_asks(question: str, vocab: Vocabulary) -> None:
    """An unknown via hub, or no freight named, is asked about; nothing changes."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("how do we cut cost without hurting service?", "cost"),
        ("how can we save money?", "cost"),
        ("what's driving cost?", "cost"),
        ("what's the cheapest way to improve service?", "service"),
        ("what are the cheapest levers to improve service?", "service"),
    ],
)
def test_lever_questions_answer_the_topic_asked(
    question: str, topic: str, vocab: Vocabulary
) -> None:
    """A cost question gets the cost levers, never the service explanation, and a service
    question asked in cost words ('cheapest way to improve service') is still about service."""
    response = Chat(vocab).ask(question)
    calls = [p for p in response.parts if isinstance(p, ToolCallPart)]
    assert [(c.tool_name, c.args_as_dict()["topic"]) for c in calls] == [("explain", topic)]


@pytest.mark.parametrize(
    "question", ["why did cost go up?", "why has on-time service dropped?", "why did it change?"]
)
def test_why_a_figure_moved_compares_with_the_version_before(
    question: str, vocab: Vocabulary
) -> None:
    """'why did cost go up?' is about a change: it compares with the version before, not a
    list of levers."""
    calls = [p for p in Chat(vocab).ask(question).parts if isinstance(p, ToolCallPart)]
    assert [(c.tool_name, c.args_as_dict()) for c in calls] == [("compare", {"target": "parent"})]


@pytest.mark.parametrize(
    "question", ["we shouldn't close Lyon", "we mustn't close Lyon", "let's avoid closing Lyon"]
)
def test_more_ways_to_say_no(question: str, vocab: Vocabulary) -> None:
    """'shouldn't', 'mustn't', 'avoid' are negations: nothing closes."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "cut drivers by 5% in every region bar the south",
            [drivers(r, factor=0.95) for r in ("central", "east", "north", "west")],
        ),
        ("close Paris Mon-Wed", [close("PAR", days=[0, 1, 2])]),
        ("close Lyon tomorrow and the day after", [close("LYS", days=[5, 6])]),
        ("reduce drivers in the west to 80% of today", [drivers("west", factor=0.8)]),
        (
            "limit Paris to 900 t a day",
            [{"op": "set_hub_capacity", "hubs": ["PAR"], "capacity_t_per_day": 900.0}],
        ),
        (
            "cut contract rates by 2% and own rates by 1%",
            [
                {"op": "scale_lane_rates", "factor": 0.98, "carrier": "contract"},
                {"op": "scale_lane_rates", "factor": 0.99, "carrier": "own"},
            ],
        ),
        (
            "three departures a day from Munich to Vienna",
            [{"op": "set_lane_capacity", "lanes": ["MUN-VIE"], "max_trucks_per_day": 3}],
        ),
        (
            "what if we promised 36-hour delivery everywhere?",
            [{"op": "set_due_hours", "due_h": 36.0}],
        ),
        ("fuel costs up 6%", [{"op": "scale_lane_rates", "factor": 1.06}]),
        (
            "subcontracted lanes 4% cheaper",
            [{"op": "scale_lane_rates", "factor": 0.96, "carrier": "contract"}],
        ),
        ("not Paris but Hamburg: close it on Friday", [close("HAM", days=[4])]),
    ],
)
def test_second_round_of_planner_phrasings(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'bar' excludes; 'Mon-Wed' is a range; 'of today' is the current level; a limit in
    tonnes a day is a capacity; an elided clause keeps the direction of the one before; a
    bare count of departures is a level; '36-hour delivery' is a promise; fuel costs and
    'cheaper' lanes are rates; 'not X but Y: … it …' is about Y."""
    assert edits_of(Chat(vocab).ask(question)) == edits


def test_an_interjection_before_a_correction(vocab: Vocabulary) -> None:
    """'hmm, make it 12%' redoes the last change with 12%."""
    chat = Chat(vocab)
    chat.ask("cut drivers in the east by 10%")
    assert edits_of(chat.ask("hmm, make it 12%")) == [drivers("east", factor=0.88)]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "ACME up 10% but Nordbau down 5%",
            [
                {"op": "scale_demand", "factor": 1.1, "customers": ["ACME Logistics"]},
                {"op": "scale_demand", "factor": 0.95, "customers": ["Nordbau"]},
            ],
        ),
        (
            "volumes into Paris up 10% whereas out of Paris they drop 5%",
            [
                {"op": "scale_demand", "factor": 1.1, "destination_hubs": ["PAR"]},
                {"op": "scale_demand", "factor": 0.95, "origin_hubs": ["PAR"]},
            ],
        ),
        ("Munich needs 30 trailers", [{"op": "set_fleet_size", "hub": "MUN", "trailers": 30}]),
        (
            "Munich capacity 500 t",
            [{"op": "set_hub_capacity", "hubs": ["MUN"], "capacity_t_per_day": 500.0}],
        ),
        (
            "close Vienna, and what happens to service in the east?",
            [close("VIE")],
        ),
        (
            "a 10% spike into Paris",
            [{"op": "scale_demand", "factor": 1.1, "destination_hubs": ["PAR"]}],
        ),
        (
            "shut Rome and move its 6 trailers to Vienna",
            [close("ROM"), {"op": "move_trailers", "from_hub": "ROM", "to_hub": "VIE", "count": 6}],
        ),
        (
            "pull 3 trailers off Paris",
            [{"op": "set_fleet_size", "hub": "PAR", "trailers_delta": -3}],
        ),
        (
            "take 2 trailers away from Rome",
            [{"op": "set_fleet_size", "hub": "ROM", "trailers_delta": -2}],
        ),
        ("close all relays except Bologna", [close("MAG")]),
        ("shut every relay except Magdeburg on Sunday", [close("BOL", days=[6])]),
    ],
)
def test_contrasts_levels_and_swings(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'A up but B down' are two changes with their own directions; 'needs 30 trailers' and
    'capacity 500 t' are levels; a trailing 'what happens to service in the east?' asks
    about the change; 'a 10% spike into H' is demand; 'its trailers' are the closed hub's; 'take …
    away' and 'pull … off' remove; 'every relay except B (on a day)' is the other relays
    (on that day)."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("volumes up 10% and 20% in the north", "where does the first change apply"),
        ("Nordbau up 10% Ferromont down 5%", "more than one amount"),
        ("what if one of our relays fails?", "Bologna"),
        ("a couple of relays fail on Saturday", "Magdeburg"),
        ("close Lyon over the next two days", "changed nothing"),
        ("take 2 trailers to Rome", "changed nothing"),
        ("shut every relay except Erfurt", "Erfurt"),  # no hub of this network
        ("volumes up 10% except Magdebrug", "Magdebrug"),
        ("close all relays except Paris", "changed nothing"),  # Paris is no relay
        ("close Paris and Lyon but not Lyon on Monday", "changed nothing"),
        ("what if we didn't close Paris?", "changed nothing"),
        ("reposition 3 trailers to Lyon", "Between which hubs"),
        ("cut 10% of drivers on night shifts in the east", "whole days"),
        ("close Lyon in the mornings", "whole days"),
        ("what happens if Hamburg runs out of drivers?", "Hamburg is in the north"),
    ],
)
def test_asked_rather_than_guessed(question: str, said: str, vocab: Vocabulary) -> None:
    """Two amounts for one change (or an elided second one whose first has no place), 'one
    of our relays', 'the next two days', a count moved by a verb of unknown direction, an
    unknown name after 'except', a left-out hub that was never in, and one name left out
    on one day are asked about; none becomes a guessed edit (never 'all relays', never the
    whole week, never a fleet of 2, never a wider change than the planner's)."""
    assert said in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("what if Vienna goes offline Tuesday through Thursday?", [close("VIE", days=[1, 2, 3])]),
        ("close Munich Friday through Sunday", [close("MUN", days=[4, 5, 6])]),
        (
            "freight into Rome and Vienna up 5%",
            [{"op": "scale_demand", "factor": 1.05, "destination_hubs": ["ROM", "VIE"]}],
        ),
        (
            "volumes down 10% from Hamburg and Paris",
            [{"op": "scale_demand", "factor": 0.9, "origin_hubs": ["HAM", "PAR"]}],
        ),
        (
            "let freight arrive up to a day late",
            [{"op": "set_service_policy", "max_late_h": 24.0}],
        ),
        (
            "allow shipments to be half a day late",
            [{"op": "set_service_policy", "max_late_h": 12.0}],
        ),
        ("suspend the Paris to Lyon lane", [{"op": "close_lane", "lanes": ["PAR-LYS"]}]),
        ("remove the Hamburg-Hannover lane", [{"op": "close_lane", "lanes": ["HAM-HAN"]}]),
    ],
)
def test_third_round_of_planner_phrasings(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'Tuesday through Thursday' starts on Tuesday (never the whole week); the second name
    of a list has the first one's direction; lateness in days; lanes removed or suspended
    are closed."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    "then", ["undo the last two changes", "undo everything", "go back to the start", "start over"]
)
def test_undoing_more_than_the_last_change_is_asked(then: str, vocab: Vocabulary) -> None:
    """'undo' reverts one change; a request for more is asked, never half done."""
    chat = Chat(vocab)
    chat.ask("close Paris")
    chat.ask("close Lyon")
    assert "one change at a time" in question_of(chat.ask(then))


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("volumes up 10% for initech", "initech"),
        ("double volumes for globex", "globex"),
        ("volumes up 0.1 in the north", "10% or 0.1 t"),
        ("close Paris and Lyon but not Lyon on Monday", "can't leave Lyon out"),
    ],
)
def test_never_widened_nor_guessed(question: str, said: str, vocab: Vocabulary) -> None:
    """An unknown lower-case name after 'for' would otherwise change every customer; a bare
    0.1 could be a share or tonnes; 'not Lyon on Monday' excludes a name on a day only."""
    assert said in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("close Paris and not Lyon", [close("PAR")]),
        ("close Paris, Lyon and Rome except Lyon", [close("PAR", "ROM")]),
        ("only on Monday, close Paris", [close("PAR", days=[0])]),
        ("cut drivers by a dozen in the east", [drivers("east", drivers_delta=-12)]),
        (
            "volumes up tenfold out of Paris",
            [{"op": "scale_demand", "factor": 10.0, "origin_hubs": ["PAR"]}],
        ),
        (
            "volumes up 10% in the north, excluding Nordbau",
            [
                {
                    "op": "scale_demand",
                    "factor": 1.1,
                    "origin_regions": ["north"],
                    "customers": ["ACME Logistics", "Ferromont"],
                }
            ],
        ),
    ],
)
def test_exceptions_fronted_days_and_number_words(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'and not X' and 'except X' leave a hub out of a closure; a fronted 'only on Monday'
    belongs to the change after it; 'a dozen' and 'tenfold' are numbers; an exception after
    a comma narrows the change before it."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("errors", "words"),
    [
        (
            [
                {
                    "type": "value_error",
                    "loc": ["edits", 0, "scale_demand", "factor"],
                    "msg": "Value error, factor must be positive",
                }
            ],
            "The scale demand change: factor must be positive.",
        ),
        (
            [
                {
                    "type": "union_tag_invalid",
                    "loc": ["edits", 0],
                    "msg": "Input tag 'close_hubs' found using 'op' does not match any of the "
                    "expected tags: 'scale_demand', 'close_hub'",
                }
            ],
            "There is no change called “close_hubs”, so it could not be made.",
        ),
        (
            [
                {
                    "type": "greater_than",
                    "loc": ["edits", 0, "set_lane_capacity", "max_trucks_per_day"],
                    "msg": "Input should be greater than 0",
                }
            ],
            "The set lane capacity change: max trucks per day should be greater than 0.",
        ),
        ("[not json", "The change was not valid."),
    ],
)
def test_refusals_in_words(errors: Any, words: str) -> None:
    """A refused edit says which change and why in a sentence: no validator phrasing
    ('Input should', 'Input tag … found using'), no field named twice, no raw JSON."""
    assert refusal_words(errors) == words


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("relay failure at Magdeburg midweek", "midweek"),
        ("close Paris every other day", "every other day"),
        ("next-day for Nordbau, two-day for everyone else", "everyone else"),
    ],
)
def test_vague_days_and_the_rest_are_asked(question: str, said: str, vocab: Vocabulary) -> None:
    """'midweek' and 'every other day' are no weekdays; 'everyone else' names no one: ask
    (never the whole week, never every customer including Nordbau)."""
    assert said in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("first", "then", "edits"),
    [
        ("close Paris on Monday", "move it to Friday", [close("PAR", days=[4])]),
        (
            "volumes up 10% in the north",
            "what if it were 20%?",
            [{"op": "scale_demand", "origin_regions": ["north"], "factor": 1.2}],
        ),
    ],
)
def test_more_ways_to_redo(
    first: str, then: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'move it to Friday' and 'what if it were 20%?' redo the last change."""
    chat = Chat(vocab)
    chat.ask(first)
    assert edits_of(chat.ask(then)) == edits


def test_doubling_that_is_asked(vocab: Vocabulary) -> None:
    """'double that' after '+10% in the north' never doubles all demand."""
    chat = Chat(vocab)
    chat.ask("volumes up 10% in the north")
    assert "changed nothing" in question_of(chat.ask("double that"))


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "deliver everything out of Paris within a day",
            {"op": "set_due_hours", "origin_hubs": ["PAR"], "due_h": 24.0},
        ),
        (
            "push due dates back a day for ACME",
            {"op": "set_due_hours", "customers": ["ACME Logistics"], "delta_h": 24.0},
        ),
    ],
)
def test_promises_in_other_words(question: str, edit: dict[str, Any], vocab: Vocabulary) -> None:
    """'deliver … within a day' is a promise; 'push due dates back a day' relaxes it."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def _volume(origin: str, destination: str) -> dict[str, Any]:
    return {
        "op": "scale_demand",
        "factor": 1.1,
        "origin_hubs": [origin],
        "destination_hubs": [destination],
    }


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "volumes up 10% both ways between Paris and Lyon",
            [_volume("PAR", "LYS"), _volume("LYS", "PAR")],
        ),
        (
            "volumes up 10% on Paris–Lyon in both directions",
            [_volume("PAR", "LYS"), _volume("LYS", "PAR")],
        ),
        (
            "close the Paris–Lyon lane both ways",
            [
                {"op": "close_lane", "lanes": ["PAR-LYS"]},
                {"op": "close_lane", "lanes": ["LYS-PAR"]},
            ],
        ),
        (
            "what if the east had 20% fewer drivers and the north 10% more?",
            [drivers("east", factor=0.8), drivers("north", factor=1.1)],
        ),
    ],
)
def test_both_directions_and_an_elided_kind(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'both ways' changes each direction; 'and the north 10% more' after a driver change
    is more drivers, never more northern volume."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("volumes up 10% from Paris to Lyon and Lyon to Paris", "more than once"),
        ("close Hamburg for two days", "2 days"),
    ],
)
def test_tangled_directions_and_durations_are_asked(
    question: str, said: str, vocab: Vocabulary
) -> None:
    """A hub named on both sides of one change, or 'for two days' (which two?), is asked."""
    assert said in question_of(Chat(vocab).ask(question))


def test_peak_as_a_time_keeps_a_lane_change(vocab: Vocabulary) -> None:
    """'for the peak' says when: two more trucks a day stay a lane change, never 2 t."""
    edits = edits_of(Chat(vocab).ask("add 2 trucks a day on Paris to Lyon for the peak"))
    assert edits == [{"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "trucks_delta": 2}]


def test_a_trailing_or_so_is_about_the_amount(vocab: Vocabulary) -> None:
    """', or so' after a change is no clause of its own and never fails the question."""
    edits = edits_of(Chat(vocab).ask("volumes up 10% in the north, or so"))
    assert edits == [{"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"]}]


@pytest.mark.parametrize(
    ("question", "edit", "into"),
    [
        (  # without … cascading into
            "can we absorb a 15% driver shortage in the north without cascading into the south?",
            drivers("north", factor=0.85),
            ["south"],
        ),
        (  # spilling into
            "cut drivers in the east by 20% without it spilling into the west",
            drivers("east", factor=0.8),
            ["west"],
        ),
        (  # spill over into
            "close Hamburg on Monday — does it spill over into the south?",
            close("HAM", days=[0]),
            ["south"],
        ),
        (  # knock-on on
            "close Vienna on Wednesday: what's the knock-on on the central region?",
            close("VIE", days=[2]),
            ["central"],
        ),
        (  # affecting
            "cut drivers in the west by 10% without affecting the south or the north",
            drivers("west", factor=0.9),
            ["south", "north"],
        ),
        (  # the impact on
            "close Munich on Tuesday, what's the impact on the east?",
            close("MUN", days=[1]),
            ["east"],
        ),
    ],
)
def test_spill_over_keeps_the_change_and_watches_the_other_region(
    question: str, edit: dict[str, Any], into: list[str], vocab: Vocabulary
) -> None:
    """Each phrasing class of a spill-over question: the change applies where it is said
    (never widened to the watched region) and ``spill_over`` watches the named regions."""
    assert call_of(Chat(vocab).ask(question)) == (
        "spill_over",
        {"edits": [edit], "into": into, "message": question},
    )


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("cut drivers in the east by 20% without it spilling into Narnia", "“Narnia”"),
        ("close Hamburg on Monday without cascading into the sout", "did you mean south?"),
        ("close Hamburg on Monday — does it spill over into Rome?", "Rome is in the south"),
        ("cut drivers in the east by 20% without spilling into the east", "itself is in the east"),
        ("does that spill over into the west?", "Which change"),
        ("don't cut drivers in the east — would it spill into the west?", "not to do"),
    ],
)
def test_spill_over_with_an_unclear_region_or_change_asks(
    question: str, says: str, vocab: Vocabulary
) -> None:
    """An unknown or misspelt region, a hub where a region is meant, the change's own region,
    no change or a negated one: a question back with the words that did not fit, no call."""
    text = question_of(Chat(vocab).ask(question))
    assert says in text and "changed nothing" in text


@pytest.mark.parametrize(
    "follow_up", ["does that spill over into the west?", "would it knock on to the west?"]
)
def test_a_spill_over_follow_up_judges_the_last_change(follow_up: str, vocab: Vocabulary) -> None:
    """After a change, 'does that spill over into the west?' calls ``spill_over`` with no
    edits (the last change is judged, nothing new is made)."""
    chat = Chat(vocab)
    chat.ask("cut drivers in the east by 20%")
    assert call_of(chat.ask(follow_up)) == (
        "spill_over",
        {"edits": [], "into": ["west"], "message": follow_up},
    )


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "volumes up 10% everywhere without affecting the south",
            [
                {
                    "op": "scale_demand",
                    "factor": 1.1,
                    "origin_regions": ["central", "east", "north", "west"],
                }
            ],
        ),
        (
            "cut drivers in the east by 10% without touching the north",
            [drivers("east", factor=0.9)],
        ),
        ("close Munich on Tuesday, what's the impact on cost?", [close("MUN", days=[1])]),
    ],
)
def test_without_affecting_a_change_with_no_place_still_excludes(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'everywhere without affecting the south' leaves the south out of the change (no
    spill-over watch on a change that names no place); 'without touching' stays an exclusion;
    'the impact on cost' is what the what-if answers anyway."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("turns", "edits"),
    [
        (("cut drivers in the north", "15%"), [drivers("north", factor=0.85)]),
        (("cut drivers in the north", "by 4 drivers"), [drivers("north", drivers_delta=-4)]),
        (("close Hamborg", "yes"), [close("HAM")]),
        (("close Hamborg on Monday", "I meant Hamburg"), [close("HAM", days=[0])]),
        (("what if one of our relays fails?", "the second one"), [close("BOL")]),
        (("what if one of our relays fails?", "Magdeburg"), [close("MAG")]),
        (("close Hamborg", "close Paris instead"), [close("PAR")]),
        (("cut drivers at Hamburg by 10%", "yes"), [drivers("north", factor=0.9)]),
        (
            ("move trailers from Paris to Lyon", "6"),
            [{"op": "move_trailers", "from_hub": "PAR", "to_hub": "LYS", "count": 6}],
        ),
    ],
)
def test_a_reply_completes_the_question_asked(
    turns: tuple[str, str], edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """The answer to the interpreter's question ('15%', 'yes', a name, 'the second one')
    completes the question it asked about; a whole new question is read on its own."""
    chat = Chat(vocab)
    question_of(chat.ask(turns[0]))
    assert edits_of(chat.ask(turns[1])) == edits


@pytest.mark.parametrize(
    ("turns", "said"),
    [
        (("close Hamborg", "no"), "changed nothing"),
        (("what if one of our relays fails?", "yes"), "Which"),  # yes to a choice of two
        (("cut drivers in the north", "Paris"), "changed nothing"),  # no amount given
        (("volumes up 10% and 20% in the north", "10%"), "changed nothing"),
    ],
)
def test_a_reply_that_does_not_settle_the_question_changes_nothing(
    turns: tuple[str, str], said: str, vocab: Vocabulary
) -> None:
    """'No', a 'yes' to a choice, or a piece that leaves the question open change no data."""
    chat = Chat(vocab)
    question_of(chat.ask(turns[0]))
    assert said in question_of(chat.ask(turns[1]))


def test_a_reply_after_a_change_is_not_taken_for_an_answer(vocab: Vocabulary) -> None:
    """'15%' after a change was made revises that change (nothing was asked)."""
    chat = Chat(vocab)
    edits_of(chat.ask("volumes up 10% in the north"))
    assert edits_of(chat.ask("make it 15%")) == [
        {"op": "scale_demand", "factor": 1.15, "origin_regions": ["north"]}
    ]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "increase rates on the Paris-Lyon lane by 5%",
            [{"op": "scale_lane_rates", "factor": 1.05, "lanes": ["PAR-LYS"]}],
        ),
        (
            "rates between Paris and Lyon up 4% both ways",
            [{"op": "scale_lane_rates", "factor": 1.04, "lanes": ["PAR-LYS", "LYS-PAR"]}],
        ),
        (
            "contract rates into Munich up 3%",
            [
                {
                    "op": "scale_lane_rates",
                    "factor": 1.03,
                    "carrier": "contract",
                    "destination_hubs": ["MUN"],
                }
            ],
        ),
        (
            "rates out of Vienna down 2%",
            [{"op": "scale_lane_rates", "factor": 0.98, "origin_hubs": ["VIE"]}],
        ),
    ],
)
def test_rates_keep_the_lanes_named(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """A rate change that names a lane or a hub scales those lanes only, never every lane."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "what if Paris can only handle 80% of normal?",
            [{"op": "set_hub_capacity", "hubs": ["PAR"], "factor": 0.8}],
        ),
        ("Paris capacity only 80%", [{"op": "set_hub_capacity", "hubs": ["PAR"], "factor": 0.8}]),
        (
            "what if Hamburg handles 30% less?",
            [{"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 0.7}],
        ),
        ("drivers in the east at 90% of today", [drivers("east", factor=0.9)]),
        (
            "volumes only 10% more in the north",
            [{"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"]}],
        ),
    ],
)
def test_a_share_said_as_a_level_is_a_level(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'only 80%', '80% of normal' are x0.8 (never +80%); 'only 10% more' is +10%; what a hub
    'handles' or 'processes' is its capacity."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "reduce hub capacity in the north by 10%",
            [{"op": "set_hub_capacity", "regions": ["north"], "factor": 0.9}],
        ),
        (
            "add 10% capacity at every relay",
            [{"op": "set_hub_capacity", "kinds": ["relay"], "factor": 1.1}],
        ),
        (
            "throughput at the relays in the north down 5%",
            [{"op": "set_hub_capacity", "kinds": ["relay"], "regions": ["north"], "factor": 0.95}],
        ),
    ],
)
def test_capacity_of_many_hubs_is_capacity(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """Capacity named by region or kind of hub changes those hubs' capacity, never demand."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("cut capacity by 10%", "Which hubs"),
        ("cut all lanes by 10%", "Which lanes"),
        ("reduce capacity at all relays by 20% on Sunday", "changed nothing"),
    ],
)
def test_capacity_or_lanes_without_a_place_ask(question: str, said: str, vocab: Vocabulary) -> None:
    """Capacity or lanes with no place (or a day hub capacity cannot carry) ask; none of
    them becomes a network-wide demand change."""
    assert said in question_of(Chat(vocab).ask(question))


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("what if ACME leaves?", [{"op": "remove_demand", "customers": ["ACME Logistics"]}]),
        ("we lose Nordbau as a customer", [{"op": "remove_demand", "customers": ["Nordbau"]}]),
        (
            "what if Ferromont stops shipping out of Rome?",
            [{"op": "remove_demand", "origin_hubs": ["ROM"], "customers": ["Ferromont"]}],
        ),
        (
            "we lose 10% of Nordbau",
            [{"op": "scale_demand", "factor": 0.9, "customers": ["Nordbau"]}],
        ),
    ],
)
def test_a_lost_customer_is_removed_demand(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """A customer lost removes its freight (only what the question selects); a share of a
    customer lost scales it."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("Atlantis volumes go up 20%", "Atlantis"),
        ("narnia demand doubles", "narnia"),
        ("Gotham closes on Monday", "Gotham"),
        ("Springfield is shut all week", "Springfield"),
        ("Paris volumes up 10%, Lilliput volumes down 10%", "Lilliput"),
        ("bump volumes by 10% for the customer initech", "initech"),
        ("volumes up 10% for client Globex", "Globex"),
        ("close depot Springfield on Friday", "Springfield"),
    ],
)
def test_an_unknown_name_as_the_subject_asks(
    question: str, unknown: str, vocab: Vocabulary
) -> None:
    """An unknown word in the subject's place (before 'volumes', 'closes', 'is') or after a
    kind of thing ('the customer initech', 'depot X') is a name: asked about, never dropped
    (which would change every hub's freight)."""
    words = question_of(Chat(vocab).ask(question))
    assert unknown in words and "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "Hey, what if volumes rise 20% in the north?",
            {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"]},
        ),
        ("Hi team - close Paris on Monday", close("PAR", days=[0])),
        (
            "Accept freight up to 4h late",
            {"op": "set_service_policy", "max_late_h": 4.0},
        ),
        ("Relax the windows by a day", {"op": "set_due_hours", "delta_h": 24.0}),
    ],
)
def test_greetings_and_opening_verbs_are_not_names(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """A greeting or a verb that opens the question is no place name: the change is made."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("Raise the service target by 2 points", 0.02),
        ("what if the on-time target goes up by 1.5 pct?", 0.015),
        ("service target -1 pt", -0.01),
        ("on-time target plus 2 points", 0.02),
        ("What if the service target were 3 points higher?", 0.03),
        ("relax the service target by two points", -0.02),
    ],
)
def test_a_service_target_change_is_relative(
    question: str, change: float, vocab: Vocabulary
) -> None:
    """'Raise the target by 2 points' changes the network's own target by 2 points; it never
    sets the target to 2% (which would make every late tonne free)."""
    edit = edits_of(Chat(vocab).ask(question))[0]
    assert edit["op"] == "set_service_policy"
    assert "service_target" not in edit
    assert edit["service_target_change"] == pytest.approx(change)


def test_a_service_target_change_without_direction_asks(vocab: Vocabulary) -> None:
    """'Change the target by 2 points' says how much, not which way: asked, nothing changed."""
    words = question_of(Chat(vocab).ask("change the service target by 2 points"))
    assert "up or down" in words and "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "the north loses 10% of its drivers",
            {"op": "set_drivers", "region": "north", "factor": 0.9},
        ),
        (
            "what if the west cut their drivers by 5%?",
            {"op": "set_drivers", "region": "west", "factor": 0.95},
        ),
    ],
)
def test_a_possessive_after_a_name_is_that_names(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'its' after a name in the same clause is that name's: no question, no other scope."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("volumes rise 20% in the north-west", "north-west"),
        ("what if the south central loses a tenth of its drivers", "south-central"),
        ("close the hubs in the north east", "north-east"),
    ],
)
def test_a_compass_point_beside_a_region_is_asked(question: str, name: str) -> None:
    """'north-west' in a network whose regions are only north and central names no region:
    asked, never read as the north alone (which would change a different set of hubs)."""
    two_regions = Vocabulary.build(
        hubs=[("HAM", "Hamburg", "north", "hub"), ("MUN", "Munich", "central", "hub")],
        customers=[],
    )
    words = question_of(Chat(two_regions).ask(question))
    assert name in words and "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("volumes going north rise 10%", "destination_regions"),
        ("freight heading for Rome up 10%", "destination_hubs"),
        ("what if freight coming from Munich drops 15%", "origin_hubs"),
    ],
)
def test_direction_words_pick_the_end(question: str, field: str, vocab: Vocabulary) -> None:
    """'going', 'heading for' name where freight ends; 'coming from' where it starts."""
    [edit] = edits_of(Chat(vocab).ask(question))
    assert edit["op"] == "scale_demand" and field in edit


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "knock 5% off everything arriving in the south",
            {"op": "scale_demand", "factor": 0.95, "destination_regions": ["south"]},
        ),
        ("shave 10% off Rome volumes", {"op": "scale_demand", "factor": 0.9, "hubs": ["ROM"]}),
        ("take Paris out of the network for the whole week", close("PAR")),
        ("pull Lyon off the network on Monday", close("LYS", days=[0])),
    ],
)
def test_idioms_of_removing(question: str, edit: dict[str, Any], vocab: Vocabulary) -> None:
    """'knock/shave X% off' is a fall; 'out of / off the network' closes the hub."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("first", "then", "edits"),
    [
        ("close Paris on Monday", "what about Lyon instead?", [close("LYS", days=[0])]),
        (
            "volumes up 10% in the west",
            "the south instead",
            [{"op": "scale_demand", "factor": 1.1, "origin_regions": ["south"]}],
        ),
        (
            "close Paris and cut drivers in the north by 5%",
            "Rome instead",
            [close("ROM"), {"op": "set_drivers", "region": "north", "factor": 0.95}],
        ),
    ],
)
def test_a_name_instead_redoes_the_last_change_for_it(
    first: str, then: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'Lyon instead' after a change redoes that change for Lyon in place of the old name
    (same days, same amount, the other edits kept) from the same base."""
    chat = Chat(vocab)
    chat.ask(first)
    name, args = call_of(chat.ask(then))
    assert name == "what_if" and args["edits"] == edits
    assert args["replace_previous"] is True


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("what if the relay in the north fails on Wednesday?", close("MAG", days=[2])),
        ("what if every cross-dock in the west is closed on Monday?", close("LYS", days=[0])),
        ("close the relays in the north and the central region", close("MAG", "BOL")),
    ],
)
def test_a_kind_of_hub_in_a_region_is_those_hubs(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'the relay in the north' is the north's relay, not a question about every relay."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def test_a_kind_of_hub_a_region_lacks_is_asked(vocab: Vocabulary) -> None:
    """'the depot in the south' where the south has none: said so, nothing closed."""
    words = question_of(Chat(vocab).ask("close the depot in the south"))
    assert "no depot in the south" in words and "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "Hamburg loses 30% of its capacity",
            {"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 0.7},
        ),
        (
            "Hamburg loses a third of its capacity",
            {"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 0.666667},
        ),
        (
            "Hamburg runs at 30% of its capacity",
            {"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 0.3},
        ),
        (
            "the north loses half its drivers",
            {"op": "set_drivers", "region": "north", "factor": 0.5},
        ),
        (
            "Nordbau loses half its volume",
            {"op": "scale_demand", "factor": 0.5, "customers": ["Nordbau"]},
        ),
    ],
)
def test_a_share_lost_is_a_change_a_share_kept_a_level(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'loses 30% of its capacity' keeps 70% (never 30%, which would close most of the
    hub); 'runs at 30% of its capacity' keeps 30%; 'half its' is 50% of it."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def test_a_move_between_two_shares_is_asked(vocab: Vocabulary) -> None:
    """'from 20% to 30% above plan' is no single change (it was read as x0.2): asked."""
    words = question_of(Chat(vocab).ask("volumes out of Lyon go from 20% to 30% above plan"))
    assert "from 20% to 30%" in words and "changed nothing" in words
    assert edits_of(Chat(vocab).ask("raise the service target from 95% to 97%")) == [
        {"op": "set_service_policy", "service_target": 0.97}
    ]


@pytest.mark.parametrize(
    "question",
    [
        "volumes rise 20% in the north",
        "cut drivers in the south by 10%",
        "volumes heading east up 5%",
        "what if volumes in the north are 20% higher than plan?",
    ],
)
def test_a_region_word_the_network_lacks_is_asked(question: str) -> None:
    """In a network whose regions are 'Nord' and 'Sud', 'the north' names no region: asked
    with the regions there are, never dropped (which changed every region's freight, or
    cut the drivers of the only region there was)."""
    nord_sud = Vocabulary.build(
        hubs=[("HAM", "Hamburg", "Nord", "hub"), ("MUN", "Munich", "Sud", "hub")], customers=[]
    )
    words = question_of(Chat(nord_sud).ask(question))
    assert "Nord" in words and "Sud" in words and "changed nothing" in words


@pytest.mark.parametrize(
    "question", ["close the relay on Monday", "close all relays", "capacity at all depots down 10%"]
)
def test_a_kind_of_hub_the_network_lacks_is_said(question: str) -> None:
    """'all relays' in a network without relays: said so and asked, no edit that does
    nothing or fails."""
    plain = Vocabulary.build(
        hubs=[("HAM", "Hamburg", "north", "hub"), ("MUN", "Munich", "south", "hub")], customers=[]
    )
    words = question_of(Chat(plain).ask(question))
    assert "no relay hubs" in words or "no depot hubs" in words
    assert "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "volumes up 10% for all customers but Nordbau",
            {"op": "scale_demand", "factor": 1.1, "customers": ["ACME Logistics", "Ferromont"]},
        ),
        (
            "volumes up 10% in the north, Magdeburg excepted",
            {"op": "scale_demand", "factor": 1.1, "origin_hubs": ["HAM", "HAN"]},
        ),
    ],
)
def test_an_exception_is_left_out_never_the_only_one_changed(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'all customers but Nordbau' and 'Magdeburg excepted' leave that one out; they were
    read as changing only Nordbau, only Magdeburg."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "lay off 10 drivers in the north",
            {"op": "set_drivers", "region": "north", "drivers_delta": -10},
        ),
        (
            "5 drivers in the north are off sick on Monday",
            {"op": "set_drivers", "region": "north", "days": [0], "drivers_delta": -5},
        ),
        (
            "what if 10% of drivers in the west are absent on Friday?",
            {"op": "set_drivers", "region": "west", "days": [4], "factor": 0.9},
        ),
    ],
)
def test_drivers_lost_to_absence(question: str, edit: dict[str, Any], vocab: Vocabulary) -> None:
    """Drivers laid off, quitting, off sick or absent are fewer drivers."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("close Paris for 2 days from Monday", [0, 1]),
        ("close Paris starting Thursday for three days", [3, 4, 5]),
    ],
)
def test_a_span_of_days_from_a_weekday(question: str, days: list[int], vocab: Vocabulary) -> None:
    """'for 2 days from Monday' is Monday and Tuesday."""
    assert edits_of(Chat(vocab).ask(question)) == [close("PAR", days=days)]


def test_a_span_past_sunday_is_asked(vocab: Vocabulary) -> None:
    """'from Saturday for 3 days' runs past the plan's week: asked, nothing closed."""
    words = question_of(Chat(vocab).ask("close Paris from Saturday for 3 days"))
    assert "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "the Paris-Lyon lane costs 10% more",
            {"op": "scale_lane_rates", "factor": 1.1, "lanes": ["PAR-LYS"]},
        ),
        (
            "Paris to Lyon is 20% more expensive",
            {"op": "scale_lane_rates", "factor": 1.2, "lanes": ["PAR-LYS"]},
        ),
        (
            "cut the Paris-Lyon lane capacity by 10% to save costs",
            {"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "factor": 0.9},
        ),
    ],
)
def test_a_lane_that_costs_more_is_a_rate(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'the lane costs 10% more' changes its rate; it was read as 10% more departures."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


def test_what_a_hub_can_take_is_its_capacity(vocab: Vocabulary) -> None:
    """'Hamburg can take 20% more freight' is Hamburg's capacity, not 20% more demand there."""
    assert edits_of(Chat(vocab).ask("Hamburg can take 20% more freight")) == [
        {"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 1.2}
    ]


@pytest.mark.parametrize(
    "question",
    [
        "volumes up 10% and drivers down 5% in the north",
        "close Paris and Lyon on Monday and Tuesday respectively",
    ],
)
def test_a_place_or_pairing_that_may_cover_more_is_asked(question: str, vocab: Vocabulary) -> None:
    """A place said once at the end of two changes ('… and drivers down 5% in the north'),
    or 'respectively', could mean more than one reading: asked, nothing changed."""
    assert "changed nothing" in question_of(Chat(vocab).ask(question))


def test_a_place_inside_the_second_change_stays_there(vocab: Vocabulary) -> None:
    """'volumes rise 10% and drivers in the north drop 5%': the place is the drivers' own."""
    assert edits_of(Chat(vocab).ask("volumes rise 10% and drivers in the north drop 5%")) == [
        {"op": "scale_demand", "factor": 1.1},
        {"op": "set_drivers", "region": "north", "factor": 0.95},
    ]


@pytest.mark.parametrize(
    ("question", "factor"),
    [
        ("volumes up 5-fold in the west", 5.0),
        ("volumes up by one and a half times in the west", 1.5),
    ],
)
def test_folds_and_halves_are_factors(question: str, factor: float, vocab: Vocabulary) -> None:
    """'5-fold' is x5 (it was +5 t); 'one and a half times' is x1.5."""
    assert edits_of(Chat(vocab).ask(question)) == [
        {"op": "scale_demand", "factor": factor, "origin_regions": ["west"]}
    ]


@pytest.mark.parametrize(
    "question", ["volumes up 10 in the west", "volumes grow by 1.1 in the west"]
)
def test_a_volume_number_without_a_unit_is_asked(question: str, vocab: Vocabulary) -> None:
    """'volumes up 10' says no unit: 10% or 10 t is asked, never guessed as tonnes."""
    words = question_of(Chat(vocab).ask(question))
    assert "%" in words and " t?" in words and "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Logistics volumes up 10%", "ACME Logistics"),
        ("volumes for logistics up 10%", "ACME Logistics"),
    ],
)
def test_a_word_of_a_longer_name_alone_is_asked(
    question: str, name: str, vocab: Vocabulary
) -> None:
    """'Logistics' alone is part of ACME Logistics' name but names nothing by itself: asked
    with the name it belongs to; it was dropped, changing every customer's freight."""
    words = question_of(Chat(vocab).ask(question))
    assert name in words and "changed nothing" in words


@pytest.mark.parametrize(
    ("reply", "edit"),
    [
        ("10%", {"op": "scale_demand", "factor": 1.1, "origin_regions": ["west"]}),
        ("tonnes", {"op": "scale_demand", "delta_t": 10.0, "origin_regions": ["west"]}),
    ],
)
def test_a_unit_answers_the_unit_question(
    reply: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """Asked '10% or 10 t?', the reply '10%' or 'tonnes' completes the question."""
    chat = Chat(vocab)
    question_of(chat.ask("volumes up 10 in the west"))
    assert edits_of(chat.ask(reply)) == [edit]


def test_what_carriers_charge_is_their_rate(vocab: Vocabulary) -> None:
    """'contract carriers charge 3% more' changes the contract lanes' rates."""
    assert edits_of(Chat(vocab).ask("contract carriers charge 3% more")) == [
        {"op": "scale_lane_rates", "factor": 1.03, "carrier": "contract"}
    ]


def test_a_lane_property_no_edit_changes_is_said(vocab: Vocabulary) -> None:
    """A lane's truck size cannot be edited: said so, nothing changed ('carry 10% more' was
    read as 10% more departures)."""
    words = question_of(Chat(vocab).ask("trucks on Paris-Lyon carry 10% more"))
    assert "truck size" in words and "changed nothing" in words


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        ("Paris closes Monday; Lyon stays open", close("PAR", days=[0])),
        ("close Paris but keep Lyon running", close("PAR")),
        ("close Paris while Lyon stays open on Monday", close("PAR")),
        (
            "volumes up 10% in the west with the north unaffected",
            {"op": "scale_demand", "factor": 1.1, "origin_regions": ["west"]},
        ),
    ],
)
def test_what_stays_as_it_is_is_left_alone(
    question: str, edit: dict[str, Any], vocab: Vocabulary
) -> None:
    """'Lyon stays open', 'the north unaffected' beside a change name what must not change;
    they were merged into it (Lyon closed too, the north's freight raised)."""
    assert edits_of(Chat(vocab).ask(question)) == [edit]


@pytest.mark.parametrize(
    ("question", "args"),
    [
        ("which lanes are at capacity?", {"kinds": ["lane"]}),
        ("any lanes maxed out on Friday?", {"kinds": ["lane"], "days": [4]}),
        ("which hubs are full on Tuesday?", {"kinds": ["hub"], "days": [1]}),
        ("where are the bottlenecks?", {}),
        ("what's binding on Monday?", {"days": [0]}),
        ("which constraints are binding?", {}),
        ("which lanes have no spare capacity?", {"kinds": ["lane"]}),
        ("where are we short of drivers?", {"kinds": ["drivers"]}),
        (
            "which regions have run out of drivers at the weekend?",
            {"kinds": ["drivers"], "days": [5, 6]},
        ),
        ("is Paris at its limit?", {"hubs": ["PAR"]}),
        ("which relays are running at full capacity?", {"kinds": ["hub"], "hubs": ["BOL", "MAG"]}),
        ("are any depots in the north full?", {"kinds": ["hub"], "hubs": ["HAN"]}),
        ("drivers maxed out in the east?", {"kinds": ["drivers"], "regions": ["east"]}),
    ],
)
def test_what_the_plan_uses_up_is_a_question_not_a_change(
    question: str, args: dict[str, Any], vocab: Vocabulary
) -> None:
    """'At capacity', 'maxed out', 'full', 'bottleneck', 'binding', 'no spare capacity' ask
    what the plan uses to its limit, narrowed by kind, day and place; nothing is edited."""
    name, called = call_of(Chat(vocab).ask(question))
    blank = {"kinds": [], "days": [], "hubs": [], "regions": []}
    assert (name, called) == ("binding_constraints", {**blank, **args})


@pytest.mark.parametrize(
    ("question", "second"),
    [
        ("contract rates down 5% but own fleet up 2%", ("own", 1.02)),
        ("cut contract rates by 2% and own by 1%", ("own", 0.99)),
        ("own rates up 3%, contract up 1%", ("contract", 1.01)),
    ],
)
def test_a_carrier_kind_after_a_rate_change_changes_its_rates(
    question: str, second: tuple[str, float], vocab: Vocabulary
) -> None:
    """'contract rates down 5% but own fleet up 2%' changes both kinds' rates, each by its
    own amount, where the second clause was not understood."""
    edits = edits_of(Chat(vocab).ask(question))
    carrier, factor = second
    assert len(edits) == 2 and edits[0]["op"] == "scale_lane_rates"
    assert edits[1] == {"op": "scale_lane_rates", "factor": factor, "carrier": carrier}


def test_a_customer_shipping_half_its_volume_is_set_to_half(vocab: Vocabulary) -> None:
    """'Nordbau ships half its volume' halves Nordbau's freight, not a 50% rise."""
    edits = edits_of(Chat(vocab).ask("Nordbau ships half its volume"))
    assert edits == [{"op": "scale_demand", "factor": 0.5, "customers": ["Nordbau"]}]


@pytest.mark.parametrize(
    "question",
    [
        "close Paris and keep Paris running",
        "close Paris but keep it open",
        "close Paris and Lyon but keep Lyon open",
        "close Paris on Monday but keep Paris open",
        "close Paris on Monday, Paris stays open on Monday",
        "raise Hamburg's capacity but leave Hamburg unchanged",
        "raise Hamburg capacity 20% but keep Hamburg unchanged",
        "volumes up 10% in the north but keep the north unchanged",
    ],
)
def test_a_change_and_keeping_the_same_thing_as_it_is_is_asked_about(
    question: str, vocab: Vocabulary
) -> None:
    """A question that changes a thing and keeps that same thing as it is, on the same days,
    asks which is meant and changes nothing."""
    asked = question_of(Chat(vocab).ask(question))
    assert "which do you mean?" in asked and "changed nothing" in asked


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("reopen Paris and keep it open", [{"op": "reopen_hub", "hubs": ["PAR"]}]),
        (
            "raise Hamburg capacity 20% and keep Hamburg running",
            [{"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 1.2}],
        ),
        (
            "raise Hamburg capacity 20% but keep Munich unchanged",
            [{"op": "set_hub_capacity", "hubs": ["HAM"], "factor": 1.2}],
        ),
        ("close Paris but keep it open on Saturday", [close("PAR", days=[0, 1, 2, 3, 4, 6])]),
    ],
)
def test_keeping_what_the_change_leaves_alone_is_no_contradiction(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """Kept open beside a reopening or a capacity change, another hub unchanged, or open on
    other days than the closure: the change is made as said."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    ("question", "args"),
    [
        ("how many trucks are we running HAM-MUN daily", ("HAM", "MUN", [])),
        ("trucks Hamburg to Munich per day?", ("HAM", "MUN", [])),
        ("what do we send from Paris to Lyon on Tuesday", ("PAR", "LYS", [1])),
        ("what goes to Lyon from Paris tomorrow?", ("PAR", "LYS", [5])),
        ("how full are the trucks on the Rome-Vienna lane", ("ROM", "VIE", [])),
        ("departures on Vienna→Rome this week", ("VIE", "ROM", [])),
    ],
)
def test_what_runs_on_a_lane_is_read_from_the_plan(
    question: str, args: tuple[str, str, list[int]], vocab: Vocabulary
) -> None:
    """'How many trucks are we running A-B daily?' reads what the plan runs from A to B (on
    the days said), in the direction said; nothing is edited."""
    origin, destination, days = args
    called = call_of(Chat(vocab).ask(question))
    assert called == (
        "lane_traffic",
        {"origin": origin, "destination": destination, "days": days},
    )


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        (
            "double the trucks on Vienna→Rome",
            [{"op": "set_lane_capacity", "lanes": ["VIE-ROM"], "factor": 2.0}],
        ),
        (
            "halve the departures on Paris-Lyon",
            [{"op": "set_lane_capacity", "lanes": ["PAR-LYS"], "factor": 0.5}],
        ),
    ],
)
def test_a_change_to_a_lanes_trucks_stays_a_change(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """An order to run more or fewer trucks on a lane is an edit, never a reading."""
    assert edits_of(Chat(vocab).ask(question)) == edits


def test_a_lane_with_an_unknown_end_is_asked_about(vocab: Vocabulary) -> None:
    """'How full are the trucks on Hamburg-Viena?' asks whether Vienna is meant."""
    asked = question_of(Chat(vocab).ask("how full are the trucks on Hamburg-Viena?"))
    assert "Vienna" in asked and "changed nothing" in asked


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("what's blocking service?", "explain"),
        ("what is limiting on-time delivery?", "explain"),
        ("close Lyon for the full week", "what_if"),
    ],
)
def test_limits_of_service_and_changes_are_not_read_as_the_limit_question(
    question: str, tool: str, vocab: Vocabulary
) -> None:
    """A limit on service asks for levers; a change that says 'full' is still a change."""
    assert call_of(Chat(vocab).ask(question))[0] == tool


@pytest.mark.parametrize(
    "question",
    [
        "what if Lyon is full on Tuesday?",
        "Paris is maxed out, raise its capacity",
        "which lanes out of Pariss are full?",
        "which lanes are full for ACME?",
    ],
)
def test_a_limit_question_that_supposes_changes_or_misnames_is_asked(
    question: str, vocab: Vocabulary
) -> None:
    """A supposition, a change without its size, an unknown name or a customer is asked
    about; no tool runs."""
    question_of(Chat(vocab).ask(question))


def _target_change(change: float) -> list[dict[str, Any]]:
    return [{"op": "set_service_policy", "service_target_change": change}]


@pytest.mark.parametrize(
    ("turns", "edits"),
    [
        (("change the service target by 2 points", "up"), _target_change(0.02)),
        (("change the service target by 2 points", "raise it"), _target_change(0.02)),
        (("move the on-time target by 1 point", "higher"), _target_change(0.01)),
        (("move the on-time target by 1 point", "Higher, please."), _target_change(0.01)),
        (("adjust the service target by 3 points", "down"), _target_change(-0.03)),
        (("adjust the service target by 3 points", "lower"), _target_change(-0.03)),
        (("adjust the service target by 3 points", "lower it"), _target_change(-0.03)),
        (("shift the service target by 2%", "relax it"), _target_change(-0.02)),
        (
            ("cut drivers in the north by 10% and change the service target by 2 points", "up"),
            [drivers("north", factor=0.9), *_target_change(0.02)],
        ),
    ],
)
def test_up_or_down_answers_the_direction_question(
    turns: tuple[str, str], edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """Asked whether the service target goes up or down, a one-word way ('up', 'raise it',
    'lower', 'higher') completes the change with the amount said before; the other clause
    of the question keeps its own amount and direction."""
    chat = Chat(vocab)
    assert "up or down" in question_of(chat.ask(turns[0]))
    assert edits_of(chat.ask(turns[1])) == edits


@pytest.mark.parametrize(
    ("reply", "said"),
    [("yes", "up or down"), ("no", "changed nothing"), ("up or down", "changed nothing")],
)
def test_a_reply_without_one_way_changes_nothing(reply: str, said: str, vocab: Vocabulary) -> None:
    """'Yes' asks again, 'no' declines, and a reply naming both ways is no answer: nothing
    changes."""
    chat = Chat(vocab)
    question_of(chat.ask("change the service target by 2 points"))
    assert said in question_of(chat.ask(reply))


def _scale(factor: float, **scope: list[str]) -> dict[str, Any]:
    return {"op": "scale_demand", "factor": factor, **scope}


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("inbound into Hamburg rises 6%", [_scale(1.06, destination_hubs=["HAM"])]),
        ("Vienna outbound down 5%", [_scale(0.95, origin_hubs=["VIE"])]),
        ("outbound from Lyon up 3% on Friday", [_scale(1.03, origin_hubs=["LYS"], days=[4])]),
        ("what if we lose Nordbau?", [{"op": "remove_demand", "customers": ["Nordbau"]}]),
        ("suppose Ferromont is lost", [{"op": "remove_demand", "customers": ["Ferromont"]}]),
        (
            "we could lose ACME",
            [{"op": "remove_demand", "customers": ["ACME Logistics"]}],
        ),
        (
            "subcontractor costs rise 3%",
            [{"op": "scale_lane_rates", "factor": 1.03, "carrier": "contract"}],
        ),
        (
            "own fleet costs up 2%",
            [{"op": "scale_lane_rates", "factor": 1.02, "carrier": "own"}],
        ),
    ],
)
def test_inbound_lost_customers_and_carrier_costs(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'Inbound'/'outbound' name freight and its direction; 'we lose ACME' removes that
    customer's freight; what contract or own-fleet carriers cost is their rate."""
    assert edits_of(Chat(vocab).ask(question)) == edits


@pytest.mark.parametrize(
    "question", ["we lose 10% of Nordbau", "haulier costs up 2%", "costs up 5%"]
)
def test_losing_a_share_or_unnamed_costs_are_not_a_lost_customer_or_every_rate(
    question: str, vocab: Vocabulary
) -> None:
    """A share lost is a cut, not the customer gone; costs with no carrier kind are asked
    about or not understood, never every lane's rate."""
    chat = Chat(vocab)
    response = chat.ask(question)
    if question.startswith("we lose"):
        assert edits_of(response) == [_scale(0.9, customers=["Nordbau"])]
    else:
        question_of(response)


@pytest.mark.parametrize(
    ("turns", "edits"),
    [
        (("change the service target by 2 points", "down 2"), _target_change(-0.02)),
        (("change the service target by 2 points", "up by 3"), _target_change(0.03)),
        (("move the on-time target by 1 point", "lower by 1.5 points"), _target_change(-0.015)),
        (("adjust the service target by 3 points", "2 points down"), _target_change(-0.02)),
        (("shift the service target by 2%", "raise it by 1"), _target_change(0.01)),
        (
            ("change the service target by 2 points", "Down two points, please."),
            _target_change(-0.02),
        ),
        (("change the service target by two points", "up 1%"), _target_change(0.01)),
        (
            ("cut drivers in the north by 10% and change the service target by 2 points", "down 1"),
            [drivers("north", factor=0.9), *_target_change(-0.01)],
        ),
    ],
)
def test_a_way_with_an_amount_answers_the_direction_question(
    turns: tuple[str, str], edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """Asked whether the service target goes up or down, a reply with a way and an amount
    ('down 2', 'up by 3', '2 points down') makes that change: the reply's amount replaces
    the one said before, in its unit when it gives none; the other clause is kept."""
    chat = Chat(vocab)
    assert "up or down" in question_of(chat.ask(turns[0]))
    assert edits_of(chat.ask(turns[1])) == edits


@pytest.mark.parametrize("reply", ["down to 95%", "up 2 or down 1", "up 2 and 3", "2 points"])
def test_a_level_two_amounts_or_no_way_do_not_answer_the_direction_question(
    reply: str, vocab: Vocabulary
) -> None:
    """A level ('down to 95%'), two amounts or an amount without a way is not taken as the
    answer: no change is made."""
    chat = Chat(vocab)
    question_of(chat.ask("change the service target by 2 points"))
    question_of(chat.ask(reply))


def _with_carriers(vocab: Vocabulary, *carriers: str) -> Vocabulary:
    """The same names over a network whose lanes have these carrier kinds."""
    return Vocabulary(vocab.entities, carriers)


def _lane_rates(factor: float, carrier: str | None = None) -> list[dict[str, Any]]:
    edit: dict[str, Any] = {"op": "scale_lane_rates", "factor": factor}
    return [edit if carrier is None else {**edit, "carrier": carrier}]


UNNAMED_RATES = [
    "costs up 5%",
    "our costs go up 5%",
    "what if transport costs rise 5%?",
    "rates go up 3%",
    "line-haul prices fall 4%",
    "haulier costs up 2%",
    "carrier rates up 5%",
]


@pytest.mark.parametrize("question", UNNAMED_RATES)
def test_rates_naming_no_carrier_are_asked_when_the_network_has_several(
    question: str, vocab: Vocabulary
) -> None:
    """A rate or cost change that names no carrier kind, on a network with contract and
    own-fleet lanes, asks whose rates change, offering every kind it has; nothing changes."""
    asked = question_of(Chat(_with_carriers(vocab, "contract", "own")).ask(question))
    assert "all lanes" in asked and "contract" in asked and "own-fleet" in asked


@pytest.mark.parametrize("question", UNNAMED_RATES)
def test_rates_naming_no_carrier_change_every_lane_when_there_is_one_kind(
    question: str, vocab: Vocabulary
) -> None:
    """On a network whose lanes all have one carrier kind the same change is unambiguous:
    every lane's rate changes."""
    edits = edits_of(Chat(_with_carriers(vocab, "own")).ask(question))
    assert edits == _lane_rates(edits[0]["factor"]) and edits[0]["factor"] != 1


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("all rates go up 3%", _lane_rates(1.03)),
        ("rates up 3% across the board", _lane_rates(1.03)),
        ("fuel costs up 6%", _lane_rates(1.06)),
        ("diesel prices rise 4%", _lane_rates(1.04)),
        ("contract costs up 4%", _lane_rates(1.04, "contract")),
        ("own-fleet rates fall 2%", _lane_rates(0.98, "own")),
    ],
)
def test_rates_said_for_every_lane_or_one_kind_are_not_asked(
    question: str, edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """'All rates', 'across the board' and the price of fuel change every lane; a named
    carrier kind changes its lanes: no question, even with several kinds."""
    assert edits_of(Chat(_with_carriers(vocab, "contract", "own")).ask(question)) == edits


@pytest.mark.parametrize(
    ("turns", "edits"),
    [
        (("costs up 5%", "contract"), _lane_rates(1.05, "contract")),
        (("transport costs rise 5%", "all lanes"), _lane_rates(1.05)),
        (("rates go up 3%", "own fleet only"), _lane_rates(1.03, "own")),
        (("haulier costs up 2%", "both"), _lane_rates(1.02)),
        (("carrier rates up 5%", "the second one"), _lane_rates(1.05, "contract")),
        (("line-haul prices fall 4%", "subcontractors"), _lane_rates(0.96, "contract")),
        (
            ("cut drivers in the north by 10% and rates up 3%", "own fleet"),
            [drivers("north", factor=0.9), *_lane_rates(1.03, "own")],
        ),
    ],
)
def test_a_carrier_kind_answers_whose_rates_change(
    turns: tuple[str, str], edits: list[dict[str, Any]], vocab: Vocabulary
) -> None:
    """Asked whose rates change, 'all lanes', 'both', a kind ('contract', 'own fleet only')
    or its place in the list makes the change said before for those lanes only."""
    chat = Chat(_with_carriers(vocab, "contract", "own"))
    question_of(chat.ask(turns[0]))
    assert edits_of(chat.ask(turns[1])) == edits


@pytest.mark.parametrize("reply", ["spot", "contract and own fleet", "the fourth one", "no"])
def test_a_reply_naming_no_offered_carrier_changes_nothing(reply: str, vocab: Vocabulary) -> None:
    """A kind the network does not have, two kinds, a choice not offered or 'no' makes no
    change."""
    chat = Chat(_with_carriers(vocab, "contract", "own"))
    question_of(chat.ask("rates go up 3%"))
    assert "changed nothing" in question_of(chat.ask(reply))
