"""Answers as Slack Block Kit: the edits, a KPI table with deltas, the violations, the rest
of the answer in Slack's mrkdwn, and a button that opens the scenario version.

Slack's mrkdwn is not Markdown (``*bold*``, ``<url|text>``, no tables), so paragraphs are
converted; tables become a native ``table`` block (one per message, as Slack allows) or,
beyond the first, monospace text.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.bots import ChatAnswer, Layout, TableData

__all__ = ["alert_blocks", "answer_blocks", "fallback_text", "plain_blocks", "to_mrkdwn"]

SECTION_LIMIT = 3000
HEADER_LIMIT = 150
MAX_BLOCKS = 50
OPEN_ACTION_ID = "open_version"

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+(.+)$", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[-*]\s+", re.MULTILINE)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(markdown: str) -> str:
    """Markdown (as the answers are written) in Slack's mrkdwn.

    >>> to_mrkdwn("**Changed:** [v2](https://x.test/s/1) for A&B\\n- one")
    '*Changed:* <https://x.test/s/1|v2> for A&amp;B\\n• one'
    """
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(markdown):
        out.append(_inline(markdown[pos : m.start()]))
        out.append(f"<{m.group(2)}|{_escape(m.group(1)).replace('|', '¦')}>")
        pos = m.end()
    out.append(_inline(markdown[pos:]))
    return "".join(out)


def _inline(text: str) -> str:
    text = _escape(text)
    text = _HEADING.sub(lambda m: f"**{m.group(1)}**", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    return _BOLD.sub(lambda m: f"*{m.group(1)}*", text)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(mrkdwn: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(mrkdwn, SECTION_LIMIT)}}


def _table_block(table: TableData) -> dict[str, Any]:
    def cell(text: str) -> dict[str, Any]:
        return {"type": "raw_text", "text": text or " "}

    return {
        "type": "table",
        "column_settings": [{"align": a, "is_wrapped": True} for a in table.align],
        "rows": [[cell(h) for h in table.header]] + [[cell(c) for c in r] for r in table.rows],
    }


def _monospace(table: TableData) -> dict[str, Any]:
    grid = [table.header, *table.rows]
    widths = [max(len(row[i]) for row in grid) for i in range(len(table.header))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if a == "right" else c.ljust(w)
            for c, w, a in zip(row, widths, table.align, strict=True)
        ).rstrip()

    text = "\n".join(line(r) for r in grid)
    return _section("```" + _escape(text) + "```")


def answer_blocks(layout: Layout, *, user: str | None = None) -> list[dict[str, Any]]:
    """The Block Kit blocks of an answer (at most 50, Slack's limit per message)."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _clip(layout.question, HEADER_LIMIT)},
        }
    ]
    if layout.error:
        blocks.append(_section(":warning: " + to_mrkdwn(layout.error)))
    table_used = False
    if layout.edits:
        lines = "\n".join(f"• {to_mrkdwn(e)}" for e in layout.edits)
        blocks.append(_section(f"*Changed:*\n{lines}"))
    if layout.kpis is not None:
        blocks.append(_table_block(layout.kpis))
        table_used = True
    if layout.evaluated:
        if layout.violations:
            lines = "\n".join(to_mrkdwn(v) for v in layout.violations)
            more = f"\n… and {layout.more_violations} more" if layout.more_violations else ""
            blocks.append(_section(f"*Violations after re-planning:*\n{lines}{more}"))
        else:
            blocks.append(_section("*Violations after re-planning:* none"))
    for part in layout.blocks:
        if isinstance(part, TableData):
            blocks.append(_monospace(part) if table_used else _table_block(part))
            table_used = True
        else:
            blocks.append(_section(to_mrkdwn(part)))
    tail: list[dict[str, Any]] = []
    if layout.url:
        label = f"Open version {layout.version}" if layout.version else "Open scenario"
        tail.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": OPEN_ACTION_ID,
                        "text": {"type": "plain_text", "text": label},
                        "url": layout.url,
                        "style": "primary",
                    }
                ],
            }
        )
    who = f" · as {_escape(user)}" if user else ""
    tail.append(
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": f"Conversation `{layout.conversation_id}`{who}"}
            ],
        }
    )
    room = MAX_BLOCKS - len(tail)
    if len(blocks) > room:
        blocks = [*blocks[: room - 1], _section("_… the rest is on the version page._")]
    return blocks + tail


def plain_blocks(answer: ChatAnswer) -> list[dict[str, Any]]:
    """A refusal, help or failure text as one section."""
    icon = {"refusal": ":lock: ", "failure": ":warning: "}.get(answer.kind, "")
    return [_section(icon + to_mrkdwn(answer.text))]


def fallback_text(answer: ChatAnswer, *, limit: int = 300) -> str:
    """The notification text of a message (shown where blocks are not)."""
    text = re.sub(r"\s+", " ", answer.text.replace("**", "")).strip()
    return _clip(text, limit)


def alert_blocks(
    title: str, message: str, *, fix_url: str | None, alerts_url: str
) -> list[dict[str, Any]]:
    """A watcher alert: what is wrong, and buttons to the prepared fix and the alert list."""
    buttons: list[dict[str, Any]] = []
    if fix_url:
        buttons.append(
            {
                "type": "button",
                "action_id": OPEN_ACTION_ID,
                "text": {"type": "plain_text", "text": "Open the prepared fix"},
                "url": fix_url,
                "style": "primary",
            }
        )
    buttons.append(
        {
            "type": "button",
            "action_id": f"{OPEN_ACTION_ID}_alerts",
            "text": {"type": "plain_text", "text": "Alerts (acknowledge)"},
            "url": alerts_url,
        }
    )
    return [
        {"type": "header", "text": {"type": "plain_text", "text": _clip(title, HEADER_LIMIT)}},
        _section(_escape(_clip(message, SECTION_LIMIT))),
        {"type": "actions", "elements": buttons},
    ]
