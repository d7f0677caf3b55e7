"""An interaction as people read it, and a fact's evidence shown in its message: the
sentence highlighted at its character offsets, who wrote it, when.

Offsets index the interaction's cleaned text. When the text at the offsets is not the
sentence any more (the text was re-cleaned or redacted since), the sentence is looked up
in the text; when it is not there either, the sentence is shown on its own and
`located` says so.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from graph.errors import NotFound
from graph.queries import interactions as queries
from graph.services.listing import FactDetail, fact_by_id
from graph.services.timeline import participants
from graph.stores.base import GraphStore

AUTHOR_ROLES = ("from", "author")


class Participant(BaseModel):
    id: str
    name: str | None
    label: str
    role: str | None


class InteractionDetail(BaseModel):
    id: str
    kind: str | None
    subject: str | None
    occurred_at: str | None
    text: str
    thread: str | None
    source: str | None
    people: list[Participant]
    authors: list[Participant]
    accounts: list[dict[str, str | None]]


class EvidenceInContext(BaseModel):
    """One piece of a fact's evidence: the sentence and where it stands in its message."""

    sentence: str | None
    start: int | None
    end: int | None
    located: str
    interaction: InteractionDetail | None


class FactEvidence(BaseModel):
    fact: FactDetail
    evidence: list[EvidenceInContext]


def interaction_detail(store: GraphStore, interaction_id: str) -> InteractionDetail:
    rows = store.read(queries.INTERACTION_WITH_PEOPLE, {"id": interaction_id})
    if not rows:
        raise NotFound(f"no interaction with id {interaction_id!r}")
    row = rows[0]
    people = [
        Participant(id=p.id, name=p.name, label=p.label, role=p.role)
        for p in participants(store, [interaction_id]).get(interaction_id, [])
    ]
    return InteractionDetail(
        id=row["id"],
        kind=row["kind"],
        subject=_text(row["subject"]),
        occurred_at=_text(row["occurred_at"]),
        text=str(row["text"] or ""),
        thread=_text(row["thread"]),
        source=_text(row["source"]),
        people=people,
        authors=[p for p in people if p.role in AUTHOR_ROLES],
        accounts=[{"id": str(a[0]), "name": _text(a[1])} for a in row["accounts"] or []],
    )


def locate_sentence(
    text: str, sentence: str | None, start: int | None, end: int | None
) -> tuple[int | None, int | None, str]:
    """Where `sentence` stands in `text`: (start, end, how it was found).

    >>> locate_sentence("Hi. We need SSO.", "We need SSO.", 4, 16)
    (4, 16, 'offsets')
    >>> locate_sentence("Hi. We need SSO.", "We need SSO.", 0, 5)
    (4, 16, 'search')
    >>> locate_sentence("Hi.", "gone", 0, 4)
    (None, None, 'not-found')
    """
    fits = start is not None and end is not None and 0 <= start < end <= len(text)
    if fits and (sentence is None or text[start:end] == sentence):
        return start, end, "offsets"
    if sentence:
        found = text.find(sentence)
        if found >= 0:
            return found, found + len(sentence), "search"
    return None, None, "not-found"


def fact_evidence(store: GraphStore, fact_id: str) -> FactEvidence:
    """A fact and every piece of its evidence in its message."""
    fact = fact_by_id(store, fact_id)
    shown: list[EvidenceInContext] = []
    messages: dict[str, InteractionDetail | None] = {}
    for span in fact.evidence:
        interaction = None
        if span.interaction_id:
            if span.interaction_id not in messages:
                try:
                    messages[span.interaction_id] = interaction_detail(store, span.interaction_id)
                except NotFound:
                    messages[span.interaction_id] = None
            interaction = messages[span.interaction_id]
        if interaction is None:
            shown.append(
                EvidenceInContext(
                    sentence=span.text,
                    start=None,
                    end=None,
                    located="no-message",
                    interaction=None,
                )
            )
            continue
        start, end, located = locate_sentence(interaction.text, span.text, span.start, span.end)
        shown.append(
            EvidenceInContext(
                sentence=span.text, start=start, end=end, located=located, interaction=interaction
            )
        )
    return FactEvidence(fact=fact, evidence=shown)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
