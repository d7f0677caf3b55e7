"""Derived data kept fresh: KNOWS and EXPERT_IN after each batch, or all of them at once.

`refresh_derived(store, touched)` is what ingest calls after it wrote a batch, in the
process that owns the store: it recomputes the KNOWS edges of the pairs of people the
batch's interactions link, and the EXPERT_IN edges of the employees whose evidence it
holds (answers and tickets they wrote or handled, expertise stated about them), nobody
else's; people it names directly (`touched.people`: a merge, a stated expertise) get all
their edges recomputed. The expert finder's prior depends on everyone's work, so it is
recomputed for everyone only when the batch holds answers or tickets. `derive_all` is the
full recompute (`tacit derive`, `POST /admin/derive`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from graph.queries.derived import ACTIVITY_INTERACTIONS, EMPLOYEES_AMONG
from graph.services.expertise_derive import DeriveExpertiseReport, derive_expertise
from graph.services.knows import (
    DeriveKnowsReport,
    PairHistories,
    derive_knows,
    refresh_knows,
)
from graph.stores.base import GraphStore

ID_BATCH = 1000


@dataclass(frozen=True)
class Touched:
    """What a batch wrote: its interactions, people it changed as a whole (a merge), and
    people whose stated expertise it recorded."""

    interaction_ids: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    experts: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        interaction_ids: Iterable[str],
        people: Iterable[str] = (),
        experts: Iterable[str] = (),
    ) -> Touched:
        return cls(
            tuple(dict.fromkeys(interaction_ids)),
            tuple(dict.fromkeys(people)),
            tuple(dict.fromkeys(experts)),
        )

    def __bool__(self) -> bool:
        return bool(self.interaction_ids or self.people or self.experts)


class RefreshReport(TypedDict):
    employees: list[str]
    knows: DeriveKnowsReport | None
    expertise: DeriveExpertiseReport | None


class DeriveReport(TypedDict):
    knows: DeriveKnowsReport
    expertise: DeriveExpertiseReport


def refresh_derived(
    store: GraphStore, touched: Touched, histories: PairHistories | None = None
) -> RefreshReport:
    """Recompute the KNOWS pairs and the EXPERT_IN of the employees a batch touched.

    An ingest run passes the same `histories` to every batch's refresh, so a pair's history
    is read from the store once per run.
    """
    interactions = list(touched.interaction_ids)
    named = sorted(_employees_among(store, list(touched.people)))
    knows = derive_knows(store, employee_ids=named) if named else None
    if interactions:
        knows = refresh_knows(store, interactions, histories)
    workers = _workers_of(store, interactions)
    stated = _employees_among(store, list(touched.experts))
    experts = sorted(set(named) | workers | stated)
    expertise = (
        derive_expertise(store, employee_ids=experts, refresh_priors=bool(workers))
        if experts
        else None
    )
    return {"employees": experts, "knows": knows, "expertise": expertise}


def derive_all(store: GraphStore, as_of: datetime | None = None) -> DeriveReport:
    """Recompute every KNOWS and EXPERT_IN edge."""
    return {"knows": derive_knows(store, as_of), "expertise": derive_expertise(store, as_of)}


def _employees_among(store: GraphStore, people: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(people), ID_BATCH):
        rows = store.read(EMPLOYEES_AMONG, {"ids": people[start : start + ID_BATCH]})
        found.update(row["id"] for row in rows)
    return found


def _workers_of(store: GraphStore, interaction_ids: list[str]) -> set[str]:
    """Employees who wrote or handled answers or tickets among these interactions."""
    found: set[str] = set()
    for start in range(0, len(interaction_ids), ID_BATCH):
        batch = interaction_ids[start : start + ID_BATCH]
        found.update(row["id"] for row in store.read(ACTIVITY_INTERACTIONS, {"ids": batch}))
    return found
