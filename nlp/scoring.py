"""Scoring predicted facts against annotated cases, as `annotated/README.md` says.

- subjects and objects are compared by canonical name (predictions carry world ids);
- for INTERESTED_IN, COMPLAINED_ABOUT, PRAISED and ASKED_ABOUT the contact's account is
  accepted in place of the contact;
- free-text objects (PREFERS, COMMITTED_TO, HAS_ROLE) match when at least half of the gold
  object's content words occur in the predicted object;
- each gold fact matches once; a prediction matching an optional fact, or repeating a matched
  gold fact, counts neither way; every other prediction is a false positive, and a trap error
  when its evidence is one of the case's trap sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from nlp.annotated import Case, GoldFact, World

ACCOUNT_FOR_CONTACT = frozenset({"INTERESTED_IN", "COMPLAINED_ABOUT", "PRAISED", "ASKED_ABOUT"})
FREE_TEXT = frozenset({"PREFERS", "COMMITTED_TO", "HAS_ROLE"})
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Predicted:
    """One predicted fact in canonical names (free-text objects as they were found)."""

    subject: str
    relation: str
    object: str
    evidence: str
    due: str | None = None
    confidence: float = 1.0


@dataclass
class Outcome:
    """What happened to one case's predictions."""

    case: Case
    true_positives: list[tuple[Predicted, GoldFact]] = field(default_factory=list)
    false_positives: list[Predicted] = field(default_factory=list)
    ignored: list[Predicted] = field(default_factory=list)
    misses: list[GoldFact] = field(default_factory=list)
    trap_errors: list[Predicted] = field(default_factory=list)


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    trap_errors: int = 0
    due_total: int = 0
    due_correct: int = 0

    def add(self, outcome: Outcome) -> None:
        for predicted, gold in outcome.true_positives:
            self.tp[gold.relation] += 1
            if gold.relation == "COMMITTED_TO":
                self.due_total += 1
                self.due_correct += int((gold.due or None) == (predicted.due or None))
        for predicted in outcome.false_positives:
            self.fp[predicted.relation] += 1
        for gold in outcome.misses:
            self.fn[gold.relation] += 1
        self.trap_errors += len(outcome.trap_errors)

    def prf(self, relation: str | None = None) -> tuple[float, float, float]:
        if relation is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[relation], self.fp[relation], self.fn[relation]
        return prf(tp, fp, fn)

    def relations(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    @property
    def due_accuracy(self) -> float | None:
        return self.due_correct / self.due_total if self.due_total else None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def content_words(text: str) -> set[str]:
    """Lower-cased words without stop words, with plural and verb endings stripped."""
    return {_stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS}


def _stem(word: str) -> str:
    """The stem shared by a word's forms: "quote", "quotes", "quoted", "quoting" -> "quot"."""
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            return stem + "y" if suffix == "ies" else _without_final_e(stem)
    return _without_final_e(word)


def _without_final_e(word: str) -> str:
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def free_text_matches(gold: str, predicted: str) -> bool:
    wanted = content_words(gold)
    if not wanted:
        return gold.strip().lower() == predicted.strip().lower()
    return 2 * len(wanted & content_words(predicted)) >= len(wanted)


def fact_matches(world: World, gold: GoldFact, predicted: Predicted) -> bool:
    if gold.relation != predicted.relation:
        return False
    if not _subject_matches(world, gold, predicted):
        return False
    if gold.relation in FREE_TEXT:
        if gold.relation == "HAS_ROLE":
            return gold.object.lower() == predicted.object.lower()
        return free_text_matches(gold.object, predicted.object)
    return gold.object.lower() == predicted.object.lower()


def _subject_matches(world: World, gold: GoldFact, predicted: Predicted) -> bool:
    if gold.subject.lower() == predicted.subject.lower():
        return True
    if gold.relation not in ACCOUNT_FOR_CONTACT:
        return False
    account = _account_of(world, gold.subject)
    return account is not None and account.lower() == predicted.subject.lower()


def _account_of(world: World, contact: str) -> str | None:
    for record in world.entities.values():
        if record["label"] == "Contact" and record["name"] == contact:
            account = record.get("account")
            return str(account) if account else None
    return None


def score_case(world: World, case: Case, predictions: Sequence[Predicted]) -> Outcome:
    outcome = Outcome(case=case)
    matched: set[int] = set()
    for predicted in predictions:
        hit = next(
            (
                n
                for n, gold in enumerate(case.facts)
                if n not in matched and fact_matches(world, gold, predicted)
            ),
            None,
        )
        if hit is not None:
            matched.add(hit)
            outcome.true_positives.append((predicted, case.facts[hit]))
            continue
        repeat = any(fact_matches(world, g, predicted) for g in case.facts)
        optional = any(fact_matches(world, g, predicted) for g in case.optional_facts)
        if repeat or optional:
            outcome.ignored.append(predicted)
            continue
        outcome.false_positives.append(predicted)
        if is_trap(case, predicted.evidence):
            outcome.trap_errors.append(predicted)
    outcome.misses = [g for n, g in enumerate(case.facts) if n not in matched]
    return outcome


def is_trap(case: Case, evidence: str) -> bool:
    text = _squash(evidence)
    if not text:
        return False
    for trap in case.traps:
        squashed = _squash(trap)
        if squashed and (squashed in text or text in squashed):
            return True
    return False


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


def score_all(world: World, results: Iterable[tuple[Case, Sequence[Predicted]]]) -> Score:
    score = Score()
    for case, predictions in results:
        score.add(score_case(world, case, predictions))
    return score
