"""Commitments per promise and relationships from every interaction, on a real store,
through the real sources and the real spaCy model: mail, a call note and tickets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph.model import ReviewStatus
from graph.services.accounts import account_360
from graph.services.audit import audit_page
from graph.services.commitments import commitments_page, set_commitment_status
from graph.services.curation import review_fact
from graph.services.derived import derive_all
from graph.services.listing import facts_page
from graph.stores import GraphStore, open_store
from ingest.service import ExtractorCache, IngestService
from ingest.structured import import_records

DOMAIN = "tacit.example"
WORLD = [
    {"label": "Account", "id": "acme", "name": "Acme Corp", "domain": "acme.com"},
    {"label": "Account", "id": "globex", "name": "Globex", "domain": "globex.com"},
    {"label": "Contact", "id": "jane", "name": "Jane Roe", "email": "jane@acme.com",
     "account": "acme"},
    {"label": "Contact", "id": "tom", "name": "Tom Becker", "email": "tom@globex.com",
     "account": "globex"},
    {"label": "Employee", "id": "sam", "name": "Sam Lee", "email": f"sam@{DOMAIN}"},
    {"label": "Employee", "id": "eve", "name": "Eve Park", "email": f"eve@{DOMAIN}"},
]  # fmt: skip
PROMISE = "I will send you the updated proposal by Friday."


def mail(to: str, name: str, message_id: str, day: str, text: str) -> str:
    return (
        f"From: Sam Lee <sam@{DOMAIN}>\nTo: {name} <{to}>\nSubject: Proposal\n"
        f"Date: {day}\nMessage-ID: <{message_id}>\n\nHi {name.split()[0]},\n\n{text}\n\nSam\n"
    )


CALL_NOTE = """---
date: 2025-03-04
kind: call
author: sam@tacit.example
account: acme
contacts: [jane]
---
# Call with Acme

- We agreed that Sam Lee will send a follow-up summary by Friday.
"""


def tickets() -> str:
    lines = []
    for n, (who, account) in enumerate(
        [("jane@acme.com", "acme")] * 3 + [("tom@globex.com", "globex")] * 2, start=1
    ):
        lines.append(
            json.dumps(
                {
                    "id": f"T-{n}",
                    "account": account,
                    "subject": "Export fails",
                    "messages": [
                        {"from": who, "date": f"2025-03-0{n}T09:00:00", "text": "Exports fail."},
                        {
                            "from": f"eve@{DOMAIN}",
                            "date": f"2025-03-0{n}T11:00:00",
                            "text": "Fixed: please try again.",
                        },
                    ],
                }  # fmt: skip
            )
        )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("promises")
    (root / "mail").mkdir()
    (root / "later").mkdir()
    (root / "notes").mkdir()
    (root / "mail" / "acme.eml").write_text(
        mail("jane@acme.com", "Jane Roe", "p1@tacit.example", "Mon, 03 Mar 2025 09:00 +0000",
             PROMISE)
    )  # fmt: skip
    (root / "mail" / "globex.eml").write_text(
        mail("tom@globex.com", "Tom Becker", "p2@tacit.example", "Mon, 03 Mar 2025 09:30 +0000",
             PROMISE)
    )  # fmt: skip
    (root / "later" / "kept.eml").write_text(
        mail("jane@acme.com", "Jane Roe", "p3@tacit.example", "Thu, 06 Mar 2025 10:00 +0000",
             "Attached is the updated proposal I promised.")
    )  # fmt: skip
    (root / "notes" / "acme-call.md").write_text(CALL_NOTE)
    (root / "tickets.jsonl").write_text(tickets())
    (root / "world.jsonl").write_text("\n".join(json.dumps(r) for r in WORLD))
    return root


@pytest.fixture(scope="module")
def store(folder: Path, extractors: ExtractorCache) -> Iterator[GraphStore]:
    opened = open_store(f"grafeo://{folder / 'graph'}")
    opened.create_schema()
    assert import_records(opened, [folder / "world.jsonl"]).failed == 0
    service = IngestService(opened, internal_domains=[DOMAIN], extractors=extractors)
    for kind, path in (
        ("mail", folder / "mail"),
        ("notes", folder / "notes"),
        ("tickets", folder / "tickets.jsonl"),
    ):
        summary = service.ingest(kind, [path])
        assert summary.failed == 0, summary.failures
    yield opened
    opened.close()


def promises_to(store: GraphStore, account: str) -> list[str]:
    return [c.promise for c in commitments_page(store, account=account).items]


def test_the_same_words_to_two_customers_are_two_commitments(store: GraphStore) -> None:
    sams = commitments_page(store, owner="sam").items
    proposals = [c for c in sams if "updated proposal" in c.promise]
    assert len(proposals) == 2 and proposals[0].id != proposals[1].id
    for account, message in (("acme", "msg:p1@tacit.example"), ("globex", "msg:p2@tacit.example")):
        page = account_360(store, account)
        mine = [c for c in page.open_commitments if "updated proposal" in (c.object_name or "")]
        assert len(mine) == 1, account
        assert [e.interaction_id for e in mine[0].evidence] == [message]
        assert mine[0].made_in == message and mine[0].due == "2025-03-07"


def test_a_promise_in_a_call_note_is_on_the_account_page(store: GraphStore) -> None:
    page = account_360(store, "acme")
    (summary,) = [c for c in page.open_commitments if "follow-up summary" in (c.object_name or "")]
    assert summary.subject_id == "sam" and summary.due == "2025-03-07"
    assert "follow-up summary" not in " ".join(promises_to(store, "globex"))


def test_overdue_on_a_given_day(store: GraphStore) -> None:
    before = commitments_page(store, account="globex", overdue=True, as_of=date(2025, 3, 7))
    assert before.items == []
    late = commitments_page(store, account="globex", overdue=True, as_of=date(2025, 3, 10)).items
    assert [(c.promise, c.days_overdue) for c in late] == [("send the updated proposal", 3)]
    assert all(c.overdue and c.status == "open" for c in late)


def test_marking_done_records_who_and_when(store: GraphStore) -> None:
    (globex,) = list(commitments_page(store, account="globex").items)
    done = set_commitment_status(store, globex.id, "done", actor="curator:ann")
    assert (done.status, done.status_changed_by, done.overdue) == ("done", "curator:ann", False)
    assert done.status_changed_at
    assert commitments_page(store, account="globex", status="open").items == []
    (entry,) = audit_page(store, action="commitment.done").items
    assert entry.target == globex.id and entry.actor == "curator:ann"
    set_commitment_status(store, globex.id, "open", actor="curator:ann")


def test_a_later_message_proposes_closing_the_promise_it_keeps(
    store: GraphStore, folder: Path, extractors: ExtractorCache
) -> None:
    service = IngestService(store, internal_domains=[DOMAIN], extractors=extractors)
    assert service.ingest("mail", [folder / "later"]).ingested == 1
    proposed = list(facts_page(store, status="proposed", relation="FULFILLED", limit=50).items)
    assert len(proposed) == 1, "only the promise to Acme, not the same words to Globex"
    (fact,) = proposed
    (acme,) = [c for c in commitments_page(store, account="acme").items if "proposal" in c.promise]
    assert fact.object.id == acme.id and fact.subject.id == "sam"
    assert fact.evidence[0].text == "Attached is the updated proposal I promised."
    assert acme.status == "open" and acme.closing_proposals[0].fact_id == fact.id
    review_fact(store, fact.id, ReviewStatus.APPROVED, actor="curator:ann")
    (closed,) = [c for c in commitments_page(store, account="acme").items if c.id == acme.id]
    assert closed.status == "done" and closed.status_changed_by == "curator:ann"


def test_ticket_answers_and_call_attendance_count_for_knows(store: GraphStore) -> None:
    page = account_360(store, "acme")
    knowers = {k.employee_id: k for k in page.who_knows_best}
    eve_jane = knowers["eve"].contacts[0]
    assert eve_jane.contact_id == "jane" and eve_jane.interaction_count == 6
    assert eve_jane.components["channel"]["by_kind"] == {
        "ticket": {"interactions": 6, "weight": 0.5}
    }
    assert eve_jane.components["reciprocity"]["value"] == 1.0
    sam_kinds = knowers["sam"].contacts[0].components["channel"]["by_kind"]
    assert set(sam_kinds) == {"email", "call"}, "the note's contact attended the call"


def test_incremental_knows_is_what_a_full_recompute_finds(store: GraphStore) -> None:
    def edges() -> dict[tuple[str, str], int]:
        rows = store.read("employee_knows", {"id": "sam", "limit": 100})
        rows += store.read("employee_knows", {"id": "eve", "limit": 100})
        return {(r["id"], r["label"]): r["interaction_count"] for r in rows}

    incremental = edges()
    assert incremental
    derive_all(store)
    assert edges() == incremental
