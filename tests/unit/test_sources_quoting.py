"""Each rule that turns an email body into the text its author wrote."""

from __future__ import annotations

import pytest

from ingest.sources.quoting import authored_text, strip_quoted_text, strip_signature


def test_quoted_lines_go() -> None:
    body = "I agree.\n> Shall we meet Monday?\n>> Earlier quote\nSee you then."
    assert strip_quoted_text(body) == "I agree.\nSee you then."


def test_original_message_and_everything_after_goes() -> None:
    body = (
        "Please let me know if you still need Curve Shift.\n\n"
        " -----Original Message-----\n"
        "From: \tAllen, Phillip K.\nSent:\tFriday, December 07, 2001 5:14 AM\n"
        "To:\tDunton, Heather\nSubject:\tRE: West Position\n\nDid you attach the file?"
    )
    assert strip_quoted_text(body) == "Please let me know if you still need Curve Shift."


@pytest.mark.parametrize(
    "marker",
    [
        "----- Original Message -----",
        "-------- Original Message --------",
        "---------- Forwarded message ---------",
        "Begin forwarded message:",
    ],
)
def test_reply_and_forward_marker_variants_cut(marker: str) -> None:
    assert strip_quoted_text(f"My words.\n\n{marker}\nTheir words.") == "My words."


def test_top_posted_attribution_and_everything_after_goes() -> None:
    body = "Sounds good.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Ann Lee <ann@x.com> wrote:\nLunch?"
    assert strip_quoted_text(body) == "Sounds good."


def test_attribution_wrapped_over_two_lines_is_found() -> None:
    body = "Yes.\n\nOn Mon, Jan 1, 2024 at 10:00 AM, Ann Lee <ann@example.com>\nwrote:\n> Lunch?"
    assert strip_quoted_text(body) == "Yes."


def test_inline_replies_after_an_attribution_are_kept() -> None:
    body = "On Mon, Ann wrote:\n> Price?\n$40 a seat.\n> Term?\nTwo years."
    assert strip_quoted_text(body) == "$40 a seat.\nTwo years."


def test_outlook_header_block_without_separator_cuts() -> None:
    body = (
        "Forwarding for context.\n\n________________________________\n"
        "From: Maria Anders <maria@alfki.de>\nSent: Tuesday, March 5, 2024 9:12 AM\n"
        "To: Support <support@ourco.com>\nSubject: SSO outage\n\nOur SSO is down again."
    )
    assert strip_quoted_text(body) == "Forwarding for context."


def test_a_from_line_alone_is_content() -> None:
    body = "From: the team's point of view, the rollout went well.\nWe will expand."
    assert strip_quoted_text(body) == body


def test_enron_forwarded_by_block_cuts() -> None:
    body = (
        "FYI, see below.\n\n"
        "---------------------- Forwarded by Jennifer N Stewart/NA/Enron on 12/08/2000\n"
        "10:16 AM ---------------------------\n\n\nLesley M Lambert\n12/08/2000 09:51 AM\n"
        "To: Tracy Ramsey/EPSC/HOU/ECT@ECT\ncc:\nSubject: American Express\n\nHi Tracy,"
    )
    assert strip_quoted_text(body) == "FYI, see below."


def test_a_pure_forward_leaves_no_text() -> None:
    body = "----- Forwarded by Jeff Youngflesh/NA/Enron on 12/13/2000 02:41 PM -----\n\nHi"
    assert strip_quoted_text(body) == ""


def test_lotus_notes_reply_header_cuts_with_its_name_line() -> None:
    body = (
        "I'll call them tomorrow.\n\n\n\n\tStephen Morse@ENRON COMMUNICATIONS\n"
        "\t12/13/2000 02:10 PM\n\t\t\n\t\t To: Chaz Vaughan/Enron Communications\n"
        "\t\t cc: \n\t\t Subject: Re: BMC Update\n\nOld text."
    )
    assert strip_quoted_text(body) == "I'll call them tomorrow."


def test_dash_dash_space_signature_goes() -> None:
    body = "We will renew in May.\n\n-- \nJane Doe\nAccount Manager\n+1 555 0100"
    assert strip_signature(body) == "We will renew in May."


def test_a_long_block_after_dashes_is_not_a_signature() -> None:
    body = "Agenda\n--\n" + "\n".join(f"item {n}" for n in range(15))
    assert strip_signature(body) == body


@pytest.mark.parametrize(
    ("ending", "expected"),
    [
        ("\n\nThanks,\nHeather", "Please send the file."),
        ("\n\nThank you,\n\nPhillip Allen", "Please send the file."),
        (
            "\n\nBest regards,\nJane Doe\nAccount Manager, OurCo\n+1 555 0100",
            "Please send the file.",
        ),
        ("\n\nCheers, Bob", "Please send the file."),
        ("\n\nRegards\n\nLesley\n\n\n", "Please send the file."),
    ],
)
def test_sign_off_and_name_block_go(ending: str, expected: str) -> None:
    assert strip_signature("Please send the file." + ending) == expected


def test_a_sentence_starting_like_a_sign_off_stays() -> None:
    body = "We met the team.\nThanks for the update, we will buy 200 seats."
    assert strip_signature(body) == body


def test_a_sign_off_followed_by_long_content_stays() -> None:
    body = (
        "Intro.\nThanks,\nWe also discussed the SSO outage at length and they want a fix by Friday."
    )
    assert strip_signature(body) == body


def test_a_message_that_is_only_a_sign_off_is_kept() -> None:
    assert strip_signature("Thanks!\nBob") == "Thanks!\nBob"


def test_authored_text_strips_quotes_then_signature() -> None:
    body = (
        "We'd like a demo of the SSO add-on.\n\nThanks,\nMaria\n\n"
        "-----Original Message-----\nFrom: Bob\nSent: Monday\nTo: Maria\nSubject: Demo\n\nHi"
    )
    assert authored_text(body) == "We'd like a demo of the SSO add-on."
