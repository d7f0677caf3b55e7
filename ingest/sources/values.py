"""Loosely typed field values of hand-written sources (notes, tickets) made precise.

>>> person_from("Jane.Doe@Example.com", "author").person_id
'email:jane.doe@example.com'
>>> person_from("northwind:employee:3", "attendee").person_id
'northwind:employee:3'
>>> person_from("Jane Doe", "from").name
'Jane Doe'
>>> aware_datetime("2024-03-01 14:30").isoformat()
'2024-03-01T14:30:00+00:00'
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from dateutil import parser as date_parser
from pydantic import ValidationError

from graph.ids import normalize_email, person_id_for_email
from ingest.sources.records import Participant, ParticipantRoleName


def person_from(given: str, role: ParticipantRoleName) -> Participant:
    """A participant named by an email address, a graph id (it has a `:`), or a name."""
    given = given.strip()
    if _is_address(given):
        address = normalize_email(given)
        return Participant(role=role, address=address, person_id=person_id_for_email(address))
    if ":" in given:
        return Participant(role=role, person_id=given)
    return Participant(role=role, name=given)


def person_id_from(given: str) -> str:
    """A graph id as given, or `email:<address>` for an email address."""
    given = given.strip()
    return person_id_for_email(given) if _is_address(given) else given


def aware_datetime(value: Any) -> datetime | None:
    """A datetime from a string, date or datetime; a date is midnight UTC, no zone is UTC.

    Raises ValueError for a string that is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date_parser.parse(value)
        except (ValueError, OverflowError) as error:
            raise ValueError(f"not a date: {value!r}") from error
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0), tzinfo=UTC)
    if not isinstance(value, datetime):
        raise ValueError(f"not a date: {value!r}")
    return value if value.utcoffset() is not None else value.replace(tzinfo=UTC)


def number_as_text(value: Any) -> Any:
    """An int or float as its text (ids are often numbers in hand-written files)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def describe_validation_error(error: ValidationError, what: str) -> str:
    """One line naming each bad field: `bad ticket: messages: List should have ...`."""
    problems = [
        f"{'.'.join(str(part) for part in problem['loc']) or what}: {problem['msg']}"
        for problem in error.errors()
    ]
    return f"bad {what}: " + "; ".join(problems)


def _is_address(given: str) -> bool:
    return "@" in given and " " not in given and ":" not in given
