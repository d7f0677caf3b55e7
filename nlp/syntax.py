"""Small dependency-tree helpers: clause subjects, clause heads, sentence bounds."""

from __future__ import annotations

from spacy.tokens import Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CLIMB_DEPS = frozenset(
    {
        "xcomp", "conj", "acomp", "attr", "prep", "pobj", "dobj", "amod", "pcomp", "compound",
        "appos", "npadvmod", "oprd", "dative", "agent", "advmod", "nmod", "poss", "ccomp", "acl",
    }
)  # fmt: skip
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})


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


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Character offsets of `sent` without surrounding whitespace."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return start, max(start, end)


# bodies that decide for an organisation: "the board approved ..." speaks for the account
_COLLECTIVE_BODIES = frozenset(
    {"board", "committee", "management", "council", "leadership", "directorate",
     "directors", "executives", "shareholders", "procurement", "headquarters", "cabinet",
     "administration", "rectorate", "presidency", "partners", "trustees"}
)  # fmt: skip
_DEFINITE_ARTICLES = frozenset({"the", "die", "der", "das", "la", "el", "le", "o", "a", "os"})


def is_collective_body(token: Token) -> bool:
    """A subject naming a deciding body of an organisation rather than a person.

    English bodies by lemma ("the finance committee", "our board"); other languages' by
    form: a proper noun with a definite article that names no known entity ("die
    Geschäftsführung", "la Prorrectoría"), which the caller checks.
    """
    if token.pos_ == "NOUN" and token.lemma_.lower() in _COLLECTIVE_BODIES:
        return True
    return token.pos_ == "PROPN" and any(
        child.dep_ in ("det", "compound") and child.lower_ in _DEFINITE_ARTICLES
        for child in token.children
    )
