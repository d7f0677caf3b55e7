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
        if child.dep_ in _CUT_DEPS or child.dep_ in _PHRASE_DROP_DEPS or _own_clause(child):
            cut.update(t.i for t in child.subtree)
        elif (
            child.dep_ == "advmod"
            and child.lower_ in _FILLER_ADVERBS
            or child.dep_ == "dative"
            and child.lower_ == "you"
        ):
            cut.add(child.i)
    joined = [c for c in verb.children if c.dep_ == "conj" and c.i not in cut]
    for child in verb.children:
        if child.dep_ == "cc" and any(c.i > child.i for c in joined):
            cut.discard(child.i)  # "bring it in and fax you a copy" keeps its "and"
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
        if (
            t.lower_ in _DATE_PREPOSITIONS
            and t.dep_ != "prt"
            and following is not None
            and following.idx == due.start
        ):
            dropped.add(t.i)
    return [t for t in tokens if t.i not in dropped]


_OUTSIDE_CLAUSE_DEPS = frozenset({"advcl", "parataxis", "mark", "intj", "punct"})


def verb_clause(verb: Token) -> str:
    """The clause of `verb` from its subject on, without the clauses around it.

    "Assuming this is true, I will work directly with him." -> "I will work directly with
    him"; "Rhea: I'll call you to confirm, if that's OK." -> "I'll call you to confirm".
    """
    cut: set[int] = set()
    for child in verb.children:
        if child.dep_ in _OUTSIDE_CLAUSE_DEPS and not _purpose(child) or _own_clause(child):
            cut.update(t.i for t in child.subtree)
    opening = [c for c in verb.children if c.dep_ in ("nsubj", "aux", "neg")]
    start = min((c.left_edge.i for c in opening), default=verb.i)
    tokens = [t for t in verb.subtree if t.i >= start and t.i not in cut]
    stop = next((n for n, t in enumerate(tokens) if n and t.lower_ in _SUBORDINATORS), None)
    tokens = tokens[:stop] if stop is not None else tokens
    while tokens and tokens[-1].lower_ in ("and", "or", "but"):
        tokens = tokens[:-1]
    return joined(tokens)


def _own_clause(child: Token) -> bool:
    """A conjunct with its own subject or auxiliary: another clause ("... and I will call")."""
    return child.dep_ == "conj" and any(c.dep_ in ("nsubj", "aux") for c in child.children)


def _purpose(clause: Token) -> bool:
    """An infinitive of purpose ("... to confirm the details"), part of what is promised."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    )


def joined(tokens: list[Token], word: Callable[[Token], str] = lambda t: t.text) -> str:
    """The tokens' words, a space wherever the text had one or tokens were left out."""
    words = []
    for n, token in enumerate(tokens):
        gap = n and (token.i != tokens[n - 1].i + 1 or tokens[n - 1].whitespace_)
        words.append((" " if gap else "") + word(token))
    return " ".join("".join(words).split())


_PREFERENCE_VERBS = frozenset({"prefer", "want", "like"})
_PREFERENCE_DROP_DEPS = _CUT_DEPS | {"nsubj", "nsubjpass", "aux", "auxpass", "intj", "punct"}
_PHRASE_BREAKS = frozenset({"–", "—", ";", ":"})


def states_preference(sent: Span) -> bool | None:
    """Whether the sentence says what someone prefers: True with a verb of preference that
    is not negated ("I'd rather", "we prefer"), False when that verb is negated ("I didn't
    want to"), None when it has none."""
    head = _preference_head(sent)
    if head is None:
        return None
    verb = head if head.lemma_.lower() in _PREFERENCE_VERBS else None
    return not (verb is not None and any(c.dep_ == "neg" for c in verb.children))


def preference_phrase(sent: Span) -> str | None:
    """What a preference sentence prefers, without who prefers it and trailing clauses.

    "She'd rather pay quarterly than annually, cash flow follows ..." -> "paying quarterly
    rather than annually"; "I'd much prefer a push model – polling ..." -> "a push model".
    """
    head = _preference_head(sent)
    if head is None:
        return None
    cut: set[int] = set()
    for child in head.children:
        if child.dep_ in _PREFERENCE_DROP_DEPS or _own_clause(child) or child.lower_ == "rather":
            cut.update(t.i for t in child.subtree)
    start = head.i + 1 if head.lemma_.lower() in _PREFERENCE_VERBS else head.i
    tokens = [t for t in head.subtree if t.i >= start and t.i not in cut]
    stop = next((n for n, t in enumerate(tokens) if n and t.text in _PHRASE_BREAKS), None)
    tokens = tokens[:stop] if stop is not None else tokens
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in ("to", "that", "much")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    if len([t for t in tokens if t.is_alpha]) < 2:
        return None
    gerunds = {
        t.i
        for n, t in enumerate(tokens)
        if t.tag_ == "VB" and (n == 0 or tokens[n - 1].lower_ in ("than", "of", "not"))
    }
    rather = any(child.lower_ == "rather" for child in head.children)

    def word(token: Token) -> str:
        if token.i in gerunds:
            return _gerund(token.lemma_)
        return "rather than" if rather and token.lower_ == "than" else token.text

    text = joined(tokens, word)
    return text + ")" if text.count("(") > text.count(")") else text


_NO_DOUBLING = frozenset("wxy")


def _gerund(verb: str) -> str:
    """The -ing form of a verb's lemma ("set" -> "setting", "have" -> "having")."""
    verb = verb.lower()
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    vowels = "aeiou"
    if (
        len(verb) >= 3
        and verb[-1] not in vowels + "".join(_NO_DOUBLING)
        and verb[-2] in vowels
        and verb[-3] not in vowels
        and sum(c in vowels for c in verb) == 1
    ):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _preference_head(sent: Span) -> Token | None:
    """The verb of preference ("prefer", "want", "would like") or the verb "rather"
    qualifies."""
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in _PREFERENCE_VERBS and lemma != "like" and token.pos_ == "VERB":
            return token
        if (
            lemma == "like"
            and token.pos_ == "VERB"
            and any(c.lower_ in ("would", "'d") for c in token.children)
        ):
            return token
        if (
            lemma == "rather"
            and token.dep_ == "advmod"
            and token.head.pos_ in ("VERB", "AUX")
            and token.i < token.head.i
        ):
            return token.head
    return None
