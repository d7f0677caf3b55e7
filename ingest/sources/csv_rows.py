"""CSV rows with the line each starts on, surviving the mistakes hand-made files have.

A row with an unclosed quote would otherwise swallow every row after it as one field
(Python's csv module reads on to the next quote, or to the end of the file). Here the
reader is strict: such a row is reported at its first line, and reading starts again on
the line after it, so the rows that follow are read as rows. Bytes are decoded with the
file's byte-order mark, as UTF-8, or with the detected charset.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.sources.text import decode_bytes


@dataclass(frozen=True)
class CsvRow:
    """One data row: its first line number (from 1) and its fields by header name;
    fields past the header's length are under the key None."""

    line: int
    fields: dict[str | None, str | list[str] | None]


@dataclass(frozen=True)
class CsvRowError:
    line: int
    reason: str


def read_csv_rows(path: Path) -> Iterator[CsvRow | CsvRowError]:
    """Every row of `path` after its header, or an error for a row that cannot be read.

    Raises OSError when the file cannot be read.
    """
    lines = decode_bytes(path.read_bytes()).splitlines(keepends=True)
    if not lines:
        return
    header = next(csv.reader([lines[0]]), [])
    start = 1
    while start < len(lines):
        reader = csv.reader(lines[start:], strict=True)
        row_start = start + 1  # 1-based number of the line the next row starts on
        try:
            for values in reader:
                if values:
                    yield CsvRow(row_start, _fields(header, values))
                row_start = start + reader.line_num + 1
            return
        except csv.Error as error:
            yield CsvRowError(row_start, _reason(error))
            start = row_start  # the line after the bad row's first line


def _fields(header: list[str], values: list[str]) -> dict[str | None, str | list[str] | None]:
    fields: dict[str | None, str | list[str] | None] = dict.fromkeys(header)
    for name, value in zip(header, values, strict=False):
        fields[name] = value
    if len(values) > len(header):
        fields[None] = values[len(header) :]
    return fields


def _reason(error: csv.Error) -> str:
    text = str(error)
    if "unexpected end of data" in text or "expected after" in text:
        return f"unclosed or stray quote: the row cannot be read ({text})"
    return f"unreadable CSV row: {text}"
