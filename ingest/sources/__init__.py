"""Sources: files and dumps read into typed records, one `MessageRecord` per interaction.

Every reader yields `MessageRecord | SourceFailure` and never raises for one bad record.
"""

from ingest.sources.email import parse_email
from ingest.sources.mailboxes import (
    looks_like_email,
    read_email_file,
    read_email_folder,
    read_email_paths,
    read_mbox,
)
from ingest.sources.notes import parse_note, read_note_file, read_notes
from ingest.sources.quoting import authored_text, strip_quoted_text, strip_signature
from ingest.sources.records import (
    Attachment,
    MessageKind,
    MessageRecord,
    Participant,
    SourceFailure,
    SourceItem,
)
from ingest.sources.stackexchange import read_stackexchange_posts
from ingest.sources.text import html_to_text
from ingest.sources.tickets import parse_ticket_line, read_ticket_file

__all__ = [
    "Attachment",
    "MessageKind",
    "MessageRecord",
    "Participant",
    "SourceFailure",
    "SourceItem",
    "authored_text",
    "html_to_text",
    "looks_like_email",
    "parse_email",
    "parse_note",
    "parse_ticket_line",
    "read_email_file",
    "read_email_folder",
    "read_email_paths",
    "read_mbox",
    "read_note_file",
    "read_notes",
    "read_stackexchange_posts",
    "read_ticket_file",
    "strip_quoted_text",
    "strip_signature",
]
