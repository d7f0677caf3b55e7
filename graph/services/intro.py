"""Warm introductions: the best few paths through people to a target contact.

Links between people and their strength in [0, 1]:
- KNOWS (derived): its stored strength;
- REPORTS_TO (structural or fact): colleagues in one reporting line, 0.6 x confidence;
- INTRODUCED (fact): the introducer knows the introduced person, 0.5 x confidence;
- shared threads: contacts in the same small interactions, 0.4 x (1 - e^(-shared/2)).

A path is as strong as its weakest link, discounted by 0.9 for every hop beyond the first.
Each hop lists the interactions behind it. When there is no path, the answer says why:
nobody here has had anything to do with the person, or they are linked only to people
nobody here knows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from graph.errors import NotFound
from graph.queries import intro as queries
from graph.queries.knows import INTERACTIONS_BY_IDS
from graph.queries.nodes import get_node_query_name
from graph.services.evidence import (
    EvidenceSpan,
    InteractionRef,
    evidence_spans,
    parse_components,
)
from graph.stores.base import GraphStore, Row

REPORTS_TO_STRENGTH = 0.6
INTRODUCED_STRENGTH = 0.5
SHARED_THREAD_STRENGTH = 0.4
HOP_DISCOUNT = 0.9
FAN_OUT = 25
MAX_EXPANDED_PER_LAYER = 150
MAX_RECIPIENTS = 10


class Person(BaseModel):
    id: str
    name: str | None
    label: str


class Hop(BaseModel):
    """One link of a path, with what it rests on."""

    from_id: str
    to_id: str
    link: str
    strength: float
    components: dict[str, Any]
    interaction_ids: list[str]
    evidence: list[EvidenceSpan]
    interactions: list[InteractionRef] = []


class IntroPath(BaseModel):
    """A path from an employee to the target: score = weakest_link x length_factor."""

    score: float
    weakest_link: float
    hops: int
    length_factor: float
    people: list[Person]
    links: list[Hop]


class IntroAnswer(BaseModel):
    """The best paths, or why there is none (`reason_code`: nobody_knows_them,
    no_known_contact, no_path_from)."""

    items: list[IntroPath]
    reason_code: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    link: str
    strength: float
    components: dict[str, Any]
    interaction_ids: tuple[str, ...]
    evidence: tuple[EvidenceSpan, ...]


def path_score(strengths: list[float]) -> tuple[float, float, float]:
    """(score, weakest link, length factor) of a path with these link strengths.

    >>> path_score([0.8, 0.5])
    (0.45, 0.5, 0.9)
    """
    weakest = min(strengths)
    factor = round(HOP_DISCOUNT ** (len(strengths) - 1), 6)
    return round(weakest * factor, 6), weakest, factor


def link_strength(link: str, row: Row) -> float:
    if link == "KNOWS":
        return float(row.get("strength") or 0.0)
    confidence = float(row.get("confidence") or 1.0)
    if link == "REPORTS_TO":
        return REPORTS_TO_STRENGTH * confidence
    if link == "INTRODUCED":
        return INTRODUCED_STRENGTH * confidence
    if link == "SHARED_THREADS":
        return SHARED_THREAD_STRENGTH * (1 - math.exp(-float(row["shared"]) / 2))
    return 0.0


class Network:
    """The people around some ids, fetched layer by layer with anchored queries."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.links: dict[str, dict[str, Link]] = defaultdict(dict)
        self.people: dict[str, Person] = {}
        self.expanded: set[str] = set()

    def add_person(self, person: Person) -> None:
        self.people.setdefault(person.id, person)

    def expand(self, ids: Iterable[str]) -> None:
        todo = [i for i in dict.fromkeys(ids) if i not in self.expanded]
        if not todo:
            return
        self.expanded.update(todo)
        employees = [i for i in todo if self.people[i].label == "Employee"]
        contacts = [i for i in todo if self.people[i].label == "Contact"]
        rows: list[Row] = []
        if employees:
            rows += self.store.read(queries.EMPLOYEE_LINKS, {"ids": employees})
        if contacts:
            rows += self.store.read(queries.CONTACT_LINKS, {"ids": contacts})
            for row in self.store.read(
                queries.CONTACT_SHARED_THREADS,
                {"ids": contacts, "max_recipients": MAX_RECIPIENTS},
            ):
                self._add(row, "SHARED_THREADS", "Contact")
        for row in rows:
            self._add(row, row["link"], row["other_label"])

    def neighbours(self, person_id: str) -> list[Link]:
        ranked = sorted(self.links[person_id].values(), key=lambda k: -k.strength)
        return ranked[:FAN_OUT]

    def _add(self, row: Row, link: str, other_label: str) -> None:
        a, b = row["person_id"], row["other_id"]
        self.add_person(Person(id=b, name=row.get("other_name"), label=other_label))
        strength = round(link_strength(link, row), 6)
        if strength <= 0:
            return
        edge = Link(
            a=a,
            b=b,
            link=link,
            strength=strength,
            components=parse_components(row.get("components")),
            interaction_ids=tuple(row.get("interaction_ids") or ()),
            evidence=tuple(evidence_spans(row.get("evidence"))),
        )
        for x, y in ((a, b), (b, a)):
            known = self.links[x].get(y)
            if known is None or known.strength < strength:
                self.links[x][y] = edge


Path = tuple[tuple[str, ...], tuple[Link, ...]]


def half_paths(network: Network, start: str, max_links: int, through_employees: bool) -> list[Path]:
    """Simple paths of up to `max_links` links leaving `start` (the start included)."""
    paths: list[Path] = [((start,), ())]
    frontier: list[Path] = [((start,), ())]
    for _ in range(max_links):
        grown: list[Path] = []
        for nodes, links in frontier:
            last = nodes[-1]
            if (
                len(nodes) > 1
                and not through_employees
                and network.people[last].label == ("Employee")
            ):
                continue
            for link in network.neighbours(last):
                other = link.b if link.a == last else link.a
                if other not in nodes:
                    grown.append(((*nodes, other), (*links, link)))
        paths += grown
        frontier = grown
    return paths


def warm_intro_paths(
    store: GraphStore, to: str, from_: str | None = None, limit: int = 3
) -> list[IntroPath]:
    """The best few paths from `from_` (or any employee) to contact `to`."""
    return warm_intro(store, to, from_, limit).items


def warm_intro(store: GraphStore, to: str, from_: str | None = None, limit: int = 3) -> IntroAnswer:
    """The best few paths from `from_` (or any employee) to contact `to`, or why none."""
    network = Network(store)
    target = _person(store, "Contact", to)
    network.add_person(target)
    if from_ is not None:
        network.add_person(_person(store, "Employee", from_))
    if from_ is None:
        candidates = _paths_from_anyone(network, to)
    else:
        candidates = _paths_between(network, from_, to)
    paths = _with_interactions(store, _best(network, candidates, limit))
    if paths:
        return IntroAnswer(items=paths)
    return IntroAnswer(items=[], **_why_no_path(network, target, from_))


def _why_no_path(network: Network, target: Person, from_: str | None) -> dict[str, str]:
    name = target.name or target.id
    if not network.links[target.id]:
        return {
            "reason_code": "nobody_knows_them",
            "reason": f"nobody here knows {name}: no interaction with them is on record, "
            "and no reporting line, introduction or shared thread links them to anyone",
        }
    if from_ is not None:
        asker = network.people[from_].name or from_
        return {
            "reason_code": "no_path_from",
            "reason": f"no path of at most 4 links joins {asker} and {name}",
        }
    return {
        "reason_code": "no_known_contact",
        "reason": f"{name} is linked only to people nobody here knows (no employee within 3 links)",
    }


def _with_interactions(store: GraphStore, paths: list[IntroPath]) -> list[IntroPath]:
    """Each hop with the interactions behind it, latest first; KNOWS and shared threads cite
    them as their evidence."""
    wanted = sorted({i for path in paths for hop in path.links for i in hop.interaction_ids})
    if not wanted:
        return paths
    refs = {
        row["id"]: InteractionRef(
            **{
                **row,
                "occurred_at": None if row["occurred_at"] is None else str(row["occurred_at"]),
            }
        )
        for row in store.read(INTERACTIONS_BY_IDS, {"ids": wanted})
    }
    for path in paths:
        for hop in path.links:
            found = [refs[i] for i in dict.fromkeys(hop.interaction_ids) if i in refs]
            hop.interactions = sorted(
                found, key=lambda r: (r.occurred_at or "", r.id), reverse=True
            )
            hop.interaction_ids = [r.id for r in hop.interactions] + [
                i for i in hop.interaction_ids if i not in refs
            ]
            if not hop.evidence:
                hop.evidence = [
                    EvidenceSpan(interaction_id=ref.id, text=ref.subject or ref.snippet)
                    for ref in hop.interactions
                ]
    return paths


def _paths_from_anyone(network: Network, to: str) -> list[Path]:
    """Target <- contact <- contact <- employee: up to three links, ending at an employee."""
    layer = [to]
    for _ in range(3):
        network.expand(layer)
        nxt = {
            (link.b if link.a == node else link.a): link.strength
            for node in layer
            for link in network.neighbours(node)
        }
        layer = sorted(
            (i for i in nxt if network.people[i].label == "Contact"), key=lambda i: -nxt[i]
        )[:MAX_EXPANDED_PER_LAYER]
    return [
        (tuple(reversed(nodes)), tuple(reversed(links)))
        for nodes, links in half_paths(network, to, 3, through_employees=False)
        if len(nodes) > 1 and network.people[nodes[-1]].label == "Employee"
    ]


def _paths_between(network: Network, from_: str, to: str) -> list[Path]:
    """Up to four links: two from each end, joined where they meet."""
    for start in (from_, to):
        network.expand([start])
        network.expand(
            (link.b if link.a == start else link.a) for link in network.neighbours(start)
        )
    from_side: dict[str, list[Path]] = defaultdict(list)
    for path in half_paths(network, from_, 2, through_employees=True):
        from_side[path[0][-1]].append(path)
    joined: list[Path] = []
    for nodes, links in half_paths(network, to, 2, through_employees=True):
        for head_nodes, head_links in from_side.get(nodes[-1], []):
            tail_nodes = tuple(reversed(nodes))[1:]
            if set(head_nodes) & set(tail_nodes):
                continue
            all_links = (*head_links, *reversed(links))
            if all_links:
                joined.append(((*head_nodes, *tail_nodes), all_links))
    return joined


def _best(network: Network, paths: list[Path], limit: int) -> list[IntroPath]:
    unique = dict(paths)
    ranked = sorted(
        unique.items(),
        key=lambda item: (-path_score([k.strength for k in item[1]])[0], len(item[0]), item[0]),
    )
    answers = []
    for nodes, links in ranked[:limit]:
        score, weakest, factor = path_score([k.strength for k in links])
        answers.append(
            IntroPath(
                score=score,
                weakest_link=weakest,
                hops=len(links),
                length_factor=factor,
                people=[network.people[i] for i in nodes],
                links=[
                    Hop(
                        from_id=nodes[n],
                        to_id=nodes[n + 1],
                        link=link.link,
                        strength=link.strength,
                        components=link.components,
                        interaction_ids=list(link.interaction_ids),
                        evidence=list(link.evidence),
                    )
                    for n, link in enumerate(links)
                ],
            )
        )
    return answers


def _person(store: GraphStore, label: str, person_id: str) -> Person:
    rows = store.read(get_node_query_name(label), {"id": person_id})
    if not rows:
        raise NotFound(f"no {label.lower()} with id {person_id!r}")
    return Person(id=person_id, name=rows[0]["node"].get("name"), label=label)
