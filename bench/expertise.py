"""Expertise location on StackExchange, rolling protocol: ours vs Model 2 vs recent answers.

The whole dump is loaded. For every question of the last `--test-share` of the time
range, each method ranks people with only what happened before the question was asked
(`experts_for(..., as_of=created)`); the relevant people are its answerers who had
answered anything before. Methods, all on the same snapshot:
- `ours`: `experts_for` with the question's tags as its topics (questions arrive with
  tags in the product too); `ours_no_tags`: from the text alone;
- `model2^p`: Balog et al. 2006 Model 2 on the same full-text index, several sharpness
  powers (the baseline is tuned, we report its best);
- `recent_200`: most answers among the last 200 answers before the question.
A second table repeats this on a frozen snapshot: everything before the first test
question, for every test question, to show what the prior's freshness contributes.
Also counted: experts returned without any evidence (must be 0).

    .venv/bin/python bench/expertise.py ../shared/data/stackexchange/beer/Posts.xml \
        ../shared/data/stackexchange/coffee/Posts.xml
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stackexchange_graph import Post, load_posts, read_posts  # noqa: E402
from graph.ids import concept_id  # noqa: E402
from graph.services.expertise_documents import (  # noqa: E402
    document_credits,
    matching_documents,
)
from graph.services.experts import experts_for  # noqa: E402
from graph.stores import open_store  # noqa: E402
from graph.stores.base import GraphStore  # noqa: E402

RANK_DEPTH = 100
RECENT_ANSWERS = 200
MODEL2_SHARPNESS = (1.0, 2.0, 4.0)
Scores = tuple[float, float, float]


def model2_rankings(store: GraphStore, text: str, before: str) -> dict[str, list[str]]:
    """Balog et al. 2006 Model 2, document-centric: p(q|e) = sum_d p(q|d) p(d|e).

    p(q|d) is the BM25 relevance of the top documents of the same full-text index
    (normalised by the best, raised to a power: 1 is plain BM25, higher approaches the
    peakedness of a query-likelihood language model); p(d|e) is authorship (an answer's
    author, a question's answerers), uniform.
    """
    documents = matching_documents(store, text, before)
    relevance = {d.id: d.relevance for d in documents}
    credits = document_credits(store, documents, before)
    rankings = {}
    for power in MODEL2_SHARPNESS:
        scores: Counter[str] = Counter()
        for credit in credits:
            scores[credit.employee_id] += relevance[credit.document_id] ** power
        rankings[f"model2^{power:g}"] = [e for e, _ in scores.most_common()]
    return rankings


def recent_answerers(answers: list[Post], before: datetime) -> list[str]:
    """People by their number of answers among the last RECENT_ANSWERS before `before`."""
    earlier = [a for a in answers if a.created < before][-RECENT_ANSWERS:]
    return [owner for owner, _ in Counter(a.owner for a in earlier if a.owner).most_common()]


def metrics(ranking: list[str], relevant: set[str]) -> Scores:
    """Reciprocal rank, precision at 5, average precision at 10."""
    reciprocal, hits, precision_sum = 0.0, 0, 0.0
    for rank, person in enumerate(ranking[:RANK_DEPTH], 1):
        if person in relevant:
            if not reciprocal:
                reciprocal = 1 / rank
            if rank <= 10:
                hits += 1
                precision_sum += hits / rank
    at5 = sum(1 for p in ranking[:5] if p in relevant) / 5
    return reciprocal, at5, precision_sum / min(len(relevant), 10)


def evaluate(posts_path: Path, test_share: float) -> None:
    posts = read_posts(posts_path)
    questions = [p for p in posts if p.kind == "question"]
    answers = [p for p in posts if p.kind == "answer" and p.owner and p.parent]
    answered_by: dict[str, set[str]] = defaultdict(set)
    for answer in answers:
        answered_by[answer.parent or ""].add(answer.owner or "")
    cut = questions[int(len(questions) * (1 - test_share))].created
    test = [q for q in questions if q.created >= cut]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        store = open_store(f"grafeo://{directory}")
        store.create_schema()
        load_posts(store, posts)
        loaded = time.perf_counter()
        tables = {}
        for protocol in ("rolling", "frozen"):
            tables[protocol] = rank_all(store, test, answers, answered_by, cut, protocol)
        store.close()
    print(
        f"{posts_path}: {len(questions)} questions, {len(test)} asked after {cut:%Y-%m-%d} "
        f"(load {loaded - started:.0f}s, total {time.perf_counter() - started:.0f}s)"
    )
    for protocol, (results, evaluated, unexplained) in tables.items():
        print(f"  {protocol}: {evaluated} questions with an earlier answerer among theirs")
        for name, rows in results.items():
            mrr, p5, map10 = (sum(col) / len(rows) for col in zip(*rows, strict=True))
            print(f"    {name:<13} MRR {mrr:.3f}  P@5 {p5:.3f}  MAP@10 {map10:.3f}")
        mrr_of = {name: sum(r[0] for r in rows) / len(rows) for name, rows in results.items()}
        model2 = max(m for name, m in mrr_of.items() if name.startswith("model2"))
        baseline = max(model2, mrr_of["recent_200"])
        print(
            f"    ours / better baseline MRR: {mrr_of['ours'] / baseline:.2f}x "
            f"(without tags {mrr_of['ours_no_tags'] / baseline:.2f}x); "
            f"experts returned without evidence: {unexplained}"
        )


def rank_all(
    store: GraphStore,
    test: list[Post],
    answers: list[Post],
    answered_by: dict[str, set[str]],
    cut: datetime,
    protocol: str,
) -> tuple[dict[str, list[Scores]], int, int]:
    results: dict[str, list[Scores]] = defaultdict(list)
    evaluated = unexplained = 0
    for question in test:
        moment = question.created if protocol == "rolling" else cut
        earlier = {a.owner for a in answers if a.created < moment}
        relevant = answered_by.get(question.id, set()) & earlier
        if not relevant:
            continue
        evaluated += 1
        text = f"{question.title}\n{question.body}"
        tags = [concept_id(tag) for tag in question.tags]
        ours = experts_for(store, text, RANK_DEPTH, as_of=moment, concepts=tags)
        unexplained += sum(1 for e in ours if not e.evidence)
        ranked = {
            "ours": [e.id for e in ours],
            "ours_no_tags": [e.id for e in experts_for(store, text, RANK_DEPTH, as_of=moment)],
            **model2_rankings(store, text, moment.isoformat()),
            "recent_200": recent_answerers(answers, moment),
        }
        for name, ranking in ranked.items():
            results[name].append(metrics([e for e in ranking if e != question.owner], relevant))
    return results, evaluated, unexplained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("posts", nargs="+", type=Path)
    parser.add_argument("--test-share", type=float, default=0.25, help="of the time range")
    args = parser.parse_args()
    for path in args.posts:
        evaluate(path, args.test_share)


if __name__ == "__main__":
    main()
