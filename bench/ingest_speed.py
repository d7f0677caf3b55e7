"""Ingest speed: the bare spaCy pipeline against the full `tacit ingest mail`, same run.

    .venv/bin/python bench/ingest_speed.py [MAILDIR]

Runs `nlp.pipe` of the bare trained pipeline over the cleaned texts of every message (and,
for comparison, over the texts extraction reads: a mail's whole body, quoted and forwarded
parts included, which the extractor attributes to their own writers), then the full
`tacit ingest mail` command (parsing, people, our NLP components, graph writes, model load
included) into a fresh embedded store, and prints the times, the ratios (target: at most
1.5) and messages per second. Ingest tags, parses and finds entities only in mail that can
carry facts; bulk, newsletter, automated and auto-reply mail is matched against the
gazetteer only (the count is printed), while the bare pipeline analyses every text.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from ingest.context import analysed_text, message_kind_of
from ingest.sources import MessageRecord, read_email_paths
from nlp.kinds import FACTLESS_KINDS
from nlp.pipeline import model_path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MAILDIR = ROOT.parent / "shared" / "data" / "enron" / "maildir"


def bare_pipeline_seconds(texts: list[str]) -> float:
    started = time.perf_counter()
    nlp = spacy.load(model_path())
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - started


def full_ingest_seconds(maildir: Path) -> tuple[float, dict[str, object]]:
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            sys.executable,
            "-m",
            "api.cli",
            "ingest",
            "mail",
            str(maildir),
            "--graph-url",
            f"grafeo://{scratch}/graph",
            "--internal-domain",
            "enron.com",
            "--errors",
            f"{scratch}/errors.jsonl",
            "--json",
        ]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        return time.perf_counter() - started, json.loads(done.stdout)


def main() -> None:
    maildir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MAILDIR
    records = [r for r in read_email_paths([maildir]) if isinstance(r, MessageRecord)]
    texts = [r.text for r in records]
    print(f"{len(records)} messages, {sum(len(t) for t in texts):,} characters of cleaned text")
    analysed = [analysed_text(r) for r in records]
    print(f"{sum(len(t) for t in analysed):,} characters with quoted and forwarded parts")
    factless = [r for r in records if message_kind_of(r) in FACTLESS_KINDS]
    print(
        f"{len(factless)} messages of a factless kind ({sum(len(r.text) for r in factless):,} "
        "characters of cleaned text), which ingest matches against the gazetteer only"
    )
    bare = bare_pipeline_seconds(texts)
    bare_analysed = bare_pipeline_seconds(analysed)
    full, summary = full_ingest_seconds(maildir)
    print(f"bare spaCy pipeline (load + nlp.pipe): {bare:7.2f} s  {len(texts) / bare:7.1f} msg/s")
    print(f"  the same on the analysed texts:      {bare_analysed:7.2f} s")
    print(f"full tacit ingest mail:                {full:7.2f} s  {len(texts) / full:7.1f} msg/s")
    print(f"ratio full / bare: {full / bare:.2f} (target <= 1.5)")
    print(f"ratio full / bare on the analysed texts: {full / bare_analysed:.2f}")
    print(
        f"ingest summary: read {summary['read']}, ingested {summary['ingested']}, "
        f"unchanged {summary['unchanged']}, failed {summary['failed']}"
    )


if __name__ == "__main__":
    main()
