"""Finding messages on disk: .eml files, mboxes, maildirs, and files that are not mail."""

from __future__ import annotations

from pathlib import Path

from ingest.sources.mailboxes import (
    looks_like_email,
    read_email_file,
    read_email_paths,
    read_mbox,
)
from ingest.sources.records import MessageRecord, SourceFailure


def message(number: int, body: str = "Hello") -> str:
    return f"Message-ID: <{number}@x>\nFrom: a@x.com\nSubject: message {number}\n\n{body}\n"


def test_an_eml_file_is_one_record_at_its_path(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_text(message(1))
    [record] = read_email_file(path)
    assert isinstance(record, MessageRecord)
    assert record.id == "msg:1@x"
    assert record.source == record.position == str(path)


def test_an_mbox_yields_each_message_at_its_number(tmp_path: Path) -> None:
    path = tmp_path / "archive"
    path.write_text(
        "From a@x.com Mon Jan  1 00:00:00 2024\n"
        + message(1, "First.\n>From the archives, escaped.")
        + "\nFrom b@x.com Mon Jan  1 00:00:01 2024\n"
        + message(2, "Second.\nFrom here on, not a new message.")
    )
    records = list(read_email_file(path))
    assert [r.position for r in records] == [f"{path}#1", f"{path}#2"]
    assert all(isinstance(r, MessageRecord) for r in records)
    first, second = (r for r in records if isinstance(r, MessageRecord))
    assert first.text == "First.\nFrom the archives, escaped."
    assert second.text == "Second.\nFrom here on, not a new message."


def test_a_message_without_message_id_in_an_mbox_keeps_its_id(tmp_path: Path) -> None:
    path = tmp_path / "archive.mbox"
    path.write_text("From a@x.com Mon Jan  1 00:00:00 2024\nFrom: a@x.com\n\nHi\n")
    first = [r.id for r in read_mbox(path) if isinstance(r, MessageRecord)]
    again = [r.id for r in read_mbox(path) if isinstance(r, MessageRecord)]
    assert first == again
    assert first[0].startswith("sha256:")


def test_cmu_maildir_files_without_extension_are_read_by_content(tmp_path: Path) -> None:
    inbox = tmp_path / "allen-p" / "inbox"
    inbox.mkdir(parents=True)
    for number in (1, 2, 10):
        (inbox / f"{number}.").write_text(message(number))
    positions = [item.position for item in read_email_paths([tmp_path])]
    assert positions == [str(inbox / "1."), str(inbox / "2."), str(inbox / "10.")]


def test_a_maildir_tmp_folder_is_skipped(tmp_path: Path) -> None:
    for folder in ("cur", "new", "tmp"):
        (tmp_path / folder).mkdir()
    (tmp_path / "cur" / "1700000000.1.host:2,S").write_text(message(1))
    (tmp_path / "new" / "1700000001.2.host").write_text(message(2))
    (tmp_path / "tmp" / "1700000002.3.host").write_text(message(3))
    ids = [item.id for item in read_email_paths([tmp_path]) if isinstance(item, MessageRecord)]
    assert ids == ["msg:1@x", "msg:2@x"]


def test_files_that_are_not_mail_are_failures_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("MIT License\n\nCopyright (c) 2015 Someone\n")
    (tmp_path / "empty.eml").write_text("")
    (tmp_path / "outlook.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    failures = {Path(f.position).name: f.reason for f in read_email_paths([tmp_path])}
    assert failures == {
        "LICENSE": "not an email message: the file does not start with mail headers",
        "empty.eml": "empty file",
        "outlook.msg": "an Outlook .msg (OLE) file, not a MIME message; export it as .eml",
    }


def test_a_missing_path_is_a_failure(tmp_path: Path) -> None:
    [failure] = read_email_paths([tmp_path / "nowhere"])
    assert isinstance(failure, SourceFailure)
    assert failure.reason == "no such file or folder"


def test_leading_blank_lines_before_the_headers_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "padded.eml"
    path.write_text("   \n\n" + message(5))
    [record] = read_email_file(path)
    assert isinstance(record, MessageRecord)
    assert record.id == "msg:5@x"


def test_looks_like_email_wants_known_headers() -> None:
    assert looks_like_email(b"Received: from x\nSubject: hi\n\nbody")
    assert looks_like_email(b"From someone@x Mon Jan  1 00:00:00 2024\nFrom: a@x\n\nHi")
    assert not looks_like_email(b"Key: value\nOther: value\n\nnot mail")
    assert not looks_like_email(b"")
