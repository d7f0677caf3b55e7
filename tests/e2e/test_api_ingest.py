"""Uploads over HTTP: the command line's summary with per-record errors; 413 over the limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from api.app import create_app
from graph.settings import Settings
from tests.e2e.conftest import CURATOR_KEY, UPLOAD_LIMIT, ApiClient, bearer
from tests.world import REPO_ROOT

CURATOR = bearer(CURATOR_KEY)
GOLD_TEXTS = REPO_ROOT / "bench" / "gold" / "texts"
PROBLEM = "application/problem+json"


def test_records_upload_reports_bad_lines_by_their_file(client: ApiClient) -> None:
    records = (
        b'{"label": "Account", "id": "wayne", "name": "Wayne Enterprises"}\n'
        b'{"label": "Contact", "id": "c-bruce", "name": "Bruce"\n'
        b'{"rel": "WORKS_AT", "from": "email:dana.whitfield@acme.com", "to": "wayne"}\n'
    )
    response = client.post(
        "/ingest/records", files={"files": ("more.jsonl", records)}, headers=CURATOR
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["read"], body["ingested"], body["failed"]) == (3, 2, 1)
    (failure,) = body["failures"]
    assert failure["source"] == "more.jsonl" and failure["position"] == "more.jsonl:2"
    assert "tacit-upload" not in response.text
    assert client.get("/accounts", params={"q": "wayne"}).json()["items"][0]["id"] == "wayne"


def test_ingest_needs_a_curator_and_a_file(client: ApiClient) -> None:
    upload = {"files": ("a.jsonl", b"{}\n")}
    assert client.post("/ingest/records", files=upload).status_code == 403
    missing = client.post("/ingest/records", headers=CURATOR, data={"x": "1"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "files"


def test_an_upload_over_the_limit_is_413(client: ApiClient) -> None:
    big = b"x" * (UPLOAD_LIMIT + 1)
    response = client.post("/ingest/mail", files={"files": ("big.eml", big)}, headers=CURATOR)
    assert response.status_code == 413 and response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == 413


def test_a_streamed_upload_over_the_limit_is_413(client: ApiClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield (
            b'--xyz\r\nContent-Disposition: form-data; name="files"; '
            b'filename="big.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        for _ in range(UPLOAD_LIMIT // 1024 + 8):
            yield b"y" * 1024

    response = client.post(
        "/ingest/records",
        content=chunks(),
        headers={**CURATOR, "Content-Type": "multipart/form-data; boundary=xyz"},
    )
    assert response.status_code == 413


def test_mail_and_notes_are_ingested_with_the_nlp_pipeline(client: ApiClient) -> None:
    files = [
        ("files", (path.name, path.read_bytes()))
        for path in sorted(GOLD_TEXTS.glob("e0[1-3]_*.eml"))
    ]
    mail = client.post("/ingest/mail", files=files, headers=CURATOR)
    assert mail.status_code == 200, mail.text
    assert mail.json()["ingested"] == 3 and mail.json()["failed"] == 0
    again = client.post("/ingest/mail", files=files, headers=CURATOR).json()
    assert again["unchanged"] == 3 and again["ingested"] == 0
    note = GOLD_TEXTS / "n01_acme_discovery_call.md"
    notes = client.post(
        "/ingest/notes", files={"files": (note.name, note.read_bytes())}, headers=CURATOR
    ).json()
    assert notes["ingested"] == 1
    proposed = client.get("/facts", params={"limit": 200}).json()["items"]
    assert any(
        e["interaction_id"] == "msg:CAF8a1x0001@mail.acme.com"
        for f in proposed
        for e in f["evidence"]
    )


def test_a_file_no_source_understands_is_a_failure_not_an_error(client: ApiClient) -> None:
    response = client.post(
        "/ingest/mail", files={"files": ("notes.txt", b"\x00\x01 not mail")}, headers=CURATOR
    )
    assert response.status_code == 200
    assert response.json()["failed"] == 1 and response.json()["failures"][0]["source"] == (
        "notes.txt"
    )


def test_tickets_upload_ingests_threads_and_reports_bad_lines(client: ApiClient) -> None:
    ticket = (
        b'{"id": "T-9", "subject": "Export fails", "messages": ['
        b'{"from": "dana.whitfield@acme.com", "date": "2024-05-03T10:00:00Z", '
        b'"text": "Our CSV export fails every night."}]}\n'
        b"{broken\n"
    )
    response = client.post(
        "/ingest/tickets", files={"files": ("tickets.jsonl", ticket)}, headers=CURATOR
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["ingested"], body["failed"]) == (1, 1)
    assert body["failures"][0]["position"] == "tickets.jsonl:2"


def test_stackexchange_upload_ingests_questions_and_answers(client: ApiClient) -> None:
    posts = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<posts>\n'
        b'<row Id="1" PostTypeId="1" AcceptedAnswerId="2" CreationDate="2015-01-01T10:00:00.000"'
        b' Score="3" Body="&lt;p&gt;How long should a stout age?&lt;/p&gt;" OwnerUserId="7"'
        b' Title="Ageing stout" Tags="&lt;stout&gt;&lt;aging&gt;" />\n'
        b'<row Id="2" PostTypeId="2" ParentId="1" CreationDate="2015-01-02T10:00:00.000"'
        b' Score="5" Body="&lt;p&gt;Six months in a cool cellar.&lt;/p&gt;" OwnerUserId="8" />\n'
        b"</posts>\n"
    )
    response = client.post(
        "/ingest/stackexchange", files={"files": ("Posts.xml", posts)}, headers=CURATOR
    )
    assert response.status_code == 200, response.text
    assert (response.json()["ingested"], response.json()["failed"]) == (2, 0)
    answerer = client.get("/employees/se:user:8")
    assert answerer.status_code == 200
    assert "se user 8" in answerer.text


def test_northwind_upload_imports_the_csvs_and_reports_an_incomplete_set(
    api_settings: Settings, shared_data: Path
) -> None:
    roomy = api_settings.model_copy(update={"max_upload_bytes": 8 * 1024 * 1024})
    folder = shared_data / "crm" / "northwind" / "import"
    files = [("files", (p.name, p.read_bytes())) for p in sorted(folder.glob("*.csv"))]
    with ApiClient(create_app(roomy), CURATOR) as client:
        response = client.post("/ingest/northwind", files=files)
        partial = client.post("/ingest/northwind", files=files[:2])
    assert response.status_code == 200, response.text
    assert (response.json()["ingested"], response.json()["failed"]) == (3170, 0)
    assert partial.status_code == 200, partial.text
    (failure,) = partial.json()["failures"]
    assert failure["source"] == "the upload" and "missing employees.csv" in failure["reason"]
    assert "tacit-" not in partial.text, "no temporary path in the answer"
