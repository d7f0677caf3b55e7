"""Extraction without writing: what the pipeline finds in files, against a known world.

The world is the graph's (its accounts, people, products, competitors and concepts), or an
annotated `world.json` given with `--world`. Files are mail (`.eml`, mbox), notes
(Markdown/text with front matter) or annotated cases (`.jsonl`, one message a line, the
format of `../shared/data/annotated/`): one result per message.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.stores.base import GraphStore
from ingest.context import analysed_text, message_context, message_kind_of
from ingest.errors import UnsupportedSource
from ingest.messages import MAX_ANALYSED_CHARS
from ingest.people import PeopleResolver
from ingest.sources import read_email_paths, read_notes
from ingest.sources.records import MessageRecord, Participant, SourceFailure
from nlp.annotated import Case, World, load_world_file, read_cases
from nlp.errors import NlpError
from nlp.models import MessageContext
from nlp.pipeline import Extractor, load_pipeline

MAIL_SUFFIXES = {".eml", ".mbox", ".msg"}


def extract_files(
    store: GraphStore | None,
    extractor: Extractor,
    paths: Sequence[Path],
    internal_domains: Sequence[str] = (),
    world: World | None = None,
) -> list[dict[str, Any]]:
    """One result per message: facts, mentions and concepts, in the public JSON shape; a
    file that cannot be read or analysed gets an `error` instead."""
    if world is not None:
        extractor.gazetteer.set_entries(world.gazetteer())
    people = PeopleResolver(store, internal_domains) if store is not None else None
    results: list[dict[str, Any]] = []
    for path in paths:
        if path.suffix.lower() == ".jsonl":
            results += _extract_cases(extractor, path, people, world)
            continue
        record = _first_record(path)
        if isinstance(record, SourceFailure):
            results.append({"file": str(path), "error": record.reason})
            continue
        try:
            context = _context(record, people, world)
            result = extractor.extract(analysed_text(record)[:MAX_ANALYSED_CHARS], context)
        except Exception as e:  # one file's failure is that file's answer
            results.append({"file": str(path), "error": f"text analysis failed: {e}"})
            continue
        results.append({"file": str(path), **result.to_public()})
    return results


def _context(
    record: MessageRecord, people: PeopleResolver | None, world: World | None
) -> MessageContext:
    if world is None:
        assert people is not None
        return message_context(record, people.resolve([record]))
    author = next((p for p in record.participants if p.role in ("from", "author")), None)
    others = [p.address or "" for p in record.participants if p is not author]
    context = world.message_context(
        author.address or "" if author else "",
        author.name if author else None,
        others,
        record.occurred_at,
        record.kind,
    )
    return context.model_copy(update={"message_kind": message_kind_of(record)})


def _extract_cases(
    extractor: Extractor, path: Path, people: PeopleResolver | None, world: World | None
) -> list[dict[str, Any]]:
    try:
        cases = read_cases(path)
    except NlpError as e:
        return [{"file": str(path), "error": str(e)}]
    results: list[dict[str, Any]] = []
    for case in cases:
        record = case_record(case, str(path))
        try:
            context = _context(record, people, world)
            result = extractor.extract(case.text[:MAX_ANALYSED_CHARS], context)
        except Exception as e:  # one message's failure is that message's answer
            results.append(
                {"file": str(path), "case": case.id, "error": f"text analysis failed: {e}"}
            )
            continue
        results.append({"file": str(path), "case": case.id, **result.to_public()})
    return results


def case_record(case: Case, source: str) -> MessageRecord:
    """An annotated case as a message record (its participants by address)."""
    author_role = "from" if case.kind in ("email", "ticket") else "author"
    participants = [_participant(author_role, case.author)]
    participants += [_participant("to", p) for p in case.recipients]
    kind = case.kind if case.kind in ("email", "note", "call", "meeting", "ticket") else "note"
    return MessageRecord(
        id=f"case:{case.id}",
        kind=kind,  # type: ignore[arg-type]
        subject=case.subject or None,
        body=case.text,
        text=case.text,
        occurred_at=case.date,
        thread=f"case:{case.id}",
        participants=tuple(participants),
        source=source,
        position=f"{source}#{case.id}",
    )


def _participant(role: str, person: dict[str, str]) -> Participant:
    address = (person.get("email") or "").strip().lower() or None
    return Participant(
        role=role,  # type: ignore[arg-type]
        address=address,
        name=person.get("name"),
        person_id=f"email:{address}" if address else None,
    )


def extract_with_world(world_file: Path, paths: Sequence[Path]) -> list[dict[str, Any]]:
    """`extract_files` against an annotated `world.json` instead of a graph."""
    try:
        world = load_world_file(world_file)
    except NlpError as e:
        raise UnsupportedSource(str(e)) from e
    return extract_files(None, load_pipeline([]), paths, (), world)


def _first_record(path: Path) -> MessageRecord | SourceFailure:
    reader = read_email_paths if path.suffix.lower() in MAIL_SUFFIXES else read_notes
    for item in reader([path]):
        return item
    return SourceFailure(source=str(path), position=str(path), reason="no message in the file")
