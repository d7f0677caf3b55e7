"""`derive_expertise`: recompute derived EXPERT_IN edges (employee -> concept)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypedDict

from graph.queries import experts as queries
from graph.queries import knows as knows_queries
from graph.services.expertise_profile import (
    ConceptEvidence,
    EmployeeActivity,
    activity_timeline,
    expertise_score,
)
from graph.services.timeparse import parse_time, utc_now
from graph.stores.base import GraphStore, Row

EMPLOYEE_BATCH = 50
ID_BATCH = 2000
WRITE_BATCH = 1000
EVIDENCE_IDS = 5


class DeriveExpertiseReport(TypedDict):
    employees: int
    expert_in: int
    as_of: str


def derive_expertise(
    store: GraphStore,
    as_of: datetime | None = None,
    employee_ids: Iterable[str] | None = None,
    refresh_priors: bool = True,
) -> DeriveExpertiseReport:
    """Replace derived EXPERT_IN edges with scores from evidence older than `as_of`.

    Evidence: answers (accepted, voted), tickets handled (resolved with an article),
    articles written, stated EXPERT_IN facts; each on the concepts the interaction, or
    the question it answers, mentions. Also sets each employee's expertise activity (the
    expert finder's prior: answers and tickets, accepted ones more, decayed by how much
    work everyone did since), so a question never has to count anyone's history.

    With `employee_ids`, only their EXPERT_IN edges are recomputed (after an ingest batch);
    everyone's prior is recomputed too when `refresh_priors` (its decay depends on
    everyone's work), and left as it is otherwise: the expert finder ages a prior by the
    answers and tickets recorded since it was computed (`activity_now`).
    """
    everyone = [row["id"] for row in store.read(knows_queries.EMPLOYEE_IDS)]
    wanted = set(everyone) if employee_ids is None else set(employee_ids) & set(everyone)
    priors_too = employee_ids is None or refresh_priors
    read_ids = everyone if priors_too else sorted(wanted)
    before = as_of.isoformat() if as_of else None
    profiles: dict[tuple[str, str], ConceptEvidence] = defaultdict(ConceptEvidence)
    activity: dict[str, EmployeeActivity] = {e: EmployeeActivity() for e in read_ids}
    latest: datetime | None = None
    for start in range(0, len(read_ids), EMPLOYEE_BATCH):
        batch = read_ids[start : start + EMPLOYEE_BATCH]
        done = store.read(queries.EXPERTISE_INTERACTIONS, {"ids": batch, "as_of": before})
        profiled = [row for row in done if row["employee_id"] in wanted]
        concepts = _concepts_of(store, [row["interaction_id"] for row in profiled])
        for row in done:
            activity[row["employee_id"]].saw(
                row["kind"], bool(row["accepted"]), parse_time(row["occurred_at"])
            )
        for row in profiled:
            at = parse_time(row["occurred_at"])
            latest = at if at and (latest is None or at > latest) else latest
            for concept_id in concepts.get(row["interaction_id"], ()):
                _count(profiles[(row["employee_id"], concept_id)], row, at)
        batch = [e for e in batch if e in wanted]
        if not batch:
            continue
        for row in store.read(queries.EXPERTISE_ARTICLES, {"ids": batch}):
            evidence = profiles[(row["employee_id"], row["concept_id"])]
            evidence.articles += 1
            evidence.saw(row["article_id"], parse_time(row["updated_at"]))
        for row in store.read(queries.STATED_EXPERTISE, {"ids": batch}):
            evidence = profiles[(row["employee_id"], row["concept_id"])]
            weight = 1.0 if row["status"] == "approved" else 0.5
            evidence.stated = max(evidence.stated, weight * float(row["confidence"] or 1.0))
    moment = as_of or latest or utc_now()
    rows = [_edge(e, c, evidence, moment) for (e, c), evidence in profiles.items()]
    now = utc_now().isoformat(timespec="seconds")
    statements: list[tuple[str, Mapping[str, Any]]] = [
        (queries.DELETE_DERIVED_EXPERTISE, {"ids": sorted(wanted)})
    ]
    timeline = activity_timeline(activity.values())
    priors = [a.row(e, timeline) for e, a in activity.items()] if priors_too else []
    statements += [
        (queries.SET_EMPLOYEE_ACTIVITY, {"rows": priors[i : i + WRITE_BATCH]})
        for i in range(0, len(priors), WRITE_BATCH)
    ]
    statements += [
        (queries.MERGE_DERIVED_EXPERTISE, {"rows": rows[i : i + WRITE_BATCH], "now": now})
        for i in range(0, len(rows), WRITE_BATCH)
    ]
    store.write_many(statements)
    return {"employees": len(wanted), "expert_in": len(rows), "as_of": moment.isoformat()}


def _concepts_of(store: GraphStore, interaction_ids: list[str]) -> dict[str, set[str]]:
    concepts: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(interaction_ids), ID_BATCH):
        batch = interaction_ids[start : start + ID_BATCH]
        for row in store.read(queries.INTERACTION_CONCEPTS, {"ids": batch}):
            concepts[row["interaction_id"]].add(row["concept_id"])
    return concepts


def _count(evidence: ConceptEvidence, row: Row, at: datetime | None) -> None:
    if row["kind"] == "answer":
        evidence.answers += 1
        evidence.accepted += 1 if row["accepted"] else 0
        evidence.votes += max(0, int(row["votes"] or 0))
    elif row["resolved"] or row["kind"] == "ticket":
        evidence.tickets_resolved += 1
    evidence.saw(row["interaction_id"], at)


def _edge(
    employee_id: str, concept_id: str, evidence: ConceptEvidence, as_of: datetime
) -> dict[str, Any]:
    score, components = expertise_score(evidence, as_of)
    recent = [i for _, i in sorted(evidence.interaction_ids, reverse=True)]
    return {
        "from": employee_id,
        "to": concept_id,
        "score": score,
        "components": json.dumps(
            {name: c.model_dump() for name, c in components.items()}, sort_keys=True
        ),
        "interaction_count": len(evidence.interaction_ids),
        "evidence_count": len(evidence.interaction_ids),
        "interaction_ids": recent[:EVIDENCE_IDS],
        "last_interaction_at": evidence.last_at.isoformat() if evidence.last_at else None,
    }
