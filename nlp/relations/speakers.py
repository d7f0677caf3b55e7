"""Who speaks where in a doc: each segment's writer resolved to a known person.

The extractor stores `doc._.tacit_segments` as plain dicts {start, end (characters), kind,
author_id, author_name, author_label, account_id, depth}. The writer of the message
itself comes from the `MessageContext`; a quoted or forwarded part's writer from its
header (address first, then name), a transcript turn's speaker from the name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from nlp.models import GazetteerEntry, MessageContext
from nlp.segments import Segment, find_segments, speaker_turns

PEOPLE = ("Contact", "Employee")
SegmentDict = dict[str, Any]


class PeopleDirectory:
    """Known people by address, full name and alias (lower-case)."""

    def __init__(self, entries: Iterable[GazetteerEntry]):
        self.entries: dict[str, GazetteerEntry] = {}
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_first_name: dict[str, list[str]] = defaultdict(list)
        for entry in entries:
            if entry.label not in PEOPLE:
                continue
            self.entries[entry.id] = entry
            for email in entry.emails:
                self.by_email[email.lower()] = entry.id
            for name in {entry.name, *entry.aliases}:
                key = name.lower().strip()
                if key and entry.id not in self.by_name[key]:
                    self.by_name[key].append(entry.id)
            first = entry.name.split()[0].lower() if entry.name.split() else ""
            if first and entry.id not in self.by_first_name[first]:
                self.by_first_name[first].append(entry.id)
        self.spoken_names = set(self.by_name) | set(self.by_first_name)

    def resolve(self, name: str, email: str, preferred: Iterable[str] = ()) -> str | None:
        if email and email.lower() in self.by_email:
            return self.by_email[email.lower()]
        key = " ".join(name.lower().split())
        if not key:
            return None
        ids = self.by_name.get(key) or self.by_first_name.get(key.split()[0], [])
        if len(ids) == 1:
            return ids[0]
        preferred_ids = [i for i in ids if i in set(preferred)]
        return preferred_ids[0] if len(preferred_ids) == 1 else None


def resolved_segments(
    text: str, context: MessageContext | None, people: PeopleDirectory
) -> list[SegmentDict]:
    """The segments of `text` with their writers resolved (see the module docstring)."""
    participants = [
        *([context.author_id] if context and context.author_id else []),
        *(context.recipient_ids if context else []),
    ]
    segments = _with_turns(find_segments(text), speaker_turns(text, people.spoken_names))
    out: list[SegmentDict] = []
    for segment in segments:
        if segment.kind == "authored" and not segment.author_name:
            out.append(_authored(segment, context, people))
            continue
        author_id = people.resolve(segment.author_name, segment.author_email, participants)
        entry = people.entries.get(author_id or "")
        out.append(
            {
                "start": segment.start,
                "end": segment.end,
                "kind": segment.kind,
                "depth": segment.depth,
                "author_id": author_id,
                "author_name": entry.name if entry else segment.author_name or None,
                "author_label": entry.label if entry else None,
                "account_id": entry.account if entry and entry.label == "Contact" else None,
            }
        )
    return out


def _authored(
    segment: Segment, context: MessageContext | None, people: PeopleDirectory
) -> SegmentDict:
    author_id = context.author_id if context else None
    entry = people.entries.get(author_id or "")
    label = (context.author_label if context else None) or (entry.label if entry else None)
    account = entry.account if entry and entry.label == "Contact" else None
    return {
        "start": segment.start,
        "end": segment.end,
        "kind": "authored",
        "depth": 0,
        "author_id": author_id,
        "author_name": (context.author_name if context else None)
        or (entry.name if entry else None),
        "author_label": label,
        "account_id": account,
    }


def _with_turns(segments: list[Segment], turns: list[Segment]) -> list[Segment]:
    """Transcript turns replace the writer inside unquoted parts of the message."""
    if not turns:
        return segments
    out: list[Segment] = []
    for segment in segments:
        if segment.depth or segment.kind not in ("authored",):
            out.append(segment)
            continue
        position = segment.start
        for turn in turns:
            start, end = max(turn.start, segment.start), min(turn.end, segment.end)
            if start >= end:
                continue
            if start > position:
                out.append(Segment(position, start, segment.kind, segment.author_name))
            out.append(Segment(start, end, "turn", turn.author_name))
            position = end
        if position < segment.end:
            out.append(Segment(position, segment.end, segment.kind, segment.author_name))
    return out


def segment_at(segments: list[SegmentDict], char: int) -> SegmentDict | None:
    for segment in segments:
        if segment["start"] <= char < segment["end"]:
            return segment
    return segments[-1] if segments else None
