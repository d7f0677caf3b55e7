"""graph.frames, exports, prospects and campaigns on a real Grafeo store built from the
repository's fixtures (the test world plus tests/fixtures/commerce.jsonl)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graph.errors import NotFound
from graph.exports import write_graphml, write_jsonl, write_parquet
from graph.frames import evidence_frame, facts_frame, knows_graph, nodes_frame, relationships_frame
from graph.readers import StoreReader, connect
from graph.services.campaigns import link_campaign_replies, list_campaigns, response_rates
from graph.services.prospects import prospects_for_account, prospects_for_product
from graph.stores import GraphStore, open_store
from ingest.messages import MessageIngest
from ingest.service import ExtractorCache, IngestService
from ingest.sources import read_email_paths
from tests.data_science import CAMPAIGN, build_data_science_store
from tests.world import I3, I3_TEXT


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_data_science_store(tmp_path_factory.mktemp("ds"))


@pytest.fixture
def store(store_url: str) -> Iterator[GraphStore]:
    opened = open_store(store_url)
    yield opened
    opened.close()


def test_frames_are_tidy(store: GraphStore) -> None:
    accounts = nodes_frame(store, "Account")
    assert len(accounts) == 12
    assert accounts["id"].tolist() == sorted(accounts["id"])
    assert all(isinstance(i, str) for i in accounts["id"])
    assert str(accounts["created_at"].dtype) == "datetime64[us, UTC]"
    purchases = relationships_frame(store, "PURCHASED")
    assert {"start_id", "end_id", "orders", "first_date"} <= set(purchases.columns)
    assert str(purchases["first_date"].dtype) == "datetime64[us, UTC]"
    knows = relationships_frame(store, "KNOWS")
    # the relationship's own `source` property never hides which person it starts at
    assert set(knows["start_id"]) <= set(nodes_frame(store, "Employee")["id"])
    assert "components.recency.contribution" in knows.columns
    assert "evidence" not in relationships_frame(store, "COMPLAINED_ABOUT").columns
    nothing = relationships_frame(store, "EVALUATING")
    assert nothing.empty and {"start_id", "fact_id", "status", "confidence"} <= set(nothing.columns)
    structural = relationships_frame(store, "REPORTS_TO")  # also a fact type, without fact ids
    assert not structural.empty and structural["fact_id"].isna().all()


def test_evidence_is_its_own_table_and_points_into_the_text(store: GraphStore) -> None:
    evidence = evidence_frame(store)
    complaints = evidence[evidence["relation"] == "COMPLAINED_ABOUT"]
    assert len(complaints) == 2 and complaints["fact_id"].nunique() == 1
    from_the_note = complaints[complaints["interaction_id"] == I3].iloc[0]
    assert I3_TEXT[from_the_note["start"] : from_the_note["end"]] == from_the_note["text"]
    facts = facts_frame(store)
    assert set(evidence["fact_id"]) <= set(facts["fact_id"])


def test_a_reader_opened_by_connect_reads_the_same_as_the_store(
    store_url: str, store: GraphStore
) -> None:
    expected = nodes_frame(store, "Contact")
    store.close()
    with connect(store_url) as reader:
        assert isinstance(reader, StoreReader)
        pd.testing.assert_frame_equal(nodes_frame(reader, "Contact"), expected)
        assert knows_graph(reader).number_of_edges() == 4


def test_graphml_parquet_and_jsonl_exports(store: GraphStore, tmp_path: Path) -> None:
    counts = write_graphml(store, tmp_path / "g.graphml", labels=["Account", "Product"])
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert graph.number_of_nodes() == 12 + 6 == sum(counts.nodes.values())
    assert {d["label"] for _, d in graph.nodes(data=True)} == {"Account", "Product"}
    assert {d["type"] for _, _, d in graph.edges(data=True)} == {"PURCHASED"}
    assert graph.number_of_edges() == counts.relationships["PURCHASED"] == 25

    written = write_parquet(store, tmp_path / "parquet")
    assert pd.read_parquet(tmp_path / "parquet" / "nodes_Account.parquet").shape[0] == 12
    evidence = pd.read_parquet(tmp_path / "parquet" / "evidence.parquet")
    assert len(evidence) == len(evidence_frame(store))
    assert str(tmp_path / "parquet" / "relationships_RESPONDED.parquet") in written.files

    out = io.StringIO()
    counts = write_jsonl(store, out, labels=["Campaign", "Contact"])
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sum(1 for line in lines if line.get("label") == "Campaign") == 1
    responded = [line for line in lines if line.get("rel") == "RESPONDED"]
    assert len(responded) == counts.relationships["RESPONDED"] == 8
    assert not [line for line in lines if line.get("rel") == "WORKS_AT"]  # Account not chosen


def test_the_audit_log_is_never_exported(store: GraphStore) -> None:
    with pytest.raises(ValueError, match="AuditEntry cannot be exported"):
        write_jsonl(store, io.StringIO(), labels=["AuditEntry"])


def test_prospects_for_an_account_and_for_a_product(store: GraphStore) -> None:
    answer = prospects_for_account(store, "globex", limit=5).model_dump()
    assert answer["account"] == {"id": "globex", "name": "Globex Logistics", "status": "customer"}
    owned = {"product:beacon", "product:chatbot", "product:relay", "product:lantern"}
    proposed = [p["product"]["id"] for p in answer["prospects"]]
    assert proposed and not set(proposed) & owned
    first = answer["prospects"][0]
    assert set(first) == {"product", "score", "reasons"}
    assert first["product"]["name"]
    assert first["score"] == pytest.approx(sum(r["contribution"] for r in first["reasons"]), 1e-3)
    assert all(r["kind"] == "similar_account" and r["account"]["name"] for r in first["reasons"])

    by_product = prospects_for_product(store, "product:chatbot", limit=20).model_dump()
    buyers = {"acme", "globex", "umbrella", "tyrell"}
    assert by_product["product"] == {"id": "product:chatbot", "name": "Beacon Chat"}
    assert by_product["prospects"]
    assert not {p["account"]["id"] for p in by_product["prospects"]} & buyers

    with pytest.raises(NotFound, match="no account with id 'nobody'"):
        prospects_for_account(store, "nobody")
    with pytest.raises(NotFound, match="no product"):
        prospects_for_product(store, "product:none")


def test_an_account_that_bought_nothing_gets_the_best_sellers(store: GraphStore) -> None:
    answer = prospects_for_account(store, "initech", limit=2)
    assert [p.product.id for p in answer.prospects] == ["product:beacon", "product:vault"]
    assert answer.prospects[0].reasons[0].kind == "popular"


def test_response_rates_by_segment(store: GraphStore) -> None:
    rates = response_rates(store, CAMPAIGN, by="industry")
    assert (rates.overall.sent, rates.overall.responded) == (12, 5)
    by_segment = {s.segment: (s.sent, s.responded) for s in rates.segments}
    assert by_segment == {
        "unknown": (5, 1),
        "manufacturing": (3, 1),
        "healthcare": (2, 1),
        "logistics": (1, 1),
        "retail": (1, 1),
    }
    manufacturing = next(s for s in rates.segments if s.segment == "manufacturing")
    assert manufacturing.rate_low < manufacturing.rate < manufacturing.rate_high
    assert manufacturing.by_kind["meeting"] == 1
    meetings = response_rates(store, CAMPAIGN, by="status", kind="meeting")
    assert meetings.overall.responded == 2  # a meeting, and a sale that implies one
    assert list_campaigns(store)[0].model_dump()["response_rate"] == round(5 / 12, 4)
    with pytest.raises(NotFound):
        response_rates(store, "campaign:none")


REPLY = """\
From: Dana Whitfield <dana.whitfield@acme.com>
To: Maria Santos <maria.santos@brightline.io>
Subject: Re: your news
Date: Wed, 03 Apr 2024 10:00:00 +0000
Message-ID: <dana-reply@acme.com>
In-Reply-To: <beacon-chat-launch@brightline.io>

Hi Maria, we would like a demo of Beacon Chat. Dana
"""
BY_SUBJECT = """\
From: Sofia Alvarez <sofia.alvarez@globex.com>
To: Maria Santos <maria.santos@brightline.io>
Subject: RE: Meet  Beacon Chat
Date: Thu, 04 Apr 2024 10:00:00 +0000
Message-ID: <sofia-reply@globex.com>

Interesting, please call me next week. Sofia
"""
NOT_A_REPLY = """\
From: Rachel Nguyen <rachel.nguyen@initech.com>
To: Maria Santos <maria.santos@brightline.io>
Subject: Meet Beacon Chat
Date: Thu, 04 Apr 2024 11:00:00 +0000
Message-ID: <rachel-new@initech.com>

Forwarding this to my team.
"""


def _reply_mail(folder: Path) -> Path:
    folder.mkdir()
    for name, text in (("1.eml", REPLY), ("2.eml", BY_SUBJECT), ("3.eml", NOT_A_REPLY)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _replied(store: GraphStore) -> set[tuple[str, str, str]]:
    return {
        (row["start_id"], row["matched_by"], row["interaction_id"])
        for row in relationships_frame(store, "RESPONDED").to_dict("records")
        if row["kind"] == "replied"
    }


def test_campaign_replies_ingested_as_mail_are_linked(
    tmp_path: Path, extractors: ExtractorCache
) -> None:
    url = build_data_science_store(tmp_path / "store")
    mail = _reply_mail(tmp_path / "mail")
    store = open_store(url)
    try:
        service = IngestService(store, internal_domains=["brightline.io"], extractors=extractors)
        summary = service.ingest("mail", [mail])
        assert summary.ingested == 3
        assert _replied(store) == {
            ("email:dana.whitfield@acme.com", "in_reply_to", "msg:dana-reply@acme.com"),
            ("email:sofia.alvarez@globex.com", "subject", "msg:sofia-reply@globex.com"),
        }
        about = relationships_frame(store, "ABOUT")
        assert set(about[about["end_id"] == CAMPAIGN]["start_id"]) == {
            "msg:dana-reply@acme.com",
            "msg:sofia-reply@globex.com",
        }
        assert response_rates(store, CAMPAIGN).overall.by_kind["replied"] == 2
        # linking again, over the whole graph, finds the same and adds nothing
        again = link_campaign_replies(store)
        assert {link.interaction_id for link in again} == {
            "msg:dana-reply@acme.com",
            "msg:sofia-reply@globex.com",
        }
        assert len(relationships_frame(store, "RESPONDED")) == 8 + 2
    finally:
        store.close()


def test_campaign_replies_of_an_interrupted_run_are_linked_when_it_is_run_again(
    tmp_path: Path, extractors: ExtractorCache
) -> None:
    url = build_data_science_store(tmp_path / "store")
    mail = _reply_mail(tmp_path / "mail")
    store = open_store(url)
    try:
        service = IngestService(store, internal_domains=["brightline.io"], extractors=extractors)
        # the messages written, the run killed before its campaign links
        written = MessageIngest(
            store,
            service.extractor(),
            source="mail",
            internal_domains=["brightline.io"],
            batch_size=service.batch_size,
        ).run(read_email_paths([mail]))
        assert written.ingested == 3 and not _replied(store)
        again = service.ingest("mail", [mail])
        assert (again.ingested, again.unchanged) == (0, 3)
        assert _replied(store) == {
            ("email:dana.whitfield@acme.com", "in_reply_to", "msg:dana-reply@acme.com"),
            ("email:sofia.alvarez@globex.com", "subject", "msg:sofia-reply@globex.com"),
        }
    finally:
        store.close()
