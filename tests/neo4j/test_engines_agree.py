"""The same end-to-end run on Grafeo and on Neo4j, and the same answers from both.

One store per engine gets Northwind, the gold world's records and a few knowledge-base
articles, then the gold mail and notes through the real ingest (spaCy, fact extraction), then
KNOWS and EXPERT_IN derivation. The answers users see (account 360, who knows an account,
experts, warm introductions, KB search, erasure) must match: the same ids in the same order
where the order is defined, the same scores. Timestamps of when something was written are
left out: the two runs write a moment apart.
"""

from __future__ import annotations

import difflib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from graph.model import FACT_TYPES
from graph.queries.export import relationships_of_type_query_name
from graph.services.accounts import account_360, who_knows_account
from graph.services.erasure import erase_person
from graph.services.expertise_derive import derive_expertise
from graph.services.experts import experts_for
from graph.services.intro import warm_intro_paths
from graph.services.kb import kb_search
from graph.services.knows import derive_knows
from graph.stats import graph_counts
from graph.stores import GraphStore, open_store
from ingest.service import ExtractorCache, IngestService
from tests.neo4j_server import Neo4jConnection, empty_neo4j_store

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLD = REPO_ROOT / "bench" / "gold"
AS_OF = datetime(2025, 1, 1, tzinfo=UTC)
ENGINES = ("grafeo", "neo4j")
NORTHWIND_NODES = {"Account": 91, "Contact": 91, "Employee": 9, "Product": 77, "Interaction": 830}
NORTHWIND_RELATIONSHIPS = {"PURCHASED": 1685, "REPORTS_TO": 8, "WORKS_AT": 91}
WRITTEN_AT = frozenset({"created_at", "updated_at", "recorded_at", "computed_at"})

KB_ARTICLES = [
    {
        "label": "KBArticle",
        "id": "kb:sso-setup",
        "title": "Set up single sign-on with SAML",
        "body": "Upload your identity provider's certificate, then set the ACS URL. SSO works "
        "with Okta and Azure AD.",
        "about": ["concept:sso"],
    },
    {
        "label": "KBArticle",
        "id": "kb:scim",
        "title": "Provision users with SCIM",
        "body": "Enable SCIM provisioning under Admin, Security; paste the token into your "
        "identity provider.",
        "about": ["concept:scim"],
    },
    {
        "label": "KBArticle",
        "id": "kb:invoices",
        "title": "Download invoices",
        "body": "Every invoice is on the billing page; export them as CSV.",
        "about": ["concept:billing"],
    },
]


@dataclass
class Run:
    store: GraphStore
    northwind: dict[str, dict[str, int]]
    ingested: tuple[int, int, int]


def _run(store: GraphStore, northwind: Path, scratch: Path, extractors: ExtractorCache) -> Run:
    store.create_schema()
    # Derived data is computed below, as of a fixed date, so both runs score alike.
    service = IngestService(
        store, internal_domains=["brightline.io"], extractors=extractors, derive=False
    )
    summary = service.ingest("northwind", [northwind])
    assert summary.failed == 0, summary.failures[:3]
    northwind_counts = graph_counts(store)
    records = scratch / "world.jsonl"
    shutil.copy(GOLD / "world.jsonl", records)
    articles = scratch / "articles.jsonl"
    articles.write_text("\n".join(json.dumps(a) for a in KB_ARTICLES) + "\n", encoding="utf-8")
    assert service.ingest("records", [records, articles]).failed == 0
    texts = GOLD / "texts"
    mail = service.ingest("mail", sorted(texts.glob("*.eml")))
    notes = service.ingest("notes", sorted(texts.glob("*.md")))
    derive_knows(store, as_of=AS_OF)
    derive_expertise(store, as_of=AS_OF)
    ingested = (mail.ingested + notes.ingested, mail.failed + notes.failed, mail.read + notes.read)
    return Run(store, northwind_counts, ingested)


@pytest.fixture(scope="module")
def runs(
    neo4j_server: Neo4jConnection,
    shared_data: Path,
    tmp_path_factory: pytest.TempPathFactory,
    extractors: ExtractorCache,
) -> Iterator[dict[str, Run]]:
    northwind = shared_data / "crm" / "northwind" / "import"
    folder = tmp_path_factory.mktemp("engines")
    stores = {
        "grafeo": open_store(f"grafeo://{folder / 'graph'}"),
        "neo4j": empty_neo4j_store(neo4j_server),
    }
    try:
        yield {
            engine: _run(store, northwind, folder, extractors) for engine, store in stores.items()
        }
    finally:
        for store in stores.values():
            store.close()


def same(value: Any) -> Any:
    """A value as both engines must give it: no write times, floats to 9 digits."""
    if isinstance(value, dict):
        return {k: same(v) for k, v in sorted(value.items()) if k not in WRITTEN_AT}
    if isinstance(value, list | tuple):
        return [same(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.9g}")
    return value


def on_both(runs: dict[str, Run], ask: Any) -> list[Any]:
    answers = [same(ask(runs[engine].store)) for engine in ENGINES]
    assert answers[0] == answers[1], difference(*answers)
    return answers[0]  # type: ignore[no-any-return]


def difference(grafeo: Any, neo4j: Any) -> str:
    """The first lines where the two answers differ, as JSON."""
    lines = difflib.unified_diff(
        json.dumps(grafeo, indent=1, sort_keys=True, default=str).splitlines(),
        json.dumps(neo4j, indent=1, sort_keys=True, default=str).splitlines(),
        "grafeo",
        "neo4j",
        n=2,
        lineterm="",
    )
    return "\n".join(list(lines)[:60])


def test_northwind_imports_the_same_graph(runs: dict[str, Run]) -> None:
    for engine in ENGINES:
        counts = runs[engine].northwind
        assert {k: counts["nodes"][k] for k in NORTHWIND_NODES} == NORTHWIND_NODES, engine
        rels = counts["relationships"]
        assert {k: rels[k] for k in NORTHWIND_RELATIONSHIPS} == NORTHWIND_RELATIONSHIPS, engine
    assert runs["grafeo"].northwind == runs["neo4j"].northwind
    top = on_both(runs, lambda s: s.read("top_accounts_by_revenue", {"limit": 5}))
    assert top[0]["name"] == "QUICK-Stop"


def test_mail_and_notes_ingest_to_the_same_graph_and_facts(runs: dict[str, Run]) -> None:
    assert runs["grafeo"].ingested == runs["neo4j"].ingested
    ingested, failed, read = runs["neo4j"].ingested
    assert (ingested, failed, read) == (43, 1, 44), "n15 is a ticket, refused as a note"
    on_both(runs, graph_counts)
    facts = on_both(
        runs,
        lambda s: [
            (t, row)
            for t in FACT_TYPES
            for row in s.read(relationships_of_type_query_name(t), {"skip": 0, "limit": 1000})
        ],
    )
    extracted = [fact for _, fact in facts if fact["relationship"].get("extractor")]
    assert len(extracted) > 50
    assert all(f["relationship"]["evidence"] for f in extracted)


def test_derived_knows_and_expertise_are_the_same(runs: dict[str, Run]) -> None:
    for derived in ("KNOWS", "EXPERT_IN"):
        edges = on_both(
            runs,
            lambda s, t=derived: s.read(
                relationships_of_type_query_name(t), {"skip": 0, "limit": 5000}
            ),
        )
        assert edges, derived


@pytest.mark.parametrize("account", ["acme", "globex", "umbrella", "northwind:customer:QUICK"])
def test_account_360_is_the_same(runs: dict[str, Run], account: str) -> None:
    view = on_both(runs, lambda s: account_360(s, account).model_dump(mode="json"))
    assert view["account"]["id"] == account
    on_both(runs, lambda s: [k.model_dump(mode="json") for k in who_knows_account(s, account)])


@pytest.mark.parametrize(
    "question",
    ["How do we set up SAML single sign-on?", "HIPAA compliance and a BAA", "concept:billing"],
)
def test_experts_are_the_same(runs: dict[str, Run], question: str) -> None:
    experts = on_both(runs, lambda s: [e.model_dump(mode="json") for e in experts_for(s, question)])
    assert experts


def test_warm_intros_are_the_same(runs: dict[str, Run]) -> None:
    contacts = [
        row["id"]
        for row in runs["neo4j"].store.read("gazetteer_contact", {})
        if not row["id"].startswith("northwind:")
    ]
    found = 0
    for contact in sorted(contacts):
        paths = on_both(
            runs, lambda s, c=contact: [p.model_dump(mode="json") for p in warm_intro_paths(s, c)]
        )
        found += bool(paths)
    assert found >= 5


@pytest.mark.parametrize(
    "question",
    [
        "single sign-on with SAML",
        "where is my invoice",
        "SCIM",
        'C++ (SSO)? AND "quotes" ~fuzzy* OR [x] -not',  # no Lucene syntax reaches Neo4j
    ],
)
def test_kb_search_finds_the_same_articles(runs: dict[str, Run], question: str) -> None:
    hits = {
        engine: [hit.id for hit in kb_search(runs[engine].store, question)] for engine in ENGINES
    }
    assert hits["grafeo"] and hits["grafeo"][0] == hits["neo4j"][0]
    assert set(hits["grafeo"]) == set(hits["neo4j"])


def test_erasure_erases_the_same_on_both(runs: dict[str, Run]) -> None:
    """Last: it changes the graphs."""
    person = "email:dana.whitfield@acme.com"
    report = on_both(
        runs, lambda s: erase_person(s, person, actor="admin:test").model_dump(exclude={"audit_id"})
    )
    assert report["facts_deleted"] + report["facts_redacted"] > 0
    assert report["interactions_deleted"] + report["interactions_redacted"] > 0
    on_both(runs, graph_counts)
    for engine in ENGINES:
        store = runs[engine].store
        assert store.read("get_contact", {"id": person}) == [], engine
        naming = {"interaction_ids": [], "terms": ["dana whitfield"]}
        assert store.read("erasure_interactions_naming", naming) == [], engine
