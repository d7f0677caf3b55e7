"""What the extractor needs to know about a message: who wrote it, to whom, when."""

from __future__ import annotations

from ingest.people import PeopleFound, Person
from ingest.sources.records import MessageRecord
from nlp.kinds import classify_message
from nlp.models import MessageContext

AUTHOR_ROLES = ("from", "author")


def message_context(record: MessageRecord, people: PeopleFound) -> MessageContext:
    """The sender is who "I" and "we" mean; a contact's "we" is their account."""
    author: Person | None = None
    recipients: list[str] = []
    for participant in record.participants:
        person = people.person(participant, record)
        if person is None:
            continue
        if author is None and participant.role in AUTHOR_ROLES:
            author = person
        else:
            recipients.append(person.id)
    return MessageContext(
        author_id=author.id if author else None,
        author_name=author.name if author else None,
        author_label=author.label if author else None,
        recipient_ids=recipients,
        account_id=record.account or (author.account if author else None),
        sent_at=record.occurred_at,
        channel=record.kind,
        message_kind=message_kind_of(record),
    )


def message_kind_of(record: MessageRecord) -> str:
    """Business mail, bulk, newsletter, automated, auto-reply, forwarded article or Q&A."""
    sender = next((p.address for p in record.participants if p.role == "from"), None)
    return classify_message(
        subject=record.subject,
        body=record.body or record.text,
        sender=sender,
        headers=dict(record.mail_headers),
        channel=record.kind,
        authored=record.text,
        recipients=visible_recipients(record),
    ).kind


def visible_recipients(record: MessageRecord) -> int:
    """How many To and Cc addresses a message shows (none: it went to a hidden list)."""
    return sum(1 for p in record.participants if p.role in ("to", "cc"))


def analysed_text(record: MessageRecord) -> str:
    """What extraction reads: a mail's whole body, whose quoted and forwarded parts the
    extractor attributes to their own writers; the text of everything else."""
    if record.kind == "email" and record.body.strip():
        return record.body
    return record.text
