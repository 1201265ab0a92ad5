"""Answers as Adaptive Cards (schema 1.5, as Teams renders them): the edits, a KPI table
with deltas (improvements green, regressions red), the violations, the rest of the answer,
and a button that opens the scenario version.

Adaptive Card text blocks understand a subset of Markdown (bold, italic, lists, links),
which is how the answers are written; tables become native ``Table`` elements.
"""

from __future__ import annotations

from typing import Any

from assistant.answers import SOFT_MARK
from assistant.bots import Layout, TableData

__all__ = ["ADAPTIVE_CARD", "alert_card", "answer_card"]

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _table(table: TableData) -> dict[str, Any]:
    align = {"left": "Left", "right": "Right", "center": "Center"}

    def cell(text: str, *, bold: bool = False, color: str | None = None) -> dict[str, Any]:
        style: dict[str, Any] = {"weight": "Bolder"} if bold else {}
        if color:
            style["color"] = color
        return {"type": "TableCell", "items": [_text(text or " ", **style)]}

    rows = [{"type": "TableRow", "cells": [cell(h, bold=True) for h in table.header]}]
    for i, row in enumerate(table.rows):
        good = table.good[i] if i < len(table.good) else None
        color = None if good is None else ("Good" if good else "Attention")
        cells = [cell(c, color=color if j == 3 else None) for j, c in enumerate(row)]
        rows.append({"type": "TableRow", "cells": cells})
    return {
        "type": "Table",
        "firstRowAsHeaders": True,
        "showGridLines": True,
        "gridStyle": "accent",
        "columns": [
            {"width": 3 if j == 0 else 2, "horizontalCellContentAlignment": align[a]}
            for j, a in enumerate(table.align)
        ],
        "rows": rows,
    }


def _card(body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "body": body,
        "msteams": {"width": "Full"},
    }
    if actions:
        card["actions"] = actions
    return card


def answer_card(layout: Layout, *, user: str | None = None) -> dict[str, Any]:
    """The Adaptive Card of an answer."""
    body: list[dict[str, Any]] = [_text(layout.question, size="Medium", weight="Bolder")]
    if layout.error:
        body.append(_text(f"{SOFT_MARK} {layout.error}", color="Attention"))
    if layout.edits:
        body.append(_text("**Changed:**\n" + "\n".join(f"- {e}" for e in layout.edits)))
    if layout.kpis is not None:
        body.append(_table(layout.kpis))
    if layout.evaluated:
        if layout.violations:
            more = f"\n- … and {layout.more_violations} more" if layout.more_violations else ""
            lines = "\n".join(f"- {v}" for v in layout.violations)
            body.append(_text(f"**Violations after re-planning:**\n{lines}{more}"))
        else:
            body.append(_text("**Violations after re-planning:** none"))
    for part in layout.blocks:
        body.append(_table(part) if isinstance(part, TableData) else _text(part))
    who = f" · as {user}" if user else ""
    body.append(
        _text(
            f"Conversation {layout.conversation_id}{who}",
            isSubtle=True,
            size="Small",
            spacing="Medium",
        )
    )
    actions = []
    if layout.url:
        label = f"Open version {layout.version}" if layout.version else "Open scenario"
        actions.append({"type": "Action.OpenUrl", "title": label, "url": layout.url})
    return _card(body, actions)


def alert_card(title: str, message: str, *, fix_url: str | None, alerts_url: str) -> dict[str, Any]:
    """A watcher alert as a card: what is wrong, and buttons to the prepared fix and the list."""
    actions = []
    if fix_url:
        actions.append({"type": "Action.OpenUrl", "title": "Open the prepared fix", "url": fix_url})
    actions.append({"type": "Action.OpenUrl", "title": "Alerts (acknowledge)", "url": alerts_url})
    body = [_text(title, weight="Bolder", size="Medium", color="Attention"), _text(message)]
    return _card(body, actions)
