"""Ticket threads from JSON Lines: one record per message; bad lines are failures."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from ingest.sources.records import MessageRecord, SourceFailure
from ingest.sources.tickets import read_ticket_file

THREAD = {
    "id": 4711,
    "account": "northwind:customer:ALFKI",
    "subject": "SSO login fails",
    "resolved_by": "kb:sso-reset",
    "tags": ["sso"],
    "messages": [
        {
            "from": "Maria@ALFKI.de",
            "date": "2024-03-05T09:12:00",
            "text": "Our SSO login fails since Monday.\n\nThanks,\nMaria",
        },
        {
            "from": "northwind:employee:3",
            "date": "2024-03-05T10:00:00+01:00",
            "text": "Reset the IdP certificate.\n\n> Our SSO login fails since Monday.",
        },
        {"from": "Maria Anders", "date": "not a date", "text": "That fixed it."},
    ],
}


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_message_is_a_record_of_the_thread(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "tickets.jsonl", json.dumps(THREAD))
    records = [r for r in read_ticket_file(path) if isinstance(r, MessageRecord)]
    assert [r.id for r in records] == ["ticket:4711:1", "ticket:4711:2", "ticket:4711:3"]
    assert {r.thread for r in records} == {"ticket:4711"}
    assert [r.in_reply_to for r in records] == [None, "ticket:4711:1", "ticket:4711:2"]
    assert records[2].references == ("ticket:4711:1", "ticket:4711:2")
    assert [r.position for r in records] == [f"{path}:1#1", f"{path}:1#2", f"{path}:1#3"]
    assert [r.resolved_by for r in records] == ["kb:sso-reset", None, None]
    assert {(r.kind, r.account, r.subject, r.external_id) for r in records} == {
        ("ticket", "northwind:customer:ALFKI", "SSO login fails", "4711")
    }


def test_senders_dates_and_text(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "tickets.jsonl", json.dumps(THREAD))
    first, second, third = (r for r in read_ticket_file(path) if isinstance(r, MessageRecord))
    assert first.author_id == "email:maria@alfki.de"
    assert first.participants[0].address == "maria@alfki.de"
    assert second.author_id == "northwind:employee:3"
    assert third.participants[0].name == "Maria Anders"
    assert third.author_id is None
    assert first.occurred_at == datetime(2024, 3, 5, 9, 12, tzinfo=UTC)
    assert second.occurred_at == datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    assert third.occurred_at is None
    assert first.text == "Our SSO login fails since Monday."
    assert second.text == "Reset the IdP certificate."
    assert second.body.endswith("> Our SSO login fails since Monday.")


def test_bad_lines_are_failures_and_the_others_go_on(tmp_path: Path) -> None:
    good = {"id": "T2", "messages": [{"from": "a@x.com", "text": "Hi"}]}
    path = write_lines(
        tmp_path / "tickets.jsonl",
        '{"id": "T1", "messages": [',
        "[1, 2]",
        "",
        json.dumps({"id": "T3", "messages": []}),
        json.dumps({"id": "T4", "messages": [{"from": "a@x.com"}]}),
        json.dumps(good),
    )
    items = list(read_ticket_file(path))
    failures = [(f.position, f.reason) for f in items if isinstance(f, SourceFailure)]
    assert failures == [
        (f"{path}:1", "malformed JSON: Expecting value at column 27"),
        (f"{path}:2", "a line must hold one JSON object (a ticket thread)"),
        (
            f"{path}:4",
            "bad ticket: messages: List should have at least 1 item after validation, not 0",
        ),
        (f"{path}:5", "bad ticket: messages.0.text: Field required"),
    ]
    assert [r.id for r in items if isinstance(r, MessageRecord)] == ["ticket:T2:1"]


def test_reading_twice_gives_the_same_records(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "tickets.jsonl", json.dumps(THREAD))
    assert list(read_ticket_file(path)) == list(read_ticket_file(path))


def test_a_missing_file_is_a_failure(tmp_path: Path) -> None:
    [failure] = read_ticket_file(tmp_path / "none.jsonl")
    assert isinstance(failure, SourceFailure)
    assert failure.reason.startswith("cannot read:")
