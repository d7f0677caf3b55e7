"""Analytics, prospecting and campaign logic as plain functions; their doctests run here."""

from __future__ import annotations

import doctest
import importlib

import networkx as nx
import pytest

from graph.analytics.holdout import Order, evaluate, last_order_holdout
from graph.analytics.relationship_risk import key_person_risk
from graph.analytics.similar_accounts import SimilarAccounts
from graph.model import check_relationship_properties

DOCTESTED = [
    "graph.analytics.relationship_risk",
    "graph.analytics.communities",
    "graph.analytics.centrality",
    "graph.analytics.similar_accounts",
    "graph.analytics.holdout",
    "graph.frames",
    "graph.services.campaigns",
    "nlp.evaluation",
]


@pytest.mark.parametrize("module", DOCTESTED)
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0, f"{module} has no examples"
    assert result.failed == 0


PURCHASES = [
    ("a1", "p1"), ("a1", "p2"), ("a1", "p3"),
    ("a2", "p1"), ("a2", "p2"), ("a2", "p4"),
    ("a3", "p1"), ("a3", "p2"), ("a3", "p4"), ("a3", "p5"),
    ("a4", "p6"),
    ("a5", "p1"),
]  # fmt: skip


def test_prospects_never_include_an_owned_product() -> None:
    model = SimilarAccounts(PURCHASES, neighbours=3)
    for account in model.accounts:
        proposed = {p.item for p in model.products_for(account, limit=10)}
        assert not proposed & model.owns(account)
    for product in model.products:
        buyers = {a for a, p in PURCHASES if p == product}
        assert not {p.item for p in model.accounts_for(product, limit=10)} & buyers


def test_a_score_is_the_sum_of_its_reasons_and_both_directions_agree() -> None:
    model = SimilarAccounts(PURCHASES, neighbours=3)
    for prospect in model.products_for("a1"):
        assert prospect.score == pytest.approx(sum(r.contribution for r in prospect.reasons), 1e-3)
        by_product = {p.item: p.score for p in model.accounts_for(prospect.item, limit=10)}
        assert by_product["a1"] == pytest.approx(prospect.score)


def test_an_account_without_purchases_gets_popular_products() -> None:
    model = SimilarAccounts(PURCHASES)
    found = model.products_for("newcomer", limit=2)
    assert [p.item for p in found] == ["p1", "p2"]
    assert all(not p.reasons for p in found)


def test_an_account_nobody_resembles_gets_popular_products_it_lacks() -> None:
    model = SimilarAccounts(PURCHASES)
    assert [p.item for p in model.products_for("a4", limit=1)] == ["p1"]


def test_the_holdout_keeps_only_products_new_in_the_last_order() -> None:
    orders = [
        Order("a", "1", "2024-01-01", frozenset({"x"})),
        Order("a", "2", "2024-02-01", frozenset({"x", "y"})),
        Order("b", "3", "2024-01-01", frozenset({"x"})),
        Order("b", "4", "2024-03-01", frozenset({"x"})),
    ]
    split = last_order_holdout(orders)
    assert split.targets == {"a": {"y"}}
    assert ("a", "y") not in split.history
    assert evaluate(lambda account: ["z", "q"], split.targets).hit_rate == 0.0


def test_key_person_risk_is_highest_where_one_person_holds_everything() -> None:
    knows = nx.DiGraph()
    knows.add_weighted_edges_from([("e1", "c1", 0.5), ("e1", "c2", 0.5), ("e2", "c2", 0.5)])
    knows.add_weighted_edges_from([("e3", "c3", 0.2)])
    risks = key_person_risk(knows, {"c1": "acme", "c2": "acme", "c3": "globex"})
    assert [(r.account, r.key_share) for r in risks] == [("globex", 1.0), ("acme", 2 / 3)]
    assert risks[0].if_they_leave.contacts_left_unknown == ["c3"]
    assert risks[0].if_they_leave.next_person is None
    assert risks[1].if_they_leave.contacts_left_unknown == ["c1"]


@pytest.mark.parametrize("kind", [None, "liked", ""])
def test_a_response_needs_a_known_kind(kind: str | None) -> None:
    with pytest.raises(ValueError, match="RESPONDED needs 'kind'"):
        check_relationship_properties("RESPONDED", {"kind": kind} if kind is not None else {})
    check_relationship_properties("RESPONDED", {"kind": "clicked"})
