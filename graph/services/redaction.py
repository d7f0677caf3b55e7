"""Finding a person in text, whatever the spelling, to redact them.

Everywhere (`strong` terms): their full name with any whitespace, middle names or initials
in between ("Quentin   Marlowe", "Quentin J. Marlowe"), last name first ("Marlowe,
Quentin"), a title and their last name ("Mr. Marlowe"), their aliases, every address
(and the distinctive local part of one, "q.marlowe"), every phone number in any format.
Where the text is theirs or about them (`local` terms, used in the interactions they took
part in, were mentioned in, or that are about their account): their first or last name
alone. Possessives ("Quentin's team") are found by the same words. Matching ignores case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

REDACTED = "[redacted]"
MIN_NAME_PART = 3
MIN_LOCAL_PART = 6
MIN_PHONE_DIGITS = 7
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam")
_GAP = r"\s+"
_PHONE_GAP = r"[\s().\-]*"
_INITIAL = r"[^\W\d_]\.?"
_INITIAL_OR_NAME = r"[^\W\d_]+\.?"


@dataclass(frozen=True)
class PersonTraces:
    """Everything a person is known by: names, addresses, phones."""

    names: tuple[str, ...]
    emails: tuple[str, ...]
    phones: tuple[str, ...]

    @classmethod
    def of(cls, records: Iterable[dict[str, Any]]) -> PersonTraces:
        """From a person's stored records (a contact and an employee may share an id)."""
        names: list[str] = []
        emails: list[str] = []
        phones: list[str] = []
        for record in records:
            names += [record.get("name") or "", *(record.get("aliases") or [])]
            emails += [record.get("email") or "", *(record.get("other_emails") or [])]
            phones.append(record.get("phone") or "")
        return cls(
            names=_unique(n for n in names if len(n.strip()) >= MIN_NAME_PART),
            emails=_unique(e.strip().lower() for e in emails if "@" in e),
            phones=_unique(p for p in phones if len(_digits(p)) >= MIN_PHONE_DIGITS),
        )

    def name_parts(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(first names, last names) the names give, "Last, First" understood."""
        firsts: list[str] = []
        lasts: list[str] = []
        for name in self.names:
            words = _name_words(name)
            if len(words) >= 2:
                firsts.append(words[0])
                lasts.append(words[-1])
        return _unique(firsts), _unique(lasts)


class Redactor:
    """Replaces a person's traces in text: `strong` ones everywhere, `local` ones too in
    text that is theirs or about them."""

    def __init__(self, traces: PersonTraces) -> None:
        self.traces = traces
        strong = strong_patterns(traces)
        firsts, lasts = traces.name_parts()
        local = [_word(n) for n in (*firsts, *lasts) if len(n) >= MIN_NAME_PART]
        self._strong = _either(strong)
        self._local = _either([*strong, *local])

    def redact(self, text: str | None, local: bool = False) -> str | None:
        pattern = self._local if local else self._strong
        if text is None or pattern is None:
            return text
        return pattern.sub(REDACTED, text)

    def names_them(self, text: str | None, local: bool = False) -> bool:
        return text is not None and self.redact(text, local) != text

    def search_terms(self) -> tuple[str, ...]:
        """Lower-case words a store query can look for with CONTAINS to find candidates
        (the redaction itself decides): last and first names, addresses, phone endings."""
        firsts, lasts = self.traces.name_parts()
        terms = [*lasts, *firsts, *self.traces.emails]
        terms += [n for n in self.traces.names if len(_name_words(n)) < 2]
        terms += [_digits(p)[-4:] for p in self.traces.phones]
        return _unique(t.lower() for t in terms if len(t) >= MIN_NAME_PART)

    def byte_pattern(self) -> re.Pattern[bytes] | None:
        """The strong terms as a pattern over raw bytes (UTF-8), to search store files."""
        patterns = strong_patterns(self.traces)
        if not patterns:
            return None
        joined = "|".join(f"(?:{p})" for p in patterns)
        return re.compile(joined.encode("utf-8"), re.IGNORECASE)


def strong_patterns(traces: PersonTraces) -> list[str]:
    """Regular expressions for the traces that name the person anywhere.

    >>> r = Redactor(PersonTraces(("Quentin Marlowe",), ("qm@acme.example",), ("+1 555 010 7788",)))
    >>> r.redact("Quentin   Marlowe, Marlowe, Quentin and Mr. Marlowe; call (555) 010-7788")
    '[redacted], [redacted] and [redacted]; call [redacted]'
    >>> r.redact("Quentin's team wrote to qm@ACME.example")
    "Quentin's team wrote to [redacted]"
    >>> r.redact("Quentin's team", local=True)
    "[redacted]'s team"
    """
    patterns: list[str] = []
    for name in traces.names:
        words = _name_words(name)
        patterns.append(_word(_GAP.join(re.escape(w) for w in name.split())))
        if len(words) >= 2:
            first, last = re.escape(words[0]), re.escape(words[-1])
            patterns.append(_word(rf"{first}(?:{_GAP}{_INITIAL_OR_NAME}){{0,2}}?{_GAP}{last}"))
            patterns.append(_word(rf"{last}\s*,{_GAP}?{first}(?:{_GAP}{_INITIAL})?"))
            titles = "|".join(TITLES)
            patterns.append(_word(rf"(?:{titles})\.?{_GAP}{last}"))
    for email in traces.emails:
        patterns.append(_word(re.escape(email)))
        local_part = email.split("@", 1)[0]
        if len(local_part) >= MIN_LOCAL_PART and re.search(r"[._\-\d]", local_part):
            patterns.append(_word(re.escape(local_part)))
    for phone in traces.phones:
        digits = _digits(phone)
        national = digits[-10:] if len(digits) > 10 else digits
        body = _PHONE_GAP.join(national)
        patterns.append(rf"(?<!\d)(?:\+?\d{{1,3}}{_PHONE_GAP})?\(?{body}(?!\d)")
    return sorted(set(patterns), key=len, reverse=True)


def _name_words(name: str) -> list[str]:
    """The words of a name without titles or initials; "Allen, Phillip K." reordered."""
    if "," in name:
        last, _, rest = name.partition(",")
        name = f"{rest} {last}"
    words = [w.strip(".") for w in name.split()]
    return [w for w in words if len(w) > 1 and w.lower() not in TITLES]


def _word(pattern: str) -> str:
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def _either(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(patterns), re.IGNORECASE)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _unique[T](items: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(items))
