"""Annotated worlds: a known world (`world.json`) and messages with their gold facts.

The format is the one of `../shared/data/annotated/README.md`; our own training worlds in
`nlp/corpus/` use it too. A world becomes gazetteer entries (ids `world:<kind>:<name>`, so
facts can be mapped back to canonical names), a case becomes the text the extractor reads
and the `MessageContext` of its author and recipients.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from nlp.errors import CorpusError
from nlp.models import GazetteerEntry, MessageContext

CORPUS_DIR = Path(__file__).with_name("corpus")
ROLES = (
    "decision maker",
    "budget holder",
    "champion",
    "technical evaluator",
    "blocker",
    "end user",
)

_KINDS = {
    "employees": "Employee",
    "contacts": "Contact",
    "accounts": "Account",
    "products": "Product",
    "competitors": "Competitor",
    "concepts": "Concept",
}


def entity_id(label: str, name: str) -> str:
    return f"world:{label.lower()}:{name}"


@dataclass(frozen=True)
class GoldFact:
    subject: str
    relation: str
    object: str
    evidence: str
    due: str | None = None
    quoted: bool = False

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> GoldFact:
        return cls(
            subject=raw["subject"],
            relation=raw["relation"],
            object=raw["object"],
            evidence=raw.get("evidence", ""),
            due=raw.get("due"),
            quoted=bool(raw.get("quoted", False)),
        )


@dataclass
class Case:
    world: str
    id: str
    kind: str
    date: datetime
    author: dict[str, str]
    recipients: list[dict[str, str]]
    subject: str
    text: str
    facts: list[GoldFact]
    optional_facts: list[GoldFact]
    traps: list[str]
    tags: list[str] = field(default_factory=list)


@dataclass
class World:
    name: str
    vendor: dict[str, Any]
    entities: dict[str, dict[str, Any]]  # id -> the world.json record plus "label"
    cases: list[Case]
    folder: Path | None = None

    def gazetteer(self) -> list[GazetteerEntry]:
        accounts = {
            r["name"]: entity_id("Account", r["name"])
            for r in self.entities.values()
            if r["label"] == "Account"
        }
        entries = []
        for key, record in self.entities.items():
            label = record["label"]
            aliases = [*record.get("aliases", []), *record.get("synonyms", [])]
            emails = [record["email"]] if record.get("email") else []
            account = accounts.get(record.get("account", "")) if label == "Contact" else None
            if label == "Employee":
                account = entity_id("Account", self.vendor["name"])
            entries.append(
                GazetteerEntry(
                    id=key,
                    label=label,
                    name=record["name"],
                    aliases=[a for a in aliases if a and a != record["name"]],
                    emails=emails,
                    account=account,
                )
            )
        return entries

    def by_email(self) -> dict[str, str]:
        return {r["email"].lower(): key for key, r in self.entities.items() if r.get("email")}

    def context(self, case: Case) -> MessageContext:
        """Who wrote the case, to whom, for which account, when."""
        return self.message_context(
            case.author.get("email", ""),
            case.author.get("name"),
            [p.get("email", "") for p in case.recipients],
            case.date,
            case.kind,
        )

    def message_context(
        self,
        author_email: str,
        author_name: str | None,
        recipient_emails: list[str],
        sent_at: datetime | None,
        channel: str | None,
    ) -> MessageContext:
        """A message's context in this world, from its participants' addresses."""
        emails = self.by_email()
        author_id = emails.get(author_email.lower())
        recipients = [emails[e.lower()] for e in recipient_emails if e.lower() in emails]
        author = self.entities.get(author_id or "")
        account_id = None
        for person in [author_id, *recipients]:
            record = self.entities.get(person or "")
            if record and record["label"] == "Contact" and record.get("account"):
                account_id = entity_id("Account", record["account"])
                break
        return MessageContext(
            author_id=author_id,
            author_name=author["name"] if author else author_name,
            author_label=author["label"] if author else None,
            recipient_ids=recipients,
            account_id=account_id,
            sent_at=sent_at,
            channel=channel,
        )

    def name_of(self, key: str | None) -> str | None:
        record = self.entities.get(key or "")
        return record["name"] if record else None


def load_world(folder: Path) -> World:
    """Read `folder/world.json` and `folder/cases.jsonl`."""
    world = load_world_file(folder / "world.json")
    world.cases = [_case(folder.name, line, n) for n, line in _lines(folder / "cases.jsonl")]
    return world


def load_world_file(path: Path) -> World:
    """A world from its `world.json` alone (no cases)."""
    folder = path.parent
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise CorpusError(f"cannot read world {path}: {e}") from e
    if not isinstance(raw, dict):
        raise CorpusError(f"cannot read world {path}: not a JSON object")
    entities: dict[str, dict[str, Any]] = {}
    vendor = raw.get("vendor", {})
    if vendor.get("name"):
        entities[entity_id("Account", vendor["name"])] = {**vendor, "label": "Account"}
    for key, label in _KINDS.items():
        for record in raw.get(key, []):
            if not isinstance(record, dict) or not record.get("name"):
                raise CorpusError(f"cannot read world {path}: a {key} entry has no name")
            entities[entity_id(label, record["name"])] = {**record, "label": label}
    return World(name=folder.name, vendor=vendor, entities=entities, cases=[], folder=folder)


def read_cases(path: Path) -> list[Case]:
    """The cases of an annotated `cases.jsonl` (messages with or without gold facts)."""
    return [_case(path.parent.name, line, n) for n, line in _lines(path)]


def _lines(path: Path) -> list[tuple[int, str]]:
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _case(world: str, line: str, number: int) -> Case:
    try:
        raw = json.loads(line)
        return Case(
            world=world,
            id=raw["id"],
            kind=raw["kind"],
            date=datetime.fromisoformat(raw["date"].replace("Z", "+00:00")),
            author=raw["from"],
            recipients=[*(raw.get("to") or []), *(raw.get("cc") or [])],
            subject=raw.get("subject", ""),
            text=raw["text"],
            facts=[GoldFact.from_json(f) for f in raw.get("facts") or []],
            optional_facts=[GoldFact.from_json(f) for f in raw.get("optional_facts", [])],
            traps=list(raw.get("traps", [])),
            tags=list(raw.get("tags", [])),
        )
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise CorpusError(f"{world}/cases.jsonl line {number}: {e}") from e


def world_folders(*roots: Path) -> list[Path]:
    """Every folder holding a `world.json` under `roots` (sorted by name)."""
    found = []
    for root in roots:
        if (root / "world.json").exists():
            found.append(root)
        elif root.is_dir():
            found.extend(p.parent for p in root.glob("*/world.json"))
    return sorted(found, key=lambda p: p.name)
