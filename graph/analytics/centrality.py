"""Who is central in the KNOWS graph: PageRank weighted by relationship strength.

Relationships count both ways (knowing someone well makes both of you central), so the
ranking runs on the undirected graph; a person's score is the share of a random walk
along strong relationships that rests on them. Scores add up to 1.

>>> import networkx as nx
>>> knows = nx.DiGraph()
>>> knows.add_weighted_edges_from([("ava", "jane", 0.9), ("ava", "joe", 0.8),
...                                ("ben", "joe", 0.1)])
>>> ranked = strength_pagerank(knows)
>>> [person for person, _ in ranked][:2]
['ava', 'joe']
>>> round(sum(score for _, score in ranked), 6)
1.0
"""

from __future__ import annotations

import networkx as nx

from graph.analytics.communities import undirected_strength

__all__ = ["strength_pagerank"]


def strength_pagerank(
    knows: nx.DiGraph, *, alpha: float = 0.85, weight: str = "weight"
) -> list[tuple[str, float]]:
    """(person, PageRank) for everyone in `knows`, highest first, ties by id."""
    graph = undirected_strength(knows, weight)
    if graph.number_of_nodes() == 0:
        return []
    scores = nx.pagerank(graph, alpha=alpha, weight="weight")
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
