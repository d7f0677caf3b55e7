"""Named Cypher queries, one module per aggregate; importing this package registers them all."""

from graph.queries import accounts, maintenance, nodes, people, relationships, schema, stats
from graph.queries.registry import REGISTRY, NamedQuery, parameters_of

__all__ = [
    "REGISTRY",
    "NamedQuery",
    "accounts",
    "maintenance",
    "nodes",
    "parameters_of",
    "people",
    "relationships",
    "schema",
    "stats",
]
