"""Expertise location on StackExchange: our model vs Model 2 vs most answers.

For each question of the last 25% (in time order) whose answerers answered before it,
rank employees from its title and body using only posts older than it, and score the
ranking against the people who actually answered it. `ours` also gets the question's
tags as its topics (a customer question arrives with topic tags in the product too);
`ours_no_tags` is the same model from the text alone. The derived EXPERT_IN edges are
recomputed at a few checkpoints; the activity prior is computed as of each question
(`experts_for(..., before=...)`), as the most-answers baseline counts up to it.

    .venv/bin/python bench/expertise.py /work/shared/data/stackexchange/beer/Posts.xml
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stackexchange_graph import Post, load_posts, read_posts  # noqa: E402
from graph.ids import concept_id  # noqa: E402
from graph.services.expertise_derive import derive_expertise  # noqa: E402
from graph.services.experts import document_credits, experts_for, matching_documents  # noqa: E402
from graph.stores import open_store  # noqa: E402
from graph.stores.base import GraphStore  # noqa: E402

RANK_DEPTH = 100
CHECKPOINTS = 5


MODEL2_SHARPNESS = (1.0, 2.0, 4.0)


def model2_rankings(store: GraphStore, text: str, before: str) -> dict[float, list[str]]:
    """Balog et al. 2006 Model 2, document-centric: p(q|e) = sum_d p(q|d) p(d|e).

    p(q|d) is the BM25 relevance of the top documents of the same full-text index
    (normalised by the best, raised to a power: 1 is plain BM25, higher approaches the
    peakedness of a query-likelihood language model); p(d|e) is authorship (an answer's
    author, a question's answerers), uniform. Several powers, so the baseline is tuned.
    """
    documents = matching_documents(store, text, before)
    relevance = {d.id: d.relevance for d in documents}
    credits = document_credits(store, documents, before)
    rankings = {}
    for power in MODEL2_SHARPNESS:
        scores: Counter[str] = Counter()
        for credit in credits:
            scores[credit.employee_id] += relevance[credit.document_id] ** power
        rankings[power] = [e for e, _ in scores.most_common()]
    return rankings


def metrics(ranking: list[str], relevant: set[str]) -> tuple[float, float, float]:
    reciprocal, hits, precision_sum = 0.0, 0, 0.0
    for rank, person in enumerate(ranking[:RANK_DEPTH], 1):
        if person in relevant:
            hits += 1
            precision_sum += hits / rank
            if not reciprocal:
                reciprocal = 1 / rank
    at5 = sum(1 for p in ranking[:5] if p in relevant) / 5
    return reciprocal, at5, precision_sum / len(relevant)


def evaluate(posts_path: Path) -> None:
    posts = read_posts(posts_path)
    questions = [p for p in posts if p.kind == "question"]
    answers: dict[str, list[Post]] = defaultdict(list)
    for post in posts:
        if post.kind == "answer" and post.owner and post.parent:
            answers[post.parent].append(post)
    test = questions[int(len(questions) * 0.75) :]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        store = open_store(f"grafeo://{directory}")
        store.create_schema()
        load_posts(store, posts)
        loaded = time.perf_counter()
        results: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
        chunk = max(1, len(test) // CHECKPOINTS)
        evaluated = 0
        for index, question in enumerate(test):
            if index % chunk == 0:
                derive_expertise(store, as_of=question.created)
            before = question.created.isoformat()
            counts = Counter(
                p.owner
                for p in posts
                if p.kind == "answer" and p.owner and p.created < question.created
            )
            relevant = {a.owner for a in answers.get(question.id, []) if a.owner} & counts.keys()
            if not relevant:
                continue
            evaluated += 1
            asker = question.owner
            text = f"{question.title}\n{question.body}"
            tags = [concept_id(tag) for tag in question.tags]
            rankings = {
                "ours": experts_for(store, text, RANK_DEPTH, before=before, concepts=tags),
                "ours_no_tags": experts_for(store, text, RANK_DEPTH, before=before),
            }
            ranked = {name: [e.id for e in experts] for name, experts in rankings.items()}
            for power, ranking in model2_rankings(store, text, before).items():
                ranked[f"model2^{power:g}"] = ranking
            ranked["most_answers"] = [e for e, _ in counts.most_common()]
            for name, ranking in ranked.items():
                results[name].append(metrics([e for e in ranking if e != asker], relevant))
        store.close()
    print(
        f"{posts_path}: {len(questions)} questions, {evaluated} evaluated "
        f"(load {loaded - started:.1f}s, total {time.perf_counter() - started:.1f}s)"
    )
    for name, rows in results.items():
        mrr, p5, average_precision = (sum(col) / len(rows) for col in zip(*rows, strict=True))
        print(f"  {name:<13} MRR {mrr:.3f}  P@5 {p5:.3f}  MAP {average_precision:.3f}")
    mrr = {name: sum(r[0] for r in rows) / len(rows) for name, rows in results.items()}
    model2 = max((m for name, m in mrr.items() if name.startswith("model2")), default=0.0)
    if model2:
        print(f"  ours / best model2 MRR: {mrr['ours'] / model2:.2f}x", end="")
        print(f"   (without tags {mrr['ours_no_tags'] / model2:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("posts", nargs="+", type=Path)
    for path in parser.parse_args().posts:
        evaluate(path)


if __name__ == "__main__":
    main()
