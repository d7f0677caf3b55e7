"""What a batch did: counts, the records that failed, and notes on records kept in part.

A failure is a record that is not in the graph; a note is a record that is, with
something the reader should know (its text was analysed only up to a bound). Both go to
the error report, one JSON object a line, with `outcome` saying which.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

FAILED = "failed"
INGESTED_WITH_NOTE = "ingested with a note"


@dataclass(frozen=True)
class Failure:
    """One record that could not be imported: where it was and why."""

    source: str
    position: str
    reason: str


@dataclass
class BatchSummary:
    read: int = 0
    ingested: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    notes: list[Failure] = field(default_factory=list)

    def fail(self, source: str, position: str, reason: str) -> None:
        self.failed += 1
        self.failures.append(Failure(source, position, reason))

    def note(self, source: str, position: str, reason: str) -> None:
        """Something to know about a record that was ingested."""
        self.notes.append(Failure(source, position, reason))

    def add(self, other: BatchSummary) -> None:
        self.read += other.read
        self.ingested += other.ingested
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.failures += other.failures
        self.notes += other.notes

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "ingested": self.ingested,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "failures": [asdict(f) for f in self.failures],
            "notes": [asdict(n) for n in self.notes],
        }


def write_error_report(
    failures: Sequence[Failure], path: Path, notes: Sequence[Failure] = ()
) -> Path:
    """Write failures and notes as JSON Lines (source, position, reason, outcome)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for outcome, entries in ((FAILED, failures), (INGESTED_WITH_NOTE, notes)):
            for entry in entries:
                line = {**asdict(entry), "outcome": outcome}
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def new_report_path(folder: Path = Path()) -> Path:
    """A report name no other run has: the time to the microsecond, the process id, and a
    counter if that file exists all the same; the file is created empty to claim it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    for attempt in range(1000):
        suffix = f"-{attempt}" if attempt else ""
        path = folder / f"tacit-errors-{stamp}-{os.getpid()}{suffix}.jsonl"
        try:
            path.open("x").close()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free error report name in {folder}")
