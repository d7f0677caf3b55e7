"""Messages, notes, tickets and posts -> NLP -> interactions and evidenced facts.

Records are taken in batches: those already in the graph count as unchanged (so an
interrupted run resumes where it stopped, without duplicates), the others are extracted
together with `nlp.pipe` and each batch is written in one transaction. A batch that fails
is retried record by record, so one bad record never costs the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from graph.errors import GraphError
from graph.facts import FactEvidence, FactStatement, fact_statements
from graph.ids import concept_id, value_node_id
from graph.model import (
    MENTIONABLE,
    Commitment,
    Concept,
    Interaction,
    Node,
    Preference,
    ReviewStatus,
    Role,
)
from graph.queries.nodes import existing_ids_query_name
from graph.services.campaigns import ReplyCandidate, link_campaign_replies
from graph.stores.base import GraphStore
from graph.writes import (
    Relationship,
    Statement,
    node_statements,
    relationship_statements,
    utc_now,
)
from ingest.context import message_context
from ingest.gazetteer import build_gazetteer
from ingest.people import PeopleFound, PeopleResolver
from ingest.report import BatchSummary
from ingest.sources.records import MessageRecord, SourceFailure, SourceItem
from nlp.models import ExtractionResult, Fact, FactEnd
from nlp.pipeline import Extractor, load_pipeline

log = logging.getLogger(__name__)

BATCH_SIZE = 64
VALUE_NODES: dict[str, type[Node]] = {
    "Preference": Preference,
    "Commitment": Commitment,
    "Role": Role,
}
Progress = Callable[[int], None]


@dataclass
class _Plan:
    """The writes one record needs, in the order they must run."""

    nodes: list[Node] = field(default_factory=list)
    kept_nodes: list[Node] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    facts: list[FactStatement] = field(default_factory=list)

    def extend(self, other: _Plan) -> None:
        self.nodes += other.nodes
        self.kept_nodes += other.kept_nodes
        self.relationships += other.relationships
        self.facts += other.facts

    def statements(self, now: str) -> list[Statement]:
        return [
            *node_statements(self.kept_nodes, now, keep_existing=True),
            *node_statements(self.nodes, now),
            *relationship_statements(self.relationships, now),
            *fact_statements(self.facts, now),
        ]


class MessageIngest:
    """Ingests message records into the graph; one instance per run."""

    def __init__(
        self,
        store: GraphStore,
        *,
        source: str,
        internal_domains: Sequence[str] = (),
        extractor: Extractor | None = None,
        batch_size: int = BATCH_SIZE,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.store = store
        self.source = source
        self.batch_size = batch_size
        self.clock = clock
        self.people = PeopleResolver(store, internal_domains)
        self._extractor = extractor
        self._seen: set[str] = set()
        self._replies: list[Relationship] = []
        self._campaign_replies: list[ReplyCandidate] = []

    def prepare(self) -> None:
        """Load the NLP pipeline with the graph's gazetteer (otherwise done on first use)."""
        _ = self.extractor

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            self._extractor = load_pipeline(build_gazetteer(self.store))
        return self._extractor

    def run(self, items: Iterable[SourceItem], on_progress: Progress | None = None) -> BatchSummary:
        summary = BatchSummary()
        for batch in _chunks(items, self.batch_size):
            self._ingest_batch(batch, summary)
            if on_progress:
                on_progress(len(batch))
        self._link_replies()
        self._link_campaign_replies()
        return summary

    def _ingest_batch(self, batch: list[SourceItem], summary: BatchSummary) -> None:
        summary.read += len(batch)
        records: list[MessageRecord] = []
        for item in batch:
            if isinstance(item, SourceFailure):
                summary.fail(item.source, item.position, item.reason)
            elif item.id in self._seen:
                summary.unchanged += 1
            else:
                self._seen.add(item.id)
                records.append(item)
        existing = self._existing_interactions([r.id for r in records])
        summary.unchanged += len(existing)
        records = [r for r in records if r.id not in existing]
        if not records:
            return
        people = self.people.resolve(records)
        contexts = [message_context(record, people) for record in records]
        results = self.extractor.extract_many(zip([r.text for r in records], contexts, strict=True))
        plans = [
            self._plan(record, result, people)
            for record, result in zip(records, results, strict=True)
        ]
        people_plan = _Plan(kept_nodes=people.new_people, relationships=people.new_links)
        batch_plan = _Plan()
        batch_plan.extend(people_plan)
        for plan in plans:
            batch_plan.extend(plan)
        try:
            self.store.write_many(batch_plan.statements(self.clock()))
            summary.ingested += len(records)
            return
        except (GraphError, ValueError):
            log.debug("batch write failed; writing its records one by one", exc_info=True)
        try:
            self.store.write_many(people_plan.statements(self.clock()))
        except (GraphError, ValueError) as e:
            for record in records:
                self._seen.discard(record.id)
                summary.fail(record.source, record.position, f"could not write its people: {e}")
            return
        for record, plan in zip(records, plans, strict=True):
            try:
                self.store.write_many(plan.statements(self.clock()))
                summary.ingested += 1
            except (GraphError, ValueError) as e:
                self._seen.discard(record.id)
                summary.fail(record.source, record.position, f"could not write: {e}")

    def _existing_interactions(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.store.read(existing_ids_query_name("Interaction"), {"ids": ids})
        return {row["id"] for row in rows}

    def _plan(
        self,
        record: MessageRecord,
        result: ExtractionResult,
        people: PeopleFound,
    ) -> _Plan:
        plan = _Plan()
        plan.nodes.append(self._interaction(record))
        accounts: set[str] = {record.account} if record.account else set()
        for participant in record.participants:
            person = people.person(participant, record)
            if person is None:
                continue
            plan.relationships.append(
                Relationship(
                    "PARTICIPATED_IN",
                    person.id,
                    record.id,
                    {"role": participant.role},
                    person.label,
                    "Interaction",
                )
            )
            if person.account:
                accounts.add(person.account)
        plan.relationships += [
            Relationship("ABOUT", record.id, account, {}, "Interaction", "Account")
            for account in sorted(accounts)
        ]
        if record.in_reply_to:
            self._replies.append(
                Relationship(
                    "REPLY_TO", record.id, record.in_reply_to, {}, "Interaction", "Interaction"
                )
            )
        if record.kind == "email":
            self._campaign_replies.append(
                ReplyCandidate(
                    record.id, record.subject, record.in_reply_to, _iso(record.occurred_at)
                )
            )
        if record.resolved_by:
            plan.relationships.append(
                Relationship(
                    "RESOLVED_BY",
                    record.id,
                    record.resolved_by,
                    {"helped": True, "used_at": _iso(record.occurred_at)},
                    "Interaction",
                    "KBArticle",
                )
            )
        self._plan_mentions(record, result, plan)
        said_at = _iso(record.occurred_at) or self.clock()
        for fact in result.facts:
            statement = self._fact(record, fact, said_at, plan)
            if statement is not None:
                plan.facts.append(statement)
        return plan

    def _interaction(self, record: MessageRecord) -> Interaction:
        recipients = sum(1 for p in record.participants if p.role in ("to", "cc"))
        return Interaction(
            id=record.id,
            kind=record.kind,  # type: ignore[arg-type]
            subject=record.subject,
            text=record.text,
            body=record.body,
            occurred_at=record.occurred_at,
            thread=record.thread,
            attachments=[a.name or a.content_type for a in record.attachments],
            recipient_count=recipients,
            accepted=record.accepted,
            score=record.score,
            in_reply_to=record.in_reply_to,
            source=self.source,
            external_id=record.external_id,
        )

    def _plan_mentions(self, record: MessageRecord, result: ExtractionResult, plan: _Plan) -> None:
        mentioned: dict[str, str] = {}
        for mention in result.mentions:
            if mention.entity_id and mention.label in MENTIONABLE:
                mentioned.setdefault(mention.entity_id, mention.label)
        for candidate in result.concepts:
            if candidate.concept_id:
                mentioned.setdefault(candidate.concept_id, "Concept")
                continue
            try:
                proposed_id = concept_id(candidate.name)
            except ValueError:
                continue
            plan.kept_nodes.append(
                Concept(
                    id=proposed_id,
                    name=candidate.name,
                    status=ReviewStatus.PROPOSED,
                    source=self.source,
                )
            )
            mentioned.setdefault(proposed_id, "Concept")
        for tag in record.tags:
            try:
                tag_id = concept_id(tag)
            except ValueError:
                continue
            plan.kept_nodes.append(Concept(id=tag_id, name=tag, source=self.source))
            mentioned.setdefault(tag_id, "Concept")
        plan.relationships += [
            Relationship("MENTIONS", record.id, entity, {}, "Interaction", label)
            for entity, label in mentioned.items()
        ]

    def _fact(
        self, record: MessageRecord, fact: Fact, said_at: str, plan: _Plan
    ) -> FactStatement | None:
        if fact.hypothetical or fact.subject.id is None:
            return None
        object_id = fact.object.id or self._value_node(fact.subject, fact.object, fact.due, plan)
        if object_id is None:
            return None
        statement = FactStatement(
            relation=fact.relation,
            subject_id=fact.subject.id,
            subject_label=fact.subject.label,
            object_id=object_id,
            object_label=fact.object.label,
            evidence=FactEvidence(
                record.id, fact.evidence.text, fact.evidence.start, fact.evidence.end
            ),
            said_at=said_at,
            confidence=fact.confidence,
            extractor=fact.extractor,
            extractor_version=fact.extractor_version,
            due=fact.due.isoformat() if fact.due else None,
            negated=fact.negated,
        )
        if not statement.allowed():
            log.debug(
                "fact %s %s->%s is outside the model",
                fact.relation,
                fact.subject.label,
                fact.object.label,
            )
            return None
        return statement

    def _value_node(self, subject: FactEnd, value: FactEnd, due: Any, plan: _Plan) -> str | None:
        model = VALUE_NODES.get(value.label)
        if model is None or not value.name.strip():
            return None
        kind = value.label.lower()
        key = f"{subject.id} {value.name}" if model is Commitment else value.name
        node_id = value_node_id(kind, key)
        fields: dict[str, Any] = {"id": node_id, "name": value.name, "source": self.source}
        if model is Commitment:
            fields["due"] = due
        plan.kept_nodes.append(model(**fields))
        return node_id

    def _link_replies(self) -> None:
        if not self._replies:
            return
        self.store.write_many(relationship_statements(self._replies, self.clock()))
        self._replies.clear()

    def _link_campaign_replies(self) -> None:
        """Replies to a campaign (by In-Reply-To or subject) become its responses."""
        if self._campaign_replies:
            link_campaign_replies(self.store, self._campaign_replies)
            self._campaign_replies.clear()


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when else None


def _chunks(items: Iterable[SourceItem], size: int) -> Iterator[list[SourceItem]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
