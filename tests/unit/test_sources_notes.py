"""Notes and call summaries with front matter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from graph.ids import content_hash_id
from ingest.sources.notes import parse_note, read_note_file, read_notes
from ingest.sources.records import MessageRecord, SourceFailure

CALL = """\
---
date: 2024-03-01 14:30
kind: call
subject: Renewal call
author: Jane.Doe@OurCo.com
account: northwind:customer:ALFKI
contacts: [maria@alfki.de, "northwind:contact:ALFKI"]
attendees:
  - bob@ourco.com
  - Maria Anders
tags: [renewal]
---
Maria is evaluating Acme as an alternative; she wants SSO by June.
"""


def record_of(content: str, source: str = "notes/call.md") -> MessageRecord:
    parsed = parse_note(content, source)
    assert isinstance(parsed, MessageRecord), parsed
    return parsed


def test_front_matter_fills_the_record() -> None:
    record = record_of(CALL)
    assert record.kind == "call"
    assert record.subject == "Renewal call"
    assert record.occurred_at == datetime(2024, 3, 1, 14, 30, tzinfo=UTC)
    assert record.account == "northwind:customer:ALFKI"
    assert record.contacts == ("email:maria@alfki.de", "northwind:contact:ALFKI")
    assert record.tags == ("renewal",)
    assert record.author_id == "email:jane.doe@ourco.com"
    assert record.text == "Maria is evaluating Acme as an alternative; she wants SSO by June."
    assert record.position == record.source == "notes/call.md"


def test_author_and_attendees_become_participants() -> None:
    people = [(p.role, p.address, p.name, p.person_id) for p in record_of(CALL).participants]
    assert people == [
        ("author", "jane.doe@ourco.com", None, "email:jane.doe@ourco.com"),
        ("attendee", "bob@ourco.com", None, "email:bob@ourco.com"),
        ("attendee", None, "Maria Anders", None),
    ]


def test_the_id_is_the_content_hash_and_stable() -> None:
    record = record_of(CALL)
    assert record.id == content_hash_id(CALL) == record.thread
    assert record_of(CALL.replace("\n", "\r\n")).id == record.id
    assert record_of(CALL + "One more line.\n").id != record.id


def test_a_note_without_front_matter_is_a_plain_note() -> None:
    record = record_of("# Visit at Alfreds\n\nThey use our CRM daily.\n")
    assert record.kind == "note"
    assert record.subject == "Visit at Alfreds"
    assert record.occurred_at is None
    assert record.participants == ()


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024-03-01T09:00:00+02:00", datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=2)))),
        ('"March 1, 2024 9am"', datetime(2024, 3, 1, 9, tzinfo=UTC)),
    ],
)
def test_dates_are_timezone_aware(date: str, expected: datetime) -> None:
    assert record_of(f"---\ndate: {date}\n---\nText\n").occurred_at == expected


def test_an_author_given_as_an_id_is_kept() -> None:
    record = record_of("---\nauthor: northwind:employee:3\ntitle: Weekly 1:1 with Bob\n---\nText\n")
    assert record.author_id == "northwind:employee:3"
    assert record.subject == "Weekly 1:1 with Bob"


@pytest.mark.parametrize(
    ("front_matter", "reason"),
    [
        ("date: [2024", "front matter is not valid"),
        ("- a\n- b", "front matter must be a mapping of keys, not a list"),
        ("kind: lunch", "bad front matter: kind: Input should be 'note', 'call' or 'meeting'"),
        ("date: someday soon", "bad front matter: date: Value error, not a date: 'someday soon'"),
        ("contacts: {a: 1}", "bad front matter: contacts: Input should be a valid list"),
    ],
)
def test_bad_front_matter_is_a_failure_naming_the_problem(front_matter: str, reason: str) -> None:
    failure = parse_note(f"---\n{front_matter}\n---\nText\n", "notes/bad.md")
    assert isinstance(failure, SourceFailure)
    assert failure.position == "notes/bad.md"
    assert failure.reason.startswith(reason)


def test_an_empty_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("  \n")
    failure = read_note_file(path)
    assert isinstance(failure, SourceFailure)
    assert failure.reason == "empty note"


def test_folders_are_read_recursively_and_bad_files_do_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "call.md").write_text(CALL)
    (tmp_path / "bad.md").write_text("---\nkind: lunch\n---\nText\n")
    (tmp_path / "legacy.txt").write_bytes("Caf\xe9 visit notes\n".encode("cp1252"))
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    items = list(read_notes([tmp_path]))
    assert [Path(item.position).name for item in items] == ["call.md", "bad.md", "legacy.txt"]
    assert [type(item).__name__ for item in items] == [
        "MessageRecord",
        "SourceFailure",
        "MessageRecord",
    ]
    legacy = items[2]
    assert isinstance(legacy, MessageRecord)
    assert legacy.text == "Café visit notes"
