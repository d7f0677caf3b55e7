"""The text and the attachments of a parsed email.

The body is every inline `text/plain` part that is not empty, joined; a message without
one gets its `text/html` parts converted to text. Parts with an attachment disposition,
parts with a filename that are not marked inline, non-text leaves and attached messages
(`message/*`) are attachments, recorded by name and content type and never read.
"""

from __future__ import annotations

import mimetypes
import re
from email.message import Message

from ingest.sources.email_headers import decode_encoded_words
from ingest.sources.records import Attachment
from ingest.sources.text import decode_bytes, html_to_text, tidy_whitespace, without_surrogates

UNKNOWN_CONTENT_TYPE = "application/octet-stream"
# More HTML than this gives more text than is stored (`graph.model.MAX_TEXT_LENGTH`):
# the rest is not converted, which bounds the time and memory a huge message costs.
MAX_HTML_CHARS = 5_000_000
# Enron messages lost their attachments but kept a placeholder: `<< File: west.xls >>`.
_ATTACHMENT_PLACEHOLDER = re.compile(r"<<\s*File:\s*([^<>\n]+?)\s*>>")


class _Parts:
    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html: list[str] = []
        self.attachments: list[Attachment] = []


def body_and_attachments(message: Message) -> tuple[str, tuple[Attachment, ...]]:
    """The message's readable text and its attachments."""
    parts = _Parts()
    _collect(message, parts, is_root=True)
    texts = [text for text in parts.plain if text.strip()]
    if not texts:
        texts = [html_to_text(html[:MAX_HTML_CHARS]) for html in parts.html if html.strip()]
    return tidy_whitespace("\n\n".join(texts)), tuple(parts.attachments)


def placeholder_attachments(text: str) -> tuple[Attachment, ...]:
    """Attachments named by `<< File: name >>` placeholders (the Enron mail's).

    >>> placeholder_attachments("See << File: west_delta_pos.xls >> please")[0].name
    'west_delta_pos.xls'
    """
    names = dict.fromkeys(_ATTACHMENT_PLACEHOLDER.findall(text))
    return tuple(
        Attachment(name=name, content_type=mimetypes.guess_type(name)[0] or UNKNOWN_CONTENT_TYPE)
        for name in names
    )


def _collect(part: Message, parts: _Parts, *, is_root: bool = False) -> None:
    content_type = part.get_content_type()
    maintype = part.get_content_maintype()
    if not is_root and (_is_attachment(part) or maintype == "message"):
        parts.attachments.append(Attachment(name=_filename(part), content_type=content_type))
        return
    if part.is_multipart():
        for child in part.get_payload():
            if isinstance(child, Message):
                _collect(child, parts)
        return
    if content_type == "text/plain" or maintype == "multipart":
        # a multipart without a usable boundary was parsed as one part: read it as text
        parts.plain.append(_decoded_payload(part))
    elif content_type == "text/html":
        parts.html.append(_decoded_payload(part))
    elif maintype != "text":
        parts.attachments.append(Attachment(name=_filename(part), content_type=content_type))


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("Content-Disposition") or "").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    return disposition != "inline" and _filename(part) is not None


def _filename(part: Message) -> str | None:
    name = part.get_filename() or part.get_param("name")
    if isinstance(name, tuple):  # an RFC 2231 value that compat32 leaves undecoded
        charset, _, raw = name
        name = decode_bytes(raw.encode("latin-1", "replace"), charset)
    if not isinstance(name, str):
        return None
    name = without_surrogates(decode_encoded_words(name)).strip().strip('"')
    return name or None


def _decoded_payload(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return without_surrogates(decode_bytes(payload, part.get_content_charset()))
    if isinstance(payload, str):
        return without_surrogates(payload)
    return ""
