"""Messages, notes, tickets and posts -> NLP -> interactions and evidenced facts.

Records are taken in batches: those already in the graph count as unchanged (so an
interrupted run resumes where it stopped, without duplicates), the others are extracted
together with `nlp.pipe` and each batch is written in one transaction. A batch that fails
is retried record by record, so one bad record never costs the others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from graph.errors import GraphError
from graph.facts import FactEvidence, FactStatement, fact_statements
from graph.ids import concept_id, value_node_id
from graph.model import (
    MENTIONABLE,
    Concept,
    Interaction,
    Node,
    Preference,
    ReviewStatus,
    Role,
)
from graph.queries.nodes import existing_ids_query_name
from graph.services.campaigns import ReplyCandidate, link_campaign_replies
from graph.services.commitments import open_commitments_of
from graph.services.derived import Touched, refresh_derived
from graph.services.knows import PairHistories
from graph.services.tombstones import erased_among
from graph.stores.base import GraphStore
from graph.writes import (
    Relationship,
    Statement,
    node_statements,
    relationship_statements,
    utc_now,
)
from ingest.commitments import EXTRACTOR as FULFILMENT_EXTRACTOR
from ingest.commitments import EXTRACTOR_VERSION as FULFILMENT_VERSION
from ingest.commitments import (
    OpenPromise,
    PromiseAudience,
    commitment_node,
    kept_promises,
    promised_to,
)
from ingest.context import message_context
from ingest.gazetteer import build_gazetteer
from ingest.people import PeopleFound, PeopleResolver, Person
from ingest.report import BatchSummary
from ingest.sources.records import MessageRecord, SourceFailure, SourceItem
from nlp.models import ExtractionResult, Fact, FactEnd, MessageContext
from nlp.pipeline import Extractor, load_pipeline

log = logging.getLogger(__name__)

BATCH_SIZE = 64
VALUE_NODES: dict[str, type[Preference | Role]] = {
    "Preference": Preference,
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
        refresh_derived: bool = True,
    ) -> None:
        self.store = store
        self.source = source
        self.batch_size = batch_size
        self.clock = clock
        self.refresh_derived = refresh_derived
        self._histories = PairHistories()
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
        self._refresh(self._link_replies())
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
        erased = erased_among(self.store, (v for r in records for v in people_named_by(r)))
        if erased:
            kept = [r for r in records if not erased.intersection(people_named_by(r))]
            summary.skipped += len(records) - len(kept)
            records = kept
        if not records:
            return
        people = self.people.resolve(records)
        contexts = [message_context(record, people) for record in records]
        results = self.extractor.extract_many(zip([r.text for r in records], contexts, strict=True))
        promises = self._open_promises(contexts)
        plans = [
            self._plan(record, result, people, promises.get(context.author_id or "", []))
            for record, result, context in zip(records, results, contexts, strict=True)
        ]
        people_plan = _Plan(kept_nodes=people.new_people, relationships=people.new_links)
        batch_plan = _Plan()
        batch_plan.extend(people_plan)
        for plan in plans:
            batch_plan.extend(plan)
        try:
            self.store.write_many(batch_plan.statements(self.clock()))
            summary.ingested += len(records)
            self._refresh([r.id for r in records], plans)
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
        written: list[str] = []
        written_plans: list[_Plan] = []
        for record, plan in zip(records, plans, strict=True):
            try:
                self.store.write_many(plan.statements(self.clock()))
                summary.ingested += 1
                written.append(record.id)
                written_plans.append(plan)
            except (GraphError, ValueError) as e:
                self._seen.discard(record.id)
                summary.fail(record.source, record.position, f"could not write: {e}")
        self._refresh(written, written_plans)

    def _refresh(self, interaction_ids: list[str], plans: Sequence[_Plan] = ()) -> None:
        """Keep KNOWS and EXPERT_IN fresh for what was just written; a failure here leaves
        them stale (until `tacit derive`) but loses nothing that was ingested."""
        if not self.refresh_derived or not interaction_ids:
            return
        stated = [f.subject_id for p in plans for f in p.facts if f.relation == "EXPERT_IN"]
        try:
            refresh_derived(
                self.store, Touched.of(interaction_ids, experts=stated), self._histories
            )
        except GraphError:
            log.warning("could not refresh derived relationships; run `tacit derive`")
            log.debug("refresh failure", exc_info=True)

    def _open_promises(self, contexts: list[MessageContext]) -> dict[str, list[OpenPromise]]:
        """Open commitments of the batch's authors, by author."""
        authors: dict[str, list[str]] = defaultdict(list)
        for context in contexts:
            if context.author_id and context.author_label in ("Employee", "Contact"):
                authors[context.author_label].append(context.author_id)
        found: dict[str, list[OpenPromise]] = defaultdict(list)
        for row in open_commitments_of(self.store, authors):
            found[row["person_id"]].append(
                OpenPromise(row["id"], row["promise"], row["made_in"], tuple(row["accounts"]))
            )
        return found

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
        promises: list[OpenPromise],
    ) -> _Plan:
        plan = _Plan()
        plan.nodes.append(self._interaction(record))
        accounts: set[str] = {record.account} if record.account else set()
        contacts: list[str] = []
        author: Person | None = None
        took_part: set[str] = set()
        for participant in record.participants:
            person = people.person(participant, record)
            if person is None:
                continue
            if person.label == "Contact":
                contacts.append(person.id)
            if author is None and participant.role in ("from", "author"):
                author = person
            took_part.add(person.id)
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
        for person in people.contacts_of(record):
            if person.id in took_part:
                continue
            plan.relationships.append(_front_matter_link(record, person))
            if person.label == "Contact":
                contacts.append(person.id)
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
        made_to = PromiseAudience(accounts=tuple(sorted(accounts)), contacts=contacts)
        for fact in result.facts:
            statement = self._fact(record, fact, said_at, plan, made_to)
            if statement is not None:
                plan.facts.append(statement)
        if author is not None and promises:
            plan.facts += self._promises_kept(record, author, promises, accounts, said_at)
        return plan

    def _promises_kept(
        self,
        record: MessageRecord,
        author: Person,
        promises: list[OpenPromise],
        accounts: set[str],
        said_at: str,
    ) -> list[FactStatement]:
        """FULFILLED proposals for the author's open promises this message says were kept."""
        thread = {record.thread, *record.references}
        if record.in_reply_to:
            thread.add(record.in_reply_to)
        return [
            FactStatement(
                relation="FULFILLED",
                subject_id=author.id,
                subject_label=author.label,
                object_id=kept.commitment_id,
                object_label="Commitment",
                evidence=FactEvidence(record.id, kept.sentence, kept.start, kept.end),
                said_at=said_at,
                confidence=kept.confidence,
                extractor=FULFILMENT_EXTRACTOR,
                extractor_version=FULFILMENT_VERSION,
            )
            for kept in kept_promises(record.text, promises, accounts, thread)
        ]

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
        self,
        record: MessageRecord,
        fact: Fact,
        said_at: str,
        plan: _Plan,
        made_to: PromiseAudience,
    ) -> FactStatement | None:
        if fact.hypothetical or fact.subject.id is None:
            return None
        if fact.object.id is None and fact.object.label == "Commitment":
            object_id = self._commitment(record, fact, made_to, plan)
        else:
            object_id = fact.object.id or self._value_node(fact.object, plan)
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

    def _value_node(self, value: FactEnd, plan: _Plan) -> str | None:
        model = VALUE_NODES.get(value.label)
        if model is None or not value.name.strip():
            return None
        node_id = value_node_id(value.label.lower(), value.name)
        plan.kept_nodes.append(model(id=node_id, name=value.name, source=self.source))
        return node_id

    def _commitment(
        self, record: MessageRecord, fact: Fact, made_to: PromiseAudience, plan: _Plan
    ) -> str | None:
        """One node per promise (interaction, promiser, promise), PROMISED_TO its audience."""
        if not fact.object.name.strip() or fact.subject.id is None:
            return None
        node = commitment_node(record.id, fact.subject.id, fact.object.name, fact.due, self.source)
        plan.kept_nodes.append(node)
        plan.relationships += promised_to(node.id, made_to, fact.subject.id)
        return node.id

    def _link_replies(self) -> list[str]:
        """Write the run's reply links; the replies' ids (their relationships changed)."""
        if not self._replies:
            return []
        self.store.write_many(relationship_statements(self._replies, self.clock()))
        linked = [r.start for r in self._replies]
        self._replies.clear()
        return linked

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


def people_named_by(record: MessageRecord) -> list[str]:
    """Every address and person id a record names: its participants and contacts."""
    named: list[str] = [*record.contacts]
    for participant in record.participants:
        named += [v for v in (participant.address, participant.person_id) if v]
    if record.author_id:
        named.append(record.author_id)
    return named


def _front_matter_link(record: MessageRecord, person: Person) -> Relationship:
    """A note's contact attended its call or meeting; a plain note is about them."""
    if record.kind in ("call", "meeting"):
        return Relationship(
            "PARTICIPATED_IN",
            person.id,
            record.id,
            {"role": "attendee"},
            person.label,
            "Interaction",
        )
    return Relationship("MENTIONS", record.id, person.id, {}, "Interaction", person.label)
