"""The built-in interpreter's grammar: planner questions to intents over a tiny vocabulary."""

from __future__ import annotations

from datetime import date

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
    ServicePromise,
    Summarise,
    Undo,
)
from assistant.interpreter.parse import parse_question, prepare
from assistant.interpreter.vocabulary import Vocabulary

TODAY = date(2026, 12, 4)
"""A Friday: dates in these tests are read against it."""


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    """Seven hubs in five regions, two Frankfurts to be ambiguous, two customers."""
    return Vocabulary.build(
        hubs=[
            ("LYS", "Lyon", "south", "hub"),
            ("PAR", "Paris", "north", "hub"),
            ("HAM", "Hamburg", "north", "depot"),
            ("LEJ", "Leipzig", "east", "relay"),
            ("FRA", "Frankfurt am Main", "central", "hub"),
            ("FRO", "Frankfurt (Oder)", "east", "relay"),
            ("KOE", "Köln", "west", "depot"),
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
        ("close Hamburg on Monday and Tuesday", CloseHub(("HAM",), (0, 1))),
        ("reopen Hamburg", CloseHub(("HAM",), (), reopen=True)),
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
        CloseHub(("HAM",), (0,)),
    ]


def test_ambiguous_name_asks_which(vocab: Vocabulary) -> None:
    """A name that fits two hubs is a question back, listing both, never a guess."""
    [intent] = parse_question("close Frankfurt", vocab)
    assert isinstance(intent, Clarify)
    assert set(intent.candidates) == {"Frankfurt am Main (FRA)", "Frankfurt (Oder) (FRO)"}


def test_unknown_question_says_what_it_understood(vocab: Vocabulary) -> None:
    """Text with a hub but no change is not acted on; the hub it recognised is reported."""
    assert parse_question("what if it rains in Paris", vocab) == [
        NotUnderstood(("hub Paris",), "what if it rains in Paris")
    ]


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


# ---------------------------------------------------------------- rule zero


@pytest.mark.parametrize(
    ("question", "word", "suggestion"),
    [
        ("what if volumes rise 20% in the nroth?", "nroth", "north"),
        ("close Hamburgg on Monday", "Hamburgg", "Hamburg"),
        ("volumes rise 20% in Atlantis", "Atlantis", None),
        ("volumes rise 20% out of Oslo", "Oslo", None),
        ("double volumes for Globex", "Globex", None),
        ("close Paris on Funday", "Funday", None),
        ("cut drivers in the esat by 10%", "esat", "east"),
    ],
)
def test_unknown_name_is_asked_about_never_widened(
    question: str, word: str, suggestion: str | None, vocab: Vocabulary
) -> None:
    """A name-like word that names nothing of the network is a question back (with the closest
    names when there are some), never an edit of a broader scope."""
    [intent] = parse_question(question, vocab, TODAY)
    assert isinstance(intent, Clarify)
    assert intent.phrase == word and f"“{word}”" in intent.question
    if suggestion is not None:
        assert suggestion in intent.candidates and f"did you mean {suggestion}" in intent.question


@pytest.mark.parametrize(
    "question",
    [
        "close Paris and Lyon",
        "close Paris, Lyon and Hamburg on Monday",
        "a 10% peak everywhere and 5% fewer drivers in the east",
        "raise contract rates by 8% at Paris",
        "close Paris while volumes out of Lyon rise 10%",
    ],
)
def test_no_clause_or_name_is_dropped(question: str, vocab: Vocabulary) -> None:
    """Every name of the question is used by an edit, or the question is asked back."""
    intents = parse_question(question, vocab, TODAY)
    named = {m.entity.key for m in vocab.find(question)[0]}
    if any(isinstance(i, Clarify) for i in intents):
        assert len(intents) == 1
        return
    used: set[str] = set()
    for intent in intents:
        for slot in getattr(intent, "__slots__", ()):
            value = getattr(intent, slot)
            if isinstance(value, tuple):
                used.update(v for v in value if isinstance(v, str))
            elif isinstance(value, str):
                used.add(value)
    assert named <= used, f"{named - used} dropped from {intents}"


def test_two_changes_keep_their_own_numbers(vocab: Vocabulary) -> None:
    """A network-wide peak plus a regional driver cut: each clause keeps its own amount."""
    intents = parse_question(
        "a network-wide 20% peak and cut drivers in the east by 10%", vocab, TODAY
    )
    assert intents == [
        ScaleVolume(Amount(factor=1.2)),
        Drivers(Amount(factor=0.9), ("east",)),
    ]


def test_several_hubs_are_all_closed(vocab: Vocabulary) -> None:
    """'close Paris and Lyon' closes both."""
    assert parse_question("close Paris and Lyon", vocab, TODAY) == [CloseHub(("PAR", "LYS"))]


def test_trailing_impact_question_is_answered_not_fatal(vocab: Vocabulary) -> None:
    """'…, what does that do to cost?' keeps the change; the what-if answer shows the cost."""
    assert parse_question(
        "volumes rise 20% in the north, what does that do to cost?", vocab, TODAY
    ) == [ScaleVolume(Amount(factor=1.2), origin_regions=("north",))]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("don't shut Hamburg; instead close Lyon", [CloseHub(("LYS",))]),
        ("don't close Hamburg, close Lyon instead", [CloseHub(("LYS",))]),
        ("close Lyon rather than Hamburg", [CloseHub(("LYS",))]),
        (
            "volumes rise 20% in the north but not in Hamburg",
            [ScaleVolume(Amount(factor=1.2), origin_hubs=("PAR",))],
        ),
        (
            "volumes rise 10% except Fridays",
            [ScaleVolume(Amount(factor=1.1), days=(0, 1, 2, 3, 5, 6))],
        ),
        (
            "cut drivers by 10% everywhere except the east",
            [Drivers(Amount(factor=0.9), (r,)) for r in ("central", "north", "south", "west")],
        ),
        (
            "double volumes except for Nordbau",
            [ScaleVolume(Amount(factor=2.0), customers=("ACME Logistics",))],
        ),
    ],
)
def test_negations_and_exceptions_are_honoured(
    question: str, expected: list[Intent], vocab: Vocabulary
) -> None:
    """'don't X; instead Y' does only Y; 'but not H' and 'except D' narrow the scope exactly."""
    assert parse_question(question, vocab, TODAY) == expected


def test_a_negation_alone_changes_nothing(vocab: Vocabulary) -> None:
    """'don't close Hamburg' with nothing else to do is a question back, not a closure."""
    [intent] = parse_question("don't close Hamburg", vocab, TODAY)
    assert isinstance(intent, Clarify) and "changed nothing" in intent.question


def test_an_exception_that_cannot_be_expressed_is_asked(vocab: Vocabulary) -> None:
    """An exclusion the change cannot represent exactly is asked about, not ignored."""
    [intent] = parse_question("raise contract rates by 5% except Hamburg", vocab, TODAY)
    assert isinstance(intent, Clarify) and "Hamburg" in intent.question


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("close Paris tomorrow", (5,)),
        ("close Paris today", (4,)),
        ("close Paris the day after tomorrow", (6,)),
        ("close Paris next Thursday", (3,)),
        ("close Paris on 24 December", (3,)),
        ("close Paris on December 26th", (5,)),
        ("close Paris on Christmas Eve", (3,)),
        ("close Paris on 1 January", (4,)),
    ],
)
def test_dates_map_to_the_weekday_of_the_plan(
    question: str, days: tuple[int, ...], vocab: Vocabulary
) -> None:
    """Dates become the weekday they fall on (the plan is one cyclic week)."""
    assert parse_question(question, vocab, TODAY) == [CloseHub(("PAR",), days)]


@pytest.mark.parametrize("question", ["close Paris next month", "close Paris in two weeks"])
def test_vague_dates_are_asked(question: str, vocab: Vocabulary) -> None:
    """A time that is no single weekday is asked about; nothing is closed all week instead."""
    [intent] = parse_question(question, vocab, TODAY)
    assert isinstance(intent, Clarify) and "Which day" in intent.question


@pytest.mark.parametrize(
    ("question", "kind"),
    [("what if a relay fails on Wednesday?", "relay"), ("close the depot", "depot")],
)
def test_one_of_a_kind_of_hub_is_asked(question: str, kind: str, vocab: Vocabulary) -> None:
    """'a relay fails' lists the relays to choose from."""
    [intent] = parse_question(question, vocab, TODAY)
    assert isinstance(intent, Clarify) and f"Which {kind}" in intent.question
    members = {"relay": ("LEJ", "FRO"), "depot": ("HAM", "KOE")}[kind]
    assert all(any(m in c for c in intent.candidates) for m in members)


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("volumes rise 20% in the north", Amount(factor=1.2)),
        ("volumes rise ２０％ in the north", Amount(factor=1.2)),
        ("volumes rise 20 per cent in the north", Amount(factor=1.2)),
        ("volumes rise 20 percent in the north", Amount(factor=1.2)),
        ("volumes rise 20 pct in the north", Amount(factor=1.2)),
        ("volumes rise twenty percent in the north", Amount(factor=1.2)),
        ("volumes rise twenty-five percent in the north", Amount(factor=1.25)),
        ("volumes rise 2,5% in the north", Amount(factor=1.025)),
        ("volumes rise 3 points in the north", Amount(factor=1.03)),
        ("north volumes up a fifth", Amount(factor=1.2)),
        ("north volumes down a quarter", Amount(factor=0.75)),
        ("north volumes fall by a third", Amount(factor=0.666667)),
        ("north volumes up by half", Amount(factor=1.5)),
        ("north volumes down by half", Amount(factor=0.5)),
        ("halve north volumes", Amount(factor=0.5)),
        ("double north volumes", Amount(factor=2.0)),
        ("north volumes twice as much", Amount(factor=2.0)),
        ("north volumes x3", Amount(factor=3.0)),
        ("north volumes grow 1.5x", Amount(factor=1.5)),
        ("north volumes to 80% of normal", Amount(factor=0.8)),
        ("north volumes up 1,000 t", Amount(delta=1000.0)),
        ("north volumes up 2.5k t", Amount(delta=2500.0)),
        ("north volumes -10%", Amount(factor=0.9)),
        ("north volumes +10%", Amount(factor=1.1)),
        ("north volumes climb 10%", Amount(factor=1.1)),
        ("north volumes soar 10%", Amount(factor=1.1)),
        ("north volumes dip 10%", Amount(factor=0.9)),
        ("north volumes slump 10%", Amount(factor=0.9)),
        ("trim north volumes by 10%", Amount(factor=0.9)),
    ],
)
def test_amounts(question: str, amount: Amount, vocab: Vocabulary) -> None:
    """Every common way of writing a change gives the same amount."""
    [intent] = parse_question(question, vocab, TODAY)
    assert isinstance(intent, ScaleVolume) and intent.origin_regions == ("north",)
    assert intent.amount == amount


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("volumes out of Lyon up 10%", {"origin_hubs": ("LYS",)}),
        ("volumes leaving Lyon up 10%", {"origin_hubs": ("LYS",)}),
        ("volumes from Lyon up 10%", {"origin_hubs": ("LYS",)}),
        ("volumes into Lyon up 10%", {"destination_hubs": ("LYS",)}),
        ("volumes arriving at Lyon up 10%", {"destination_hubs": ("LYS",)}),
        ("volumes bound for Lyon up 10%", {"destination_hubs": ("LYS",)}),
        ("volumes at Lyon up 10%", {"hubs": ("LYS",)}),
        ("volumes through Lyon up 10%", {"hubs": ("LYS",)}),
        (
            "volumes from Lyon to Paris up 10%",
            {"origin_hubs": ("LYS",), "destination_hubs": ("PAR",)},
        ),
        ("volumes to the east up 10%", {"destination_regions": ("east",)}),
    ],
)
def test_direction_words(
    question: str, expected: dict[str, tuple[str, ...]], vocab: Vocabulary
) -> None:
    """Out of / from / leaving = origin; into / arriving / bound for = destination; at = both."""
    [intent] = parse_question(question, vocab, TODAY)
    assert intent == ScaleVolume(Amount(factor=1.1), **expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "prepared"),
    [
        ("２０％", "20%"),
        ("20 per cent", "20%"),
        ("1,000 t", "1000 t"),
        ("a fifth", "20%"),
        ("five trailers", "5 trailers"),
    ],
)
def test_prepare_writes_numbers_one_way(text: str, prepared: str) -> None:
    """Normalisation of numbers before parsing."""
    assert prepare(text) == prepared


@pytest.mark.parametrize(
    "question",
    [
        "Hamburg is offline on Monday",
        "Hamburg out of action on Monday",
        "Hamburg unavailable on Monday",
        "what if Hamburg fails on Monday?",
        "a strike at Hamburg on Monday",
        "shut down Hamburg on Monday",
        "Hamburg is down on Monday",
    ],
)
def test_ways_to_say_a_hub_is_unavailable(question: str, vocab: Vocabulary) -> None:
    """The many ways of saying a hub is unavailable close it on the days named."""
    assert parse_question(question, vocab, TODAY) == [CloseHub(("HAM",), (0,))]


def test_a_share_of_trailers_is_asked(vocab: Vocabulary) -> None:
    """Trailers are counted per hub and have no factor: a share is asked about."""
    [intent] = parse_question("10% more trailers at Lyon", vocab, TODAY)
    assert isinstance(intent, Clarify) and "How many trailers" in intent.question


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("half the usual departures on Lyon→Paris", Amount(factor=0.5)),
        ("fewer departures on Lyon-Paris: 2 less per day", Amount(delta=-2.0)),
        ("cap the Lyon to Paris lane at 3 trucks a day", Amount(value=3.0)),
    ],
)
def test_lane_departures(question: str, amount: Amount, vocab: Vocabulary) -> None:
    """Departures on a lane change its trucks per day, never the demand at its ends."""
    assert parse_question(question, vocab, TODAY) == [LaneCapacity("LYS", "PAR", amount)]


def test_carrier_rates_are_ambiguous(vocab: Vocabulary) -> None:
    """'carrier rates' could mean all lanes or contract lanes: ask."""
    [intent] = parse_question("carrier rates up 5%", vocab, TODAY)
    assert isinstance(intent, Clarify) and "contract" in intent.question


def test_a_cut_of_more_than_everything_is_asked(vocab: Vocabulary) -> None:
    """'cut … by 150%' has no meaning as a factor: asked about, never sent as a negative."""
    [intent] = parse_question("cut drivers in the east by 150%", vocab, TODAY)
    assert isinstance(intent, Clarify) and "changed nothing" in intent.question


def test_an_elliptical_clause_takes_the_change_before_it(vocab: Vocabulary) -> None:
    """'up 10% out of Lyon and 20% out of Paris': the second clause is the same kind of change."""
    assert parse_question("volumes up 10% out of Lyon and 20% out of Paris", vocab, TODAY) == [
        ScaleVolume(Amount(factor=1.1), origin_hubs=("LYS",)),
        ScaleVolume(Amount(factor=1.2), origin_hubs=("PAR",)),
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what happens to cost if we close Paris all week?", [CloseHub(("PAR",))]),
        ("suppose Lyon is shut for maintenance on Wednesday", [CloseHub(("LYS",), (2,))]),
        ("raise the service target from 95% to 98%", [ServicePolicy(service_target=0.98)]),
        (
            "increase the volume on the Lyon–Paris corridor by 10%",
            [ScaleVolume(Amount(factor=1.1), origin_hubs=("LYS",), destination_hubs=("PAR",))],
        ),
    ],
)
def test_ordinary_phrasings(question: str, expected: list[Intent], vocab: Vocabulary) -> None:
    """A question-shaped change is still a change; ordinary words are not taken for names."""
    assert parse_question(question, vocab, TODAY) == expected


def test_days_a_change_cannot_carry_are_asked(vocab: Vocabulary) -> None:
    """Hub capacity has no days: 'on Monday' is asked about, never dropped."""
    [intent] = parse_question("Lyon capacity drops by 20% on Monday", vocab, TODAY)
    assert isinstance(intent, Clarify) and "Monday" in intent.question


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "close Paris on Monday and Lyon on Tuesday",
            [CloseHub(("PAR",), (0,)), CloseHub(("LYS",), (1,))],
        ),
        (
            "close Paris Monday, Hamburg Tuesday",
            [CloseHub(("PAR",), (0,)), CloseHub(("HAM",), (1,))],
        ),
        (
            "raise Paris capacity 10% and Lyon capacity 20%",
            [HubCapacity("PAR", Amount(factor=1.1)), HubCapacity("LYS", Amount(factor=1.2))],
        ),
        (
            "volumes rise 20% in the north and fall 10% in the south",
            [
                ScaleVolume(Amount(factor=1.2), origin_regions=("north",)),
                ScaleVolume(Amount(factor=0.9), origin_regions=("south",)),
            ],
        ),
        (
            "volumes rise 20% in the north and Hamburg closes on Monday",
            [ScaleVolume(Amount(factor=1.2), origin_regions=("north",)), CloseHub(("HAM",), (0,))],
        ),
        ("close Hamburg on Monday and Tuesday", [CloseHub(("HAM",), (0, 1))]),
        ("close Paris and Lyon on Tuesday", [CloseHub(("PAR", "LYS"), (1,))]),
    ],
)
def test_parallel_changes_keep_their_own_days_and_amounts(
    question: str, expected: list[Intent], vocab: Vocabulary
) -> None:
    """Two changes in one sentence each keep their own entity, days and amount."""
    assert parse_question(question, vocab, TODAY) == expected


def test_an_elided_change_without_a_name_is_not_guessed(vocab: Vocabulary) -> None:
    """'… by 10% on Monday and 20% on Tuesday' does not spread the 20% over every region:
    it is the same change in the same region on Tuesday."""
    intents = parse_question(
        "cut drivers in the east by 10% on Monday and 20% on Tuesday", vocab, TODAY
    )
    assert intents == [
        Drivers(Amount(factor=0.9), ("east",), (0,)),
        Drivers(Amount(factor=0.8), ("east",), (1,)),
    ]


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("close Paris starting Wednesday", (2, 3, 4, 5, 6)),
        ("close Paris from Friday", (4, 5, 6)),
        ("close Paris until Tuesday", (0, 1)),
        ("close Paris Tuesday to Thursday", (1, 2, 3)),
    ],
)
def test_open_ended_day_ranges(question: str, days: tuple[int, ...], vocab: Vocabulary) -> None:
    """'starting Wednesday' runs to the end of the week; 'until Tuesday' from its start."""
    assert parse_question(question, vocab, TODAY) == [CloseHub(("PAR",), days)]


def test_a_time_of_day_is_asked(vocab: Vocabulary) -> None:
    """Edits work on whole days: 'in the morning' is asked about, not dropped."""
    [intent] = parse_question("close Paris in the morning", vocab, TODAY)
    assert isinstance(intent, Clarify) and "whole day" in intent.question


def test_a_cost_question_is_not_answered_as_a_service_one(vocab: Vocabulary) -> None:
    """'what would help most to cut cost?' is a cost question, not the service explanation."""
    assert parse_question("what would help most to cut cost?", vocab, TODAY) == [Explain("cost")]
    assert parse_question("what would help service most?", vocab, TODAY) == [Explain("service")]


@pytest.mark.parametrize(
    ("question", "due_h", "delta_h", "scope"),
    [
        ("next-day everywhere", 24.0, None, ScaleVolume(Amount(factor=1.0))),
        ("relax the windows by a day", None, 24.0, ScaleVolume(Amount(factor=1.0))),
        (
            "tighten delivery windows out of Lyon by 6 hours",
            None,
            -6.0,
            ScaleVolume(Amount(factor=1.0), origin_hubs=("LYS",)),
        ),
        (
            "promise Nordbau delivery within 2 days",
            48.0,
            None,
            ScaleVolume(Amount(factor=1.0), customers=("Nordbau",)),
        ),
    ],
)
def test_service_promises(
    question: str,
    due_h: float | None,
    delta_h: float | None,
    scope: ScaleVolume,
    vocab: Vocabulary,
) -> None:
    """Due hours are promised or relaxed for the demand the question selects."""
    assert parse_question(question, vocab, TODAY) == [ServicePromise(scope, due_h, delta_h)]


@pytest.mark.parametrize(
    "question", ["raise the service target by 2 points", "service target up 2%"]
)
def test_a_relative_service_target_is_a_change(question: str, vocab: Vocabulary) -> None:
    """'up 2 points' is never read as a target of 2%: it changes the target by 2 points."""
    assert parse_question(question, vocab, TODAY) == [ServicePolicy(target_change=0.02)]


def test_a_service_target_change_of_no_direction_is_asked(vocab: Vocabulary) -> None:
    """'change the target by 2 points': up or down is asked, never guessed."""
    [intent] = parse_question("change the service target by 2 points", vocab, TODAY)
    assert isinstance(intent, Clarify) and "service target" in intent.question
