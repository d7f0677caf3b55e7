"""Time and peak memory of `tacit ingest mail` on one huge message, against a small one.

    .venv/bin/python bench/huge_messages.py

Each message is ingested by a fresh `tacit` process into a fresh store; the peak resident
memory is the process's own (wait4). A message of 1.1 MB and one of 20 MB of plain text,
and one of 17 MB of HTML, are generated from real-looking sentences.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "the",
    "customer",
    "asked",
    "about",
    "pricing",
    "and",
    "single",
    "sign-on",
    "for",
    "their",
    "analysts",
    "before",
    "the",
    "renewal",
    "next",
    "quarter",
    "we",
    "will",
    "send",
    "the",
    "contract",
    "by",
    "Friday",
]


def message(path: Path, characters: int, *, html: bool = False) -> Path:
    rng = random.Random(characters)
    lines, size = [], 0
    while size < characters:
        line = " ".join(rng.choice(WORDS) for _ in range(14)) + "."
        lines.append(f"<p>{line}</p>" if html else line)
        size += len(lines[-1]) + 1
    kind = "text/html" if html else "text/plain"
    path.write_text(
        f"From: Big Sender <big@acme.com>\nTo: sam@ourco.example\nSubject: {path.stem}\n"
        f"Date: Mon, 03 Jun 2024 09:00:00 +0000\nMessage-ID: <{path.stem}@acme.com>\n"
        f"Content-Type: {kind}; charset=utf-8\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    return path


def ingest(path: Path, folder: Path) -> tuple[float, float]:
    """Seconds and peak MB of one `tacit ingest mail` of `path` into a new store."""
    url = f"grafeo://{folder / path.stem}"
    command = [sys.executable, "-m", "api.cli", "ingest", "mail", str(path), "--graph-url", url]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"tacit ingest mail {path} failed")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tacit-huge-") as scratch:
        folder = Path(scratch)
        cases = [
            ("small (2 kB)", message(folder / "small.eml", 2_000)),
            ("1.1 MB text", message(folder / "large-text.eml", 1_100_000)),
            ("20 MB text", message(folder / "twenty-mb.eml", 20_000_000)),
            ("17 MB HTML", message(folder / "html.eml", 17_000_000, html=True)),
        ]
        for name, path in cases:
            seconds, megabytes = ingest(path, folder)
            print(f"{name:<14} {seconds:6.1f} s  peak {megabytes:6.0f} MB")


if __name__ == "__main__":
    main()
