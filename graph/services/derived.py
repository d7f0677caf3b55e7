"""Derived data kept fresh: KNOWS and EXPERT_IN after each batch, or all of them at once.

`refresh_derived(store, touched)` is what ingest calls after it wrote a batch, in the
process that owns the store: it recomputes the KNOWS and EXPERT_IN edges of the employees
the batch's interactions involve (and the people it names), nobody else's. The expert
finder's prior depends on everyone's work, so it is recomputed for everyone only when the
batch holds answers or tickets. `derive_all` is the full recompute (`tacit derive`,
`POST /admin/derive`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

from graph.queries.derived import ACTIVITY_INTERACTIONS, EMPLOYEES_AMONG
from graph.services.expertise_derive import DeriveExpertiseReport, derive_expertise
from graph.services.knows import DeriveKnowsReport, derive_knows, employees_of_interactions
from graph.stores.base import GraphStore

ID_BATCH = 1000


@dataclass(frozen=True)
class Touched:
    """What a batch wrote: its interactions, and people it changed directly."""

    interaction_ids: tuple[str, ...] = ()
    people: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, interaction_ids: Iterable[str], people: Iterable[str] = ()) -> Touched:
        return cls(tuple(dict.fromkeys(interaction_ids)), tuple(dict.fromkeys(people)))

    def __bool__(self) -> bool:
        return bool(self.interaction_ids or self.people)


class RefreshReport(TypedDict):
    employees: list[str]
    knows: DeriveKnowsReport | None
    expertise: DeriveExpertiseReport | None


class DeriveReport(TypedDict):
    knows: DeriveKnowsReport
    expertise: DeriveExpertiseReport


def refresh_derived(store: GraphStore, touched: Touched) -> RefreshReport:
    """Recompute KNOWS and EXPERT_IN of the employees a batch touched."""
    employees = employees_of_interactions(store, list(touched.interaction_ids))
    employees |= _employees_among(store, list(touched.people))
    if not employees:
        return {"employees": [], "knows": None, "expertise": None}
    ordered = sorted(employees)
    knows = derive_knows(store, employee_ids=ordered)
    expertise = derive_expertise(
        store,
        employee_ids=ordered,
        refresh_priors=_changes_activity(store, list(touched.interaction_ids)),
    )
    return {"employees": ordered, "knows": knows, "expertise": expertise}


def derive_all(store: GraphStore, as_of: datetime | None = None) -> DeriveReport:
    """Recompute every KNOWS and EXPERT_IN edge."""
    return {"knows": derive_knows(store, as_of), "expertise": derive_expertise(store, as_of)}


def _employees_among(store: GraphStore, people: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(people), ID_BATCH):
        rows = store.read(EMPLOYEES_AMONG, {"ids": people[start : start + ID_BATCH]})
        found.update(row["id"] for row in rows)
    return found


def _changes_activity(store: GraphStore, interaction_ids: list[str]) -> bool:
    """Whether any of these is an answer or ticket an employee wrote or handled."""
    for start in range(0, len(interaction_ids), ID_BATCH):
        batch = interaction_ids[start : start + ID_BATCH]
        if store.read(ACTIVITY_INTERACTIONS, {"ids": batch}):
            return True
    return False
