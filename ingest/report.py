"""What a batch did: counts, and the records that failed with their reasons."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


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
    # Records of erased people, left out on purpose (not failures; nothing names them).
    skipped: int = 0

    def fail(self, source: str, position: str, reason: str) -> None:
        self.failed += 1
        self.failures.append(Failure(source, position, reason))

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "ingested": self.ingested,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "skipped": self.skipped,
            "failures": [asdict(f) for f in self.failures],
        }


def write_error_report(failures: list[Failure], path: Path) -> Path:
    """Write failures as JSON Lines (source, position, reason) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for failure in failures:
            out.write(json.dumps(asdict(failure), ensure_ascii=False) + "\n")
    return path
