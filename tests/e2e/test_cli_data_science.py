"""`tacit export`, `tacit prospects` and `tacit campaign` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from tests.data_science import CAMPAIGN, build_data_science_store
from tests.e2e.cli import tacit


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_data_science_store(tmp_path_factory.mktemp("cli"))


def test_export_in_each_format(store_url: str, tmp_path: Path) -> None:
    graphml = tmp_path / "g.graphml"
    tacit("export", "--format", "graphml", "--out", str(graphml), "--graph-url", store_url)
    assert nx.read_graphml(graphml).number_of_nodes() > 50
    folder = tmp_path / "tables"
    result = tacit(
        "export", "-f", "parquet", "-o", str(folder), "--labels", "Account,Product",
        "--json", "--graph-url", store_url,
    )  # fmt: skip
    counts = json.loads(result.stdout)
    assert counts["nodes"] == {"Account": 12, "Product": 6}
    assert pd.read_parquet(folder / "relationships_PURCHASED.parquet").shape[0] == 25
    lines = tacit("export", "-f", "jsonl", "-o", "-", "--graph-url", store_url).stdout
    assert all(json.loads(line) for line in lines.splitlines())
    bad = tacit(
        "export", "-f", "jsonl", "--labels", "Acount", "--graph-url", store_url, check=False
    )
    assert bad.returncode == 1 and "unknown label 'Acount'" in bad.stderr
    assert not Path("tacit-export.jsonl").exists()  # nothing written for a refused export
    bad = tacit("export", "-f", "graphml", "-o", "-", "--graph-url", store_url, check=False)
    assert bad.returncode == 1 and "standard output" in bad.stderr


def test_prospects_command(store_url: str) -> None:
    answer = json.loads(
        tacit(
            "prospects", "--account", "globex", "--limit", "2", "--json", "--graph-url", store_url
        ).stdout
    )
    assert len(answer["prospects"]) == 2
    text = tacit("prospects", "--product", "product:chatbot", "--graph-url", store_url).stdout
    assert "Beacon Chat (product:chatbot)" in text and "bought it" in text
    bad = tacit("prospects", "--graph-url", store_url, check=False)
    assert bad.returncode == 1 and "exactly one of --account" in bad.stderr
    missing = tacit("prospects", "--account", "nobody", "--graph-url", store_url, check=False)
    assert missing.returncode == 1 and "no account with id 'nobody'" in missing.stderr


def test_campaign_import_keeps_good_records_and_names_bad_ones(
    store_url: str, tmp_path: Path
) -> None:
    responses = tmp_path / "responded.csv"
    responses.write_text(
        "from,to,kind,date\n"
        f"email:liam.oconnor@halcyonretail.com,{CAMPAIGN},replied,2024-04-04\n"
        f"email:rachel.nguyen@initech.com,{CAMPAIGN},liked,2024-04-04\n",
        encoding="utf-8",
    )
    errors = tmp_path / "errors.jsonl"
    result = tacit(
        "campaign", "import", str(responses), "--errors", str(errors), "--graph-url", store_url
    )
    assert "read 2, ingested 1" in result.stdout
    failure = json.loads(errors.read_text(encoding="utf-8").splitlines()[0])
    assert failure["position"].endswith("responded.csv:3")
    assert "RESPONDED needs 'kind'" in failure["reason"] and "'liked'" in failure["reason"]
    rates = json.loads(
        tacit("campaign", "rates", CAMPAIGN, "--json", "--graph-url", store_url).stdout
    )
    assert rates["overall"]["responded"] == 6
    listed = tacit("campaign", "list", "--graph-url", store_url).stdout
    assert "Beacon Chat launch" in listed and "sent 12, responded 6" in listed
