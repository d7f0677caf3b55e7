"""Smart FAQ grouping quality on banking77: purity and NMI against the 77 intents.

The grouping never sees the labels; they are used only to score it.

    .venv/bin/python bench/faq.py /work/shared/data/support/banking77/train.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.metrics import normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.services.faq import CORE_FIT, MIN_GROUP_SIZE  # noqa: E402
from graph.services.faq_grouping import group_questions  # noqa: E402


def purity(groups: list[int], labels: list[str]) -> float:
    members: dict[int, Counter[str]] = defaultdict(Counter)
    for group, label in zip(groups, labels, strict=True):
        members[group][label] += 1
    return sum(c.most_common(1)[0][1] for c in members.values()) / len(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv", type=Path)
    parser.add_argument("--groups", type=int, default=None, help="default: sqrt(n/2)")
    parser.add_argument("--sample", type=int, default=2000, help="for the tight groups")
    args = parser.parse_args()
    with args.csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    labels = [row["category"] for row in rows]
    started = time.perf_counter()
    grouping = group_questions(texts, args.groups)
    elapsed = time.perf_counter() - started
    found = len(set(grouping.labels))
    print(f"{len(texts)} questions, {len(set(labels))} intents, {found} groups, {elapsed:.1f}s")
    print(f"  purity {purity(grouping.labels, labels):.3f}")
    print(f"  NMI    {normalized_mutual_info_score(labels, grouping.labels):.3f}")
    tight_groups(texts, labels, args.sample)


def tight_groups(texts: list[str], labels: list[str], size: int) -> None:
    """The path `/kb/faq` takes up to TIGHT_GROUPS_MAX questions: tight groups, and only
    questions that fit a group of two or more are shown."""
    rng = random.Random(5)
    chosen = rng.sample(range(len(texts)), min(size, len(texts)))
    sample_texts = [texts[i] for i in chosen]
    sample_labels = [labels[i] for i in chosen]
    started = time.perf_counter()
    grouping = group_questions(sample_texts)
    elapsed = time.perf_counter() - started
    sizes = Counter(grouping.labels)
    shown = [
        i
        for i, label in enumerate(grouping.labels)
        if grouping.fit[i] >= CORE_FIT and sizes[label] >= MIN_GROUP_SIZE
    ]
    print(
        f"tight groups on {len(chosen)} questions: {len(sizes)} groups, {elapsed:.1f}s; "
        f"NMI {normalized_mutual_info_score(sample_labels, grouping.labels):.3f}"
    )
    shown_purity = purity([grouping.labels[i] for i in shown], [sample_labels[i] for i in shown])
    print(
        f"  shown in the FAQ: {len(shown)} questions ({len(shown) / len(chosen):.0%}), "
        f"purity {shown_purity:.3f}"
    )


if __name__ == "__main__":
    main()
