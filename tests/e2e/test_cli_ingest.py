"""`tacit ingest` and `tacit extract` as a user runs them, over the real data."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cli import stats, tacit


def test_every_message_ingests_or_is_reported_and_twice_changes_nothing(
    grafeo_url: str, shared_data: Path, tmp_path: Path
) -> None:
    folders = [str(shared_data / "email"), str(shared_data / "enron" / "maildir")]
    report = tmp_path / "errors.jsonl"
    first = json.loads(
        tacit(
            "ingest",
            "mail",
            *folders,
            "--graph-url",
            grafeo_url,
            "--errors",
            str(report),
            "--internal-domain",
            "enron.com",
            "--json",
        ).stdout
    )
    assert first["read"] == first["ingested"] + first["unchanged"] + first["failed"]
    assert first["ingested"] + first["unchanged"] == 543 + 293, "messages read as records"
    assert first["failed"] == 35, "files under email/ that are not mail"
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    failures = [line for line in lines if line["outcome"] == "failed"]
    assert len(failures) == first["failed"] and first["error_report"] == str(report)
    assert len(lines) == len(failures) + len(first["notes"])
    assert all(f["source"] and f["position"] and f["reason"] for f in failures)
    assert not [f for f in failures if "enron" in f["source"]], "every Enron message ingests"
    counts = stats(grafeo_url)
    assert counts["nodes"]["Interaction"] == first["ingested"]
    again = json.loads(
        tacit(
            "ingest",
            "mail",
            *folders,
            "--graph-url",
            grafeo_url,
            "--errors",
            str(tmp_path / "again.jsonl"),
            "--internal-domain",
            "enron.com",
            "--json",
        ).stdout
    )
    assert again["ingested"] == 0 and again["failed"] == first["failed"]
    assert again["unchanged"] == first["ingested"] + first["unchanged"]
    assert stats(grafeo_url) == counts


def test_notes_and_tickets_ingest_with_a_summary_and_a_report(
    grafeo_url: str, tmp_path: Path
) -> None:
    note = tmp_path / "call.md"
    note.write_text(
        "---\ndate: 2024-05-02\nauthor: sam@tacit.example\naccount: acme\nkind: call\n---\n"
        "Call with Acme. They complained about slow exports.\n",
        encoding="utf-8",
    )
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text(
        json.dumps(
            {
                "id": "T-1",
                "account": "acme",
                "subject": "Export fails",
                "messages": [
                    {
                        "from": "jane@acme.com",
                        "date": "2024-05-03T10:00:00Z",
                        "text": "Exports fail.",
                    },
                    {"from": "sam@tacit.example", "date": "2024-05-03T11:00:00Z", "text": "Fixed."},
                ],
            }
        )
        + "\n{not json\n",
        encoding="utf-8",
    )
    notes = json.loads(
        tacit("ingest", "notes", str(note), "--graph-url", grafeo_url, "--json").stdout
    )
    assert (notes["read"], notes["ingested"], notes["failed"]) == (1, 1, 0)
    result = tacit(
        "ingest",
        "tickets",
        str(tickets),
        "--graph-url",
        grafeo_url,
        "--errors",
        str(tmp_path / "t.jsonl"),
    )
    assert "read 3, ingested 2, unchanged 0, failed 1" in result.stdout
    assert f"{tickets}:2" in result.stderr
    assert f"error report: {tmp_path / 't.jsonl'}" in result.stdout
    assert stats(grafeo_url)["nodes"]["Interaction"] == 3


def test_stackexchange_questions_answers_and_tags(grafeo_url: str, shared_data: Path) -> None:
    posts = shared_data / "stackexchange" / "coffee" / "Posts.xml"
    summary = json.loads(
        tacit("ingest", "stackexchange", str(posts), "--graph-url", grafeo_url, "--json").stdout
    )
    assert summary["failed"] == 0 and summary["ingested"] == 225 + 327
    counts = stats(grafeo_url)
    assert counts["nodes"]["Interaction"] == 552
    assert counts["relationships"]["REPLY_TO"] == 327
    assert counts["nodes"]["Employee"] > 0 and counts["nodes"]["Contact"] > 0


def test_extract_json_prints_facts_with_evidence_without_writing(
    grafeo_url: str, tmp_path: Path
) -> None:
    world = tmp_path / "world.jsonl"
    world.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"label": "Account", "id": "acme", "name": "Acme Corp", "domain": "acme.com"},
                {
                    "label": "Contact",
                    "id": "jane",
                    "name": "Jane Roe",
                    "email": "jane@acme.com",
                    "account": "acme",
                },
                {"label": "Product", "id": "insights", "name": "Insights Pro"},
            ]
        ),
        encoding="utf-8",
    )
    tacit("import", "records", str(world), "--graph-url", grafeo_url)
    before = stats(grafeo_url)
    message = tmp_path / "m.eml"
    message.write_text(
        "From: Jane Roe <jane@acme.com>\nTo: sam@tacit.example\nSubject: hi\n"
        "Date: Mon, 03 Jun 2024 09:00:00 +0000\nMessage-ID: <m1@acme.com>\n\n"
        "We are very interested in Insights Pro.\n",
        encoding="utf-8",
    )
    out = json.loads(tacit("extract", str(message), "--json", "--graph-url", grafeo_url).stdout)
    (result,) = out["results"]
    assert result["file"] == str(message)
    (fact,) = [f for f in result["facts"] if f["relation"] == "INTERESTED_IN"]
    assert fact["object"] == {"id": "insights", "name": "Insights Pro", "label": "Product"}
    assert fact["subject"]["id"] == "acme"
    text = "We are very interested in Insights Pro."
    assert fact["evidence"]["text"].strip() == text
    assert fact["evidence"]["end"] - fact["evidence"]["start"] == len(fact["evidence"]["text"])
    assert 0 < fact["confidence"] <= 1 and fact["due"] is None
    assert set(result) >= {"file", "facts", "mentions", "concepts"}
    assert stats(grafeo_url) == before
