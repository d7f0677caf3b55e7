"""The notebooks run top to bottom against a store built from fixtures: directly, and
through the API while a real `tacit serve` holds the store (as a data scientist runs
them beside the demo server)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.data_science import RunningServer, build_data_science_store, running_server
from tests.e2e.conftest import API_KEYS, VIEWER_KEY
from tests.world import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"
ANNOTATED = REPO_ROOT.parent / "shared" / "data" / "annotated"
GRAPH_NOTEBOOKS = ["explore_the_graph.ipynb", "relationship_risk.ipynb", "prospecting.ipynb"]
# What each notebook must have shown: proof it read the fixture store, not just ran.
EXPECTED = {
    "explore_the_graph.ipynb": ["Campaign", "Acme Corp", "INTERESTED_IN"],
    "relationship_risk.ipynb": ["Acme Corp", "Maria Santos"],
    "prospecting.ipynb": ["Globex Logistics owns", "hit rate@5", "popularity"],
    "extraction_quality.ipynb": ["precision", "hr-payroll"],
}
CELL_TIMEOUT_SECONDS = 300


def run_notebook(
    name: str, folder: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> str:
    """Execute the notebook in a kernel with `env`; return its outputs as text."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])
    )
    NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors
    return "\n".join(str(o) for o in outputs)


def test_every_notebook_is_tested_and_stripped() -> None:
    names = {path.name for path in NOTEBOOKS.glob("*.ipynb")}
    assert names == set(EXPECTED)
    for name in names:
        notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
        assert notebook.cells[0].cell_type == "markdown"
        assert "**" in notebook.cells[0].source, f"{name} opens without its question"
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(not cell.outputs and cell.execution_count is None for cell in code), name


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_data_science_store(tmp_path_factory.mktemp("direct"))


@pytest.fixture(scope="session")
def served_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    url = build_data_science_store(tmp_path_factory.mktemp("served"))
    with running_server(url, API_KEYS) as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("name", ["explore_the_graph.ipynb"])
def test_a_notebook_runs_on_the_store_itself(
    name: str, fixture_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = run_notebook(name, tmp_path, {"TACIT_GRAPH_URL": fixture_store}, monkeypatch)
    assert "reading from the store at" in text
    for expected in EXPECTED[name]:
        assert expected in text


@pytest.mark.slow
@pytest.mark.parametrize("name", GRAPH_NOTEBOOKS)
def test_notebooks_run_while_a_server_holds_the_store(
    name: str, served_store: RunningServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        "TACIT_GRAPH_URL": served_store.graph_url,
        "TACIT_API_KEY": VIEWER_KEY,
    }
    text = run_notebook(name, tmp_path, env, monkeypatch)
    assert f"reading from the server at {served_store.url}" in text
    for expected in EXPECTED[name]:
        assert expected in text


@pytest.mark.slow
def test_the_extraction_quality_notebook_scores_the_annotated_worlds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not (ANNOTATED / "hr-payroll" / "cases.jsonl").is_file():
        pytest.skip(f"the annotated worlds are not at {ANNOTATED}")
    env = {"TACIT_ANNOTATED_DIR": str(ANNOTATED), "TACIT_NOTEBOOK_CASES": "4"}
    text = run_notebook("extraction_quality.ipynb", tmp_path, env, monkeypatch)
    for expected in EXPECTED["extraction_quality.ipynb"]:
        assert expected in text
