"""Prospects, campaigns and the export routes over HTTP; graph.frames and the command line
reading through a real `tacit serve` that holds the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from api.app import create_app
from graph.frames import evidence_frame, knows_graph, nodes_frame, relationships_frame
from graph.readers import ApiReader, StoreReader, connect
from graph.settings import Settings
from graph.stores import open_store
from tests.data_science import CAMPAIGN, build_data_science_store, running_server
from tests.e2e.cli import tacit
from tests.e2e.conftest import ADMIN_KEY, API_KEYS, CURATOR_KEY, VIEWER_KEY, ApiClient, bearer


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_data_science_store(tmp_path_factory.mktemp("api"))


@pytest.fixture
def api(store_url: str) -> Iterator[ApiClient]:
    settings = Settings(
        graph_url=store_url,
        api_keys=API_KEYS,  # type: ignore[arg-type]
        environment="test",
    )
    with ApiClient(create_app(settings), bearer(VIEWER_KEY)) as client:
        yield client


def test_prospects_for_an_account_and_a_product(api: ApiClient) -> None:
    response = api.get("/accounts/globex/prospects", params={"limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"account", "prospects"}
    assert body["account"]["id"] == "globex" and body["account"]["name"] == "Globex Logistics"
    assert 0 < len(body["prospects"]) <= 3
    for prospect in body["prospects"]:
        assert set(prospect) == {"product", "score", "reasons"}
        assert set(prospect["product"]) == {"id", "name"}
        assert prospect["reasons"] and prospect["reasons"][0]["text"]
    body = api.get("/products/product:chatbot/prospects").json()
    assert set(body) == {"product", "prospects"}
    assert set(body["prospects"][0]) == {"account", "score", "reasons"}


@pytest.mark.parametrize(
    ("path", "params", "status", "detail"),
    [
        ("/accounts/nobody/prospects", {}, 404, "no account with id 'nobody'"),
        ("/products/product:none/prospects", {}, 404, "no product"),
        ("/accounts/acme/prospects", {"limit": 0}, 422, "limit"),
        ("/products/product:vault/prospects", {"limit": 101}, 422, "limit"),
    ],
)
def test_bad_prospect_questions_say_what_is_wrong(
    api: ApiClient, path: str, params: dict[str, object], status: int, detail: str
) -> None:
    response = api.get(path, params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"]


def test_campaign_routes(api: ApiClient) -> None:
    items = api.get("/campaigns").json()["items"]
    assert [(c["id"], c["sent"], c["responded"]) for c in items] == [(CAMPAIGN, 12, 5)]
    rates = api.get(f"/campaigns/{CAMPAIGN}/response-rates", params={"by": "country"}).json()
    assert rates["by"] == "country" and rates["overall"]["sent"] == 12
    assert {s["segment"]: s["sent"] for s in rates["segments"]}["US"] == 4
    bad = api.get(f"/campaigns/{CAMPAIGN}/response-rates", params={"by": "colour"})
    assert bad.status_code == 422 and "by" in bad.json()["detail"]
    assert api.get("/campaigns/campaign:none/response-rates").status_code == 404
    assert api.post("/campaigns/link-replies").status_code == 403
    linked = api.post("/campaigns/link-replies", headers=bearer(CURATOR_KEY))
    assert linked.status_code == 200 and linked.json() == {"links": []}


def test_export_routes_page_and_refuse_the_audit_log(api: ApiClient) -> None:
    first = api.get("/export/nodes/Account", params={"limit": 5}).json()
    assert len(first["items"]) == 5 and first["next_skip"] == 5
    rest = api.get("/export/nodes/Account", params={"skip": 10, "limit": 5}).json()
    assert len(rest["items"]) == 2 and rest["next_skip"] is None
    assert api.get("/export/relationships/RESPONDED").json()["items"][0]["properties"]["kind"]
    assert api.get("/export/nodes/Acount").status_code == 422
    too_far = api.get("/export/nodes/Account", params={"skip": 10**30})
    assert too_far.status_code == 422 and "skip" in str(too_far.json())
    audit = api.get("/export/nodes/AuditEntry", headers=bearer(ADMIN_KEY))
    assert audit.status_code == 403


@pytest.mark.slow
def test_frames_prospects_and_exports_through_a_running_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = build_data_science_store(tmp_path / "store")
    direct = StoreReader(open_store(url), owned=True)
    expected = {
        "accounts": nodes_frame(direct, "Account"),
        "responded": relationships_frame(direct, "RESPONDED"),
        "knows": relationships_frame(direct, "KNOWS"),
        "evidence": evidence_frame(direct),
    }
    direct.close()
    with running_server(url, API_KEYS) as server:
        with connect(url, api_key=VIEWER_KEY) as reader:
            assert isinstance(reader, ApiReader)
            pd.testing.assert_frame_equal(nodes_frame(reader, "Account"), expected["accounts"])
            pd.testing.assert_frame_equal(
                relationships_frame(reader, "RESPONDED"), expected["responded"]
            )
            pd.testing.assert_frame_equal(relationships_frame(reader, "KNOWS"), expected["knows"])
            pd.testing.assert_frame_equal(evidence_frame(reader), expected["evidence"])
            assert knows_graph(reader).number_of_edges() == len(expected["knows"])
        with pytest.raises(Exception, match="set TACIT_API_KEY"):
            connect(url, api_key="")
        monkeypatch.setenv("TACIT_API_KEY", VIEWER_KEY)
        through = f"reading through the server at {server.url}"
        result = tacit("prospects", "--account", "globex", "--json", "--graph-url", url)
        answer = json.loads(result.stdout)
        assert answer["account"]["id"] == "globex" and answer["prospects"]
        assert through in result.stderr
        result = tacit("prospects", "--product", "product:chatbot", "--json", "--graph-url", url)
        assert json.loads(result.stdout)["product"]["id"] == "product:chatbot"
        out = tmp_path / "export.graphml"
        result = tacit("export", "-f", "graphml", "-o", str(out), "--graph-url", url)
        assert through in result.stderr and out.is_file()
        rates = tacit("campaign", "rates", CAMPAIGN, "--by", "status", "--json", "--graph-url", url)
        assert json.loads(rates.stdout)["overall"]["responded"] == 5
        assert through in rates.stderr
