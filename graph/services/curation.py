"""Curation: review extracted facts, edit and merge concepts, record knowledge-base usage.

Every change is written in one transaction together with its audit entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.errors import InvalidRecord, NotFound
from graph.facts import fact_id
from graph.model import FACT_TYPES, Concept, ReviewStatus
from graph.queries import curation as queries
from graph.queries.nodes import existing_ids_query_name
from graph.services import undo
from graph.services.audit import audit_statement
from graph.services.lexicon import concept_lexicon
from graph.services.listing import ConceptSummary, FactDetail, concept_by_id, fact_by_id
from graph.stores.base import GraphStore
from graph.writes import utc_now

Statements = list[tuple[str, Mapping[str, Any]]]


class InvalidChange(InvalidRecord):
    """A change that names a field it cannot apply (unknown ids, cycles, empty names)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _check_concept(concept_id: str, name: str, synonyms: list[str]) -> None:
    """The model's limits hold for the concept as it would be after the change."""
    try:
        Concept(id=concept_id, name=name, synonyms=synonyms)
    except ValidationError as e:
        problem = e.errors()[0]
        raise InvalidChange(str(problem["loc"][0]), problem["msg"]) from e


class ArticleUsage(BaseModel):
    article_id: str
    interaction_id: str
    helped: bool
    used_at: str


def review_fact(
    store: GraphStore, fact: str, status: ReviewStatus, actor: str, reason: str | None = None
) -> FactDetail:
    """Approve or reject a fact (or send it back to proposed), with the curator's reason."""
    before = fact_by_id(store, fact)
    now = utc_now()
    store.write_many(
        [
            (
                queries.SET_FACT_STATUS,
                {"id": fact, "fact_types": list(FACT_TYPES), "status": str(status), "now": now},
            ),
            audit_statement(
                f"fact.{_verb(status)}",
                actor,
                fact,
                reason=reason,
                undo=undo.fact_status_undo(fact, before.status),
            ),
        ]
    )
    return fact_by_id(store, fact)


def update_concept(
    store: GraphStore,
    concept_id: str,
    actor: str,
    *,
    name: str | None = None,
    synonyms: list[str] | None = None,
    broader: list[str] | None = None,
    status: ReviewStatus | None = None,
) -> ConceptSummary:
    """Rename a concept (the old name becomes a synonym), set synonyms, broader, status."""
    current = concept_by_id(store, concept_id)
    new_name = current.name or concept_id
    if name is not None:
        if not name.strip():
            raise InvalidChange("name", "a concept's name must not be empty")
        new_name = name.strip()
    if synonyms is not None:
        new_synonyms = _unique(synonyms, exclude=new_name)
    elif new_name != current.name and current.name:
        new_synonyms = _unique([*current.synonyms, current.name], exclude=new_name)
    else:
        new_synonyms = current.synonyms
    _check_concept(concept_id, new_name, new_synonyms)
    now = utc_now()
    statements: Statements = [
        (
            queries.UPDATE_CONCEPT,
            {
                "id": concept_id,
                "name": new_name,
                "synonyms": new_synonyms,
                "status": str(status) if status is not None else current.status,
                "now": now,
            },
        )
    ]
    if broader is not None:
        parents = _checked_broader(store, concept_id, broader)
        statements += [
            (queries.DELETE_BROADER, {"id": concept_id}),
            (queries.ADD_BROADER, {"id": concept_id, "broader": parents, "now": now}),
        ]
    statements.append(
        audit_statement("concept.update", actor, concept_id, undo=undo.concept_update_undo(current))
    )
    store.write_many(statements)
    concept_lexicon(store, max_age=0)
    return concept_by_id(store, concept_id)


def merge_concepts(store: GraphStore, source: str, target: str, actor: str) -> ConceptSummary:
    """Merge concept `source` into `target`: its mentions, facts and taxonomy move to the
    target, its name and synonyms become the target's synonyms, and it is deleted."""
    merged = concept_by_id(store, source)
    if source == target:
        raise InvalidChange("into", "a concept cannot be merged into itself")
    try:
        kept = concept_by_id(store, target)
    except NotFound:
        raise InvalidChange("into", f"no concept with id {target!r}") from None
    restore = undo.concept_merge_undo(store, merged, kept)
    now = utc_now()
    params = {"source": source, "target": target, "now": now}
    statements: Statements = [
        (
            queries.move_to_concept_query_name(rel_type, label),
            {**params, "rows": rows, "derived": "derived"},
        )
        for (rel_type, label), rows in _incoming_rows(store, source, target).items()
    ]
    statements.append((queries.MOVE_BROADER_OUT, params))
    synonyms = _unique(
        [*kept.synonyms, merged.name or "", *merged.synonyms], exclude=kept.name or ""
    )
    statements.append((queries.MERGE_CONCEPT_NAMES, {**params, "synonyms": synonyms}))
    statements.append(
        audit_statement("concept.merge", actor, f"{source} -> {target}", undo=restore)
    )
    store.write_many(statements)
    concept_lexicon(store, max_age=0)
    return concept_by_id(store, target)


def record_article_usage(
    store: GraphStore, article_id: str, interaction_id: str, helped: bool
) -> ArticleUsage:
    """Record that article `article_id` helped (or did not) resolve an interaction."""
    found = store.read(
        queries.ARTICLE_AND_INTERACTION,
        {"article_id": article_id, "interaction_id": interaction_id},
    )
    if not found or found[0]["article_id"] is None:
        raise NotFound(f"no knowledge-base article with id {article_id!r}")
    if found[0]["interaction_id"] is None:
        raise InvalidChange("interaction_id", f"no interaction with id {interaction_id!r}")
    rows = store.write(
        queries.RECORD_ARTICLE_USAGE,
        {
            "article_id": article_id,
            "interaction_id": interaction_id,
            "helped": helped,
            "now": utc_now(),
            "source": "api",
        },
    )
    return ArticleUsage(
        article_id=article_id,
        interaction_id=interaction_id,
        helped=bool(rows[0]["helped"]),
        used_at=str(rows[0]["used_at"]),
    )


def _incoming_rows(
    store: GraphStore, source: str, target: str
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in store.read(queries.CONCEPT_INCOMING, {"id": source}):
        rel_type, label = row["type"], row["label"]
        if rel_type not in queries.INTO_CONCEPT or label not in queries.INTO_CONCEPT[rel_type]:
            continue
        if row["source"] == "derived":
            continue
        is_fact = rel_type in FACT_TYPES
        groups[(rel_type, label)].append(
            {
                "from": row["from"],
                "fact_id": fact_id(row["from"], rel_type, target) if is_fact else None,
            }
        )
    for rows in groups.values():
        unique = {r["from"]: r for r in rows}
        rows[:] = list(unique.values())
    return groups


def _checked_broader(store: GraphStore, concept_id: str, broader: list[str]) -> list[str]:
    parents = list(dict.fromkeys(b.strip() for b in broader if b.strip()))
    if concept_id in parents:
        raise InvalidChange("broader", "a concept cannot be broader than itself")
    found = {row["id"] for row in store.read(existing_ids_query_name("Concept"), {"ids": parents})}
    missing = [p for p in parents if p not in found]
    if missing:
        raise InvalidChange("broader", f"no concept with id {', '.join(map(repr, missing))}")
    narrower = {row["id"] for row in store.read(queries.CONCEPTS_NARROWER_THAN, {"id": concept_id})}
    cycle = sorted(narrower & set(parents))
    if cycle:
        raise InvalidChange(
            "broader", f"{', '.join(cycle)} is narrower than {concept_id}: that would be a cycle"
        )
    return parents


def _unique(names: list[str], exclude: str) -> list[str]:
    seen = {exclude.strip().lower()}
    kept: list[str] = []
    for name in names:
        clean = name.strip()
        if clean and clean.lower() not in seen:
            seen.add(clean.lower())
            kept.append(clean)
    return kept


def _verb(status: ReviewStatus) -> str:
    return {"approved": "approve", "rejected": "reject"}.get(str(status), "reopen")
