"""Search everything from one box: accounts, contacts, employees, products and concepts by
name, alias, synonym, email address or domain, forgiving typos.

Each thing is known by a few terms (its name, aliases, address, domain). A query scores
every term and a thing keeps its best term:
- the whole term: 100; the start of the term: 96; the start of one of its words: 92;
- anywhere inside the term: 85;
- otherwise the similarity of the query to the term or to its best-matching part
  (rapidfuzz's ratio and partial ratio, in [0, 100], the partial one counted at 90%),
  kept from 72 up: one wrong, missing or extra letter in a short name still matches.
Ties go to names over other terms, then to shorter names. Terms are first narrowed in C by
rapidfuzz's partial ratio (every match above scores at least the cutoff there). The index is
read from the store at most once every `CACHE_SECONDS`, and at once after
`forget_search_index` (the API calls it when names change).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from graph.queries.search import SEARCHABLE
from graph.stores.base import GraphStore

CACHE_SECONDS = 30.0
FUZZY_CUTOFF = 72.0
PARTIAL_WEIGHT = 0.9
MIN_PARTIAL_LENGTH = 4
SEARCH_LABELS: tuple[str, ...] = tuple(SEARCHABLE)


class SearchHit(BaseModel):
    """One thing found, why (the term that matched and how), and how well."""

    id: str
    label: str
    name: str
    detail: str
    matched: str
    match: str
    score: float


@dataclass(frozen=True)
class _Entry:
    id: str
    label: str
    name: str
    detail: str
    terms: tuple[tuple[str, str], ...]  # (lowercase term, what it is: name, alias, email ...)


def term_score(query: str, term: str) -> tuple[float, str]:
    """How well `query` (lowercase) matches `term` (lowercase), and the kind of match.

    >>> term_score("acme", "acme corp")
    (96.0, 'prefix')
    >>> term_score("acmee", "acme corp")[0] >= 72
    True
    """
    if term == query:
        return 100.0, "exact"
    if term.startswith(query):
        return 96.0, "prefix"
    if any(word.startswith(query) for word in term.replace("@", " ").replace(".", " ").split()):
        return 92.0, "word"
    if query in term:
        return 85.0, "contains"
    whole = fuzz.ratio(query, term)
    partial = fuzz.partial_ratio(query, term) * PARTIAL_WEIGHT if len(query) >= 4 else 0.0
    return round(max(whole, partial), 1), "fuzzy"


class SearchIndex:
    def __init__(self, entries: list[_Entry]) -> None:
        self.entries = entries
        self._terms: list[str] = []
        self._owners: list[tuple[int, str]] = []
        for number, entry in enumerate(entries):
            for term, kind in entry.terms:
                self._terms.append(term)
                self._owners.append((number, kind))

    def __len__(self) -> int:
        return len(self.entries)

    def search(
        self, query: str, labels: tuple[str, ...] = SEARCH_LABELS, limit: int = 10
    ) -> list[SearchHit]:
        wanted = query.strip().lower()
        if not wanted:
            return []
        best: dict[int, tuple[float, str, str, str]] = {}
        candidates = process.extract(
            wanted, self._terms, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        )
        for term, _, position in candidates:
            number, kind = self._owners[position]
            if self.entries[number].label not in labels:
                continue
            score, match = term_score(wanted, term)
            if score >= FUZZY_CUTOFF and (number not in best or score > best[number][0]):
                best[number] = (score, match, term, kind)
        hits: list[tuple[float, int, int, SearchHit]] = []
        for number, (score, match, term, kind) in best.items():
            entry = self.entries[number]
            hit = SearchHit(
                id=entry.id,
                label=entry.label,
                name=entry.name,
                detail=entry.detail,
                matched=f"{kind}: {term}" if kind != "name" else "name",
                match=match,
                score=score,
            )
            hits.append((-score, 0 if kind == "name" else 1, len(entry.name), hit))
        hits.sort(key=lambda h: (h[0], h[1], h[2], h[3].name.lower(), h[3].id))
        return [h[3] for h in hits[:limit]]


_CACHE: WeakKeyDictionary[GraphStore, tuple[float, SearchIndex]] = WeakKeyDictionary()


def search_index(store: GraphStore, max_age: float = CACHE_SECONDS) -> SearchIndex:
    """The store's search index, read at most once every `max_age` seconds."""
    cached = _CACHE.get(store)
    if cached is not None and time.monotonic() - cached[0] < max_age:
        return cached[1]
    entries: list[_Entry] = []
    for label, query in SEARCHABLE.items():
        for row in store.read(query):
            name = str(row["name"] or row["id"])
            terms: dict[str, str] = {name.lower(): "name"}
            for alias in row["aliases"] or []:
                terms.setdefault(str(alias).lower(), "synonym" if label == "Concept" else "alias")
            for extra in row["extra"] or []:
                text = str(extra).lower()
                terms.setdefault(text, "email" if "@" in text else "domain")
            entries.append(
                _Entry(
                    id=str(row["id"]),
                    label=label,
                    name=name,
                    detail=" · ".join(str(part) for part in row["detail"] or []),
                    terms=tuple(terms.items()),
                )
            )
    index = SearchIndex(entries)
    _CACHE[store] = (time.monotonic(), index)
    return index


def forget_search_index(store: GraphStore) -> None:
    """Read the index again on the next search (names were added, changed or erased)."""
    _CACHE.pop(store, None)


def search_everything(
    store: GraphStore, query: str, labels: tuple[str, ...] = SEARCH_LABELS, limit: int = 10
) -> list[SearchHit]:
    """Things whose name, alias, address or domain matches `query`, best first."""
    return search_index(store).search(query, labels, limit)
