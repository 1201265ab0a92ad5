"""What the Slack and Teams adapters share: who is asking, which conversation a chat
thread continues, the answer, and the answer's parts laid out for cards.

A chat user acts as the Lanewise user an admin linked to their chat id; anyone else gets
a polite refusal and nothing is done. Each participant of a chat thread has their own
conversation in it (conversations are private to their owner), resumed from the
``chat_thread`` table in any process. The question is answered through the same
:func:`assistant.conversation.ask` as every other channel, in a worker thread so the web
server keeps answering while the network is re-planned.

Guards that must hold with several server processes live in the database: one question
at a time per participant and thread is a claim on the thread (renewed while the answer
is worked on, so a server that dies frees it within a minute), and the channels take
each delivery of a chat platform once (:func:`first_delivery`).

Privacy: an answer posted where others read it (a channel, a group chat) links a
scenario everyone there must be able to open, so its scenario is shared with the team
(its owner can unshare it); questions asked in a one-to-one chat with the bot keep their
scenario private. Messages with control characters (NUL, escapes) are refused with the
reason and nothing is stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal
from weakref import WeakValueDictionary

from pydantic import BaseModel, TypeAdapter, ValidationError

from assistant.answers import fmt_delta, fmt_value, verdict_mark, violation_mark
from assistant.config import AssistantSettings
from assistant.conversation import AskResult, ask, new_deps
from tools import (
    ChatProvider,
    Database,
    FreeText,
    SolveSettings,
    ToolError,
    UserRef,
    get_scenario,
    hold_key,
    release_key,
    remember_thread,
    renew_key,
    share,
    thread_conversation,
    user_for_identity,
)

__all__ = [
    "ChatAnswer",
    "ChatQuestion",
    "Layout",
    "TableData",
    "answer_chat",
    "chat_text_problem",
    "claim_key",
    "help_text",
    "layout",
    "refusal_text",
]

log = logging.getLogger(__name__)

PROVIDER_NAMES: dict[str, str] = {"slack": "Slack", "teams": "Microsoft Teams"}

Asker = Callable[..., Coroutine[Any, Any, AskResult]]
"""The signature of :func:`assistant.conversation.ask` (replaceable in tests)."""


@dataclass(frozen=True)
class ChatQuestion:
    """One message to the bot: who sent it, in which thread, what it says, and whether
    others read the answer (a channel or group chat, not a one-to-one chat with the bot)."""

    provider: ChatProvider
    external_id: str
    thread_key: str
    text: str
    shared_channel: bool = False


@dataclass
class ChatAnswer:
    """What to post back: an answer, or a refusal / help / failure text (never both)."""

    kind: Literal["answer", "refusal", "help", "failure"]
    text: str
    result: AskResult | None = None
    user: str | None = None


class BackgroundAnswers:
    """Answers worked on after the chat platform was acknowledged; drained at shutdown."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` in the background, keeping a reference until it is done."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def busy(self) -> int:
        """How many answers are being worked on."""
        return len(self._tasks)

    async def drain(self) -> None:
        """Wait for the answers still being worked on."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def refusal_text(provider: str, external_id: str) -> str:
    """The polite refusal for a chat user who is not linked to a Lanewise user."""
    command = f"lanewise user link-{provider} <your Lanewise user> {external_id}"
    return (
        f"Sorry, your {PROVIDER_NAMES.get(provider, provider)} account is not linked to a "
        "Lanewise user yet, so I can't act for you and did nothing. Please ask a Lanewise "
        f"admin to run `{command}`."
    )


def help_text() -> str:
    """What to ask, when the message had no question in it."""
    return (
        "Ask me a what-if question about the network, for example “what if volumes rise 20% "
        "in the north?” or “close Lyon on Monday”. I change a copy of the network (never "
        "live), re-plan it and show the cost, service and capacity impact. Reply in the "
        "thread to adjust the same scenario."
    )


TURN_CLAIM_S = 60.0
"""A thread's claim lives this long unless renewed (how soon a dead server frees it)."""
TURN_RENEW_S = 15.0
"""The holder of a thread's claim renews it this often while the answer is worked on."""
TURN_POLL_S = 0.25
"""How often a question waiting for its thread looks again."""

SHARED_NOTE = (
    "_Shared with the team: this was asked where others read the answer, so everyone "
    "here who uses Lanewise can open the link. Ask me in a direct message to keep a "
    "scenario private; its owner can unshare it._"
)
_TEXT = TypeAdapter(FreeText)


class ThreadBusy(Exception):
    """Another question of the same participant in the same thread is still answered."""


def claim_key(kind: str, *parts: str) -> str:
    """A claim key of bounded length for ``kind`` and any parts (e.g. a thread key)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{kind}:{digest}"


def chat_text_problem(text: str) -> str | None:
    """Why a chat message cannot be taken (control characters), or None if it can."""
    try:
        _TEXT.validate_python(text)
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        if reason.startswith("must not contain "):
            reason = "it contains " + reason.removeprefix("must not contain ")
        return f"I couldn't take that message: {reason}"
    return None


_locks: WeakValueDictionary[tuple[int, str, str, str], asyncio.Lock] = WeakValueDictionary()


def _lock_for(question: ChatQuestion) -> asyncio.Lock:
    """This event loop's queue for a participant's thread (keeps their questions in order)."""
    loop = id(asyncio.get_running_loop())
    key = (loop, question.provider, question.thread_key, question.external_id)
    lock = _locks.get(key)
    if lock is None:
        lock = asyncio.Lock()
        _locks[key] = lock
    return lock


async def _keep_claim(db: Database, key: str, owner: str) -> None:
    while True:
        await asyncio.sleep(TURN_RENEW_S)
        try:
            if not await asyncio.to_thread(renew_key, db, key, owner, ttl_s=TURN_CLAIM_S):
                log.error("lost the claim on a chat thread while answering in it")
                return
        except Exception:  # a busy database: try again at the next renewal
            log.exception("renewing the claim on a chat thread failed")


@asynccontextmanager
async def one_at_a_time(
    db: Database, question: ChatQuestion, *, wait_s: float
) -> AsyncIterator[None]:
    """Hold the participant's thread while answering, in every server process.

    In this process, questions queue in order; across processes, the thread's claim in
    the database admits one at a time. Raises :class:`ThreadBusy` after ``wait_s`` seconds.
    """
    key = claim_key("turn", question.provider, question.thread_key, question.external_id)
    owner = uuid.uuid4().hex
    deadline = time.monotonic() + wait_s
    async with _lock_for(question):
        while not await asyncio.to_thread(hold_key, db, key, owner, ttl_s=TURN_CLAIM_S):
            if time.monotonic() > deadline:
                raise ThreadBusy(key)
            await asyncio.sleep(TURN_POLL_S)
        keeper = asyncio.get_running_loop().create_task(_keep_claim(db, key, owner))
        try:
            yield
        finally:
            keeper.cancel()
            await asyncio.to_thread(release_key, db, key, owner)


def _share_for_channel(db: Database, actor: UserRef, result: AskResult) -> str | None:
    """Share the linked scenario of an answer posted where others read it; the note to add."""
    if result.scenario_id is None or result.url is None:
        return None
    scenario = get_scenario(db, actor, result.scenario_id)
    if scenario.shared or scenario.protected:
        return None
    if scenario.owner_id != actor.id:
        return (
            f"_The linked scenario is {scenario.owner}'s private scenario: only they (and "
            "admins) can open it._"
        )
    share(db, actor, scenario.id)
    return SHARED_NOTE


def _answer_in_thread(
    db: Database,
    settings: AssistantSettings,
    question: ChatQuestion,
    solve_settings: SolveSettings | None,
    asker: Asker,
) -> ChatAnswer:
    actor = user_for_identity(db, question.provider, question.external_id)
    if actor is None:
        return ChatAnswer("refusal", refusal_text(question.provider, question.external_id))
    conversation_id = thread_conversation(db, actor, question.provider, question.thread_key)
    deps = new_deps(db, actor, settings=settings, solve_settings=solve_settings)
    result = asyncio.run(
        asker(question.text, deps=deps, conversation_id=conversation_id, settings=settings)
    )
    remember_thread(db, actor, question.provider, question.thread_key, result.conversation_id)
    note = _share_for_channel(db, actor, result) if question.shared_channel else None
    if note is not None:
        result = result.model_copy(update={"answer": f"{result.answer}\n\n{note}"})
    return ChatAnswer("answer", result.answer, result=result, user=actor.name)


async def answer_chat(
    db: Database,
    settings: AssistantSettings,
    question: ChatQuestion,
    *,
    solve_settings: SolveSettings | None = None,
    asker: Asker = ask,
) -> ChatAnswer:
    """Answer a chat message as the linked user, in the thread's conversation.

    Unknown chat users get a refusal and nothing is stored; an empty message gets the help
    text; a message with control characters is refused with the reason. Failures become a
    ``failure`` answer with the reason, so the chat always hears back.
    """
    if not question.text.strip():
        return ChatAnswer("help", help_text())
    problem = chat_text_problem(question.text)
    if problem is not None:
        return ChatAnswer("failure", f"{problem}. Please send it again as plain text.")
    wait_s = settings.solve_time_limit_s * 2 + 120
    try:
        async with one_at_a_time(db, question, wait_s=wait_s):
            return await asyncio.to_thread(
                _answer_in_thread, db, settings, question, solve_settings, asker
            )
    except ThreadBusy:
        return ChatAnswer(
            "failure",
            "I'm still answering your previous question in this thread; ask again once its "
            "answer is here.",
        )
    except ToolError as exc:
        return ChatAnswer("failure", f"I couldn't do that: {exc}")
    except Exception as exc:
        log.exception("answering a %s message failed", question.provider)
        return ChatAnswer(
            "failure",
            f"Something went wrong while answering ({type(exc).__name__}); the error "
            "was logged for the Lanewise administrators.",
        )


# ------------------------------------------------------------------- layout


Align = Literal["left", "right", "center"]


class TableData(BaseModel):
    """A table: header, rows of text cells, and each column's alignment."""

    header: list[str]
    rows: list[list[str]]
    align: list[Align]
    good: list[bool | None] = []


class Layout(BaseModel):
    """An answer's parts in the order the cards show them.

    ``blocks`` holds the rest of the answer as Markdown paragraphs and tables, without
    the parts that have their own place (edits, KPI table, violations, version link).
    """

    question: str
    evaluated: bool
    edits: list[str]
    kpis: TableData | None
    violations: list[str]
    more_violations: int
    blocks: list[str | TableData]
    url: str | None
    version: int | None
    error: str | None
    conversation_id: str


_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_COVERED = ("**Changed:**", "**Violations", "Version:")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_table(paragraph: str) -> TableData | None:
    """A Markdown table paragraph as :class:`TableData` (None if it is not one)."""
    lines = [ln for ln in paragraph.strip().splitlines() if ln.strip()]
    if len(lines) < 2 or not all(ln.lstrip().startswith("|") for ln in lines):
        return None
    if not _SEPARATOR.match(lines[1].strip()):
        return None
    header = _cells(lines[0])
    align: list[Align] = []
    for spec in _cells(lines[1]):
        if spec.startswith(":") and spec.endswith(":"):
            align.append("center")
        elif spec.endswith(":"):
            align.append("right")
        else:
            align.append("left")
    rows = [_cells(ln) for ln in lines[2:]]
    width = len(header)
    align = (align + ["left"] * width)[:width]
    rows = [(r + [""] * width)[:width] for r in rows]
    return TableData(header=header, rows=rows, align=align)


def _kpi_table(result: AskResult) -> TableData | None:
    if not result.kpis:
        return None
    live = {c.key: c for c in result.kpis_vs_live}
    header = ["KPI", "before", "after", "change"] + (["vs live"] if live else [])
    rows: list[list[str]] = []
    good: list[bool | None] = []
    for c in result.kpis:
        row = [c.label, fmt_value(c.before, c.unit), fmt_value(c.after, c.unit)]
        row.append(fmt_delta(c) + verdict_mark(c))
        if live:
            row.append(fmt_delta(live[c.key]) if c.key in live else "–")
        rows.append(row)
        good.append(c.better)
    right: Align = "right"
    align: list[Align] = ["left", *([right] * (len(header) - 1))]
    return TableData(header=header, rows=rows, align=align, good=good)


def layout(question: str, result: AskResult, *, violation_limit: int = 6) -> Layout:
    """Split an answer into the parts the Slack blocks and the Teams card show.

    When the answer changed or evaluated something, the edits, KPIs and violations come
    from the structured result, and the Markdown paragraphs repeating them are left out.
    """
    structured = bool(result.kpis or result.edits)
    blocks: list[str | TableData] = []
    for paragraph in re.split(r"\n\s*\n", result.answer.strip()):
        if not paragraph.strip():
            continue
        table = parse_table(paragraph)
        if structured and (table is not None or paragraph.lstrip().startswith(_COVERED)):
            continue
        blocks.append(table if table is not None else paragraph.strip())
    ordered = sorted(result.violations, key=lambda v: not v.hard)
    violations = [f"{violation_mark(v.hard)} {v.message}" for v in ordered[:violation_limit]]
    return Layout(
        question=question,
        evaluated=structured,
        edits=list(result.edits),
        kpis=_kpi_table(result),
        violations=violations,
        more_violations=max(0, len(ordered) - violation_limit),
        blocks=blocks,
        url=result.url,
        version=result.version,
        error=result.error,
        conversation_id=result.conversation_id,
    )
