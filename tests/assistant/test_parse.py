"""The built-in interpreter's grammar: planner questions to intents over a tiny vocabulary."""

from __future__ import annotations

import pytest

from assistant.interpreter.intents import (
    Amount,
    Clarify,
    Clone,
    CloseHub,
    CloseLane,
    Compare,
    Diff,
    Drivers,
    Explain,
    Find,
    HubCapacity,
    Intent,
    LaneCapacity,
    MoveTrailers,
    NotUnderstood,
    Rates,
    RevertTo,
    Revise,
    ScaleVolume,
    ServicePolicy,
    Summarise,
    Undo,
)
from assistant.interpreter.parse import parse_question
from assistant.interpreter.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    """Seven hubs in five regions, two Frankfurts to be ambiguous, two customers."""
    return Vocabulary.build(
        hubs=[
            ("LYS", "Lyon", "south"),
            ("PAR", "Paris", "north"),
            ("HAM", "Hamburg", "north"),
            ("LEJ", "Leipzig", "east"),
            ("FRA", "Frankfurt am Main", "central"),
            ("FRO", "Frankfurt (Oder)", "east"),
            ("KOE", "Köln", "west"),
        ],
        customers=["ACME Logistics", "Nordbau"],
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "what if volumes rise 20% in the north?",
            ScaleVolume(Amount(factor=1.2), origin_regions=("north",)),
        ),
        (
            "a 60% peak-season increase on Friday and Saturday",
            ScaleVolume(Amount(factor=1.6), days=(4, 5)),
        ),
        (
            "double ACME's volume out of Lyon",
            ScaleVolume(Amount(factor=2.0), origin_hubs=("LYS",), customers=("ACME Logistics",)),
        ),
        (
            "volumes to koln drop 10%",
            ScaleVolume(Amount(factor=0.9), destination_hubs=("KOE",)),
        ),
        (
            "increase volumes by 200 t from LYS to PAR",
            ScaleVolume(Amount(delta=200.0), origin_hubs=("LYS",), destination_hubs=("PAR",)),
        ),
        ("close Hamburg on Monday and Tuesday", CloseHub("HAM", (0, 1))),
        ("reopen Hamburg", CloseHub("HAM", (), reopen=True)),
        ("close the Lyon - Paris lane", CloseLane("LYS", "PAR")),
        ("add 2 trucks per day on Lyon to Paris", LaneCapacity("LYS", "PAR", Amount(delta=2.0))),
        ("cut Lyon capacity by 20%", HubCapacity("LYS", Amount(factor=0.8))),
        ("cut drivers in the east by 15%", Drivers(Amount(factor=0.85), ("east",))),
        ("move 10 trailers from Paris to Lyon", MoveTrailers("PAR", "LYS", 10)),
        ("raise contract rates by 8%", Rates(1.08, "contract")),
        ("set the service target to 97%", ServicePolicy(service_target=0.97)),
        ("make it 30%", Revise(Amount(factor=1.3))),
        ("undo that", Undo()),
        ("compare with live", Compare("live")),
        ("why is service down?", Explain("service")),
        ("where will the network be out of balance by Thursday?", Explain("balance", 3)),
        ("summarise this for the VP", Summarise()),
    ],
)
def test_single_intent(question: str, expected: Intent, vocab: Vocabulary) -> None:
    """Each common planner question maps to exactly one intent with the right filters."""
    assert parse_question(question, vocab) == [expected]


def test_several_changes_in_one_question(vocab: Vocabulary) -> None:
    """'X and close Y' yields both changes, in the order asked."""
    intents = parse_question("volumes rise 10% in the east and close Hamburg on Monday", vocab)
    assert intents == [
        ScaleVolume(Amount(factor=1.1), origin_regions=("east",)),
        CloseHub("HAM", (0,)),
    ]


def test_ambiguous_name_asks_which(vocab: Vocabulary) -> None:
    """A name that fits two hubs is a question back, listing both, never a guess."""
    [intent] = parse_question("close Frankfurt", vocab)
    assert isinstance(intent, Clarify)
    assert set(intent.candidates) == {"Frankfurt am Main (FRA)", "Frankfurt (Oder) (FRO)"}


def test_unknown_question_says_what_it_understood(vocab: Vocabulary) -> None:
    """Text with a hub but no change is not acted on; the hub it recognised is reported."""
    assert parse_question("what if it rains in Paris", vocab) == [NotUnderstood(("hub Paris",))]


def test_lowercase_word_is_not_a_hub_id() -> None:
    """Hub ids match only when typed as ids: 'per day' never selects a hub with id PER."""
    vocab = Vocabulary.build(hubs=[("PER", "Perpignan", "south")], customers=[])
    [intent] = parse_question("add 10% volume per day", vocab)
    assert intent == ScaleVolume(Amount(factor=1.1))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what's different from live?", Diff("live")),
        ("diff against the parent", Diff("parent")),
        ("go back to version 2", RevertTo(2)),
        ("clone this as peak-plan", Clone("peak-plan")),
        ("find Lyon", Find("lyon")),
    ],
)
def test_navigation_questions(question: str, expected: Intent, vocab: Vocabulary) -> None:
    """Diff, revert to a version, clone and find are recognised without touching data."""
    assert parse_question(question, vocab) == [expected]
