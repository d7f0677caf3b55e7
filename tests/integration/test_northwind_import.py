from __future__ import annotations

from pathlib import Path

import pytest

from graph.stats import graph_counts
from graph.stores import GraphStore
from ingest.errors import SourceNotFound
from ingest.northwind import import_northwind

EXPECTED_NODES = {"Account": 91, "Contact": 91, "Employee": 9, "Product": 77, "Interaction": 830}
EXPECTED_RELS = {"PURCHASED": 1685, "REPORTS_TO": 8, "WORKS_AT": 91}


def test_northwind_imports_the_expected_graph_and_again_changes_nothing(
    grafeo_store: GraphStore, shared_data: Path
) -> None:
    directory = shared_data / "crm" / "northwind" / "import"
    summary = import_northwind(grafeo_store, directory)
    assert summary.failed == 0, summary.failures[:3]
    counts = graph_counts(grafeo_store)
    assert {k: counts["nodes"][k] for k in EXPECTED_NODES} == EXPECTED_NODES
    assert {k: counts["relationships"][k] for k in EXPECTED_RELS} == EXPECTED_RELS
    import_northwind(grafeo_store, directory)
    assert graph_counts(grafeo_store) == counts


def test_purchases_aggregate_order_lines(grafeo_store: GraphStore, shared_data: Path) -> None:
    import_northwind(grafeo_store, shared_data / "crm" / "northwind" / "import")
    top = grafeo_store.read("top_accounts_by_revenue", {"limit": 1})
    assert top[0]["name"] == "QUICK-Stop"
    assert top[0]["revenue"] == pytest.approx(110277.32, abs=0.05)


def test_a_folder_that_is_not_northwind_is_refused(
    grafeo_store: GraphStore, tmp_path: Path
) -> None:
    with pytest.raises(SourceNotFound, match=r"missing customers\.csv"):
        import_northwind(grafeo_store, tmp_path)


def test_a_bad_row_is_reported_and_the_rest_imported(
    grafeo_store: GraphStore, shared_data: Path, tmp_path: Path
) -> None:
    source = shared_data / "crm" / "northwind" / "import"
    for path in source.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    customers = tmp_path / "customers.csv"
    customers.write_text(customers.read_text(encoding="utf-8") + ",,,,\n", encoding="utf-8")
    summary = import_northwind(grafeo_store, tmp_path)
    assert summary.failed == 1
    assert summary.failures[0].position == f"{customers}:93"
    assert "customerID" in summary.failures[0].reason
    assert graph_counts(grafeo_store)["nodes"]["Account"] == 91
