from __future__ import annotations

from pathlib import Path

from graph.model import Account, Contact
from graph.writes import Relationship
from ingest.records import BadRecord, Located, implied_relationships, read_records


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_json_lines_give_nodes_relationships_and_located_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path / "world.jsonl",
        '{"label": "Account", "id": "acme", "name": "Acme Corp", "aliases": ["Acme"]}\n'
        "\n"
        '{"label": "Account", "id": "broken" "name": }\n'
        '{"rel": "PURCHASED", "from": "acme", "to": "p1", "properties": {"orders": 2}}\n'
        '{"label": "Planet", "id": "mars"}\n'
        '{"rel": "LIKES", "from": "a", "to": "b"}\n'
        "[1, 2]\n",
    )
    parsed = list(read_records(path))
    assert isinstance(parsed[0], Located) and isinstance(parsed[0].value, Account)
    assert parsed[0].value.aliases == ["Acme"]
    bad = [p for p in parsed if isinstance(p, BadRecord)]
    assert [b.position for b in bad] == [f"{path}:3", f"{path}:5", f"{path}:6", f"{path}:7"]
    assert "malformed JSON" in bad[0].reason
    assert "unknown label 'Planet'" in bad[1].reason
    assert "unknown relationship 'LIKES'" in bad[2].reason
    rel = parsed[2]
    assert isinstance(rel, Located) and rel.value == Relationship(
        "PURCHASED", "acme", "p1", {"orders": 2}
    )


def test_csv_label_comes_from_the_file_name_and_lists_split_on_bars(tmp_path: Path) -> None:
    path = write(
        tmp_path / "contacts.csv",
        "id,name,email,account,aliases\nc1,Jane Roe,jane@acme.com,acme,Jane|JR\nc2,,x@y.z,,\n",
    )
    parsed = list(read_records(path))
    first = parsed[0]
    assert isinstance(first, Located) and isinstance(first.value, Contact)
    assert first.value.aliases == ["Jane", "JR"]
    assert isinstance(parsed[1], BadRecord)
    assert parsed[1].position == f"{path}:3" and "name" in parsed[1].reason


def test_csv_relationships_from_a_type_named_file(tmp_path: Path) -> None:
    path = write(tmp_path / "purchased.csv", "from,to,orders\nacme,p1,3\n")
    (parsed,) = list(read_records(path))
    assert isinstance(parsed, Located)
    assert parsed.value == Relationship("PURCHASED", "acme", "p1", {"orders": "3"})


def test_node_fields_imply_relationships() -> None:
    contact = Contact(id="c1", name="Jane", account="acme")
    assert implied_relationships(contact) == [
        Relationship("WORKS_AT", "c1", "acme", start_label="Contact")
    ]


def test_unsupported_file_type_is_reported(tmp_path: Path) -> None:
    (parsed,) = list(read_records(write(tmp_path / "x.txt", "hello")))
    assert isinstance(parsed, BadRecord) and "unsupported" in parsed.reason
