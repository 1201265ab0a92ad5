"""Fuzzy matching of the names a planner types against the current network's own names.

The interpreter never guesses: a phrase that fits one entity clearly is resolved; one
that fits several equally well becomes a clarifying question listing the candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

EntityKind = Literal["hub", "region", "customer"]

_STOP = frozenset(
    "a an the of in on at to from for out into by and or with what if is are be will volume "
    "volumes demand capacity drivers driver trailers lane lanes hub hubs region rates".split()
)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ß", "ss")


def raw_words(text: str) -> list[str]:
    """The words of ``text`` with their case kept, aligned one-to-one with :func:`normalise`."""
    return re.sub(r"[^A-Za-z0-9]+", " ", _ascii(text)).split()


def normalise(text: str) -> str:
    """Lower-case, strip accents and punctuation: 'Köln' and 'koln' compare equal."""
    return " ".join(raw_words(text)).lower()


@dataclass(frozen=True, slots=True)
class Entity:
    """A nameable thing of the network: a hub (by id and name), a region or a customer."""

    kind: EntityKind
    key: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase of the question resolved to an entity, with where it was found."""

    entity: Entity
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A phrase that fits several entities equally well."""

    phrase: str
    candidates: tuple[Entity, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The names of one network: hubs (id, name, region), regions and customers."""

    entities: tuple[Entity, ...]
    _index: dict[str, list[Entity]] = field(default_factory=dict, init=False, repr=False)
    _hub_ids: dict[str, Entity] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for entity in self.entities:
            if entity.kind == "hub":
                self._hub_ids[entity.key] = entity
            names = {entity.label, *entity.aliases}
            if entity.kind != "hub":
                names.add(entity.key)
            for alias in names:
                norm = normalise(alias)
                if norm and norm not in _STOP:
                    self._index.setdefault(norm, []).append(entity)

    @classmethod
    def build(
        cls,
        *,
        hubs: list[tuple[str, str, str]],
        customers: list[str],
    ) -> Vocabulary:
        """Vocabulary from ``(id, name, region)`` hub triples and customer names."""
        entities: list[Entity] = []
        for hub_id, name, _region in hubs:
            first = normalise(name).split()[:1]
            short = (first[0],) if first and len(first[0]) >= 4 else ()
            entities.append(Entity("hub", hub_id, name, short))
        for region in sorted({r for _, _, r in hubs}):
            entities.append(
                Entity("region", region, region, (f"{region}ern", f"{region}ern region"))
            )
        for customer in sorted(set(customers)):
            words = normalise(customer).split()
            aliases = (words[0],) if words and len(words[0]) >= 4 else ()
            entities.append(Entity("customer", customer, customer, aliases))
        return cls(tuple(entities))

    def of_kind(self, kind: EntityKind) -> list[Entity]:
        """All entities of one kind."""
        return [e for e in self.entities if e.kind == kind]

    def find(self, text: str) -> tuple[list[Match], list[Ambiguity]]:
        """Every entity mentioned in ``text`` (longest phrase first), and the ambiguous phrases."""
        raw = raw_words(text)
        words = [w.lower() for w in raw]
        taken = [False] * len(words)
        matches: list[Match] = []
        ambiguities: list[Ambiguity] = []
        for i, token in enumerate(raw):
            # Hub ids only when typed as ids (upper case), so "per" never means Perpignan.
            hub = self._hub_ids.get(token)
            if hub is not None and token.isupper():
                matches.append(Match(hub, i, i + 1, 1.0))
                taken[i] = True
        for size in (4, 3, 2, 1):
            for start in range(len(words) - size + 1):
                if any(taken[start : start + size]):
                    continue
                phrase = " ".join(words[start : start + size])
                if phrase in _STOP or (size == 1 and len(phrase) < 3):
                    continue
                found = self._lookup(phrase)
                if not found:
                    continue
                best_score = found[0][1]
                best = tuple(dict.fromkeys(e for e, s in found if s == best_score))
                for i in range(start, start + size):
                    taken[i] = True
                if len(best) == 1:
                    matches.append(Match(best[0], start, start + size, best_score))
                else:
                    ambiguities.append(Ambiguity(phrase, best))
        matches.sort(key=lambda m: m.start)
        return matches, ambiguities

    def _lookup(self, phrase: str) -> list[tuple[Entity, float]]:
        exact = self._index.get(phrase)
        if exact:
            return [(e, 1.0) for e in exact]
        if len(phrase) < 5:
            return []
        scored: list[tuple[Entity, float]] = []
        for alias, ents in self._index.items():
            if abs(len(alias) - len(phrase)) > 3:
                continue
            ratio = SequenceMatcher(None, phrase, alias).ratio()
            if ratio >= 0.86:
                scored.extend((e, round(ratio, 2)) for e in ents)
        scored.sort(key=lambda p: (-p[1], p[0].kind, p[0].key))
        return scored
