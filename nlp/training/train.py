"""Train the relation model from annotated worlds, and measure it on a world it never saw.

    python -m nlp.training.train                 # train on every world, write nlp/model/
    python -m nlp.training.train --cross-world   # also: leave each annotated world out

Worlds come from `nlp/corpus/` (written for this project) and `../shared/data/annotated/`
(written independently of the extractor). Training is deterministic: fixed seeds, sorted
inputs, liblinear. The artifact records the extractor version and a fingerprint of the
training files, so a stale model is detected (`model_is_current`).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from nlp.annotated import CORPUS_DIR, World, load_world, world_folders
from nlp.errors import RelationModelError
from nlp.pipeline import EXTRACTOR_VERSION, Extractor, build_nlp
from nlp.relations.candidates import LABELS, SENTENCE_LABELS
from nlp.relations.clusters import WordClusters, fit_centroids
from nlp.relations.component import RelationFinder
from nlp.relations.features import sentence_features
from nlp.relations.model import MODEL_DIR, RelationModel
from nlp.scoring import Outcome, Predicted, Score, score_case
from nlp.training.examples import (
    USE_EMBEDDINGS,
    Example,
    ParsedCase,
    examples_of,
    parse_world,
)
from nlp.training.fit import fit_kind

logger = logging.getLogger(__name__)

# The modules (under nlp/) that shape the examples or the fit: a change to one makes the
# committed model stale. The gazetteer and linker decide which mentions candidates are built on.
FEATURE_MODULES = (
    "relations/features.py",
    "relations/candidates.py",
    "relations/clusters.py",
    "relations/polarity.py",
    "gazetteer.py",
    "linking.py",
    "training/fit.py",
)
SHARED_ANNOTATED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "annotated"


@dataclass
class Prepared:
    world: World
    parsed: list[ParsedCase]
    examples: list[Example]


def training_folders(extra: Sequence[Path] = ()) -> list[Path]:
    """Our corpus worlds, the shared annotated worlds (when present) and `extra`."""
    roots = [CORPUS_DIR, *([SHARED_ANNOTATED] if SHARED_ANNOTATED.exists() else []), *extra]
    return world_folders(*roots)


def fingerprint(folders: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for folder in sorted(folders, key=lambda p: p.name):
        for name in ("world.json", "cases.jsonl"):
            path = folder / name
            if path.exists():
                digest.update(folder.name.encode())
                digest.update(path.read_bytes())
    code = Path(__file__).resolve().parents[1]
    for module in FEATURE_MODULES:
        digest.update((code / module).read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def centroids() -> np.ndarray:
    return fit_centroids()


def stale_reason(folder: Path, folders: Sequence[Path]) -> str | None:
    """Why the artifact in `folder` must be rebuilt, or None when it is current."""
    try:
        model = RelationModel.load(folder)
    except RelationModelError as e:
        return str(e)
    if model.version != EXTRACTOR_VERSION:
        return f"it is version {model.version}, the extractor is {EXTRACTOR_VERSION}"
    if model.metadata.get("fingerprint") != fingerprint(folders):
        return "the training worlds or the feature code changed"
    return None


def prepare(folders: Sequence[Path], extractor: Extractor) -> list[Prepared]:
    prepared = []
    clusters = WordClusters(centroids())
    for folder in folders:
        world = load_world(folder)
        parsed = list(parse_world(world, extractor))
        examples = [e for p in parsed for e in examples_of(world, p, clusters)]
        prepared.append(Prepared(world, parsed, examples))
        logger.info("%s: %d cases, %d candidates", world.name, len(parsed), len(examples))
    return prepared


def fit(prepared: Sequence[Prepared], **options: float) -> RelationModel:
    """The clause model first; what it says of each sentence (out of fold) feeds the others."""
    kinds = {}
    clauses = [e for p in prepared for e in p.examples if e.kind == "clause"]
    kinds["clause"], out_of_fold = fit_kind("clause", clauses, **options)  # type: ignore[arg-type]
    columns = [LABELS["clause"].index(label) for label in SENTENCE_LABELS]
    said = {
        (e.world, e.case, e.sentence): row[columns]
        for e, row in zip(clauses, out_of_fold, strict=True)
    }
    for kind in LABELS:
        if kind == "clause":
            continue
        examples = [
            replace(
                e,
                features={
                    **e.features,
                    **sentence_features(said.get((e.world, e.case, e.sentence))),
                },
            )
            for p in prepared
            for e in p.examples
            if e.kind == kind
        ]
        kinds[kind], _ = fit_kind(kind, examples, **options)  # type: ignore[arg-type]
    return RelationModel(
        version=EXTRACTOR_VERSION,
        kinds=kinds,
        centroids=centroids(),
        metadata={"embeddings": USE_EMBEDDINGS},
    )


def predictions(
    prepared: Prepared, finder: RelationFinder, extractor: Extractor
) -> list[tuple[ParsedCase, list[Predicted]]]:
    extractor.gazetteer.set_entries(prepared.world.gazetteer())
    world = prepared.world
    out = []
    for parsed in prepared.parsed:
        doc = parsed.doc
        facts = finder.facts(
            doc, parsed.candidates, doc._.tacit_mentions or [], doc._.tacit_context or {}
        )
        text = parsed.case.text
        found = [
            Predicted(
                subject=world.name_of(f["subject"].get("id")) or f["subject"]["name"],
                relation=f["relation"],
                object=world.name_of(f["object"].get("id")) or f["object"]["name"],
                evidence=text[f["evidence"]["start"] : f["evidence"]["end"]],
                due=f["due"],
                confidence=f["confidence"],
            )
            for f in facts
        ]
        out.append((parsed, found))
    return out


def evaluate(
    prepared: Prepared, model: RelationModel, extractor: Extractor
) -> tuple[Score, list[Outcome]]:
    finder = extractor.nlp.get_pipe("tacit_relations")
    assert isinstance(finder, RelationFinder)
    finder.use_model(model)
    score = Score()
    outcomes = []
    try:
        for parsed, found in predictions(prepared, finder, extractor):
            outcome = score_case(prepared.world, parsed.case, found)
            score.add(outcome)
            outcomes.append(outcome)
    finally:
        finder.use_model(None)
    return score, outcomes


def cross_world(
    prepared: Sequence[Prepared], held_out: Sequence[str], extractor: Extractor, **options: float
) -> dict[str, tuple[Score, list[Outcome]]]:
    results = {}
    for name in held_out:
        train = [p for p in prepared if p.world.name != name]
        test = next(p for p in prepared if p.world.name == name)
        model = fit(train, **options)
        results[name] = evaluate(test, model, extractor)
    return results


def print_score(name: str, score: Score) -> None:
    p, r, f = score.prf()
    due = score.due_accuracy
    print(
        f"{name:<22} P {p:.2f}  R {r:.2f}  F1 {f:.2f}  trap errors {score.trap_errors}"
        f"  due {'-' if due is None else f'{due:.2f}'} ({score.due_correct}/{score.due_total})"
    )
    for relation in score.relations():
        rp, rr, rf = score.prf(relation)
        print(
            f"    {relation:<18} gold {score.tp[relation] + score.fn[relation]:>3}"
            f"  found {score.tp[relation] + score.fp[relation]:>3}  P {rp:.2f}  R {rr:.2f}"
            f"  F1 {rf:.2f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="artifact folder")
    parser.add_argument("--cross-world", action="store_true", help="leave-one-world-out table")
    parser.add_argument("--no-save", action="store_true", help="do not write the artifact")
    parser.add_argument("--world", type=Path, action="append", default=[], help="extra world")
    parser.add_argument(
        "--if-stale", action="store_true", help="train only when the artifact is missing or stale"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.perf_counter()
    folders = training_folders(args.world)
    if args.if_stale:
        reason = stale_reason(args.out, folders)
        if reason is None:
            print(f"relation model in {args.out} is current")
            return 0
        print(f"training the relation model: {reason}")
    extractor = Extractor(build_nlp())
    prepared = prepare(folders, extractor)
    print(f"{len(prepared)} worlds, {sum(len(p.parsed) for p in prepared)} cases")
    if args.cross_world:
        annotated = [
            p.world.name
            for p in prepared
            if p.world.folder is not None and p.world.folder.parent == SHARED_ANNOTATED
        ]
        for name, (score, _) in cross_world(prepared, annotated, extractor).items():
            print_score(name, score)
    if not args.no_save:
        model = fit(prepared)
        model.metadata.update(
            fingerprint=fingerprint(folders), worlds=[p.world.name for p in prepared]
        )
        model.save(args.out)
        print(f"model written to {args.out} in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
