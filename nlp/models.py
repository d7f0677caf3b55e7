"""What the nlp package returns: mentions, concepts and evidenced facts (pydantic v2).

`ExtractionResult.to_public()` is the JSON shape `tacit extract --json` prints.
Negated facts ("no longer interested in X") are returned so the graph can close the older
fact (set its `valid_to`); downstream never stores them as facts of their own. Hypothetical
statements never produce a fact at all.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ENTITY_LABELS = ("Account", "Contact", "Employee", "Product", "Competitor", "Concept")
EntityLabel = Literal["Account", "Contact", "Employee", "Product", "Competitor", "Concept"]


class GazetteerEntry(BaseModel):
    """One known entity, as plain data: the nlp package never reads the graph itself.

    `aliases` holds a concept's synonyms. `account` (optional) is the account id a contact
    works at; it lets "my colleague Priya" and first names resolve within the right company.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    label: EntityLabel
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)
    account: str | None = None


class MessageContext(BaseModel):
    """Who wrote a text and to whom: the default subject of "I" and "we".

    "I"/"me"/"my" is the author. "we"/"our" is the author's account when the author is a
    Contact and `account_id` is known, otherwise the author. "you" is the recipient when there
    is exactly one. "they"/"their" is `account_id` when the author is not a Contact (a note or
    an email written about the account by one of our employees). `channel` is how it came (email,
    note, call, meeting, ticket, question, answer); `message_kind` what it is (`nlp.kinds`):
    bulk, newsletter, automated and auto-reply messages carry no facts.
    """

    model_config = ConfigDict(extra="forbid")

    author_id: str | None = None
    author_name: str | None = None
    author_label: str | None = None
    recipient_ids: list[str] = Field(default_factory=list)
    account_id: str | None = None
    sent_at: datetime | None = None
    channel: str | None = None
    message_kind: str | None = None


class Mention(BaseModel):
    text: str
    start: int
    end: int
    label: str
    entity_id: str | None
    entity_name: str | None
    confidence: float


class Evidence(BaseModel):
    """The sentence a fact rests on and its character offsets in the input text."""

    text: str
    start: int
    end: int


class FactEnd(BaseModel):
    id: str | None
    name: str
    label: str


class Fact(BaseModel):
    subject: FactEnd
    relation: str
    object: FactEnd
    confidence: float
    due: date | None = None
    evidence: Evidence
    negated: bool = False
    hypothetical: bool = False
    extractor: str
    extractor_version: str


class ConceptCandidate(BaseModel):
    name: str
    status: Literal["approved", "proposed"]
    concept_id: str | None
    start: int
    end: int
    defined: bool = False


class ExtractionResult(BaseModel):
    mentions: list[Mention] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    concepts: list[ConceptCandidate] = Field(default_factory=list)

    def asserted_facts(self) -> list[Fact]:
        """The facts to store: neither negated nor hypothetical."""
        return [f for f in self.facts if not f.negated and not f.hypothetical]

    def to_public(self) -> dict[str, Any]:
        """The `tacit extract --json` shape (negated and hypothetical facts left out)."""
        return {
            "facts": [
                {
                    "subject": fact.subject.model_dump(),
                    "relation": fact.relation,
                    "object": fact.object.model_dump(),
                    "confidence": round(fact.confidence, 3),
                    "due": fact.due.isoformat() if fact.due else None,
                    "evidence": fact.evidence.model_dump(),
                }
                for fact in self.asserted_facts()
            ],
            "mentions": [m.model_dump() for m in self.mentions],
            "concepts": [c.model_dump() for c in self.concepts],
        }
