"""The promise in a commitment sentence: its verb phrase, without subject, auxiliaries
and the due date ("I will send you the report by Friday" -> "send the report", Friday)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from spacy.tokens import Span, Token

from nlp.dates import DueDate

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
