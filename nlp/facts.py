"""Component `tacit_facts_v1`: evidenced facts from trigger patterns and the parse.

Triggers (`nlp.patterns`) are matched once per doc with a spaCy Matcher; each match is then
read off the dependency tree: who is the subject (the clause's subject, linked to a person or
account; "I"/"we" through the message context), what is the object (a known entity, or free
text for roles, commitments and preferences), whether the statement is negated or
hypothetical (no fact), or says something stopped ("no longer", "stopped using": a fact with
`negated=True`, so the graph can close the older one). Questions ending in "?" become
ASKED_ABOUT facts of the author. Facts are written to `doc._.tacit_facts` as dicts.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from nlp.dates import find_due_dates
from nlp.facts_objects import MentionIndex, commitment_phrase, preference_object
from nlp.patterns import TRIGGERS, Trigger
from nlp.syntax import clause_subject, is_hypothetical, polarity, sentence_bounds, speaker
from nlp.vocabulary import (
    FACT_ENDPOINTS,
    FIRST_PERSON_SINGULAR,
    PEOPLE,
    THINGS,
    THIRD_PERSON_SINGULAR,
)

logger = logging.getLogger(__name__)

End = dict[str, Any]
FactDict = dict[str, Any]

NOT_COMMITMENTS = frozenset(
    {
        "be", "have", "need", "want", "like", "love", "see", "hear", "appreciate", "happen",
        "stop", "know", "think", "wait", "require", "expect", "take", "come", "look",
    }
)  # fmt: skip
INFO_VERBS = frozenset({"tell", "explain", "clarify", "describe", "confirm", "let"})
EXPERT_PHRASES = ("inside out", "everything", "best", "better than anyone", "a lot about", "most")
ASK_WORDS = frozenset({"about", "whether", "if", "questions", "question"})
PLAN_VERBS = frozenset({"threaten", "consider", "plan", "think", "want", "talk"})


MAX_SUBJECT_CLIMB = 2
NOT_SUBJECTS = frozenset({"dobj", "pobj", "poss"})
# above the trigger, also a name the parser left unattached: "Priya, Sam is ..." addresses Priya
NOT_SUBJECTS_ABOVE = NOT_SUBJECTS | {"dep", "npadvmod", "intj"}


class FactFinder:
    def __init__(
        self, nlp: Language, name: str, gazetteer: str, min_confidence: float, questions: bool
    ):
        self.nlp = nlp
        self.name = name
        self.gazetteer_name = gazetteer
        self._entities: dict[str, tuple[str, str, str | None]] = {}
        self._entities_from: object = None
        self._role_tokens: set[int] = set()
        self.min_confidence = min_confidence
        self.questions = questions
        self.matcher = Matcher(nlp.vocab)
        for key, trigger in TRIGGERS.items():
            self.matcher.add(key, trigger.patterns)

    def __call__(self, doc: Doc) -> Doc:
        context: dict[str, Any] = doc._.tacit_context or {}
        index = MentionIndex(doc, doc._.tacit_mentions or [], context, self._known_entities())
        sent_at = _sent_date(context)
        found: list[FactDict] = []
        matches = self.matcher(doc)
        self._role_tokens = {
            i
            for match_id, start, end in matches
            if TRIGGERS[doc.vocab.strings[match_id]].mode == "role"
            for i in range(start, end)
        }
        for match_id, start, end in matches:
            trigger = TRIGGERS[doc.vocab.strings[match_id]]
            span = doc[start:end]
            try:
                found.extend(self._read(trigger, span, index, sent_at))
            except (IndexError, KeyError):  # a parse we did not expect: skip, never fail
                logger.debug("skipped trigger %s", doc.vocab.strings[match_id], exc_info=True)
        if self.questions:
            for sent in doc.sents:
                found.extend(self._question(sent, index))
        doc._.tacit_facts = _deduplicated(
            f for f in found if f["confidence"] >= self.min_confidence
        )
        return doc

    def _known_entities(self) -> dict[str, tuple[str, str, str | None]]:
        entries = getattr(self.nlp.get_pipe(self.gazetteer_name), "entries", {})
        if entries is not self._entities_from:
            self._entities = {k: (e.name, e.label, e.account) for k, e in entries.items()}
            self._entities_from = entries
        return self._entities

    # --- one trigger -------------------------------------------------------------------

    def _read(
        self, trigger: Trigger, span: Span, index: MentionIndex, sent_at: date | None
    ) -> list[FactDict]:
        anchor = span[trigger.anchor]
        sent = anchor.sent
        question = sent.text.rstrip().endswith("?")
        if question and trigger.mode != "commitment" and trigger.relation != "ASKED_ABOUT":
            return []
        state = polarity(anchor)
        if state == "negated" or is_hypothetical(anchor, sent):
            return []
        relation = trigger.relation
        if trigger.extra.get("needs_to") and anchor.head.lemma_ in PLAN_VERBS:
            relation = "EVALUATING"
        subjects, objects = self._ends(trigger, relation, span, anchor, index, sent_at)
        if not subjects or not objects:
            return []
        allowed_subjects, allowed_objects = FACT_ENDPOINTS[relation]
        facts = []
        for subject, subject_confidence in subjects:
            for obj, due in objects:
                if subject["label"] not in allowed_subjects or obj["label"] not in allowed_objects:
                    continue
                if subject["id"] is not None and subject["id"] == obj["id"]:
                    continue
                confidence = trigger.confidence * (subject_confidence**0.5)
                facts.append(
                    _fact(subject, relation, obj, confidence, due, sent, state == "ceased")
                )
        return facts

    def _ends(
        self,
        trigger: Trigger,
        relation: str,
        span: Span,
        anchor: Token,
        index: MentionIndex,
        sent_at: date | None,
    ) -> tuple[list[tuple[End, float]], list[tuple[End, str | None]]]:
        mode = trigger.mode
        labels = FACT_ENDPOINTS[relation][1]
        if mode == "clause_subject":
            subject_token = clause_subject(anchor)
            if subject_token is None:
                return [], []
            people_ok = "Contact" in labels
            objs = index.coordinated(
                index.in_tokens(list(subject_token.subtree), labels, allow_pronouns=people_ok)
            )
            return index.implicit_subject(anchor, speaker(anchor)), [(o, None) for o in objs]
        subjects = self._subjects(trigger, span, anchor, index)
        if mode == "role":
            subjects = [(s, c) for s, c in subjects if s["label"] in PEOPLE]
            return subjects, [({"id": None, "name": trigger.role, "label": "Role"}, None)]
        if mode == "commitment":
            if anchor.lemma_ in NOT_COMMITMENTS or anchor.sent.text.rstrip().endswith("?"):
                return [], []
            if any(t.i in self._role_tokens for t in anchor.subtree):
                return [], []  # "Kenji will run the technical evaluation" states a role
            phrase = commitment_phrase(anchor, sent_at, find_due_dates)
            if phrase is None:
                return subjects, []
            text, due = phrase
            return subjects, [({"id": None, "name": text, "label": "Commitment"}, due)]
        if mode == "preference":
            return subjects, [(preference_object(anchor, span, index), None)]
        if mode in ("person_after", "manager"):
            return self._people_objects(trigger, span, anchor, index, subjects)
        region = index.region(anchor, span, inside=mode == "inside")
        if trigger.extra.get("needs_to"):
            to = next((t for t in region if t.lower_ == "to" and t.head.i >= anchor.i), None)
            region = list(to.subtree) if to is not None else []
        if trigger.extra.get("asks") and not ASK_WORDS.intersection(t.lower_ for t in region):
            return [], []
        if trigger.extra.get("knows"):
            tail = anchor.sent.doc[anchor.i : anchor.sent.end].text.lower()
            if not any(phrase in tail for phrase in EXPERT_PHRASES):
                return [], []
        if trigger.extra.get("concepts_only"):
            labels = ("Concept",)
        objs = index.in_tokens(region, labels, allow_pronouns="Contact" in labels)
        subject_ids = {s["id"] for s, _ in subjects}
        objs = [o for o in objs if o["id"] is None or o["id"] not in subject_ids]
        if relation == "ASKED_ABOUT":
            objs = _asked_objects(objs)
        elif not trigger.all_objects:
            objs = index.coordinated(objs)
        if mode == "inside" and not subjects:
            subjects = index.implicit_subject(anchor, None)
        return subjects, [(index.end(o), None) for o in objs]

    def _subjects(
        self, trigger: Trigger, span: Span, anchor: Token, index: MentionIndex
    ) -> list[tuple[End, float]]:
        if trigger.extra.get("action_item"):
            first = span[0]
            sent = first.sent
            lead = next((t for t in sent if not (t.is_punct or t.is_space)), None)
            if lead is None or first.i != lead.i:
                return []
            return index.subject_ends(first)
        token = clause_subject(anchor)
        ends = index.subject_ends(token) if token is not None else []
        if ends:
            return ends
        # the small model often misparses unknown first names ("Raj will fix ...", "Raj is
        # our go-to person"): take a person or account mention that the trigger's word, or
        # a word above it in the clause, governs from its left
        for head in (anchor, *list(anchor.ancestors)[:MAX_SUBJECT_CLIMB]):
            skipped = NOT_SUBJECTS if head is anchor else NOT_SUBJECTS_ABOVE
            for child in head.lefts:
                if child.dep_ not in skipped and index.at(child) is not None:
                    return index.subject_ends(child)
        return []

    def _people_objects(
        self,
        trigger: Trigger,
        span: Span,
        anchor: Token,
        index: MentionIndex,
        subjects: list[tuple[End, float]],
    ) -> tuple[list[tuple[End, float]], list[tuple[End, str | None]]]:
        if trigger.mode == "manager":
            return index.manager_relation(anchor)
        subject_ids = {s["id"] for s, _ in subjects}
        to = next(
            (c for c in anchor.children if c.lower_ == "to" and c.dep_ in ("prep", "dative")), None
        )
        dobj = next((c for c in anchor.children if c.dep_ in ("dobj", "dative")), None)
        candidates: list[Token] = []
        if (
            trigger.relation == "INTRODUCED"
            and dobj is not None
            and dobj.lower_ not in ("me", "us")
        ):
            candidates = list(dobj.subtree)
        elif to is not None:
            candidates = list(to.subtree)
        else:
            candidates = [t for t in anchor.subtree if t.i >= span.end]
        objs = index.in_tokens(candidates, PEOPLE, allow_pronouns=True, skip_possessors=True)
        objs = [o for o in objs if o["id"] is None or o["id"] not in subject_ids]
        pronoun_object = to is not None and any(
            t.lower_ in THIRD_PERSON_SINGULAR for t in to.subtree
        )
        if not objs and pronoun_object:
            objs = index.nearest_person_before(anchor, exclude=subject_ids)
        objs = index.coordinated(objs)
        return subjects, [(index.end(o), None) for o in objs]

    # --- questions -----------------------------------------------------------------------

    def _question(self, sent: Span, index: MentionIndex) -> list[FactDict]:
        if not sent.text.rstrip().endswith("?") or is_hypothetical(sent.root, sent):
            return []
        words = [t for t in sent if t.is_alpha]
        if (
            len(words) >= 3
            and words[0].lower_ in ("can", "could", "would")
            and words[1].lower_ == "you"
            and not any(w.lemma_ in INFO_VERBS for w in words[2:4])
        ):
            return []
        author = index.first_person(FIRST_PERSON_SINGULAR)
        if author is None:
            return []
        objs = _asked_objects(index.in_tokens(list(sent), THINGS, allow_pronouns=False))
        return [_fact(author, "ASKED_ABOUT", index.end(o), 0.8, None, sent, False) for o in objs]


def _asked_objects(objs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    concepts = [o for o in objs if o["label"] == "Concept"]
    return concepts or objs[:1]


def _fact(
    subject: End,
    relation: str,
    obj: End,
    confidence: float,
    due: str | None,
    sent: Span,
    negated: bool,
) -> FactDict:
    start, end = sentence_bounds(sent)
    return {
        "subject": subject,
        "relation": relation,
        "object": obj,
        "confidence": round(min(confidence, 0.99), 3),
        "due": due,
        "evidence": {"start": start, "end": end},
        "negated": negated,
    }


def _deduplicated(facts: Any) -> list[FactDict]:
    best: dict[tuple[Any, ...], FactDict] = {}
    for fact in facts:
        key = (
            fact["subject"]["id"] or fact["subject"]["name"].lower(),
            fact["relation"],
            fact["object"]["id"] or fact["object"]["name"].lower(),
            fact["negated"],
        )
        if key not in best or fact["confidence"] > best[key]["confidence"]:
            best[key] = fact
    return sorted(best.values(), key=lambda f: f["evidence"]["start"])


def _sent_date(context: dict[str, Any]) -> date | None:
    sent_at = context.get("sent_at")
    if not sent_at:
        return None
    return date.fromisoformat(str(sent_at)[:10])


@Language.factory(
    "tacit_facts_v1",
    default_config={"gazetteer": "tacit_gazetteer", "min_confidence": 0.55, "questions": True},
)
def make_facts(
    nlp: Language, name: str, gazetteer: str, min_confidence: float, questions: bool
) -> FactFinder:
    """Create the fact finder.

    gazetteer (str): name of the `tacit_gazetteer_v1` component (for entity names).
    min_confidence (float): facts below this confidence are dropped (precision over recall:
        a wrong fact costs more than a missed one).
    questions (bool): turn questions about known products and concepts ("Does Beacon
        support SSO?") into ASKED_ABOUT facts of the author.
    """
    return FactFinder(nlp, name, gazetteer, min_confidence, questions)
