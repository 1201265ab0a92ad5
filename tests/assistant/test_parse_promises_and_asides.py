"""Service promises said as their new length or as a change of it, a request to judge the
change ('then see if the east can cope') beside it in any sentence form, a second amount
said for other days, and 'its' as a possessive."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interpreter.vocabulary import Vocabulary
from tests.assistant.conftest import six_hubs
from tests.assistant.test_parse_phrasings import Chat, edits_of


@pytest.mark.parametrize(
    ("question", "edit"),
    [
        (
            "push the service promise to 48h for the west",
            {"origin_regions": ["west"], "due_h": 48.0},
        ),
        ("give the north 2 days for delivery", {"origin_regions": ["north"], "due_h": 48.0}),
        ("extend the promise to 72 hours for Nordbau", {"customers": ["Nordbau"], "due_h": 72.0}),
        ("SLA of 24h for ACME", {"customers": ["ACME Logistics"], "due_h": 24.0}),
        (
            "give the west 12 more hours on its windows",
            {"origin_regions": ["west"], "delta_h": 12.0},
        ),
        ("relax the windows in the east by a day", {"origin_regions": ["east"], "delta_h": 24.0}),
        ("shorten lead times in the north by 6h", {"origin_regions": ["north"], "delta_h": -6.0}),
    ],
)
def test_a_promise_is_set_to_its_new_length_or_changed_by_an_amount(
    question: str, edit: dict[str, Any]
) -> None:
    """'to 48h', 'of 24h', '2 days for delivery' set the promise; 'by a day', '12 more hours'
    change it ('extend … to 72 hours' was read as 72 hours more)."""
    (made,) = edits_of(Chat(six_hubs()).ask(question))
    assert made == {"op": "set_due_hours", **edit}


@pytest.mark.parametrize(
    "question",
    [
        "close Vienna, then see if the east can cope",
        "close Vienna and check whether service holds",
        "close Vienna and tell me how the east copes",
        "close Vienna. Tell me how the east does",
    ],
)
def test_a_request_to_judge_the_change_is_answered_by_it(question: str) -> None:
    """Asking to see, check or be told how the change goes, after it (a clause, 'and …', or
    a new sentence), is answered by the what-if's before → after: the whole question was not
    understood."""
    assert edits_of(Chat(six_hubs()).ask(question)) == [{"op": "close_hub", "hubs": ["VIE"]}]


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        (
            "10% more volume in the north on Monday, 20% more on Tuesday",
            {"op": "scale_demand", "factor": 1.1, "origin_regions": ["north"], "days": [0]},
            {"op": "scale_demand", "factor": 1.2, "origin_regions": ["north"], "days": [1]},
        ),
        (
            "cut drivers in the north by 10% on Monday and 20% on Tuesday",
            {"op": "set_drivers", "region": "north", "days": [0], "factor": 0.9},
            {"op": "set_drivers", "region": "north", "days": [1], "factor": 0.8},
        ),
    ],
)
def test_a_second_amount_on_other_days_is_the_same_change_there(
    question: str, first: dict[str, Any], second: dict[str, Any]
) -> None:
    """'…, 20% more on Tuesday' after a change on Monday is that change again on Tuesday, in
    the same place and the same way (it was not understood; read alone it would have been
    every place)."""
    assert edits_of(Chat(six_hubs()).ask(question)) == [first, second]


@pytest.mark.parametrize(
    "question",
    [
        "instead of closing Berlin, cut its throughput in half",
        "instead of closing Berlin, halve its capacity",
    ],
)
def test_halving_its_capacity_is_the_hubs(question: str) -> None:
    """'Halve its capacity' after a named hub is that hub's capacity: 'its' is possessive,
    not 'halve it' (the change or the thing?), which was asked about."""
    assert edits_of(Chat(six_hubs()).ask(question)) == [
        {"op": "set_hub_capacity", "hubs": ["BER"], "factor": 0.5}
    ]


def test_a_name_with_a_full_stop_is_not_two_sentences() -> None:
    """'St. Gallen' stays one name: sentences split at a full stop after a word of three or
    more letters, not after 'St.', 'vs.' or 'approx.'."""
    vocab = Vocabulary.build(
        hubs=[("SGA", "St. Gallen", "east", "hub"), ("BAS", "Basel", "west", "hub")],
        customers=[],
        carriers=["own"],
    )
    chat = Chat(vocab)
    assert edits_of(chat.ask("close St. Gallen on Monday")) == [
        {"op": "close_hub", "hubs": ["SGA"], "days": [0]}
    ]
    assert edits_of(Chat(vocab).ask("volumes up approx. 10% in the west")) == [
        {"op": "scale_demand", "factor": 1.1, "origin_regions": ["west"]}
    ]


@pytest.mark.parametrize(
    ("typed", "key"), [("Wroclaw", "WRO"), ("Lodz", "LOD"), ("Kobenhavn", "KOB")]
)
def test_letters_without_an_accent_mark_fold_too(typed: str, key: str) -> None:
    """'Wroclaw' is Wrocław and 'Kobenhavn' København: ł and ø fold to l and o like accented
    letters do (it asked 'did you mean Wrocław or Warsaw?')."""
    vocab = Vocabulary.build(
        hubs=[
            ("WRO", "Wrocław", "east", "hub"),
            ("WAR", "Warsaw", "east", "hub"),
            ("LOD", "Łódź", "east", "hub"),
            ("KOB", "København", "north", "hub"),
        ],
        customers=[],
        carriers=["own"],
    )
    assert edits_of(Chat(vocab).ask(f"close {typed}")) == [{"op": "close_hub", "hubs": [key]}]
