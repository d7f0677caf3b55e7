"""Who wrote which part of a message: replies, quotes, forwards, transcript turns."""

from nlp.segments import find_segments, masked_text, speaker_turns

OUTLOOK = """Thanks, that helps.

-----Original Message-----
From: Hallmann, Friederike <f.hallmann@klinikum.example>
Sent: Monday, 1 September 2025 11:12
Subject: Dienstplanung

Can Rota plan on-call duty for doctors and nurses in one plan?
"""

GMAIL_NESTED = """Sounds good, see you then.

On Mon, Sep 22, 2025 at 4:45 PM Ayu Pratiwi <ayu@vendor.example> wrote:
> Attached are the slides.
>
>> On Wed, Sep 17, 2025 at 10:02 AM Sri Wahyuni <sri@uni.example> wrote:
>> One more question about payslips.
"""

GERMAN = """Danke!

Am 19.09.2025 um 09:02 schrieb Claire Dubois-Martin <claire@vendor.example>:
> as promised, the DPA is attached.
"""

FORWARD = """See below.

---------- Forwarded message ---------
From: Fernanda Albuquerque <fernanda@hospital.example>
Date: Tue, 9 Sep 2025
Subject: eSocial

We keep failing the S-1200 events every month.
"""


def _writer_of(text: str, sentence: str) -> tuple[str, str, str]:
    position = text.index(sentence)
    for segment in find_segments(text):
        if segment.start <= position < segment.end:
            return segment.kind, segment.author_name, segment.author_email
    raise AssertionError(f"no segment holds {sentence!r}")


def test_outlook_quote_belongs_to_the_from_line_with_last_comma_first_names() -> None:
    assert _writer_of(OUTLOOK, "Thanks") == ("authored", "", "")
    assert _writer_of(OUTLOOK, "Can Rota plan") == (
        "quoted",
        "Friederike Hallmann",
        "f.hallmann@klinikum.example",
    )


def test_nested_gmail_quotes_belong_to_their_own_attribution() -> None:
    assert _writer_of(GMAIL_NESTED, "Attached are")[1] == "Ayu Pratiwi"
    assert _writer_of(GMAIL_NESTED, "One more question")[1:] == ("Sri Wahyuni", "sri@uni.example")


def test_german_attribution_names_the_writer_after_the_verb() -> None:
    assert _writer_of(GERMAN, "as promised")[1:] == (
        "Claire Dubois-Martin",
        "claire@vendor.example",
    )


def test_forwarded_message_is_its_sender_s() -> None:
    assert _writer_of(FORWARD, "We keep failing") == (
        "forwarded",
        "Fernanda Albuquerque",
        "fernanda@hospital.example",
    )


def test_segments_cover_the_whole_text_in_order() -> None:
    for text in (OUTLOOK, GMAIL_NESTED, GERMAN, FORWARD):
        segments = find_segments(text)
        assert segments[0].start == 0
        assert segments[-1].end == len(text)
        assert all(a.end == b.start for a, b in zip(segments, segments[1:], strict=False))


def test_masking_keeps_offsets_and_blanks_quote_prefixes_and_headers() -> None:
    masked = masked_text(GMAIL_NESTED)
    assert len(masked) == len(GMAIL_NESTED)
    assert ">" not in masked
    assert "wrote:" not in masked
    assert masked[GMAIL_NESTED.index("One more") :].startswith("One more question")


def test_transcript_turns_and_ticket_thread_headers_name_their_speakers() -> None:
    text = (
        "Call notes\n[10:02] Priya: I'll send the quote by Friday.\n"
        "[10:04] Tom Becker: We need SSO first.\n"
        "--- Update 07/01 11:20 (Sam Whitaker, Support) ---\nFixed in 7.1.4.\n"
    )
    turns = speaker_turns(text, {"priya", "tom becker", "tom", "sam whitaker", "sam"})
    spoken = {text[t.start : t.end].split("\n")[0]: t.author_name for t in turns}
    assert [t.author_name for t in turns] == ["Priya", "Tom Becker", "Sam Whitaker"]
    assert turns[0].start == text.index("[10:02]")
    assert "Notes" not in spoken.values()


def test_ticket_replies_headed_by_name_and_date_belong_to_that_name() -> None:
    text = (
        "crew was out tues, pics GONE after sync.\n\n---\n"
        "Farid Haddad (Corvane Support) – 05 Mar 2026 11:02 EST\n"
        "Hi Gus, I'll push a hotfix build by Monday.\n"
        "Ana Ruiz | 2026-03-06 09:10\nStill broken here.\n"
        "Farid Haddad – 25 people lost photos\n"
    )
    turns = speaker_turns(text, {"farid haddad", "farid", "ana ruiz", "ana"})
    assert [t.author_name for t in turns] == ["Farid Haddad", "Ana Ruiz"]
    assert text[turns[0].start :].startswith("Farid Haddad (Corvane Support)")
    assert "I'll push" in text[turns[0].start : turns[0].end]
    assert turns[1].end == len(text)  # a name without a date is no header


def test_unknown_names_and_field_labels_are_not_speakers() -> None:
    text = "Status: open\nSubject: login\nAlex: hello there\n"
    assert speaker_turns(text, {"priya"}) == []
