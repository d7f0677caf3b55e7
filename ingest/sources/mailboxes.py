"""Email files on disk: single messages (`.eml`, maildir files), mboxes and folders.

What a file is comes from its content, not its name: a file that starts with an mbox
`From ` line is an mbox, one that starts with mail headers is one message (so the CMU
Enron maildir's `1.`, `2.` files are read like `.eml`), anything else is reported as a
`SourceFailure`. Folders are read recursively, in natural name order; a maildir's `tmp`
folder (messages still being delivered) is skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.sources.email import parse_email
from ingest.sources.records import SourceFailure, SourceItem

log = logging.getLogger(__name__)

SNIFF_BYTES = 8192
MAIL_HEADER_NAMES = frozenset(
    {
        "from",
        "to",
        "cc",
        "subject",
        "date",
        "message-id",
        "received",
        "return-path",
        "mime-version",
        "content-type",
        "delivered-to",
        "reply-to",
        "sender",
        "in-reply-to",
        "references",
        "resent-from",
        "x-mailer",
    }
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_LINE = re.compile(rb"^([!-9;-~]+)[ \t]*:")
_MBOX_FROM_LINE = re.compile(rb"^From \S+")
_MBOX_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
_DIGITS = re.compile(r"(\d+)")


def read_email_paths(paths: Iterable[Path | str]) -> Iterator[SourceItem]:
    """Every message in `paths` (files or folders, recursively), in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from read_email_folder(path)
        elif path.is_file():
            yield from read_email_file(path)
        else:
            yield SourceFailure(
                source=str(path), position=str(path), reason="no such file or folder"
            )


def read_email_folder(folder: Path) -> Iterator[SourceItem]:
    """Every file under `folder`, read as mail: a maildir, the CMU layout, or any tree."""
    for path in _files_under(folder):
        yield from read_email_file(path)


def read_email_file(path: Path) -> Iterator[SourceItem]:
    """The messages in one file: one for a message file, each message of an mbox."""
    source = str(path)
    try:
        with path.open("rb") as stream:
            start = stream.read(SNIFF_BYTES)
    except OSError as error:
        yield SourceFailure(source=source, position=source, reason=f"cannot read: {error}")
        return
    problem = _not_mail_reason(start)
    if problem:
        yield SourceFailure(source=source, position=source, reason=problem)
    elif _MBOX_FROM_LINE.match(start.lstrip()):
        yield from read_mbox(path)
    else:
        try:
            raw = path.read_bytes()
        except OSError as error:
            yield SourceFailure(source=source, position=source, reason=f"cannot read: {error}")
            return
        yield parse_email(raw, source, source)


def read_mbox(path: Path) -> Iterator[SourceItem]:
    """Each message of an mbox file, at position `path#<n>` (n from 1)."""
    source = str(path)
    try:
        for number, raw in enumerate(_split_mbox(path), start=1):
            yield parse_email(_MBOX_ESCAPED_FROM.sub(rb"\1", raw), source, f"{source}#{number}")
    except OSError as error:
        yield SourceFailure(source=source, position=source, reason=f"cannot read: {error}")


def looks_like_email(start: bytes) -> bool:
    """Whether bytes from the start of a file look like a message or an mbox.

    >>> looks_like_email(b"Message-ID: <1@x>\\nFrom: a@x.com\\n\\nHi")
    True
    >>> looks_like_email(b"MIT License\\n\\nCopyright (c) 2015")
    False
    """
    return _not_mail_reason(start) is None


def _not_mail_reason(start: bytes) -> str | None:
    if not start.strip():
        return "empty file"
    if start.startswith(_OLE_MAGIC):
        return "an Outlook .msg (OLE) file, not a MIME message; export it as .eml"
    content = start.lstrip()
    if _MBOX_FROM_LINE.match(content):
        return None
    names: list[str] = []
    for line in content.splitlines():
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue
        header = _HEADER_LINE.match(line)
        if header is None:
            if not names:
                return "not an email message: the file does not start with mail headers"
            break
        names.append(header.group(1).decode("ascii").lower())
    if not MAIL_HEADER_NAMES.intersection(names):
        return "not an email message: no mail headers (From, To, Subject, Date, ...)"
    return None


def _split_mbox(path: Path) -> Iterator[bytes]:
    """The raw messages of an mbox; a `From ` line starts one only after a blank line."""
    lines: list[bytes] = []
    previous_blank = True
    with path.open("rb") as stream:
        for line in stream:
            if previous_blank and _MBOX_FROM_LINE.match(line):
                if any(part.strip() for part in lines):
                    yield b"".join(lines)
                lines = []
            else:
                lines.append(line)
            previous_blank = not line.strip()
    if any(part.strip() for part in lines):
        yield b"".join(lines)


def _files_under(folder: Path) -> Iterator[Path]:
    entries = sorted(folder.iterdir(), key=_natural_key)
    is_maildir = {"cur", "new"} <= {entry.name for entry in entries if entry.is_dir()}
    for entry in entries:
        if entry.is_dir():
            if is_maildir and entry.name == "tmp":
                log.debug("skipping maildir tmp folder %s", entry)
                continue
            yield from _files_under(entry)
        elif entry.is_file():
            yield entry


def _natural_key(path: Path) -> list[int | str]:
    return [int(part) if part.isdigit() else part.lower() for part in _DIGITS.split(path.name)]
