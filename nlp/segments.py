"""Who wrote which part of a message: replies, quoted history, forwards and speaker turns.

A message body often holds several writers: the reply on top, an Outlook or Gmail quote of
the message it answers, a forwarded message, a call transcript's turns. Facts in each part
belong to that part's writer ("I" is the quoted author inside the quote). `find_segments`
splits a text into `Segment`s by character offsets (nothing is removed, so evidence offsets
stay those of the whole text) and says who wrote each:

- `> ` lines at depth n belong to the attribution ("On <date>, <name> <addr> wrote:", and
  its German, French, Spanish and Portuguese forms) seen at depth n-1 above them;
- `-----Original Message-----` and `---------- Forwarded message ---------` (and their
  variants) open a header block; its `From:`/`De:`/`Von:` line names the writer of what
  follows, until the next such marker;
- in a transcript, a line `[10:02] Name: ...` or `Name: ...` is that speaker's turn.

`masked_text` blanks quote prefixes and header lines with spaces (same length), so the
parser reads quoted text as prose while offsets do not move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parseaddr

__all__ = ["Segment", "find_segments", "masked_text", "speaker_turns"]

_ATTRIBUTION = re.compile(
    r"^\s*(?:On|Am|Le|El|Em|Op|Il|W dniu|Dne)\b.{0,200}?"
    r"(?:(?:wrote|a écrit|escribió|escreveu|ha scritto|napisał\(a\)|napsal)\s*:?"
    r"|(?:schrieb|schreef)\b.{0,120}:)\s*$",
    re.IGNORECASE,
)
_NAME_AFTER_VERB = re.compile(r"\b(?:schrieb|schreef)\s+(.+?):?\s*$", re.IGNORECASE)
_MARKER = re.compile(
    r"^\s*(?:[-_=*]{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|"
    r"Mensaje original|Mensagem original|Forwarded message|Weitergeleitete Nachricht|"
    r"Message transféré|Mensaje reenviado|Mensagem encaminhada|Forwarded by\b.*)\s*[-_=*]*"
    r"|Begin forwarded message:)\s*$",
    re.IGNORECASE,
)
_FORWARD = re.compile(r"forward|weitergeleitet|transf|reenviado|encaminhada", re.IGNORECASE)
_HEADER = re.compile(
    r"^\s*\*{0,2}(From|De|Von|Van|Da|Od|Sent|Date|Datum|Enviado|Envoyé|Gesendet|Data|"
    r"To|An|À|A|Para|Aan|Do|Cc|CC|Subject|Betreff|Objet|Asunto|Assunto|Onderwerp|Oggetto|"
    r"Temat)\s*\*{0,2}\s*:",
)
_FROM = re.compile(r"^\s*\*{0,2}(?:From|De|Von|Van|Da|Od)\s*\*{0,2}\s*:\s*(.+)$")
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_QUOTE_PREFIX = re.compile(r"^(\s*>)+ ?")
_TURN = re.compile(
    r"^\s*(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\)?\]?\s*[-–]?\s*)?"
    r"(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})\s*(?:\([^)]{1,40}\))?\s*:\s+\S"
)
_THREAD_HEADER = re.compile(
    r"^(?:[-=*_#~]{2,}|\[[^\]]{1,40}\]|\*\*)"
    r"|(?:\b(?:wrote|replied|commented|responded|answered|posted|update[sd]?|reply)\b.{0,60}:?$)",
    re.IGNORECASE,
)
# "Farid Haddad (Corvane Support) – 05 Mar 2026 11:02 EST", "Ana Ruiz | 2026-03-04 09:10":
# a known name, an optional affiliation, a separator and a date or time, alone on a line
_NAME_DATE_HEADER = re.compile(
    r"^(?P<name>[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þ][\w'’.-]+){1,3})\s*(?:\([^)]{1,60}\))?\s*"
    r"(?:[-–—|,]|\bon\b)\s*(?P<when>[^.!?]{4,48})$"
)
_DATE_OR_TIME = re.compile(
    r"\d{1,2}:\d{2}|\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+\d{1,2}\b"
)
_NAME_CANDIDATE = re.compile(r"[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þ][\w'’.-]+){0,3}")
_NOT_SPEAKERS = frozenset(
    {
        "subject", "from", "to", "cc", "date", "sent", "note", "notes", "re", "fw", "fwd",
        "action", "actions", "next steps", "attendees", "summary", "agenda", "update", "ps",
        "p.s", "status", "priority", "ticket", "tel", "phone", "mobile", "email", "web",
        "fax", "address", "decision", "decisions", "risk", "risks", "question", "answer",
        "issue", "problem", "impact", "resolution", "owner", "due", "product", "account",
        "customer", "contact", "category", "severity", "environment", "steps", "expected",
        "actual", "workaround", "comment", "comments", "important", "warning", "nb",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Segment:
    """Characters `start`..`end` of a text, written by `author_name` <`author_email`>.

    `kind` is "authored" (the message's own writer), "quoted" (a reply's quoted history),
    "forwarded" (a forwarded message) or "turn" (a transcript speaker's turn). `depth` is
    the number of `>` levels. An unknown writer has empty name and address.
    """

    start: int
    end: int
    kind: str
    author_name: str = ""
    author_email: str = ""
    depth: int = 0


def _author_from_text(text: str) -> tuple[str, str]:
    found = _ADDRESS.search(text)
    address = found.group(0) if found else ""
    name = re.sub(r"<[^>]*>|\[mailto:[^\]]*\]|[\w.+-]+@[\w.-]+", "", text).strip(" \"'")
    if not name:
        name = parseaddr(text.strip())[0]
    if "," in name:  # "Hallmann, Friederike"
        last, _, first = name.partition(",")
        name = f"{first.strip()} {last.strip()}".strip()
    return name.strip(" \"'"), address.lower()


def _attribution_author(line: str) -> tuple[str, str]:
    body = _QUOTE_PREFIX.sub("", line).strip()
    after = _NAME_AFTER_VERB.search(body)
    if after:
        return _author_from_text(after.group(1))
    body = re.sub(
        r"\s*(?:wrote|schrieb|a écrit|escribió|escreveu|schreef|ha scritto|napisał\(a\)|"
        r"napsal)\s*:?\s*$",
        "",
        body,
        flags=re.IGNORECASE,
    )
    address = ""
    found = re.search(r"<([^>]+@[^>]+)>", body)
    if found:
        address = found.group(1).lower()
        body = body[: found.start()]
    # the name is what follows the last date/time part: take the words after the last comma
    # or digit group ("On Fri, 5 Sept 2025 at 14:02, Paweł Krzemiński")
    tail = re.split(r"\d[\d:.]*\s*(?:[AaPp]\.?[Mm]\.?)?\s*,?|,", body)[-1]
    tail = re.sub(r"^\s*(?:um|à|a las|às|at|op|alle|o)\s+", "", tail.strip())
    return tail.strip(" \"'"), address


def _line_offsets(text: str) -> list[tuple[int, int, str]]:
    lines: list[tuple[int, int, str]] = []
    position = 0
    for line in text.split("\n"):
        lines.append((position, position + len(line), line))
        position += len(line) + 1
    return lines


def _depth(line: str) -> int:
    prefix = _QUOTE_PREFIX.match(line)
    return prefix.group(0).count(">") if prefix else 0


def find_segments(text: str) -> list[Segment]:
    """The parts of `text` and who wrote each, in order, covering the whole text."""
    lines = _line_offsets(text)
    # each line gets (kind, name, email, depth)
    owners: list[tuple[str, str, str, int]] = []
    block: tuple[str, str, str] = ("authored", "", "")  # current writer outside `>` quotes
    attributions: dict[int, tuple[str, str]] = {}
    expecting_from = False
    n = 0
    while n < len(lines):
        _, _, line = lines[n]
        depth = _depth(line)
        bare = _QUOTE_PREFIX.sub("", line) if depth else line
        if _MARKER.match(bare):
            kind = "forwarded" if _FORWARD.search(bare) else "quoted"
            block = (kind, "", "")
            expecting_from = True
            owners.append((kind, "", "", depth))
            n += 1
            continue
        if _ATTRIBUTION.match(bare):
            name, address = _attribution_author(bare)
            owners.append((*_owner_at(depth, block, attributions)[:3], depth))
            attributions[depth] = (name, address)
            following = next((ln for _, _, ln in lines[n + 1 :] if ln.strip(" >")), "")
            if depth == 0 and _depth(following) == 0:  # quoted history without `>` prefixes
                block = ("quoted", name, address)
            n += 1
            continue
        if expecting_from and _HEADER.match(bare):
            found = _FROM.match(bare)
            if found:
                name, address = _author_from_text(found.group(1))
                block = (block[0], name, address)
            owners.append((block[0], block[1], block[2], depth))
            n += 1
            continue
        if expecting_from and bare.strip():
            expecting_from = False
        owners.append((*_owner_at(depth, block, attributions)[:3], depth))
        n += 1
    return _merged(lines, owners, text)


def _owner_at(
    depth: int, block: tuple[str, str, str], attributions: dict[int, tuple[str, str]]
) -> tuple[str, str, str]:
    if depth == 0:
        return block
    name, address = attributions.get(depth - 1) or attributions.get(depth) or ("", "")
    return ("quoted", name, address)


def _merged(
    lines: list[tuple[int, int, str]], owners: list[tuple[str, str, str, int]], text: str
) -> list[Segment]:
    segments: list[Segment] = []
    for (start, end, _), (kind, name, address, depth) in zip(lines, owners, strict=True):
        end = min(len(text), end + 1)
        last = segments[-1] if segments else None
        if last and (last.kind, last.author_name, last.author_email, last.depth) == (
            kind,
            name,
            address,
            depth,
        ):
            segments[-1] = Segment(last.start, end, kind, name, address, depth)
        else:
            segments.append(Segment(start, end, kind, name, address, depth))
    return segments


def speaker_turns(text: str, known_names: set[str]) -> list[Segment]:
    """Transcript turns `[10:02] Name: ...` whose name is in `known_names` (lower-case).

    A turn lasts until the next turn; lines before the first turn are not turns.
    """
    turns: list[Segment] = []
    current: tuple[int, str] | None = None
    for start, _end, line in _line_offsets(text):
        found = _TURN.match(line)
        name = found.group("name").strip() if found else ""
        if not (found and name.lower() not in _NOT_SPEAKERS and _known(name, known_names)):
            name = _thread_header_speaker(line, known_names)
        if name:
            if current is not None:
                turns.append(Segment(current[0], start, "turn", current[1]))
            current = (start, name)
    if current is not None:
        turns.append(Segment(current[0], len(text), "turn", current[1]))
    return turns


def _thread_header_speaker(line: str, known_names: set[str]) -> str:
    """The person named in a ticket or chat thread header line, if the line is one.

    "--- Update 07/01 11:20 (Tomasz Zieliński, Support) ---", "=== Reply from Ana Ruiz ===",
    "[Agent] Ana Ruiz replied:", "**Ana Ruiz** commented:",
    "Ana Ruiz (Support) – 05 Mar 2026 11:02".
    """
    stripped = line.strip()
    if len(stripped) > 140:
        return ""
    dated = _NAME_DATE_HEADER.match(stripped)
    if dated and _DATE_OR_TIME.search(dated.group("when")):
        name = dated.group("name")
        return name if _known_full(name, known_names) else ""
    if not _THREAD_HEADER.match(stripped):
        return ""
    for found in _NAME_CANDIDATE.finditer(stripped):
        words = found.group(0).split()
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size])
            if name.lower() not in _NOT_SPEAKERS and _known_full(name, known_names):
                return name
    return ""


def _known_full(name: str, known_names: set[str]) -> bool:
    return name.lower() in known_names


def _known(name: str, known_names: set[str]) -> bool:
    lowered = name.lower()
    return lowered in known_names or lowered.split()[0] in known_names


def masked_text(text: str) -> str:
    """`text` with `>` prefixes, quote markers, attributions and header lines blanked."""
    out: list[str] = []
    in_header = False
    for _, _, line in _line_offsets(text):
        depth = _depth(line)
        prefix = _QUOTE_PREFIX.match(line) if depth else None
        body = line[prefix.end() :] if prefix else line
        lead = " " * (len(line) - len(body))
        if _MARKER.match(body) or _ATTRIBUTION.match(body):
            out.append(" " * len(line))
            in_header = bool(_MARKER.match(body))
            continue
        if in_header and _HEADER.match(body):
            out.append(" " * len(line))
            continue
        if body.strip():
            in_header = False
        out.append(lead + body)
    return "\n".join(out)
