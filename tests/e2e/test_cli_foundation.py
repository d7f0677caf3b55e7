"""`tacit` run as a user runs it: a real process, a real store on disk."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.cli import stats, tacit


def test_northwind_import_then_stats_then_again(grafeo_url: str, shared_data: Path) -> None:
    northwind = str(shared_data / "crm" / "northwind" / "import")
    tacit("import", "northwind", northwind, "--graph-url", grafeo_url)
    counts = stats(grafeo_url)
    assert counts["nodes"]["Account"] == 91 and counts["nodes"]["Contact"] == 91
    assert counts["nodes"]["Employee"] == 9 and counts["nodes"]["Product"] == 77
    assert counts["nodes"]["Interaction"] == 830
    assert counts["relationships"]["PURCHASED"] == 1685
    assert counts["relationships"]["REPORTS_TO"] == 8
    assert counts["relationships"]["WORKS_AT"] == 91
    tacit("import", "northwind", northwind, "--graph-url", grafeo_url)
    assert stats(grafeo_url) == counts


def test_records_with_a_malformed_line_report_it_and_import_the_rest(
    grafeo_url: str, tmp_path: Path
) -> None:
    records = tmp_path / "world.jsonl"
    records.write_text(
        '{"label": "Account", "id": "acme", "name": "Acme Corp", "domain": "acme.com"}\n'
        '{"label": "Contact", "id": "c1", "name": "Jane", "account": "acme"\n'
        '{"label": "Product", "id": "p1", "name": "Widget"}\n'
        '{"rel": "PURCHASED", "from": "acme", "to": "p1", "properties": {"orders": 1}}\n',
        encoding="utf-8",
    )
    report = tmp_path / "errors.jsonl"
    result = tacit(
        "import", "records", str(records), "--graph-url", grafeo_url, "--errors", str(report)
    )
    assert f"{records}:2" in result.stderr and "malformed JSON" in result.stderr
    assert "read 4, ingested 3" in result.stdout and "failed 1" in result.stdout
    (failure,) = [json.loads(line) for line in report.read_text().splitlines()]
    assert failure["position"] == f"{records}:2"
    counts = stats(grafeo_url)
    assert counts["nodes"] == {"Account": 1, "Product": 1}
    assert counts["relationships"] == {"PURCHASED": 1}


def test_a_missing_file_is_a_clear_error(grafeo_url: str, tmp_path: Path) -> None:
    result = tacit(
        "import", "records", str(tmp_path / "nope.jsonl"), "--graph-url", grafeo_url, check=False
    )
    assert result.returncode == 1
    assert "no such file" in result.stderr and "nope.jsonl" in result.stderr


def test_an_unknown_graph_url_is_a_clear_error() -> None:
    result = tacit("stats", "--graph-url", "mysql://localhost/x", check=False)
    assert result.returncode == 1
    assert "not supported" in result.stderr and "grafeo:///" in result.stderr


def test_a_store_held_by_another_process_fails_with_what_to_do(grafeo_url: str) -> None:
    tacit("init", "--graph-url", grafeo_url)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from graph.stores import open_store; "
            f"s = open_store({grafeo_url!r}); print('open', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        result = tacit("stats", "--graph-url", grafeo_url, check=False)
        assert time.monotonic() - started < 120
        path = grafeo_url.removeprefix("grafeo://")
        assert result.returncode == 1
        assert f"the graph store at {path} is in use by another process" in result.stderr
        assert "--api-url" in result.stderr
    finally:
        holder.kill()
        holder.communicate()
