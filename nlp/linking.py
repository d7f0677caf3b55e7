"""Component `tacit_linker_v1`: turn gazetteer matches, names and pronouns into mentions.

Resolution order for a first or last name alone ("Raj"): a person named in full in the same
message; else a participant (author, recipients); else someone at the message's account (or
at the author's company after "my colleague"); else the only person in the world with that
name. Pronouns follow `MessageContext` (see its docstring); "he"/"she" take the nearest person
mentioned before, in the same or the previous sentence.
"""

from __future__ import annotations

import logging
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from nlp.extensions import GAZETTEER_SPANS
from nlp.gazetteer import PARTIAL, Gazetteer
from nlp.vocabulary import (
    FIRST_PERSON_PLURAL,
    FIRST_PERSON_SINGULAR,
    PRONOUNS,
    SECOND_PERSON,
    THIRD_PERSON_PLURAL,
    THIRD_PERSON_SINGULAR,
    UNKNOWN_PERSON,
)

logger = logging.getLogger(__name__)

Mention = dict[str, Any]

SUBJECTS = ("nsubj", "nsubjpass")
CONFIDENCE = {
    "name": 0.95,
    "in_message": 0.9,
    "participant": 0.85,
    "same_account": 0.75,
    "unique": 0.7,
    "first_person": 0.9,
    "you": 0.8,
    "they": 0.7,
    "he_she": 0.6,
    "unknown_person": 0.6,
}


class Linker:
    def __init__(self, nlp: Language, name: str, gazetteer: str, unknown_people: bool):
        self.nlp = nlp
        self.name = name
        self.gazetteer_name = gazetteer
        self.unknown_people = unknown_people
        self._pronouns = Matcher(nlp.vocab)
        self._pronouns.add("PRONOUN", [[{"LOWER": {"IN": sorted(PRONOUNS)}}]])

    @property
    def gazetteer(self) -> Gazetteer:
        component = self.nlp.get_pipe(self.gazetteer_name)
        assert isinstance(component, Gazetteer)
        return component

    def __call__(self, doc: Doc) -> Doc:
        context: dict[str, Any] = doc._.tacit_context or {}
        spans = list(doc.spans.get(GAZETTEER_SPANS, []))
        full = [s for s in spans if s.label_ != PARTIAL]
        named = {s.kb_id_ for s in full}
        mentions: list[Mention] = [self._mention(s, s.kb_id_, CONFIDENCE["name"]) for s in full]
        for span in spans:
            if span.label_ == PARTIAL:
                resolved = self._resolve_partial(span, named, context)
                if resolved:
                    mentions.append(self._mention(span, *resolved))
        if self.unknown_people:
            taken = {i for m in mentions for i in range(m["start"], m["end"])}
            for ent in doc.ents:
                if ent.label_ == "PERSON" and not taken.intersection(range(ent.start, ent.end)):
                    mentions.append(_unknown_person(ent))
        mentions.sort(key=lambda m: m["start"])
        mentions = self._add_pronouns(doc, mentions, context)
        doc._.tacit_mentions = mentions
        return doc

    def _mention(self, span: Span, entity_id: str, confidence: float) -> Mention:
        entry = self.gazetteer.entries[entity_id]
        return {
            "start": span.start,
            "end": span.end,
            "label": entry.label,
            "id": entity_id,
            "name": entry.name,
            "confidence": confidence,
        }

    def _resolve_partial(
        self, span: Span, named: set[str], context: dict[str, Any]
    ) -> tuple[str, float] | None:
        candidates = span.kb_id_.split("|")
        entries = self.gazetteer.entries
        author = context.get("author_id")
        before = span.doc[max(0, span.start - 2) : span.start].text.lower()
        if "colleague" in before and author in entries:
            author_account = entries[author].account
            candidates = [c for c in candidates if entries[c].account == author_account]
        participants = {author, *context.get("recipient_ids", [])}
        account = context.get("account_id")
        for pool, confidence in (
            ([c for c in candidates if c in named], CONFIDENCE["in_message"]),
            ([c for c in candidates if c in participants], CONFIDENCE["participant"]),
            (
                [c for c in candidates if account and entries[c].account == account],
                CONFIDENCE["same_account"],
            ),
            (candidates, CONFIDENCE["unique"]),
        ):
            if len(pool) == 1:
                return pool[0], confidence
            if len(pool) > 1:
                return None
        return None

    def _add_pronouns(
        self, doc: Doc, mentions: list[Mention], context: dict[str, Any]
    ) -> list[Mention]:
        if not doc.has_annotation("SENT_START"):
            return mentions
        entries = self.gazetteer.entries
        people = [m for m in mentions if m["label"] in ("Contact", "Employee")]
        added: list[Mention] = []
        segments = doc._.tacit_segments or []
        for _, start, _end in self._pronouns(doc):
            token = doc[start]
            here = _segment_context(segments, token.idx, context)
            target = self._pronoun_target(token.lower_, here, entries)
            if target is None and token.lower_ not in (
                FIRST_PERSON_SINGULAR | FIRST_PERSON_PLURAL | SECOND_PERSON | THIRD_PERSON_PLURAL
            ):
                chain = [m for m in added if m.get("third_person")]
                target = _nearest_person(token.i, doc, people + chain, context)
            if target is not None:
                entity_id, label, name, confidence = target
                mention = {
                    "start": start,
                    "end": start + 1,
                    "label": label,
                    "id": entity_id,
                    "name": name,
                    "confidence": confidence,
                    "pronoun": True,
                    "third_person": token.lower_ in THIRD_PERSON_SINGULAR,
                }
                added.append(mention)
        return sorted(mentions + added, key=lambda m: m["start"])

    def _pronoun_target(
        self, word: str, context: dict[str, Any], entries: dict[str, Any]
    ) -> tuple[str | None, str, str, float] | None:
        author = context.get("author_id")
        author_label = context.get("author_label") or (
            entries[author].label if author in entries else None
        )
        account = context.get("account_id")
        if account is None and author in entries and entries[author].label == "Contact":
            account = entries[author].account
        if word in FIRST_PERSON_SINGULAR and author:
            return _end(author, author_label, context.get("author_name"), entries, "first_person")
        if word in FIRST_PERSON_PLURAL and author:
            if author_label == "Contact" and account:
                return _end(account, "Account", None, entries, "first_person")
            return _end(author, author_label, context.get("author_name"), entries, "first_person")
        recipients = context.get("recipient_ids") or []
        if word in SECOND_PERSON and len(recipients) == 1:
            return _end(recipients[0], None, None, entries, "you")
        if word in THIRD_PERSON_PLURAL and account and author_label != "Contact":
            return _end(account, "Account", None, entries, "they")
        return None


def _segment_context(
    segments: list[dict[str, Any]], char: int, context: dict[str, Any]
) -> dict[str, Any]:
    """The message context as seen from inside a quoted, forwarded or transcript part."""
    for segment in segments:
        if segment["start"] <= char < segment["end"]:
            if segment["kind"] == "authored":
                return context
            return {
                **context,
                "author_id": segment.get("author_id"),
                "author_name": segment.get("author_name"),
                "author_label": segment.get("author_label"),
                "account_id": segment.get("account_id") or context.get("account_id"),
                "recipient_ids": [],
            }
    return context


def _end(
    entity_id: str, label: str | None, name: str | None, entries: dict[str, Any], how: str
) -> tuple[str | None, str, str, float] | None:
    entry = entries.get(entity_id)
    label = label or (entry.label if entry else None)
    if label is None:
        return None
    return entity_id, label, (entry.name if entry else name) or entity_id, CONFIDENCE[how]


def _nearest_person(
    position: int, doc: Doc, people: list[Mention], context: dict[str, Any]
) -> tuple[str | None, str, str, float] | None:
    sentence = doc[position].sent
    earliest = sentence.start
    if sentence.start > 0:
        earliest = doc[sentence.start - 1].sent.start
    author = context.get("author_id")
    candidates = [m for m in people if earliest <= m["start"] < position and m["id"] != author]
    subjects = [m for m in candidates if doc[m["start"] : m["end"]].root.dep_ in SUBJECTS]
    best = max(subjects or candidates, key=lambda m: m["start"], default=None)
    if best is None:
        return None
    return best["id"], best["label"], best["name"], CONFIDENCE["he_she"]


def _unknown_person(ent: Span) -> Mention:
    start = ent.start + (1 if ent[0].lower_.rstrip(".") in ("dr", "mr", "ms", "mrs") else 0)
    return {
        "start": start,
        "end": ent.end,
        "label": UNKNOWN_PERSON,
        "id": None,
        "name": ent.doc[start : ent.end].text,
        "confidence": CONFIDENCE["unknown_person"],
    }


@Language.factory(
    "tacit_linker_v1",
    default_config={"gazetteer": "tacit_gazetteer", "unknown_people": True},
)
def make_linker(nlp: Language, name: str, gazetteer: str, unknown_people: bool) -> Linker:
    """Create the linker.

    gazetteer (str): name of the `tacit_gazetteer_v1` component whose entries ids refer to.
    unknown_people (bool): keep PERSON entities we do not know as mentions without an id
        (label Contact), so facts about new people ("introduced us to Sarah Kim") survive.
    """
    return Linker(nlp, name, gazetteer, unknown_people)
