"""Component `tacit_relations_v1`: the trained relation model applied to a linked doc.

For every sentence it builds candidates (`nlp.relations.candidates`), scores them with the
trained model, and turns each label whose probability passes its threshold into a fact
(`nlp.relations.decode`). Which relation a sentence asserts, and whether it asserts one at
all (negation, hypothetical, question, request, vendor-side wish, relayed or forwarded
speech), is the model's decision, learned from annotated text; nothing here is a trigger
list. A message whose kind carries no customer facts (bulk, newsletter, automated,
auto-reply) gets none; a forwarded article's sentences are never the forwarder's.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from nlp.kinds import FACTLESS_KINDS, addressed_to_a_hidden_list, is_mass_sender
from nlp.relations.candidates import LABELS, SENTENCE_LABELS, Candidate, candidates
from nlp.relations.clusters import WordClusters
from nlp.relations.decode import DocFacts, FactDict, is_plain_promise
from nlp.relations.features import add_embeddings, candidate_features, sentence_features
from nlp.relations.model import MODEL_DIR, RelationModel
from nlp.relations.speakers import SegmentDict

logger = logging.getLogger(__name__)

NO_COMMITMENT_KINDS = FACTLESS_KINDS | {"qa", "forwarded_article"}


class RelationFinder:
    def __init__(self, nlp: Language, name: str, gazetteer: str, model: str, min_confidence: float):
        self.nlp = nlp
        self.name = name
        self.gazetteer_name = gazetteer
        self.model_path = MODEL_DIR if model == "builtin" else Path(model)
        self.min_confidence = min_confidence
        self._model: RelationModel | None = None
        self._clusters: WordClusters | None = None
        self._entities: dict[str, tuple[str, str, str | None]] = {}
        self._entities_from: object = None

    @property
    def relation_model(self) -> RelationModel:
        if self._model is None:
            self._model = RelationModel.load(self.model_path)
        return self._model

    def use_model(self, model: RelationModel | None) -> None:
        """Score with `model` (training and evaluation); None falls back to the artifact."""
        self._model = model
        self._clusters = None

    @property
    def clusters(self) -> WordClusters | None:
        centroids = self.relation_model.centroids
        if centroids is None:
            return None
        if self._clusters is None or self._clusters.centroids is not centroids:
            self._clusters = WordClusters(centroids)
        return self._clusters

    def __call__(self, doc: Doc) -> Doc:
        context: dict[str, Any] = doc._.tacit_context or {}
        if context.get("message_kind") in FACTLESS_KINDS:
            doc._.tacit_facts = []
            return doc
        mentions = doc._.tacit_mentions or []
        segments = doc._.tacit_segments or []
        found = candidates(doc, mentions, segments)
        facts = self.facts(doc, found, mentions, context)
        doc._.tacit_facts = facts
        return doc

    def facts(
        self,
        doc: Doc,
        found: list[Candidate],
        mentions: list[dict[str, Any]],
        context: dict[str, Any],
    ) -> list[FactDict]:
        decoder = DocFacts(doc, mentions, context, self._known_entities())
        silent = _silent_segments(doc)
        by_kind: dict[str, list[Candidate]] = defaultdict(list)
        for candidate in found:
            if candidate.segment and candidate.segment.get("start") in silent:
                continue
            by_kind[candidate.kind].append(candidate)
        out: list[FactDict] = []
        said: dict[int, Any] = {}
        for kind in sorted(by_kind, key=lambda k: k != "clause"):  # sentences first
            group = by_kind[kind]
            model = self.relation_model.kinds.get(kind)
            if model is None:
                continue
            rows = [candidate_features(c, mentions, context, self.clusters) for c in group]
            embedded = self.relation_model.metadata.get("embeddings") or ""
            if embedded == "all" or embedded == kind:
                add_embeddings(group, rows, mentions)
            if kind != "clause":
                for candidate, row in zip(group, rows, strict=True):
                    row.update(sentence_features(said.get(candidate.sent.start_char)))
            probabilities = model.probabilities(rows)
            if kind == "clause":
                columns = [model.labels.index(label) for label in SENTENCE_LABELS]
                for candidate, row in zip(group, probabilities, strict=True):
                    said[candidate.sent.start_char] = row[columns]
            for candidate, row in zip(group, probabilities, strict=True):
                for label, probability, threshold in zip(
                    model.labels, row, model.thresholds, strict=True
                ):
                    if label.startswith("SENTENCE:"):
                        continue
                    if label == "COMMITTED_TO" and is_plain_promise(candidate.sent):
                        probability = max(probability, threshold, self.min_confidence)
                    if probability < max(threshold, self.min_confidence):
                        continue
                    if (
                        label == "COMMITTED_TO"
                        and context.get("message_kind") in NO_COMMITMENT_KINDS
                    ):
                        continue
                    fact = decoder.fact(candidate, label, float(probability))
                    if fact is not None:
                        out.append(fact)
                        out.extend(_implied_usage(decoder, candidate, fact))
        return _one_per_triple(out)

    def _known_entities(self) -> dict[str, tuple[str, str, str | None]]:
        entries = getattr(self.nlp.get_pipe(self.gazetteer_name), "entries", {})
        if entries is not self._entities_from:
            self._entities = {k: (e.name, e.label, e.account) for k, e in entries.items()}
            self._entities_from = entries
        return self._entities


def _implied_usage(decoder: DocFacts, candidate: Candidate, fact: FactDict) -> list[FactDict]:
    """A complaint about one of our products says the account runs it ("the gateway went
    down twice again this week"): on the annotated worlds, seven in ten such complaints
    come with a gold USES, most of the rest with an optional one."""
    if fact["relation"] != "COMPLAINED_ABOUT" or fact["object"].get("label") != "Product":
        return []
    usage = decoder.fact(candidate, "USES", fact["confidence"])
    return [usage] if usage is not None else []


def _silent_segments(doc: Doc) -> set[int]:
    """Where the parts that speak for nobody here start: forwarded articles and forwarded or
    quoted mass mail."""
    text = doc._.tacit_text or ""
    return {s["start"] for s in doc._.tacit_segments or [] if _silenced(s, text)}


def _silenced(segment: SegmentDict, text: str) -> bool:
    if segment.get("kind") not in ("forwarded", "quoted") or segment.get("author_id"):
        return False
    name = segment.get("author_name")
    if (segment.get("kind") == "forwarded" and not name) or is_mass_sender(name):
        return True
    start, end = segment["start"], segment["end"]
    return addressed_to_a_hidden_list(text[start : min(end, start + _HEADER_REACH)])


_HEADER_REACH = 600  # characters from a quoted part's start that hold its header lines


def _one_per_triple(facts: list[FactDict]) -> list[FactDict]:
    """One fact per (subject, relation, object): the most confident evidence wins.

    A sentence gives a person one role: the most likely one.
    """
    roles: dict[tuple[Any, ...], FactDict] = {}
    for fact in facts:
        if fact["relation"] == "HAS_ROLE":
            role_key = (fact["subject"].get("id"), fact["evidence"]["start"])
            if role_key not in roles or fact["confidence"] > roles[role_key]["confidence"]:
                roles[role_key] = fact
    kept_roles = {id(f) for f in roles.values()}
    facts = [f for f in facts if f["relation"] != "HAS_ROLE" or id(f) in kept_roles]
    facts = _one_polarity(facts)
    best: dict[tuple[Any, ...], FactDict] = {}
    for fact in facts:
        key: tuple[Any, ...] = (
            fact["subject"].get("id") or fact["subject"]["name"],
            fact["relation"],
            fact["object"].get("id") or fact["object"]["name"].lower(),
        )
        if key not in best or fact["confidence"] > best[key]["confidence"]:
            best[key] = fact
    return sorted(best.values(), key=lambda f: f["evidence"]["start"])


OPPOSITES = frozenset({"PRAISED", "COMPLAINED_ABOUT"})


def _one_polarity(facts: list[FactDict]) -> list[FactDict]:
    """A sentence does not both praise and complain about the same thing: the likelier wins."""
    best: dict[tuple[Any, ...], FactDict] = {}
    for fact in facts:
        if fact["relation"] in OPPOSITES:
            key = (fact["object"].get("id") or fact["object"]["name"], fact["evidence"]["start"])
            if key not in best or fact["confidence"] > best[key]["confidence"]:
                best[key] = fact
    kept = {id(f) for f in best.values()}
    return [f for f in facts if f["relation"] not in OPPOSITES or id(f) in kept]


LABEL_KINDS = tuple(LABELS)


@Language.factory(
    "tacit_relations_v1",
    assigns=["doc._.tacit_facts"],
    requires=["doc._.tacit_mentions", "doc._.tacit_segments"],
    default_config={"gazetteer": "tacit_gazetteer", "model": "builtin", "min_confidence": 0.0},
)
def make_relations(
    nlp: Language, name: str, gazetteer: str, model: str, min_confidence: float
) -> RelationFinder:
    """Create the relation finder.

    gazetteer (str): name of the `tacit_gazetteer_v1` component whose ids facts refer to.
    model (str): folder of the trained model (`relations.json` + `relations.npz`), or
        "builtin" for the one shipped in `nlp/model/` (built by `make model`).
    min_confidence (float): a floor under the model's own per-label thresholds.
    """
    return RelationFinder(nlp, name, gazetteer, model, min_confidence)
