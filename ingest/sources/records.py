"""What every source yields: a `MessageRecord` per interaction, or a `SourceFailure`.

Sources never raise for one bad record: they yield a `SourceFailure` naming where it was
and why, and go on. Records are frozen; their sequences are tuples.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

MessageKind = Literal["email", "note", "call", "meeting", "ticket", "question", "answer"]
ParticipantRoleName = Literal["from", "to", "cc", "author", "attendee"]


class Participant(BaseModel):
    """Someone who took part in an interaction, as the source names them.

    `address` is a normalized (lower-case) email address when the source gives one;
    `person_id` is the graph id the source implies (`email:<address>`, `se:user:<n>`,
    or an id given in a note's front matter), None when the source names nobody we can id.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: ParticipantRoleName
    address: str | None = None
    name: str | None = None
    person_id: str | None = None


class Attachment(BaseModel):
    """An attachment, recorded by name and content type; its content is not parsed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None
    content_type: str


class MessageRecord(BaseModel):
    """One interaction read from a source, ready for extraction and mapping to the graph.

    `body` is the full text; `text` is what extraction reads (quoted replies, forwarded
    blocks and signatures stripped). `thread` is the id of the thread's root, `in_reply_to`
    and `references` are interaction ids. `position` says where in `source` the record was
    (`path`, `path#<n>` for the n-th message of an mbox, `path:<line>` for JSON Lines).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: MessageKind
    subject: str | None = None
    body: str = ""
    text: str = ""
    occurred_at: datetime | None = None
    thread: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    account: str | None = None
    contacts: tuple[str, ...] = ()
    source: str
    position: str
    external_id: str | None = None
    author_id: str | None = None
    parent_external_id: str | None = None
    tags: tuple[str, ...] = ()
    accepted: bool | None = None
    score: int | None = None
    resolved_by: str | None = None
    mail_headers: tuple[tuple[str, str], ...] = ()

    @field_validator("occurred_at")
    @classmethod
    def _occurred_at_is_timezone_aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("occurred_at must be timezone-aware")
        return value


class SourceFailure(BaseModel):
    """A record that could not be read: where it was and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    position: str
    reason: str


SourceItem = MessageRecord | SourceFailure
