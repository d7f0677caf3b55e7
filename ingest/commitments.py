"""Commitments as they become rows: one node per promise, linked to whom it was made to.

A promise's identity is the interaction it was made in, the promiser and the promise
(`graph.ids.commitment_id`): the same words to two customers are two commitments, each
PROMISED_TO the accounts (and customer contacts) of its own interaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from graph.ids import commitment_id
from graph.model import Commitment
from graph.writes import Relationship


@dataclass(frozen=True)
class PromiseAudience:
    """Whom a promise in an interaction is made to: its accounts and customer contacts."""

    accounts: tuple[str, ...] = ()
    contacts: list[str] = field(default_factory=list)


def commitment_node(
    interaction_id: str, promiser_id: str, promise: str, due: date | None, source: str
) -> Commitment:
    return Commitment(
        id=commitment_id(interaction_id, promiser_id, promise),
        name=promise.strip(),
        due=due,
        made_in=interaction_id,
        source=source,
    )


def promised_to(commitment: str, audience: PromiseAudience, promiser_id: str) -> list[Relationship]:
    """PROMISED_TO each account of the interaction and each contact other than the promiser."""
    links = [
        Relationship("PROMISED_TO", commitment, account, {}, "Commitment", "Account")
        for account in audience.accounts
    ]
    links += [
        Relationship("PROMISED_TO", commitment, contact, {}, "Commitment", "Contact")
        for contact in dict.fromkeys(audience.contacts)
        if contact != promiser_id
    ]
    return links


# A message says a promise was kept when a sentence hands something over ("attached is",
# "here is", "as promised", "I've sent") and names what was promised.
_HANDED_OVER = re.compile(
    r"\b(as (i |we )?promised|(i|we) promised|promised you|attached (is|are|please find|you "
    r"will find|you'll find)|please find attached|i(['’]ve| have) (just )?(sent|shared|attached)"
    r"|we(['’]ve| have) (just )?(sent|shared|attached)|here (is|are)|here['’]s|(has|have) been "
    r"sent|sent (it|them) over|just sent)\b",
    re.IGNORECASE,
)
_PROMISE_CUE = re.compile(r"\bpromis", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_WORD = re.compile(r"[a-z]{3,}")
_NOT_WHAT = frozenset(
    {
        "the",
        "and",
        "you",
        "your",
        "our",
        "for",
        "with",
        "from",
        "about",
        "will",
        "send",
        "share",
        "sharing",
        "provide",
        "get",
        "give",
        "follow",
        "back",
        "make",
        "sure",
        "over",
        "next",
        "week",
        "friday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "end",
        "month",
        "today",
        "tomorrow",
        "soon",
        "then",
        "them",
        "this",
        "that",
        "these",
        "those",
        "have",
        "has",
        "been",
        "some",
        "any",
        "all",
        "updated",
        "new",
        "latest",
        "final",
        "copy",
    }
)
EXTRACTOR = "tacit.fulfilment"
EXTRACTOR_VERSION = "1"


@dataclass(frozen=True)
class OpenPromise:
    """An open commitment of the author of a new message."""

    id: str
    promise: str
    made_in: str | None
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class KeptPromise:
    """A sentence that says an open promise was kept: evidence for a FULFILLED fact."""

    commitment_id: str
    sentence: str
    start: int
    end: int
    confidence: float


def what_was_promised(promise: str) -> set[str]:
    """The words that name what was promised.

    >>> sorted(what_was_promised("send you the updated proposal by Friday"))
    ['proposal']
    """
    return {w for w in _WORD.findall(promise.lower()) if w not in _NOT_WHAT}


def kept_promises(
    text: str,
    promises: list[OpenPromise],
    accounts: set[str],
    thread: set[str],
) -> list[KeptPromise]:
    """The open promises a message (by their promiser) says were kept, best sentence each.

    A promise is a candidate when it was made to one of the message's accounts or in its
    thread; a sentence keeps it when it hands something over and names what was promised.

    >>> promise = OpenPromise("commitment:1", "send the updated proposal", "msg:1", ("acme",))
    >>> [k.sentence for k in kept_promises(
    ...     "Hi Jane. Attached is the updated proposal I promised.", [promise], {"acme"}, set())]
    ['Attached is the updated proposal I promised.']
    >>> kept_promises("Attached is the invoice.", [promise], {"acme"}, set())
    []
    """
    candidates = [
        p for p in promises if set(p.accounts) & accounts or (p.made_in and p.made_in in thread)
    ]
    if not candidates:
        return []
    sentences = [
        (m.group().strip(), m.start() + len(m.group()) - len(m.group().lstrip()))
        for m in _SENTENCE.finditer(text)
        if _HANDED_OVER.search(m.group())
    ]
    kept: list[KeptPromise] = []
    for promise in candidates:
        wanted = what_was_promised(promise.promise)
        best: KeptPromise | None = None
        for sentence, start in sentences:
            named = wanted & set(_WORD.findall(sentence.lower()))
            if not wanted or not named:
                continue
            confidence = round(
                min(
                    0.95,
                    0.55
                    + 0.25 * len(named) / len(wanted)
                    + (0.1 if _PROMISE_CUE.search(sentence) else 0.0),
                ),
                3,
            )
            if best is None or confidence > best.confidence:
                best = KeptPromise(promise.id, sentence, start, start + len(sentence), confidence)
        if best is not None:
            kept.append(best)
    return kept
