"""Inputs people really have: unclosed CSV quotes, deep JSON, huge names, stray property
keys, charsets without a declaration, report names that never collide."""

from __future__ import annotations

import doctest
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pydantic import ValidationError

import api.routes.ingest
from graph.model import MAX_NAME_LENGTH, Concept, check_relationship_properties
from ingest.records import BadRecord, Located, read_records
from ingest.report import BatchSummary, new_report_path, write_error_report
from ingest.service import SourceKind, read_guarded
from ingest.sources.csv_rows import CsvRow, CsvRowError, read_csv_rows
from ingest.sources.records import SourceFailure
from ingest.sources.text import decode_bytes
from ingest.sources.tickets import parse_ticket_line


def test_an_unclosed_quote_is_reported_at_its_line_and_the_next_rows_are_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(
        'id,name\nacme,"Acme Corp"\nbroken,"Broken Inc\nglobex,Globex\n'
        'multi,"Two\nlines"\ninitech,Initech\n',
        encoding="utf-8",
    )
    rows = list(read_csv_rows(path))
    assert [r.line for r in rows] == [2, 3, 4, 5, 7]
    assert isinstance(rows[1], CsvRowError) and "quote" in rows[1].reason
    good = [r for r in rows if isinstance(r, CsvRow)]
    assert [r.fields["id"] for r in good] == ["acme", "globex", "multi", "initech"]
    assert good[2].fields["name"] == "Two\nlines", "a quoted field may span lines"


def test_an_unclosed_quote_on_the_last_row_is_reported_not_swallowed(tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text('id,name\nacme,Acme\nlast,"Never closed\n', encoding="utf-8")
    parsed = list(read_records(path))
    assert isinstance(parsed[0], Located)
    assert isinstance(parsed[1], BadRecord) and parsed[1].position == f"{path}:3"


def test_deeply_nested_json_is_one_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "world.jsonl"
    deep = '{"label": "Account", "id": "deep", "name": "Deep", "aliases": ' + "[" * 100_000
    path.write_text(
        '{"label": "Account", "id": "acme", "name": "Acme"}\n'
        + deep
        + "\n"
        + '{"label": "Account", "id": "globex", "name": "Globex"}\n',
        encoding="utf-8",
    )
    parsed = list(read_records(path))
    assert [type(p).__name__ for p in parsed] == ["Located", "BadRecord", "Located"]
    assert isinstance(parsed[1], BadRecord) and "nested too deeply" in parsed[1].reason
    ticket = '{"id": "t1", "messages": ' + "[" * 100_000
    (failure,) = parse_ticket_line(ticket, "t.jsonl", "t.jsonl:1")
    assert "nested too deeply" in failure.reason  # type: ignore[union-attr]


def test_names_and_synonyms_have_a_length_limit() -> None:
    with pytest.raises(ValidationError, match="synonyms"):
        Concept(id="concept:x", name="X", synonyms=["x" * 1_100_000])
    with pytest.raises(ValidationError, match="name"):
        Concept(id="concept:x", name="x" * (MAX_NAME_LENGTH + 1))
    assert Concept(id="concept:x", name="x" * MAX_NAME_LENGTH).name


def test_a_huge_synonym_in_a_record_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "concepts.jsonl"
    record = {"label": "Concept", "id": "c", "name": "C", "synonyms": ["x" * 1_100_000]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (bad,) = read_records(path)
    assert isinstance(bad, BadRecord) and bad.position == f"{path}:1"
    assert "synonyms" in bad.reason and "at most 300 characters" in bad.reason


@pytest.mark.parametrize(
    ("properties", "problem"),
    [
        ({"": 1}, "property '' is not allowed"),
        ({"`x`": 1}, "property '`x`' is not allowed"),
        ({"id": "x"}, "property 'id' is not allowed"),
        ({"created_at": "x"}, "property 'created_at' is not allowed"),
        ({"status": "x"}, "property 'status' is not allowed"),
        ({"orders": [[1]]}, "must be a scalar"),
        ({"currency": "x" * 3000}, "must be a scalar"),
    ],
)
def test_relationship_properties_come_from_an_allow_list(
    properties: dict[str, object], problem: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        check_relationship_properties("PURCHASED", properties)
    check_relationship_properties("PURCHASED", {"orders": 3, "revenue": 12.5})


def test_a_relationship_record_with_a_reserved_key_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "rels.jsonl"
    path.write_text(
        '{"rel": "WORKS_AT", "from": "a", "to": "b", "properties": {"created_at": "x"}}\n',
        encoding="utf-8",
    )
    (bad,) = read_records(path)
    assert isinstance(bad, BadRecord) and "'created_at' is not allowed" in bad.reason


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Réunion avec Müller: le contrat est signé.", "utf-16"),
        ("Réunion avec Müller: le contrat est signé.", "utf-16-le"),
        ("会議のメモ: 来週の予定を確認しました。価格について話しました。", "shift_jis"),
        ("Встреча с клиентом: обсудили цены и сроки поставки.", "cp1251"),
        ("Grüße aus München: die Preise für nächstes Jahr.", "latin-1"),
    ],
)
def test_undeclared_charsets_are_detected(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)) == text


def test_report_names_are_unique_per_run_and_hold_failures_and_notes(tmp_path: Path) -> None:
    names = {new_report_path(tmp_path) for _ in range(50)}
    assert len(names) == 50 and all(name.exists() for name in names)
    summary = BatchSummary()
    summary.fail("a.eml", "a.eml", "unreadable")
    summary.note("b.eml", "b.eml", "analysed only in part")
    report = write_error_report(summary.failures, tmp_path / "r.jsonl", summary.notes)
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [line["outcome"] for line in lines] == ["failed", "ingested with a note"]


def test_upload_names_are_safe() -> None:
    assert doctest.testmod(api.routes.ingest).failed == 0


def test_a_reader_that_fails_on_one_path_costs_only_that_path() -> None:
    def read(paths: Sequence[Path]) -> Iterator[SourceFailure]:
        for path in paths:
            if path.name == "bad":
                raise RuntimeError("boom")
            yield SourceFailure(source=str(path), position=str(path), reason="read")

    kind = SourceKind("probe", "probe files", read, frozenset({".x"}), ".x", "messages")
    items = list(read_guarded(kind, [Path("a"), Path("bad"), Path("c")]))
    assert [item.source for item in items] == ["a", "bad", "c"]
    assert items[1].reason == "reading stopped here: RuntimeError: boom"


def test_spacy_gets_texts_in_groups_of_bounded_size() -> None:
    import ingest.messages

    assert doctest.testmod(ingest.messages).failed == 0
    groups = ingest.messages._groups_by_length(["x" * 150_000, "y" * 60_000, "z" * 10], 200_000)
    assert groups == [[0], [1, 2]]
