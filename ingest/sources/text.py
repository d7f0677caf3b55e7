"""Bytes and HTML to plain text, without ever failing on a bad charset or broken markup."""

from __future__ import annotations

import codecs
import re

import html_text
from charset_normalizer import from_bytes

_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Below this many bytes outside ASCII a detector's guess is worth less than Windows-1252.
_DETECTION_MIN_BYTES = 8


def decode_bytes(raw: bytes, charset: str | None = None) -> str:
    """Decode `raw` with its declared `charset`, else by its byte-order mark, else as
    UTF-8, else with the charset detected from the bytes (charset-normalizer), else as
    Windows-1252.

    Bytes that are mostly UTF-8 with a few broken sequences stay UTF-8 (the broken ones
    become U+FFFD); an unknown or wrong charset never raises.

    >>> decode_bytes("café".encode("utf-8"), "x-unknown")
    'café'
    >>> decode_bytes(b"caf\\xe9", None)
    'café'
    >>> decode_bytes("Юникод".encode("utf-8")[:-1], None)
    'Юнико\ufffd'
    >>> decode_bytes("会議のメモ: 来週の予定を確認しました。".encode("shift_jis"))
    '会議のメモ: 来週の予定を確認しました。'
    >>> decode_bytes("Notes de réunion".encode("utf-16"))
    'Notes de réunion'
    """
    if charset and _is_known_charset(charset):
        try:
            return raw.decode(charset)
        except (UnicodeDecodeError, UnicodeError):
            pass
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw.decode(codec, "replace")
    if b"\x00" in raw and (detected := _detected(raw)) is not None:
        return detected  # UTF-16 or UTF-32 without a byte-order mark
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    as_utf8 = raw.decode("utf-8", "replace")
    broken = as_utf8.count("\ufffd")
    if sum(1 for char in as_utf8 if ord(char) > 0x7F) > 2 * broken:
        return as_utf8
    detected = _detected(raw)
    return detected if detected is not None else raw.decode("cp1252", "replace")


def _detected(raw: bytes) -> str | None:
    """The text in the charset charset-normalizer finds most likely, if it finds one."""
    if sum(1 for byte in raw if byte > 0x7F) < _DETECTION_MIN_BYTES and b"\x00" not in raw:
        return None
    best = from_bytes(raw).best()
    return str(best) if best is not None else None


def html_to_text(html: str) -> str:
    """Readable text of an HTML fragment or page: no links, images or emphasis marks.

    >>> html_to_text("<p>Hello <b>there</b>, see <a href='http://x'>the docs</a>.</p>")
    'Hello there, see the docs.'
    """
    if not html.strip():
        return ""
    try:
        return tidy_whitespace(html_text.extract_text(html, guess_layout=True))
    except (ValueError, TypeError):  # lxml refuses some documents (say, an XML declaration)
        return tidy_whitespace(html_text.extract_text(html.encode("utf-8"), guess_layout=True))


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
