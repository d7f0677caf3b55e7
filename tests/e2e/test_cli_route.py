"""`tacit route`, `tacit experts --as-of` and the KB upkeep commands as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from graph.stores import open_store
from tests.e2e.cli import tacit
from tests.world import RAJ, build_world

QUEUES = [
    {"label": "Queue", "id": "queue:identity", "name": "Identity", "concepts": ["concept:sso"]},
    {"label": "Queue", "id": "queue:provisioning", "name": "Provisioning",
     "concepts": ["concept:scim"], "members": [RAJ]},
]  # fmt: skip


def _world(tmp_path: Path) -> str:
    url = f"grafeo://{tmp_path / 'graph'}"
    store = open_store(url)
    store.create_schema()
    build_world(store, tmp_path)
    store.close()
    queues = tmp_path / "queues.jsonl"
    queues.write_text("\n".join(json.dumps(q) for q in QUEUES) + "\n", encoding="utf-8")
    tacit("import", "records", str(queues), "--graph-url", url)
    return url


def test_route_an_email_and_a_ticket(tmp_path: Path) -> None:
    url = _world(tmp_path)
    email = tmp_path / "request.eml"
    email.write_text(
        "From: Tom Becker <tom.becker@globex.com>\nTo: help@brightline.io\n"
        "Subject: SCIM provisioning\nMessage-ID: <r1@globex.com>\n"
        "Date: Mon, 1 Dec 2025 10:00:00 +0000\n\n"
        "How do we configure SCIM provisioning for the new service desk?\n",
        encoding="utf-8",
    )
    routed = json.loads(tacit("route", str(email), "--json", "--graph-url", url).stdout)
    assert routed["queue"]["id"] == "queue:provisioning"
    assert routed["people"][0]["id"] == RAJ and routed["people"][0]["queues"]
    assert "concept:scim" in {t["id"] for t in routed["topics"]}
    text = tacit("route", str(email), "--graph-url", url).stdout
    assert "Queue: Provisioning" in text and "load:" in text
    ticket = tmp_path / "ticket.jsonl"
    ticket.write_text(
        json.dumps({"id": "T-9", "subject": "SSO", "messages": [
            {"from": "tom.becker@globex.com", "text": "How do we set up single sign-on?"}]})
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    by_ticket = json.loads(tacit("route", str(ticket), "--json", "--graph-url", url).stdout)
    assert by_ticket["queue"]["id"] == "queue:identity"
    long = tmp_path / "long.txt"
    question = "How do we configure SCIM provisioning for the new service desk?\n"
    long.write_text(question + "Log line that says nothing.\n" * 5000, encoding="utf-8")
    routed_long = tacit("route", str(long), "--json", "--graph-url", url)
    assert json.loads(routed_long.stdout)["queue"]["id"] == "queue:provisioning"
    assert "long.txt is long; routed on its first 100,000 characters" in routed_long.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    failed = tacit("route", str(broken), "--graph-url", url, check=False)
    assert (
        failed.returncode == 1
        and "cannot read" in failed.stderr
        and "broken.jsonl" in failed.stderr
    )


def test_experts_as_of_and_kb_upkeep(tmp_path: Path) -> None:
    url = _world(tmp_path)
    now = json.loads(tacit("experts", "SCIM provisioning", "--json", "--graph-url", url).stdout)
    assert now["experts"][0]["id"] == RAJ
    earlier = tacit(
        "experts", "SCIM provisioning", "--as-of", "2024-03-06", "--json", "--graph-url", url
    )
    assert json.loads(earlier.stdout)["experts"] == []
    bad = tacit("experts", "SCIM", "--as-of", "last spring", "--graph-url", url, check=False)
    assert bad.returncode == 2 and "--as-of 'last spring'" in bad.stderr
    assert "no duplicate articles" in tacit("kb", "duplicates", "--graph-url", url).stdout
    search = json.loads(
        tacit("kb", "search", "stout recipe for winter", "--json", "--graph-url", url).stdout
    )
    assert search["no_good_article"] is True
