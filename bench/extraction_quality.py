"""Extraction quality on the hand-written gold set in bench/gold/ (issue 3, item 6).

    .venv/bin/python bench/extraction_quality.py [--verbose] [--speed N]

Builds the gazetteer from bench/gold/world.jsonl (no graph store), extracts from every
file in bench/gold/texts/ (emails cleaned of quotes and signatures first), and prints
precision/recall/F1 per relation and overall, the negated ("no longer ...") facts, the
facts wrongly extracted from negated or hypothetical sentences (bench/gold/traps.jsonl),
and the cost of extraction relative to the bare en_core_web_sm pipeline.

A predicted fact matches a gold fact when the relation and the subject are equal (ids; a
name for people we do not know), the object is equal (ids) or close as free text
(rapidfuzz), and, for commitments, the due date is equal.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

import frontmatter
import spacy
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.models import ExtractionResult, GazetteerEntry, MessageContext  # noqa: E402
from nlp.pipeline import load_pipeline, model_path  # noqa: E402

GOLD = ROOT / "bench" / "gold"
QUOTE_START = r"^(-----Original Message-----|_{10,}|-{5,} ?Forwarded|On .* wrote:|-- $)"

try:  # the project's own cleaner when it is there; a minimal one otherwise
    from ingest.sources.quoting import authored_text as _authored_text
except ImportError:  # pragma: no cover
    _authored_text = None


def load_world() -> tuple[list[GazetteerEntry], dict[str, dict[str, Any]]]:
    records = [json.loads(line) for line in (GOLD / "world.jsonl").read_text().splitlines()]
    entries = []
    for r in records:
        emails = [r["email"]] if r.get("email") else []
        aliases = list(r.get("aliases", [])) + list(r.get("synonyms", []))
        entries.append(
            GazetteerEntry(
                id=r["id"],
                label=r["label"],
                name=r["name"],
                aliases=aliases,
                emails=emails,
                account=r.get("account"),
            )
        )
    return entries, {r["id"]: r for r in records}


def clean_body(body: str) -> str:
    if _authored_text is not None:
        return _authored_text(body)
    lines = []
    for line in body.splitlines():
        if re.match(
            r"^(-----Original Message-----|_{10,}|-{5,} ?Forwarded|On .* wrote:|-- $)", line
        ):
            break
        if not line.startswith(">"):
            lines.append(line)
    return "\n".join(lines).strip()


def read_email(path: Path, world: dict[str, dict[str, Any]]) -> tuple[str, MessageContext]:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    author = getaddresses([str(message["From"])])[0][1].lower()
    recipients = [
        a.lower() for _, a in getaddresses([str(message.get("To", "")), str(message.get("Cc", ""))])
    ]
    return clean_body(body), _context(
        author, recipients, None, world, parsedate_to_datetime(str(message["Date"]))
    )


def read_note(path: Path, world: dict[str, dict[str, Any]]) -> tuple[str, MessageContext]:
    post = frontmatter.loads(path.read_text())
    meta = post.metadata
    when = meta["date"]
    sent = datetime(when.year, when.month, when.day)
    return post.content, _context(
        str(meta["author"]),
        [str(c) for c in meta.get("contacts", [])],
        meta.get("account"),
        world,
        sent,
    )


def _context(
    author: str,
    recipients: list[str],
    account: str | None,
    world: dict[str, dict[str, Any]],
    sent: datetime,
) -> MessageContext:
    author_id = f"email:{author}"
    record = world.get(author_id, {})
    recipient_ids = [f"email:{r}" for r in recipients if f"email:{r}" in world]
    if account is None:
        people = [record] + [world[r] for r in recipient_ids]
        account = next((p["account"] for p in people if p.get("account")), None)
    return MessageContext(
        author_id=author_id,
        author_name=record.get("name"),
        author_label=record.get("label"),
        recipient_ids=recipient_ids,
        account_id=account,
        sent_at=sent,
    )


def load_corpus(world: dict[str, dict[str, Any]]) -> dict[str, tuple[str, MessageContext]]:
    corpus = {}
    for path in sorted((GOLD / "texts").iterdir()):
        reader = read_email if path.suffix == ".eml" else read_note
        corpus[path.name] = reader(path, world)
    return corpus


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())


def _end_matches(gold: str, predicted: dict[str, Any], world: dict[str, Any]) -> bool:
    if gold in world:
        return predicted["id"] == gold
    if predicted["id"] is not None:
        return False
    a, b = _norm(gold), _norm(predicted["name"])
    return fuzz.token_set_ratio(a, b) >= 80 and fuzz.ratio(a, b) >= 55


def matches(gold: dict[str, Any], fact: dict[str, Any], world: dict[str, Any]) -> bool:
    return (
        gold["relation"] == fact["relation"]
        and _end_matches(gold["subject"], fact["subject"], world)
        and _end_matches(gold["object"], fact["object"], world)
        and (gold["relation"] != "COMMITTED_TO" or gold.get("due") == fact["due"])
    )


def score(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]], world: dict[str, Any]
) -> tuple[Counter[str], Counter[str], Counter[str], list[Any], list[Any]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    false_positives, misses = [], []
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        by_file[g["file"]].append(g)
    used: set[int] = set()
    for fact in predicted:
        hit = next(
            (g for g in by_file[fact["file"]] if id(g) not in used and matches(g, fact, world)),
            None,
        )
        if hit is None:
            fp[fact["relation"]] += 1
            false_positives.append(fact)
        else:
            used.add(id(hit))
            tp[fact["relation"]] += 1
    for g in gold:
        if id(g) not in used:
            fn[g["relation"]] += 1
            misses.append(g)
    return tp, fp, fn, false_positives, misses


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def as_rows(file: str, result: ExtractionResult) -> list[dict[str, Any]]:
    return [
        {
            "file": file,
            "subject": f.subject.model_dump(),
            "relation": f.relation,
            "object": f.object.model_dump(),
            "due": f.due.isoformat() if f.due else None,
            "negated": f.negated,
            "evidence": f.evidence.text,
            "confidence": f.confidence,
        }
        for f in result.facts
    ]


def measure_speed(extractor: Any, texts: list[tuple[str, MessageContext]], repeat: int) -> None:
    bare = spacy.load(model_path())
    docs = [t for t, _ in texts] * repeat
    items = texts * repeat
    list(bare.pipe(docs[:20]))
    list(extractor.extract_many(items[:20]))
    timings: dict[str, list[float]] = {"bare": [], "full": []}
    for _ in range(3):
        start = time.perf_counter()
        list(bare.pipe(docs, batch_size=64))
        timings["bare"].append(time.perf_counter() - start)
        start = time.perf_counter()
        list(extractor.extract_many(items, batch_size=64))
        timings["full"].append(time.perf_counter() - start)
    b, f = min(timings["bare"]), min(timings["full"])
    words = sum(len(t.split()) for t in docs)
    print(f"\nspeed over {len(docs)} texts ({words} words), best of 3:")
    print(f"  bare en_core_web_sm nlp.pipe: {b:.2f}s ({words / b:,.0f} words/s)")
    print(f"  full extraction:              {f:.2f}s ({words / f:,.0f} words/s)")
    print(f"  ratio full/bare:              {f / b:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list false positives and misses")
    parser.add_argument("--speed", type=int, default=10, help="repeat the corpus N times (0: skip)")
    args = parser.parse_args()

    entries, world = load_world()
    start = time.perf_counter()
    extractor = load_pipeline(entries)
    print(f"pipeline loaded in {time.perf_counter() - start:.2f}s")
    corpus = load_corpus(world)
    gold = [json.loads(line) for line in (GOLD / "facts.jsonl").read_text().splitlines()]
    traps = [json.loads(line) for line in (GOLD / "traps.jsonl").read_text().splitlines()]

    predicted: list[dict[str, Any]] = []
    for name, result in zip(corpus, extractor.extract_many(corpus.values()), strict=True):
        predicted.extend(as_rows(name, result))

    asserted = [p for p in predicted if not p["negated"]]
    tp, fp, fn, false_positives, misses = score(
        [g for g in gold if not g.get("negated")], asserted, world
    )
    print(f"\n{len(corpus)} files, {len(gold)} gold facts, {len(asserted)} extracted facts\n")
    print(f"{'relation':<18}{'gold':>6}{'found':>7}{'tp':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for relation in sorted(set(tp) | set(fp) | set(fn)):
        p, r, f = prf(tp[relation], fp[relation], fn[relation])
        gold_n, found_n = tp[relation] + fn[relation], tp[relation] + fp[relation]
        print(f"{relation:<18}{gold_n:>6}{found_n:>7}{tp[relation]:>5}{p:>8.2f}{r:>8.2f}{f:>8.2f}")
    p, r, f = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(
        f"{'OVERALL':<18}{sum(tp.values()) + sum(fn.values()):>6}{len(asserted):>7}"
        f"{sum(tp.values()):>5}{p:>8.2f}{r:>8.2f}{f:>8.2f}"
    )

    negated_gold = [g for g in gold if g.get("negated")]
    negated_pred = [p for p in predicted if p["negated"]]
    ntp, nfp, nfn, _, _ = score(negated_gold, negated_pred, world)
    print(
        f"\nnegated ('no longer', 'stopped'): gold {len(negated_gold)}, found {len(negated_pred)}, "
        f"correct {sum(ntp.values())}"
    )

    wrong = {id(f) for f in false_positives}
    trapped = [
        p
        for p in asserted
        for t in traps
        if id(p) in wrong and p["file"] == t["file"] and t["sentence"] in p["evidence"]
    ]
    print(
        f"wrong facts extracted from negated/hypothetical trap sentences: {len(trapped)} "
        f"(of {len(traps)} trap sentences)"
    )
    for fact in trapped:
        print(
            f"  TRAP {fact['file']}: {fact['relation']} {fact['object']['name']!r}"
            f" <- {fact['evidence']!r}"
        )

    if args.verbose:
        print("\nfalse positives:")
        for fact in false_positives:
            print(
                f"  {fact['file']}: {fact['subject']['name']} {fact['relation']} "
                f"{fact['object']['name']!r} due={fact['due']} ({fact['confidence']})"
                f" <- {fact['evidence'][:110]!r}"
            )
        print("\nmisses:")
        for g in misses:
            print(f"  {g['file']}: {g['subject']} {g['relation']} {g['object']!r} due={g['due']}")

    if args.speed:
        measure_speed(extractor, list(corpus.values()), args.speed)


if __name__ == "__main__":
    main()
