"""Scoring extraction on the annotated worlds (`../shared/data/annotated`), as their
README says, so notebooks and benchmarks report comparable figures whatever the
extractor is.

- subjects and objects are canonicalised to the world's names through aliases and
  synonyms, case-insensitively;
- a prediction matches a gold fact when relation, subject and object agree; for
  INTERESTED_IN, COMPLAINED_ABOUT, PRAISED and ASKED_ABOUT the contact's account is
  accepted in place of the contact; PREFERS, COMMITTED_TO and HAS_ROLE objects are free
  text, matched when at least half the gold object's content words (lower-cased, without
  stop words, plural and verb endings stripped) occur in the predicted object;
- each gold fact matches once; a prediction matching an optional fact or an already
  matched gold fact counts neither way; every other prediction is a false positive, and
  a trap error when its evidence is a `traps` sentence;
- micro precision/recall/F1 over all cases, per relation, trap errors, and `due`
  accuracy over matched COMMITTED_TO facts.

`extract_cases` runs an `Extractor` on cases; `score_cases` scores any predictions, so
a different extractor (or cached predictions) scores the same way.

>>> world = AnnotatedWorld.from_json({"contacts": [{"name": "Ana Lima", "aliases": ["Ana"],
...     "account": "Lima Foods"}], "accounts": [{"name": "Lima Foods"}],
...     "concepts": [{"name": "payroll", "synonyms": ["Gehalt"]}]})
>>> case = {"id": "c1", "facts": [{"subject": "Ana Lima", "relation": "INTERESTED_IN",
...         "object": "payroll", "evidence": "We want payroll."}], "traps": ["No SSO."]}
>>> rows = score_cases([case], {"c1": [Prediction("INTERESTED_IN", "Lima Foods", "gehalt",
...         "We want payroll."), Prediction("USES", "Lima Foods", "SSO", "No SSO.")]}, world)
>>> [(row.outcome, row.relation, row.trap) for row in rows]
[('hit', 'INTERESTED_IN', False), ('false_positive', 'USES', True)]
>>> summary = relation_scores(rows)
>>> summary["all"]["precision"], summary["all"]["recall"]
(0.5, 1.0)
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from nlp.models import GazetteerEntry, MessageContext

__all__ = [
    "AnnotatedWorld",
    "Prediction",
    "ScoredRow",
    "extract_cases",
    "load_cases",
    "relation_confusion",
    "relation_scores",
    "score_cases",
]

LENIENT_RELATIONS = frozenset({"INTERESTED_IN", "COMPLAINED_ABOUT", "PRAISED", "ASKED_ABOUT"})
FREE_TEXT_RELATIONS = frozenset({"PREFERS", "COMMITTED_TO", "HAS_ROLE"})
_WORD = re.compile(r"[a-z0-9]+")
_ENDINGS = ("ing", "ies", "es", "ed", "s")
_LABELS = {
    "accounts": "Account",
    "contacts": "Contact",
    "employees": "Employee",
    "products": "Product",
    "competitors": "Competitor",
    "concepts": "Concept",
}


@dataclass(frozen=True)
class Prediction:
    relation: str
    subject: str
    object: str
    evidence: str = ""
    due: str | None = None


@dataclass(frozen=True)
class ScoredRow:
    """One gold fact or prediction and what became of it.

    `outcome`: `hit` (a prediction matched a gold fact), `miss` (a gold fact nothing
    matched), `false_positive`, or `ignored` (matched an optional fact or a repeat).
    """

    case_id: str
    outcome: str
    relation: str
    subject: str
    object: str
    evidence: str
    trap: bool = False
    due_correct: bool | None = None


@dataclass
class AnnotatedWorld:
    """Canonical names with their aliases, and each contact's account."""

    canonical: dict[str, str] = field(default_factory=dict)
    account_of: dict[str, str] = field(default_factory=dict)
    entries: list[GazetteerEntry] = field(default_factory=list)
    people_by_email: dict[str, GazetteerEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> AnnotatedWorld:
        return cls.from_json(json.loads((folder / "world.json").read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AnnotatedWorld:
        world = cls()
        for key, label in _LABELS.items():
            for item in data.get(key, []):
                name = item["name"]
                aliases = [*item.get("aliases", []), *item.get("synonyms", [])]
                for surface in (name, *aliases):
                    world.canonical.setdefault(surface.casefold(), name)
                if key == "contacts" and item.get("account"):
                    world.account_of[name] = item["account"]
                email = item.get("email")
                entry = GazetteerEntry(
                    id=f"{label}:{name}",
                    label=label,  # type: ignore[arg-type]
                    name=name,
                    aliases=aliases,
                    emails=[email] if email else [],
                    account=f"Account:{item['account']}" if item.get("account") else None,
                )
                world.entries.append(entry)
                if email:
                    world.people_by_email[email.casefold()] = entry
        return world

    def name(self, text: str) -> str:
        """The canonical name for `text` (a name, alias, synonym or gazetteer id)."""
        bare = text.split(":", 1)[1] if re.match(r"^[A-Z][a-z]+:", text) else text
        return self.canonical.get(bare.casefold().strip(), bare.strip())


def load_cases(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The cases of one annotated world, in file order (the first `limit`)."""
    cases = []
    with (folder / "cases.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                cases.append(json.loads(line))
            if limit is not None and len(cases) >= limit:
                break
    return cases


def extract_cases(
    extractor: Any, cases: Sequence[Mapping[str, Any]], world: AnnotatedWorld
) -> dict[str, list[Prediction]]:
    """Run `extractor` (an `nlp.pipeline.Extractor` knowing `world.entries`) on `cases`."""
    items = [(case["text"], _context(case, world)) for case in cases]
    predictions: dict[str, list[Prediction]] = {}
    for case, result in zip(cases, extractor.extract_many(items), strict=True):
        predictions[case["id"]] = [
            Prediction(
                relation=fact.relation,
                subject=world.name(fact.subject.id or fact.subject.name),
                object=world.name(fact.object.id or fact.object.name),
                evidence=fact.evidence.text,
                due=fact.due.isoformat() if fact.due else None,
            )
            for fact in result.facts
            if not fact.negated and not fact.hypothetical
        ]
    return predictions


def score_cases(
    cases: Iterable[Mapping[str, Any]],
    predictions: Mapping[str, Sequence[Prediction]],
    world: AnnotatedWorld,
) -> list[ScoredRow]:
    """Every gold fact and prediction of `cases`, scored."""
    rows: list[ScoredRow] = []
    for case in cases:
        rows += _score_case(case, predictions.get(case["id"], []), world)
    return rows


def relation_scores(rows: Iterable[ScoredRow]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and counts per relation and for `all`; `traps` and
    `due_accuracy` on `all`."""
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        for key in (row.relation, "all"):
            counts[key][row.outcome] += 1
            counts[key]["traps"] += row.trap
            if row.due_correct is not None:
                counts[key]["due_total"] += 1
                counts[key]["due_correct"] += row.due_correct
    scores = {}
    for relation, c in sorted(counts.items()):
        hits, fps, misses = c["hit"], c["false_positive"], c["miss"]
        precision = hits / (hits + fps) if hits + fps else 0.0
        recall = hits / (hits + misses) if hits + misses else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[relation] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "hits": hits,
            "false_positives": fps,
            "misses": misses,
            "traps": c["traps"],
            "due_accuracy": round(c["due_correct"] / c["due_total"], 4) if c["due_total"] else 0.0,
        }
    return scores


def relation_confusion(rows: Iterable[ScoredRow]) -> dict[tuple[str, str], int]:
    """(gold relation, predicted relation) -> count, over missed gold facts and false
    positives of the same case with the same subject and object."""
    missed: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    wrong: list[ScoredRow] = []
    for row in rows:
        if row.outcome == "miss":
            missed[(row.case_id, row.subject.casefold(), row.object.casefold())].append(
                row.relation
            )
        elif row.outcome == "false_positive":
            wrong.append(row)
    confusion: dict[tuple[str, str], int] = defaultdict(int)
    for row in wrong:
        for gold in missed.get((row.case_id, row.subject.casefold(), row.object.casefold()), []):
            confusion[(gold, row.relation)] += 1
    return dict(confusion)


def _score_case(
    case: Mapping[str, Any], predicted: Sequence[Prediction], world: AnnotatedWorld
) -> list[ScoredRow]:
    gold = list(case.get("facts", []))
    optional = list(case.get("optional_facts", []))
    traps = [t for t in case.get("traps", []) if t.strip()]
    matched = [False] * len(gold)
    rows: list[ScoredRow] = []
    for prediction in predicted:
        index = _first_match(prediction, gold, world, matched)
        if index is not None:
            matched[index] = True
            fact = gold[index]
            due = fact.get("due") if fact["relation"] == "COMMITTED_TO" else None
            rows.append(
                _row(case, "hit", prediction, due_correct=(prediction.due == due) if due else None)
            )
            continue
        repeats = any(_matches(prediction, g, world) for g in gold)
        if repeats or any(_matches(prediction, o, world) for o in optional):
            rows.append(_row(case, "ignored", prediction))
            continue
        trap = any(_overlaps(prediction.evidence, t) for t in traps)
        rows.append(_row(case, "false_positive", prediction, trap=trap))
    for fact, found in zip(gold, matched, strict=True):
        if not found:
            rows.append(
                ScoredRow(
                    case_id=case["id"],
                    outcome="miss",
                    relation=fact["relation"],
                    subject=fact["subject"],
                    object=fact["object"],
                    evidence=fact.get("evidence", ""),
                )
            )
    return rows


def _row(
    case: Mapping[str, Any],
    outcome: str,
    prediction: Prediction,
    *,
    trap: bool = False,
    due_correct: bool | None = None,
) -> ScoredRow:
    return ScoredRow(
        case_id=case["id"],
        outcome=outcome,
        relation=prediction.relation,
        subject=prediction.subject,
        object=prediction.object,
        evidence=prediction.evidence,
        trap=trap,
        due_correct=due_correct,
    )


def _first_match(
    prediction: Prediction,
    gold: Sequence[Mapping[str, Any]],
    world: AnnotatedWorld,
    matched: Sequence[bool],
) -> int | None:
    for index, fact in enumerate(gold):
        if not matched[index] and _matches(prediction, fact, world):
            return index
    return None


def _matches(prediction: Prediction, fact: Mapping[str, Any], world: AnnotatedWorld) -> bool:
    relation = fact["relation"]
    if prediction.relation != relation:
        return False
    subject = world.name(prediction.subject).casefold()
    gold_subject = world.name(fact["subject"])
    accepted = {gold_subject.casefold()}
    if relation in LENIENT_RELATIONS and gold_subject in world.account_of:
        accepted.add(world.account_of[gold_subject].casefold())
    if subject not in accepted:
        return False
    if relation in FREE_TEXT_RELATIONS:
        return _free_text_match(prediction.object, fact["object"])
    return world.name(prediction.object).casefold() == world.name(fact["object"]).casefold()


def _free_text_match(predicted: str, gold: str) -> bool:
    """At least half the gold object's content words occur in the predicted object.

    >>> _free_text_match("send the signed contracts", "sends the contract")
    True
    """
    wanted = _content_words(gold)
    if not wanted:
        return predicted.casefold().strip() == gold.casefold().strip()
    return len(wanted & _content_words(predicted)) * 2 >= len(wanted)


def _content_words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS}


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _overlaps(evidence: str, trap: str) -> bool:
    a, b = " ".join(evidence.split()).casefold(), " ".join(trap.split()).casefold()
    return bool(a) and (a in b or b in a)


def _context(case: Mapping[str, Any], world: AnnotatedWorld) -> MessageContext:
    sender = (case.get("from") or {}).get("email", "").casefold()
    author = world.people_by_email.get(sender)
    recipients = [
        world.people_by_email[r["email"].casefold()].id
        for r in case.get("to", [])
        if r.get("email", "").casefold() in world.people_by_email
    ]
    sent_at = None
    if case.get("date"):
        sent_at = datetime.fromisoformat(str(case["date"]).replace("Z", "+00:00"))
    return MessageContext(
        author_id=author.id if author else None,
        author_name=author.name if author else (case.get("from") or {}).get("name"),
        author_label=author.label if author else None,
        recipient_ids=recipients,
        account_id=author.account if author else None,
        sent_at=sent_at,
    )
