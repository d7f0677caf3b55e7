"""One record per person (and per account): four spellings of one person proposed,
merged, then unmerged, on a real store, with mail through the real pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import NotFound
from graph.services.identity import duplicate_accounts, duplicate_people
from graph.services.listing import employee_detail
from graph.services.merge import InvalidMerge, merge_records, person_label, unmerge_records
from graph.stats import graph_counts
from graph.stores import GraphStore, open_store
from ingest.service import ExtractorCache, IngestService
from ingest.structured import import_records

# The four ways Phillip K. Allen signs in the Enron mailboxes (../shared/data/enron).
VARIANTS = [
    ("Phillip K Allen", "phillip.allen@enron.com"),
    ("Allen, Phillip K.", "k..allen@enron.com"),
    ("", "pallen@enron.com"),
    ("Allen, Phillip K.", "Phillip.K.Allen@ENRON.com"),
]
WORLD = [
    {"label": "Account", "id": "acme", "name": "Acme Corp", "domain": "acme.com"},
    {"label": "Account", "id": "acme-2", "name": "ACME Corporation", "domain": "www.acme.com",
     "source": "ingest"},
    {"label": "Contact", "id": "jane", "name": "Jane Roe", "email": "jane@acme.com",
     "account": "acme"},
    {"label": "Contact", "id": "omar", "name": "Omar Haddad", "email": "omar@acme.com",
     "account": "acme-2"},
    {"label": "Employee", "id": "john", "name": "John Arnold", "email": "john.arnold@enron.com"},
]  # fmt: skip


def message(number: int, name: str, address: str, to: str = "jane@acme.com") -> str:
    sender = f"{name} <{address}>" if name else address
    if "," in name:
        sender = f'"{name}" <{address}>'
    return (
        f"From: {sender}\nTo: Jane Roe <{to}>\nSubject: Gas prices {number}\n"
        f"Date: Mon, 0{number} Oct 2001 09:00:00 +0000\nMessage-ID: <allen-{number}@enron.com>\n\n"
        f"Jane,\n\nThe forward curve moved again this week.\n\nPhillip\n"
    )


@pytest.fixture(scope="module")
def extractor_and_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("identity")
    (root / "mail").mkdir()
    for number, (name, address) in enumerate(VARIANTS, start=1):
        (root / "mail" / f"{number}.eml").write_text(message(number, name, address))
    (root / "world.jsonl").write_text("\n".join(json.dumps(r) for r in WORLD))
    return root, []


@pytest.fixture
def store(
    extractor_and_folder: tuple[Path, list[str]], extractors: ExtractorCache, tmp_path: Path
) -> Iterator[GraphStore]:
    root, _ = extractor_and_folder
    opened = open_store(f"grafeo://{tmp_path / 'graph'}")
    opened.create_schema()
    assert import_records(opened, [root / "world.jsonl"]).failed == 0
    service = IngestService(opened, internal_domains=["enron.com"], extractors=extractors)
    assert service.ingest("mail", [root / "mail"]).ingested == 4
    yield opened
    opened.close()


def allen_ids(store: GraphStore) -> set[str]:
    return {
        row["id"]
        for row in store.read("identity_candidates__employee")
        if "allen" in str(row["email"])
    }


def test_four_spellings_are_proposed_merged_and_unmerged(
    store: GraphStore, extractors: ExtractorCache, tmp_path: Path
) -> None:
    ids = allen_ids(store)
    assert len(ids) == 4
    pairs = [p for p in duplicate_people(store) if {p.keep.id, p.merge.id} <= ids]
    assert len(pairs) == 6, "every two of the four"
    assert all(p.score >= 0.6 and p.reasons for p in pairs)
    assert not [p for p in duplicate_people(store) if "john" in (p.keep.id, p.merge.id)]
    before = graph_counts(store)
    keep = pairs[0].keep.id
    others = sorted(ids - {keep})
    for other in others:
        assert person_label(store, keep, other) == "Employee"
        merge_records(store, "Employee", keep, other, actor="curator:test")
    assert allen_ids(store) == {keep}
    kept = employee_detail(store, keep)
    assert sorted(kept.employee["merged_ids"]) == others
    assert len(kept.recent_interactions) == 4, "every message now his"
    assert [k.id for k in kept.knows] == ["jane"], "KNOWS recomputed for the survivor"
    assert kept.knows[0].interaction_count == 4
    after_merge = graph_counts(store)
    assert after_merge["nodes"]["Employee"] == before["nodes"]["Employee"] - 3

    later = tmp_path / "later"
    later.mkdir()
    (later / "5.eml").write_text(message(5, "", "pallen@enron.com"))
    service = IngestService(store, internal_domains=["enron.com"], extractors=extractors)
    assert service.ingest("mail", [later]).ingested == 1
    assert allen_ids(store) == {keep}, "a merged address lands on the survivor"
    assert len(employee_detail(store, keep).recent_interactions) == 5

    restored = others[0]
    report = unmerge_records(store, "person", restored, actor="curator:test")
    assert report.restored == restored and report.kept == keep
    assert allen_ids(store) == {keep, restored}
    back = employee_detail(store, restored)
    assert len(back.recent_interactions) == 1 and [k.id for k in back.knows] == ["jane"]
    assert restored not in employee_detail(store, keep).employee["merged_ids"]
    with pytest.raises(InvalidMerge, match="undone already"):
        unmerge_records(store, "person", restored, actor="curator:test")


def test_a_merge_needs_two_records_of_one_kind(store: GraphStore) -> None:
    with pytest.raises(InvalidMerge, match="only records of one kind"):
        person_label(store, "jane", "john")
    with pytest.raises(NotFound, match="merge: no contact or employee"):
        person_label(store, "jane", "nobody")
    with pytest.raises(InvalidMerge, match="into itself"):
        merge_records(store, "Contact", "jane", "jane", actor="curator:test")
    with pytest.raises(NotFound):
        merge_records(store, "Contact", "nobody", "nobody", actor="curator:test")


def test_accounts_with_name_and_domain_variants(
    store: GraphStore, extractor_and_folder: tuple[Path, list[str]]
) -> None:
    (pair,) = duplicate_accounts(store)
    assert (pair.keep.id, pair.merge.id) == ("acme", "acme-2")
    assert {r.signal for r in pair.reasons} >= {"same_domain", "same_name"}
    before = graph_counts(store)
    merge_records(store, "Account", "acme", "acme-2", actor="curator:test")
    contacts = store.read("account_contacts_with_roles", {"id": "acme"})
    assert sorted(c["id"] for c in contacts) == ["jane", "omar"]
    root, _ = extractor_and_folder
    again = import_records(store, [root / "world.jsonl"])
    assert again.failed == 0 and again.unchanged == 1, "the merged account is not recreated"
    assert not store.read("account_by_id", {"id": "acme-2"})
    assert graph_counts(store)["relationships"]["WORKS_AT"] == 2, "omar's lands on acme"
    unmerge_records(store, "account", "acme-2", actor="curator:test")
    assert graph_counts(store)["relationships"] == before["relationships"]
    assert [c["id"] for c in store.read("account_contacts_with_roles", {"id": "acme-2"})] == [
        "omar"
    ]
