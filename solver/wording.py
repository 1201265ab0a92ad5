"""How answers list things in words: 'Paris, Lyon and Nantes', 'A, B or 3 more'.

One helper for every answer and edit description that names several things, whichever
channel shows it.

>>> join_words(["Paris", "Lyon", "Nantes"])
'Paris, Lyon and Nantes'
>>> join_words(["Paris", "Lyon"], last="or")
'Paris or Lyon'
>>> join_words(["A", "B", "C", "D"], limit=2)
'A, B and 2 more'
>>> join_words([])
''
"""

from __future__ import annotations

from collections.abc import Sequence


def join_words(items: Sequence[str], *, last: str = "and", limit: int | None = None) -> str:
    """``items`` as a list in words, the last joined by ``last`` ('and', 'or'); beyond
    ``limit`` items, the first ``limit`` and how many more."""
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + f" {last} {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
