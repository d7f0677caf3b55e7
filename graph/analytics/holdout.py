"""Temporal hold-out evaluation of prospects: would we have predicted the next purchase?

Each account's last order is held back; the products in it the account never bought
before are its targets; everything else (every earlier order of every account) is the
training history. An account without such a product is not evaluated. A recommender
lists `k` products per account; hit rate@k is the share of accounts with at least one
target in the list, MAP@k the mean of average precision at k.

>>> orders = [
...     Order("acme", "1", "2024-01-01", frozenset({"chai"})),
...     Order("acme", "2", "2024-02-01", frozenset({"chai", "tofu"})),
...     Order("globex", "3", "2024-01-05", frozenset({"chai", "tofu"})),
... ]
>>> split = last_order_holdout(orders)
>>> sorted(split.history), split.targets
([('acme', 'chai'), ('globex', 'chai'), ('globex', 'tofu')], {'acme': {'tofu'}})
>>> evaluate(lambda account: ["tofu", "ikura"], split.targets, k=5)
Evaluation(hit_rate=1.0, map=1.0, accounts=1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Evaluation",
    "HoldOut",
    "Order",
    "average_precision_at_k",
    "evaluate",
    "last_order_holdout",
    "last_purchase_date_holdout",
]


@dataclass(frozen=True)
class Order:
    account: str
    order_id: str
    date: str
    products: frozenset[str]


@dataclass(frozen=True)
class HoldOut:
    """The purchase history to learn from and, per account, the products to predict."""

    history: list[tuple[str, str]]
    targets: dict[str, set[str]]


@dataclass(frozen=True)
class Evaluation:
    hit_rate: float
    map: float
    accounts: int


def last_order_holdout(orders: Iterable[Order], back: int = 1) -> HoldOut:
    """Hold back each account's `back`-th last order (1: the last) and what follows it.

    Orders are ordered by date, then order id. Accounts with `back` orders or fewer are
    left out of the targets, their earlier orders kept in the history.
    """
    by_account: dict[str, list[Order]] = defaultdict(list)
    for order in orders:
        by_account[order.account].append(order)
    history: set[tuple[str, str]] = set()
    targets: dict[str, set[str]] = {}
    for account, placed in by_account.items():
        placed.sort(key=lambda o: (o.date, _order_key(o.order_id)))
        kept = placed[: len(placed) - back] if len(placed) > back else placed
        owned = {product for order in kept for product in order.products}
        history.update((account, product) for product in owned)
        if len(placed) > back:
            new = set(placed[len(placed) - back].products) - owned
            if new:
                targets[account] = new
    return HoldOut(history=sorted(history), targets=targets)


def last_purchase_date_holdout(
    purchases: Iterable[tuple[str, str, str, str]],
) -> HoldOut:
    """The same hold-out from (account, product, first date, last date) rows, as the
    graph's PURCHASED relationships hold them: an account's last order is on its latest
    last date; the products first bought that day are its targets; the history is the
    products first bought before it (the last order's repeats included).

    >>> split = last_purchase_date_holdout([("acme", "chai", "2024-01-01", "2024-02-01"),
    ...                                     ("acme", "tofu", "2024-02-01", "2024-02-01"),
    ...                                     ("globex", "chai", "2024-01-05", "2024-03-01")])
    >>> split.targets, split.history
    ({'acme': {'tofu'}}, [('acme', 'chai'), ('globex', 'chai')])
    """
    by_account: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for account, product, first_date, last_date in purchases:
        by_account[account].append((str(first_date)[:10], str(last_date)[:10], product))
    history: set[tuple[str, str]] = set()
    targets: dict[str, set[str]] = {}
    for account, bought in by_account.items():
        last_order = max(last for _, last, _ in bought)
        earlier = {product for first, _, product in bought if first < last_order}
        history.update((account, product) for product in earlier)
        new = {product for first, _, product in bought if first == last_order}
        if new and earlier:
            targets[account] = new
        elif not earlier:
            history.update((account, product) for product in new)
    return HoldOut(history=sorted(history), targets=targets)


def average_precision_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Average precision of the first `k` of `ranked`.

    >>> average_precision_at_k(["a", "b", "c"], {"b", "c"}, k=5)
    0.5833333333333333
    """
    hits, total = 0, 0.0
    for position, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / position
    return total / min(len(relevant), k) if relevant else 0.0


def evaluate(
    recommend: Callable[[str], Sequence[str]],
    targets: Mapping[str, set[str]],
    k: int = 5,
) -> Evaluation:
    """Hit rate@k and MAP@k of `recommend` (account -> ranked products) over `targets`."""
    if not targets:
        return Evaluation(hit_rate=0.0, map=0.0, accounts=0)
    hits, precision = 0, 0.0
    for account, relevant in targets.items():
        ranked = list(recommend(account))[:k]
        hits += any(item in relevant for item in ranked)
        precision += average_precision_at_k(ranked, relevant, k)
    return Evaluation(
        hit_rate=hits / len(targets), map=precision / len(targets), accounts=len(targets)
    )


def _order_key(order_id: str) -> tuple[int, str]:
    return (int(order_id), order_id) if order_id.isdigit() else (0, order_id)
