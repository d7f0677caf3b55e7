"""Erasure of a person (a contact, an employee, or both under one id) on request.

What goes: every record with the id (Contact and Employee alike) and every relationship of
theirs (participation, facts about them, KNOWS), the interactions they authored (their own
words), every fact whose evidence came only from those, the value nodes only they pointed
to (a commitment only they made), concepts proposed from their name. What is redacted,
replaced by "[redacted]": every trace of them (`graph.services.redaction`: names in any
spelling, aliases, addresses, phone numbers) wherever the rest of the graph still quotes
them — evidence sentences, interaction subjects, texts and bodies, articles, value node
names, curated concepts, earlier audit entries (whose undo records are dropped). Their
first or last name alone is redacted too where the text is theirs or about them.

A tombstone per id and address (keyed hashes, `graph.services.tombstones`) keeps later
ingests from bringing them back. The audit entry records the actor, `person.erase`, the
keyed hash of the id and the time. Then the store is compacted so the erased values leave
the disk, and its files are searched, byte by byte, for any trace left: the report says
how many files were searched and how many traces were found (never which), and, if any
were, which other records carry the person's name or address (the same person under
another record, to erase or merge as well).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from graph.errors import NotFound
from graph.model import PEOPLE
from graph.queries import erasure as queries
from graph.queries.identity import candidates_query_name
from graph.queries.nodes import get_node_query_name
from graph.services.audit import audit_statement
from graph.services.expertise_derive import derive_expertise
from graph.services.knows import derive_knows, employees_of_interactions
from graph.services.redaction import REDACTED, PersonTraces, Redactor
from graph.services.tombstones import keyed_hash, store_salt, tombstone_statement
from graph.stores.base import GraphStore, Row
from graph.writes import utc_now

AUTHOR_ROLES = frozenset({"from", "author"})
SEARCH_CHUNK = 16 * 1024 * 1024
SEARCH_OVERLAP = 4096


class ErasureReport(BaseModel):
    """What an erasure did, in counts; nothing about the person."""

    audit_id: str
    target: str
    labels: list[str]
    interactions_deleted: int
    facts_deleted: int
    facts_redacted: int
    interactions_redacted: int
    articles_redacted: int
    concepts_changed: int
    tombstones: int
    compacted: bool
    compaction: str
    files_searched: int
    traces_found: int
    other_records: list[str]


class ResidueCheck(BaseModel):
    files_searched: int
    traces_found: int


def erase_person(
    store: GraphStore, person_id: str, actor: str, *, compact: bool = True
) -> ErasureReport:
    """Erase the person with `person_id`; raises `NotFound` when no person has it."""
    records = _records(store, person_id)
    traces = PersonTraces.of(records.values())
    redactor = Redactor(traces)
    terms = list(redactor.search_terms())
    took_part: dict[str, str | None] = {}
    about: set[str] = set()
    knew: set[str] = set()
    for label in records:
        for row in store.read(queries.erasure_query_name("interactions", label), {"id": person_id}):
            took_part.setdefault(row["id"], None)
            if row["link"] == "WROTE" or row["role"] in AUTHOR_ROLES:
                took_part[row["id"]] = "author"
        about |= {
            r["id"]
            for r in store.read(
                queries.erasure_query_name("interactions_about", label), {"id": person_id}
            )
        }
        knew |= {
            r["id"]
            for r in store.read(
                queries.erasure_query_name("employees_who_knew", label), {"id": person_id}
            )
        }
    authored = sorted(i for i, how in took_part.items() if how == "author")
    local = set(took_part) | about
    value_nodes = sorted(
        {
            r["id"]
            for label in records
            for r in store.read(queries.erasure_query_name("value_nodes", label), {"id": person_id})
        }
    )
    now = utc_now()
    fact_updates, fact_deletes = _scrub_facts(
        store.read(queries.FACTS_TO_SCRUB, {"interaction_ids": sorted(local), "terms": terms}),
        set(authored),
        local,
        redactor,
    )
    interaction_rows = _redacted_interactions(store, sorted(local), terms, set(authored), redactor)
    article_rows = [
        {"id": r["id"], "title": redactor.redact(r["title"]), "body": redactor.redact(r["body"])}
        for r in store.read(queries.ARTICLES_NAMING, {"terms": terms})
        if redactor.names_them(r["title"]) or redactor.names_them(r["body"])
    ]
    value_rows = [
        {"id": r["id"], "name": redactor.redact(r["name"])}
        for r in store.read(queries.VALUE_NODES_NAMING, {"terms": terms})
        if redactor.names_them(r["name"])
    ]
    concept_updates, concept_deletes = _scrub_concepts(
        store.read(queries.CONCEPTS_NAMING, {"terms": terms}), redactor
    )
    salt = store_salt(store, create=True)
    assert salt is not None
    target = keyed_hash(salt, person_id)
    ids = [person_id, *(m for r in records.values() for m in r.get("merged_ids") or [])]
    audit_rows = _scrubbed_audit(store, salt, [*ids, *traces.emails], redactor)
    tombstones = tombstone_statement(salt, [*ids, *traces.emails], now)
    audit = audit_statement("person.erase", actor, target)
    statements: list[tuple[str, Mapping[str, Any]]] = [
        (queries.UPDATE_FACT_EVIDENCE, {"rows": fact_updates, "now": now}),
        (queries.DELETE_FACTS, {"ids": fact_deletes}),
        (queries.REDACT_INTERACTIONS, {"rows": interaction_rows, "now": now}),
        (queries.REDACT_ARTICLES, {"rows": article_rows, "now": now}),
        (queries.REDACT_VALUE_NODES, {"rows": value_rows, "now": now}),
        (queries.REDACT_CONCEPTS, {"rows": concept_updates, "now": now}),
        (queries.DELETE_CONCEPTS, {"ids": concept_deletes}),
        (queries.SCRUB_AUDIT, {"rows": audit_rows}),
        (queries.DELETE_INTERACTIONS, {"ids": authored}),
        (queries.REMOVE_QUEUE_MEMBERS, {"ids": ids, "now": now}),
        *[
            (queries.erasure_query_name("delete_person", label), {"id": person_id})
            for label in records
        ],
        (queries.DELETE_ORPHAN_VALUE_NODES, {"ids": value_nodes}),
        tombstones,
        audit,
    ]
    affected = (employees_of_interactions(store, sorted(local)) | knew) - {person_id}
    store.write_many(statements)
    _refresh_relationships(store, affected, "Employee" in records)
    compaction = (
        store.compact() if compact else {"compacted": False, "detail": "not asked to compact"}
    )
    residue = search_store_files(store.data_files(), redactor)
    others = _records_naming(store, redactor) if residue.traces_found else []
    return ErasureReport(
        audit_id=str(audit[1]["id"]),
        target=target,
        labels=sorted(records),
        interactions_deleted=len(authored),
        facts_deleted=len(fact_deletes),
        facts_redacted=len(fact_updates),
        interactions_redacted=len(interaction_rows),
        articles_redacted=len(article_rows),
        concepts_changed=len(concept_updates) + len(concept_deletes),
        tombstones=len(tombstones[1]["ids"]),
        compacted=compaction["compacted"],
        compaction=compaction["detail"],
        files_searched=residue.files_searched,
        traces_found=residue.traces_found,
        other_records=others,
    )


def search_store_files(files: list[Path], redactor: Redactor) -> ResidueCheck:
    """Count the person's traces in the store's files, reading raw bytes."""
    pattern = redactor.byte_pattern()
    found = 0
    searched = 0
    for path in files:
        try:
            with path.open("rb") as data:
                searched += 1
                if pattern is None:
                    continue
                tail = b""
                while chunk := data.read(SEARCH_CHUNK):
                    window = tail + chunk
                    hits = [m for m in pattern.finditer(window) if m.end() > len(tail)]
                    found += len(hits)
                    tail = window[-SEARCH_OVERLAP:]
        except OSError:
            continue
    return ResidueCheck(files_searched=searched, traces_found=found)


def _records_naming(store: GraphStore, redactor: Redactor) -> list[str]:
    """Other people's records that carry the erased person's name or address: likely the
    same person under another record (erase or merge them too)."""
    found = []
    for label in PEOPLE:
        for row in store.read(candidates_query_name(label)):
            values = [row["name"], row["email"], *row["aliases"], *row["other_emails"]]
            if any(redactor.names_them(str(v)) for v in values if v):
                found.append(str(row["id"]))
    return sorted(set(found))


def _records(store: GraphStore, person_id: str) -> dict[str, dict[str, Any]]:
    found = {}
    for label in PEOPLE:
        rows = store.read(get_node_query_name(label), {"id": person_id})
        if rows:
            found[label] = dict(rows[0]["node"])
    if not found:
        raise NotFound(f"no contact or employee with id {person_id!r}")
    return found


def _redacted_interactions(
    store: GraphStore,
    local: list[str],
    terms: list[str],
    authored: set[str],
    redactor: Redactor,
) -> list[dict[str, Any]]:
    rows = store.read(queries.INTERACTIONS_NAMING, {"interaction_ids": local, "terms": terms})
    changed = []
    for row in rows:
        if row["id"] in authored:
            continue
        is_local = row["id"] in local
        redacted = {k: redactor.redact(row[k], local=is_local) for k in ("subject", "text", "body")}
        if any(redacted[k] != row[k] for k in redacted):
            changed.append({"id": row["id"], **redacted})
    return changed


def _scrub_facts(
    rows: list[Row], authored: set[str], local: set[str], redactor: Redactor
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
            kept.append(_redacted_evidence(item, parsed, redactor, interaction in local))
        ids = [i for i in row["interaction_ids"] or [] if i not in authored]
        if not kept or not ids:
            deletes.append(row["id"])
            continue
        closed_by = row["closed_by"]
        if closed_by is not None:
            parsed = _parsed(closed_by)
            interaction = parsed.get("interaction_id") if parsed else None
            gone = interaction in authored
            closed_by = (
                None
                if gone
                else _redacted_evidence(closed_by, parsed, redactor, interaction in local)
            )
        updates.append(
            {"id": row["id"], "evidence": kept, "interaction_ids": ids, "closed_by": closed_by}
        )
    return updates, deletes


def _scrub_concepts(rows: list[Row], redactor: Redactor) -> tuple[list[dict[str, Any]], list[str]]:
    """Proposed concepts that name the person go; curated ones are redacted."""
    updates: list[dict[str, Any]] = []
    deletes: list[str] = []
    for row in rows:
        synonyms = [str(s) for s in row["synonyms"] or []]
        if not redactor.names_them(row["name"]) and not any(map(redactor.names_them, synonyms)):
            continue
        if row["status"] == "proposed":
            deletes.append(row["id"])
            continue
        kept = [s for s in synonyms if not redactor.names_them(s)]
        updates.append({"id": row["id"], "name": redactor.redact(row["name"]), "synonyms": kept})
    return updates, deletes


def _scrubbed_audit(
    store: GraphStore, salt: str, values: list[str], redactor: Redactor
) -> list[dict[str, Any]]:
    """Earlier audit entries naming the person: their id becomes its keyed hash, their
    undo record (a merge's snapshot) goes."""
    terms = sorted({v.lower() for v in values})
    rows = store.read(queries.AUDIT_NAMING, {"terms": terms})
    scrubbed = []
    for row in rows:
        target = str(row["target"] or "")
        for value in values:
            target = target.replace(value, keyed_hash(salt, value))
        scrubbed.append({"id": row["id"], "target": redactor.redact(target) or REDACTED})
    return scrubbed


def _refresh_relationships(store: GraphStore, employees: set[str], was_employee: bool) -> None:
    """The KNOWS and EXPERT_IN of everyone who shared interactions with them, recomputed
    without them (and everyone's expertise prior, if they were one of us)."""
    if employees:
        derive_knows(store, employee_ids=sorted(employees))
    if employees or was_employee:
        derive_expertise(store, employee_ids=sorted(employees), refresh_priors=was_employee)


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
