"""Component `tacit_concepts_v1`: curated concepts first, then proposed noun phrases.

Curated concepts are the gazetteer's Concept mentions (status "approved", with their id).
Candidates are noun chunks that are not pronouns, people, organisations, dates or numbers,
not only stop words, 1-4 tokens after dropping determiners and possessives, lemmatised and
lower-cased ("offline sync bugs" -> "offline sync bug"); they are proposed for curation.
A single word is proposed only when it is an acronym ("VPN"): lone common nouns ("mail",
"price") are too many and too vague to be worth a curator's time. An acronym the text
defines ("Service Level Agreement (SLA)", "SLA (service level agreement)") is marked
`defined`: the definition is support enough for a curator to look at it.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from nlp.extensions import GAZETTEER_SPANS

_SKIP_ENTS = frozenset(
    {"PERSON", "ORG", "GPE", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
)
_LEADING_POS = frozenset({"DET", "PRON", "NUM", "PUNCT", "ADP", "CCONJ", "PART", "SPACE"})
# Adjectives that say how much, which one or how good, not what kind: "other beer",
# "more information", "great example" name no concept of their own.
_VAGUE_MODIFIERS = frozenset(
    {
        "other", "more", "most", "many", "few", "several", "such", "same", "different", "good",
        "great", "best", "better", "nice", "bad", "worse", "worst", "new", "last", "next",
        "certain", "specific", "similar", "only", "own", "full", "further", "following",
        "particular", "various", "very", "too", "much", "little", "large", "small", "big",
        "long", "short", "final", "whole", "interesting", "simple", "sole", "entire",
        "relevant", "proper", "right", "wrong", "main", "general", "common", "possible", "real",
        "huge", "quick", "easy", "hard", "important", "additional", "current", "previous",
        "recent", "usual", "typical", "actual", "overall", "whatever", "some", "any", "every",
        "each", "all", "another", "initial", "extra",
    }
)  # fmt: skip
_NOT_ACRONYMS = frozenset(
    {"PS", "PM", "AM", "OK", "FYI", "ASAP", "RE", "FW", "FWD", "CC", "BCC", "TBD", "NB",
     "EDIT", "UPDATE", "IMAGE", "MAIL", "NOTE", "HTML", "URL", "LOL", "THANKS"}
)  # fmt: skip
_GENERIC = frozenset(
    {
        "thing", "way", "time", "lot", "bit", "question", "questions", "call", "email",
        "team", "people", "day", "week", "month", "year", "one", "anything", "everything",
        "something", "nothing", "hi", "thanks", "regards", "note", "notes", "update",
        "side", "point", "number", "head", "part",
    }
)  # fmt: skip


class ConceptFinder:
    def __init__(self, name: str, max_tokens: int, propose: bool, min_tokens: int = 2):
        self.name = name
        self.max_tokens = max_tokens
        self.min_tokens = min_tokens
        self.propose = propose

    def __call__(self, doc: Doc) -> Doc:
        found: list[dict[str, Any]] = []
        known = list(doc.spans.get(GAZETTEER_SPANS, []))
        for span in known:
            if span.label_ == "Concept":
                found.append(_candidate(span.text, "approved", span.kb_id_, span))
        if self.propose and doc.has_annotation("DEP"):
            taken = {i for span in known for i in range(span.start, span.end)}
            defined = defined_acronyms(doc)
            phrases = [p for chunk in doc.noun_chunks if (p := self._phrase(chunk, taken))]
            phrases += [
                (t.text, doc[t.i : t.i + 1]) for t in doc if t.text in defined and t.i not in taken
            ]
            seen: set[str] = set()
            for name, span in phrases:
                if name not in seen:
                    seen.add(name)
                    found.append(_candidate(name, "proposed", None, span, name in defined))
        doc._.tacit_concepts = found
        return doc

    def _phrase(self, chunk: Span, taken: set[int]) -> tuple[str, Span] | None:
        start = chunk.start
        while start < chunk.end and (
            chunk.doc[start].pos_ in _LEADING_POS or _vague(chunk.doc[start])
        ):
            start += 1
        span = chunk.doc[start : chunk.end]
        if any(t.is_space or "\n" in t.text_with_ws[:-1] for t in span[:-1]):
            return None  # a phrase across a line break is layout, not language
        if not 1 <= len(span) <= self.max_tokens or taken.intersection(range(start, span.end)):
            return None
        acronym = _is_acronym(span)
        if len(span) < self.min_tokens and not acronym:
            return None
        if any(t.ent_type_ in _SKIP_ENTS or t.pos_ in ("PRON", "NUM") for t in span):
            return None
        if not acronym and any(t.pos_ == "PROPN" for t in span):
            return None
        if all(t.is_stop or not t.is_alpha for t in span) or span.root.lower_ in _GENERIC:
            return None
        if any(t.like_email or t.like_url or t.like_num or t.is_punct for t in span):
            return None
        if not all(t.is_alpha or t.text.replace("-", "").isalpha() for t in span):
            return None  # "> beer", "v2 api": quoting marks and codes are not names
        if acronym:
            return span.text, span
        words = [t.lower_ for t in span[:-1]] + [span[-1].lemma_.lower()]
        return " ".join(words), span


def defined_acronyms(doc: Doc) -> set[str]:
    """Acronyms the text spells out next to a parenthesis: the words before "(SLA)" or
    inside "SLA (...)" start with the acronym's letters, in order."""
    found: set[str] = set()
    for token in doc:
        if not _is_acronym(doc[token.i : token.i + 1]):
            continue
        inside = token.i > 0 and doc[token.i - 1].text == "(" and token.i + 1 < len(doc)
        if inside and doc[token.i + 1].text == ")":
            before = [t for t in doc[max(0, token.i - 12) : token.i - 1] if t.is_alpha]
            if _spells(token.text, before):
                found.add(token.text)
        elif token.i + 1 < len(doc) and doc[token.i + 1].text == "(":
            end = next((t.i for t in doc[token.i + 2 : token.i + 14] if t.text == ")"), None)
            if end is not None and _spells(token.text, list(doc[token.i + 2 : end])):
                found.add(token.text)
    return found


def _spells(acronym: str, words: list[Token]) -> bool:
    """Whether the last words, skipping small function words, start with the letters."""
    content = [t for t in words if t.is_alpha and not (t.is_stop and t.is_lower)]
    tail = content[-len(acronym) :] if len(content) >= len(acronym) else []
    if not tail or any(t.is_upper and len(t) > 1 for t in tail):
        return False
    return "".join(t.text[0] for t in tail).upper() == acronym.upper()


def _vague(token: Token) -> bool:
    return (
        token.lower_ in _VAGUE_MODIFIERS
        or token.tag_ in ("JJR", "JJS", "RBR", "RBS")
        or token.pos_ == "ADV"
    )


def _is_acronym(span: Span) -> bool:
    """Capitals only, two to five letters, not mail jargon, not a word shouted alone on
    its line ("IMAGE", "EDIT:")."""
    if not all(t.is_upper and t.is_alpha and 2 <= len(t) <= 5 for t in span):
        return False
    if any(t.text in _NOT_ACRONYMS for t in span):
        return False
    return not _alone_on_its_line(span)


def _alone_on_its_line(span: Span) -> bool:
    doc = span.doc
    before = span.start - 1
    while before >= 0 and doc[before].text in (":", "*", "#", "-"):
        before -= 1
    after = span.end
    while after < len(doc) and doc[after].text in (":", "*", "#", "-"):
        after += 1
    starts = before < 0 or "\n" in doc[before].text or "\n" in doc[before].whitespace_
    ends = after >= len(doc) or "\n" in doc[after].text or "\n" in doc[after - 1].whitespace_
    return starts and ends


def _candidate(
    name: str, status: str, concept_id: str | None, span: Span, defined: bool = False
) -> dict[str, Any]:
    return {
        "name": name,
        "status": status,
        "concept_id": concept_id,
        "start": span.start_char,
        "end": span.end_char,
        "defined": defined,
    }


@Language.factory(
    "tacit_concepts_v1", default_config={"max_tokens": 4, "min_tokens": 2, "propose": True}
)
def make_concepts(
    nlp: Language, name: str, max_tokens: int, min_tokens: int, propose: bool
) -> ConceptFinder:
    """Create the concept finder.

    max_tokens (int): longest candidate phrase, in tokens, after dropping determiners.
    min_tokens (int): shortest candidate phrase; shorter ones only when an acronym.
    propose (bool): propose noun phrases as new concepts (else curated concepts only).
    """
    return ConceptFinder(name, max_tokens, propose, min_tokens)
