"""`derive_knows`: recompute the derived KNOWS edges from every interaction two people had.

An employee knows another person by:
- the interactions both took part in, where one of the two wrote it, or both attended it
  (a call or a meeting; a note's front-matter contacts attend its call);
- the replies they exchanged: a message of one replying to a message of the other (a
  ticket's messages each have one writer, so this is how a ticket answer counts);
- the orders the employee handled for the account the contact works at.

Each interaction counts once per pair, with its channel's weight (`strength.CHANNEL_WEIGHTS`).
With `employee_ids`, only those employees' edges are recomputed; `refresh_knows` recomputes
only the pairs some interactions link (after an ingest batch), reading each pair's history
from the other person's side.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
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

Pair = tuple[str, str, str]


class DeriveKnowsReport(TypedDict):
    employees: int
    knows_contact: int
    knows_employee: int
    as_of: str


def derive_knows(
    store: GraphStore,
    as_of: datetime | None = None,
    employee_ids: Iterable[str] | None = None,
) -> DeriveKnowsReport:
    """Replace the KNOWS edges of every employee (or of `employee_ids`) with ones computed
    from the interactions they had.

    `as_of` is the moment recency is measured from; by default the latest interaction
    among them, so an old mailbox still ranks its relationships sensibly; when only some
    employees are recomputed, never earlier than the moment their edges had.
    """
    if employee_ids is None:
        employees = [row["id"] for row in store.read(queries.EMPLOYEE_IDS)]
        earlier = None
    else:
        employees = sorted(set(employee_ids))
        earlier = _previous_as_of(store, employees)
    shared = shared_interactions(store, employees)
    latest = _latest(i for interactions in shared.values() for i in interactions)
    moment = as_of or max((t for t in (latest, earlier) if t is not None), default=utc_now())
    rows: dict[str, list[dict[str, object]]] = {"Contact": [], "Employee": []}
    for (employee_id, other_id, other_label), interactions in shared.items():
        strength = relationship_strength(interactions, moment)
        if strength.strength >= MIN_STRENGTH:
            rows[other_label].append(
                knows_row(employee_id, other_id, strength, interactions, moment)
            )
    statements: list[tuple[str, Mapping[str, Any]]] = [
        (queries.DELETE_KNOWS, {"ids": employees[i : i + WRITE_BATCH]})
        for i in range(0, len(employees), WRITE_BATCH)
    ]
    return _write_knows(store, statements, rows, employees, moment)


def _write_knows(
    store: GraphStore,
    deletes: list[tuple[str, Mapping[str, Any]]],
    rows: dict[str, list[dict[str, object]]],
    employees: Sequence[str],
    moment: datetime,
) -> DeriveKnowsReport:
    """Run `deletes`, then merge the KNOWS `rows` per label in batches; what was written."""
    now = utc_now().isoformat(timespec="seconds")
    statements = list(deletes)
    for label, label_rows in rows.items():
        for start in range(0, len(label_rows), WRITE_BATCH):
            statements.append(
                (
                    queries.merge_knows_query_name(label),
                    {"rows": label_rows[start : start + WRITE_BATCH], "now": now},
                )
            )
    if statements:
        store.write_many(statements)
    return {
        "employees": len(employees),
        "knows_contact": len(rows["Contact"]),
        "knows_employee": len(rows["Employee"]),
        "as_of": moment.isoformat(),
    }


def shared_interactions(
    store: GraphStore, employee_ids: Sequence[str]
) -> dict[Pair, list[SharedInteraction]]:
    """Per (employee, other person, their label): the interactions they had, each once."""
    pairs: dict[Pair, dict[str, SharedInteraction]] = defaultdict(dict)
    for start in range(0, len(employee_ids), EMPLOYEE_BATCH):
        params = {"ids": list(employee_ids[start : start + EMPLOYEE_BATCH])}
        rows = store.read(queries.SHARED_INTERACTIONS, params)
        rows += store.read(queries.ORDERS_HANDLED, params)
        for row in rows:
            _add(pairs, row, _shared(row["interaction_id"], row, row["employee_role"]))
        for row in store.read(queries.REPLIES_EXCHANGED, params):
            for interaction in _reply_sides(row):
                _add(pairs, row, interaction)
    return {pair: list(by_id.values()) for pair, by_id in pairs.items()}


def _reply_sides(row: Row) -> tuple[SharedInteraction, SharedInteraction]:
    """A reply exchanged: the employee's message (outbound) and the other's (inbound)."""
    mine = SharedInteraction(
        interaction_id=row["mine_id"],
        kind=row["mine_kind"] or "",
        occurred_at=parse_time(row["mine_at"]),
        own_role=row["employee_role"],
        other_role="to",
        recipient_count=row["mine_recipients"],
    )
    theirs = SharedInteraction(
        interaction_id=row["theirs_id"],
        kind=row["theirs_kind"] or "",
        occurred_at=parse_time(row["theirs_at"]),
        own_role="to",
        other_role=row["other_role"],
        recipient_count=row["theirs_recipients"],
    )
    return mine, theirs


class PairHistories:
    """What pairs of people shared, kept across the batches of one ingest run: a pair's
    history is read from the store the first time a batch touches it, and each later batch
    only adds its own interactions (this run is the store's only writer meanwhile)."""

    def __init__(self) -> None:
        self.known: dict[Pair, dict[str, SharedInteraction]] = {}


def refresh_knows(
    store: GraphStore, interaction_ids: Sequence[str], histories: PairHistories | None = None
) -> DeriveKnowsReport:
    """Recompute the KNOWS edges of the pairs these interactions link, and no others.

    Recency is measured from the latest interaction of those pairs, never earlier than the
    moment the employees' edges had, so their other edges stay comparable.
    """
    histories = histories or PairHistories()
    added = _rows_of_interactions(store, interaction_ids)
    fresh = sorted(pair for pair in added if pair not in histories.known)
    for pair, by_id in _pair_histories(store, fresh).items():
        histories.known[pair] = by_id
    for pair, interactions in added.items():
        known = histories.known.setdefault(pair, {})
        for interaction in interactions:
            known.setdefault(interaction.interaction_id, interaction)
    pairs = sorted(added)
    employees = sorted({employee for employee, _, _ in pairs})
    shared = {pair: list(histories.known[pair].values()) for pair in pairs}
    latest = _latest(i for interactions in shared.values() for i in interactions)
    earlier = _previous_as_of(store, employees)
    moment = max((t for t in (latest, earlier) if t is not None), default=utc_now())
    rows: dict[str, list[dict[str, object]]] = {"Contact": [], "Employee": []}
    weak: list[dict[str, str]] = []
    for pair in pairs:
        strength = relationship_strength(shared[pair], moment)
        if strength.strength >= MIN_STRENGTH:
            rows[pair[2]].append(knows_row(pair[0], pair[1], strength, shared[pair], moment))
        else:
            weak.append({"employee": pair[0], "other": pair[1]})
    statements: list[tuple[str, Mapping[str, Any]]] = []
    if weak:
        statements.append((queries.DELETE_KNOWS_PAIRS, {"pairs": weak}))
    return _write_knows(store, statements, rows, employees, moment)


def _rows_of_interactions(
    store: GraphStore, interaction_ids: Sequence[str]
) -> dict[Pair, list[SharedInteraction]]:
    """Per pair these interactions link: what they add to it."""
    pairs: dict[Pair, dict[str, SharedInteraction]] = defaultdict(dict)
    for start in range(0, len(interaction_ids), WRITE_BATCH):
        params = {"ids": list(interaction_ids[start : start + WRITE_BATCH])}
        rows = store.read(queries.PAIR_ROWS_SHARED, params)
        rows += store.read(queries.PAIR_ROWS_ORDERS, params)
        for row in rows:
            _add(pairs, row, _shared(row["interaction_id"], row, row["employee_role"]))
        for row in store.read(queries.PAIR_ROWS_REPLIES, params):
            for side in _employee_sides(row):
                for interaction in _reply_sides(side):
                    _add(pairs, side, interaction)
    return {pair: list(by_id.values()) for pair, by_id in pairs.items()}


def _employee_sides(row: Row) -> list[Row]:
    """A reply between x and y as seen by each of the two who is an employee."""
    sides = []
    for me, them, mine, theirs in (("x", "y", "i", "j"), ("y", "x", "j", "i")):
        if row[f"{me}_label"] != "Employee":
            continue
        sides.append(
            {
                "employee_id": row[f"{me}_id"],
                "other_id": row[f"{them}_id"],
                "other_label": row[f"{them}_label"],
                "employee_role": row[f"{me}_role"],
                "other_role": row[f"{them}_role"],
                "mine_id": row[f"{mine}_id"],
                "mine_kind": row[f"{mine}_kind"],
                "mine_at": row[f"{mine}_at"],
                "mine_recipients": row[f"{mine}_recipients"],
                "theirs_id": row[f"{theirs}_id"],
                "theirs_kind": row[f"{theirs}_kind"],
                "theirs_at": row[f"{theirs}_at"],
                "theirs_recipients": row[f"{theirs}_recipients"],
            }
        )
    return sides


def _pair_histories(
    store: GraphStore, pairs: list[Pair]
) -> dict[Pair, dict[str, SharedInteraction]]:
    """Everything each pair shared, read from the other person's side."""
    found: dict[Pair, dict[str, SharedInteraction]] = defaultdict(dict)
    for label in ("Contact", "Employee"):
        wanted = [{"employee": e, "other": o} for e, o, other in pairs if other == label]
        for start in range(0, len(wanted), EMPLOYEE_BATCH * 4):
            params = {"pairs": wanted[start : start + EMPLOYEE_BATCH * 4]}
            rows = store.read(queries.pair_query_name("shared", label), params)
            if label == "Contact":
                rows += store.read(queries.PAIR_ORDERS, params)
            for row in rows:
                _add(found, row, _shared(row["interaction_id"], row, row["employee_role"]))
            for row in store.read(queries.pair_query_name("replies", label), params):
                for interaction in _reply_sides(row):
                    _add(found, row, interaction)
    return found


def employees_of_interactions(store: GraphStore, interaction_ids: Sequence[str]) -> set[str]:
    """The employees whose relationships these interactions change."""
    found: set[str] = set()
    for start in range(0, len(interaction_ids), WRITE_BATCH):
        batch = list(interaction_ids[start : start + WRITE_BATCH])
        found.update(
            row["id"] for row in store.read(queries.EMPLOYEES_OF_INTERACTIONS, {"ids": batch})
        )
    return found


def knows_row(
    employee_id: str,
    other_id: str,
    strength: Strength,
    interactions: Sequence[SharedInteraction],
    as_of: datetime,
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
        "components": json.dumps(strength.explained(), sort_keys=True),
        "interaction_count": strength.interaction_count,
        "last_interaction_at": strength.last_interaction_at.isoformat()
        if strength.last_interaction_at
        else None,
        "last_interaction_id": strength.last_interaction_id,
        "interaction_ids": list(dict.fromkeys(i.interaction_id for i in recent))[:EVIDENCE_IDS],
        "as_of": as_of.isoformat(),
    }


def _shared(interaction_id: str, row: Row, own_role: str | None) -> SharedInteraction:
    return SharedInteraction(
        interaction_id=interaction_id,
        kind=row["kind"] or "",
        occurred_at=parse_time(row["occurred_at"]),
        own_role=own_role,
        other_role=row["other_role"],
        recipient_count=row["recipient_count"],
    )


def _add(
    pairs: dict[Pair, dict[str, SharedInteraction]], row: Row, interaction: SharedInteraction
) -> None:
    pair = (row["employee_id"], row["other_id"], row["other_label"])
    pairs[pair].setdefault(interaction.interaction_id, interaction)


def _previous_as_of(store: GraphStore, employee_ids: list[str]) -> datetime | None:
    times: list[datetime] = []
    for start in range(0, len(employee_ids), WRITE_BATCH):
        batch = employee_ids[start : start + WRITE_BATCH]
        for row in store.read(queries.KNOWS_AS_OF, {"ids": batch}):
            moment = parse_time(row["as_of"])
            if moment is not None:
                times.append(moment)
    return max(times) if times else None


def _latest(interactions: Iterable[SharedInteraction]) -> datetime | None:
    times = [i.occurred_at for i in interactions if i.occurred_at is not None]
    return max(times) if times else None
