"""Small dependency-tree helpers: clause subjects, speakers, negation and hypotheticals."""

from __future__ import annotations

from spacy.tokens import Span, Token

from nlp.vocabulary import SAY_VERBS

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CLIMB_DEPS = frozenset(
    {
        "xcomp", "conj", "acomp", "attr", "prep", "pobj", "dobj", "amod", "pcomp", "compound",
        "appos", "npadvmod", "oprd", "dative", "agent", "advmod", "nmod", "poss", "ccomp", "acl",
    }
)  # fmt: skip
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nobody", "none"})
CEASED_HEADS = frozenset({"stop", "quit", "cease"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless"})
ASK_VERBS = frozenset({"ask", "wonder", "know", "check", "see", "confirm", "tell", "inquire"})
HYPOTHETICAL_VERBS = frozenset(
    {"consider", "need", "use", "switch", "move", "evaluate", "look", "buy", "want", "go"}
)
MODALS = frozenset({"would", "could", "might", "'d"})


POLITE_CONDITIONS = frozenset({"possible", "feasible"})


def clause_subject(token: Token, max_steps: int = 8) -> Token | None:
    """The grammatical subject governing `token`, climbing to its clause when needed.

    A relative pronoun subject ("who") is replaced by the noun it refers to.
    """
    current = token
    for _ in range(max_steps):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                    return current.head
                if child.lower_ in ("who", "whom") and child.i > 0:
                    return _antecedent(child)  # a misparsed relative clause
                return child
        if current.dep_ == "relcl" and current.head.i != current.i:
            return current.head
        if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def _antecedent(pronoun: Token) -> Token:
    """The word just before "who", skipping punctuation ("Raj Patel, who knows ...")."""
    index = pronoun.i - 1
    while index > 0 and (pronoun.doc[index].is_punct or pronoun.doc[index].is_space):
        index -= 1
    return pronoun.doc[index]


def clause_head(token: Token) -> Token:
    """The verb (or root) whose clause `token` belongs to."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") and any(
            c.dep_ in SUBJECT_DEPS for c in current.children
        ):
            return current
        if current.head.i == current.i:
            return current
        current = current.head
    return current


def speaker(token: Token) -> Token | None:
    """The subject of a verb of saying that reports `token`'s clause ("Elena said X is great")."""
    head = clause_head(token)
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.dep_ == "ccomp" and head.head.lemma_ in SAY_VERBS:
        return clause_subject(head.head)
    return None


def _chain(token: Token) -> list[Token]:
    chain = [token]
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and any(
            c.dep_ in SUBJECT_DEPS for c in current.children
        ):
            break
        if current.head.i == current.i:
            break
        current = current.head
        chain.append(current)
    return chain


def polarity(token: Token) -> str:
    """ "asserted", "negated" (no fact) or "ceased" ("no longer", "stopped using")."""
    chain = _chain(token)
    words = {c.lower_ for t in chain for c in t.children} | {t.lower_ for t in chain}
    ceased = "anymore" in words or _has_no_longer(chain)
    if token.head.lemma_ in CEASED_HEADS and token.dep_ in ("xcomp", "ccomp", "dobj", "pcomp"):
        if any(c.lower_ in ("will", "'ll") for c in token.head.children):
            return "negated"
        ceased = True
    if ceased:
        return "ceased"
    for t in chain:
        for child in t.children:
            if child.dep_ == "neg" or child.lower_ in NEGATION_WORDS:
                return "negated"
            if child.dep_ in SUBJECT_DEPS and child.lower_ in ("neither", "nobody", "none"):
                return "negated"
    sent = token.sent
    before = sent.doc[max(sent.start, token.i - 3) : token.i]
    if any(t.lower_ in ("not", "n't", "never") for t in before):
        return "negated"
    return "asserted"


def _has_no_longer(chain: list[Token]) -> bool:
    for t in chain:
        for child in t.children:
            if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
                return True
            if child.lower_ == "longer" and child.i > 0 and child.doc[child.i - 1].lower_ == "no":
                return True
    return False


def is_hypothetical(token: Token, sent: Span) -> bool:
    """A conditional, "would we consider", or "if we ever" statement."""
    for t in sent:
        if t.dep_ == "mark" and t.lower_ in HYPOTHETICAL_MARKS:
            clause = t.head
            if clause.dep_ in ("ccomp", "xcomp") and clause.head.lemma_ in ASK_VERBS:
                continue
            if clause.lower_ in POLITE_CONDITIONS:  # "we'd prefer X if possible" still prefers
                continue
            return True
        if t.lower_ in ("ever", "hypothetically", "suppose", "supposing"):
            return True
        if t.lower_ == "case" and t.i > 0 and t.doc[t.i - 1].lower_ == "in":
            return True
    for t in _chain(token):
        if t.lemma_ in HYPOTHETICAL_VERBS and any(c.lower_ in MODALS for c in t.children):
            return True
    return False


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Character offsets of `sent` without surrounding whitespace."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return start, max(start, end)
