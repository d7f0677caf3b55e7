"""An ingest killed with SIGKILL at several points, then run again, gives the same graph
as one that was never interrupted: every node, relationship and property, compared in
full (timestamps of the writes aside).

The mailbox is a slice of the real Enron maildir plus one thread whose messages arrive
in the wrong order (a reply before its parent, in other batches), so reply links must be
made whichever end comes first, and in whichever run.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graph.model import LABELS, RELATIONSHIP_TYPES
from graph.queries.export import nodes_of_label_query_name, relationships_of_type_query_name
from graph.stores import open_store
from tests.e2e.cli import TACIT

ENRON_MESSAGES = 30
BATCH_SIZE = 5
WRITE_TIMES = {"created_at", "updated_at", "recorded_at", "computed_at"}
_BATCH_DONE = re.compile(r"batch \d+ done: (\d+) records read")

THREAD = {
    # file number -> message; numbers interleave with the Enron files (even numbers)
    3: ("reply-b", "reply-a", "Re: Re: Gas storage", "Agreed, Friday works for the storage call."),
    33: ("root", None, "Gas storage", "Can we review the storage contract with Phillip Allen?"),
    61: ("reply-a", "root", "Re: Gas storage", "Yes, let us meet on Friday with the desk."),
}


def _mailbox(shared_data: Path, folder: Path) -> tuple[Path, int]:
    inbox = shared_data / "enron" / "maildir" / "allen-p" / "inbox"
    enron = sorted(inbox.iterdir(), key=lambda p: int(p.name.rstrip(".")))[:ENRON_MESSAGES]
    folder.mkdir()
    for number, message in enumerate(enron, start=1):
        shutil.copy(message, folder / f"{2 * number:03d}.eml")
    for number, (own, parent, subject, text) in THREAD.items():
        replying = f"In-Reply-To: <{parent}@thread.example>\n" if parent else ""
        (folder / f"{number:03d}.eml").write_text(
            f"From: Jane Roe <jane.roe@thread.example>\nTo: phillip.allen@enron.com\n"
            f"Subject: {subject}\nDate: Mon, 03 Jun 2024 09:00:00 +0000\n"
            f"Message-ID: <{own}@thread.example>\n{replying}\n{text}\n",
            encoding="utf-8",
        )
    return folder, len(enron) + len(THREAD)


def _ingest_command(mailbox: Path, url: str) -> list[str]:
    return [*TACIT, "-v", "ingest", "mail", str(mailbox), "--graph-url", url]


def _environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TACIT_INGEST_BATCH_SIZE": str(BATCH_SIZE),
        "TACIT_INTERNAL_DOMAINS": "enron.com",
        "COLUMNS": "200",
    }


def _run_to_the_end(command: list[str], env: dict[str, str], cwd: Path) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]


def _run_and_kill(command: list[str], env: dict[str, str], cwd: Path, read: int) -> int:
    """Start the ingest, SIGKILL it once its log says `read` records were read; returns
    how many it had read then."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert process.stderr is not None
    seen = 0
    try:
        for line in process.stderr:
            done = _BATCH_DONE.search(line)
            if done and int(done.group(1)) >= read:
                seen = int(done.group(1))
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.stderr.close()
        process.wait(timeout=600)
    assert process.returncode == -signal.SIGKILL, "the ingest ended before the kill point"
    return seen


def graph_dump(url: str) -> dict[str, Any]:
    """Every node and relationship with its properties, without the write timestamps."""
    store = open_store(url)
    try:
        nodes = {
            label: [_stable(row["node"]) for row in _all(store, nodes_of_label_query_name(label))]
            for label in LABELS
        }
        relationships = {
            rel_type: sorted(
                (
                    (row["source"], row["target"], sorted(_stable(row["relationship"]).items()))
                    for row in _all(store, relationships_of_type_query_name(rel_type))
                ),
                key=repr,
            )
            for rel_type in RELATIONSHIP_TYPES
        }
    finally:
        store.close()
    return {"nodes": nodes, "relationships": relationships}


def _all(store: Any, query: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    while page := store.read(query, {"skip": len(rows), "limit": 1000}):
        rows += page
    return rows


def _stable(properties: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in properties.items() if key not in WRITE_TIMES}


@pytest.mark.slow
def test_an_ingest_killed_at_several_points_resumes_to_the_same_graph(
    shared_data: Path, tmp_path: Path
) -> None:
    mailbox, total = _mailbox(shared_data, tmp_path / "mail")
    env = _environment(tmp_path)
    clean_url = f"grafeo://{tmp_path / 'clean'}"
    _run_to_the_end(_ingest_command(mailbox, clean_url), env, tmp_path)
    clean = graph_dump(clean_url)
    assert len(clean["nodes"]["Interaction"]) == total
    replies = {(start, end) for start, end, _ in clean["relationships"]["REPLY_TO"]}
    assert replies == {
        ("msg:reply-b@thread.example", "msg:reply-a@thread.example"),
        ("msg:reply-a@thread.example", "msg:root@thread.example"),
    }, "each reply is linked though it came before its parent"
    assert clean["relationships"]["KNOWS"], "derived data is refreshed after the run"

    resumed_url = f"grafeo://{tmp_path / 'resumed'}"
    command = _ingest_command(mailbox, resumed_url)
    kill_points = [BATCH_SIZE, 4 * BATCH_SIZE, total - BATCH_SIZE, total]
    reached = [_run_and_kill(command, env, tmp_path, read) for read in kill_points]
    assert reached == sorted(reached) and reached[-1] == total
    interrupted = graph_dump(resumed_url)
    assert 0 < len(interrupted["nodes"]["Interaction"]) <= total
    _run_to_the_end(command, env, tmp_path)
    resumed = graph_dump(resumed_url)
    for label in LABELS:
        assert resumed["nodes"][label] == clean["nodes"][label], label
    for rel_type in RELATIONSHIP_TYPES:
        assert resumed["relationships"][rel_type] == clean["relationships"][rel_type], rel_type
