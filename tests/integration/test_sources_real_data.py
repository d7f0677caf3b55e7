"""The sources over real, messy data from `../shared/data`: nothing raises, nothing is lost."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

import pytest

from ingest.sources import (
    MessageRecord,
    SourceFailure,
    SourceItem,
    read_email_paths,
    read_stackexchange_posts,
)

EMAIL_FOLDERS = ("cpython_test_email", "mailgun_flanker", "mikel_mail", "spamscope_mail-parser")
ENRON_MESSAGES = 543
# Files in email/ that are not messages the standard library can read, and why.
NOT_MAIL = {
    "cpython_test_email/msg_19.txt": "the file does not start with mail headers",
    "mailgun_flanker/LICENSE": "the file does not start with mail headers",
    "mikel_mail/MIT-LICENSE": "the file does not start with mail headers",
    "mikel_mail/spec/fixtures/emails/.gitattributes": "the file does not start with mail headers",
    "mikel_mail/spec/fixtures/emails/rfc2822/example13.eml": "no mail headers",
    "mikel_mail/spec/fixtures/emails/sample_output_multipart": "empty file",
    "spamscope_mail-parser/LICENSE.txt": "the file does not start with mail headers",
    "spamscope_mail-parser/NOTICE.txt": "the file does not start with mail headers",
    "spamscope_mail-parser/tests/mails/mail_outlook_1": "an Outlook .msg (OLE) file",
}
DKIM_FIXTURES = "mailgun_flanker/tests/fixtures/messages/dkim/"


def records(items: list[SourceItem]) -> list[MessageRecord]:
    return [item for item in items if isinstance(item, MessageRecord)]


def failures(items: list[SourceItem]) -> list[SourceFailure]:
    return [item for item in items if isinstance(item, SourceFailure)]


@pytest.fixture(scope="module")
def email_folder(shared_data: Path) -> Path:
    return shared_data / "email"


@pytest.fixture(scope="module")
def email_items(email_folder: Path) -> list[SourceItem]:
    return list(read_email_paths([email_folder]))


@pytest.fixture(scope="module")
def enron_items(shared_data: Path) -> list[SourceItem]:
    return list(read_email_paths([shared_data / "enron" / "maildir"]))


@pytest.fixture(scope="module")
def beer_posts(shared_data: Path) -> Path:
    return shared_data / "stackexchange" / "beer" / "Posts.xml"


@pytest.fixture(scope="module")
def beer_items(beer_posts: Path) -> list[SourceItem]:
    return list(read_stackexchange_posts(beer_posts))


def test_every_email_file_yields_a_record_or_a_failure_with_a_reason(
    email_folder: Path, email_items: list[SourceItem]
) -> None:
    files = {str(path) for path in email_folder.rglob("*") if path.is_file()}
    assert {item.source for item in email_items} == files
    assert {path.name for path in email_folder.iterdir()} >= set(EMAIL_FOLDERS)
    assert all(failure.reason for failure in failures(email_items))
    by_folder = Counter(
        (Path(item.source).relative_to(email_folder).parts[0], type(item).__name__)
        for item in email_items
    )
    assert all(by_folder[(folder, "MessageRecord")] > 0 for folder in EMAIL_FOLDERS)


def test_only_files_that_are_not_mail_fail(
    email_folder: Path, email_items: list[SourceItem]
) -> None:
    failed = {
        Path(failure.source).relative_to(email_folder).as_posix(): failure.reason
        for failure in failures(email_items)
    }
    # the DKIM fixtures' prose descriptions, their README and the empty case 01
    dkim_not_mail = {
        path.relative_to(email_folder).as_posix()
        for path in (email_folder / DKIM_FIXTURES).iterdir()
        if path.name.startswith("purpose.") or path.name == "README" or path.suffix == ".01"
    }
    assert set(failed) == set(NOT_MAIL) | dkim_not_mail
    for name, reason in NOT_MAIL.items():
        assert reason in failed[name], name


def test_every_email_record_is_well_formed(email_items: list[SourceItem]) -> None:
    for record in records(email_items):
        assert record.id.startswith(("msg:", "sha256:")), record.position
        assert record.thread
        assert record.kind == "email"
        record.model_dump_json()  # no lone surrogates or other unencodable text


def test_all_enron_messages_parse_as_records(enron_items: list[SourceItem]) -> None:
    assert failures(enron_items) == []
    enron = records(enron_items)
    assert len(enron) == ENRON_MESSAGES
    assert len({record.id for record in enron}) == ENRON_MESSAGES
    assert all(record.id.startswith("msg:") for record in enron)
    assert all(record.occurred_at is not None for record in enron)
    assert all(any(p.role == "from" for p in record.participants) for record in enron)


def test_enron_text_is_stripped_of_replies_and_forwards(enron_items: list[SourceItem]) -> None:
    enron = records(enron_items)
    assert not any("-----Original Message-----" in record.text for record in enron)
    assert not any("Forwarded by" in record.text for record in enron)
    with_quotes = [r for r in enron if "-----Original Message-----" in r.body]
    assert with_quotes
    assert all(len(record.text) < len(record.body) for record in with_quotes)


def test_enron_x_headers_give_names(enron_items: list[SourceItem]) -> None:
    senders = [p for r in records(enron_items) for p in r.participants if p.role == "from"]
    named = [p for p in senders if p.name]
    assert len(named) / len(senders) > 0.8
    assert "Phillip K. Allen" in {p.name for p in named}


def test_stackexchange_beer_has_its_questions_and_answers(beer_items: list[SourceItem]) -> None:
    assert failures(beer_items) == []
    kinds = Counter(record.kind for record in records(beer_items))
    assert kinds == {"question": 452, "answer": 1068}


def test_stackexchange_accepted_answers_are_marked(
    beer_posts: Path, beer_items: list[SourceItem]
) -> None:
    accepted_by_questions = {
        row.get("AcceptedAnswerId")
        for _, row in ElementTree.iterparse(beer_posts)
        if row.tag == "row" and row.get("PostTypeId") == "1"
    } - {None}
    answers = [record for record in records(beer_items) if record.kind == "answer"]
    marked = {answer.external_id for answer in answers if answer.accepted}
    assert marked == accepted_by_questions & {answer.external_id for answer in answers}
    assert len(marked) > 250
    per_thread = Counter(answer.thread for answer in answers if answer.accepted)
    assert max(per_thread.values()) == 1
    assert all(answer.in_reply_to == answer.thread for answer in answers)


def test_stackexchange_coffee_reads_too(shared_data: Path) -> None:
    items = list(read_stackexchange_posts(shared_data / "stackexchange" / "coffee" / "Posts.xml"))
    assert failures(items) == []
    assert Counter(record.kind for record in records(items)) == {"question": 225, "answer": 327}


@pytest.mark.slow
def test_reading_again_gives_identical_ids(
    shared_data: Path,
    email_items: list[SourceItem],
    enron_items: list[SourceItem],
    beer_posts: Path,
    beer_items: list[SourceItem],
) -> None:
    def ids(items: list[SourceItem]) -> list[str]:
        return [record.id for record in records(items)]

    assert ids(list(read_email_paths([shared_data / "email"]))) == ids(email_items)
    assert ids(list(read_email_paths([shared_data / "enron" / "maildir"]))) == ids(enron_items)
    assert ids(list(read_stackexchange_posts(beer_posts))) == ids(beer_items)
