"""Experts need topical evidence; as-of ranking; routing to queues; the KB knows its gaps.

A small real Grafeo store: Erin answers SSO/SAML questions and wrote the SSO article,
Grace answers billing, Henry answers many unrelated questions lately (the most active),
Frank is said, in an approved statement, to be "our expert on SAML".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import Concept, Contact, Employee, Interaction, KBArticle, Node, Queue
from graph.queries.registry import REGISTRY, write_query
from graph.services.expertise_derive import derive_expertise
from graph.services.experts import experts_for
from graph.services.faq import compute_smart_faq
from graph.services.kb import kb_answer
from graph.services.merge import merge_records
from graph.services.routing import route_request
from graph.stores import open_store
from graph.stores.base import GraphStore
from graph.writes import GraphWriter, Relationship

STATEMENT = "Frank is our expert on SAML, ask him anything about certificates."


def _stated_fact(store: GraphStore) -> None:
    name = "test_routing_stated_expertise"
    if name not in REGISTRY:
        write_query(
            name,
            """
            UNWIND $rows AS row
            MATCH (s:Employee {id: row.from})
            MATCH (o:Concept {id: row.to})
            CREATE (s)-[f:EXPERT_IN]->(o)
            SET f += row.props
            """,
        )
    evidence = {"interaction_id": "msg:intro", "text": STATEMENT, "start": 0, "end": 60}
    props = {
        "id": "fact:expert:frank:saml",
        "status": "approved",
        "confidence": 0.9,
        "evidence": [json.dumps(evidence)],
        "interaction_ids": ["msg:intro"],
        "valid_from": "2024-05-01T00:00:00+00:00",
    }
    store.write(name, {"rows": [{"from": "employee:frank", "to": "concept:saml", "props": props}]})


def _interaction(id_: str, kind: str, when: str, subject: str | None, text: str) -> Interaction:
    return Interaction.model_validate(
        {"id": id_, "kind": kind, "subject": subject, "text": text, "occurred_at": when}
    )


def build(store: GraphStore) -> None:
    nodes: list[Node] = [
        Contact(id="contact:alice", name="Alice Ames"),
        Employee(id="employee:erin", name="Erin Eads"),
        Employee(id="employee:grace", name="Grace Gu"),
        Employee(id="employee:henry", name="Henry Hu"),
        Employee(id="employee:frank", name="Frank Fox"),
        Concept(id="concept:sso", name="SSO", synonyms=["single sign-on"]),
        Concept(id="concept:saml", name="SAML"),
        Concept(id="concept:billing", name="billing", synonyms=["invoice", "invoices"]),
        KBArticle(
            id="kb:sso",
            title="Configure single sign-on",
            body="How to configure SSO with SAML: upload the certificate, set the ACS url.",
        ),
        KBArticle(
            id="kb:invoices",
            title="Download your invoices",
            body="Billing: download every invoice as PDF from the billing page.",
        ),
        _interaction("msg:intro", "email", "2024-05-01T09:00:00+00:00", "Intro", STATEMENT),
        Queue.model_validate(
            {"id": "queue:identity", "name": "Identity", "concepts": ["concept:sso"],
             "members": ["employee:erin", "employee:frank"]}
        ),
        Queue.model_validate(
            {"id": "queue:billing", "name": "Billing", "concepts": ["concept:billing"],
             "members": ["employee:grace"]}
        ),
    ]  # fmt: skip
    rels: list[Relationship] = [
        Relationship("ABOUT", "kb:sso", "concept:sso"),
        Relationship("ABOUT", "kb:invoices", "concept:billing"),
        Relationship("WROTE", "employee:erin", "kb:sso"),
        Relationship("BROADER", "concept:saml", "concept:sso"),
        Relationship("ABOUT", "queue:identity", "concept:sso", start_label="Queue"),
        Relationship("ABOUT", "queue:billing", "concept:billing", start_label="Queue"),
    ]
    qa = [
        ("q1", "2024-04-01", "How do I configure SSO with SAML?", "employee:erin", "concept:sso",
         "Configure SSO under Admin, Security: upload the SAML certificate of your provider."),
        ("q2", "2024-04-02", "SAML certificate expired, login fails", "employee:erin",
         "concept:saml", "Rotate the SAML certificate: upload the new one before the old expires."),
        ("q3", "2024-04-03", "How do I download an invoice?", "employee:grace", "concept:billing",
         "Invoices are on the billing page; each one downloads as PDF."),
    ]  # fmt: skip
    for n in range(12):
        qa.append(
            (f"p{n}", f"2024-04-{10 + n}", f"Parking permit number {n} for the office garage",
             "employee:henry", "concept:parking", "The garage permit desk opens at nine.")
        )  # fmt: skip
    nodes.append(Concept(id="concept:parking", name="parking"))
    for qid, day, title, answerer, concept, answer in qa:
        nodes.append(
            _interaction(f"question:{qid}", "question", f"{day}T09:00:00+00:00", title, title)
        )
        nodes.append(_interaction(f"answer:{qid}", "answer", f"{day}T11:00:00+00:00", None, answer))
        rels += [
            Relationship("PARTICIPATED_IN", "contact:alice", f"question:{qid}", {"role": "author"}),
            Relationship("PARTICIPATED_IN", answerer, f"answer:{qid}", {"role": "author"}),
            Relationship("REPLY_TO", f"answer:{qid}", f"question:{qid}"),
            Relationship("MENTIONS", f"question:{qid}", concept),
        ]  # fmt: skip
    writer = GraphWriter(store)
    writer.upsert_nodes(nodes)
    rejected = writer.merge_relationships(rels)
    assert not rejected, rejected
    _stated_fact(store)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    path: Path = tmp_path_factory.mktemp("routing")
    opened = open_store(f"grafeo://{path}")
    opened.create_schema()
    build(opened)
    derive_expertise(opened)
    yield opened
    opened.close()


def test_no_expert_without_topical_evidence(store: GraphStore) -> None:
    experts = experts_for(store, "How do I configure single sign-on?", limit=10)
    ids = [e.id for e in experts]
    assert "employee:henry" not in ids  # the most active person, but not on this topic
    assert ids[0] == "employee:erin"
    for expert in experts:
        assert expert.evidence, expert.id
        topical = ("documents", "concepts", "stated", "articles")
        assert any(expert.components[name].value > 0 for name in topical)
    # Her own words are the evidence, not the question's subject.
    snippets = " ".join(item.snippet for item in experts[0].evidence)
    assert "upload" in snippets
    sources = {item.source: item.interaction_id for item in experts[0].evidence}
    assert sources.get("article") == "kb:sso", "her article is cited as an article"


def test_the_prior_only_orders_people_with_evidence(store: GraphStore) -> None:
    parking = experts_for(store, "parking permit garage", limit=10)
    assert [e.id for e in parking] == ["employee:henry"]
    assert parking[0].prior.factor == 1.0


def test_explicit_statement_puts_them_first(store: GraphStore) -> None:
    experts = experts_for(store, "SAML", limit=5)
    assert experts[0].id == "employee:frank"
    assert experts[0].components["stated"].value > 0
    assert experts[0].evidence[0].snippet.startswith("Frank is our expert on SAML")


def test_as_of_excludes_later_answers(store: GraphStore) -> None:
    before = experts_for(store, "configure SSO with SAML", as_of="2024-04-01T10:00:00+00:00")
    assert before == []  # the question is there, nobody had answered it yet
    after = experts_for(store, "configure SSO with SAML", as_of="2024-04-01T12:00:00Z")
    assert [e.id for e in after] == ["employee:erin"]
    assert [item.interaction_id for item in after[0].evidence] == ["answer:q1"]
    now = experts_for(store, "configure SSO with SAML")
    assert {"employee:erin", "employee:frank"} <= {e.id for e in now}


def test_routing_picks_the_queue_with_the_expertise(store: GraphStore) -> None:
    saml = route_request(store, "Our SAML certificate expired and nobody can log in")
    assert saml.queue is not None and saml.queue.id == "queue:identity"
    assert {t.id for t in saml.topics} >= {"concept:saml", "concept:sso"}
    assert saml.people[0].queues == ["queue:identity"]
    assert saml.people[0].load.open_tickets == 0
    billing = route_request(store, "How do I download my invoice?")
    assert billing.queue is not None and billing.queue.id == "queue:billing"
    assert billing.articles[0].id == "kb:invoices"
    # The same question was asked before and answered by a person, not by an article.
    assert billing.no_good_article and "not resolved by any article" in billing.articles_reason


def test_kb_says_no_good_article_for_an_unrelated_question(store: GraphStore) -> None:
    unrelated = kb_answer(store, "What is the best stout recipe for a cold winter?")
    assert unrelated.no_good_article
    assert "no good article" in unrelated.reason
    related = kb_answer(store, "How do I configure single sign-on with SAML?")
    assert not related.no_good_article and related.items[0].id == "kb:sso"
    assert related.items[0].score >= related.threshold > unrelated.threshold - 1


def test_faq_groups_customer_questions_only(store: GraphStore) -> None:
    faq = compute_smart_faq(store)
    assert faq.questions == 15  # questions; the answers are not questions
    parking = [g for g in faq.groups if "parking" in g.topic]
    assert parking and parking[0].size == 12
    assert "answer:" not in json.dumps(faq.model_dump())


def test_expertise_can_be_recomputed_for_some_people(store: GraphStore) -> None:
    everyone = experts_for(store, "configure SSO with SAML")
    report = derive_expertise(store, employee_ids=["employee:erin"])
    assert report["employees"] == 1 and report["expert_in"] >= 2  # sso and saml
    again = experts_for(store, "configure SSO with SAML")
    assert [(e.id, e.score) for e in again] == [(e.id, e.score) for e in everyone]


def test_a_queue_member_merged_into_another_record_routes_to_the_survivor(
    tmp_path: Path,
) -> None:
    opened = open_store(f"grafeo://{tmp_path / 'graph'}")
    try:
        opened.create_schema()
        build(opened)
        GraphWriter(opened).upsert_nodes([Employee(id="employee:g.gu", name="Grace Gu")])
        derive_expertise(opened)
        merge_records(opened, "Employee", "employee:g.gu", "employee:grace", "curator:test")
        billing = route_request(opened, "How do I download my invoice?")
        assert billing.queue is not None and billing.queue.id == "queue:billing"
        assert "employee:g.gu" in billing.queue.members
        assert billing.people[0].id == "employee:g.gu"
        assert billing.people[0].queues == ["queue:billing"]
    finally:
        opened.close()
