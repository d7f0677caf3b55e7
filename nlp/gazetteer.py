"""Component `tacit_gazetteer_v1`: find known entities by name, alias, synonym and email.

Names, aliases and emails match case-insensitively (PhraseMatcher on LOWER); short strings
and acronyms ("SSO", "ZD", "SOC 2") match with their exact case to avoid false hits. Names of
things (products, competitors, concepts) also match by lemma when the doc is tagged, so
"Maximo integrations" finds "Maximo integration" and "a second gateway" finds "gateways";
a one-word name must match a noun ("installed" is not "install"), and a lower-case word
the tagger reads as a verb names nothing ("he reports to" is not the concept "reports"). A
person's first and last names are matched too (exact case) as *partial* mentions that the
linker resolves within the message. Results go to `doc.spans["tacit_gazetteer"]`: label is the
entity label (or "PARTIAL"), `kb_id_` the entity id (or candidate ids joined by "|").
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.extensions import GAZETTEER_SPANS
from nlp.models import GazetteerEntry

logger = logging.getLogger(__name__)

PARTIAL = "PARTIAL"
PERSON_LABELS = ("Contact", "Employee")
THING_LABELS = ("Product", "Competitor", "Concept")
# what a name needs to be read for its lemmas
_LEMMA_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer")
_NOUNS = frozenset({"NOUN", "PROPN"})
_NAME_PARTICLES = frozenset({"van", "von", "de", "da", "del", "der", "la", "le", "dr", "mr", "ms"})


class Gazetteer:
    """Matches the known world's names in a doc; fill it with `set_entries`."""

    def __init__(self, nlp: Language, name: str, exact_case_max_len: int, partial_names: bool):
        self.nlp = nlp
        self.name = name
        self.exact_case_max_len = exact_case_max_len
        self.partial_names = partial_names
        self.entries: dict[str, GazetteerEntry] = {}
        self.partial_candidates: dict[str, list[str]] = {}
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        # first lemma -> (all lemmas, entity id), lower case
        self._lemma_names: dict[str, list[tuple[tuple[str, ...], str]]] = {}

    def set_entries(self, entries: Iterable[GazetteerEntry]) -> None:
        """Replace the known world with `entries`."""
        self.entries = {entry.id: entry for entry in entries}
        self._lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        partial: dict[str, list[str]] = defaultdict(list)
        things: list[tuple[str, str]] = []
        for entry in self.entries.values():
            lower: list[str] = []
            exact: list[str] = []
            for surface in dict.fromkeys([entry.name, *entry.aliases, *entry.emails]):
                (exact if self._needs_exact_case(surface) else lower).append(surface)
            if lower:
                self._lower.add(entry.id, [self.nlp.make_doc(s) for s in lower])
                if entry.label in THING_LABELS:
                    things += [(entry.id, surface) for surface in lower]
            if exact:
                self._exact.add(entry.id, [self.nlp.make_doc(s) for s in exact])
            if self.partial_names and entry.label in PERSON_LABELS:
                for part in _name_parts([entry.name, *entry.aliases]):
                    if entry.id not in partial[part]:
                        partial[part].append(entry.id)
        self.partial_candidates = {}
        for part, ids in partial.items():
            key = f"partial:{part}"
            self.partial_candidates[key] = ids
            self._exact.add(key, [self.nlp.make_doc(part)])
        self._add_lemma_patterns(things)
        logger.debug("gazetteer: %d entries, %d partial names", len(self.entries), len(partial))

    def _lemma_matches(self, doc: Doc) -> list[Span]:
        lemmas = [t.lemma_.lower() for t in doc]
        found = []
        for start, first in enumerate(lemmas):
            for name, entity_id in self._lemma_names.get(first, ()):
                end = start + len(name)
                if tuple(lemmas[start:end]) == name and (
                    len(name) > 1 or doc[start].pos_ in _NOUNS
                ):
                    found.append(
                        Span(doc, start, end, label=self.entries[entity_id].label, kb_id=entity_id)
                    )
        return found

    def _add_lemma_patterns(self, things: list[tuple[str, str]]) -> None:
        self._lemma_names = {}
        tagging = [name for name in _LEMMA_PIPES if name in self.nlp.pipe_names]
        if "lemmatizer" not in tagging or not things:
            return
        names: dict[str, set[tuple[tuple[str, ...], str]]] = defaultdict(set)
        with self.nlp.select_pipes(enable=tagging):
            read = self.nlp.pipe((surface for _, surface in things), batch_size=256)
            for (entity_id, _), pattern in zip(things, read, strict=True):
                lemmas = tuple(t.lemma_.lower() for t in pattern if not t.is_space)
                if lemmas:
                    names[lemmas[0]].add((lemmas, entity_id))
        self._lemma_names = {first: sorted(found) for first, found in names.items()}

    def _needs_exact_case(self, surface: str) -> bool:
        letters = [c for c in surface if c.isalpha()]
        return len(surface) <= self.exact_case_max_len or (
            bool(letters) and all(c.isupper() for c in letters)
        )

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        strings = self.nlp.vocab.strings
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                if key.startswith("partial:"):
                    ids = "|".join(self.partial_candidates[key])
                    spans.append(Span(doc, start, end, label=PARTIAL, kb_id=ids))
                else:
                    label = self.entries[key].label
                    spans.append(Span(doc, start, end, label=label, kb_id=key))
        if doc.has_annotation("POS"):
            spans = [s for s in spans if not _a_verb_named_like_a_thing(s)]
            if self._lemma_names and doc.has_annotation("LEMMA"):
                spans += self._lemma_matches(doc)
        doc.spans[GAZETTEER_SPANS] = filter_spans(spans)
        return doc


def _a_verb_named_like_a_thing(span: Span) -> bool:
    """A lower-case word read as a verb names no thing: "he reports to Rachel" does not
    mention the concept "reports" (a capitalised "Relay" stays a product's name)."""
    return (
        span.label_ in THING_LABELS
        and len(span) == 1
        and span[0].is_lower
        and span[0].pos_ in ("VERB", "AUX")
    )


def _name_parts(names: list[str]) -> list[str]:
    parts: list[str] = []
    for name in names:
        for word in name.split():
            word = word.strip(".,")
            if len(word) > 2 and word.lower() not in _NAME_PARTICLES and word[0].isupper():
                parts.append(word)
    return parts


@Language.factory(
    "tacit_gazetteer_v1",
    default_config={"exact_case_max_len": 4, "partial_names": True},
)
def make_gazetteer(
    nlp: Language, name: str, exact_case_max_len: int, partial_names: bool
) -> Gazetteer:
    """Create the gazetteer (empty until `set_entries` is called).

    exact_case_max_len (int): surfaces this short or shorter (and all-caps acronyms) match
        with exact case only.
    partial_names (bool): also match people's first and last names as partial mentions.
    """
    return Gazetteer(nlp, name, exact_case_max_len, partial_names)
