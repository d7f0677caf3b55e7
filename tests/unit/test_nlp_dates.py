"""Due dates for commitments, resolved against the message date (no model needed)."""

from datetime import date

import pytest

from nlp.dates import find_due_dates, resolve_due

TUESDAY = date(2024, 3, 5)
FRIDAY = date(2024, 3, 8)


@pytest.mark.parametrize(
    ("text", "sent", "expected"),
    [
        ("I'll send it by Friday.", TUESDAY, date(2024, 3, 8)),
        ("by Friday", FRIDAY, date(2024, 3, 15)),  # strictly after the message date
        ("on Tuesday at 10am", FRIDAY, date(2024, 3, 12)),
        ("by Fri.", TUESDAY, date(2024, 3, 8)),
        ("this week", TUESDAY, date(2024, 3, 8)),  # Friday of that week
        ("by end of next week", TUESDAY, date(2024, 3, 15)),
        ("within 10 business days", FRIDAY, date(2024, 3, 22)),  # weekdays only
        ("within 3 days", TUESDAY, date(2024, 3, 8)),
        ("tonight", TUESDAY, TUESDAY),
        ("Wed 25 March", TUESDAY, date(2024, 3, 25)),
        ("by 25.03.", TUESDAY, date(2024, 3, 25)),
        ("on 01/04/2024", TUESDAY, date(2024, 4, 1)),  # day first
        ("next Wednesday", date(2024, 4, 30), date(2024, 5, 8)),  # that day in next week
        ("by end of month", date(2024, 4, 25), date(2024, 4, 30)),
        ("before the end of the month", date(2024, 2, 10), date(2024, 2, 29)),
        ("by end of the week", date(2024, 4, 10), date(2024, 4, 12)),
        ("tomorrow", date(2024, 12, 31), date(2025, 1, 1)),
        ("by March 3", date(2024, 2, 20), date(2024, 3, 3)),
        ("by March 3rd", date(2024, 3, 20), date(2025, 3, 3)),  # already past: next year
        ("by 7 June 2024", TUESDAY, date(2024, 6, 7)),
        ("by 2024-06-01", TUESDAY, date(2024, 6, 1)),
    ],
)
def test_resolves_relative_and_explicit_dates(text: str, sent: date, expected: date) -> None:
    assert resolve_due(text, sent) == expected


@pytest.mark.parametrize(
    "text", ["by next week", "next month", "mid-Feb", "for April", "in two weeks", "soon"]
)
def test_vague_timing_has_no_due_date(text: str) -> None:
    found = find_due_dates(text, TUESDAY)
    assert found, "the vague expression is still found, so no other date is taken for it"
    assert found[0].due is None


def test_version_numbers_are_not_dates() -> None:
    assert find_due_dates("since the update 4.12 of the app", TUESDAY) == []


def test_no_date_expression_resolves_to_none() -> None:
    assert resolve_due("I will send the SOC 2 report.", TUESDAY) is None
    assert resolve_due("We may 2x our seats.", TUESDAY) is None


def test_offsets_locate_the_expression_in_the_text() -> None:
    text = "Raj will set up a test tenant by Friday, and Maria replies tomorrow."
    found = find_due_dates(text, TUESDAY)
    assert [text[d.start : d.end] for d in found] == ["Friday", "tomorrow"]
    assert [d.due for d in found] == [date(2024, 3, 8), date(2024, 3, 6)]


def test_impossible_dates_are_ignored() -> None:
    assert resolve_due("by February 30", TUESDAY) is None
