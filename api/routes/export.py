"""The whole graph, label by label and type by type, for `graph.readers.ApiReader`.

A notebook reads through these routes while the server holds the embedded store.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel

from api.deps import StoreDep, Viewer
from graph.exports import EXPORTABLE_LABELS
from graph.model import RELATIONSHIP_TYPES, check_label, check_relationship_type
from graph.queries.export import nodes_of_label_query_name, relationships_of_type_query_name

router = APIRouter(prefix="/export", tags=["export"])

MAX_PAGE = 5000
Skip = Annotated[
    int,
    Query(ge=0, le=1_000_000_000, description="Rows to skip: `next_skip` of the last page."),
]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE, description="At most this many rows.")]


class NodeRowsPublic(BaseModel):
    """A page of nodes: each node's properties; `next_skip` is null on the last page."""

    items: list[dict[str, Any]]
    next_skip: int | None


class RelationshipRowPublic(BaseModel):
    source: str
    target: str
    properties: dict[str, Any]


class RelationshipRowsPublic(BaseModel):
    """A page of relationships; `next_skip` is null on the last page."""

    items: list[RelationshipRowPublic]
    next_skip: int | None


@router.get("/nodes/{label}", response_model=NodeRowsPublic)
def export_nodes(
    label: Annotated[
        str,
        Path(
            max_length=100,
            description="A node label, e.g. Account.",
            json_schema_extra={"enum": list(EXPORTABLE_LABELS)},
        ),
    ],
    store: StoreDep,
    user: Viewer,
    skip: Skip = 0,
    limit: PageSize = MAX_PAGE,
) -> NodeRowsPublic:
    """Every node of `label`, in id order, a page at a time (not the audit log)."""
    if check_label(label) not in EXPORTABLE_LABELS:
        raise HTTPException(403, "the audit log is read at /audit, with the admin role")
    rows = store.read(nodes_of_label_query_name(label), {"skip": skip, "limit": limit})
    items = [dict(row["node"] or {}) for row in rows]
    return NodeRowsPublic(items=items, next_skip=skip + limit if len(items) == limit else None)


@router.get("/relationships/{rel_type}", response_model=RelationshipRowsPublic)
def export_relationships(
    rel_type: Annotated[
        str,
        Path(
            max_length=100,
            description="A type, e.g. PURCHASED.",
            json_schema_extra={"enum": list(RELATIONSHIP_TYPES)},
        ),
    ],
    store: StoreDep,
    user: Viewer,
    skip: Skip = 0,
    limit: PageSize = MAX_PAGE,
) -> RelationshipRowsPublic:
    """Every relationship of `rel_type`: its ends' ids and its properties, a page at a time."""
    name = relationships_of_type_query_name(check_relationship_type(rel_type))
    rows = store.read(name, {"skip": skip, "limit": limit})
    items = [
        RelationshipRowPublic(
            source=str(row["source"]),
            target=str(row["target"]),
            properties=dict(row["relationship"] or {}),
        )
        for row in rows
    ]
    return RelationshipRowsPublic(
        items=items, next_skip=skip + limit if len(items) == limit else None
    )
