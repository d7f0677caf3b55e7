"""Support tickets from JSON Lines: one thread a line, one record per message.

A line is `{"id", "account", "subject", "messages": [{"from", "date", "text"}, ...],
"resolved_by"}`; `id` and a non-empty `messages` list are required, `tags` is optional.

Ids: the n-th message (from 1) of ticket `T` is `ticket:T:n` (`graph.ids.record_id`), so
re-reading a file gives the same ids; the thread is `ticket:T`, message n > 1 replies to
message n - 1 and references every earlier one. `resolved_by` (a KB article id) is on the
first message only (the one with `in_reply_to` None), so one `RESOLVED_BY` per ticket
follows from writing it wherever it is set.
`text` is the message with quotes and signature stripped; a date without a zone is UTC,
an unreadable one is None. A line that is not valid JSON or not a ticket is a
`SourceFailure` at `file:line`; the other lines go on. Records are at `file:line#n`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.ids import record_id
from ingest.sources.quoting import authored_text
from ingest.sources.records import MessageRecord, Participant, SourceFailure, SourceItem
from ingest.sources.text import decode_bytes, tidy_whitespace
from ingest.sources.values import (
    aware_datetime,
    describe_validation_error,
    number_as_text,
    person_from,
)

log = logging.getLogger(__name__)

TICKET = "ticket"


class TicketMessage(BaseModel):
    """One message of a ticket line; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    sender: str | None = Field(default=None, alias="from")
    date: str | None = None
    text: str

    @field_validator("sender", "date", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return number_as_text(value)


class TicketThread(BaseModel):
    """One ticket line; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1)
    account: str | None = None
    subject: str | None = None
    messages: list[TicketMessage] = Field(min_length=1)
    resolved_by: str | None = None
    tags: list[str] = Field(default_factory=list)

    @field_validator("id", "account", "subject", "resolved_by", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return number_as_text(value)


def ticket_thread_id(ticket: str) -> str:
    return f"{TICKET}:{ticket}"


def ticket_message_id(ticket: str, number: int) -> str:
    return record_id(TICKET, ticket, number)


def read_ticket_file(path: Path) -> Iterator[SourceItem]:
    """Every message of every ticket in a JSON Lines file; bad lines become failures."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield SourceFailure(source=source, position=source, reason=f"cannot read: {error}")
        return
    for number, line in enumerate(decode_bytes(raw).splitlines(), start=1):
        if line.strip():
            yield from parse_ticket_line(line, source, f"{source}:{number}")


def parse_ticket_line(line: str, source: str, position: str) -> list[SourceItem]:
    """The records of one ticket thread, or one failure saying what is wrong with it."""
    try:
        data = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        reason = f"malformed JSON: {error.msg} at column {error.colno}"
        return [SourceFailure(source=source, position=position, reason=reason)]
    except RecursionError:
        reason = "malformed JSON: nested too deeply"
        return [SourceFailure(source=source, position=position, reason=reason)]
    if not isinstance(data, dict):
        reason = "a line must hold one JSON object (a ticket thread)"
        return [SourceFailure(source=source, position=position, reason=reason)]
    try:
        thread = TicketThread.model_validate(data)
    except ValidationError as error:
        reason = describe_validation_error(error, "ticket")
        return [SourceFailure(source=source, position=position, reason=reason)]
    except RecursionError:
        reason = "bad ticket: a value is nested too deeply"
        return [SourceFailure(source=source, position=position, reason=reason)]
    try:
        return list(_records_of(thread, source, position))
    except ValidationError as error:
        reason = describe_validation_error(error, "ticket")
        return [SourceFailure(source=source, position=position, reason=reason)]


def _records_of(thread: TicketThread, source: str, position: str) -> Iterator[MessageRecord]:
    earlier: list[str] = []
    for number, message in enumerate(thread.messages, start=1):
        own_id = ticket_message_id(thread.id, number)
        body = tidy_whitespace(message.text)
        sender = _sender(message.sender)
        yield MessageRecord(
            id=own_id,
            kind="ticket",
            subject=thread.subject,
            body=body,
            text=authored_text(body),
            occurred_at=_aware_date(message.date, position),
            thread=ticket_thread_id(thread.id),
            in_reply_to=earlier[-1] if earlier else None,
            references=tuple(earlier),
            participants=(sender,) if sender else (),
            account=thread.account,
            source=source,
            position=f"{position}#{number}",
            external_id=thread.id,
            author_id=sender.person_id if sender else None,
            tags=tuple(thread.tags),
            resolved_by=thread.resolved_by if number == 1 else None,
        )
        earlier.append(own_id)


def _sender(given: str | None) -> Participant | None:
    return person_from(given, "from") if given and given.strip() else None


def _aware_date(value: str | None, position: str) -> datetime | None:
    try:
        return aware_datetime(value)
    except ValueError:
        log.debug("unreadable ticket date at %s", position)
        return None
