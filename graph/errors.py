"""Errors raised by the graph package; every one derives from `GraphError`."""


class GraphError(Exception):
    """Root of every error the graph package raises."""


class InvalidGraphUrl(GraphError):
    """`TACIT_GRAPH_URL` (or `--graph-url`) names no engine we support."""


class StoreUnavailable(GraphError):
    """The store cannot be opened or reached."""


class StoreLocked(StoreUnavailable):
    """Another process holds the embedded store for writing."""


class UnknownQuery(GraphError):
    """A named query that is not in the registry."""


class QueryParameterError(GraphError):
    """A named query was run with missing or unexpected parameters."""


class QueryFailed(GraphError):
    """The engine rejected or failed a named query."""


class UnknownIdentifier(GraphError):
    """A label, relationship type or property key outside the model's allow-list."""


class NotFound(GraphError):
    """No node with the given id."""


class InvalidRecord(GraphError):
    """A record that does not fit the model (wrong label, missing id, bad value)."""
