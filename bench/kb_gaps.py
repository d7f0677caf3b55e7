"""Calibrating "no good article": the KB score threshold, set on labelled data.

A StackExchange site becomes a knowledge base: every accepted answer is an article (about
its question's tags), every answer an interaction (for word rarity). Each question with an
accepted answer is asked by its title twice over:
- its own answer is in the KB: the article's score is a positive (it answers it);
- with its own answer left out: the best other article's score is a negative (no article
  in the KB answers it, so "no good article" is right).
The threshold that best separates them (highest balanced accuracy) is chosen on the first
site and checked on the others. The earlier-questions component (`history`) is zero here
(nothing was resolved by an article), so the threshold errs towards "no good article".

    .venv/bin/python bench/kb_gaps.py ../shared/data/stackexchange/beer/Posts.xml \
        ../shared/data/stackexchange/coffee/Posts.xml
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stackexchange_graph import Post, load_posts, read_posts  # noqa: E402
from graph.ids import concept_id  # noqa: E402
from graph.model import KBArticle  # noqa: E402
from graph.services.kb import NO_GOOD_ARTICLE_BELOW, kb_answer  # noqa: E402
from graph.stores import open_store  # noqa: E402
from graph.writes import GraphWriter, Relationship  # noqa: E402

_SENTENCE = re.compile(r"(?<=[.!?])\s")


def article_id(answer: Post) -> str:
    return f"kb:answer:{answer.id.rsplit(':', 1)[-1]}"


def scores(posts_path: Path) -> tuple[list[float], list[float]]:
    """Positive and negative scores of a site's questions with an accepted answer."""
    posts = read_posts(posts_path)
    questions = {p.id: p for p in posts if p.kind == "question"}
    accepted = {p.parent: p for p in posts if p.kind == "answer" and p.accepted and p.parent}
    positives: list[float] = []
    negatives: list[float] = []
    with tempfile.TemporaryDirectory() as directory:
        store = open_store(f"grafeo://{directory}")
        store.create_schema()
        load_posts(store, posts)
        articles, about = [], []
        for question_id, answer in accepted.items():
            title = _SENTENCE.split(answer.body.strip(), maxsplit=1)[0][:120] or "Answer"
            articles.append(KBArticle(id=article_id(answer), title=title, body=answer.body))
            about += [
                Relationship("ABOUT", article_id(answer), concept_id(tag), {}, "KBArticle")
                for tag in questions[question_id].tags
            ]
        writer = GraphWriter(store)
        writer.upsert_nodes(articles)
        writer.merge_relationships(about)
        for question_id, answer in accepted.items():
            own = article_id(answer)
            items = kb_answer(store, questions[question_id].title, limit=20).items
            positives.append(next((h.score for h in items if h.id == own), 0.0))
            negatives.append(max((h.score for h in items if h.id != own), default=0.0))
        store.close()
    return positives, negatives


def balanced_accuracy(threshold: float, positives: list[float], negatives: list[float]) -> float:
    found = sum(s >= threshold for s in positives) / len(positives)
    refused = sum(s < threshold for s in negatives) / len(negatives)
    return (found + refused) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("posts", nargs="+", type=Path, help="the first one calibrates")
    args = parser.parse_args()
    sites = [(path, *scores(path)) for path in args.posts]
    _, positives, negatives = sites[0]
    candidates = sorted({round(s, 2) for s in positives + negatives} | {NO_GOOD_ARTICLE_BELOW})
    best = max(candidates, key=lambda t: (balanced_accuracy(t, positives, negatives), -t))
    print(f"calibrated on {sites[0][0]}: threshold {best:.2f} (in code: {NO_GOOD_ARTICLE_BELOW})")
    for path, pos, neg in sites:
        for threshold in sorted({best, NO_GOOD_ARTICLE_BELOW}):
            found = sum(s >= threshold for s in pos) / len(pos)
            refused = sum(s < threshold for s in neg) / len(neg)
            print(
                f"  {path}: {len(pos)} questions, threshold {threshold:.2f}: article found "
                f"{found:.3f}, no good article said when none {refused:.3f}, "
                f"balanced accuracy {(found + refused) / 2:.3f}"
            )


if __name__ == "__main__":
    main()
