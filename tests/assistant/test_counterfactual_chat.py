"""Why-not and spill-over questions in chat, through the real interpreter, agent and app.

Each answer is checked as a planner would: the version it links to holds the forced or
applied edit (read back from the database), and the answer carries the reasons or the
spill-over verdict computed for that version. The reasons and verdict numbers are checked
on the small corridor network of ``tests/tools/test_spillover.py``, which solves to a
proven optimum at once; the 40-hub demo's smallest cut (8 hubs) shows the same calls, edits
and answer lines in the conversation and over HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.conversation import AskResult, ask, new_deps
from tests.assistant.conftest import FAST, World
from tests.assistant.test_chat_api import CHAT, ChatApp, chat_app
from tests.tools.test_spillover import FAST as EXACT
from tests.tools.test_spillover import corridor
from tools import (
    Database,
    SolveSettings,
    UserRef,
    bootstrap_admin,
    create_live,
    create_user,
    get_version,
    list_scenarios,
    spill_over,
    user_ref,
    version_network,
    version_result,
)

__all__ = ["chat_app"]

WHY_NOT = "why don't we route Berlin→Munich freight through Kraków?"
SPILL = "close Munich on Monday — does it spill over into the south?"


def _lead(answer: str) -> str:
    """The first part of an answer after its warning lines (what the question asked)."""
    return next(part for part in answer.split("\n\n") if not part.startswith("⚠"))


def _ask(db: Database, actor: UserRef, question: str, settings: SolveSettings) -> AskResult:
    deps = new_deps(db, actor, solve_settings=settings)
    return asyncio.run(ask(question, deps=deps))


@pytest.fixture
def lanes(tmp_path: Path) -> Iterator[tuple[Database, UserRef]]:
    """A fresh database with live = the corridor network, and a planner."""
    db = Database(f"sqlite:///{tmp_path / 'corridor.db'}")
    admin_view, _ = bootstrap_admin(db, "ada", "ada@example.com")
    admin = user_ref(db, admin_view.id)
    create_live(db, admin, corridor())
    planner, _ = create_user(db, admin, "pia", "pia@example.com", "planner")
    yield db, user_ref(db, planner.id)
    db.dispose()


def test_why_not_in_chat_gives_the_cost_and_the_reasons(lanes: tuple[Database, UserRef]) -> None:
    """'why don't we route Alpha→Beta freight through Sud?' goes through ``why_not``: the
    linked version routes the Alpha→Beta demand via Sud (its parent does not), the answer
    gives the cost difference of the two stored plans and the line with the reasons."""
    db, pia = lanes
    result = _ask(db, pia, "why don't we route Alpha→Beta freight through Sud?", EXACT)
    assert result.error is None and [c.name for c in result.tool_calls] == ["why_not"]
    assert result.scenario_id is not None and result.version is not None
    sid, n = result.scenario_id, result.version
    parent_n = get_version(db, pia, sid, n).parent_n
    assert parent_n is not None
    assert dict(version_network(db, pia, sid, n).via_of) == {"D1": "S"}
    assert dict(version_network(db, pia, sid, parent_n).via_of) == {}
    before, after = (
        version_result(db, pia, sid, parent_n).kpis,
        version_result(db, pia, sid, n).kpis,
    )
    assert before is not None and after is not None
    delta = after.total_cost_eur - before.total_cost_eur
    assert delta > 0
    assert f"costs €{delta:,.0f} more a week" in result.answer
    assert "The plan avoids it because it needs " in result.answer
    assert result.url is not None and result.url in result.answer


def test_spill_over_in_chat_gives_the_verdict_for_the_south(
    lanes: tuple[Database, UserRef],
) -> None:
    """'close Hanse — does it spill over into the south?' closes Hanse only (read back) and
    answers with the verdict computed from the version's stored plans: yes, the south's
    drivers go from 0 to 5 of 9 h a day."""
    db, pia = lanes
    result = _ask(db, pia, "close Hanse — does it spill over into the south?", EXACT)
    assert result.error is None and [c.name for c in result.tool_calls] == ["spill_over"]
    assert result.scenario_id is not None and result.version is not None
    net = version_network(db, pia, result.scenario_id, result.version)
    assert [h.id for h in net.hubs if not h.open] == ["H"]
    [south] = spill_over(db, pia, result.scenario_id, result.version, ["south"])
    assert south.verdict.startswith("Yes — the south's driver use rises from 0 to 5 of 9 h/day")
    assert f"**Spill-over into the south:** {south.verdict}" in result.answer


def test_a_spill_over_follow_up_judges_the_last_change_and_changes_nothing(
    lanes: tuple[Database, UserRef],
) -> None:
    """'close Hanse', then 'does that spill over into the south?': the verdict for the
    version the first question made, and no new version."""
    db, pia = lanes
    deps = new_deps(db, pia, solve_settings=EXACT)
    first = asyncio.run(ask("close Hanse", deps=deps))
    assert first.scenario_id is not None and first.version is not None
    deps = new_deps(db, pia, solve_settings=EXACT)
    follow = asyncio.run(
        ask(
            "does that spill over into the south?", deps=deps, conversation_id=first.conversation_id
        )
    )
    assert [c.name for c in follow.tool_calls] == ["spill_over"]
    [south] = spill_over(db, pia, first.scenario_id, first.version, ["south"])
    assert f"**Spill-over into the south:** {south.verdict}" in follow.answer
    assert south.spills is True and "(nothing changed)" in follow.answer
    heads = [s.head for s in list_scenarios(db, pia) if s.id == first.scenario_id]
    assert heads == [first.version]


def test_why_not_and_spill_over_on_the_demo(world: World) -> None:
    """On the demo: the why-not question forces Berlin→Munich via Kraków in the version it
    links to and opens with the why-not verdict; the spill-over question closes Munich on
    Monday only and carries the south's verdict line for its version."""
    why = _ask(world.db, world.planner, WHY_NOT, FAST)
    assert [c.name for c in why.tool_calls] == ["why_not"]
    assert why.scenario_id is not None and why.version is not None
    net = version_network(world.db, world.planner, why.scenario_id, why.version)
    ber_mun = {d.id for d in net.demands if (d.origin, d.destination) == ("BER", "MUN")}
    assert ber_mun and dict(net.via_of) == dict.fromkeys(ber_mun, "KRA")
    assert _lead(why.answer).startswith(
        "**Why not?** Route the freight on Berlin→Munich via Kraków"
    )

    spill = _ask(world.db, world.planner, SPILL, FAST)
    assert [c.name for c in spill.tool_calls] == ["spill_over"]
    assert spill.scenario_id is not None and spill.version is not None
    munich = version_network(world.db, world.planner, spill.scenario_id, spill.version)
    assert munich.hub_by_id["MUN"].closed_days == (0,)
    [south] = spill_over(world.db, world.planner, spill.scenario_id, spill.version, ["south"])
    assert _lead(spill.answer) == f"**Spill-over into the south:** {south.verdict}"


@pytest.mark.parametrize(
    "question",
    [
        "close Munich on Monday without it spilling into Narnia",
        "close Munich on Monday — does it spill over into Rome?",
    ],
)
def test_spill_over_into_an_unknown_region_asks_and_creates_nothing(
    world: World, question: str
) -> None:
    """An unknown region, or a hub where a region is meant, is asked about: no tool call, no
    scenario, and the question lists the regions."""
    result = _ask(world.db, world.planner, question, FAST)
    assert result.tool_calls == [] and result.version is None
    assert "changed nothing" in result.answer and "central" in result.answer
    assert [s.name for s in list_scenarios(world.db, world.planner) if not s.is_live] == []


def test_why_not_over_http_links_the_forced_version(chat_app: ChatApp) -> None:
    """POST /api/v1/chat with the why-not question: the JSON names the why_not call and the
    version whose stored network forces Berlin→Munich via Kraków, linked in the answer."""
    r = chat_app.post("pia", CHAT, {"message": WHY_NOT})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["error"] is None and [c["name"] for c in body["tool_calls"]] == ["why_not"]
    net = version_network(chat_app.db, chat_app.refs["pia"], body["scenario_id"], body["version"])
    assert net.via_of and set(net.via_of.values()) == {"KRA"}
    assert _lead(body["answer"]).startswith("**Why not?** ") and body["url"] in body["answer"]
