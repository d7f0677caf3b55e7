"""Query and path parameters shared by routes: ids, limits, cursors."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from graph.services.listing import CURSOR_PATTERN

MAX_ID = 500
Id = Annotated[str, Path(min_length=1, max_length=MAX_ID, description="A node's stable id.")]
Limit = Annotated[int, Query(ge=1, le=200, description="At most this many items.")]
Cursor = Annotated[
    str | None,
    Query(
        max_length=1000,
        pattern=CURSOR_PATTERN,
        description="`next_cursor` of the previous page; absent for the first.",
    ),
]
Text = Annotated[str | None, Query(max_length=500, description="Words to look for.")]
