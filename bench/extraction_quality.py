"""Extraction quality, measured on text the extractor was not trained on.

    .venv/bin/python bench/extraction_quality.py               # cross-world table, gold set
    .venv/bin/python bench/extraction_quality.py --all-worlds  # also our own worlds, held out
    .venv/bin/python bench/extraction_quality.py --enron       # also real mail: kinds, facts
    .venv/bin/python bench/extraction_quality.py --verbose     # list misses and wrong facts

1. Cross-world: for each annotated world in ../shared/data/annotated/ (written independently
   of the extractor), the relation model is trained on every other world (ours in
   nlp/corpus/ and the other annotated ones) and scored on the one left out, as its README
   says: precision, recall, F1 overall and per relation, trap errors, `due` accuracy.
2. The hand-written gold set in bench/gold/ (never trained on), scored the same way with the
   shipped model; its texts are read without quoted history, as its README says. It is
   scored twice: as written, and with the annotated README's subject rule, which it predates
   (an attitude a contact writes is the contact's even when they write "we"; bench/gold gave
   it to their account).
3. Real mail (--enron): the two Enron mailboxes through the extractor with the shipped
   model and no known world: messages by kind, facts by relation and by kind.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

import frontmatter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.annotated import Case, GoldFact, World, entity_id  # noqa: E402
from nlp.pipeline import Extractor, build_nlp  # noqa: E402
from nlp.relations.model import MODEL_DIR, RelationModel  # noqa: E402
from nlp.scoring import ACCOUNT_FOR_CONTACT, Outcome, Score  # noqa: E402
from nlp.training.train import (  # noqa: E402
    SHARED_ANNOTATED,
    Prepared,
    evaluate,
    fit,
    prepare,
    print_score,
    training_folders,
)

GOLD = ROOT / "bench" / "gold"
ENRON = ROOT.parent / "shared" / "data" / "enron" / "maildir"
LABELS = {"Account", "Contact", "Employee", "Product", "Competitor", "Concept"}


def cross_world(
    prepared: list[Prepared], held_out: list[str], extractor: Extractor, verbose: bool
) -> Score:
    total = Score()
    for name in held_out:
        test = next(p for p in prepared if p.world.name == name)
        train = [p for p in prepared if p.world.name != name]
        started = time.perf_counter()
        model = fit(train)
        score, outcomes = evaluate(test, model, extractor)
        print(
            f"\n== held out: {name} (trained on {len(train)} worlds, "
            f"{sum(len(p.parsed) for p in train)} cases, {time.perf_counter() - started:.0f}s)"
        )
        print_score(name, score)
        if verbose:
            print_outcomes(outcomes)
        for counter in ("tp", "fp", "fn"):
            getattr(total, counter).update(getattr(score, counter))
        total.trap_errors += score.trap_errors
        total.due_total += score.due_total
        total.due_correct += score.due_correct
    return total


def print_outcomes(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        case = outcome.case.id
        for fact in outcome.trap_errors:
            print(f"  TRAP  {case} {fact.subject} {fact.relation} {fact.object!r}")
        for fact in outcome.false_positives:
            print(
                f"  WRONG {case} {fact.subject} {fact.relation} {fact.object[:50]!r}"
                f" <- {' '.join(fact.evidence.split())[:100]!r}"
            )
        for gold in outcome.misses:
            print(f"  MISS  {case} {gold.subject} {gold.relation} {gold.object[:50]!r}")


# --- the hand-written gold set, read as an annotated world -------------------------------


def gold_world(annotated_subjects: bool = False) -> World:
    """bench/gold in the annotated format (subjects and objects by canonical name); with
    `annotated_subjects`, a contact's own attitudes are theirs, not their account's."""
    records = [json.loads(line) for line in (GOLD / "world.jsonl").read_text().splitlines()]
    entities: dict[str, dict[str, Any]] = {}
    names: dict[str, str] = {}
    for record in records:
        if record["label"] not in LABELS:
            continue
        key = entity_id(record["label"], record["name"])
        names[record["id"]] = record["name"]
        entities[key] = {**record, "label": record["label"]}
    for key, record in entities.items():
        if record["label"] == "Contact" and record.get("account"):
            entities[key] = {**record, "account": names.get(record["account"], record["account"])}
    facts: dict[str, list[GoldFact]] = {}
    for line in (GOLD / "facts.jsonl").read_text().splitlines():
        raw = json.loads(line)
        if raw.get("negated"):
            continue
        facts.setdefault(raw["file"], []).append(
            GoldFact(
                subject=names.get(raw["subject"], raw["subject"]),
                relation=raw["relation"],
                object=names.get(raw["object"], raw["object"]),
                evidence="",
                due=raw.get("due"),
            )
        )
    traps: dict[str, list[str]] = {}
    for line in (GOLD / "traps.jsonl").read_text().splitlines():
        raw = json.loads(line)
        traps.setdefault(raw["file"], []).append(raw["sentence"])
    emails = {r["email"]: r for r in records if r.get("email")}
    cases = [
        _gold_case(path, facts.get(path.name, []), traps.get(path.name, []), emails)
        for path in sorted((GOLD / "texts").iterdir())
    ]
    if annotated_subjects:
        cases = [_writer_s_attitudes(case, entities) for case in cases]
    return World(name="bench-gold", vendor={"name": "Brightline"}, entities=entities, cases=cases)


def _writer_s_attitudes(case: Case, entities: dict[str, dict[str, Any]]) -> Case:
    """The annotated README's rule 1: an attitude or question a contact writes, even as "we",
    has the contact as its subject (bench/gold gave these to the contact's account)."""
    writer = next(
        (e for e in entities.values() if e.get("email") == case.author.get("email")), None
    )
    if case.kind != "email" or writer is None or writer["label"] != "Contact":
        return case
    facts = [
        replace(fact, subject=writer["name"])
        if fact.relation in ACCOUNT_FOR_CONTACT and fact.subject == writer.get("account")
        else fact
        for fact in case.facts
    ]
    return replace(case, facts=facts)


def _gold_case(
    path: Path, facts: list[GoldFact], traps: list[str], emails: dict[str, dict[str, Any]]
) -> Case:
    from ingest.sources.quoting import authored_text

    def person(address: str) -> dict[str, str]:
        return {"name": emails.get(address, {}).get("name", address), "email": address}

    if path.suffix == ".eml":
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        part = message.get_body(preferencelist=("plain",))
        body = part.get_content() if part is not None else ""
        sender = getaddresses([str(message["From"])])[0][1].lower()
        recipients = [
            a.lower()
            for _, a in getaddresses([str(message.get("To", "")), str(message.get("Cc", ""))])
        ]
        return Case(
            world="bench-gold",
            id=path.name,
            kind="email",
            date=parsedate_to_datetime(str(message["Date"])),
            author=person(sender),
            recipients=[person(r) for r in recipients],
            subject=str(message.get("Subject", "")),
            text=authored_text(body),
            facts=facts,
            optional_facts=[],
            traps=traps,
        )
    post = frontmatter.loads(path.read_text())
    when = post.metadata["date"]
    return Case(
        world="bench-gold",
        id=path.name,
        kind=str(post.metadata.get("kind", "note")),
        date=datetime(when.year, when.month, when.day, tzinfo=UTC),
        author=person(str(post.metadata["author"])),
        recipients=[person(str(c)) for c in post.metadata.get("contacts", [])],
        subject="",
        text=post.content,
        facts=facts,
        optional_facts=[],
        traps=traps,
    )


def gold_set(extractor: Extractor, model: RelationModel, verbose: bool) -> None:
    from nlp.relations.clusters import WordClusters
    from nlp.training.examples import examples_of, parse_world
    from nlp.training.train import centroids

    clusters = WordClusters(centroids())
    for annotated_subjects in (False, True):
        world = gold_world(annotated_subjects)
        parsed = list(parse_world(world, extractor))
        examples = [e for p in parsed for e in examples_of(world, p, clusters)]
        score, outcomes = evaluate(Prepared(world, parsed, examples), model, extractor)
        if not annotated_subjects:
            print(f"\n== own gold set (bench/gold: {len(world.cases)} texts, never trained on)")
            print_score("bench-gold", score)
        else:
            print("\n== the same, a contact's own attitudes theirs (annotated README, rule 1)")
            print_score("bench-gold, rule 1", score)
        if verbose:
            print_outcomes(outcomes)


# --- real mail ------------------------------------------------------------------------------


def enron(extractor: Extractor, verbose: bool) -> None:
    from ingest.context import visible_recipients
    from ingest.sources import read_email_paths
    from ingest.sources.records import SourceFailure
    from nlp.kinds import classify_message
    from nlp.models import MessageContext

    if not ENRON.exists():
        print(f"\n(no Enron mail at {ENRON}: skipped)")
        return
    extractor.gazetteer.set_entries([])
    paths = sorted(p for p in ENRON.rglob("*") if p.is_file())
    kinds: Counter[str] = Counter()
    relations: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    listed: list[str] = []
    items = []
    for record in read_email_paths(paths):
        if isinstance(record, SourceFailure):
            kinds["unreadable"] += 1
            continue
        sender = next((p.address for p in record.participants if p.role == "from"), None)
        decision = classify_message(
            subject=record.subject,
            body=record.body,
            sender=sender,
            authored=record.text,
            recipients=visible_recipients(record),
        )
        kinds[decision.kind] += 1
        context = MessageContext(
            author_name=sender,
            sent_at=record.occurred_at,
            channel="email",
            message_kind=decision.kind,
        )
        items.append((record, decision.kind, context))
    results = extractor.extract_many((r.body, c) for r, _, c in items)
    for (_, kind, _), result in zip(items, results, strict=True):
        for fact in result.asserted_facts():
            relations[fact.relation] += 1
            by_kind[kind] += 1
            listed.append(
                f"  {kind:<10} {fact.subject.name} {fact.relation} {fact.object.name[:50]!r}"
                f" <- {' '.join(fact.evidence.text.split())[:90]!r}"
            )
    print(f"\n== Enron: {sum(kinds.values())} messages in {ENRON}")
    print("messages by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    print("facts by kind:    " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
    print("facts by relation: " + ", ".join(f"{k} {n}" for k, n in relations.most_common()))
    if verbose:
        print("\n".join(listed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all-worlds", action="store_true", help="hold out our worlds too")
    parser.add_argument("--enron", action="store_true", help="extract from the Enron mail")
    parser.add_argument("--verbose", action="store_true", help="list misses and wrong facts")
    args = parser.parse_args()

    started = time.perf_counter()
    extractor = Extractor(build_nlp())
    folders = training_folders()
    prepared = prepare(folders, extractor)
    annotated = [
        p.world.name
        for p in prepared
        if p.world.folder and p.world.folder.parent == SHARED_ANNOTATED
    ]
    print(
        f"{len(prepared)} worlds ({', '.join(p.world.name for p in prepared)}), "
        f"{sum(len(p.parsed) for p in prepared)} cases, parsed in "
        f"{time.perf_counter() - started:.0f}s"
    )
    if not annotated:
        print(f"no annotated worlds in {SHARED_ANNOTATED}: nothing to hold out")
    total = cross_world(prepared, annotated, extractor, args.verbose)
    if annotated:
        print_score("ALL HELD-OUT ANNOTATED", total)
    if args.all_worlds:
        ours = [p.world.name for p in prepared if p.world.name not in annotated]
        print_score("ALL HELD-OUT OURS", cross_world(prepared, ours, extractor, False))
    shipped = RelationModel.load(MODEL_DIR)
    gold_set(extractor, shipped, args.verbose)
    if args.enron:
        extractor.nlp.get_pipe("tacit_relations").use_model(shipped)
        enron(extractor, args.verbose)
    print(f"\ndone in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
