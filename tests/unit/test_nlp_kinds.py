"""Message kinds: only people writing to people carry customer facts."""

import pytest

from nlp.kinds import FACTLESS_KINDS, addressed_to_a_hidden_list, classify_message


def kind(**fields: object) -> str:
    defaults: dict[str, object] = {
        "subject": "Re: pilot",
        "body": "Hi Ann, thanks.",
        "sender": "ann@acme.example",
    }
    return classify_message(**{**defaults, **fields}).kind  # type: ignore[arg-type]


def test_a_person_s_message_is_business() -> None:
    assert (
        kind(body="Hi Sam,\n\nwe would like a demo of the analytics add-on next week.")
        == "business"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"headers": {"Auto-Submitted": "auto-replied"}},
        {"subject": "Out of Office: pilot"},
        {"subject": "Automatic reply: pilot"},
        {"subject": "Abwesenheitsnotiz: Angebot"},
        {"body": "I am currently out of the office and will return on Monday 4 March."},
    ],
)
def test_auto_replies(fields: dict[str, object]) -> None:
    assert kind(**fields) == "auto_reply"


@pytest.mark.parametrize(
    "fields",
    [
        {"sender": "noreply@vendor.example"},
        {"sender": "mailer-daemon@mx.example", "subject": "Undeliverable: pilot"},
        {"headers": {"Auto-Submitted": "auto-generated"}},
        {"subject": "Your order has been shipped"},
        {"body": "This is an automated message. Please do not reply to this email."},
        {"sender": "travelercare@travel.example", "subject": "Travel Purchase Confirmation"},
        {"sender": "no.address@corp.example"},
    ],
)
def test_automated_notifications(fields: dict[str, object]) -> None:
    assert kind(**fields) == "automated"


def test_mail_from_announcement_and_distribution_lists_is_bulk() -> None:
    assert kind(sender="announcements.corp@corp.example") == "bulk"
    assert kind(sender="dl-all-houston-employees@corp.example") == "bulk"
    assert kind(sender="allen@corp.example") == "business"


def test_bulk_needs_precise_signals() -> None:
    marketing = (
        "Save up to $50 this week only! Click here to book now.\n"
        "You are receiving this because you signed up. Unsubscribe."
    )
    assert kind(body=marketing, sender="offers@airline.example") == "bulk"
    assert kind(headers={"Precedence": "bulk"}) == "bulk"
    assert (
        kind(body="To unsubscribe from this thread, tell me and I'll stop cc'ing you.")
        == "business"
    )


@pytest.mark.parametrize(
    "line",
    [
        "If you'd rather not receive future\n e-mails of this sort, please visit our page.",
        "If you no longer wish to receive these offers, write to us.",
        "To be REMOVED from this list, simply click reply and submit.",
        "Reply with the word REMOVE and we will then remove you from our lists.",
    ],
)
def test_an_opt_out_line_alone_makes_mail_bulk(line: str) -> None:
    body = f"Dear friend,\nWe will give you all the support you need.\n{line}\n"
    assert kind(body=body, sender="someone@mail.example") == "bulk"


def test_a_person_asking_about_a_list_writes_business() -> None:
    body = "Can you check whether we should remove Jim from the board list? I will call you."
    assert kind(body=body, sender="someone@corp.example") == "business"


@pytest.mark.parametrize(
    "subject", ["Raging Bull has been shipped.", "L.A. Confidential has been received."]
)
def test_shipped_and_received_notices_are_automated(subject: str) -> None:
    assert kind(subject=subject, sender="customerservice@shop.example") == "automated"


def test_newsletters_are_bulk_that_reads_as_one() -> None:
    body = "In this issue: top stories of the week.\nView this email in your browser.\nUnsubscribe"
    assert (
        kind(subject="The Weekly Digest #41", body=body, sender="news@media.example")
        == "newsletter"
    )


def test_forwarded_article_is_not_the_forwarder_s_message() -> None:
    article = (
        "FYI\n\n---------- Forwarded message ---------\n"
        "SAN FRANCISCO (Reuters) - Power prices rose again on Tuesday as demand outpaced supply "
        + "and regulators met to discuss the market. "
        * 20
    )
    assert kind(body=article) == "forwarded_article"
    forward_of_a_person = (
        "See below.\n\n---------- Forwarded message ---------\n"
        "From: Ann Lee <ann@acme.example>\nSubject: pilot\n\nWe want the pilot extended."
    )
    assert kind(body=forward_of_a_person) == "business"


def test_question_and_answer_posts_are_qa_and_notes_are_business() -> None:
    assert kind(channel="question") == "qa"
    assert kind(channel="answer") == "qa"
    assert kind(channel="note", sender=None) == "business"


def test_factless_kinds() -> None:
    assert {"bulk", "newsletter", "automated", "auto_reply"} == FACTLESS_KINDS


@pytest.mark.parametrize(
    ("headers", "hidden"),
    [
        ("From: Christopher's Wine Warehouse\nTo: Recipient list suppressed\n", True),
        ("> From: news@shop.example\n> To: undisclosed-recipients:;\n", True),
        ("From: Dana Whitfield\nTo: Maria Lopez\nSubject: undisclosed recipients\n", False),
    ],
)
def test_mail_to_a_hidden_list_is_told_by_its_to_line(headers: str, hidden: bool) -> None:
    assert addressed_to_a_hidden_list(headers) is hidden


def test_mail_to_no_visible_recipient_went_to_a_hidden_list() -> None:
    body = "Hi all,\n\nwe will communicate further details in the coming weeks."
    assert kind(body=body, recipients=0) == "bulk"
    assert kind(body=body, recipients=1) == "business"
    assert kind(body=body) == "business"
    assert kind(body=body, recipients=0, channel="note") == "business"
