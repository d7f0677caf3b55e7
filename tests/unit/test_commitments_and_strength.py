"""Pure logic of commitments (overdue, kept promises) and of relationship strength by
channel: no store, no model."""

from __future__ import annotations

import doctest
from datetime import UTC, date, datetime

import graph.services.commitments
import graph.services.strength
import graph.services.tombstones
import ingest.commitments
from graph.ids import commitment_id
from graph.services.commitments import overdue_days
from graph.services.strength import SharedInteraction, relationship_strength
from ingest.commitments import OpenPromise, kept_promises

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def test_doctests_pass() -> None:
    modules = (
        graph.services.commitments,
        graph.services.strength,
        graph.services.tombstones,
        ingest.commitments,
    )
    for module in modules:
        assert doctest.testmod(module).failed == 0, module.__name__


def test_the_same_words_in_two_interactions_are_two_promises() -> None:
    words = "send the updated proposal"
    assert commitment_id("msg:acme", "emp:ava", words) != commitment_id(
        "msg:globex", "emp:ava", words
    )
    assert commitment_id("msg:acme", "emp:ava", words) != commitment_id(
        "msg:acme", "emp:ben", words
    )
    assert commitment_id("msg:acme", "emp:ava", words) == commitment_id(
        "msg:acme", "emp:ava", "Send the updated  proposal"
    )


def test_overdue_is_counted_against_the_day_asked() -> None:
    assert overdue_days("2025-03-07", "open", date(2026, 3, 7)) == 365
    assert overdue_days("2025-03-07", "open", date(2025, 3, 6)) is None
    assert overdue_days("2025-03-07", "cancelled", date(2026, 3, 7)) is None
    assert overdue_days(None, "open", date(2026, 3, 7)) is None


def test_a_later_message_keeps_only_the_promise_it_names_to_the_same_customer() -> None:
    proposal = OpenPromise("c:proposal", "send you the updated proposal", "msg:1", ("acme",))
    summary = OpenPromise("c:summary", "send a follow-up summary", "msg:2", ("acme",))
    elsewhere = OpenPromise("c:globex", "send the updated proposal", "msg:3", ("globex",))
    text = "Hi Jane,\nAttached is the summary I promised. The proposal follows next week."
    kept = kept_promises(text, [proposal, summary, elsewhere], {"acme"}, set())
    assert [k.commitment_id for k in kept] == ["c:summary"]
    assert kept[0].sentence == "Attached is the summary I promised."
    assert text[kept[0].start : kept[0].end] == kept[0].sentence
    in_thread = kept_promises("Here is the proposal.", [elsewhere], set(), {"msg:3"})
    assert [k.commitment_id for k in in_thread] == ["c:globex"], "made in the same thread"


def interactions(kind: str, n: int, own: str, other: str) -> list[SharedInteraction]:
    return [SharedInteraction(f"{kind}:{own}:{i}", kind, NOW, own, other) for i in range(n)]


def test_ticket_replies_and_orders_count_with_their_own_weight() -> None:
    tickets = interactions("ticket", 2, "to", "from") + interactions("ticket", 2, "from", "to")
    strength = relationship_strength(tickets, NOW)
    assert strength.strength > 0.3 and strength.components["reciprocity"].value == 1
    shown = strength.explained()["channel"]
    assert shown["by_kind"] == {"ticket": {"interactions": 4, "weight": 0.5}}
    orders = relationship_strength(interactions("order", 4, "handler", "customer"), NOW)
    assert 0 < orders.strength < strength.strength, "an order handled says less than a reply"
    assert orders.explained()["channel"]["by_kind"]["order"]["weight"] == 0.2
