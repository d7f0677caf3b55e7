"""Finding a fact's ends in a parsed doc: mentions by token, subjects, objects, phrases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from nlp.dates import DueDate
from nlp.vocabulary import FACT_SUBJECTS, GROUP_NOUNS, PEOPLE, THINGS

Mention = dict[str, Any]
End = dict[str, Any]

_COORDINATION = frozenset({",", "and", "or", "&", "as", "well", "the", "/", "both"})
_CUT_DEPS = frozenset({"advcl", "parataxis", "mark", "cc", "relcl", "intj"})
_PHRASE_DROP_DEPS = frozenset({"aux", "auxpass", "neg", "mark", "cc", "punct", "intj", "nsubj"})
_FILLER_ADVERBS = frozenset(
    {"also", "too", "then", "just", "definitely", "certainly", "personally", "now", "still",
     "again", "really", "happily", "gladly", "probably", "quickly"}
)  # fmt: skip
_SUBORDINATORS = frozenset(
    {"provided", "providing", "assuming", "once", "unless", "if", "because", "since", "so", "as"}
)
_DATE_PREPOSITIONS = frozenset({"by", "on", "before", "until", "till", "for", "within", "in", "at"})


class MentionIndex:
    """The linker's mentions, looked up by token, plus the message context."""

    def __init__(
        self,
        doc: Doc,
        mentions: list[Mention],
        context: dict[str, Any],
        entities: dict[str, tuple[str, str, str | None]],
    ):
        self.doc = doc
        self.mentions = mentions
        self.context = context
        self.entities = entities  # id -> (name, label, account)
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            for i in range(mention["start"], mention["end"]):
                self.by_token[i] = mention

    # --- lookups ---

    def at(self, token: Token) -> Mention | None:
        found = self.by_token.get(token.i)
        if found is not None:
            return found
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                return self.by_token[child.i]
        if token.dep_ == "appos":
            return self.by_token.get(token.head.i)
        return None

    @staticmethod
    def end(mention: Mention) -> End:
        return {"id": mention["id"], "name": mention["name"], "label": mention["label"]}

    def entity_end(self, entity_id: str, label: str | None = None) -> End | None:
        known = self.entities.get(entity_id)
        if known is None:
            return None
        return {"id": entity_id, "name": known[0], "label": label or known[1]}

    def account(self) -> str | None:
        account = self.context.get("account_id")
        author = self.context.get("author_id")
        if account is None and author in self.entities:
            account = self.entities[author][2]
        return account

    # --- subjects ---

    def subject_ends(self, token: Token) -> list[tuple[End, float]]:
        ends: list[tuple[End, float]] = []
        for candidate in [token, *token.conjuncts]:
            mention = self.at(candidate)
            if mention is not None and mention["label"] in FACT_SUBJECTS:
                ends.append((self.end(mention), mention["confidence"]))
            elif candidate.i == token.i and candidate.lemma_.lower() in GROUP_NOUNS:
                account = self.account()
                end = self.entity_end(account, "Account") if account else None
                if end is not None:
                    ends.append((end, 0.8))
        return ends

    def implicit_subject(self, anchor: Token, speaker: Token | None) -> list[tuple[End, float]]:
        """Who holds an opinion stated without a person: the reporter, the account, the author."""
        if speaker is not None:
            ends = self.subject_ends(speaker)
            if ends:
                return ends
        account = self.account()
        if account:
            end = self.entity_end(account, "Account")
            if end is not None:
                return [(end, 0.85)]
        author = self.context.get("author_id")
        if author and self.context.get("author_label") == "Contact":
            end = self.entity_end(author)
            if end is not None:
                return [(end, 0.85)]
        return []

    def first_person(self, words: frozenset[str]) -> End | None:
        author = self.context.get("author_id")
        if not author:
            return None
        end = self.entity_end(author)
        if end is None:
            label = self.context.get("author_label") or "Contact"
            end = {"id": author, "name": self.context.get("author_name") or author, "label": label}
        return end

    # --- objects ---

    def in_tokens(
        self,
        tokens: Sequence[Token],
        labels: Sequence[str],
        allow_pronouns: bool,
        skip_possessors: bool = False,
    ) -> list[Mention]:
        seen: set[int] = set()
        found: list[Mention] = []
        for token in sorted(tokens, key=lambda t: t.i):
            mention = self.by_token.get(token.i)
            if mention is None or id(mention) in seen or mention["label"] not in labels:
                continue
            if mention.get("pronoun") and not (
                allow_pronouns and mention["label"] in PEOPLE and token.dep_ != "poss"
            ):
                continue
            if skip_possessors and self._is_possessor(mention):
                continue
            seen.add(id(mention))
            found.append(mention)
        return found

    def _is_possessor(self, mention: Mention) -> bool:
        span = self.doc[mention["start"] : mention["end"]]
        return span.root.dep_ == "poss" or any(t.lower_ == "'s" for t in span.root.children)

    def coordinated(self, mentions: list[Mention]) -> list[Mention]:
        """The first mention and those joined to it by "and", "or" and commas."""
        if not mentions:
            return []
        kept = [mentions[0]]
        for mention in mentions[1:]:
            between = self.doc[kept[-1]["end"] : mention["start"]]
            if 0 < len(between) <= 3 and all(t.lower_ in _COORDINATION for t in between):
                kept.append(mention)
            else:
                break
        return kept

    def region(self, anchor: Token, span: Span, inside: bool) -> list[Token]:
        """The tokens an object may come from: after the trigger, within its clause."""
        root = anchor
        while root.dep_ in ("compound", "amod", "nmod", "det") and root.head.i != root.i:
            root = root.head
        if inside:
            return list(root.subtree)
        cut: set[int] = set()
        tokens = [t for t in root.subtree if t.i >= span.end]
        for token in tokens:
            if token.i in cut:
                continue
            own_clause = token.dep_ == "conj" and any(c.dep_ == "nsubj" for c in token.children)
            if token.dep_ in _CUT_DEPS or own_clause:
                cut.update(t.i for t in token.subtree)
        return [t for t in tokens if t.i not in cut]

    def nearest_person_before(self, anchor: Token, exclude: set[Any]) -> list[Mention]:
        sent = anchor.sent
        earliest = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for mention in sorted(self.mentions, key=lambda m: -m["start"]):
            in_reach = earliest <= mention["start"] < anchor.i and mention["label"] in PEOPLE
            if in_reach and not mention.get("pronoun") and mention["id"] not in exclude:
                return [mention]
        return []

    def manager_relation(
        self, anchor: Token
    ) -> tuple[list[tuple[End, float]], list[tuple[End, str | None]]]:
        """ "Kenji's manager, Lena Hoffmann" -> (Kenji, Lena)."""
        subordinate = next(
            (
                self.by_token[c.i]
                for c in anchor.children
                if c.dep_ == "poss" and c.i in self.by_token
            ),
            None,
        )
        boss = None
        for child in anchor.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                boss = self.by_token[child.i]
        if boss is None and anchor.dep_ in ("attr", "nsubj"):
            other = "nsubj" if anchor.dep_ == "attr" else "attr"
            for sibling in anchor.head.children:
                if sibling.dep_ == other and sibling.i in self.by_token:
                    boss = self.by_token[sibling.i]
        if subordinate is None or boss is None:
            return [], []
        if subordinate["label"] not in PEOPLE or boss["label"] not in PEOPLE:
            return [], []
        return [(self.end(subordinate), subordinate["confidence"])], [(self.end(boss), None)]


def commitment_phrase(
    verb: Token,
    sent_at: date | None,
    find_dates: Callable[[str, date], list[DueDate]],
) -> tuple[str, str | None] | None:
    """The verb phrase committed to, without subject, auxiliaries and the due date."""
    sent = verb.sent
    cut: set[int] = set()
    for child in verb.children:
        own_clause = child.dep_ == "conj" and any(
            c.dep_ in ("nsubj", "aux") for c in child.children
        )
        if child.dep_ in _CUT_DEPS or child.dep_ in _PHRASE_DROP_DEPS or own_clause:
            cut.update(t.i for t in child.subtree)
        elif (
            child.dep_ == "advmod"
            and child.lower_ in _FILLER_ADVERBS
            or child.dep_ == "dative"
            and child.lower_ == "you"
        ):
            cut.add(child.i)
    tokens = [t for t in verb.subtree if t.i >= verb.i and t.i not in cut]
    stop = next((n for n, t in enumerate(tokens) if n and t.lower_ in _SUBORDINATORS), None)
    tokens = tokens[:stop] if stop is not None else tokens
    due: DueDate | None = None
    if sent_at is not None and tokens:
        due = _due_for(tokens, verb, sent, sent_at, find_dates)
    if due is not None:
        tokens = _without_date(tokens, due)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return None
    text = "".join(t.text_with_ws for t in tokens).strip()
    return " ".join(text.split()), due.due.isoformat() if due and due.due else None


def _due_for(
    tokens: list[Token],
    verb: Token,
    sent: Span,
    sent_at: date,
    find_dates: Callable[[str, date], list[DueDate]],
) -> DueDate | None:
    dates = [
        DueDate(d.due, d.start + sent.start_char, d.end + sent.start_char)
        for d in find_dates(sent.text, sent_at)
    ]
    if not dates:
        return None
    kept = {t.idx for t in tokens}
    for found in dates:
        if any(found.start <= idx < found.end for idx in kept):
            return found
    subtree = list(verb.subtree)
    inside_own_subtree = any(found.start <= t.idx < found.end for found in dates for t in subtree)
    return dates[0] if len(dates) == 1 and not inside_own_subtree else None


def _without_date(tokens: list[Token], due: DueDate) -> list[Token]:
    dropped = {t.i for t in tokens if due.start <= t.idx < due.end}
    for t in tokens:
        children = list(t.children)
        if t.lower_ in _DATE_PREPOSITIONS and children and all(c.i in dropped for c in children):
            dropped.add(t.i)
        following = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if t.lower_ in _DATE_PREPOSITIONS and following is not None and following.idx == due.start:
            dropped.add(t.i)
    return [t for t in tokens if t.i not in dropped]


def preference_object(anchor: Token, span: Span, index: MentionIndex) -> End:
    """A known entity when it is what is preferred, else the preferred phrase as free text."""
    for child in anchor.children:
        if child.dep_ in ("dobj", "pobj") or (span.end > anchor.i + 1 and child.dep_ == "pobj"):
            phrase = [t for t in child.subtree if t.dep_ != "det"]
            head_phrase = [t for t in phrase if not _in_prep(t, child)]
            mentions = index.in_tokens(head_phrase, THINGS, allow_pronouns=False)
            if mentions:
                mention = mentions[0]
                covered = sum(1 for t in head_phrase if mention["start"] <= t.i < mention["end"])
                possessor = index._is_possessor(mention)
                if possessor or covered * 2 > len(head_phrase):
                    return index.end(mention)
    tokens = index.region(anchor, span, inside=False)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    text = " ".join("".join(t.text_with_ws for t in tokens).split())
    return {"id": None, "name": text, "label": "Preference"}


def _in_prep(token: Token, root: Token) -> bool:
    current = token
    while current.i != root.i and current.head.i != current.i:
        if current.dep_ in ("prep", "relcl", "acl"):
            return True
        current = current.head
    return False
