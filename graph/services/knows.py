"""`derive_knows`: recompute the derived KNOWS edges from shared interactions."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypedDict

from graph.queries import knows as queries
from graph.services.strength import SharedInteraction, Strength, relationship_strength
from graph.services.timeparse import parse_time, utc_now
from graph.stores.base import GraphStore, Row

EMPLOYEE_BATCH = 25
WRITE_BATCH = 1000
EVIDENCE_IDS = 5
MIN_STRENGTH = 0.01


class DeriveKnowsReport(TypedDict):
    employees: int
    knows_contact: int
    knows_employee: int
    as_of: str


def derive_knows(store: GraphStore, as_of: datetime | None = None) -> DeriveKnowsReport:
    """Replace every employee's KNOWS edges with ones computed from shared interactions.

    `as_of` is the moment recency is measured from; by default the latest shared
    interaction in the graph, so an old mailbox still ranks its relationships sensibly.
    """
    employee_ids = [row["id"] for row in store.read(queries.EMPLOYEE_IDS)]
    shared: list[Row] = []
    for start in range(0, len(employee_ids), EMPLOYEE_BATCH):
        batch = employee_ids[start : start + EMPLOYEE_BATCH]
        shared.extend(store.read(queries.SHARED_INTERACTIONS, {"ids": batch}))
    moment = as_of or _latest(shared) or utc_now()
    rows: dict[str, list[dict[str, object]]] = {"Contact": [], "Employee": []}
    for (employee_id, other_id, other_label), interactions in _by_pair(shared).items():
        strength = relationship_strength(interactions, moment)
        if strength.strength >= MIN_STRENGTH:
            rows[other_label].append(knows_row(employee_id, other_id, strength, interactions))
    now = utc_now().isoformat(timespec="seconds")
    statements: list[tuple[str, Mapping[str, Any]]] = [
        (queries.DELETE_KNOWS, {"ids": employee_ids})
    ]
    for label, label_rows in rows.items():
        for start in range(0, len(label_rows), WRITE_BATCH):
            statements.append(
                (
                    queries.merge_knows_query_name(label),
                    {"rows": label_rows[start : start + WRITE_BATCH], "now": now},
                )
            )
    store.write_many(statements)
    return {
        "employees": len(employee_ids),
        "knows_contact": len(rows["Contact"]),
        "knows_employee": len(rows["Employee"]),
        "as_of": moment.isoformat(),
    }


def knows_row(
    employee_id: str, other_id: str, strength: Strength, interactions: Sequence[SharedInteraction]
) -> dict[str, object]:
    recent = sorted(
        interactions,
        key=lambda i: i.occurred_at.isoformat() if i.occurred_at else "",
        reverse=True,
    )
    return {
        "from": employee_id,
        "to": other_id,
        "strength": strength.strength,
        "components": json.dumps(
            {name: c.model_dump() for name, c in strength.components.items()}, sort_keys=True
        ),
        "interaction_count": strength.interaction_count,
        "last_interaction_at": strength.last_interaction_at.isoformat()
        if strength.last_interaction_at
        else None,
        "last_interaction_id": strength.last_interaction_id,
        "interaction_ids": list(dict.fromkeys(i.interaction_id for i in recent))[:EVIDENCE_IDS],
    }


def _by_pair(rows: list[Row]) -> dict[tuple[str, str, str], list[SharedInteraction]]:
    pairs: dict[tuple[str, str, str], list[SharedInteraction]] = defaultdict(list)
    for row in rows:
        pairs[(row["employee_id"], row["other_id"], row["other_label"])].append(
            SharedInteraction(
                interaction_id=row["interaction_id"],
                kind=row["kind"] or "",
                occurred_at=parse_time(row["occurred_at"]),
                own_role=row["employee_role"],
                other_role=row["other_role"],
                recipient_count=row["recipient_count"],
            )
        )
    return pairs


def _latest(rows: list[Row]) -> datetime | None:
    times = [t for t in (parse_time(row["occurred_at"]) for row in rows) if t is not None]
    return max(times) if times else None
