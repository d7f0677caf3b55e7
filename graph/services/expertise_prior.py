"""The expert finder's prior: who took part in the latest work, as of now or a moment.

An employee's activity is their answers and tickets, each weighed by how much work
(anyone's answers and tickets) came after it, accepted answers double
(`EmployeeActivity`). The prior only ever multiplies topical evidence: it orders people
who know the topic, it never makes someone an expert.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from graph.queries import experts as queries
from graph.services.expertise_profile import EmployeeActivity, activity_now, activity_timeline
from graph.services.timeparse import parse_time
from graph.stores.base import GraphStore, Row


def candidate_activity(
    store: GraphStore, employee_ids: Collection[str], before: str | None = None
) -> dict[str, float]:
    """Each candidate's activity: precomputed by `derive_expertise`, or as of `before`."""
    if not employee_ids:
        return {}
    if before is not None:
        return activity_before(store, before, employee_ids)
    rows = store.read(queries.EMPLOYEE_ACTIVITY, {"ids": sorted(employee_ids)})
    latest = max((int(row["activity_count"] or 0) for row in rows), default=0)
    return {
        row["employee_id"]: activity_now(
            float(row["activity"] or 0.0), int(row["activity_count"] or latest), latest
        )
        for row in rows
    }


def activity_before(
    store: GraphStore, before: str, employee_ids: Collection[str] | None = None
) -> dict[str, float]:
    """Activity from the answers and tickets older than `before` (all of them count for
    the timeline; only `employee_ids`, when given, are returned)."""
    done: dict[str, EmployeeActivity] = defaultdict(EmployeeActivity)
    for row in store.read(queries.ACTIVITY_BEFORE, {"before": before}):
        done[row["employee_id"]].saw(
            row["kind"], bool(row["accepted"]), parse_time(row["occurred_at"])
        )
    timeline = activity_timeline(done.values())
    wanted = done.keys() if employee_ids is None else set(employee_ids) & done.keys()
    return {e: _activity(done[e].row(e, timeline)) for e in wanted}


def _activity(row: Row) -> float:
    value = row["activity"]
    return float(value) if isinstance(value, int | float) else 0.0
