"""'Hamburg is down on Wednesday' in chat: answered at once from its contingency playbook,
saying which playbook and how old it is; the answer links the asker's own version."""

from __future__ import annotations

import asyncio
import time

from assistant.conversation import ask, new_deps
from tests.assistant.conftest import World
from tools import get_version, solve_version, version_network
from tools.executor import ProcessPoolExecutorBackend
from tools.playbooks import refresh_playbooks


def test_a_hub_down_on_a_day_is_answered_from_its_playbook(world: World) -> None:
    solve_version(world.db, world.planner, "live")
    with ProcessPoolExecutorBackend(max_workers=1) as executor:
        refreshed = refresh_playbooks(world.db, hubs=1, lanes=0, days=(2,), executor=executor)
    [playbook] = refreshed.solved
    hub = version_network(world.db, world.planner, "live").hub_by_id[playbook.element_id]
    deps = new_deps(world.db, world.planner)
    start = time.perf_counter()
    result = asyncio.run(ask(f"{hub.name} is down on Wednesday", deps=deps))
    assert time.perf_counter() - start < 5.0  # the chat's own overhead included
    assert f"Answered from the contingency playbook “{playbook.title}”" in result.answer
    assert "ago against live v1, which is still live's head" in result.answer
    assert deps.scenario_id is not None and deps.scenario_id != playbook.scenario_id
    mine = get_version(world.db, world.planner, deps.scenario_id)
    assert f"/scenarios/{mine.scenario_id}/versions/{mine.n}" in result.answer
    assert playbook.url in result.answer
