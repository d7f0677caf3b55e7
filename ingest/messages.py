"""Messages, notes, tickets and posts -> NLP -> interactions and evidenced facts.

Records are taken in batches: those already in the graph count as unchanged (so an
interrupted run resumes where it stopped, without duplicates), the others are extracted
together with `nlp.pipe` and each batch is written in one transaction. A batch whose
extraction or write fails is retried record by record, so one bad record never costs the
others: it is reported with its source, position and reason.

A reply is linked to its parent whenever both are in the graph, whichever came first and
in whichever run: each interaction keeps the id it replies to (`in_reply_to`), and each
batch links its replies to parents already there and waiting replies to its parents.
A promise becomes one commitment, PROMISED_TO the accounts and contacts of its record; a
later message by the promiser that hands over what was promised proposes a FULFILLED fact.
A note's front-matter contacts are linked (attendees of its call or meeting, mentioned by
a plain note). Records of erased people are skipped (counted as `skipped`). After each
batch, KNOWS and EXPERT_IN are refreshed for what it touched.
Text longer than `MAX_ANALYSED_CHARS` is stored (up to the model's limit) but analysed
only up to that bound, with a note in the report, so a huge message costs bounded time
and memory.
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
    MAX_TEXT_LENGTH,
    MAX_VALUE_LENGTH,
    MENTIONABLE,
    Concept,
    ConceptStatus,
    Interaction,
    Node,
    Preference,
    Role,
)
from graph.queries.nodes import existing_ids_query_name
from graph.queries.relationships import LINK_WAITING_REPLIES
from graph.services.campaigns import ReplyCandidate
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
from ingest.context import analysed_text, message_context, message_kind_of
from ingest.people import BY_PRODUCT_SOURCE, PeopleFound, PeopleResolver, Person
from ingest.report import BatchSummary
from ingest.sources.records import MessageRecord, SourceFailure, SourceItem
from nlp.models import ExtractionResult, Fact, FactEnd, MessageContext
from nlp.pipeline import Extractor

log = logging.getLogger(__name__)

# spaCy refuses texts over 1,000,000 characters and needs about 1 GB per 100,000 words:
# the extractor reads a message up to this bound.
MAX_ANALYSED_CHARS = 100_000
MAX_PIPE_CHARS = 200_000  # characters given to spaCy at once
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
        interactions = [node.id for node in self.nodes if isinstance(node, Interaction)]
        replies: list[Statement] = (
            [(LINK_WAITING_REPLIES, {"ids": interactions, "now": now})] if interactions else []
        )
        return [
            *node_statements(self.kept_nodes, now, keep_existing=True),
            *node_statements(self.nodes, now),
            *relationship_statements(self.relationships, now),
            *replies,
            *fact_statements(self.facts, now),
        ]


@dataclass
class BatchTouched:
    """What a run wrote, and what it found already written (an interrupted run may have
    written it without its derived data or campaign links): interactions, the people who
    took part in the ones it wrote, and the emails among them that may answer a campaign."""

    interaction_ids: set[str] = field(default_factory=set)
    people_ids: set[str] = field(default_factory=set)
    campaign_reply_candidates: list[ReplyCandidate] = field(default_factory=list)

    def add_interaction(self, record: MessageRecord) -> None:
        self.interaction_ids.add(record.id)
        if record.kind == "email":
            self.campaign_reply_candidates.append(
                ReplyCandidate(
                    record.id, record.subject, record.in_reply_to, _iso(record.occurred_at)
                )
            )


class MessageIngest:
    """Ingests message records into the graph with a ready extractor; one instance per run.

    Build it through `ingest.service.IngestService`, which owns the extractor and its
    gazetteer.
    """

    def __init__(
        self,
        store: GraphStore,
        extractor: Extractor,
        *,
        source: str,
        internal_domains: Sequence[str] = (),
        batch_size: int,
        clock: Callable[[], str] = utc_now,
        refresh_derived: bool = True,
    ) -> None:
        self.store = store
        self.extractor = extractor
        self.source = source
        self.batch_size = batch_size
        self.clock = clock
        self.refresh_derived = refresh_derived
        self.people = PeopleResolver(store, internal_domains)
        self.touched = BatchTouched()
        # What pairs of people shared, read once per run for the refresh after each batch.
        self.histories = PairHistories()
        self._seen: set[str] = set()

    def run(self, items: Iterable[SourceItem], on_progress: Progress | None = None) -> BatchSummary:
        summary = BatchSummary()
        for number, batch in enumerate(_chunks(items, self.batch_size), start=1):
            try:
                self._ingest_batch(batch, summary)
            except Exception as e:  # the graph went away mid-batch: report, go on
                log.debug("batch failed", exc_info=True)
                for item in batch:
                    summary.fail(item.source, item.position, f"not ingested: {_one_line(e)}")
            log.info(
                "batch %d done: %d records read, %d ingested, %d failed",
                number,
                summary.read,
                summary.ingested,
                summary.failed,
            )
            if on_progress:
                on_progress(len(batch))
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
        for record in records:
            if record.id in existing:
                self.touched.add_interaction(record)
        records = [r for r in records if r.id not in existing]
        erased = erased_among(self.store, (v for r in records for v in people_named_by(r)))
        if erased:
            kept = [r for r in records if not erased.intersection(people_named_by(r))]
            summary.skipped += len(records) - len(kept)
            records = kept
        if not records:
            self._refresh([r for r in batch if isinstance(r, MessageRecord) and r.id in existing])
            return
        people = self.people.resolve(records)
        contexts = [message_context(record, people) for record in records]
        results = self._extracted(records, contexts, summary)
        promises = self._open_promises(contexts)
        planned: list[tuple[MessageRecord, _Plan]] = []
        for record, result, context in zip(records, results, contexts, strict=True):
            if result is None:
                continue
            try:
                mine = promises.get(context.author_id or "", [])
                planned.append((record, self._plan(record, result, people, summary, mine)))
            except Exception as e:  # a value the model refuses, say
                log.debug("cannot map %s", record.position, exc_info=True)
                self._seen.discard(record.id)
                summary.fail(record.source, record.position, f"not ingested: {_one_line(e)}")
        if not planned:
            return
        people_plan = _Plan(kept_nodes=people.new_people, relationships=people.new_links)
        batch_plan = _Plan()
        batch_plan.extend(people_plan)
        for _, plan in planned:
            batch_plan.extend(plan)
        found = [r for r in batch if isinstance(r, MessageRecord) and r.id in existing]
        try:
            self.store.write_many(batch_plan.statements(self.clock()))
            self._written(planned, summary)
            self._refresh(found + [record for record, _ in planned], [p for _, p in planned])
            return
        except (GraphError, ValueError):
            log.debug("batch write failed; writing its records one by one", exc_info=True)
        try:
            self.store.write_many(people_plan.statements(self.clock()))
        except (GraphError, ValueError) as e:
            for record, _ in planned:
                self._seen.discard(record.id)
                summary.fail(
                    record.source, record.position, f"could not write its people: {_one_line(e)}"
                )
            return
        written: list[tuple[MessageRecord, _Plan]] = []
        for record, plan in planned:
            try:
                self.store.write_many(plan.statements(self.clock()))
                self._written([(record, plan)], summary)
                written.append((record, plan))
            except (GraphError, ValueError) as e:
                self._seen.discard(record.id)
                summary.fail(record.source, record.position, f"could not write: {_one_line(e)}")
        self._refresh(found + [record for record, _ in written], [p for _, p in written])

    def _refresh(self, records: Sequence[MessageRecord], plans: Sequence[_Plan] = ()) -> None:
        """Keep KNOWS and EXPERT_IN fresh for what this batch wrote or found; a failure here
        leaves them behind (until the run's own refresh, or `tacit derive`) but loses
        nothing that was ingested."""
        if not self.refresh_derived or not records:
            return
        stated = [f.subject_id for p in plans for f in p.facts if f.relation == "EXPERT_IN"]
        try:
            refresh_derived(
                self.store, Touched.of([r.id for r in records], experts=stated), self.histories
            )
        except GraphError:
            log.warning("could not refresh derived relationships after a batch")
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

    def _written(self, planned: list[tuple[MessageRecord, _Plan]], summary: BatchSummary) -> None:
        summary.ingested += len(planned)
        for record, plan in planned:
            self.touched.add_interaction(record)
            self.touched.people_ids.update(
                rel.start for rel in plan.relationships if rel.type == "PARTICIPATED_IN"
            )

    def _extracted(
        self,
        records: list[MessageRecord],
        contexts: list[MessageContext],
        summary: BatchSummary,
    ) -> list[ExtractionResult | None]:
        """Each record's extraction; None for a record the pipeline fails on (reported).

        Records go to spaCy in groups of at most `MAX_PIPE_CHARS` characters, so a batch
        of long messages costs no more memory than one long message.
        """
        texts = [self._analysed_text(record, summary) for record in records]
        results: list[ExtractionResult | None] = []
        for group in _groups_by_length(texts, MAX_PIPE_CHARS):
            results += self._extracted_group(
                [records[i] for i in group],
                [texts[i] for i in group],
                [contexts[i] for i in group],
                summary,
            )
        return results

    def _extracted_group(
        self,
        records: list[MessageRecord],
        texts: list[str],
        contexts: list[MessageContext],
        summary: BatchSummary,
    ) -> list[ExtractionResult | None]:
        try:
            return list(self.extractor.extract_many(zip(texts, contexts, strict=True)))
        except Exception:  # spaCy raises ValueError and others: find the record
            log.debug("group extraction failed; extracting record by record", exc_info=True)
        results: list[ExtractionResult | None] = []
        for record, text, context in zip(records, texts, contexts, strict=True):
            try:
                results.append(self.extractor.extract(text, context))
            except Exception as e:
                self._seen.discard(record.id)
                summary.fail(
                    record.source, record.position, f"text analysis failed: {_one_line(e)}"
                )
                results.append(None)
        return results

    @staticmethod
    def _analysed_text(record: MessageRecord, summary: BatchSummary) -> str:
        text = analysed_text(record)
        if len(text) <= MAX_ANALYSED_CHARS:
            return text
        summary.note(
            record.source,
            record.position,
            f"text of {len(text):,} characters analysed only up to {MAX_ANALYSED_CHARS:,}",
        )
        return text[:MAX_ANALYSED_CHARS]

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
        summary: BatchSummary,
        promises: list[OpenPromise] | None = None,
    ) -> _Plan:
        plan = _Plan()
        plan.nodes.append(self._interaction(record, summary))
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
            plan.relationships.append(
                Relationship(
                    "REPLY_TO", record.id, record.in_reply_to, {}, "Interaction", "Interaction"
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

    def _interaction(self, record: MessageRecord, summary: BatchSummary) -> Interaction:
        recipients = sum(1 for p in record.participants if p.role in ("to", "cc"))
        if len(record.body) > MAX_TEXT_LENGTH or len(record.text) > MAX_TEXT_LENGTH:
            summary.note(
                record.source,
                record.position,
                f"text of {max(len(record.body), len(record.text)):,} characters stored only "
                f"up to {MAX_TEXT_LENGTH:,}",
            )
        return Interaction(
            id=record.id,
            kind=record.kind,  # type: ignore[arg-type]
            message_kind=message_kind_of(record),  # type: ignore[arg-type]
            subject=record.subject[:MAX_VALUE_LENGTH] if record.subject else None,
            text=record.text[:MAX_TEXT_LENGTH],
            body=record.body[:MAX_TEXT_LENGTH],
            occurred_at=record.occurred_at,
            thread=record.thread,
            in_reply_to=record.in_reply_to,
            attachments=[a.name or a.content_type for a in record.attachments],
            recipient_count=recipients,
            accepted=record.accepted,
            score=record.score,
            source=self.source,
            external_id=record.external_id,
        )

    def _plan_mentions(self, record: MessageRecord, result: ExtractionResult, plan: _Plan) -> None:
        mentioned: dict[str, str] = {}
        defined: set[str] = set()
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
                    status=ConceptStatus.PROPOSED if candidate.defined else ConceptStatus.CANDIDATE,
                    source=self.source,
                )
            )
            mentioned.setdefault(proposed_id, "Concept")
            if candidate.defined:
                defined.add(proposed_id)
        for tag in record.tags:
            try:
                tag_id = concept_id(tag)
            except ValueError:
                continue
            plan.kept_nodes.append(Concept(id=tag_id, name=tag, source=BY_PRODUCT_SOURCE))
            mentioned.setdefault(tag_id, "Concept")
        plan.relationships += [
            Relationship(
                "MENTIONS",
                record.id,
                entity,
                {"defines": True} if entity in defined else {},
                "Interaction",
                label,
            )
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


def _groups_by_length(texts: Sequence[str], limit: int) -> list[list[int]]:
    """Indexes of `texts` in order, grouped so each group's texts sum to at most `limit`
    characters (a longer text is a group of its own).

    >>> _groups_by_length(["aa", "bbb", "c", "dddd"], 5)
    [[0, 1], [2, 3]]
    """
    groups: list[list[int]] = []
    size = 0
    for index, text in enumerate(texts):
        if not groups or size + len(text) > limit:
            groups.append([])
            size = 0
        groups[-1].append(index)
        size += len(text)
    return groups


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:500] or type(error).__name__


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when else None


def _chunks(items: Iterable[SourceItem], size: int) -> Iterator[list[SourceItem]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
