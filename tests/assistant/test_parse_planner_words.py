"""Planners' own words: carrier kinds however named, greetings, 'next week', 'between'.

Each test drives :func:`assistant.interpreter.model.respond` through the chat helper of
:mod:`tests.assistant.test_parse_phrasings` and checks what the planner would notice: the
exact edits a new version gets, the read-only tool called, or a question back and no tool
call (so no new version).
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.interpreter.vocabulary import Vocabulary
from tests.assistant.test_parse_phrasings import Chat, call_of, close, edits_of, question_of


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    """Six hubs in four regions, two customers, own-fleet and contract lanes."""
    return Vocabulary.build(
        hubs=[
            ("LYS", "Lyon", "west", "cross-dock"),
            ("PAR", "Paris", "west", "hub"),
            ("HAM", "Hamburg", "north", "hub"),
            ("BER", "Berlin", "north", "hub"),
            ("MUN", "Munich", "central", "cross-dock"),
            ("VIE", "Vienna", "east", "hub"),
        ],
        customers=["ACME Logistics", "Nordbau"],
        carriers=["own", "contract"],
    )


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


def volumes(factor: float) -> dict[str, Any]:
    """A network-wide ``scale_demand`` edit."""
    return {"op": "scale_demand", "factor": factor}


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
    assert edits_of(chat.ask(reply)) == [volumes(1.05), rates(1.02, "own")]


@pytest.mark.parametrize(
    ("question", "edits"),
    [
        ("volumes up 5% and own fleet rates up 2%", [volumes(1.05), rates(1.02, "own")]),
        ("raise own-fleet costs by 2% and volumes by 5%", [rates(1.02, "own"), volumes(1.05)]),
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
