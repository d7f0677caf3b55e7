"""Erasure of a person (a contact or an employee) on request.

What goes: the person and every relationship of theirs (participation, facts about them,
KNOWS), the interactions they authored (their own words), every fact whose evidence came
only from those interactions, and the value nodes (commitments, preferences, roles) only
they pointed to. What is redacted: their name, aliases and email address wherever the rest
of the graph still quotes them (evidence sentences, interaction texts, articles, value node
names), replaced by "[redacted]"; in the interactions they took part in, their first name
too. The audit entry records the actor, `person.erase`, a hash of the id, and the time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from graph.errors import NotFound
from graph.model import PEOPLE
from graph.queries import erasure as queries
from graph.queries.nodes import get_node_query_name
from graph.services.audit import audit_statement, hashed_target
from graph.stores.base import GraphStore, Row
from graph.writes import utc_now

REDACTED = "[redacted]"
AUTHOR_ROLES = frozenset({"from", "author"})
MIN_TERM_LENGTH = 3


class ErasureReport(BaseModel):
    """What an erasure did, in counts; nothing about the person."""

    audit_id: str
    target: str
    interactions_deleted: int
    facts_deleted: int
    facts_redacted: int
    interactions_redacted: int
    articles_redacted: int


@dataclass
class Redactor:
    """Replaces a person's names and address in text, whole words, any case."""

    terms: list[str]
    local_terms: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._everywhere = _pattern(self.terms)
        self._local = _pattern([*self.terms, *self.local_terms])

    def redact(self, text: str | None, local: bool = False) -> str | None:
        pattern = self._local if local else self._everywhere
        if text is None or pattern is None:
            return text
        return pattern.sub(REDACTED, text)

    def search_terms(self) -> list[str]:
        return [t.lower() for t in self.terms]


def erase_person(store: GraphStore, person_id: str, actor: str) -> ErasureReport:
    """Erase the person with `person_id`; raises `NotFound` when no person has it."""
    label, person = _find_person(store, person_id)
    redactor = _redactor_for(person)
    participated = store.read(queries.erasure_query_name("interactions", label), {"id": person_id})
    authored = sorted(
        {r["id"] for r in participated if r["link"] == "WROTE" or r["role"] in AUTHOR_ROLES}
    )
    taking_part = {r["id"] for r in participated}
    value_nodes = [
        r["id"]
        for r in store.read(queries.erasure_query_name("value_nodes", label), {"id": person_id})
    ]
    terms = redactor.search_terms()
    now = utc_now()

    scrub = {"interaction_ids": sorted(taking_part), "terms": terms}
    fact_updates, fact_deletes = _scrub_facts(
        store.read(queries.FACTS_TO_SCRUB, scrub),
        set(authored),
        taking_part,
        redactor,
    )
    interaction_rows = [
        {
            "id": row["id"],
            **{
                key: redactor.redact(row[key], local=row["id"] in taking_part)
                for key in ("subject", "text", "body")
            },
        }
        for row in store.read(
            queries.INTERACTIONS_NAMING, {"interaction_ids": sorted(taking_part), "terms": terms}
        )
        if row["id"] not in authored
    ]
    article_rows = [
        {
            "id": row["id"],
            "title": redactor.redact(row["title"]),
            "body": redactor.redact(row["body"]),
        }
        for row in store.read(queries.ARTICLES_NAMING, {"terms": terms})
    ]
    value_rows = [
        {"id": row["id"], "name": redactor.redact(row["name"])}
        for row in store.read(queries.VALUE_NODES_NAMING, {"terms": terms})
    ]
    audit = audit_statement("person.erase", actor, hashed_target(person_id))
    statements: list[tuple[str, Mapping[str, Any]]] = [
        (queries.UPDATE_FACT_EVIDENCE, {"rows": fact_updates, "now": now}),
        (queries.DELETE_FACTS, {"ids": fact_deletes}),
        (queries.REDACT_INTERACTIONS, {"rows": interaction_rows, "now": now}),
        (queries.REDACT_ARTICLES, {"rows": article_rows, "now": now}),
        (queries.REDACT_VALUE_NODES, {"rows": value_rows, "now": now}),
        (queries.DELETE_INTERACTIONS, {"ids": authored}),
        (queries.erasure_query_name("delete_person", label), {"id": person_id}),
        (queries.DELETE_ORPHAN_VALUE_NODES, {"ids": value_nodes}),
        audit,
    ]
    store.write_many(statements)
    return ErasureReport(
        audit_id=str(audit[1]["id"]),
        target=hashed_target(person_id),
        interactions_deleted=len(authored),
        facts_deleted=len(fact_deletes),
        facts_redacted=len(fact_updates),
        interactions_redacted=len(interaction_rows),
        articles_redacted=len(article_rows),
    )


def _find_person(store: GraphStore, person_id: str) -> tuple[str, dict[str, Any]]:
    for label in PEOPLE:
        rows = store.read(get_node_query_name(label), {"id": person_id})
        if rows:
            return label, dict(rows[0]["node"])
    raise NotFound(f"no contact or employee with id {person_id!r}")


def _redactor_for(person: dict[str, Any]) -> Redactor:
    names = [person.get("name"), person.get("email"), *(person.get("aliases") or [])]
    terms = [str(n).strip() for n in names if n and len(str(n).strip()) >= MIN_TERM_LENGTH]
    first = str(person.get("name") or "").split()
    local = [first[0]] if first and len(first[0]) >= MIN_TERM_LENGTH else []
    return Redactor(terms=list(dict.fromkeys(terms)), local_terms=local)


def _scrub_facts(
    rows: list[Row], authored: set[str], taking_part: set[str], redactor: Redactor
) -> tuple[list[dict[str, Any]], list[str]]:
    """Per fact: drop evidence from erased interactions, redact the rest; none left, delete."""
    updates: list[dict[str, Any]] = []
    deletes: list[str] = []
    for row in rows:
        kept: list[str] = []
        for item in row["evidence"] or []:
            parsed = _parsed(item)
            interaction = parsed.get("interaction_id") if parsed else None
            if interaction in authored:
                continue
            kept.append(_redacted_evidence(item, parsed, redactor, interaction in taking_part))
        ids = [i for i in row["interaction_ids"] or [] if i not in authored]
        if not kept or not ids:
            deletes.append(row["id"])
            continue
        closed_by = row["closed_by"]
        if closed_by is not None:
            parsed = _parsed(closed_by)
            gone = parsed is not None and parsed.get("interaction_id") in authored
            closed_by = None if gone else _redacted_evidence(closed_by, parsed, redactor, False)
        updates.append(
            {"id": row["id"], "evidence": kept, "interaction_ids": ids, "closed_by": closed_by}
        )
    return updates, deletes


def _redacted_evidence(
    item: str, parsed: dict[str, Any] | None, redactor: Redactor, local: bool
) -> str:
    if parsed is None:
        return redactor.redact(item, local) or ""
    text = parsed.get("text")
    parsed["text"] = redactor.redact(text, local) if isinstance(text, str) else text
    return json.dumps(parsed, ensure_ascii=False)


def _parsed(item: Any) -> dict[str, Any] | None:
    try:
        value = json.loads(item) if isinstance(item, str) else item
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted({t for t in terms if t}, key=len, reverse=True)
    if not alternatives:
        return None
    escaped = "|".join(re.escape(t) for t in alternatives)
    return re.compile(rf"(?<!\w)(?:{escaped})(?!\w)", re.IGNORECASE)
