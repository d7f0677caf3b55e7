"""The inputs that used to stop a batch, run as a user runs them (the `tacit` command and
the API): a 1.1 MB and a 20 MB message among good ones, a huge synonym, deeply nested
JSON, an unclosed CSV quote, UTF-16 and Shift-JIS notes, an upload named `..`, two runs
whose reports would have shared a name."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from api.app import create_app
from graph.settings import Settings
from tests.e2e.cli import stats, tacit
from tests.e2e.conftest import CURATOR_KEY, ApiClient, bearer

CURATOR = bearer(CURATOR_KEY)
GOOD_MESSAGES = 12
_WORDS = [
    "the",
    "customer",
    "asked",
    "about",
    "pricing",
    "and",
    "single",
    "sign-on",
    "for",
    "their",
    "analysts",
    "before",
    "renewal",
    "next",
    "quarter",
    "we",
    "will",
    "send",
    "the",
    "contract",
]


def long_message(path: Path, characters: int, message_id: str) -> Path:
    """A plain text message of about `characters` characters of real-looking sentences."""
    rng = random.Random(characters)
    lines, size = [], 0
    while size < characters:
        line = " ".join(rng.choice(_WORDS) for _ in range(14)) + "."
        lines.append(line)
        size += len(line) + 1
    path.write_text(
        "From: Big Sender <big@acme.com>\nTo: phillip.allen@enron.com\nSubject: The whole log\n"
        f"Date: Mon, 03 Jun 2024 09:00:00 +0000\nMessage-ID: <{message_id}>\n\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    return path


def test_huge_messages_among_good_ones_are_stored_with_a_note_and_the_batch_goes_on(
    grafeo_url: str, shared_data: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    inbox = shared_data / "enron" / "maildir" / "allen-p" / "inbox"
    good = sorted(inbox.iterdir(), key=lambda p: int(p.name.rstrip(".")))[:GOOD_MESSAGES]
    for number, message in enumerate(good, start=1):
        shutil.copy(message, folder / f"{number:02d}.eml")
    long_message(folder / "05-large-text.eml", 1_100_000, "large-text@acme.com")
    long_message(folder / "09-twenty-megabytes.eml", 20_000_000, "twenty-mb@acme.com")
    report = tmp_path / "report.jsonl"
    result = tacit(
        "ingest", "mail", str(folder), "--graph-url", grafeo_url, "--errors", str(report), "--json"
    )
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["ingested"], summary["failed"]) == (14, 14, 0)
    noted = {note["position"].rsplit("/", 1)[-1] for note in summary["notes"]}
    assert noted == {"05-large-text.eml", "09-twenty-megabytes.eml"}
    assert any("analysed only up to 100,000" in n["reason"] for n in summary["notes"])
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert {line["outcome"] for line in lines} == {"ingested with a note"}
    assert stats(grafeo_url)["nodes"]["Interaction"] == 14


def test_record_files_with_huge_names_deep_json_and_an_unclosed_quote(
    grafeo_url: str, tmp_path: Path
) -> None:
    world = tmp_path / "world.jsonl"
    world.write_text(
        "\n".join(
            [
                json.dumps({"label": "Account", "id": "acme", "name": "Acme Corp"}),
                json.dumps(
                    {
                        "label": "Concept",
                        "id": "c:huge",
                        "name": "Huge",
                        "synonyms": ["x" * 1_100_000],
                    }
                ),
                '{"label": "Account", "id": "deep", "name": "Deep", "aliases": ' + "[" * 50_000,
                json.dumps({"label": "Concept", "id": "concept:sso", "name": "single sign-on"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    accounts = tmp_path / "accounts.csv"
    accounts.write_text(
        'id,name\nglobex,Globex\nbroken,"Broken Inc\ninitech,Initech\numbrella,Umbrella\n',
        encoding="utf-8",
    )
    summary = json.loads(
        tacit(
            "import", "records", str(world), str(accounts), "--graph-url", grafeo_url, "--json"
        ).stdout
    )
    reasons = {f["position"].rsplit("/", 1)[-1]: f["reason"] for f in summary["failures"]}
    assert set(reasons) == {"world.jsonl:2", "world.jsonl:3", "accounts.csv:3"}
    assert "synonyms" in reasons["world.jsonl:2"] and "300 characters" in reasons["world.jsonl:2"]
    assert "nested too deeply" in reasons["world.jsonl:3"]
    assert "quote" in reasons["accounts.csv:3"]
    assert stats(grafeo_url)["nodes"]["Account"] == 4, "acme, globex, initech, umbrella"
    note = tmp_path / "sso.md"
    note.write_text("Acme asked about single sign-on again.\n", encoding="utf-8")
    after = json.loads(
        tacit("ingest", "notes", str(note), "--graph-url", grafeo_url, "--json").stdout
    )
    assert after["ingested"] == 1, "ingest still works after the refused records"


def test_notes_in_utf16_and_shift_jis_are_stored_as_written(
    grafeo_url: str, tmp_path: Path
) -> None:
    texts = {
        "utf16.md": ("Réunion avec Müller: le contrat est signé, livraison en août.", "utf-16"),
        "sjis.txt": ("会議のメモ: 来週の予定を確認しました。価格について話しました。", "shift_jis"),
    }
    for name, (text, codec) in texts.items():
        (tmp_path / name).write_bytes(text.encode(codec))
    tacit("ingest", "notes", *(str(tmp_path / n) for n in texts), "--graph-url", grafeo_url)
    assert _interaction_texts(grafeo_url) == {text for text, _ in texts.values()}


def _interaction_texts(url: str) -> set[str]:
    from graph.queries.export import nodes_of_label_query_name
    from graph.stores import open_store

    store = open_store(url)
    try:
        rows = store.read(nodes_of_label_query_name("Interaction"), {"skip": 0, "limit": 10})
    finally:
        store.close()
    return {row["node"]["text"] for row in rows}


def test_two_runs_in_the_same_second_keep_both_reports(grafeo_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    for _ in range(2):
        tacit("import", "records", str(bad), "--graph-url", grafeo_url, cwd=tmp_path)
    assert len(list(tmp_path.glob("tacit-errors-*.jsonl"))) == 2


def test_the_api_reports_what_used_to_answer_500(api_settings: Settings, tmp_path: Path) -> None:
    roomy = api_settings.model_copy(update={"max_upload_bytes": 8 * 1024 * 1024})
    big = long_message(tmp_path / "big.eml", 1_100_000, "big@acme.com")
    deep = b'{"label": "Account", "id": "deep", "name": "D", "aliases": ' + b"[" * 50_000 + b"\n"
    with ApiClient(create_app(roomy), CURATOR) as client:
        mail = client.post("/ingest/mail", files={"files": ("large_text.eml", big.read_bytes())})
        records = client.post("/ingest/records", files={"files": ("deep.jsonl", deep)})
        dots = client.post("/ingest/northwind", files={"files": ("..", b"a,b\n")})
        concept = client.get("/concepts", params={"limit": 1}).json()["items"][0]["id"]
        huge = client.patch(f"/concepts/{concept}", json={"synonyms": ["x" * 5_000_000]})
        after = client.post("/ingest/mail", files={"files": ("large_text.eml", big.read_bytes())})
    assert mail.status_code == 200 and mail.json()["ingested"] == 1, mail.text
    assert "analysed only up to" in mail.json()["notes"][0]["reason"]
    assert records.status_code == 200 and records.json()["failed"] == 1
    assert "nested too deeply" in records.json()["failures"][0]["reason"]
    assert dots.status_code == 200 and dots.json()["failed"] == 1, dots.text
    assert huge.status_code == 422, huge.text
    assert huge.json()["errors"][0]["field"].startswith("synonyms")
    assert after.status_code == 200 and after.json()["unchanged"] == 1
