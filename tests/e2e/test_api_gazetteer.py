"""The API's extractor follows the graph's names without any route having to say so: a
synonym a curator adds is found in the next upload."""

from __future__ import annotations

from api.app import create_app
from graph.queries.export import relationships_of_type_query_name
from graph.settings import Settings
from graph.stores import open_store
from tests.e2e.conftest import ADMIN_KEY, ApiClient, bearer

SYNONYM = "Zephyr Login"


def _note(client: ApiClient, name: str, who: str) -> str:
    text = f"Call with Acme. {who} asked whether {SYNONYM} works with their directory.\n"
    response = client.post("/ingest/notes", files={"files": (name, text.encode("utf-8"))})
    assert response.status_code == 200 and response.json()["ingested"] == 1, response.text
    return text


def test_a_synonym_added_by_a_curator_is_found_in_the_next_upload(
    api_settings: Settings,
) -> None:
    with ApiClient(create_app(api_settings), bearer(ADMIN_KEY)) as client:
        _note(client, "before.md", "Marcus")
        current = client.get("/concepts/concept:sso").json()["synonyms"]
        patched = client.patch("/concepts/concept:sso", json={"synonyms": [*current, SYNONYM]})
        assert patched.status_code == 200, patched.text
        _note(client, "after.md", "Dana")
    store = open_store(api_settings.graph_url)
    try:
        mentions = store.read(
            relationships_of_type_query_name("MENTIONS"), {"skip": 0, "limit": 10_000}
        )
        texts = {
            row["node"]["id"]: row["node"]["text"]
            for row in store.read("export_interaction_nodes", {"skip": 0, "limit": 10_000})
        }
    finally:
        store.close()
    mentioning = {texts.get(m["source"], "") for m in mentions if m["target"] == "concept:sso"}
    assert any("Dana asked" in text for text in mentioning), "found after the synonym"
    assert not any("Marcus asked" in text for text in mentioning), "unknown before it"
