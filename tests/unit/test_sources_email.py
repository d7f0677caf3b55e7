"""One raw message to a record: headers, charsets, HTML, threads, attachments, failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email import message_from_string, policy

import pytest

from ingest.sources import email as email_source
from ingest.sources.email import parse_email
from ingest.sources.records import MessageRecord, SourceFailure


def record_of(raw: str | bytes) -> MessageRecord:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    parsed = parse_email(data, "inbox", "inbox#1")
    assert isinstance(parsed, MessageRecord), parsed
    return parsed


SIMPLE = """\
Message-ID: <abc@mail.example.com>
Date: Fri, 7 Dec 2001 10:06:42 -0800 (PST)
From: Heather Dunton <Heather.Dunton@Enron.com>
To: k..allen@enron.com, "Belden, Tim" <tim.belden@enron.com>
Cc: michael.driscoll@enron.com
Subject: RE: West Position

Please let me know if you still need Curve Shift.

Thanks,
Heather
"""


def test_a_plain_message_becomes_an_email_record() -> None:
    record = record_of(SIMPLE)
    assert record.id == "msg:abc@mail.example.com"
    assert record.kind == "email"
    assert record.subject == "RE: West Position"
    assert record.occurred_at == datetime(
        2001, 12, 7, 10, 6, 42, tzinfo=timezone(-timedelta(hours=8))
    )
    assert record.text == "Please let me know if you still need Curve Shift."
    assert record.body.endswith("Thanks,\nHeather")
    assert (record.source, record.position) == ("inbox", "inbox#1")
    assert record.author_id == "email:heather.dunton@enron.com"


def test_participants_come_from_from_to_and_cc() -> None:
    people = [(p.role, p.address, p.name) for p in record_of(SIMPLE).participants]
    assert people == [
        ("from", "heather.dunton@enron.com", "Heather Dunton"),
        ("to", "k..allen@enron.com", None),
        ("to", "tim.belden@enron.com", "Belden, Tim"),
        ("cc", "michael.driscoll@enron.com", None),
    ]
    assert record_of(SIMPLE).participants[1].person_id == "email:k..allen@enron.com"


def test_enron_x_headers_name_the_bare_addresses() -> None:
    raw = (
        "From: heather.dunton@enron.com\n"
        "To: k..allen@enron.com, tim.belden@enron.com\n"
        "X-From: Dunton, Heather </O=ENRON/OU=NA/CN=RECIPIENTS/CN=HDUNTON>\n"
        "X-To: Allen, Phillip K. </O=ENRON/OU=NA/CN=RECIPIENTS/CN=Pallen>, Tim Belden\n"
        "Subject: x\n\nHi\n"
    )
    names = [p.name for p in record_of(raw).participants]
    assert names == ["Heather Dunton", "Phillip K. Allen", "Tim Belden"]


def test_enron_x_names_match_by_address_when_the_lists_differ_in_length() -> None:
    raw = (
        "From: a@x.com\nTo: lisa.jacobson@enron.com, kevin.mcgowan@enron.com\n"
        "X-To: Kevin McGowan\nSubject: x\n\nHi\n"
    )
    names = {p.address: p.name for p in record_of(raw).participants}
    assert names == {
        "a@x.com": None,
        "lisa.jacobson@enron.com": None,
        "kevin.mcgowan@enron.com": "Kevin McGowan",
    }


def test_rfc2047_encoded_headers_are_decoded() -> None:
    raw = (
        "From: =?utf-8?q?Jos=C3=A9_M=C3=BCller?= <jose@example.de>\n"
        "Subject: =?iso-8859-1?q?R=E9union_demain?= =?utf-8?b?4pyU?=\n\nBody\n"
    )
    record = record_of(raw)
    assert record.subject == "Réunion demain✔"
    assert record.participants[0].name == "José Müller"


def test_an_encoded_name_with_a_comma_stays_one_participant() -> None:
    raw = "From: =?utf-8?q?M=C3=BCller=2C_Hans?= <h@x.de>, b@x.com\n\nHi\n"
    people = [(p.address, p.name) for p in record_of(raw).participants]
    assert people == [("h@x.de", "Müller, Hans"), ("b@x.com", None)]


def test_names_in_comments_and_raw_utf8_names_are_read() -> None:
    raw = "From: moore.john.e@worldnet.att.net (John E. Moore)\nTo: Jürgen <j@x.de>\n\nHi\n"
    names = [p.name for p in record_of(raw.encode("utf-8")).participants]
    assert names == ["John E. Moore", "Jürgen"]


def test_entries_without_a_usable_address_are_dropped() -> None:
    raw = "To: undisclosed-recipients:;, Jennifer Medcalf, @x.com, a@b.com\n\nHi\n"
    assert [p.address for p in record_of(raw).participants] == ["a@b.com"]


def test_an_unknown_charset_falls_back_without_failing() -> None:
    raw = (
        b"From: a@x.com\nSubject: =?x-unknown?q?caf=C3=A9?=\n"
        b"Content-Type: text/plain; charset=x-made-up\n\ncaf\xc3\xa9 au lait\n"
    )
    record = record_of(raw)
    assert record.text == "café au lait"


def test_a_wrongly_declared_charset_falls_back_to_windows_1252() -> None:
    raw = b"From: a@x.com\nContent-Type: text/plain; charset=utf-8\n\nna\xefve \x93quote\x94\n"
    assert record_of(raw).text == "na\u00efve \u201cquote\u201d"


def test_quoted_printable_latin1_body_is_decoded() -> None:
    raw = (
        "From: a@x.com\nContent-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n\nD=E9j=E0 vu\n"
    )
    assert record_of(raw).text == "Déjà vu"


HTML_ONLY = """\
From: a@x.com
Subject: Newsletter
Content-Type: text/html; charset=utf-8

<html><body><h1>Hello</h1><p>Read <a href="http://x.example/">our <b>docs</b></a>.
<img src="cid:logo" alt="logo"></p></body></html>
"""


def test_an_html_only_message_is_converted_to_text() -> None:
    record = record_of(HTML_ONLY)
    assert "<" not in record.body
    assert "http://" not in record.body
    assert "Read our docs." in record.body
    assert "Hello" in record.body


ALTERNATIVE = """\
From: a@x.com
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8

The plain text.
--inner
Content-Type: text/html; charset=utf-8

<p>The <b>HTML</b> text.</p>
--inner--
--outer
Content-Type: application/pdf; name="quote.pdf"
Content-Disposition: attachment; filename="quote.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--outer
Content-Type: image/png
Content-Disposition: inline

iVBORw0KGgo=
--outer
Content-Type: message/rfc822

From: b@x.com
Subject: forwarded as attachment

Inner text.
--outer--
"""


def test_plain_text_is_preferred_and_attachments_are_listed_not_read() -> None:
    record = record_of(ALTERNATIVE)
    assert record.body == "The plain text."
    assert [(a.name, a.content_type) for a in record.attachments] == [
        ("quote.pdf", "application/pdf"),
        (None, "image/png"),
        (None, "message/rfc822"),
    ]


def test_an_empty_plain_part_gives_way_to_html() -> None:
    raw = (
        'From: a@x.com\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n'
        "Content-Type: text/html\n\n<p>Real content</p>\n--b\n"
        "Content-Type: text/plain\n\n\n--b--\n"
    )
    assert record_of(raw).body == "Real content"


def test_an_encoded_attachment_name_is_decoded() -> None:
    raw = (
        'From: a@x.com\nContent-Type: multipart/mixed; boundary="b"\n\n--b\n'
        "Content-Type: text/plain\n\nSee attached.\n--b\n"
        "Content-Type: application/pdf\n"
        "Content-Disposition: attachment; filename*=utf-8''r%C3%A9sum%C3%A9.pdf\n\nx\n--b--\n"
    )
    assert [a.name for a in record_of(raw).attachments] == ["résumé.pdf"]


def test_enron_attachment_placeholders_become_attachments() -> None:
    raw = "From: a@x.com\n\nAttached is the position.\n\n << File: west_delta_pos.xls >> \n"
    attachment = record_of(raw).attachments[0]
    assert attachment.name == "west_delta_pos.xls"
    assert attachment.content_type == "application/vnd.ms-excel"


def test_thread_is_the_first_reference() -> None:
    raw = (
        "Message-ID: <c@x>\nIn-Reply-To: <b@x> (Bob's message of Monday)\n"
        "References: <a@x>\n <b@x>\nFrom: a@x.com\n\nHi\n"
    )
    record = record_of(raw)
    assert record.in_reply_to == "msg:b@x"
    assert record.references == ("msg:a@x", "msg:b@x")
    assert record.thread == "msg:a@x"


def test_thread_falls_back_to_in_reply_to_then_to_the_message_itself() -> None:
    reply = record_of("Message-ID: <c@x>\nIn-Reply-To: <b@x>\nFrom: a@x.com\n\nHi\n")
    assert reply.thread == "msg:b@x"
    first = record_of("Message-ID: <a@x>\nFrom: a@x.com\n\nHi\n")
    assert (first.thread, first.in_reply_to, first.references) == ("msg:a@x", None, ())


def test_without_message_id_the_id_is_the_hash_of_the_bytes() -> None:
    raw = "From: a@x.com\nSubject: no id\n\nHi\n"
    first, again = record_of(raw), record_of(raw)
    assert first.id.startswith("sha256:")
    assert first.id == again.id == first.thread
    assert record_of(raw + "changed\n").id != first.id


def test_a_bad_date_is_none_not_a_failure() -> None:
    assert record_of("From: a@x.com\nDate: <HR>\n\nHi\n").occurred_at is None


def test_a_date_without_zone_is_utc() -> None:
    record = record_of("From: a@x.com\nDate: Fri, 7 Dec 2001 10:06:42 -0000\n\nHi\n")
    assert record.occurred_at == datetime(2001, 12, 7, 10, 6, 42, tzinfo=UTC)


@pytest.mark.parametrize(
    "broken_header",
    ["Message-ID: <[>", "To: a@["],
)
def test_headers_that_break_the_default_policy_fall_back_to_compat32(broken_header: str) -> None:
    raw = f"{broken_header}\nFrom: Ann <ann@x.com>\nSubject: =?utf-8?q?caf=C3=A9?=\n\nHi\n"
    assert default_policy_raises(raw)
    record = record_of(raw)
    assert record.subject == "café"
    assert record.participants[0].address == "ann@x.com"


def default_policy_raises(raw: str) -> bool:
    message = message_from_string(raw, policy=policy.default)
    try:
        for name in message:
            getattr(message[name], "addresses", None)
    except Exception:
        return True
    return False


def test_a_message_no_policy_can_read_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def always_broken(content: bytes, email_policy: policy.Policy) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(email_source, "_parse", always_broken)
    failure = parse_email(b"From: a@x.com\n\nHi\n", "inbox", "inbox#7")
    assert isinstance(failure, SourceFailure)
    assert failure.position == "inbox#7"
    assert failure.reason == "unreadable message: IndexError: list index out of range"


@pytest.mark.parametrize(("raw", "reason"), [(b"", "empty message"), (b"\n\n", "empty message")])
def test_empty_input_is_a_failure(raw: bytes, reason: str) -> None:
    failure = parse_email(raw, "inbox", "inbox#1")
    assert isinstance(failure, SourceFailure)
    assert failure.reason == reason


def test_bytes_without_headers_are_a_failure() -> None:
    failure = parse_email(b"just some words\nand more\n", "notes.txt", "notes.txt")
    assert isinstance(failure, SourceFailure)
    assert failure.reason == "no mail headers"
