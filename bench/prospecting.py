"""Prospecting on a purchase history: similar accounts against popularity.

A temporal hold-out (graph/analytics/holdout.py): each customer's last order is held
back; the products in it the customer never bought before are the targets; every
earlier order of every customer is the history the models learn from. Each model lists
5 products per customer, never one it already owns:

- `popularity`: the products with the most distinct buyers (the baseline);
- `similar accounts`: graph/analytics/similar_accounts.py, what `tacit prospects` runs.

Printed: hit rate@5 (share of customers with a target in their 5) and MAP@5, the ratio
to popularity (target: 1.3x on hit rate), and, as a check that the figure is not luck of
one cut, the same at earlier cuts (the second and third last order held back, the later
orders dropped). The folder is a Northwind export (`orders.csv`, `order-details.csv`).

    .venv/bin/python bench/prospecting.py ../shared/data/crm/northwind/import
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.analytics.holdout import Evaluation, Order, evaluate, last_order_holdout  # noqa: E402
from graph.analytics.similar_accounts import (  # noqa: E402
    DEFAULT_NEIGHBOURS,
    SimilarAccounts,
    popularity_ranking,
)

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "data" / "crm" / "northwind"
K = 5
TARGET_RATIO = 1.3


def read_orders(folder: Path) -> list[Order]:
    """Orders with their products from a Northwind-format export."""
    lines: dict[str, set[str]] = defaultdict(set)
    with (folder / "order-details.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            lines[row["orderID"].strip()].add(row["productID"].strip())
    orders = []
    with (folder / "orders.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            number = row["orderID"].strip()
            if number in lines:
                orders.append(
                    Order(
                        account=row["customerID"].strip(),
                        order_id=number,
                        date=row["orderDate"].strip()[:10],
                        products=frozenset(lines[number]),
                    )
                )
    return orders


def run_cut(orders: list[Order], back: int, neighbours: int) -> tuple[Evaluation, Evaluation]:
    """(popularity, similar accounts) with the `back`-th last order held back."""
    kept = _drop_later_orders(orders, back)
    split = last_order_holdout(kept, back=1)
    model = SimilarAccounts(split.history, neighbours=neighbours)
    ranked = [product for product, _ in popularity_ranking(model.products, model.buyers)]

    def popular(account: str) -> list[str]:
        owned = model.owns(account)
        return [product for product in ranked if product not in owned][:K]

    def similar(account: str) -> list[str]:
        return [prospect.item for prospect in model.products_for(account, K)]

    return evaluate(popular, split.targets, K), evaluate(similar, split.targets, K)


def _drop_later_orders(orders: list[Order], back: int) -> list[Order]:
    """Each account's orders without its last `back - 1`, so the `back`-th is last."""
    if back == 1:
        return orders
    by_account: dict[str, list[Order]] = defaultdict(list)
    for order in orders:
        by_account[order.account].append(order)
    kept = []
    for placed in by_account.values():
        placed.sort(key=lambda o: (o.date, int(o.order_id) if o.order_id.isdigit() else 0))
        kept += placed[: max(len(placed) - (back - 1), 0)]
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=DEFAULT_FOLDER / "import")
    parser.add_argument("--neighbours", type=int, default=DEFAULT_NEIGHBOURS)
    args = parser.parse_args()
    missing = [n for n in ("orders.csv", "order-details.csv") if not (args.folder / n).is_file()]
    if missing:
        sys.exit(f"{args.folder} is not a Northwind-format export: missing {', '.join(missing)}")
    started = time.perf_counter()
    orders = read_orders(args.folder)
    customers = len({order.account for order in orders})
    print(f"{len(orders)} orders of {customers} customers in {args.folder}")
    print(f"{'held back':<22} {'customers':>9} {'model':<17} {'hit@5':>6} {'MAP@5':>6}")
    for back in (1, 2, 3):
        popularity, similar = run_cut(orders, back, args.neighbours)
        label = "last order" if back == 1 else f"{back}{'nd' if back == 2 else 'rd'} last order"
        for name, result in (("popularity", popularity), ("similar accounts", similar)):
            print(
                f"{label:<22} {result.accounts:>9} {name:<17} "
                f"{result.hit_rate:>6.3f} {result.map:>6.3f}"
            )
        hit_ratio = similar.hit_rate / popularity.hit_rate if popularity.hit_rate else float("inf")
        map_ratio = similar.map / popularity.map if popularity.map else float("inf")
        verdict = "meets" if hit_ratio >= TARGET_RATIO else "below"
        print(
            f"{'':<22} {'':>9} {'ratio':<17} {hit_ratio:>5.2f}x {map_ratio:>5.2f}x"
            + (f"  ({verdict} the {TARGET_RATIO}x target)" if back == 1 else "")
        )
    print(f"took {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
