"""Query and path parameters shared by routes: ids, limits, cursors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Path, Query

from graph.services.listing import CURSOR_PATTERN
from graph.services.timeline import OFFSET_CURSOR_PATTERN

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
OffsetCursor = Annotated[
    str | None,
    Query(
        pattern=OFFSET_CURSOR_PATTERN,
        description="`next_cursor` of the previous page; absent for the first.",
    ),
]


def one_of(names: Sequence[str]) -> str:
    """The pattern of one of `names` (for the OpenAPI document; the route checks it and
    says what is wrong)."""
    return f"^(?:{'|'.join(names)})$"


def comma_separated(names: Sequence[str]) -> str:
    """The pattern of `names` separated by commas, or nothing: `Account,Contact`."""
    one = "|".join(names)
    return f"^(?:(?:{one})(?:,(?:{one}))*)?$"
