"""How much of a question a text covers: the absolute match behind "no good article".

Full-text scores (BM25) only rank; they say nothing about whether the best hit answers
the question. Coverage does: the share of the question's content words (Snowball-stemmed,
stop words dropped) that the text contains, each word weighted by its rarity (an idf over
a sample of the graph's interactions), so "weekly" and "schedule" count for more than
"email". 1.0 means every word of the question is there; 0.0 none.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from weakref import WeakKeyDictionary

import snowballstemmer

from graph.queries import experts as expert_queries
from graph.services.lexicon import STOP_WORDS
from graph.stores.base import GraphStore

SAMPLE_SIZE = 2000
CACHE_SECONDS = 3600.0
_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed


def content_stems(text: str) -> list[str]:
    """The stems of the content words of `text`, in order, stop words dropped.

    >>> content_stems("Can we schedule dashboards to be emailed weekly?")
    ['schedul', 'dashboard', 'email', 'week']
    """
    return [
        _stem(word)
        for word in _WORD.findall(text.lower())
        if word not in STOP_WORDS and word not in QUESTION_WORDS and len(word) > 1
    ]


class WordRarity:
    """idf(word) = log((n + 1) / (df + 1)) + 1 over a sample of n texts."""

    def __init__(self, texts: Iterable[str]) -> None:
        frequency: Counter[str] = Counter()
        count = 0
        for text in texts:
            count += 1
            frequency.update(set(content_stems(text)))
        self.size = max(count, 100)
        self.frequency = frequency

    def idf(self, stem: str) -> float:
        return math.log((self.size + 1) / (self.frequency.get(stem, 0) + 1)) + 1

    def coverage(self, question: Iterable[str], text: set[str]) -> float:
        """The idf-weighted share of the question's stems found in `text`'s stems."""
        wanted = set(question)
        total = sum(self.idf(s) for s in wanted)
        if not total:
            return 0.0
        return sum(self.idf(s) for s in wanted & text) / total


_CACHE: WeakKeyDictionary[GraphStore, tuple[float, WordRarity]] = WeakKeyDictionary()


def word_rarity(store: GraphStore, max_age: float = CACHE_SECONDS) -> WordRarity:
    """Word rarity over a sample of the store's interactions, read at most once an hour."""
    cached = _CACHE.get(store)
    if cached is not None and time.monotonic() - cached[0] < max_age:
        return cached[1]
    rows = store.read(expert_queries.INTERACTION_TEXT_SAMPLE, {"k": SAMPLE_SIZE})
    rarity = WordRarity(f"{row['subject'] or ''} {row['text'] or ''}" for row in rows)
    _CACHE[store] = (time.monotonic(), rarity)
    return rarity


# Words that make a sentence a question without saying what it is about.
_QUESTION_TEXT = """
    able anyone anything best better can could get getting help hi hello know like make need
    please possible problem question thank thanks want way would yes
"""
QUESTION_WORDS = frozenset(_QUESTION_TEXT.split())
