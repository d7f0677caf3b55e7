"""What the relation model decides on: candidates built from a parsed, linked doc.

Four kinds, each with its own labels (see `LABELS`):

- `thing`: a sentence and a product, competitor or concept mentioned in it: does the
  sentence say someone is interested in it, complains about it, praises it, uses it,
  evaluates it, asks about it, or that an employee is an expert in it?
- `person`: a sentence and a person it mentions (by name or pronoun): does it give them
  a role, or praise them (an employee)?
- `pair`: a sentence and two people (one may be the writer): did the first introduce the
  second, or report to them?
- `clause`: a sentence and its speaker: is it a commitment or a preference?
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from nlp.relations.speakers import SegmentDict, segment_at

Mention = dict[str, Any]

THING_LABELS = ("Product", "Competitor", "Concept")
PERSON_LABELS = ("Contact", "Employee")
ROLES = (
    "decision maker",
    "budget holder",
    "champion",
    "technical evaluator",
    "blocker",
    "end user",
)
LABELS: dict[str, tuple[str, ...]] = {
    "thing": (
        "INTERESTED_IN",
        "COMPLAINED_ABOUT",
        "PRAISED",
        "USES",
        "EVALUATING",
        "ASKED_ABOUT",
        "EXPERT_IN",
    ),
    "person": (*(f"HAS_ROLE:{r}" for r in ROLES), "PRAISED"),
    "pair": ("INTRODUCED", "REPORTS_TO"),
    "clause": (
        "COMMITTED_TO",
        "PREFERS",
        *(
            f"SENTENCE:{r}"
            for r in (
                "INTERESTED_IN",
                "COMPLAINED_ABOUT",
                "PRAISED",
                "USES",
                "EVALUATING",
                "ASKED_ABOUT",
                "EXPERT_IN",
                "HAS_ROLE",
            )
        ),
    ),
}
# Labels that are never facts themselves: what a sentence says, whatever its object. Their
# probabilities become features of the candidates in the same sentence (see `component`).
SENTENCE_LABELS = tuple(label for label in LABELS["clause"] if label.startswith("SENTENCE:"))
# which object labels a relation allows (annotated/README.md's vocabulary)
ALLOWED_OBJECTS: dict[str, frozenset[str]] = {
    "INTERESTED_IN": frozenset({"Product", "Concept"}),
    "COMPLAINED_ABOUT": frozenset({"Product", "Concept"}),
    "PRAISED": frozenset({"Product", "Concept", "Employee"}),
    "USES": frozenset({"Product", "Competitor"}),
    "EVALUATING": frozenset({"Competitor"}),
    "ASKED_ABOUT": frozenset({"Product", "Concept"}),
    "EXPERT_IN": frozenset({"Product", "Concept"}),
}
MAX_SENTENCE_TOKENS = 120


@dataclass
class Candidate:
    kind: str
    sent: Span
    segment: SegmentDict
    target: Mention | None = None  # thing or person; for pairs, the object person
    source: Mention | None = None  # for pairs, the subject person

    @property
    def doc(self) -> Doc:
        return self.sent.doc


def writer_mention(segment: SegmentDict) -> Mention | None:
    """The segment's writer as a mention without tokens (start = end = -1)."""
    if not segment.get("author_id") and not segment.get("author_name"):
        return None
    return {
        "start": -1,
        "end": -1,
        "label": segment.get("author_label") or "Contact",
        "id": segment.get("author_id"),
        "name": segment.get("author_name") or segment.get("author_id"),
        "confidence": 0.9,
        "writer": True,
    }


def candidates(doc: Doc, mentions: list[Mention], segments: list[SegmentDict]) -> list[Candidate]:
    found: list[Candidate] = []
    by_sentence: dict[int, list[Mention]] = {}
    sentence_of = {}
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            sentence_of[i] = sent.start
    for mention in mentions:
        by_sentence.setdefault(sentence_of.get(mention["start"], -1), []).append(mention)
    for sent in doc.sents:
        if len(sent) > MAX_SENTENCE_TOKENS or not any(t.is_alpha for t in sent):
            continue
        segment = segment_at(segments, sent.start_char) or {}
        inside = by_sentence.get(sent.start, [])
        found.extend(_things(sent, segment, inside))
        people = _people(inside)
        found.extend(
            Candidate("person", sent, segment, target=p)
            for p in people
            if not _possessive_pronoun(doc, p)
        )
        found.extend(_pairs(sent, segment, people))
        if sum(t.is_alpha for t in sent) >= 3:
            found.append(Candidate("clause", sent, segment))
    return found


def _things(sent: Span, segment: SegmentDict, mentions: list[Mention]) -> list[Candidate]:
    seen: set[str] = set()
    out = []
    for mention in mentions:
        if mention["label"] not in THING_LABELS or mention.get("pronoun"):
            continue
        key = mention["id"] or mention["name"]
        if key in seen:
            continue
        seen.add(key)
        out.append(Candidate("thing", sent, segment, target=mention))
    return out


def _people(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for mention in mentions:
        if mention["label"] not in PERSON_LABELS or not mention.get("id"):
            continue
        if mention["id"] in seen:
            continue
        seen.add(mention["id"])
        out.append(mention)
    return out


def _possessive_pronoun(doc: Doc, mention: Mention) -> bool:
    """'your' in "your audit logging is excellent": the sentence is about the thing owned."""
    token = doc[int(mention["start"])]
    return bool(mention.get("pronoun")) and token.lower_ == "your" and token.dep_ == "poss"


def _pairs(sent: Span, segment: SegmentDict, people: list[Mention]) -> list[Candidate]:
    writer = writer_mention(segment)
    pool = [*people]
    if writer is not None and writer.get("id") not in {p["id"] for p in people}:
        pool.append(writer)
    out = []
    for a in pool:
        for b in pool:
            if a is b or (a.get("id") and a.get("id") == b.get("id")):
                continue
            if a.get("writer") and b.get("writer"):
                continue
            out.append(Candidate("pair", sent, segment, target=b, source=a))
    return out


def first_mention_position(candidate: Candidate) -> int:
    target = candidate.target
    if target is None or target["start"] < 0:
        return candidate.sent.start
    return int(target["start"])


def segment_for(candidate: Candidate, segments: list[SegmentDict]) -> SegmentDict | None:
    return segment_at(segments, candidate.sent.start_char)
