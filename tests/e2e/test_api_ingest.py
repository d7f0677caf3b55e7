"""Uploads over HTTP: the command line's summary with per-record errors; 413 over the limit."""

from __future__ import annotations

from collections.abc import AsyncIterator

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
