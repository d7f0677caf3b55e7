"""The record types, the text helpers, and the examples in the sources' docstrings."""

from __future__ import annotations

import doctest
from datetime import datetime

import pytest
from pydantic import ValidationError

from ingest.sources import email_body, email_headers, mailboxes, quoting, text, values
from ingest.sources.records import MessageRecord
from ingest.sources.text import decode_bytes, html_to_text, without_surrogates


def test_records_are_frozen_and_want_aware_datetimes() -> None:
    record = MessageRecord(id="x", kind="note", thread="x", source="s", position="s")
    with pytest.raises(ValidationError):
        record.text = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="timezone-aware"):
        MessageRecord(
            id="x",
            kind="note",
            thread="x",
            source="s",
            position="s",
            occurred_at=datetime(2024, 1, 1),
        )


def test_decoding_never_fails() -> None:
    assert decode_bytes(b"caf\xe9", "no-such-charset") == "café"
    assert isinstance(decode_bytes(b"\xff\xfe\x00", "no-such-charset"), str)
    assert decode_bytes("Grüße".encode("utf-16"), "utf-16") == "Grüße"
    assert without_surrogates("a\ud800b") == "a?b"


def test_html_to_text_keeps_words_and_drops_markup() -> None:
    html = "<ul><li>One</li><li>Two</li></ul><p>A&nbsp;<i>very</i> long line " + "x " * 60
    converted = html_to_text(html)
    assert converted.startswith("One\nTwo\n")
    assert "A very long line" in converted
    assert "\n" not in converted.split("A very")[1]


@pytest.mark.parametrize("module", [email_body, email_headers, mailboxes, quoting, text, values])
def test_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module, raise_on_error=False)  # type: ignore[arg-type]
    assert result.failed == 0
