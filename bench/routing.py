"""Routing accuracy: `route_request` against a keyword baseline, on two sets of requests.

1. The demo company's tickets (`ingest.demo_company`): its world (with its four queues),
   ingested mail and tickets; each distinct ticket question is routed and compared with
   the queue that owns its topic.
2. banking77 (`../shared/data/support/banking77/train.csv`, the only split we have): the 77
   intents are grouped into seven queues (QUEUE_OF_INTENT). The file is split per intent,
   seeded: 80% becomes the history (tickets handled by the queue's agents), 20% is routed.
   Nothing of the 20% is in the store.
The keyword baseline picks the queue whose keywords (the names and synonyms of its
concepts, the same ones `route_request` reads) occur most in the request; with none, the
largest queue. Ours adds who handled similar requests (the members' share of the experts).

    .venv/bin/python bench/routing.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.model import Concept, Contact, Employee, Interaction, Node, Queue  # noqa: E402
from graph.services.expertise_derive import derive_expertise  # noqa: E402
from graph.services.lexicon import ConceptLexicon  # noqa: E402
from graph.services.routing import route_request  # noqa: E402
from graph.stores import open_store  # noqa: E402
from graph.stores.base import GraphStore  # noqa: E402
from graph.writes import GraphWriter, Relationship  # noqa: E402

QUEUE_OF_INTENT_PREFIXES: dict[str, tuple[str, ...]] = {
    "cards": (
        "card_arrival", "card_delivery_estimate", "activate_my_card", "card_linking",
        "card_about_to_expire", "getting_spare_card", "order_physical_card",
        "get_physical_card", "getting_virtual_card", "get_disposable_virtual_card",
        "virtual_card_not_working", "card_not_working", "card_swallowed", "card_acceptance",
        "contactless_not_working", "lost_or_stolen_card", "compromised_card", "change_pin",
        "pin_blocked", "visa_or_mastercard", "disposable_card_limits",
        "supported_cards_and_currencies", "apple_pay_or_google_pay",
    ),
    "payments": (
        "card_payment_fee_charged", "card_payment_not_recognised",
        "card_payment_wrong_exchange_rate", "pending_card_payment", "declined_card_payment",
        "reverted_card_payment?", "direct_debit_payment_not_recognised",
        "transaction_charged_twice", "extra_charge_on_statement", "request_refund",
        "Refund_not_showing_up",
    ),
    "cash": (
        "cash_withdrawal_charge", "declined_cash_withdrawal", "wrong_amount_of_cash_received",
        "pending_cash_withdrawal", "cash_withdrawal_not_recognised",
        "wrong_exchange_rate_for_cash_withdrawal", "atm_support",
        "balance_not_updated_after_cheque_or_cash_deposit",
    ),
    "transfers": (
        "transfer_fee_charged", "transfer_not_received_by_recipient",
        "balance_not_updated_after_bank_transfer", "cancel_transfer", "beneficiary_not_allowed",
        "pending_transfer", "failed_transfer", "declined_transfer", "transfer_timing",
        "transfer_into_account", "receiving_money",
    ),
    "top-up": (
        "pending_top_up", "top_up_reverted", "top_up_failed", "automatic_top_up",
        "verify_top_up", "top_up_by_cash_or_cheque", "top_up_by_card_charge",
        "top_up_by_bank_transfer_charge", "topping_up_by_card", "top_up_limits",
    ),
    "exchange": (
        "exchange_charge", "exchange_via_app", "exchange_rate", "fiat_currency_support",
        "country_support",
    ),
    "account": (
        "why_verify_identity", "verify_my_identity", "unable_to_verify_identity",
        "verify_source_of_funds", "edit_personal_details", "terminate_account", "age_limit",
        "passcode_forgotten", "lost_or_stolen_phone",
    ),
}  # fmt: skip
QUEUE_OF_INTENT = {i: q for q, intents in QUEUE_OF_INTENT_PREFIXES.items() for i in intents}
# Each queue's concepts: one concept per queue, its keywords as synonyms.
BANKING_KEYWORDS: dict[str, list[str]] = {
    "cards": ["card", "pin", "contactless", "apple pay", "google pay", "visa", "mastercard",
              "virtual card", "physical card", "expire", "stolen card"],
    "payments": ["payment", "refund", "charged twice", "direct debit", "statement", "merchant",
                 "purchase", "transaction"],
    "cash": ["cash", "atm", "withdrawal", "withdraw", "cheque", "deposit"],
    "transfers": ["transfer", "beneficiary", "recipient", "receive money", "send money"],
    "top-up": ["top up", "top-up", "topping up", "topup", "top"],
    "exchange": ["exchange", "currency", "currencies", "exchange rate", "fiat", "country"],
    "account": ["verify", "identity", "verification", "personal details", "passcode", "phone",
                "close my account", "terminate", "age", "account"],
}  # fmt: skip
AGENTS_PER_QUEUE = 3
HISTORY_SHARE = 0.8
SEED = 12

DEMO_EXPECTED = {
    "How do I set up SSO with our identity provider?": "queue:security",
    "Single sign-on login fails after SAML certificate rotation": "queue:security",
    "How can I export a dashboard to CSV?": "queue:support",
    "CSV export of large dashboards never arrives": "queue:support",
    "Where can I download last month's invoice?": "queue:billing",
    "We get 429 errors from the API during nightly sync": "queue:integrations",
    "Can we schedule dashboards to be emailed weekly?": "queue:support",
    "Is there an audit log of who viewed a dashboard?": "queue:security",
}


def keyword_queue(text: str, keywords: dict[str, ConceptLexicon], default: str) -> str:
    """The queue whose keywords the text names most; `default` when it names none."""
    counts = Counter({queue: len(lexicon.concepts_in(text)) for queue, lexicon in keywords.items()})
    best, hits = counts.most_common(1)[0]
    return best if hits else default


def phrase_lexicons(phrases_of_queue: dict[str, list[str]]) -> dict[str, ConceptLexicon]:
    """One lexicon per queue, each phrase a concept of its own, to count matches."""
    lexicons = {}
    for queue, phrases in phrases_of_queue.items():
        lexicon = ConceptLexicon()
        for n, phrase in enumerate(phrases):
            lexicon.add(f"{queue}:{n}", phrase, [], [])
        lexicons[queue] = lexicon
    return lexicons


def banking77(path: Path, sample: int | None) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("category") in QUEUE_OF_INTENT]
    by_intent: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_intent[row["category"]].append(row)
    rng = random.Random(SEED)
    history, test = [], []
    for intent in sorted(by_intent):
        items = by_intent[intent]
        rng.shuffle(items)
        cut = int(len(items) * HISTORY_SHARE)
        history += items[:cut]
        test += items[cut:]
    rng.shuffle(history)
    if sample:
        test = rng.sample(test, min(sample, len(test)))
    with tempfile.TemporaryDirectory() as directory:
        store = open_store(f"grafeo://{directory}")
        store.create_schema()
        started = time.perf_counter()
        _load_banking(store, history)
        loaded = time.perf_counter()
        largest = Counter(QUEUE_OF_INTENT[r["category"]] for r in history).most_common(1)[0][0]
        keywords = phrase_lexicons({q: [q, *k] for q, k in BANKING_KEYWORDS.items()})
        ours = baseline = no_queue = 0
        for row in test:
            expected = f"queue:{QUEUE_OF_INTENT[row['category']]}"
            routed = route_request(store, row["text"], people=1, articles=1).queue
            ours += routed is not None and routed.id == expected
            no_queue += routed is None
            guess = keyword_queue(row["text"], keywords, largest)
            baseline += f"queue:{guess}" == expected
        elapsed = time.perf_counter() - loaded
        store.close()
    print(
        f"banking77: {len(history)} history tickets, {len(test)} routed, 7 queues "
        f"(load {loaded - started:.0f}s, {1000 * elapsed / len(test):.0f} ms a request)"
    )
    print(f"  ours             accuracy {ours / len(test):.3f}  (no queue: {no_queue})")
    print(f"  keyword baseline accuracy {baseline / len(test):.3f}")


def _load_banking(store: GraphStore, history: list[dict[str, str]]) -> None:
    nodes: list[Node] = []
    rels: list[Relationship] = []
    for queue, words in BANKING_KEYWORDS.items():
        concept = f"concept:{queue}"
        members = [f"agent:{queue}:{n}" for n in range(AGENTS_PER_QUEUE)]
        nodes.append(Concept(id=concept, name=queue, synonyms=words))
        nodes += [Employee(id=m, name=f"{queue} agent {n}") for n, m in enumerate(members)]
        nodes.append(
            Queue.model_validate(
                {"id": f"queue:{queue}", "name": queue, "concepts": [concept], "members": members}
            )
        )
        rels.append(Relationship("ABOUT", f"queue:{queue}", concept, {}, "Queue", "Concept"))
    nodes.append(Contact(id="customer:banking", name="A customer"))
    rng = random.Random(SEED)
    for n, row in enumerate(history):
        queue = QUEUE_OF_INTENT[row["category"]]
        ticket = f"banking:ticket:{n}"
        nodes.append(
            Interaction.model_validate(
                {"id": ticket, "kind": "ticket", "text": row["text"],
                 "occurred_at": "2024-01-01T00:00:00+00:00"[:11] + f"{n // 3600 % 24:02d}:"
                 f"{n // 60 % 60:02d}:{n % 60:02d}+00:00"}
            )
        )  # fmt: skip
        agent = f"agent:{queue}:{rng.randrange(AGENTS_PER_QUEUE)}"
        rels += [
            Relationship("PARTICIPATED_IN", "customer:banking", ticket, {"role": "from"}),
            Relationship("PARTICIPATED_IN", agent, ticket, {"role": "handler"}),
        ]
    writer = GraphWriter(store)
    writer.upsert_nodes(nodes)
    rejected = writer.merge_relationships(rels)
    assert not rejected, rejected[:3]
    derive_expertise(store)


def demo_tickets() -> None:
    from ingest.demo_company import DOMAIN, QUEUES, generate
    from ingest.messages import MessageIngest
    from ingest.sources import read_email_paths, read_ticket_file
    from ingest.structured import import_records

    with tempfile.TemporaryDirectory() as directory:
        company = generate(Path(directory) / "company")
        store = open_store(f"grafeo://{directory}/graph")
        store.create_schema()
        import_records(store, [company["world"]])
        ingest = MessageIngest(store, source="demo", internal_domains=[DOMAIN])
        ingest.run(read_email_paths([company["mail"]]))  # where "X is our expert on Y" is said
        ingest.run(read_ticket_file(company["tickets"]))
        GraphWriter(store).upsert_nodes(
            Queue.model_validate({"id": i, "name": n, "concepts": c, "members": m, "department": d})
            for i, n, c, m, d in QUEUES
        )
        GraphWriter(store).merge_relationships(
            [Relationship("ABOUT", i, c, {}, "Queue", "Concept") for i, _, cs, _, _ in QUEUES
             for c in cs]
        )  # fmt: skip
        derive_expertise(store)
        names = {row[0]: row for row in QUEUES}
        keywords = phrase_lexicons(
            {i: [n, *[c.split(":", 1)[1].replace("-", " ") for c in cs]]
             for i, n, cs, _, _ in QUEUES}
        )  # fmt: skip
        ours = baseline = 0
        print(f"demo tickets: {len(DEMO_EXPECTED)} distinct ticket questions, 4 queues")
        for question, expected in DEMO_EXPECTED.items():
            routed = route_request(store, question)
            got = routed.queue.id if routed.queue else "none"
            guess = keyword_queue(question, keywords, "queue:support")
            ours += got == expected
            baseline += guess == expected
            people = ", ".join(p.name or p.id for p in routed.people[:2])
            article = "no good article" if routed.no_good_article else routed.articles[0].id
            print(f"  {question[:52]:<52} -> {names.get(got, (got,))[0]:<18} "
                  f"({'ok' if got == expected else 'expected ' + expected}); "
                  f"keywords {guess}; {people}; {article}")  # fmt: skip
        store.close()
    print(f"  ours             accuracy {ours / len(DEMO_EXPECTED):.3f}")
    print(f"  keyword baseline accuracy {baseline / len(DEMO_EXPECTED):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sample", type=int, default=None, help="route only this many")
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    if not args.skip_demo:
        demo_tickets()
    banking77(args.data / "support" / "banking77" / "train.csv", args.sample)


if __name__ == "__main__":
    main()
