"""The graph: domain model, named Cypher queries, stores and graph services."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
