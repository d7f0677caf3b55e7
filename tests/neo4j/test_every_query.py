"""Every named query in the registry, executed on Neo4j and on Grafeo, answers compared.

Both engines hold the same small fixture graph (the services graph, KNOWS and EXPERT_IN
derived). Reads run first, then writes, then the writes that delete, then the whole-store
delete, in the same order on both engines, so their graphs stay equal as the writes change
them. Parameters come from tests/neo4j/query_parameters.py; a query without an entry there
fails here with a message saying where to add it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.facts import FactEvidence, FactStatement, fact_statements
from graph.model import (
    Account,
    Campaign,
    Contact,
    Employee,
    Interaction,
    StoreSecret,
    Tombstone,
)
from graph.queries import REGISTRY
from graph.services.expertise_derive import derive_expertise
from graph.services.knows import derive_knows
from graph.stores import GraphStore, open_store
from graph.writes import GraphWriter, Relationship
from tests.integration.test_services_graph import build
from tests.neo4j.query_parameters import (
    CAMPAIGN,
    NOW,
    OTHER_CAMPAIGN,
    Comparison,
    MissingParameters,
    comparison_for,
    parameters_for,
)
from tests.neo4j_server import Neo4jConnection, empty_neo4j_store

# Reads that rightly find nothing on the fixture graph at the point they run.
EMPTY_IS_RIGHT = {
    "audit_page": "no audit entry exists before add_audit_entry runs (a write, later)",
    "get_auditentry": "as above",
    "existing_auditentry_ids": "as above",
    "export_auditentry_nodes": "as above",
    "schema_await_indexes": "the procedure yields no rows",
    "audit_entry_undo": "as above",
    "curation_actions": "as above",
    "neighbourhood_of_auditentry": "as above; an audit entry has no relationships either",
    "neighbourhood_of_tombstone": "a tombstone (an erased person's keyed hash) has none",
    "neighbourhood_of_storesecret": "the store's salt has no relationships",
    "node_name_of_auditentry": "as above",
    "latest_merge_of_record": "no merge's audit entry exists on the fixture graph",
    "erasure_audit_naming": "no audit entry exists before add_audit_entry runs",
}
# When a derivation ran: the engines derived a moment apart.
VOLATILE = frozenset({"computed_at"})


def _phase(name: str) -> int:
    query = REGISTRY.get(name)
    if query.mode == "read":
        return 0
    if name == "delete_everything":
        return 3
    if "delete" in name or name in ("merge_concept_names",):
        return 2
    return 1


def _project_queries() -> list[str]:
    """The registry's queries in run order; tests' own helper queries start with `test_`."""
    names = [q.name for q in REGISTRY if not q.name.startswith("test_")]
    return sorted(names, key=_phase)


QUERY_NAMES = _project_queries()


@dataclass
class Engines:
    grafeo: GraphStore
    neo4j: GraphStore


# Facts of the types the services graph lacks, through the extractor's own write path.
EXTRA_FACTS = [
    ("INTERESTED_IN", ("Account", "account:acme"), ("Product", "product:widget"), "msg:ae0"),
    ("PRAISED", ("Contact", "contact:carol"), ("Employee", "employee:frank"), "meeting:2"),
    ("USES", ("Contact", "contact:bob"), ("Product", "product:widget"), "msg:fb0"),
    ("ASKED_ABOUT", ("Contact", "contact:carol"), ("Concept", "concept:billing"), "ticket:1"),
    ("INTERESTED_IN", ("Contact", "contact:alice"), ("Concept", "concept:sso"), "msg:ae1"),
    (
        "COMMITTED_TO",
        ("Contact", "contact:alice"),
        ("Commitment", "commitment:sso-guide"),
        "msg:ae2",
    ),
    ("FULFILLED", ("Employee", "employee:erin"), ("Commitment", "commitment:sso-guide"), "msg:ea2"),
]

# An order Frank handled for Acme, a message between two employees and its reply, records
# that absorbed a merged one, and what an erasure leaves: the store's salt and a tombstone.
ORDER = Interaction(id="order:1", kind="order", occurred_at="2024-05-05T09:00:00+00:00")
EMPLOYEE_THREAD = [
    Interaction(id="msg:ef0", kind="email", subject="Acme", text="Can you join?",
                occurred_at="2024-05-06T09:00:00+00:00", recipient_count=1),
    Interaction(id="msg:fe0", kind="email", subject="Re: Acme", text="Yes.",
                occurred_at="2024-05-06T10:00:00+00:00", recipient_count=1),
]  # fmt: skip
SURVIVORS = [
    Account(id="account:acme", name="Acme", domain="acme.example",
            merged_ids=["account:acme-old"], other_domains=["acme-old.example"]),
    Contact(id="contact:alice", name="Alice Ames", title="CTO",
            merged_ids=["contact:alice-old"], other_emails=["alice.old@acme.example"]),
]  # fmt: skip
ERASURE_LEFTOVERS = [
    StoreSecret(id="secret:erasure-salt", value="00ff00ff", source="tacit"),
    Tombstone(id="tombstone:hmac-sha256:00", at="2024-05-31T09:00:00+00:00", source="erasure"),
]
THREAD_RELATIONSHIPS = [
    Relationship("PARTICIPATED_IN", "employee:frank", "order:1", {"role": "handler"}),
    Relationship("ABOUT", "order:1", "account:acme"),
    Relationship("PARTICIPATED_IN", "employee:erin", "msg:ef0", {"role": "from"}),
    Relationship("PARTICIPATED_IN", "employee:frank", "msg:ef0", {"role": "to"}),
    Relationship("PARTICIPATED_IN", "employee:frank", "msg:fe0", {"role": "from"}),
    Relationship("REPLY_TO", "msg:fe0", "msg:ef0"),
    Relationship("MENTIONS", "msg:fe0", "employee:frank"),
]


# Two campaigns, sent to Alice and Carol; Alice opened one, Carol's mail replies to it.
CAMPAIGNS = [
    Campaign(
        id=CAMPAIGN,
        name="SSO launch",
        subject="Meet SSO",
        channel="email",
        started_at="2024-05-01T09:00:00+00:00",
        message_id="<sso-launch@ours.example>",
    ),
    Campaign(id=OTHER_CAMPAIGN, name="Billing webinar", subject="Billing webinar"),
]
CAMPAIGN_REPLY = Interaction(
    id="msg:ca0",
    kind="email",
    subject="Re: Meet SSO",
    text="Tell me more about SSO.",
    occurred_at="2024-05-03T09:00:00+00:00",
    recipient_count=1,
    in_reply_to="msg:sso-launch@ours.example",  # as mail ingest stores it
)
# Erin's answer to Carol's reply, written without its REPLY_TO: link_waiting_replies makes it.
WAITING_REPLY = Interaction(
    id="msg:ca1",
    kind="email",
    subject="Re: Re: Meet SSO",
    text="Here is our SSO guide.",
    occurred_at="2024-05-04T09:00:00+00:00",
    recipient_count=1,
    in_reply_to="msg:ca0",
)
CAMPAIGN_RELATIONSHIPS = [
    Relationship("SENT_TO", CAMPAIGN, "contact:alice", {"date": "2024-05-01", "channel": "email"}),
    Relationship("SENT_TO", CAMPAIGN, "contact:carol", {"date": "2024-05-01", "channel": "email"}),
    Relationship("SENT_TO", OTHER_CAMPAIGN, "contact:bob", {"channel": "email"}),
    Relationship("RESPONDED", "contact:alice", CAMPAIGN, {"kind": "opened", "date": "2024-05-02"}),
    Relationship(
        "RESPONDED",
        "contact:carol",
        CAMPAIGN,
        {"kind": "replied", "interaction_id": "msg:ca0", "matched_by": "in_reply_to"},
    ),
    Relationship("PARTICIPATED_IN", "contact:carol", "msg:ca0", {"role": "from"}),
    Relationship("PARTICIPATED_IN", "employee:erin", "msg:ca0", {"role": "to"}),
    Relationship("ABOUT", "msg:ca0", CAMPAIGN),
]


def _fixture_graph(store: GraphStore, derived_at: datetime) -> None:
    build(store)
    writer = GraphWriter(store, clock=lambda: NOW)
    writer.upsert_nodes(
        [
            Employee(
                id="employee:erin",
                name="Erin Eads",
                email="erin@ours.example",
                merged_ids=["employee:erin-old"],
                other_emails=["erin.old@ours.example"],
            ),
            *SURVIVORS,
            *CAMPAIGNS,
            CAMPAIGN_REPLY,
            WAITING_REPLY,
            ORDER,
            *EMPLOYEE_THREAD,
            *ERASURE_LEFTOVERS,
        ]
    )
    assert not writer.merge_relationships(CAMPAIGN_RELATIONSHIPS + THREAD_RELATIONSHIPS)
    facts = [
        FactStatement(
            relation=relation,
            subject_id=subject[1],
            subject_label=subject[0],
            object_id=obj[1],
            object_label=obj[0],
            evidence=FactEvidence(interaction, "They said so.", 0, 13),
            said_at="2024-05-21T09:00:00+00:00",
            confidence=0.7,
            extractor="test",
            extractor_version="1",
        )
        for relation, subject, obj, interaction in EXTRA_FACTS
    ]
    store.write_many(fact_statements(facts, NOW))
    derive_knows(store, derived_at)
    derive_expertise(store, derived_at)


@pytest.fixture(scope="module")
def engines(
    neo4j_server: Neo4jConnection, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engines]:
    folder: Path = tmp_path_factory.mktemp("every-query")
    grafeo = open_store(f"grafeo://{folder / 'graph'}")
    neo4j = empty_neo4j_store(neo4j_server)
    derived_at = datetime.now(UTC)  # one moment for both: recency and decay agree
    for store in (grafeo, neo4j):
        _fixture_graph(store, derived_at)
    yield Engines(grafeo=grafeo, neo4j=neo4j)
    grafeo.close()
    neo4j.close()


def test_every_project_query_has_realistic_parameters() -> None:
    missing = []
    for name in QUERY_NAMES:
        try:
            parameters_for(name)
        except MissingParameters as e:
            missing.append(str(e))
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_runs_on_neo4j_and_answers_as_on_grafeo(name: str, engines: Engines) -> None:
    query = REGISTRY.get(name)
    params = parameters_for(name)
    comparison = comparison_for(name)

    def run(store: GraphStore) -> list[dict[str, Any]]:
        return store.read(name, params) if query.mode == "read" else store.write(name, params)

    on_neo4j = run(engines.neo4j)
    if query.mode == "read" and name not in EMPTY_IS_RIGHT:
        assert on_neo4j, f"{name} found nothing on the fixture graph: make its parameters real"
    if comparison.neo4j_only:
        return
    on_grafeo = run(engines.grafeo)
    ordered = "ORDER BY" in query.cypher and not comparison.unordered
    assert comparable(on_neo4j, comparison, ordered) == comparable(on_grafeo, comparison, ordered)


def comparable(rows: list[dict[str, Any]], comparison: Comparison, ordered: bool) -> list[Any]:
    """Rows as the engines should agree on them: floats to 9 digits, unordered rows sorted."""
    kept = [
        {
            k: _plain(v)
            for k, v in row.items()
            if (comparison.columns is None or k in comparison.columns) and k not in VOLATILE
        }
        for row in rows
    ]
    if comparison.columns is not None:
        kept = [dict(t) for t in {tuple(sorted(row.items(), key=str)) for row in kept}]
    return kept if ordered else sorted(kept, key=repr)


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return float(f"{value:.9g}") if math.isfinite(value) else value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items()) if k not in VOLATILE}
    return value
