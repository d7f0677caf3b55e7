"""Concept proposals need support: through real mail, the real spaCy model and Grafeo."""

from __future__ import annotations

from pathlib import Path

from graph.services.concept_support import concept_proposals, concepts_by_status
from graph.services.listing import concepts_page
from graph.stores import GraphStore
from ingest.service import ExtractorCache, IngestService


def _mail(number: int, sender: str, body: str) -> str:
    return (
        f"From: {sender}\nTo: Sam Lee <sam@tacit.example>\nSubject: Note {number}\n"
        f"Date: Mon, 0{number} Jun 2024 09:00:00 +0000\nMessage-ID: <n{number}@acme.com>\n\n"
        f"{body}\n"
    )


MAILS = [
    ("Jane Roe <jane@acme.com>", "Our data retention policy needs a review this quarter."),
    ("Bob Stone <bob@acme.com>", "Legal asked about the data retention policy again."),
    ("Bob Stone <bob@acme.com>", "The offline sync bug is back on the tablets."),
    ("Bob Stone <bob@acme.com>", "I logged the offline sync bug in the tracker."),
    ("Jane Roe <jane@acme.com>", "We signed the Service Level Agreement (SLA) last week."),
]


def test_only_supported_phrases_are_proposed_most_supported_first(
    grafeo_store: GraphStore, tmp_path: Path, extractors: ExtractorCache
) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    for number, (sender, body) in enumerate(MAILS, start=1):
        (folder / f"{number}.eml").write_text(_mail(number, sender, body), encoding="utf-8")
    service = IngestService(grafeo_store, internal_domains=["tacit.example"], extractors=extractors)
    assert service.ingest("mail", [folder]).ingested == len(MAILS)

    proposals = concept_proposals(grafeo_store).items
    names = [p.name for p in proposals]
    assert names[0] == "data retention policy", "two interactions by two writers, first"
    assert proposals[0].support.interactions == 2 and proposals[0].support.writers == 2
    assert "SLA" in names, "an acronym the text spells out is proposed at once"
    assert next(p for p in proposals if p.name == "SLA").support.defined
    assert "offline sync bug" not in names, "one writer is not support enough"
    candidates = concepts_page(grafeo_store, q="offline", status="candidate").items
    assert [c.name for c in candidates] == ["offline sync bug"]
    counts = concepts_by_status(grafeo_store)
    assert counts["proposed"] == len(proposals) and counts["candidate"] >= 1
