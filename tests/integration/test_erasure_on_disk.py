"""Erasure that erases, checked where it matters: the bytes of the store's files. Real
mail, a call note and a merged second record through the real pipeline; then the person
is erased, the store's folder searched for every spelling of them, and their old mail
ingested again."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.services.audit import audit_page
from graph.services.erasure import erase_person
from graph.services.listing import contact_detail, employee_detail, facts_page
from graph.services.merge import merge_records
from graph.services.tombstones import keyed_hash, store_salt
from graph.stats import graph_counts
from graph.stores import GraphStore, open_store
from ingest.service import ExtractorCache, IngestService
from ingest.structured import import_records

QM = "contact:qm"
WORLD = [
    {"label": "Account", "id": "acme", "name": "Acme Corp", "domain": "acme.example"},
    {"label": "Contact", "id": QM, "name": "Quentin Marlowe", "account": "acme",
     "email": "quentin.marlowe@acme.example", "phone": "+1 (555) 010-7788", "title": "CTO"},
    {"label": "Employee", "id": QM, "name": "Quentin Marlowe",
     "email": "quentin.marlowe@acme.example"},
    {"label": "Contact", "id": "contact:qm-home", "name": "Marlowe, Quentin",
     "email": "qmarlowe77@mail.example"},
    {"label": "Contact", "id": "contact:omar", "name": "Omar Haddad", "account": "acme",
     "email": "omar@acme.example"},
    {"label": "Employee", "id": "emp:carla", "name": "Carla Diaz",
     "email": "carla@lumen.example"},
]  # fmt: skip


def mail(number: int, sender: str, to: str, body: str) -> str:
    return (
        f"From: {sender}\nTo: {to}\nSubject: Renewal {number}\n"
        f"Date: Mon, 0{number} Mar 2025 09:00:00 +0000\n"
        f"Message-ID: <renewal-{number}@mail.example>\n\n{body}\n"
    )


MAIL = {
    "1.eml": mail(
        1,
        "Quentin Marlowe <quentin.marlowe@acme.example>",
        "Carla Diaz <carla@lumen.example>",
        "Hi Carla,\n\nWe are interested in the renewal.\n\n"
        "Quentin Marlowe\nCTO, Acme\n+1 (555) 010-7788",
    ),
    "2.eml": mail(
        2,
        "Carla Diaz <carla@lumen.example>",
        "Quentin Marlowe <quentin.marlowe@acme.example>, Omar Haddad <omar@acme.example>",
        "Hi Quentin,\n\nQuentin's team asked for the price list. Mr. Marlowe, I will send "
        "it by Friday; call me back on 555.010.7788 if needed.\n\nCarla",
    ),
    "3.eml": mail(
        3,
        "Carla Diaz <carla@lumen.example>",
        "Omar Haddad <omar@acme.example>",
        "Hi Omar,\n\nI spoke with Quentin   Marlowe yesterday. Marlowe, Quentin agreed that "
        "qmarlowe77@mail.example is his home address.\n\nCarla",
    ),
    "4.eml": mail(
        4,
        "Quentin Marlowe <qmarlowe77@mail.example>",
        "Carla Diaz <carla@lumen.example>",
        "Carla, sending this from home. Quentin",
    ),
}
NOTE = """---
date: 2025-03-05
kind: call
author: carla@lumen.example
account: acme
contacts: [contact:qm]
---
# Call with Acme

- Quentin wants single sign-on before the renewal.
- Omar Haddad is the budget holder.
"""
TRACES = [
    rb"quentin",
    rb"marlowe",
    rb"qmarlowe77",
    rb"5\D{0,3}5\D{0,3}5\D{0,3}0\D{0,3}1\D{0,3}0\D{0,3}7\D{0,3}7\D{0,3}8\D{0,3}8",
]


def files(folder: Path) -> Path:
    (folder / "mail").mkdir()
    (folder / "notes").mkdir()
    for name, text in MAIL.items():
        (folder / "mail" / name).write_text(text)
    (folder / "notes" / "call.md").write_text(NOTE)
    (folder / "world.jsonl").write_text("\n".join(json.dumps(r) for r in WORLD))
    return folder


def ingest(store: GraphStore, folder: Path, extractors: ExtractorCache) -> tuple[int, int]:
    service = IngestService(store, internal_domains=["lumen.example"], extractors=extractors)
    mails = service.ingest("mail", [folder / "mail"])
    notes = service.ingest("notes", [folder / "notes"])
    return mails.ingested + notes.ingested, mails.skipped + notes.skipped


def traces_on_disk(folder: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes().lower()
            for trace in TRACES:
                if hits := len(re.findall(trace, data)):
                    found[f"{path.name}: {trace.decode()[:12]}"] = hits
    return found


@pytest.fixture
def world(tmp_path: Path, extractors: ExtractorCache) -> Iterator[tuple[GraphStore, Path]]:
    folder = files(tmp_path)
    store = open_store(f"grafeo://{tmp_path / 'graph'}")
    store.create_schema()
    assert import_records(store, [folder / "world.jsonl"]).failed == 0
    assert ingest(store, folder, extractors) == (5, 0)
    merge_records(store, "Contact", QM, "contact:qm-home", actor="curator:test")
    yield store, folder
    store.close()


def test_nothing_of_the_person_is_left_on_disk_and_old_mail_stays_out(
    world: tuple[GraphStore, Path], extractors: ExtractorCache
) -> None:
    store, folder = world
    assert traces_on_disk(folder / "graph"), "the probe finds him before"
    note = contact_detail(store, QM).recent_interactions
    assert any(i.kind == "call" for i in note), "the note's front-matter contact is linked"

    report = erase_person(store, QM, actor="admin:test")
    assert report.labels == ["Contact", "Employee"], "both records under the one id"
    assert report.compacted and report.files_searched >= 1 and report.traces_found == 0
    assert report.interactions_deleted == 2 and report.tombstones == 4
    assert traces_on_disk(folder / "graph") == {}
    counts = graph_counts(store)
    assert counts["nodes"]["Contact"] == 1 and counts["nodes"]["Employee"] == 1

    omar = contact_detail(store, "contact:omar")
    carla = employee_detail(store, "emp:carla")
    everything = json.dumps(
        [omar.model_dump(), carla.model_dump(), facts_page(store, status=None).model_dump()]
    ).lower()
    assert "quentin" not in everything and "marlowe" not in everything
    assert "[redacted]'s team" in everything and "call me back on [redacted]" in everything

    salt = store_salt(store)
    assert salt is not None
    (entry,) = audit_page(store, action="person.erase").items
    assert entry.target == keyed_hash(salt, QM) == report.target
    (merge,) = audit_page(store, action="person.merge").items
    assert "qm-home" not in merge.target and "qm" not in merge.target.replace("hmac", "")

    again, skipped = ingest(store, folder, extractors)
    assert (again, skipped) == (0, 2), "his own two messages; the rest is there, redacted"
    assert graph_counts(store)["nodes"]["Contact"] == 1
    assert traces_on_disk(folder / "graph") == {}


def test_reimporting_his_crm_record_is_skipped_too(world: tuple[GraphStore, Path]) -> None:
    store, folder = world
    erase_person(store, QM, actor="admin:test", compact=False)
    summary = import_records(store, [folder / "world.jsonl"])
    assert summary.skipped == 3 and summary.failed == 0, "his three records"
    assert not store.read("get_contact", {"id": QM})
    assert not store.read("get_contact", {"id": "contact:qm-home"})
