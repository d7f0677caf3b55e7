"""Evidence for an expert: the passage of their own words that matches the question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from graph.services.lexicon import normalize_word

SNIPPET_CHARS = 220
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-z0-9]+")


class ExpertEvidence(BaseModel):
    """One piece of an expert's own work: which interaction (or article: `source`), their
    words, why."""

    interaction_id: str
    snippet: str
    reason: str
    source: Literal["interaction", "article", "statement"] = "interaction"


@dataclass(frozen=True)
class CitedWork:
    """A piece of someone's work to cite; its snippet is cut only if they are returned."""

    interaction_id: str
    text: str
    reason: str
    prefix: str = ""
    whole: bool = False
    source: Literal["interaction", "article", "statement"] = "interaction"

    def evidence(self, question: str) -> ExpertEvidence:
        passage = self.text if self.whole else matching_passage(self.text, question)
        snippet = f"{self.prefix}: {passage}" if self.prefix else passage
        return ExpertEvidence(
            interaction_id=self.interaction_id,
            snippet=snippet,
            reason=self.reason,
            source=self.source,
        )


def matching_passage(text: str, terms: str, width: int = SNIPPET_CHARS) -> str:
    """The sentence of `text` sharing most words with `terms`, and the ones after it up to
    about `width` characters.

    >>> matching_passage("Hello there. Dry hopping adds aroma, not bitterness. Cheers.",
    ...                  "dry hopping aroma")
    'Dry hopping adds aroma, not bitterness. Cheers.'
    """
    wanted = {normalize_word(w) for w in _WORD.findall(terms)}
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    if not sentences:
        return ""
    scores = [
        len(wanted & {normalize_word(w) for w in _WORD.findall(sentence)}) for sentence in sentences
    ]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    passage = sentences[best]
    after = best + 1
    while after < len(sentences) and len(passage) + len(sentences[after]) < width:
        passage = f"{passage} {sentences[after]}"
        after += 1
    return passage if len(passage) <= width else passage[: width - 1].rstrip() + "\u2026"
