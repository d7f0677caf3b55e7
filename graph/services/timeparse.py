"""Reading the ISO-8601 timestamps the graph stores."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def parse_time(value: Any) -> datetime | None:
    """An aware datetime from a stored value, or None when absent or unreadable.

    >>> parse_time("2001-05-14T23:39:00+00:00").year
    2001
    >>> parse_time("2014-01-21T20:26:05.383").tzinfo is UTC
    True
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)
