"""The network's names closest to a word that does not resolve ("Did you mean north?").

Used wherever a name from the planner or the model fails to resolve: the ``clarify`` tool
and the what-if scope check answer with the closest hubs, regions or customers of the
current network, never with a guess that changes data.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Literal

from assistant.interpreter.vocabulary import DAY_NAMES, normalise
from tools import NetworkNames
from tools.wording import join_words

NameKind = Literal["hub", "region", "customer"]

_CUTOFF = 0.6
"""Least similarity (0–1) of a suggestion: 'nroth'→'north' is 0.8, 'Atlantis'→any is < 0.5."""

_MARGIN = 0.1
"""Suggestions within this much of the best one are offered too ('nroth' offers north, not
south at 0.6)."""


def resolves(word: str, kind: NameKind, names: NetworkNames) -> bool:
    """Whether ``word`` names a ``kind`` of the network the way edits resolve names: a hub by
    id or name, a region or a customer by name, ignoring case."""
    key = word.strip().lower()
    if kind == "hub":
        return any(key in (h.id.lower(), h.name.lower()) for h in names.hubs)
    if kind == "region":
        return key in {r.lower() for r in names.regions}
    return key in {c.lower() for c in names.customers}


def _pool(kind: NameKind | None, names: NetworkNames) -> dict[str, str]:
    """Normalised spellings of the names of one kind (all kinds and the days of the week when
    ``kind`` is None), each with the label shown to people."""
    pool: dict[str, str] = {}
    if kind in (None, "hub"):
        pool.update({normalise(h.name): f"{h.name} ({h.id})" for h in names.hubs})
        pool.update({h.id.lower(): f"{h.name} ({h.id})" for h in names.hubs})
    if kind in (None, "region"):
        pool.update({normalise(r): r for r in names.regions})
    if kind in (None, "customer"):
        pool.update({normalise(c): c for c in names.customers})
    if kind is None:
        pool.update({d.lower(): d for d in DAY_NAMES})
    return pool


def closest(
    word: str, names: NetworkNames, kind: NameKind | None = None, limit: int = 3
) -> list[str]:
    """Labels of the names closest to ``word``, best first: of one ``kind``, or of any kind
    (days of the week included) when no kind is given."""
    needle = normalise(word)
    if not needle:
        return []
    scores: dict[str, float] = {}
    for alias, label in _pool(kind, names).items():
        score = SequenceMatcher(None, needle, alias).ratio()
        scores[label] = max(score, scores.get(label, 0.0))
    ranked = sorted(scores.items(), key=lambda pair: -pair[1])
    if not ranked or ranked[0][1] < _CUTOFF:
        return []
    best = ranked[0][1]
    return [label for label, score in ranked if score >= max(_CUTOFF, best - _MARGIN)][:limit]


def did_you_mean(word: str, names: NetworkNames, kind: NameKind | None = None) -> str:
    """One sentence for a name that does not resolve: the closest names, or what exists."""
    what = f"{kind}" if kind else "hub, region, customer or day"
    close = closest(word, names, kind)
    if close:
        did = join_words(close, last="or")
        return f"“{word}” is not a {what} of this network. Did you mean {did}?"
    known = (
        f" The regions are {', '.join(names.regions)}."
        if kind in (None, "region") and names.regions
        else ""
    )
    return f"“{word}” is not a {what} of this network.{known}"
