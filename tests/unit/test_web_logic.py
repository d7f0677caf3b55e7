"""Pure logic behind the web app: search scoring, locating evidence, sessions, the ingest
log, where a page may send you after signing in, and the pinned local assets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from api.auth import Principal, Role
from api.web.ingest_log import IngestRuns
from api.web.pages import _safe_next
from api.web.sessions import SessionState, WebSessions
from graph.services.interactions import locate_sentence
from graph.services.search import FUZZY_CUTOFF, SearchIndex, _Entry, term_score

WEB = Path(__file__).resolve().parents[2] / "api" / "web"


def _entry(entry_id: str, label: str, name: str, *terms: tuple[str, str]) -> _Entry:
    return _Entry(entry_id, label, name, "", ((name.lower(), "name"), *terms))


INDEX = SearchIndex(
    [
        _entry("acme", "Account", "Acme Corp", ("acme", "alias"), ("acme.com", "domain")),
        _entry("acne", "Product", "Acne Cream"),
        _entry("dana", "Contact", "Dana Whitfield", ("dana@acme.com", "email")),
        _entry("sso", "Concept", "single sign-on", ("sso", "synonym")),
    ]
)


@pytest.mark.parametrize(
    ("query", "term", "match"),
    [
        ("acme corp", "acme corp", "exact"),
        ("acm", "acme corp", "prefix"),
        ("corp", "acme corp", "word"),
        ("me co", "acme corp", "contains"),
        ("acmee", "acme corp", "fuzzy"),
    ],
)
def test_term_scores_rank_exact_over_prefix_over_word_over_inside(
    query: str, term: str, match: str
) -> None:
    assert term_score(query, term)[1] == match


def test_scores_fall_with_the_kind_of_match() -> None:
    order = ["acme corp", "acm", "corp", "me co"]
    scores = [term_score(q, "acme corp")[0] for q in order]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4


def test_typos_match_and_strangers_do_not() -> None:
    assert term_score("whitfeld", "dana whitfield")[0] >= FUZZY_CUTOFF
    assert term_score("zzzz", "dana whitfield")[0] < FUZZY_CUTOFF
    assert [h.id for h in INDEX.search("dana whitfeild")] == ["dana"]
    assert INDEX.search("qqqq") == []
    assert INDEX.search("   ") == []


def test_the_best_term_wins_and_says_why() -> None:
    (hit, *_) = INDEX.search("acme.com")
    assert (hit.id, hit.match, hit.matched) == ("acme", "exact", "domain: acme.com")
    assert INDEX.search("sso")[0].matched == "synonym: sso"
    assert INDEX.search("acme", labels=("Contact",))[0].id == "dana"
    assert [h.id for h in INDEX.search("acme")][:1] == ["acme"]
    assert len(INDEX.search("a", limit=2)) <= 2


def test_evidence_is_found_at_its_offsets_or_by_its_words() -> None:
    text = "Hello Maria. We need single sign-on. Thanks."
    sentence = "We need single sign-on."
    start = text.index(sentence)
    assert locate_sentence(text, sentence, start, start + len(sentence)) == (
        start, start + len(sentence), "offsets",
    )  # fmt: skip
    assert locate_sentence(text, sentence, 0, 5) == (start, start + len(sentence), "search")
    assert locate_sentence(text, sentence, 40, 400) == (start, start + len(sentence), "search")
    assert locate_sentence(text, "[redacted]", 0, 5) == (None, None, "not-found")
    assert locate_sentence("", None, None, None) == (None, None, "not-found")


def test_sessions_end_at_sign_out_and_after_idling(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("api.web.sessions.time.monotonic", lambda: now[0])
    sessions = WebSessions(idle_seconds=60, max_seconds=300)
    alice = Principal(Role.CURATOR, "alice")
    token = sessions.start(alice)
    assert sessions.lookup(token) == (SessionState.VALID, alice)
    now[0] += 59
    assert sessions.lookup(token)[0] is SessionState.VALID
    now[0] += 61
    assert sessions.lookup(token) == (SessionState.EXPIRED, None)
    other = sessions.start(alice)
    for _ in range(6):
        now[0] += 55
        sessions.lookup(other)
    assert sessions.lookup(other)[0] is SessionState.EXPIRED, "at most max_seconds in all"
    third = sessions.start(alice)
    sessions.end(third)
    assert sessions.lookup(third)[0] is SessionState.EXPIRED
    assert sessions.lookup("never-issued")[0] is SessionState.EXPIRED


def test_the_ingest_log_keeps_summaries_errors_and_notes_newest_first() -> None:
    runs = IngestRuns()
    summary = {"read": 3, "ingested": 2, "unchanged": 0, "failed": 1,
               "failures": [{"source": "a.eml", "position": "1", "reason": "no date"}],
               "notes": [{"source": "b.eml", "position": "2", "reason": "in part"}]}  # fmt: skip
    runs.record("mail", 200, json.dumps(summary).encode())
    runs.record("notes", 413, json.dumps({"detail": "too large"}).encode())
    newest, oldest = list(runs)
    assert newest["kind"] == "notes" and newest["failures"][0]["reason"] == "too large"
    assert newest["notes"] == []
    assert oldest["ingested"] == 2 and oldest["failures"][0]["source"] == "a.eml"
    assert oldest["notes"][0]["reason"] == "in part"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("/web/accounts/acme?kind=note", "/web/accounts/acme?kind=note"),
        ("https://elsewhere.example/", "/"),
        ("//elsewhere.example/x", "/"),
        ("javascript:alert(1)", "/"),
        (None, "/"),
    ],
)
def test_signing_in_only_returns_to_this_server(given: str | None, kept: str) -> None:
    assert _safe_next(given) == kept


def test_assets_are_local_and_the_vendored_library_is_the_pinned_one() -> None:
    for template in (WEB / "templates").glob("*.html"):
        text = template.read_text()
        external = re.findall(r"""(?:src|href)=["'](?:https?:)?//""", text)
        assert not external, f"{template.name} loads something from another site"
    lock = json.loads((WEB / "package-lock.json").read_text())
    vendored = json.loads((WEB / "static" / "vendor" / "VERSIONS.json").read_text())
    for name, version in vendored.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    library = (WEB / "static" / "vendor" / "cytoscape.min.js").read_text()
    assert (WEB / "static" / "vendor" / "cytoscape.LICENSE").read_text().strip()
    assert re.search(r"""version\s*[:=]\s*["']""" + re.escape(vendored["cytoscape"]), library)
