"""Due dates for commitments, resolved against the date a message was sent.

Conventions (all relative to the message date `sent`):

- a weekday ("by Friday", "on Tuesday"): the first such day strictly after `sent`;
- "next <weekday>": that weekday in the following calendar week (weeks start on Monday);
- "next week": the Monday of the following week;
- "end of (the) week": the Friday of this week (the next Friday when sent on a weekend);
- "end of (the) month", "month end": the last day of `sent`'s month;
- "next month": the first day of the following month;
- "today", "end of day", "EOD": `sent`; "tomorrow": the day after;
- "in N days/weeks": `sent` plus N days/weeks;
- explicit dates ("March 3", "3 March", "May 10th, 2024", "2024-03-03"): that date; without a
  year, `sent`'s year, or the next year when the date would be before `sent`.

>>> from datetime import date
>>> find_due_dates("I'll send it by Friday.", date(2024, 3, 5))[0].due
datetime.date(2024, 3, 8)
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple

__all__ = ["DueDate", "find_due_dates", "resolve_due"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>20\d\d))?"
_YEAR2 = r"(?:,?\s+(?P<year2>20\d\d))?"
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "a": 1, "a couple of": 2}

DUE_PATTERN = re.compile(
    r"\b(?:"
    r"(?P<iso>20\d\d-[01]\d-[0-3]\d)"
    rf"|{_MONTH}\s+{_DAY}\b{_YEAR}"
    rf"|{_DAY2}\s+(?:of\s+)?{_MONTH2}{_YEAR2}"
    r"|(?P<eom>end\s+of\s+(?:the\s+)?month|month[- ]end)"
    r"|(?P<eow>end\s+of\s+(?:the\s+)?week)"
    r"|(?P<next_month>next\s+month)"
    r"|(?P<next_week>next\s+week)"
    rf"|(?P<next_day>next\s+){_WEEKDAY}"
    rf"|{_WEEKDAY.replace('?P<weekday>', '?P<weekday2>')}"
    r"|(?P<tomorrow>tomorrow)"
    r"|(?P<today>today|tonight|end\s+of\s+(?:the\s+)?day|eod)"
    r"|in\s+(?P<count>\d+|one|two|three|four|a|a couple of)\s+(?P<unit>days?|weeks?)"
    r")\b",
    re.IGNORECASE,
)


class DueDate(NamedTuple):
    """A resolved date and where its expression sits in the text (character offsets)."""

    due: date
    start: int
    end: int


def find_due_dates(text: str, sent: date) -> list[DueDate]:
    """Every date expression in `text` resolved against `sent`, in text order."""
    found: list[DueDate] = []
    for match in DUE_PATTERN.finditer(text):
        resolved = _resolve(match, sent)
        if resolved is not None:
            found.append(DueDate(resolved, match.start(), match.end()))
    return found


def resolve_due(text: str, sent: date) -> date | None:
    """The first date expression in `text` resolved against `sent`, or None."""
    found = find_due_dates(text, sent)
    return found[0].due if found else None


def _resolve(match: re.Match[str], sent: date) -> date | None:
    groups = {key: value for key, value in match.groupdict().items() if value}
    if "iso" in groups:
        return _safe_date(*(int(part) for part in groups["iso"].split("-")))
    if "month" in groups:
        return _explicit(sent, groups["month"], groups["day"], groups.get("year"))
    if "month2" in groups:
        return _explicit(sent, groups["month2"], groups["day2"], groups.get("year2"))
    if "eom" in groups:
        return date(sent.year, sent.month, calendar.monthrange(sent.year, sent.month)[1])
    if "eow" in groups:
        return (
            _next_weekday(sent, 4) if sent.weekday() > 4 else sent + timedelta(4 - sent.weekday())
        )
    if "next_month" in groups:
        return date(sent.year + sent.month // 12, sent.month % 12 + 1, 1)
    if "next_week" in groups:
        return _monday_of_next_week(sent)
    if "next_day" in groups:
        return _monday_of_next_week(sent) + timedelta(WEEKDAYS.index(groups["weekday"].lower()))
    if "weekday2" in groups:
        return _next_weekday(sent, WEEKDAYS.index(groups["weekday2"].lower()))
    if "tomorrow" in groups:
        return sent + timedelta(days=1)
    if "today" in groups:
        return sent
    if "count" in groups:
        count = groups["count"].lower()
        n = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        return sent + timedelta(days=n * (7 if groups["unit"].lower().startswith("week") else 1))
    return None


def _explicit(sent: date, month_name: str, day: str, year: str | None) -> date | None:
    month = MONTHS[month_name.lower().rstrip(".")]
    if year:
        return _safe_date(int(year), month, int(day))
    candidate = _safe_date(sent.year, month, int(day))
    if candidate is not None and candidate < sent:
        candidate = _safe_date(sent.year + 1, month, int(day))
    return candidate


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _next_weekday(sent: date, weekday: int) -> date:
    return sent + timedelta(days=(weekday - sent.weekday() - 1) % 7 + 1)


def _monday_of_next_week(sent: date) -> date:
    return sent + timedelta(days=7 - sent.weekday())
