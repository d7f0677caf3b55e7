"""Latency of the question-answering services on a generated graph, embedded store.

Generates (at --scale 1) 20k accounts, 60k contacts, 500 employees, 300k interactions,
derives KNOWS and EXPERT_IN, then prints median and p95 of account 360, experts,
warm intro and KB search over random requests, in one process.

    .venv/bin/python bench/latency.py --scale 0.1
    .venv/bin/python bench/latency.py --keep /tmp/lat   # then: --keep /tmp/lat --reuse

Side by side on Grafeo and Neo4j (an empty Neo4j database; credentials in the URL or in
TACIT_NEO4J_USER/TACIT_NEO4J_PASSWORD), the same graph and the same requests on each:

    .venv/bin/python bench/latency.py --scale 0.05 \
        --graph-url grafeo:///tmp/lat-grafeo --graph-url bolt://127.0.0.1:7687
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.model import (  # noqa: E402
    Account,
    Concept,
    Contact,
    Employee,
    Interaction,
    KBArticle,
    Node,
)
from graph.services.accounts import account_360  # noqa: E402
from graph.services.expertise_derive import derive_expertise  # noqa: E402
from graph.services.experts import experts_for  # noqa: E402
from graph.services.intro import warm_intro_paths  # noqa: E402
from graph.services.kb import kb_search  # noqa: E402
from graph.services.knows import derive_knows  # noqa: E402
from graph.stats import graph_counts  # noqa: E402
from graph.stores import open_store  # noqa: E402
from graph.stores.base import GraphStore  # noqa: E402
from graph.writes import GraphWriter, Relationship  # noqa: E402

TOPICS = [
    "sso",
    "saml",
    "billing",
    "invoice",
    "export",
    "api",
    "webhook",
    "latency",
    "backup",
    "restore",
    "encryption",
    "audit",
    "permissions",
    "roles",
    "dashboard",
    "reporting",
    "integration",
    "salesforce",
    "slack",
    "mobile",
    "offline",
    "sync",
    "migration",
    "pricing",
    "renewal",
    "contract",
    "onboarding",
    "training",
    "upgrade",
    "outage",
]
FILLER = [
    "please",
    "help",
    "team",
    "customer",
    "issue",
    "update",
    "question",
    "thanks",
    "soon",
    "review",
    "plan",
]
START = datetime(2023, 1, 1, tzinfo=UTC)
FLUSH = 20_000
VOCABULARY_SIZE = 8000
TOPIC_WORDS = 25
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def vocabulary(rng: random.Random, size: int = VOCABULARY_SIZE) -> list[str]:
    """Made-up words, so texts have a realistic vocabulary: a few thousand distinct words."""
    words: dict[str, None] = dict.fromkeys(FILLER)
    while len(words) < size:
        words["".join(rng.choices(SYLLABLES, k=rng.choice([2, 2, 3, 3, 4])))] = None
    return list(words)


class TextGenerator:
    """Texts drawn from a Zipf-like word distribution, with topic-specific words.

    Real business text has thousands of distinct words, common ones far more frequent than
    rare ones, and words that go with a topic; so a full-text term is selective, as it is
    in production (an earlier version drew from ~40 words, which made every term match
    about a tenth of all interactions).
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = vocabulary(rng)
        self.weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(self.weights))
        self.topic_words = {topic: rng.sample(self.words[200:], TOPIC_WORDS) for topic in TOPICS}

    def common(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def about(self, topic: str, k: int) -> list[str]:
        return self.rng.choices(self.topic_words[topic], k=k)

    def text(self, topic: str) -> str:
        words = [topic, *self.about(topic, 4), *self.common(14), self.rng.choice(TOPICS)]
        self.rng.shuffle(words)
        return " ".join(words)

    def question(self, rng: random.Random) -> str:
        topic = rng.choice(TOPICS)
        return " ".join([topic, *rng.sample(self.topic_words[topic], 2), *rng.sample(FILLER, 2)])


def generate(store: GraphStore, scale: float, seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    words = TextGenerator(rng)
    n_accounts, n_contacts = int(20_000 * scale), int(60_000 * scale)
    n_employees, n_interactions = max(20, int(500 * min(1.0, scale * 4))), int(300_000 * scale)
    writer = GraphWriter(store)
    concepts = [f"concept:{t}" for t in TOPICS]
    nodes: list[Node] = [
        Concept(id=c, name=t, synonyms=[f"{t} setup"])
        for c, t in zip(concepts, TOPICS, strict=True)
    ]
    nodes += [Account(id=f"account:{i}", name=f"Account {i}") for i in range(n_accounts)]
    nodes += [Contact(id=f"contact:{i}", name=f"Contact {i}") for i in range(n_contacts)]
    nodes += [Employee(id=f"employee:{i}", name=f"Employee {i}") for i in range(n_employees)]
    nodes += [
        KBArticle(
            id=f"kb:{i}",
            title=f"How to {TOPICS[i % len(TOPICS)]} {i}",
            body=words.text(TOPICS[i % len(TOPICS)]) + " " + words.text(rng.choice(TOPICS)),
        )
        for i in range(max(100, int(2000 * scale)))
    ]
    writer.upsert_nodes(nodes)
    rels = [
        Relationship(
            "WORKS_AT", f"contact:{i}", f"account:{i % n_accounts}", {}, "Contact", "Account"
        )
        for i in range(n_contacts)
    ]
    rels += [
        Relationship(
            "REPORTS_TO", f"employee:{i}", f"employee:{i // 10}", {}, "Employee", "Employee"
        )
        for i in range(1, n_employees)
    ]
    rels += [
        Relationship("ABOUT", f"kb:{i}", concepts[i % len(concepts)], {}, "KBArticle", "Concept")
        for i in range(max(100, int(2000 * scale)))
    ]
    writer.merge_relationships(rels)
    interactions: list[Node] = []
    rels = []
    questions: list[str] = []
    for n in range(n_interactions):
        account = rng.randrange(n_accounts)
        contact = (
            f"contact:{account + n_accounts * rng.randrange(max(1, n_contacts // n_accounts))}"
        )
        employee = f"employee:{(account * 7 + rng.randrange(3)) % n_employees}"
        kind = rng.choices(
            ["email", "meeting", "call", "ticket", "question", "answer"], [60, 10, 10, 10, 5, 5]
        )[0]
        topic = rng.choice(TOPICS)
        when = START + timedelta(minutes=n * 2)
        iid = f"i:{n}"
        if kind == "answer" and not questions:
            kind = "question"
        interactions.append(
            Interaction.model_validate(
                {
                    "id": iid,
                    "kind": kind,
                    "subject": " ".join([topic, *words.about(topic, 1), *words.common(2)]),
                    "text": words.text(topic),
                    "occurred_at": when,
                    "recipient_count": rng.choice([1, 1, 1, 2, 5, 40]),
                }
            )
        )
        if kind == "answer":
            rels.append(
                Relationship(
                    "REPLY_TO", iid, rng.choice(questions[-500:]), {}, "Interaction", "Interaction"
                )
            )
            rels.append(
                Relationship(
                    "PARTICIPATED_IN", employee, iid, {"role": "author"}, "Employee", "Interaction"
                )
            )
        else:
            if kind == "question":
                questions.append(iid)
            own, other = ("from", "to") if rng.random() < 0.6 else ("to", "from")
            if kind in {"meeting", "call"}:
                own = other = "attendee"
            if kind == "ticket":
                own, other = "handler", "from"
            rels.append(
                Relationship(
                    "PARTICIPATED_IN", employee, iid, {"role": own}, "Employee", "Interaction"
                )
            )
            rels.append(
                Relationship(
                    "PARTICIPATED_IN", contact, iid, {"role": other}, "Contact", "Interaction"
                )
            )
            rels.append(
                Relationship("ABOUT", iid, f"account:{account}", {}, "Interaction", "Account")
            )
        rels.append(Relationship("MENTIONS", iid, f"concept:{topic}", {}, "Interaction", "Concept"))
        if len(interactions) >= FLUSH:
            writer.upsert_nodes(interactions)
            writer.merge_relationships(rels)
            interactions, rels = [], []
    writer.upsert_nodes(interactions)
    writer.merge_relationships(rels)
    return sizes(scale)


Timing = tuple[float, float]  # median and p95, in milliseconds


def timed(label: str, requests: list[Any], call: Callable[[Any], object]) -> Timing:
    call(requests[0])  # warm up
    times = []
    for request in requests:
        started = time.perf_counter()
        call(request)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"  {label:<14} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")
    return statistics.median(times), p95


def sizes(scale: float) -> dict[str, list[str]]:
    n_accounts, n_contacts = int(20_000 * scale), int(60_000 * scale)
    return {
        "accounts": [f"account:{i}" for i in range(n_accounts)],
        "contacts": [f"contact:{i}" for i in range(n_contacts)],
    }


def build(store: GraphStore, scale: float) -> None:
    started = time.perf_counter()
    generate(store, scale)
    generated = time.perf_counter()
    knows = derive_knows(store)
    expertise = derive_expertise(store)
    print(
        f"scale {scale}: generated in {generated - started:.0f}s, derived in "
        f"{time.perf_counter() - generated:.0f}s ({knows['knows_contact']} KNOWS, "
        f"{expertise['expert_in']} EXPERT_IN)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", type=Path, default=None, help="keep the store in this dir")
    parser.add_argument(
        "--reuse", action="store_true", help="time the store kept in --keep (same --scale)"
    )
    parser.add_argument("--derive", action="store_true", help="with --reuse: derive again")
    parser.add_argument(
        "--graph-url",
        action="append",
        default=[],
        help="a store to build and time (grafeo:///dir, neo4j://host:7687, bolt://...); "
        "give it twice to compare engines side by side. Default: Grafeo in --keep or a temp dir",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        urls = args.graph_url or [f"grafeo://{args.keep or Path(scratch)}"]
        results = {url: measure(url, args) for url in urls}
    if len(results) > 1:
        print_side_by_side(results)


def measure(url: str, args: argparse.Namespace) -> dict[str, Timing]:
    """Build (or reuse) the graph in the store at `url` and time each route on it."""
    rng = random.Random(11)
    print(f"{engine_name(url)}: {url.split('@')[-1]}")
    store = open_store(url)
    try:
        store.create_schema()
        if not args.reuse:
            refuse_a_store_with_data(store, url)
            build(store, args.scale)
        elif args.derive:
            started = time.perf_counter()
            derive_knows(store)
            derive_expertise(store)
            print(f"derived again in {time.perf_counter() - started:.0f}s")
        ids = sizes(args.scale)
        words = TextGenerator(random.Random(7))  # the generator's vocabulary and topics
        n = args.requests
        print(f"scale {args.scale}: {len(ids['accounts'])} accounts, {n} requests per route")
        results = {
            "account 360": timed(
                "account 360", rng.sample(ids["accounts"], n), lambda a: account_360(store, a)
            )
        }
        texts = [words.question(rng) for _ in range(n)]
        results["experts"] = timed("experts", texts, lambda t: experts_for(store, t, 10))
        results["warm intro"] = timed(
            "warm intro", rng.sample(ids["contacts"], n), lambda c: warm_intro_paths(store, c)
        )
        results["kb search"] = timed("kb search", texts, lambda t: kb_search(store, t))
        return results
    finally:
        store.close()


def engine_name(url: str) -> str:
    return "grafeo" if url.startswith("grafeo://") else "neo4j"


def refuse_a_store_with_data(store: GraphStore, url: str) -> None:
    nodes = sum(graph_counts(store)["nodes"].values())
    if nodes:
        sys.exit(
            f"the store at {engine_name(url)} already holds {nodes} nodes: give an empty one, "
            "or time what it holds with --reuse"
        )


def print_side_by_side(results: dict[str, dict[str, Timing]]) -> None:
    names = [engine_name(url) for url in results]
    print()
    print(f"  {'route':<14}" + "".join(f"{name:>26}" for name in names))
    print(f"  {'':<14}" + "".join(f"{'median / p95 ms':>26}" for _ in names))
    for route in next(iter(results.values())):
        cells = "".join(
            f"{timings[route][0]:>16.1f} / {timings[route][1]:>7.1f}"
            for timings in results.values()
        )
        print(f"  {route:<14}{cells}")


if __name__ == "__main__":
    main()
