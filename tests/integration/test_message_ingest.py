"""Emails, notes and tickets through the real sources, the real spaCy model and Grafeo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.queries.facts import facts_of_subject_query_name
from graph.stats import graph_counts
from graph.stores import GraphStore
from ingest.service import ExtractorCache, IngestService
from ingest.structured import import_records

WORLD = [
    {
        "label": "Account",
        "id": "acme",
        "name": "Acme Corp",
        "aliases": ["Acme"],
        "domain": "acme.com",
        "status": "customer",
    },
    {
        "label": "Contact",
        "id": "jane",
        "name": "Jane Roe",
        "email": "jane@acme.com",
        "title": "CTO",
        "account": "acme",
    },
    {
        "label": "Employee",
        "id": "sam",
        "name": "Sam Lee",
        "email": "sam@tacit.example",
        "title": "Account Executive",
    },
    {"label": "Product", "id": "insights", "name": "Insights Pro", "aliases": ["Insights"]},
    {"label": "Competitor", "id": "rival", "name": "Rivalytics"},
    {"label": "Concept", "id": "concept:sso", "name": "single sign-on", "synonyms": ["SSO"]},
    {"label": "KBArticle", "id": "kb-1", "title": "Reset a password", "body": "Steps."},
]

FIRST = """\
From: Jane Roe <jane@acme.com>
To: Sam Lee <sam@tacit.example>
Cc: Bob Stone <bob@acme.com>
Subject: Insights Pro
Date: Mon, 03 Jun 2024 09:00:00 +0000
Message-ID: <first@acme.com>

Hi Sam,

We are very interested in Insights Pro for our analysts.
We are not interested in Rivalytics.

Best,
Jane
"""

REPLY = """\
From: Sam Lee <sam@tacit.example>
To: Jane Roe <jane@acme.com>
Subject: Re: Insights Pro
Date: Tue, 04 Jun 2024 10:00:00 +0000
Message-ID: <reply@tacit.example>
In-Reply-To: <first@acme.com>
References: <first@acme.com>

Thanks Jane, I will send you the pricing sheet by Friday.

On Mon, Jun 3, 2024 at 9:00 AM Jane Roe <jane@acme.com> wrote:
> We are very interested in Insights Pro for our analysts.
"""


@pytest.fixture
def world(grafeo_store: GraphStore, tmp_path: Path) -> GraphStore:
    records = tmp_path / "world.jsonl"
    records.write_text("\n".join(json.dumps(r) for r in WORLD), encoding="utf-8")
    assert import_records(grafeo_store, [records]).failed == 0
    return grafeo_store


def mail_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1.eml").write_text(FIRST, encoding="utf-8")
    (folder / "2.eml").write_text(REPLY, encoding="utf-8")
    (folder / "broken.eml").write_bytes(b"\x00\x01 this is not a message")
    return folder


def test_mail_becomes_people_interactions_threads_and_facts(
    world: GraphStore, tmp_path: Path, extractors: ExtractorCache
) -> None:
    service = IngestService(world, internal_domains=["tacit.example"], extractors=extractors)
    summary = service.ingest("mail", [mail_folder(tmp_path)])
    assert (summary.read, summary.ingested, summary.failed) == (3, 2, 1)
    assert "broken.eml" in summary.failures[0].position
    counts = graph_counts(world)
    assert counts["nodes"]["Interaction"] == 2
    assert counts["nodes"]["Contact"] == 2, "bob@acme.com becomes a new contact"
    assert counts["relationships"]["REPLY_TO"] == 1
    assert counts["relationships"]["PARTICIPATED_IN"] == 5
    (bob,) = world.read("get_contact", {"id": "email:bob@acme.com"})
    assert bob["node"]["name"] == "Bob Stone"
    assert counts["relationships"]["WORKS_AT"] == 2, "bob works at the account of his domain"
    facts = world.read(facts_of_subject_query_name("Account"), {"id": "acme"})
    interest = [f for f in facts if f["relation"] == "INTERESTED_IN"]
    assert [f["object_id"] for f in interest] == ["insights"], "a contact's 'we' is the account"
    evidence = json.loads(interest[0]["fact"]["evidence"][0])
    assert evidence["interaction_id"] == "msg:first@acme.com"
    assert "interested in Insights Pro" in evidence["text"]
    assert interest[0]["fact"]["status"] == "proposed"
    assert not [f for f in facts if f["object_id"] == "rival"], "a negation is no fact"
    sams = world.read(facts_of_subject_query_name("Employee"), {"id": "sam"})
    (promise,) = [f for f in sams if f["relation"] != "KNOWS"]
    (knows,) = [f for f in sams if f["relation"] == "KNOWS"]
    assert knows["object_id"] == "jane", "the service derives KNOWS after the run"
    assert promise["relation"] == "COMMITTED_TO" and promise["object_label"] == "Commitment"
    assert "pricing sheet" in promise["object_name"]
    assert promise["fact"]["due"] == "2024-06-07", "by Friday, said on Tuesday 4 June 2024"


def test_ingesting_twice_changes_nothing(
    world: GraphStore, tmp_path: Path, extractors: ExtractorCache
) -> None:
    folder = mail_folder(tmp_path)
    service = IngestService(world, extractors=extractors)
    service.ingest("mail", [folder])
    first = graph_counts(world)
    again = service.ingest("mail", [folder])
    assert (again.ingested, again.unchanged, again.failed) == (0, 2, 1)
    assert graph_counts(world) == first
