"""Notes, call summaries and meeting notes: Markdown or text files, with front matter.

Front matter (YAML between `---` lines, all optional):

    date: 2024-03-01 14:30        # a date alone means midnight UTC; no zone means UTC
    kind: call                    # note (default), call or meeting
    subject: Renewal call         # or `title`; else the first `# heading`
    author: jane@ourco.com        # an email address, a graph id (has a `:`), or a name
    account: northwind:customer:ALFKI
    contacts: [email:maria@alfki.de]   # graph ids; an email address becomes `email:<address>`
    attendees: [bob@ourco.com]    # like author; each becomes an `attendee` participant
    tags: [renewal, pricing]

The id is the content hash of the whole file (newlines normalized to `\\n`), so an
unchanged file keeps its id and an edited one gets a new one. Bad front matter (broken
YAML, not a mapping, a wrong type, an unknown kind, an unreadable date) is a
`SourceFailure` naming the file and the problem.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import frontmatter
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.ids import content_hash_id
from ingest.sources.records import MessageRecord, Participant, SourceFailure, SourceItem
from ingest.sources.text import decode_bytes, tidy_whitespace
from ingest.sources.values import (
    aware_datetime,
    describe_validation_error,
    number_as_text,
    person_from,
    person_id_from,
)

log = logging.getLogger(__name__)

NOTE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


class NoteFrontMatter(BaseModel):
    """The front matter a note may carry; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    date: datetime | None = None
    kind: Literal["note", "call", "meeting"] = "note"
    subject: str | None = None
    title: str | None = None
    author: str | None = None
    account: str | None = None
    contacts: list[str] = Field(default_factory=list)
    attendees: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)

    @field_validator("date", mode="before")
    @classmethod
    def _aware(cls, value: Any) -> Any:
        return aware_datetime(value)

    @field_validator("subject", "title", "author", "account", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return number_as_text(value)

    @field_validator("contacts", "attendees", "tags", mode="before")
    @classmethod
    def _one_is_a_list(cls, value: Any) -> Any:
        if value is None:
            return []
        items = [value] if isinstance(value, str | int | float) else value
        return [number_as_text(item) for item in items] if isinstance(items, list) else items


def read_notes(paths: Iterable[Path | str]) -> Iterator[SourceItem]:
    """Every note in `paths`: files as given, folders recursively (`.md`, `.txt`, ...)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix.lower() in NOTE_SUFFIXES:
                    yield read_note_file(file)
        elif path.is_file():
            yield read_note_file(path)
        else:
            yield SourceFailure(
                source=str(path), position=str(path), reason="no such file or folder"
            )


def read_note_file(path: Path) -> MessageRecord | SourceFailure:
    """One note file as a record of kind note, call or meeting; never raises."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return SourceFailure(source=source, position=source, reason=f"cannot read: {error}")
    return parse_note(decode_bytes(raw), source)


def parse_note(content: str, source: str) -> MessageRecord | SourceFailure:
    """A note's text (front matter and body) as a record; `source` names it."""
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if not content.strip():
        return SourceFailure(source=source, position=source, reason="empty note")
    try:
        fields, body = _split_front_matter(content)
        meta = NoteFrontMatter.model_validate(fields)
        if unknown := sorted(set(fields) - set(NoteFrontMatter.model_fields)):
            log.debug("%s: ignoring front matter keys %s", source, unknown)
    except ValueError as error:  # ValidationError is a ValueError
        return SourceFailure(source=source, position=source, reason=_describe(error))
    own_id = content_hash_id(content)
    text = tidy_whitespace(body)
    return MessageRecord(
        id=own_id,
        kind=meta.kind,
        subject=meta.subject or meta.title or _first_heading(text),
        body=text,
        text=text,
        occurred_at=meta.date,
        thread=own_id,
        participants=_participants(meta),
        account=meta.account,
        contacts=tuple(person_id_from(contact) for contact in meta.contacts),
        source=source,
        position=source,
        author_id=person_from(meta.author, "author").person_id if meta.author else None,
        tags=tuple(meta.tags),
    )


def _split_front_matter(content: str) -> tuple[dict[str, Any], str]:
    handler = frontmatter.detect_format(content, frontmatter.handlers)
    if handler is None:
        return {}, content
    try:
        matter, body = handler.split(content)
        fields = handler.load(matter)
    except Exception as error:  # YAML and JSON parsers raise their own error types
        raise ValueError(f"front matter is not valid: {_one_line(error)}") from error
    if fields is None:
        return {}, body
    if not isinstance(fields, dict):
        raise ValueError(f"front matter must be a mapping of keys, not a {type(fields).__name__}")
    return {str(key): value for key, value in fields.items()}, body


def _participants(meta: NoteFrontMatter) -> tuple[Participant, ...]:
    people = [person_from(meta.author, "author")] if meta.author else []
    people.extend(person_from(attendee, "attendee") for attendee in meta.attendees)
    return tuple(dict.fromkeys(people))


def _first_heading(text: str) -> str | None:
    heading = _HEADING.search(text)
    return heading.group(1) if heading else None


def _describe(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        return describe_validation_error(error, "front matter")
    return str(error)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
