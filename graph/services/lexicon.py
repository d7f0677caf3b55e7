"""Concepts found in free text by name or synonym, with their taxonomy neighbours."""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from graph.queries import experts as queries
from graph.stores.base import GraphStore

MAX_PHRASE_WORDS = 4
CACHE_SECONDS = 60.0
TAXONOMY_WEIGHT = 0.5
_WORD = re.compile(r"[a-z0-9]+")


def normalize_word(word: str) -> str:
    """Lower case, a plural's trailing s removed: 'Hops' -> 'hop'.

    >>> [normalize_word(w) for w in ("Hops", "glass", "IPA")]
    ['hop', 'glass', 'ipa']
    """
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def phrase_key(text: str) -> str:
    return " ".join(normalize_word(w) for w in _WORD.findall(text.lower()))


@dataclass
class ConceptLexicon:
    """Phrases (names and synonyms) to concept ids, and the taxonomy between concepts."""

    phrases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    related: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, concept_id: str, name: str, synonyms: list[str], broader: list[str]) -> None:
        self.names[concept_id] = name
        self.synonyms[concept_id] = synonyms
        for phrase in (name, *synonyms):
            key = phrase_key(phrase)
            if key:
                self.phrases[key].add(concept_id)
        for parent in broader:
            self.related[concept_id].add(parent)
            self.related[parent].add(concept_id)

    def concepts_in(self, text: str) -> dict[str, float]:
        """Concept ids named in `text` (weight 1) and their taxonomy neighbours (0.5)."""
        words = [normalize_word(w) for w in _WORD.findall(text.lower())]
        found: dict[str, float] = {}
        for size in range(1, MAX_PHRASE_WORDS + 1):
            for start in range(len(words) - size + 1):
                if size == 1 and words[start] in STOP_WORDS:
                    continue  # "can" is no mention of a concept named "cans"
                for concept_id in self.phrases.get(" ".join(words[start : start + size]), ()):
                    found[concept_id] = 1.0
        for concept_id in list(found):
            for neighbour in self.related.get(concept_id, ()):
                found.setdefault(neighbour, TAXONOMY_WEIGHT)
        return found


_CACHE: WeakKeyDictionary[GraphStore, tuple[float, ConceptLexicon]] = WeakKeyDictionary()


def concept_lexicon(store: GraphStore, max_age: float = CACHE_SECONDS) -> ConceptLexicon:
    """The store's concept lexicon, read at most once every `max_age` seconds."""
    cached = _CACHE.get(store)
    if cached is not None and time.monotonic() - cached[0] < max_age:
        return cached[1]
    lexicon = ConceptLexicon()
    for row in store.read(queries.CONCEPT_LEXICON):
        lexicon.add(row["id"], row["name"] or "", list(row["synonyms"] or []), row["broader"])
    _CACHE[store] = (time.monotonic(), lexicon)
    return lexicon


def search_terms(text: str, max_terms: int = 32, common: frozenset[str] = frozenset()) -> str:
    """Plain words for a full-text query (no Lucene syntax): stop words and `common` dropped.

    >>> search_terms("What's the best way to store an IPA (cold)?")
    'best way store ipa cold'
    """
    words = [
        w
        for w in _WORD.findall(text.lower())
        if w not in STOP_WORDS and w not in common and len(w) > 1
    ]
    return " ".join(list(dict.fromkeys(words))[:max_terms])


COMMON_SAMPLE = 2000
COMMON_DOC_FREQ = 0.1
COMMON_CACHE_SECONDS = 3600.0
_COMMON: WeakKeyDictionary[GraphStore, tuple[float, frozenset[str]]] = WeakKeyDictionary()


def common_words(store: GraphStore, max_age: float = COMMON_CACHE_SECONDS) -> frozenset[str]:
    """Words in more than a tenth of a sample of interactions, read once an hour.

    Like the maximum document frequency of Lucene's MoreLikeThis: such a word hardly
    tells documents apart (its idf is low) but makes a full-text query walk a posting
    list of most of the graph, so questions leave it out.
    """
    cached = _COMMON.get(store)
    if cached is not None and time.monotonic() - cached[0] < max_age:
        return cached[1]
    rows = store.read(queries.INTERACTION_TEXT_SAMPLE, {"k": COMMON_SAMPLE})
    frequency: dict[str, int] = defaultdict(int)
    for row in rows:
        for word in set(_WORD.findall(f"{row['subject'] or ''} {row['text'] or ''}".lower())):
            frequency[word] += 1
    # A word in fewer than a hundred documents is cheap to search whatever its share, and
    # in a small store a topic's own words are in a tenth of it.
    limit = max(len(rows), 1000) * COMMON_DOC_FREQ
    common = frozenset(w for w, n in frequency.items() if n > limit)
    _COMMON[store] = (time.monotonic(), common)
    return common


_STOP_TEXT = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves s t don ll ve re m d
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
