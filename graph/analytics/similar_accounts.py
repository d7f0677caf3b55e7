"""Prospects from purchase history: what similar accounts bought that this one has not.

The model (user-based collaborative filtering on implicit feedback):

- an account is the set of products it bought; products bought by fewer accounts say
  more about an account, so ownership is weighted by inverse document frequency
  (scikit-learn's `TfidfTransformer`) and accounts compared by cosine similarity;
- an account's neighbours are the `neighbours` accounts most similar to it;
- a product's score for an account is the share of its neighbours' similarity held by
  neighbours who bought the product (0 to 1): 0.4 means the neighbours who bought it
  carry 40% of the weight of all its neighbours;
- each reason is one neighbour who bought it: the account, its similarity, its
  contribution to the score and the products the two have in common;
- never a product the account already owns; ties go to the product more accounts
  bought, then the smaller id;
- an account that bought nothing yet gets the products most accounts bought.

For a product, the accounts most likely to buy it next are the non-owners ranked by the
same score. It was chosen against popularity on a temporal hold-out of Northwind (each
customer's last order held back): see `bench/prospecting.py`.

>>> model = SimilarAccounts([
...     ("acme", "chai"), ("acme", "chang"), ("acme", "tofu"),
...     ("globex", "chai"), ("globex", "chang"), ("globex", "ikura"),
...     ("initech", "chai"), ("initech", "chang"),
...     ("umbrella", "konbu"),
... ], neighbours=2)
>>> best = model.products_for("initech")[0]
>>> best.item, round(best.score, 3), [reason.account for reason in best.reasons]
('ikura', 0.5, ['globex'])
>>> best.reasons[0].shared_products
['chai', 'chang']
>>> [(p.item, round(p.score, 3)) for p in model.accounts_for("ikura")]
[('initech', 0.5), ('acme', 0.401)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

__all__ = ["DEFAULT_NEIGHBOURS", "Prospect", "Reason", "SimilarAccounts", "popularity_ranking"]

DEFAULT_NEIGHBOURS = 20
SHARED_SHOWN = 3
NEIGHBOUR_CHUNK = 1000


@dataclass(frozen=True)
class Reason:
    """A similar account that bought the recommended product."""

    account: str
    similarity: float
    contribution: float
    shared_products: list[str]


@dataclass(frozen=True)
class Prospect:
    """A recommended product (for an account) or account (for a product)."""

    item: str
    score: float
    reasons: list[Reason]
    buyers: int


class SimilarAccounts:
    """Fitted on (account, product) purchase pairs; repeated pairs count once."""

    def __init__(
        self, purchases: Iterable[tuple[str, str]], *, neighbours: int = DEFAULT_NEIGHBOURS
    ) -> None:
        pairs = sorted({(str(a), str(p)) for a, p in purchases})
        self.accounts = sorted({a for a, _ in pairs})
        self.products = sorted({p for _, p in pairs})
        self.neighbours = neighbours
        self._account_index = {a: i for i, a in enumerate(self.accounts)}
        self._product_index = {p: i for i, p in enumerate(self.products)}
        rows = [self._account_index[a] for a, _ in pairs]
        cols = [self._product_index[p] for _, p in pairs]
        shape = (len(self.accounts), len(self.products))
        self.owned = sparse.csr_matrix((np.ones(len(pairs)), (rows, cols)), shape=shape)
        self.buyers = np.asarray(self.owned.sum(axis=0)).ravel().astype(int)
        self._idf = np.zeros(len(self.products))
        self._neighbour_table: tuple[np.ndarray, np.ndarray] | None = None
        if pairs:
            weighted = TfidfTransformer(norm="l2").fit(self.owned)
            self._weighted = sparse.csr_matrix(weighted.transform(self.owned))
            self._idf = weighted.idf_
        else:
            self._weighted = self.owned

    def owns(self, account: str) -> set[str]:
        """The products `account` bought."""
        index = self._account_index.get(account)
        if index is None:
            return set()
        return {self.products[j] for j in self.owned[index].indices}

    def products_for(self, account: str, limit: int = 10) -> list[Prospect]:
        """Products `account` does not own yet, best first, each with its reasons."""
        index = self._account_index.get(account)
        if index is None or self.owned[index].nnz == 0:
            return self._popular_for(set(), limit)
        neighbours, similarity = self._neighbours_of(index)
        if not len(neighbours) or similarity.sum() <= 0:
            return self._popular_for(self.owns(account), limit)
        share = similarity / similarity.sum()
        scores = share @ self.owned[neighbours].toarray()
        owned = self.owned[index].toarray().ravel() > 0
        candidates = [j for j in np.flatnonzero(scores > 0) if not owned[j]]
        candidates.sort(key=lambda j: (-scores[j], -self.buyers[j], self.products[j]))
        return [
            Prospect(
                item=self.products[j],
                score=float(scores[j]),
                reasons=self._reasons(index, int(j), neighbours, similarity, share),
                buyers=int(self.buyers[j]),
            )
            for j in candidates[:limit]
        ]

    def accounts_for(self, product: str, limit: int = 10) -> list[Prospect]:
        """Accounts that do not own `product` yet, most likely buyers first."""
        j = self._product_index.get(product)
        if j is None:
            return []
        neighbours, similarity = self._all_neighbours()
        totals = similarity.sum(axis=1)
        column = self.owned[:, j].toarray().ravel() > 0
        bought = column[neighbours] & (similarity > 0)
        scores = np.divide(
            (similarity * bought).sum(axis=1), totals, out=np.zeros(len(totals)), where=totals > 0
        )
        candidates = [i for i in np.flatnonzero(scores > 0) if not column[i]]
        candidates.sort(key=lambda i: (-scores[i], self.accounts[i]))
        prospects = []
        for i in candidates[:limit]:
            kept = similarity[i] > 0
            near, near_similarity = neighbours[i][kept], similarity[i][kept]
            share = near_similarity / near_similarity.sum()
            reasons = self._reasons(int(i), j, near, near_similarity, share)
            prospects.append(
                Prospect(self.accounts[i], float(scores[i]), reasons, int(self.buyers[j]))
            )
        return prospects

    def _neighbours_of(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """The most similar other accounts (similarity > 0) and their similarities."""
        similarity = (self._weighted @ self._weighted[index].T).toarray().ravel()
        similarity[index] = 0.0
        order = np.lexsort((np.arange(len(similarity)), -similarity))[: self.neighbours]
        order = order[similarity[order] > 0]
        return order, similarity[order]

    def _all_neighbours(self) -> tuple[np.ndarray, np.ndarray]:
        """Every account's neighbours (rows of indices) and similarities (0: none), computed
        in chunks of accounts so memory stays at chunk x accounts."""
        if self._neighbour_table is not None:
            return self._neighbour_table
        count = len(self.accounts)
        width = min(self.neighbours, max(count - 1, 0))
        indices = np.zeros((count, width), dtype=np.int64)
        similarities = np.zeros((count, width))
        for start in range(0, count, NEIGHBOUR_CHUNK):
            block = (self._weighted[start : start + NEIGHBOUR_CHUNK] @ self._weighted.T).toarray()
            for offset, row in enumerate(block):
                row[start + offset] = 0.0
                order = np.lexsort((np.arange(count), -row))[:width]
                indices[start + offset] = order
                similarities[start + offset] = row[order]
        self._neighbour_table = (indices, similarities)
        return self._neighbour_table

    def _reasons(
        self,
        index: int,
        product: int,
        neighbours: np.ndarray,
        similarity: np.ndarray,
        share: np.ndarray,
    ) -> list[Reason]:
        mine = set(self.owned[index].indices)
        reasons = []
        for position, neighbour in enumerate(neighbours):
            if not self.owned[neighbour, product]:
                continue
            shared = sorted(
                mine & set(self.owned[neighbour].indices),
                key=lambda j: (-self._idf[j], self.products[j]),
            )
            reasons.append(
                Reason(
                    account=self.accounts[neighbour],
                    similarity=round(float(similarity[position]), 4),
                    contribution=round(float(share[position]), 4),
                    shared_products=[self.products[j] for j in shared[:SHARED_SHOWN]],
                )
            )
        return reasons

    def _popular_for(self, owned: set[str], limit: int) -> list[Prospect]:
        total = max(len(self.accounts), 1)
        return [
            Prospect(item=product, score=buyers / total, reasons=[], buyers=buyers)
            for product, buyers in popularity_ranking(self.products, self.buyers)
            if product not in owned
        ][:limit]


def popularity_ranking(products: list[str], buyers: Iterable[int]) -> list[tuple[str, int]]:
    """(product, buyers) by most distinct buyers, ties by id: the popularity baseline.

    >>> popularity_ranking(["b", "a", "c"], [2, 2, 5])
    [('c', 5), ('a', 2), ('b', 2)]
    """
    return sorted(zip(products, (int(b) for b in buyers), strict=True), key=lambda x: (-x[1], x[0]))
