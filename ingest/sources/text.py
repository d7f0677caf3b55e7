"""Bytes and HTML to plain text, without ever failing on a bad charset or broken markup."""

from __future__ import annotations

import codecs
import re

import html2text

_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def decode_bytes(raw: bytes, charset: str | None = None) -> str:
    """Decode `raw` with its declared `charset`, else as UTF-8, else as Windows-1252.

    Bytes that are mostly UTF-8 with a few broken sequences stay UTF-8 (the broken ones
    become U+FFFD); an unknown or wrong charset never raises.

    >>> decode_bytes("café".encode("utf-8"), "x-unknown")
    'café'
    >>> decode_bytes(b"caf\\xe9", None)
    'café'
    >>> decode_bytes("Юникод".encode("utf-8")[:-1], None)
    'Юнико\ufffd'
    """
    if charset and _is_known_charset(charset):
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    as_utf8 = raw.decode("utf-8", "replace")
    broken = as_utf8.count("\ufffd")
    if sum(1 for char in as_utf8 if ord(char) > 0x7F) > 2 * broken:
        return as_utf8
    return raw.decode("cp1252", "replace")


def html_to_text(html: str) -> str:
    """Readable text of an HTML fragment or page: no links, images or emphasis marks.

    >>> html_to_text("<p>Hello <b>there</b>, see <a href='http://x'>the docs</a>.</p>")
    'Hello there, see the docs.'
    """
    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.body_width = 0
    return tidy_whitespace(converter.handle(html))


def tidy_whitespace(text: str) -> str:
    """Unix newlines, no trailing spaces, at most one blank line in a row, no outer blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def without_surrogates(text: str) -> str:
    """`text` safe to encode as UTF-8: smuggled raw bytes decoded, lone surrogates replaced.

    >>> without_surrogates("caf\\udce9")
    'café'
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return decode_bytes(text.encode("utf-8", "surrogateescape"))
        except UnicodeEncodeError:
            return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _is_known_charset(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except (LookupError, ValueError):
        return False
    return True
