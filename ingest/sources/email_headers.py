"""Headers of a parsed email: decoded text, participants, thread ids and the date.

Works on messages parsed with either `email.policy.default` or `compat32`; RFC 2047
encoded words and unknown charsets are decoded without raising.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.header import Header, decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from graph.ids import message_id, normalize_email, person_id_for_email
from ingest.sources.records import Participant, ParticipantRoleName
from ingest.sources.text import decode_bytes, without_surrogates

ADDRESS_HEADERS: tuple[tuple[str, ParticipantRoleName, str], ...] = (
    ("From", "from", "X-From"),
    ("To", "to", "X-To"),
    ("Cc", "cc", "X-cc"),
)
_ANGLE_TOKEN = re.compile(r"<([^<>\s]+)>")
_WHITESPACE = re.compile(r"\s+")
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_X_NAME_DOMAIN_SUFFIX = re.compile(r"@[A-Za-z]+$")  # Lotus Notes: `Name@ENRON`
_LETTERS_ONLY = re.compile(r"[^a-z]+")
_X_NAME_ADDRESS_PART = re.compile(r"\s*<[^<>]*>\s*")


def header_text(message: Message, name: str) -> str | None:
    """The decoded, unfolded value of header `name`, or None when absent or empty."""
    value = message.get(name)
    if value is None:
        return None
    text = _decoded(value)
    text = _WHITESPACE.sub(" ", without_surrogates(text)).strip()
    return text or None


def decode_encoded_words(value: str) -> str:
    """Decode RFC 2047 encoded words (`=?utf-8?q?caf=C3=A9?=`); unknown charsets fall back.

    >>> decode_encoded_words("Re: =?iso-8859-1?q?caf=E9?= time")
    'Re: café time'
    """
    if "=?" not in value:
        return value
    try:
        parts = decode_header(value)
    except (ValueError, LookupError):
        return value
    return "".join(
        decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
        for chunk, charset in parts
    )


def participants_of(message: Message) -> tuple[Participant, ...]:
    """From, To and Cc as participants; Enron's X-From/X-To/X-cc supply missing names."""
    found: dict[tuple[str, str], Participant] = {}
    for header, role, x_header in ADDRESS_HEADERS:
        entries = _addresses(message, header)
        x_names = _x_names(message, x_header)
        for index, (name, address) in enumerate(entries):
            participant = Participant(
                role=role,
                address=address,
                name=name or _x_name_for(address, index, len(entries), x_names),
                person_id=person_id_for_email(address),
            )
            found.setdefault((role, address), participant)
    return tuple(found.values())


def own_message_id(message: Message) -> str | None:
    """`msg:<Message-ID>`, or None when the message has no usable Message-ID."""
    return _first_reference(header_text(message, "Message-ID"))


def reply_ids(message: Message) -> tuple[str | None, tuple[str, ...]]:
    """The interaction ids of In-Reply-To and of References, oldest first."""
    in_reply_to = _first_reference(header_text(message, "In-Reply-To"))
    references_header = header_text(message, "References") or ""
    tokens = _ANGLE_TOKEN.findall(references_header) or references_header.split()
    references = tuple(dict.fromkeys(message_id(token) for token in tokens if token.strip("<>")))
    return in_reply_to, references


def sent_at(message: Message) -> datetime | None:
    """The Date header as an aware datetime (UTC when the header has no zone), else None."""
    value = header_text(message, "Date")
    if value is None:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _decoded(value: object) -> str:
    if isinstance(value, Header):
        return "".join(
            decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk
            for chunk, charset in decode_header(value)
        )
    text = str(value)
    return decode_encoded_words(text)


def _addresses(message: Message, header: str) -> list[tuple[str | None, str]]:
    """(name, address) pairs of an address header; entries without an address are dropped.

    Split from the raw value first and decoded after, so an encoded display name with a
    comma in it stays one name; the raw value also spares the default policy's slow
    structured parse, the larger part of the time spent on a message.
    """
    entries: list[tuple[str | None, str]] = []
    for name, address in getaddresses(_raw_values(message, header)):
        address = normalize_email(without_surrogates(address))
        if not _ADDRESS.match(address):
            continue
        name = _WHITESPACE.sub(" ", without_surrogates(decode_encoded_words(name))).strip()
        entries.append((name or None, address))
    return entries


def _raw_values(message: Message, header: str) -> list[str]:
    """The header's values as they were in the message, unfolded (like compat32's)."""
    wanted = header.lower()
    return [
        _FOLD.sub(" ", _decoded(value) if isinstance(value, Header) else str(value))
        for name, value in message.raw_items()
        if name.lower() == wanted
    ]


def _x_names(message: Message, header: str) -> list[str | None]:
    """Names from an Enron `X-To`-style header, in order; None where an entry is no name.

    Entries are separated by commas, but Exchange names hold one too
    (`Allen, Phillip K. </O=ENRON/...>`): a piece without `<` or `@` followed by a piece
    with `<` is the first half of such a name.
    """
    value = header_text(message, header)
    if not value:
        return []
    pieces = [piece.strip() for piece in value.split(",")]
    entries: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        if "<" not in piece and "@" not in piece and "<" in following:
            entries.append(f"{piece}, {following}")
            index += 2
        else:
            entries.append(piece)
            index += 1
    return [_x_name(entry) for entry in entries if entry]


def _x_name(entry: str) -> str | None:
    """`Allen, Phillip K. </O=ENRON/...>` -> `Phillip K. Allen`; None for an address."""
    name = _X_NAME_ADDRESS_PART.sub(" ", entry).strip()
    name = _X_NAME_DOMAIN_SUFFIX.sub("", name).strip().strip("\"'").strip()
    if not name or "@" in name or (name.islower() and " " not in name):
        return None
    name = name.split("/")[0].strip()
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        name = f"{first} {last}".strip()
    return _WHITESPACE.sub(" ", name) or None


def _x_name_for(address: str, index: int, count: int, x_names: list[str | None]) -> str | None:
    """The X-header name of the `index`-th of `count` addresses: by position when the
    lists match, else the name whose first and last words spell the address's local part."""
    if len(x_names) == count:
        return x_names[index]
    local = _LETTERS_ONLY.sub("", address.split("@")[0])
    for name in x_names:
        words = _LETTERS_ONLY.sub(" ", (name or "").lower()).split()
        if words and local in {"".join(words), words[0] + words[-1]}:
            return name
    return None


def _first_reference(value: str | None) -> str | None:
    if not value:
        return None
    tokens = _ANGLE_TOKEN.findall(value) or value.split()
    token = tokens[0].strip("<>") if tokens else ""
    return message_id(token) if token else None
