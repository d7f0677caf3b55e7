"""Due dates for commitments, resolved against the date a message was sent.

The rules are those of the annotation guide (`annotated/README.md`), all relative to the
message date `sent`:

- a weekday ("by Fri", "on Wednesday"): the first such day strictly after `sent`;
- "next <weekday>": that weekday in the following calendar week (weeks start on Monday);
- "this week", "end of (the) week", "EOW": the Friday of `sent`'s week (the next Friday
  when sent on a weekend); "end of next week": the Friday of the following week;
- "within N business/working days": N weekdays after `sent` (holidays ignored);
  "in/within N days": `sent` plus N days;
- "today", "tonight", "end of day", "EOD": `sent`; "tomorrow": the day after;
- "end of (the) month": the last day of `sent`'s month;
- explicit dates ("March 3", "3 March", "Wed 25 March", "May 10th, 2024", "2024-03-03",
  "25.03.2026"): that date; without a year, `sent`'s year, or the next year when the date
  would be before `sent`.

Vague timing gets no date: "next week", "next month", "mid-Feb", "for April", "in two weeks",
"soon". Such expressions are still found (with `due=None`), so that the one date a
commitment states is never taken from a vague one.

>>> from datetime import date
>>> find_due_dates("I'll send it by Fri.", date(2024, 3, 5))[0].due
datetime.date(2024, 3, 8)
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple

__all__ = ["DueDate", "find_due_dates", "resolve_due"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NAMES = {
    **{name: n for n, name in enumerate(WEEKDAYS)},
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_WEEKDAY = "(?:" + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True)) + r")\.?"
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+20\d\d)?"
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1, "a couple of": 2, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_COUNT = r"(?P<count>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"(?P<iso>20\d\d-[01]\d-[0-3]\d)"),
    ("numeric", r"(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)(?:[./](?P<y>(?:20)?\d\d)|\.)(?![./\d])"),
    ("month_day", rf"(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\s+(?P<day>{_DAY})\b"
                  rf"(?P<year>{_YEAR})"),
    ("day_month", rf"(?:{_WEEKDAY},?\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})"
                  rf"(?P<year>{_YEAR})"),
    ("vague_month", rf"(?:mid|early|late|end)[- ](?:of\s+)?{_MONTH}"
                    rf"|(?:for|in|during)\s+{_MONTH}\b"),
    ("eonw", r"end\s+of\s+next\s+week"),
    ("eom", r"end\s+of\s+(?:the\s+)?month|month[- ]end"),
    ("eow", r"(?:end\s+of\s+(?:the\s+|this\s+)?week|this\s+week|eow)"),
    ("business", rf"(?:within|in)\s+(?:the\s+next\s+)?{_COUNT}\s+(?:business|working)\s+days?"),
    ("days", rf"(?:within|in)\s+(?:the\s+next\s+)?{_COUNT}\s+days?"),
    ("vague", r"next\s+(?:week|month|quarter|year)|(?:in|within)\s+(?:a\s+couple\s+of|a\s+few|"
              r"\w+)\s+(?:weeks?|months?)|soon|shortly|asap"),
    ("next_day", rf"next\s+(?P<weekday>{_WEEKDAY})"),
    ("weekday", rf"(?P<weekday>{_WEEKDAY})"),
    ("tomorrow", r"tomorrow"),
    ("today", r"today|tonight|end\s+of\s+(?:the\s+)?day|(?<!\w)eod|cob|close\s+of\s+business"),
]  # fmt: skip
_COMPILED = [
    (name, re.compile(rf"(?<![\w-])(?:{body})(?!\w)", re.IGNORECASE)) for name, body in _PATTERNS
]


class DueDate(NamedTuple):
    """A date expression: its resolved date (None when vague) and its character offsets."""

    due: date | None
    start: int
    end: int


def find_due_dates(text: str, sent: date) -> list[DueDate]:
    """Every date expression in `text`, resolved against `sent`, in text order."""
    return [
        DueDate(_resolve(kind, match, sent), match.start(), match.end())
        for kind, match in _matches(text)
    ]


def resolve_due(text: str, sent: date) -> date | None:
    """The first date expression in `text` resolved against `sent` (None if vague or none)."""
    found = find_due_dates(text, sent)
    return found[0].due if found else None


def _matches(text: str) -> list[tuple[str, re.Match[str]]]:
    """Non-overlapping matches, the longest (then the earliest-listed pattern) winning."""
    found = [
        (match.start(), -(match.end() - match.start()), priority, name, match)
        for priority, (name, pattern) in enumerate(_COMPILED)
        for match in pattern.finditer(text)
    ]
    kept: list[tuple[str, re.Match[str]]] = []
    taken_until = -1
    for start, _, _, name, match in sorted(found):
        if start >= taken_until:
            kept.append((name, match))
            taken_until = match.end()
    return kept


def _resolve(kind: str, match: re.Match[str], sent: date) -> date | None:
    groups = {key: value for key, value in match.groupdict().items() if value}
    if kind == "iso":
        return _safe_date(*(int(part) for part in groups["iso"].split("-")))
    if kind == "numeric":
        year = groups.get("y")
        full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
        return _dated(sent, int(groups["m"]), int(groups["d"]), full_year)
    if kind in ("month_day", "day_month"):
        year = re.search(r"20\d\d", groups.get("year", ""))
        month = MONTHS[groups["month"].lower().rstrip(".")]
        day = int(re.match(r"\d+", groups["day"]).group(0))  # type: ignore[union-attr]
        return _dated(sent, month, day, int(year.group(0)) if year else None)
    if kind == "eonw":
        return _friday_of_week(sent) + timedelta(days=7)
    if kind == "eom":
        return date(sent.year, sent.month, calendar.monthrange(sent.year, sent.month)[1])
    if kind == "eow":
        return _friday_of_week(sent)
    if kind == "business":
        return _add_business_days(sent, _count(groups["count"]))
    if kind == "days":
        return sent + timedelta(days=_count(groups["count"]))
    if kind == "next_day":
        return _monday_of_next_week(sent) + timedelta(_weekday(groups["weekday"]))
    if kind == "weekday":
        return _next_weekday(sent, _weekday(groups["weekday"]))
    if kind == "tomorrow":
        return sent + timedelta(days=1)
    if kind == "today":
        return sent
    return None  # vague


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _weekday(name: str) -> int:
    return _WEEKDAY_NAMES[name.lower().rstrip(".")]


def _dated(sent: date, month: int, day: int, year: int | None) -> date | None:
    if year:
        return _safe_date(year, month, day)
    candidate = _safe_date(sent.year, month, day)
    if candidate is not None and candidate < sent:
        candidate = _safe_date(sent.year + 1, month, day)
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


def _friday_of_week(sent: date) -> date:
    if sent.weekday() > 4:
        return _next_weekday(sent, 4)
    return sent + timedelta(days=4 - sent.weekday())


def _add_business_days(sent: date, count: int) -> date:
    current = sent
    while count > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count -= 1
    return current
