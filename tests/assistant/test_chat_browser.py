"""The chat UI in a real browser: ``lanewise serve`` on a free port, headless Chromium.

A planner's whole path: sign in to the chat, ask "what if volumes rise 20% in the north?",
watch the what_if step and the answer with its KPI deltas, charts and version link, open
that scenario page and find the same total cost there (and in the API). Screenshots are
kept in ``test-artifacts/chat-browser/``. Uses Debian's Chromium (``apt-get install -y
chromium``) driven by Playwright's Python API; no browser is downloaded.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
"""The checkout under test: the server runs its code, whatever is installed."""
ARTIFACTS = REPO / "test-artifacts" / "chat-browser"
QUESTION = "what if volumes rise 20% in the north?"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
    pytest.mark.slow,
]


@dataclass
class Server:
    """A running ``lanewise serve``: its base URL, the admin's login, its working folder."""

    url: str
    user: str
    token: str
    cwd: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``lanewise serve --hubs 8`` over a fresh home (SQLite), run from an empty folder."""
    root = tmp_path_factory.mktemp("chat-browser")
    cwd = root / "cwd"
    cwd.mkdir()
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LANEWISE_", "CHAINLIT_", "DATABASE_", "SLACK_", "TEAMS_"))
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])]),
        LANEWISE_HOME=str(root / "home"),
        LANEWISE_MODEL="builtin",
        LANEWISE_SOLVE_TIME_LIMIT_S="600",  # a safety stop only: effort decides the plans
        LITELLM_LOCAL_MODEL_COST_MAP="True",
    )
    log = (root / "server.log").open("w")
    proc = subprocess.Popen(
        [
            *(sys.executable, "-c", "from assistant.cli import app; app()", "serve"),
            *("--port", str(port), "--hubs", "8", "--json", "--log-level", "warning"),
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first, f"serve printed nothing; see {root / 'server.log'}"
        started = json.loads(first)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (root / "server.log").read_text()
            assert time.monotonic() < deadline, "the server did not come up in 90 s"
            time.sleep(0.3)
        _wait_for_job(url, started["login"]["token"], started["live_solve_job"])
        yield Server(url, started["login"]["user"], started["login"]["token"], cwd)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _wait_for_job(url: str, token: str, job_id: str, timeout_s: float = 600) -> None:
    """Wait until live's full-effort background solve has landed (its plan is then final)."""
    deadline = time.monotonic() + timeout_s
    while True:
        job = httpx.get(
            f"{url}/api/v1/jobs/{job_id}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()
        if job["status"] not in ("queued", "running"):
            assert job["status"] == "succeeded", job
            return
        assert time.monotonic() < deadline, f"live's background solve did not finish: {job}"
        time.sleep(1)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium without background networking (the network is closed)."""
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _cells(page: Page, label: str) -> list[str]:
    """The cells of the last KPI table row labelled ``label`` on the page."""
    row = page.locator("tr", has_text=label).last
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def test_ask_in_chat_then_find_the_same_kpi_on_the_scenario_page(
    server: Server, browser: Browser
) -> None:
    """Sign in with name + API token, ask the what-if, see the step, the KPI deltas, the
    charts and the link; the linked version page (same session) and the API show the same
    total cost; a button asks the next question. chainlit wrote nothing to the working folder."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        _chat_then_page(server, context.new_page, page)
    except Exception:
        for i, open_page in enumerate(context.pages):
            _shot(open_page, f"failure-{i}")
        raise
    finally:
        context.close()
    assert not (server.cwd / ".chainlit").exists() and not (server.cwd / ".files").exists()


def _chat_then_page(server: Server, new_page: Callable[[], Page], page: Page) -> None:
    """The browser steps of the test above."""
    page.goto(f"{server.url}/chat")
    page.wait_for_selector("#email", timeout=60_000)
    _shot(page, "01-login")
    page.fill("#email", server.user)
    page.fill("#password", "lw_wrong-token")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Unable to sign in", timeout=15_000)
    connected: list[bool] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda frame: connected.append(True)),
    )
    page.fill("#password", server.token)
    page.click("button[type=submit]")
    page.wait_for_selector("#chat-input", timeout=60_000)
    for _ in range(300):  # the chat's socket must be up before a question can be sent
        if connected:
            break
        page.wait_for_timeout(100)
    assert connected, "the chat's websocket did not connect"
    _shot(page, "02-signed-in")

    page.fill("#chat-input", QUESTION)
    page.locator("#chat-submit:enabled").click()
    page.wait_for_selector("text=Trade-off", timeout=120_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.get_by_text("what_if").first.wait_for(timeout=10_000)  # the tool step
    page.wait_for_timeout(1500)  # let the charts draw
    page.locator("tr", has_text="Total cost / week").last.scroll_into_view_if_needed()
    _shot(page, "03-answer-kpis")
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    _shot(page, "04-answer-charts")

    cost = _cells(page, "Total cost / week")
    assert len(cost) == 5, cost  # KPI, before, after, change, vs live
    before, after, change = cost[1], cost[2], cost[3]
    assert re.fullmatch(r"€[\d,]+", before) and re.fullmatch(r"€[\d,]+", after), cost
    assert re.match(r"[+−]€[\d,]+ \([+-]\d+\.\d%\)|=", change), cost
    links = page.locator("a[href*='/scenarios/']").evaluate_all("els => els.map(e => e.href)")
    version_links = [h for h in links if re.search(r"/scenarios/\d+/versions/2$", h)]
    assert version_links, links
    href = version_links[-1]
    assert href.startswith(server.url)
    scenario_id = int(href.split("/")[-3])
    assert page.locator(".js-plotly-plot").count() >= 2  # KPI bars, map (and imbalance)

    api = httpx.get(
        f"{server.url}/api/v1/scenarios/{scenario_id}/versions/2/result",
        headers={"Authorization": f"Bearer {server.token}"},
        timeout=30,
    )
    assert api.status_code == 200, api.text
    assert after == f"€{api.json()['kpis']['total_cost_eur']:,.0f}"

    page.locator("button", has_text="Compare with live").last.click()
    page.wait_for_selector("text=against", timeout=120_000)
    page.wait_for_timeout(1000)
    _shot(page, "05-compare-button")
    compared = _cells(page, "Total cost / week")
    assert compared[1:3] == [before, after], compared

    version = new_page()
    version.goto(href)
    assert re.search(r"/scenarios/\d+/versions/2$", version.url), version.url  # no login
    row = version.locator('tr[data-kpi="Total cost / week"]')
    row.wait_for(timeout=30_000)
    assert row.locator("td.value").inner_text().strip() == after
    assert change.rstrip(" ✓✗") in row.inner_text()
    _shot(version, "06-version-page")
