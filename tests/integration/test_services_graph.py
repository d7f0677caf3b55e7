"""A small hand-built graph that every service test runs against."""

from __future__ import annotations

import json
from typing import Any

from graph.model import (
    Account,
    Commitment,
    Competitor,
    Concept,
    Contact,
    Employee,
    Interaction,
    KBArticle,
    Node,
    Preference,
    Product,
    Queue,
    Role,
)
from graph.queries.registry import REGISTRY, write_query
from graph.stores.base import GraphStore
from graph.writes import GraphWriter, Relationship

NOW = "2024-06-01T12:00:00+00:00"


def fact_query(rel_type: str, start: str, end: str) -> str:
    name = f"test_services_fact_{rel_type.lower()}_{start.lower()}_{end.lower()}"
    if name not in REGISTRY:
        write_query(
            name,
            f"""
            UNWIND $rows AS row
            MATCH (s:{start} {{id: row.from}})
            MATCH (o:{end} {{id: row.to}})
            CREATE (s)-[f:{rel_type}]->(o)
            SET f += row.props
            """,
        )
    return name


def fact(
    store: GraphStore,
    rel_type: str,
    start: tuple[str, str],
    end: tuple[str, str],
    interaction_id: str,
    text: str,
    **extra: Any,
) -> None:
    props = {
        "id": f"fact:{rel_type}:{start[1]}:{end[1]}",
        "status": "approved",
        "confidence": 0.9,
        "evidence": [
            json.dumps(
                {"interaction_id": interaction_id, "text": text, "start": 0, "end": len(text)}
            )
        ],
        "interaction_ids": [interaction_id],
        "valid_from": "2024-05-01T00:00:00+00:00",
        **extra,
    }
    store.write(
        fact_query(rel_type, start[0], end[0]),
        {"rows": [{"from": start[1], "to": end[1], "props": props}]},
    )


def email(
    id_: str, when: str, subject: str, text: str = "", recipients: int = 1, kind: str = "email"
) -> Interaction:
    return Interaction.model_validate(
        {
            "id": id_,
            "kind": kind,
            "subject": subject,
            "text": text or subject,
            "occurred_at": when,
            "recipient_count": recipients,
        }
    )


def build(store: GraphStore) -> None:
    store.create_schema()
    writer = GraphWriter(store, clock=lambda: NOW)
    nodes: list[Node] = [
        Account(id="account:acme", name="Acme", status="customer"),
        Account(id="account:globex", name="Globex"),
        Contact(id="contact:alice", name="Alice Ames", title="CTO"),
        Contact(id="contact:bob", name="Bob Brown"),
        Contact(id="contact:carol", name="Carol Chen"),
        Contact(id="contact:dave", name="Dave Dunn"),
        Employee(id="employee:erin", name="Erin Eads", external_id="erin"),
        Employee(id="employee:frank", name="Frank Fox", external_id="frank"),
        Employee(id="employee:grace", name="Grace Gu", external_id="grace", department="Support"),
        Product(id="product:widget", name="Widget"),
        Competitor(id="competitor:initech", name="Initech"),
        Concept(id="concept:sso", name="SSO", synonyms=["single sign-on"]),
        Concept(id="concept:saml", name="SAML"),
        Concept(id="concept:billing", name="billing", synonyms=["invoice"]),
        Preference(id="preference:email", name="email over calls"),
        Commitment(id="commitment:sso-guide", name="send the SSO guide", due="2024-06-10"),
        Role(id="role:decision-maker", name="decision maker"),
        Queue(id="queue:identity", name="Identity", members=["employee:erin"]),
        KBArticle(
            id="kb:sso",
            title="Configure single sign-on",
            body="How to configure SSO with SAML: upload the certificate, set the ACS url.",
        ),
        KBArticle(
            id="kb:sso-copy",
            title="Configure single sign-on (copy)",
            body="How to configure SSO with SAML: upload the certificate, set the ACS url.",
        ),
        KBArticle(
            id="kb:invoices",
            title="Export invoices",
            body="Billing: export every invoice as CSV from the billing page.",
        ),
    ]
    rels: list[Relationship] = []

    def took_part(person: str, interaction: str, role: str) -> None:
        rels.append(Relationship("PARTICIPATED_IN", person, interaction, {"role": role}))

    # Erin and Alice: two-way email and a meeting, recent.
    for n, day in enumerate(("05-20", "05-22", "05-25")):
        nodes.append(email(f"msg:ea{n}", f"2024-{day}T09:00:00+00:00", "SSO rollout"))
        took_part("employee:erin", f"msg:ea{n}", "from")
        took_part("contact:alice", f"msg:ea{n}", "to")
        nodes.append(email(f"msg:ae{n}", f"2024-{day}T10:00:00+00:00", "Re: SSO rollout"))
        took_part("contact:alice", f"msg:ae{n}", "from")
        took_part("employee:erin", f"msg:ae{n}", "to")
    nodes.append(email("meeting:1", "2024-05-28T14:00:00+00:00", "SSO review", kind="meeting"))
    took_part("employee:erin", "meeting:1", "attendee")
    took_part("contact:alice", "meeting:1", "attendee")
    rels.append(Relationship("ABOUT", "msg:ea0", "account:acme"))
    # Frank writes to Bob five times; Bob never answers.
    for n in range(5):
        nodes.append(email(f"msg:fb{n}", f"2024-05-{10 + n}T09:00:00+00:00", "Widget offer"))
        took_part("employee:frank", f"msg:fb{n}", "from")
        took_part("contact:bob", f"msg:fb{n}", "to")
    # Grace's newsletter to 40 people reaches Alice.
    nodes.append(email("msg:news", "2024-05-30T09:00:00+00:00", "Newsletter", recipients=40))
    took_part("employee:grace", "msg:news", "from")
    took_part("contact:alice", "msg:news", "to")
    # Frank meets Carol; Alice and Carol share a thread.
    nodes.append(email("meeting:2", "2024-05-15T14:00:00+00:00", "Intro call", kind="meeting"))
    took_part("employee:frank", "meeting:2", "attendee")
    took_part("contact:carol", "meeting:2", "attendee")
    nodes.append(email("msg:ac", "2024-05-16T09:00:00+00:00", "Conference", recipients=2))
    took_part("contact:alice", "msg:ac", "from")
    took_part("contact:carol", "msg:ac", "to")
    # Questions and answers.
    qa = [
        ("q1", "How do I configure SSO with SAML?", "employee:erin", True, "concept:sso"),
        ("q2", "SAML certificate expired, login fails", "employee:erin", False, "concept:saml"),
        ("q3", "How do I export an invoice?", "employee:grace", True, "concept:billing"),
    ]
    for n, (qid, title, answerer, accepted, concept) in enumerate(qa):
        nodes.append(
            email(f"question:{qid}", f"2024-04-0{n + 1}T09:00:00+00:00", title, kind="question")
        )
        answer = Interaction.model_validate(
            {
                "id": f"answer:{qid}",
                "kind": "answer",
                "text": f"Answer to: {title}",
                "occurred_at": f"2024-04-0{n + 1}T11:00:00+00:00",
                "accepted": accepted,
                "score": 3,
            }
        )
        nodes.append(answer)
        took_part("contact:alice", f"question:{qid}", "author")
        took_part(answerer, f"answer:{qid}", "author")
        rels.append(Relationship("REPLY_TO", f"answer:{qid}", f"question:{qid}"))
        rels.append(Relationship("MENTIONS", f"question:{qid}", concept))
    nodes.append(
        email("ticket:1", "2024-04-20T09:00:00+00:00", "Invoice export is empty", kind="ticket")
    )
    took_part("contact:carol", "ticket:1", "from")
    took_part("employee:frank", "ticket:1", "handler")
    rels += [
        Relationship("MENTIONS", "ticket:1", "concept:billing"),
        Relationship(
            "RESOLVED_BY",
            "ticket:1",
            "kb:invoices",
            {"helped": True, "used_at": "2024-04-21T00:00:00+00:00"},
        ),
        Relationship("WORKS_AT", "contact:alice", "account:acme"),
        Relationship("WORKS_AT", "contact:bob", "account:acme"),
        Relationship("WORKS_AT", "contact:carol", "account:globex"),
        Relationship("WORKS_AT", "contact:dave", "account:globex"),
        Relationship("REPORTS_TO", "employee:frank", "employee:erin"),
        Relationship("BROADER", "concept:saml", "concept:sso"),
        Relationship(
            "PURCHASED",
            "account:acme",
            "product:widget",
            {"orders": 3, "quantity": 30, "revenue": 1200.0},
        ),
        Relationship("ABOUT", "kb:sso", "concept:sso"),
        Relationship("ABOUT", "kb:invoices", "concept:billing"),
        Relationship("WROTE", "employee:erin", "kb:sso"),
        Relationship("ABOUT", "queue:identity", "concept:sso", start_label="Queue"),
        Relationship("PROMISED_TO", "commitment:sso-guide", "account:acme"),
    ]
    writer.upsert_nodes(nodes)
    rejected = writer.merge_relationships(rels)
    assert not rejected, rejected
    fact(
        store,
        "HAS_ROLE",
        ("Contact", "contact:alice"),
        ("Role", "role:decision-maker"),
        "msg:ae0",
        "I sign off on this.",
    )
    fact(
        store,
        "COMPLAINED_ABOUT",
        ("Contact", "contact:alice"),
        ("Concept", "concept:billing"),
        "msg:ae1",
        "Your invoices are always late.",
    )
    fact(
        store,
        "EVALUATING",
        ("Contact", "contact:alice"),
        ("Competitor", "competitor:initech"),
        "msg:ae2",
        "We are also looking at Initech.",
    )
    fact(
        store,
        "PREFERS",
        ("Contact", "contact:alice"),
        ("Preference", "preference:email"),
        "msg:ae2",
        "Email me rather than calling.",
    )
    fact(
        store,
        "COMMITTED_TO",
        ("Employee", "employee:erin"),
        ("Commitment", "commitment:sso-guide"),
        "msg:ea0",
        "I will send the SSO guide.",
    )
    fact(
        store,
        "INTRODUCED",
        ("Contact", "contact:carol"),
        ("Contact", "contact:dave"),
        "meeting:2",
        "Carol introduced Dave.",
    )
    fact(
        store,
        "EXPERT_IN",
        ("Employee", "employee:grace"),
        ("Concept", "concept:billing"),
        "msg:news",
        "Grace is our billing expert.",
    )


# --------------------------------------------------------------------------- tests
import math  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from graph.errors import NotFound  # noqa: E402
from graph.services.accounts import account_360, who_knows_account  # noqa: E402
from graph.services.expertise_derive import derive_expertise  # noqa: E402
from graph.services.experts import experts_for  # noqa: E402
from graph.services.faq import smart_faq  # noqa: E402
from graph.services.intro import warm_intro_paths  # noqa: E402
from graph.services.kb import (  # noqa: E402
    article_usefulness,
    duplicate_articles,
    kb_search,
    outdated_articles,
)
from graph.services.knows import derive_knows  # noqa: E402
from graph.services.scores import Component  # noqa: E402
from graph.stores import open_store  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    path: Path = tmp_path_factory.mktemp("services")
    opened = open_store(f"grafeo://{path}")
    build(opened)
    derive_knows(opened)
    derive_expertise(opened)
    yield opened
    opened.close()


def decomposes(score: float, components: dict[str, Component]) -> bool:
    return math.isclose(score, sum(c.contribution for c in components.values()), abs_tol=1e-5)


def test_derived_knows_ranks_two_way_above_one_way_and_mass_email(store: GraphStore) -> None:
    knowers = who_knows_account(store, "account:acme")
    by_employee = {k.employee_id: k for k in knowers}
    assert knowers[0].employee_id == "employee:erin"
    assert by_employee["employee:erin"].score > by_employee["employee:frank"].score
    frank_bob = by_employee["employee:frank"].contacts[0]
    assert frank_bob.contact_id == "contact:bob"
    assert frank_bob.components["reciprocity"]["value"] == 0
    grace_alice = by_employee["employee:grace"].contacts[0]
    erin_alice = by_employee["employee:erin"].contacts[0]
    assert grace_alice.components["channel"]["value"] < erin_alice.components["channel"]["value"]
    assert erin_alice.last_interaction_id == "meeting:1"
    for knower in knowers:
        assert decomposes(knower.score, knower.components)
        for contact in knower.contacts:
            parts = sum(c["contribution"] for c in contact.components.values())
            assert math.isclose(contact.strength, parts, abs_tol=1e-5)


def test_account_360_has_everything_with_evidence(store: GraphStore) -> None:
    view = account_360(store, "account:acme")
    assert view.account["name"] == "Acme"
    alice = next(c for c in view.contacts if c.id == "contact:alice")
    assert alice.roles == ["decision maker"]
    assert [p.id for p in view.products] == ["product:widget"]
    assert [c.object_id for c in view.open_commitments] == ["commitment:sso-guide"]
    assert view.open_commitments[0].evidence[0].interaction_id == "msg:ea0"
    assert [f.object_id for f in view.facts.complaints] == ["concept:billing"]
    assert [f.object_id for f in view.facts.competitors_evaluated] == ["competitor:initech"]
    assert [f.object_name for f in view.facts.preferences] == ["email over calls"]
    for group in (view.facts.complaints, view.facts.competitors_evaluated):
        assert all(f.evidence and f.evidence[0].text for f in group)
    assert view.recent_interactions[0].occurred_at >= view.recent_interactions[-1].occurred_at
    assert view.who_knows_best[0].employee_id == "employee:erin"
    assert view.model_dump_json()


def test_unknown_ids_raise_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFound):
        account_360(store, "account:nope")
    with pytest.raises(NotFound):
        warm_intro_paths(store, "contact:nope")
    with pytest.raises(NotFound):
        experts_for(store, "concept:nope")
    with pytest.raises(NotFound):
        article_usefulness(store, "kb:nope")


def test_warm_intro_from_anyone_goes_through_the_introducer(store: GraphStore) -> None:
    paths = warm_intro_paths(store, "contact:dave")
    assert paths
    best = paths[0]
    assert [p.id for p in best.people] == ["employee:frank", "contact:carol", "contact:dave"]
    assert [h.link for h in best.links] == ["KNOWS", "INTRODUCED"]
    for path in paths:
        assert path.people[0].label == "Employee" and path.people[-1].id == "contact:dave"
        assert math.isclose(path.score, path.weakest_link * path.length_factor, abs_tol=1e-5)
        assert path.weakest_link == min(h.strength for h in path.links)
        for hop in path.links:
            assert hop.interaction_ids or hop.evidence or hop.link == "REPORTS_TO"


def test_warm_intro_from_an_employee_uses_colleagues(store: GraphStore) -> None:
    paths = warm_intro_paths(store, "contact:dave", from_="employee:erin")
    assert paths and all(p.people[0].id == "employee:erin" for p in paths)
    routes = {tuple(p.id for p in path.people) for path in paths}
    assert ("employee:erin", "employee:frank", "contact:carol", "contact:dave") in routes
    assert paths == sorted(paths, key=lambda p: -p.score)


def test_experts_for_text_and_concept(store: GraphStore) -> None:
    experts = experts_for(store, "How do I set up single sign-on with SAML?", limit=5)
    assert experts[0].id == "employee:erin"
    assert experts[0].evidence and experts[0].evidence[0].snippet
    for expert in experts:
        assert decomposes(expert.score, expert.components)
    billing = experts_for(store, "concept:billing")
    assert billing[0].id == "employee:grace"
    assert billing[0].components["stated"].value > 0


def test_kb_search_uses_synonyms_and_usefulness(store: GraphStore) -> None:
    hits = kb_search(store, "problem with my invoice")
    assert hits[0].id == "kb:invoices"
    assert hits[0].usefulness.reuse_count == 1
    assert hits[0].matched_concepts == ["billing"]
    for hit in hits:
        assert decomposes(hit.score, hit.components)
    sso = kb_search(store, "single sign-on")
    assert {h.id for h in sso[:2]} == {"kb:sso", "kb:sso-copy"}


def test_duplicates_outdated_and_faq(store: GraphStore) -> None:
    pairs = duplicate_articles(store)
    assert [(p.first_id, p.second_id) for p in pairs] == [("kb:sso", "kb:sso-copy")]
    assert outdated_articles(store, stale_days=100_000) == []
    faq = smart_faq(store, groups=2)
    assert faq.questions == 4
    assert sum(g.size for g in faq.groups) == 4
    answered = [g.answered for g in faq.groups]
    assert answered == sorted(answered)
    assert all(g.answered_because for g in faq.groups)
