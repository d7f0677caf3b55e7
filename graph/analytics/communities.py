"""Communities of the KNOWS graph (Louvain, seeded) and the people who bridge them.

Louvain groups people who know each other more than chance would have it; with a seed
the grouping is the same at every run. A bridge is a person whose relationships reach
into other communities: `outside_share` is the part of their strength that does.
A bridge edge is a relationship that is the only link between two parts of the graph.

>>> import networkx as nx
>>> knows = nx.DiGraph()
>>> knows.add_weighted_edges_from([
...     ("ava", "jane", 0.9), ("ava", "joe", 0.8), ("ben", "jane", 0.7), ("ben", "joe", 0.6),
...     ("cy", "kim", 0.9), ("cy", "lou", 0.8), ("dee", "kim", 0.7), ("dee", "lou", 0.6),
...     ("ben", "kim", 0.1),
... ])
>>> groups = knows_communities(knows, seed=7)
>>> [sorted(group) for group in groups]
[['ava', 'ben', 'jane', 'joe'], ['cy', 'dee', 'kim', 'lou']]
>>> top = community_bridges(knows, groups)[0]
>>> top.person, top.communities_reached, round(top.outside_share, 3)
('ben', 1, 0.071)
>>> bridge_edges(knows)
[('ben', 'kim')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

__all__ = [
    "Bridge",
    "bridge_edges",
    "community_bridges",
    "community_of",
    "knows_communities",
    "undirected_strength",
]

DEFAULT_SEED = 42


@dataclass(frozen=True)
class Bridge:
    """A person whose relationships reach beyond their own community."""

    person: str
    community: int
    communities_reached: int
    outside_strength: float
    outside_share: float


def undirected_strength(knows: nx.DiGraph, weight: str = "weight") -> nx.Graph:
    """KNOWS as an undirected graph; both directions of a pair add up."""
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(knows.nodes)
    for start, end, strength in knows.edges(data=weight, default=0.0):
        previous = graph.get_edge_data(start, end, {}).get("weight", 0.0)
        graph.add_edge(start, end, weight=previous + float(strength or 0.0))
    return graph


def knows_communities(
    knows: nx.DiGraph,
    *,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
    weight: str = "weight",
) -> list[set[str]]:
    """Louvain communities weighted by strength, largest first (ties by smallest id)."""
    graph = undirected_strength(knows, weight)
    if graph.number_of_edges() == 0:
        return [{node} for node in sorted(graph.nodes)]
    found = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    return sorted((set(group) for group in found), key=lambda g: (-len(g), min(g)))


def community_of(communities: Sequence[set[str]]) -> dict[str, int]:
    """Each person's community, by its index in `communities`.

    >>> community_of([{"ava", "ben"}, {"cy"}])["cy"]
    1
    """
    return {person: index for index, group in enumerate(communities) for person in group}


def community_bridges(
    knows: nx.DiGraph, communities: Sequence[set[str]], *, weight: str = "weight"
) -> list[Bridge]:
    """People with strength outside their community, the most outside strength first."""
    graph = undirected_strength(knows, weight)
    home = community_of(communities)
    bridges = []
    for person in graph.nodes:
        outside: dict[int, float] = defaultdict(float)
        total = 0.0
        for neighbour, data in graph[person].items():
            total += data["weight"]
            if home.get(neighbour) != home.get(person):
                outside[home.get(neighbour, -1)] += data["weight"]
        if not outside:
            continue
        strength = sum(outside.values())
        bridges.append(
            Bridge(
                person=person,
                community=home.get(person, -1),
                communities_reached=len(outside),
                outside_strength=round(strength, 6),
                outside_share=strength / total if total else 0.0,
            )
        )
    return sorted(bridges, key=lambda b: (-b.outside_strength, b.person))


def bridge_edges(knows: nx.DiGraph) -> list[tuple[str, str]]:
    """Relationships whose loss would split their part of the graph in two, in id order.

    Edges to a person known by nobody else are left out: losing them cuts off one
    person, not a group.
    """
    graph = undirected_strength(knows)
    found = []
    for start, end in nx.bridges(graph):
        if graph.degree(start) > 1 and graph.degree(end) > 1:
            found.append((min(start, end), max(start, end)))
    return sorted(found)
