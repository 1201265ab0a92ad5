"""The chat UI in a real browser: ``lanewise serve`` on a free port, headless Chromium.

A planner's whole path: sign in to the chat, ask "what if volumes rise 20% in the north?",
watch the live progress element while the solve runs and the answer replace it (KPI
deltas, charts, version link), open that scenario page and find the same total cost there
(and in the API); then two more what-ifs in new chats (a closure, a driver cut), "compare
my last three scenarios", the scorecard page it links to, and its XLSX, whose KPIs are the
API's. A screenshot of each step is kept in ``test-artifacts/chat-browser/``. Uses
Debian's Chromium (``apt-get install -y chromium``) driven by Playwright's Python API; no
browser is downloaded.
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
from openpyxl import load_workbook
from playwright._impl._api_structures import Clip
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from assistant.chat.render import STOP_HINT

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
"""The checkout under test: the server runs its code, whatever is installed."""
ARTIFACTS = REPO / "test-artifacts" / "chat-browser"
QUESTION = "what if volumes rise 20% in the north?"
MORE_QUESTIONS = ("close Lyon on Monday", "cut drivers in the east by 15%")
"""The other two what-ifs, each in a new chat (so each makes a scenario of its own)."""
SCORECARD_QUESTION = "compare my last three scenarios"
PROGRESS = "Best plan so far"
"""A line only the live progress element shows."""
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


def _shot_pages(page: Page, name: str) -> None:
    """A long page as screen-high pieces, top to bottom (``name-1.png``, ``name-2.png``, …),
    each readable at the size a person looks at it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    assert viewport is not None
    width, height = viewport["width"], viewport["height"]
    total = int(page.evaluate("document.documentElement.scrollHeight"))
    for i, top in enumerate(range(0, total, height), 1):
        clip = Clip(x=0, y=top, width=width, height=min(height, total - top))
        page.screenshot(path=str(ARTIFACTS / f"{name}-{i}.png"), full_page=True, clip=clip)


def _cells(page: Page, label: str) -> list[str]:
    """The cells of the last KPI table row labelled ``label`` on the page."""
    row = page.locator("tr", has_text=label).last
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def _api(server: Server, path: str, **params: str) -> httpx.Response:
    response = httpx.get(
        f"{server.url}{path}",
        params=params,
        headers={"Authorization": f"Bearer {server.token}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response


def test_ask_watch_progress_compare_three_scenarios_and_export_the_scorecard(
    server: Server, browser: Browser
) -> None:
    """Sign in with name + API token; ask the what-if and see the progress element (saying
    how to stop) while it solves, then the tool step and the answer in its place with KPI
    deltas, charts and the link; the linked version page (same session) and the API show
    the same total cost; two more what-ifs in new chats; the chat's scorecard of the three
    scenarios against live, its page, and the page's XLSX with the API's KPIs. chainlit
    wrote nothing to the working folder."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    try:
        _chat_then_page(server, context.new_page, page)
        _three_scenarios_side_by_side(server, context.new_page, page)
    except Exception as exc:
        for i, open_page in enumerate(context.pages):
            _shot(open_page, f"failure-{i}")
        screen = page.locator("body").inner_text()[-3000:]
        raise AssertionError(f"{exc}\n--- the chat's screen at the failure ---\n{screen}") from exc
    finally:
        context.close()
    assert not (server.cwd / ".chainlit").exists() and not (server.cwd / ".files").exists()


def _sign_in(server: Server, page: Page) -> None:
    """The chat's sign-in page: no error before an attempt, one after a wrong token, then in."""
    page.goto(f"{server.url}/chat")
    page.wait_for_selector("#email", timeout=60_000)
    assert page.get_by_text("Unable to sign in").count() == 0
    _shot(page, "01-login")
    page.fill("#email", server.user)
    page.fill("#password", "lw_wrong-token")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Unable to sign in", timeout=15_000)
    page.fill("#password", server.token)
    sockets = _socket_frames(page)
    page.click("button[type=submit]")
    _wait_until_connected(page, sockets)
    _shot(page, "02-signed-in")


def _socket_frames(page: Page) -> list[str]:
    """The URLs of the page's websockets, one per frame received from now on; watched before
    the click that opens a chat, since a socket opened before its listener is never seen
    (a new chat's socket connected before it and the wait below failed)."""
    sockets: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: sockets.append(ws.url)))
    return sockets


def _wait_until_connected(page: Page, sockets: list[str]) -> None:
    """Wait for the message box and a chat socket that received something since ``sockets``
    was watched: a question sent before that is lost."""
    page.wait_for_selector("#chat-input", timeout=60_000)
    page.get_by_text("My scenarios").first.wait_for(timeout=60_000)  # the starters came
    for _ in range(300):
        if sockets:
            break
        page.wait_for_timeout(100)
    assert sockets, "the chat's websocket did not connect"


def _ask(page: Page, question: str) -> None:
    page.fill("#chat-input", question)
    page.locator("#chat-submit:enabled").click()


def _ask_and_see_it_start(page: Page, question: str) -> None:
    """Send a question that takes seconds to answer (a solve) and wait until the server has
    started on it: chainlit shows its stop button on the server's ``task_start``.

    A question sent in the moment chainlit swaps the socket of a new chat can be dropped
    by chainlit's client without a trace; it is sent once more then, as a planner would
    after seeing nothing happen, and a second silence fails the test.
    """
    for attempt in range(2):
        _ask(page, question)
        try:
            page.locator("#stop-button").wait_for(timeout=30_000)
            return
        except PlaywrightTimeoutError:
            if attempt:
                raise


def _new_chat(page: Page) -> None:
    """chainlit's New chat button, confirmed: a new conversation, so a new scenario."""
    page.click("#new-chat-button")
    sockets = _socket_frames(page)
    page.locator("#new-chat-dialog #confirm").click()
    page.get_by_text("Trade-off").first.wait_for(state="detached", timeout=15_000)
    _wait_until_connected(page, sockets)


def _scroll_to(found: Locator) -> None:
    """Scroll the first element ``found`` into view; the progress element is drawn anew at
    each report of the solve, so one it found may be gone by the time it scrolls: find it
    again (three tries; the screenshot after it is only a picture)."""
    for attempt in range(3):
        try:
            found.first.scroll_into_view_if_needed(timeout=5_000)
            return
        except PlaywrightError:
            if attempt == 2:
                return


def _what_if(
    page: Page, question: str, *, shot: str | None = None, watch_progress: bool = True
) -> None:
    """Ask a what-if: the progress element shows while it solves and the answer replaces it.

    ``watch_progress=False`` waits for the answer alone: a question the contingency playbook
    has already solved (it refreshes in the background) is answered with no solve to watch.
    """
    _ask_and_see_it_start(page, question)
    if watch_progress:
        progress = page.get_by_text(PROGRESS).first
        progress.wait_for(timeout=60_000)
        assert page.get_by_text(STOP_HINT).last.is_visible()
        assert page.locator("#stop-button").count()
        if shot is not None:
            _scroll_to(page.get_by_text(PROGRESS))
            _shot(page, shot)
    page.wait_for_selector("text=Trade-off", timeout=180_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert page.get_by_text(PROGRESS).count() == 0, "the progress element outlived the answer"


def _chat_then_page(server: Server, new_page: Callable[[], Page], page: Page) -> None:
    """Sign in, the first what-if with its progress, answer, comparison and version page."""
    _sign_in(server, page)
    _what_if(page, QUESTION, shot="03-progress")
    step = page.get_by_text("Used what_if").first
    step.wait_for(timeout=10_000)
    answer = page.get_by_text("Trade-off").first.bounding_box()
    step_box = step.bounding_box()
    assert answer is not None and step_box is not None
    assert step_box["y"] < answer["y"], "the tool step is shown below its answer"
    step.click()  # open it: the inputs in words and the time, not JSON nor the answer again
    opened = page.get_by_text("origin regions north").first
    opened.wait_for(timeout=10_000)
    page.get_by_text("Used what_if").first.scroll_into_view_if_needed()
    _shot(page, "04-step-opened")
    step_text = page.get_by_text("Done in").first.inner_text()
    assert "the answer below has the result" in step_text, step_text
    step.click()
    page.wait_for_timeout(1500)  # let the charts draw
    for i, chart in enumerate(page.locator(".js-plotly-plot").all(), 1):
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=str(ARTIFACTS / f"05-answer-chart-{i}.png"))
    page.locator("tr", has_text="Total cost / week").last.scroll_into_view_if_needed()
    _shot(page, "05-answer-kpis")
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    _shot(page, "05-answer-charts")  # and each chart whole, above

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

    api = _api(server, f"/api/v1/scenarios/{scenario_id}/versions/2/result")
    assert after == f"€{api.json()['kpis']['total_cost_eur']:,.0f}"

    page.locator("button", has_text="Compare with live").last.click()
    page.wait_for_selector("text=against", timeout=120_000)
    page.wait_for_timeout(1000)
    _shot(page, "06-compare-button")
    compared = _cells(page, "Total cost / week")
    assert compared[1:3] == [before, after], compared

    version = new_page()
    version.goto(href)
    assert re.search(r"/scenarios/\d+/versions/2$", version.url), version.url  # no login
    row = version.locator('tr[data-kpi="Total cost / week"]')
    row.wait_for(timeout=30_000)
    assert row.locator("td.value").inner_text().strip() == after
    assert change.rstrip(" ✓✗") in row.inner_text()
    version.wait_for_timeout(1000)  # let the charts draw
    _shot_pages(version, "07-version-page")
    version.close()


def _three_scenarios_side_by_side(server: Server, new_page: Callable[[], Page], page: Page) -> None:
    """Two more what-ifs in new chats, the chat's scorecard, its page and its XLSX."""
    for i, question in enumerate(MORE_QUESTIONS):
        _new_chat(page)
        _what_if(page, question, watch_progress=False)
        page.locator("tr", has_text="Total cost / week").last.scroll_into_view_if_needed()
        _shot(page, f"{8 + i:02d}-what-if-{i + 2}")

    _ask(page, SCORECARD_QUESTION)
    page.locator("a[href*='/compare.xlsx?versions=']").last.wait_for(timeout=120_000)
    page.wait_for_timeout(500)  # the streamed text is replaced by the whole answer
    page.get_by_text("versions side by side").last.scroll_into_view_if_needed()
    _shot(page, "10-chat-scorecard")
    links = page.locator("a[href*='/compare?versions=']").evaluate_all(
        "els => els.map(e => e.href)"
    )
    assert links, "the scorecard answer links to no scorecard page"
    href = links[-1]
    versions = href.split("versions=", 1)[1]
    assert len(versions.split(",")) == 4, versions  # live and the three scenarios
    card = _api(server, "/api/v1/compare", versions=versions).json()
    labels = [c["label"] for c in card["columns"]]
    assert labels[0].startswith("live ")
    cost = next(k for k in card["kpis"] if k["key"] == "total_cost_eur")
    chat_cells = _cells(page, "Total cost / week")
    for cell, value in zip(chat_cells[1:], cost["values"], strict=True):
        assert cell.startswith(f"€{value:,.0f}"), (cell, value)

    scorecard = new_page()
    scorecard.goto(href)
    table = scorecard.locator("#scorecard")
    table.wait_for(timeout=30_000)
    heads = [h.strip() for h in table.locator("thead tr").first.locator("th").all_inner_texts()]
    assert heads[1:] == labels, heads
    page_cells = _cells(scorecard, "Total cost / week")
    for cell, value in zip(page_cells[1:], cost["values"], strict=True):
        assert cell.startswith(f"€{value:,.0f}"), (cell, value)
    _shot_pages(scorecard, "11-scorecard-page")
    by_hub = scorecard.locator("#by-hub")
    by_hub.locator("label", has_text="Peak hub use").click()
    shown = by_hub.locator(".panel:visible")
    assert shown.count() == 1 and "Peak hub use" not in shown.inner_text()
    assert re.search(r"\d+\.\d%", shown.inner_text()), shown.inner_text()
    by_hub.scroll_into_view_if_needed()
    _shot(scorecard, "12-scorecard-by-hub-peak-use")

    with scorecard.expect_download() as download:
        scorecard.get_by_text("Download as XLSX").click()
    saved = ARTIFACTS / "13-scorecard.xlsx"
    download.value.save_as(saved)
    scorecard.close()
    sheet = load_workbook(saved, read_only=True)["KPIs"]
    rows = {str(r[0]): list(r[1:]) for r in sheet.iter_rows(values_only=True) if r[0]}
    assert rows["KPI"][: len(labels)] == labels, rows["KPI"]
    for kpi in card["kpis"]:
        got = rows[kpi["label"]]
        assert got[: len(labels)] == pytest.approx(kpi["values"]), kpi["label"]
        assert got[len(labels) :] == pytest.approx(kpi["deltas"][1:]), kpi["label"]
