"""From a candidate the model accepted to a fact: its subject, its object, its evidence.

Subjects follow the annotation conventions:

- attitudes and questions (INTERESTED_IN, COMPLAINED_ABOUT, PRAISED, ASKED_ABOUT) belong
  to the contact who expresses them: a named contact (or "he"/"she" referring to one) who is
  the clause's subject or asked someone to relay them, else the writer when a contact,
  else the account the message is about;
- USES and EVALUATING belong to the account: one named as the clause's subject, else the
  subject contact's account, else the account the message is about;
- EXPERT_IN belongs to the employee the sentence is about;
- COMMITTED_TO and PREFERS belong to the clause's named subject, else the speaker;
- HAS_ROLE to the person given the role; INTRODUCED and REPORTS_TO to the pair's first.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from nlp.dates import find_due_dates
from nlp.relations.candidates import ALLOWED_OBJECTS, Candidate, Mention
from nlp.relations.phrases import (
    commitment_phrase,
    preference_phrase,
    states_preference,
    verb_clause,
)
from nlp.syntax import clause_subject, is_collective_body, sentence_bounds

End = dict[str, Any]
FactDict = dict[str, Any]

ATTITUDES = frozenset({"INTERESTED_IN", "COMPLAINED_ABOUT", "PRAISED", "ASKED_ABOUT"})
ACCOUNT_FACTS = frozenset({"USES", "EVALUATING"})
RELAY_VERBS = frozenset({"ask", "want", "say", "mention", "tell", "request", "wonder", "like"})
FUTURE_MARKERS = frozenset({"will", "'ll", "shall", "wo"})
MAX_OBJECT_WORDS = 20


class DocFacts:
    """Turns accepted candidates of one doc into fact dicts."""

    def __init__(
        self,
        doc: Doc,
        mentions: list[Mention],
        context: dict[str, Any],
        entities: dict[str, tuple[str, str, str | None]],
    ):
        self.doc = doc
        self.context = context
        self.entities = entities  # id -> (name, label, account)
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            for i in range(mention["start"], mention["end"]):
                self.by_token.setdefault(i, mention)
        self.mentions = mentions
        self.account_id = _message_account(context, mentions, entities)
        self.sent_at = _sent_date(context)

    # --- ends ---------------------------------------------------------------------------

    def entity_end(self, entity_id: str | None) -> End | None:
        if not entity_id or entity_id not in self.entities:
            return None
        name, label, _ = self.entities[entity_id]
        return {"id": entity_id, "name": name, "label": label}

    @staticmethod
    def mention_end(mention: Mention) -> End:
        return {"id": mention.get("id"), "name": mention["name"], "label": mention["label"]}

    def writer(self, candidate: Candidate) -> End | None:
        segment = candidate.segment or {}
        author = segment.get("author_id")
        if author and author in self.entities:
            return self.entity_end(author)
        if segment.get("author_name"):
            return {
                "id": author,
                "name": segment["author_name"],
                "label": segment.get("author_label") or "Contact",
            }
        return None

    def account_for(self, candidate: Candidate) -> End | None:
        segment = candidate.segment or {}
        account = segment.get("account_id")
        if not account and segment.get("author_label") == "Contact":
            account = self._account_of(segment.get("author_id"))
        return self.entity_end(account or self.account_id)

    def _account_of(self, person: str | None) -> str | None:
        known = self.entities.get(person or "")
        return known[2] if known else None

    def subject_mention(self, token: Token) -> Mention | None:
        subject = clause_subject(token)
        if subject is None:
            return None
        if any(_first_person(t) for t in subject.conjuncts):
            return None  # "Shane and I will ...": the writer speaks for both
        mention = self.by_token.get(subject.i)
        if mention is None:
            for child in subject.children:
                if child.dep_ in ("appos", "compound", "poss") and child.i in self.by_token:
                    return self.by_token[child.i]
        return mention

    def _named_before(self, verb: Token) -> Mention | None:
        """A person named just before the verb group, when the parser missed the subject.

        "Raj will set up ..." parsed with "Raj" as an adverb still makes Raj the subject.
        """
        first = min(
            [verb, *(c for c in verb.children if c.dep_ in ("aux", "neg"))], key=lambda t: t.i
        )
        before = first.i - 1
        if before < verb.sent.start:
            return None
        mention = self.by_token.get(before)
        if mention is not None and mention["label"] in ("Contact", "Employee"):
            return mention
        return None

    def relayed_by(self, sent: Span) -> Mention | None:
        """A named contact whose wish the sentence relays ("Fiona wanted me to ask ...")."""
        for token in sent:
            if token.lemma_.lower() not in RELAY_VERBS:
                continue
            for child in token.children:
                mention = self.by_token.get(child.i)
                if (
                    child.dep_ in ("nsubj", "nsubjpass")
                    and mention is not None
                    and mention["label"] == "Contact"
                    and not _first_person(child)
                ):
                    return mention
        return None

    # --- facts --------------------------------------------------------------------------

    def fact(self, candidate: Candidate, relation: str, confidence: float) -> FactDict | None:
        subject: End | None
        obj: End | None
        due: str | None = None
        if candidate.kind == "thing":
            target = candidate.target
            assert target is not None
            if target["label"] not in ALLOWED_OBJECTS.get(relation, frozenset()):
                return None
            obj = self.mention_end(target)
            subject = self._thing_subject(candidate, relation, target)
        elif candidate.kind == "person":
            target = candidate.target
            assert target is not None
            if relation.startswith("HAS_ROLE:"):
                if target["label"] != "Contact":
                    return None
                subject = self.mention_end(target)
                obj = {"id": None, "name": relation.split(":", 1)[1], "label": "Role"}
                relation = "HAS_ROLE"
            else:  # PRAISED an employee
                if target["label"] != "Employee":
                    return None
                obj = self.mention_end(target)
                subject = self._attitude_subject(candidate, None)
        elif candidate.kind == "pair":
            assert candidate.source is not None and candidate.target is not None
            subject, obj = self.mention_end(candidate.source), self.mention_end(candidate.target)
            if relation == "REPORTS_TO" and (subject["label"] == "Employee") != (
                obj["label"] == "Employee"
            ):
                return None
        else:
            subject, obj, due = self._clause(candidate, relation)
        if subject is None or obj is None:
            return None
        if subject.get("id") and subject.get("id") == obj.get("id"):
            return None
        start, end = sentence_bounds(candidate.sent)
        return {
            "subject": subject,
            "relation": relation,
            "object": obj,
            "confidence": round(float(confidence), 4),
            "due": due,
            "evidence": {"start": start, "end": end},
            "negated": False,
        }

    def _thing_subject(self, candidate: Candidate, relation: str, target: Mention) -> End | None:
        token = self.doc[target["start"] : target["end"]].root
        if relation in ACCOUNT_FACTS:
            mention = self.subject_mention(token)
            if mention is not None and mention["label"] == "Account":
                return self.mention_end(mention)
            if mention is not None and mention["label"] == "Contact":
                account = self.entity_end(self._account_of(mention.get("id")))
                if account is not None:
                    return account
            return self.account_for(candidate)
        if relation == "EXPERT_IN":
            return self._expert(candidate, token)
        return self._attitude_subject(candidate, token)

    def _attitude_subject(self, candidate: Candidate, token: Token | None) -> End | None:
        if token is not None and self._said_by_a_body(token):
            return self.account_for(candidate)
        if token is not None:
            mention = self.subject_mention(token)
            if mention is not None and not mention.get("writer"):
                if mention["label"] == "Contact" and mention.get("id"):
                    return self.mention_end(mention)
                if mention["label"] == "Account":
                    return self.mention_end(mention)
        relayed = self.relayed_by(candidate.sent)
        if relayed is not None:
            return self.mention_end(relayed)
        writer = self.writer(candidate)
        if writer is not None and writer["label"] == "Contact":
            return writer
        return self.account_for(candidate)

    def _said_by_a_body(self, token: Token) -> bool:
        """'The board approved a pilot of Rota': the organisation's wish, not the writer's."""
        subject = clause_subject(token)
        return (
            subject is not None and subject.i not in self.by_token and is_collective_body(subject)
        )

    def _expert(self, candidate: Candidate, token: Token) -> End | None:
        mention = self.subject_mention(token)
        if mention is not None and mention["label"] == "Employee":
            return self.mention_end(mention)
        employees = [
            m
            for m in self.mentions
            if candidate.sent.start <= m["start"] < candidate.sent.end and m["label"] == "Employee"
        ]
        if employees:
            nearest = min(employees, key=lambda m: abs(m["start"] - token.i))
            return self.mention_end(nearest)
        writer = self.writer(candidate)
        return writer if writer is not None and writer["label"] == "Employee" else None

    def _clause(
        self, candidate: Candidate, relation: str
    ) -> tuple[End | None, End | None, str | None]:
        sent = candidate.sent
        if _is_question(sent):
            return None, None, None
        verb = _commitment_verb(sent) if relation == "COMMITTED_TO" else sent.root
        if relation == "COMMITTED_TO" and not _promises(verb):
            return None, None, None
        mention = self.subject_mention(verb) or self._named_before(verb)
        subject: End | None = None
        if (
            mention is not None
            and not mention.get("pronoun")
            and mention["label"]
            in (
                "Contact",
                "Employee",
            )
            or mention is not None
            and mention.get("pronoun")
            and mention["label"]
            in (
                "Contact",
                "Employee",
            )
            and not _first_person(self.doc[mention["start"]])
        ):
            subject = self.mention_end(mention)
        else:
            subject = self.writer(candidate)
        if subject is None:
            return None, None, None
        if relation == "PREFERS":
            if subject["label"] != "Contact":
                return None, None, None
            if states_preference(sent) is False:
                return None, None, None  # "I didn't want to put you in a bind"
            text = self.named(preference_phrase(sent) or clause_text(sent), candidate)
            return subject, {"id": None, "name": _short(text), "label": "Preference"}, None
        found = commitment_phrase(verb, self.sent_at, find_due_dates)
        due = found[1] if found else _sentence_due(sent, self.sent_at)
        text = found[0] if found else ""
        if _too_thin(text):
            text = _without_dates(verb_clause(verb)) or clause_text(sent, drop_dates=True)
        text = _short(self.named(text, candidate))
        if not text:
            return None, None, None
        return subject, {"id": None, "name": text, "label": "Commitment"}, due

    def named(self, text: str, candidate: Candidate) -> str:
        """`text` readable out of its message: "you", "your" and "our" replaced by
        whom they stand for, when the message says ("push a hotfix build to your MDM" from
        the vendor to one customer -> "push a hotfix build to Cedar Fork's MDM")."""
        segment = candidate.segment or {}
        speaker = segment.get("author_id")
        if not speaker or speaker != self.context.get("author_id"):
            return text  # quoted or relayed: whom "you" meant is not known here
        own = self._account_name(self.entities.get(speaker, (None, None, None))[2])
        heard = [r for r in self.context.get("recipient_ids") or [] if r in self.entities]
        accounts = {self.entities[r][2] for r in heard}
        theirs = self._account_name(accounts.pop()) if len(accounts) == 1 else None
        person = self.entities[heard[0]][0] if len(heard) == 1 else theirs
        names = {
            r"you (?:lot|guys|all|folks|people)": theirs,
            r"your": f"{theirs}'s" if theirs else None,
            r"you": person,
            r"our": f"{own}'s" if own and own != theirs else None,
        }
        for words, name in names.items():
            if name:
                text = re.sub(rf"\b{words}\b(?!['’])", name, text, flags=re.IGNORECASE)
        return text

    def _account_name(self, account: str | None) -> str | None:
        known = self.entities.get(account or "")
        return known[0] if known else None


def _first_person(token: Token) -> bool:
    return token.lower_ in ("i", "me", "my", "we", "us", "our")


def _is_question(sent: Span) -> bool:
    """A sentence that asks ("Would you prefer to call him?") asserts no promise or
    preference."""
    last = next((t for t in reversed(sent) if not t.is_space), None)
    return last is not None and last.text.endswith("?")


def _promises(verb: Token) -> bool:
    """Whether the clause of `verb` is a promise its subject makes: said in the future
    (or "let me", "going to", "I promised"), not in the past, not someone else doing it
    ("you will attend"; but "you'll have it by Friday" is the writer's promise), not a
    conditional ("if you will send it", "if the board agrees, I will sign"), not a need
    ("I will need two copies") or a state ("I will be out of the office"). English grammar
    only: other languages are left to the model."""
    sent = verb.sent
    if not _reads_as_english(sent):
        return True
    future = any(c.lower_ in FUTURE_MARKERS for c in verb.children)
    if verb.lemma_ in _PROMISE_VERBS or _owner_tagged(sent) and clause_subject(verb) is None:
        return True
    if verb.lemma_ in ("say", "tell") and any(
        c.dep_ == "ccomp" and any(a.lower_ in ("'d", "would", "will", "'ll") for a in c.children)
        for c in verb.children
    ):
        return True  # "I told Seba I'd have the mapping finished"
    if verb.tag_ in ("VBD", "VBN") and not future:
        return False
    if verb.lemma_ in _WANTS or any(
        c.dep_ == "xcomp" and c.lemma_ in _WANTS for c in verb.children
    ):
        return False  # "I will need two copies", "we will continue to need updates": a wish
    if verb.lemma_ in _CHATS and any(
        c.lower_ in ("later", "soon") and c.dep_ in ("advmod", "npadvmod") for c in verb.children
    ):
        return False  # "I'll talk to you later": a parting, not a promise
    if any(c.dep_ == "auxpass" for c in verb.children):
        return False  # "the conference will be held on Friday": an event, not a promise
    if any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in verb.children):
        return False  # "TXU generally will send out data within two weeks": a habit
    if verb.lemma_ == "be" and not any(
        c.dep_ == "xcomp" or c.dep_ == "acomp" and any(g.dep_ == "xcomp" for g in c.children)
        for c in verb.children
    ):
        return False
    if verb.dep_ == "advcl" and _marked(verb, ("if", "unless", "when", "once")):
        return False
    if any(c.dep_ == "advcl" and _marked(c, ("if", "unless")) for c in verb.children):
        return False  # "If the board agrees, I will sign": a promise on a condition
    subject = clause_subject(verb)
    if subject is None:
        return future or verb.dep_ == "xcomp"
    if subject.lower_ in ("you", "u"):
        return future and verb.lemma_ in ("have", "get", "receive", "hear")
    return subject.lower_ not in ("it", "there", "this", "that", "they")


def _marked(clause: Token, markers: tuple[str, ...]) -> bool:
    """Whether a clause opens with one of `markers` ("if", "unless", ...)."""
    return any(c.dep_ == "mark" and c.lower_ in markers for c in clause.children)


def is_plain_promise(sent: Span) -> bool:
    """A first-person promise in plain English: "I will attach the export tomorrow", "we'll
    publish the tender documents by 15 January". Said in the future, by "I" or "we", about
    an action, not negated, not conditional, not asked, not quoted speech."""
    if _is_question(sent) or not _reads_as_english(sent):
        return False
    if any(t.lower_ in _CONDITIONAL_WORDS or t.dep_ == "neg" for t in sent):
        return False
    if any(t.text in ('"', "“", "”") for t in sent):
        return False
    verb = _commitment_verb(sent)
    subject = clause_subject(verb)
    if subject is None or subject.lower_ not in ("i", "we"):
        return False
    if verb.lemma_ in _NOT_ACTIONS or not any(c.lower_ in FUTURE_MARKERS for c in verb.children):
        return False
    return _promises(verb)


_CONDITIONAL_WORDS = frozenset({"if", "unless", "whether", "maybe", "perhaps", "might", "probably"})
_NOT_ACTIONS = frozenset(
    {"be", "have", "need", "say", "do", "take", "stay", "own", "see", "compare", "believe"}
)


_PROMISE_VERBS = frozenset({"promise", "commit", "pledge", "guarantee"})
_WANTS = frozenset({"need", "require", "want", "like", "love", "wish", "hope"})
_CHATS = frozenset({"talk", "speak", "chat", "see", "catch"})
_HABITUAL = frozenset({"generally", "usually", "normally", "typically", "always", "often"})


def _reads_as_english(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha]
    return bool(words) and sum(t.lower_ in STOP_WORDS for t in words) >= 0.25 * len(words)


def _owner_tagged(sent: Span) -> bool:
    """An action item in notes: "ND: send Fergus the template by Fri"."""
    head = [t for t in sent[:4] if not t.is_space]
    return any(t.text == ":" for t in head[1:4]) and not any(t.lower_ == "please" for t in sent)


def _commitment_verb(sent: Span) -> Token:
    for token in sent:
        if token.lower_ in FUTURE_MARKERS and token.head.pos_ in ("VERB", "AUX"):
            return token.head
        if (
            token.lower_ == "going"
            and token.i + 2 < sent.end
            and sent.doc[token.i + 1].lower_ == "to"
        ):
            return sent.doc[token.i + 2]
    for token in sent:
        if token.dep_ == "xcomp" and token.head.lemma_ in ("let", "try", "promise", "plan"):
            return token
    return sent.root


LIGHT_WORDS = frozenset(
    {"it", "this", "that", "them", "one", "those", "these", "back", "there", "so", "you", "us"}
)
_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|\s[-–—]\s|,\s*(?:but|because|since|so that|so|as|which|although|though)\b)\s*",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^\s*(?:[-*•>]+\s*|\[[^\]]{1,20}\]\s*|[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*)?:\s+)*"
    r"(?:(?:also|and|but|so|ok|okay|yes|sure|well|honestly|anyway|btw|ps|pls|please|fyi|"
    r"on that|for the record|as discussed|as promised|one more thing)\b[,:]?\s*)*",
    re.IGNORECASE,
)


def clause_text(sent: Span, drop_dates: bool = False) -> str:
    """The sentence's first clause, without list marks, speaker tags and fillers."""
    text = " ".join(sent.text.split())
    parts = [p for p in _CLAUSE_BREAK.split(text) if p]
    chosen = parts[0] if parts else text
    if len(_content(chosen)) < 3 and len(parts) > 1:
        chosen = max(parts, key=lambda p: len(_content(p)))
    chosen = _LEAD.sub("", chosen)
    if drop_dates:
        chosen = _without_dates(chosen)
    return _short(chosen.strip(" .,!;:"))


def _without_dates(text: str) -> str:
    """`text` without the dates in it and the prepositions or conjunctions left dangling."""
    for found in sorted(find_due_dates(text, date.today()), key=lambda d: -d.start):
        text = text[: found.start] + text[found.end :]
    text = re.sub(r"\b(?:by|before|until|on|at|within)\s*(?=[,.;]|$)", "", text)
    text = re.sub(r"\s+(?:or|and|,)\s+(?=(?:or|and|to)\b)", " ", text)
    text = re.sub(r"(?:\s+(?:or|and|by|on|at))+\s*$", "", text.strip(" .,!;:"))
    return " ".join(text.split()).strip(" .,!;:")


def _content(text: str) -> list[str]:
    return list(re.findall(r"[^\W\d_]{3,}", text.lower()))


def _too_thin(text: str) -> bool:
    """A phrase that says too little to know what was promised ("tell you by end of")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    meaningful = [w for w in words[1:] if w not in STOP_WORDS and w not in LIGHT_WORDS]
    return len(words) < 3 or len(meaningful) < 2


def _sentence_due(sent: Span, sent_at: date | None) -> str | None:
    if sent_at is None:
        return None
    dates = [d for d in find_due_dates(sent.text, sent_at) if d.due is not None]
    return dates[0].due.isoformat() if len(dates) == 1 and dates[0].due else None


def _short(text: str) -> str:
    words = text.split()
    return " ".join(words[:MAX_OBJECT_WORDS]).strip(" ,;:-")


def _sent_date(context: dict[str, Any]) -> date | None:
    sent = context.get("sent_at")
    if not sent:
        return None
    if isinstance(sent, date):
        return sent if not hasattr(sent, "date") else sent.date()
    try:
        return date.fromisoformat(str(sent)[:10])
    except ValueError:
        return None


def _message_account(
    context: dict[str, Any],
    mentions: list[Mention],
    entities: dict[str, tuple[str, str, str | None]],
) -> str | None:
    """The customer account a message is about: given, else the one most mentioned."""
    if context.get("account_id"):
        return str(context["account_id"])
    author = entities.get(context.get("author_id") or "")
    if author and author[1] == "Contact" and author[2]:
        return author[2]
    for recipient in context.get("recipient_ids") or []:
        known = entities.get(recipient)
        if known and known[1] == "Contact" and known[2]:
            return known[2]
    votes: Counter[str] = Counter()
    for mention in mentions:
        if mention.get("pronoun") or not mention.get("id"):
            continue
        if mention["label"] == "Account":
            votes[mention["id"]] += 2
        elif mention["label"] == "Contact":
            known = entities.get(mention["id"])
            if known and known[2]:
                votes[known[2]] += 1
    vendor = author[2] if author and author[1] == "Employee" else None
    for account, _ in votes.most_common():
        if account != vendor:
            return account
    return None
