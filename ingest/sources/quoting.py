"""The words a message's author wrote: quoted replies, forwards and signatures stripped.

Rules, applied in this order:

1. an attribution line ("On <date>, <name> wrote:", up to three lines long) followed by
   `>` lines introduces an inline or bottom-posted quote: only the line goes; followed by
   anything else it starts a top-posted quote: it and everything after go;
2. `>` lines go;
3. everything from the first reply or forward marker on goes: `-----Original Message-----`
   and its variants, `----- Forwarded by ...` (Lotus Notes, as in the Enron mail),
   `---------- Forwarded message ----------`, `Begin forwarded message:`, an Outlook header
   block (`From:` followed by `Sent:`/`Date:` and `To:`/`Subject:`), and a Lotus Notes
   header block (a name, a `12/08/2000 09:51 AM` line, then `To:` and `Subject:`);
4. a signature after a `-- ` line goes, when it is at most ten lines;
5. a closing sign-off ("Thanks,", "Best regards") and the short name block after it go,
   only at the very end and never when nothing else would be left.
"""

from __future__ import annotations

import re

from ingest.sources.text import tidy_whitespace

_ATTRIBUTION = re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE | re.DOTALL)
_QUOTED = re.compile(r"^\s*>")
_MARKERS = (
    re.compile(r"^\s*[-_=*]{2,}\s*Original Message\s*[-_=*]{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*Forwarded (by|message)\b", re.IGNORECASE),
    re.compile(r"^\s*Begin forwarded message:\s*$", re.IGNORECASE),
)
_HEADER_FROM = re.compile(r"^\s*\*{0,2}(From|Von|De)\s*:", re.IGNORECASE)
_HEADER_SENT = re.compile(r"^\s*\*{0,2}(Sent|Date|Gesendet|Envoy[ée])\s*:", re.IGNORECASE)
_HEADER_TO_OR_SUBJECT = re.compile(r"^\s*\*{0,2}(To|An|À|Subject|Betreff|Objet)\s*:", re.IGNORECASE)
_HEADER_SUBJECT = re.compile(r"^\s*\*{0,2}(Subject|Betreff|Objet)\s*:", re.IGNORECASE)
_LOTUS_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}(:\d{2})?\s*([AP]M)?\s*$")
_SEPARATOR = re.compile(r"^\s*[-_=*~]{3,}\s*$")
_SIGNATURE_DELIMITER = re.compile(r"^-- ?$")
_SIGN_OFF = re.compile(
    r"^\s*(?i:thanks(?: again| in advance| so much| a lot)?|thank you(?: very much| again)?"
    r"|many thanks|thx|ty|regards|best regards|kind regards|warm regards|warmest regards"
    r"|with regards|best wishes|all the best|best|cheers|sincerely|yours sincerely"
    r"|sincerely yours|yours truly|yours|respectfully|cordially|take care|talk soon|rgds|br)"
    r"\s*[,.!]*(?:\s*[-,]?\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})?\s*$"
)

MAX_SIGNATURE_LINES = 10
MAX_NAME_BLOCK_LINES = 5
MAX_NAME_BLOCK_LINE_LENGTH = 50
_ATTRIBUTION_SPAN = 3
_HEADER_WINDOW = 6


def authored_text(body: str) -> str:
    """The text the message's author wrote: `body` without quotes and signature.

    >>> authored_text("Sounds good.\\n\\nOn Mon, 1 Jan 2024, Ann wrote:\\n> Lunch?\\n")
    'Sounds good.'
    """
    return strip_signature(strip_quoted_text(body))


def strip_quoted_text(body: str) -> str:
    """`body` without quoted replies and forwarded messages (rules 1 to 3)."""
    lines = tidy_whitespace(body).split("\n")
    lines = _drop_attributions(lines)
    lines = [line for line in lines if not _QUOTED.match(line)]
    cut = _first_marker(lines)
    if cut is not None:
        lines = lines[:cut]
    return tidy_whitespace("\n".join(_without_trailing_separators(lines)))


def strip_signature(text: str) -> str:
    """`text` without a `-- ` signature and a closing sign-off (rules 4 and 5)."""
    lines = tidy_whitespace(text).split("\n")
    lines = _without_dash_signature(lines)
    lines = _without_sign_off(lines)
    return tidy_whitespace("\n".join(lines))


def _drop_attributions(lines: list[str]) -> list[str]:
    kept: list[str] = []
    index = 0
    while index < len(lines):
        span = _attribution_span(lines, index)
        if span == 0:
            kept.append(lines[index])
            index += 1
            continue
        following = next((line for line in lines[index + span :] if line.strip()), "")
        if not _QUOTED.match(following):
            return kept
        index += span
    return kept


def _attribution_span(lines: list[str], index: int) -> int:
    """How many lines (1 to 3) the attribution starting at `index` takes; 0 if none."""
    if not lines[index].lstrip().lower().startswith("on "):
        return 0
    for span in range(1, _ATTRIBUTION_SPAN + 1):
        chunk = lines[index : index + span]
        if len(chunk) < span or (span > 1 and not chunk[-1].strip()):
            return 0
        if _ATTRIBUTION.match(" ".join(chunk)):
            return span
    return 0


def _first_marker(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if any(marker.match(line) for marker in _MARKERS):
            return index
        if _HEADER_FROM.match(line) and _outlook_header_follows(lines, index):
            return index
        if _LOTUS_DATE.match(line) and _lotus_header_follows(lines, index):
            named = index > 0 and lines[index - 1].strip() != ""
            return index - 1 if named else index
    return None


def _outlook_header_follows(lines: list[str], index: int) -> bool:
    window = lines[index + 1 : index + 1 + _HEADER_WINDOW]
    return any(_HEADER_SENT.match(line) for line in window) and any(
        _HEADER_TO_OR_SUBJECT.match(line) for line in window
    )


def _lotus_header_follows(lines: list[str], index: int) -> bool:
    window = lines[index + 1 : index + 1 + _HEADER_WINDOW]
    return any(re.match(r"^\s*To:", line) for line in window) and any(
        _HEADER_SUBJECT.match(line) for line in window
    )


def _without_trailing_separators(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and (not lines[end - 1].strip() or _SEPARATOR.match(lines[end - 1])):
        end -= 1
    return lines[:end]


def _without_dash_signature(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if _SIGNATURE_DELIMITER.match(line):
            signature = [rest for rest in lines[index + 1 :] if rest.strip()]
            if len(signature) <= MAX_SIGNATURE_LINES and any(s.strip() for s in lines[:index]):
                return lines[:index]
            return lines
    return lines


def _without_sign_off(lines: list[str]) -> list[str]:
    content = [index for index, line in enumerate(lines) if line.strip()]
    if not content:
        return lines
    for back in range(min(len(content), MAX_NAME_BLOCK_LINES + 1)):
        index = content[-1 - back]
        if _SIGN_OFF.match(lines[index]):
            name_block = [lines[i] for i in content[len(content) - back :]]
            if _is_name_block(name_block) and any(lines[i].strip() for i in content[: -1 - back]):
                return lines[:index]
            return lines
    return lines


def _is_name_block(lines: list[str]) -> bool:
    return all(
        len(line.strip()) <= MAX_NAME_BLOCK_LINE_LENGTH and not line.rstrip().endswith("?")
        for line in lines
    )
