"""One raw email message to a `MessageRecord`, or a `SourceFailure` saying why not.

Messages are parsed with `email.policy.default`; when that policy raises on a broken
header, with `compat32`. The id is `msg:<Message-ID>`, or the content hash of the raw
bytes when there is none, so reading the same message again gives the same id. The
thread is the first References id, else In-Reply-To, else the message itself. Files,
mboxes and maildirs are found and split by `ingest.sources.mailboxes`.
"""

from __future__ import annotations

import logging
from email import policy
from email.message import Message
from email.parser import BytesParser

from graph.ids import content_hash_id
from ingest.sources.email_body import body_and_attachments, placeholder_attachments
from ingest.sources.email_headers import (
    header_text,
    own_message_id,
    participants_of,
    reply_ids,
    sent_at,
)
from ingest.sources.quoting import authored_text
from ingest.sources.records import MessageRecord, SourceFailure

log = logging.getLogger(__name__)


def parse_email(raw: bytes, source: str, position: str) -> MessageRecord | SourceFailure:
    """Read one RFC 5322 message from its bytes; never raises."""
    if not raw.strip():
        return SourceFailure(source=source, position=position, reason="empty message")
    content = raw.lstrip()
    try:
        return _record_from(_parse(content, policy.default), raw, source, position)
    except Exception:  # the default policy raises many kinds of errors on broken headers
        log.debug("default email policy failed at %s; retrying with compat32", position)
    try:
        return _record_from(_parse(content, policy.compat32), raw, source, position)
    except Exception as error:  # a message no policy can read is a failure, not a crash
        log.debug("compat32 email policy failed at %s", position, exc_info=True)
        return SourceFailure(
            source=source,
            position=position,
            reason=f"unreadable message: {type(error).__name__}: {error}",
        )


def raw_message_id(raw: bytes) -> str:
    """The id of a message without a Message-ID: the hash of its exact bytes."""
    return content_hash_id(raw.decode("latin-1"))


def _parse(content: bytes, email_policy: policy.Policy) -> Message:
    return BytesParser(policy=email_policy).parsebytes(content)


def _record_from(
    message: Message, raw: bytes, source: str, position: str
) -> MessageRecord | SourceFailure:
    if not message.keys():
        return SourceFailure(source=source, position=position, reason="no mail headers")
    own_id = own_message_id(message) or raw_message_id(raw)
    in_reply_to, references = reply_ids(message)
    participants = participants_of(message)
    body, attachments = body_and_attachments(message)
    text = authored_text(body)
    sender = next((p for p in participants if p.role == "from"), None)
    return MessageRecord(
        id=own_id,
        kind="email",
        subject=header_text(message, "Subject"),
        body=body,
        text=text,
        occurred_at=sent_at(message),
        thread=references[0] if references else in_reply_to or own_id,
        in_reply_to=in_reply_to,
        references=references,
        participants=participants,
        attachments=tuple(dict.fromkeys((*attachments, *placeholder_attachments(text)))),
        source=source,
        position=position,
        author_id=sender.person_id if sender else None,
        mail_headers=kind_headers(message),
    )


KIND_HEADERS = (
    "Auto-Submitted",
    "Precedence",
    "List-Unsubscribe",
    "List-Id",
    "X-Autoreply",
    "X-Autorespond",
    "X-Auto-Response-Suppress",
)


def kind_headers(message: Message) -> tuple[tuple[str, str], ...]:
    """The headers that say whether a message is bulk, automated or an auto-reply."""
    found = []
    for name in KIND_HEADERS:
        value = message.get(name)
        if value is not None:
            found.append((name, str(value)[:200]))
    return tuple(found)
