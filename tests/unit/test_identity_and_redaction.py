"""Pure logic of identity resolution, merging and redaction: no store, no model."""

from __future__ import annotations

import doctest

import pytest

import graph.services.identity
import graph.services.redaction
from graph.services.identity import (
    AccountRecord,
    PersonRecord,
    account_reasons,
    noisy_or,
    person_reasons,
)
from graph.services.merge import Rel, plan_merge
from graph.services.redaction import REDACTED, PersonTraces, Redactor

ALLEN = [
    {"id": "email:phillip.allen@enron.com", "name": "Phillip K Allen",
     "email": "phillip.allen@enron.com", "source": "ingest"},
    {"id": "email:k..allen@enron.com", "name": "Allen, Phillip K.",
     "email": "k..allen@enron.com", "source": "ingest"},
    {"id": "email:pallen@enron.com", "name": "pallen", "email": "pallen@enron.com",
     "source": "ingest"},
    {"id": "crm:emp:17", "name": "Phillip Allen", "email": "Phillip.K.Allen@ENRON.com",
     "aliases": ["P. Allen"], "source": "import"},
]  # fmt: skip


def test_doctests_of_identity_and_redaction_pass() -> None:
    for module in (graph.services.identity, graph.services.redaction):
        assert doctest.testmod(module).failed == 0, module.__name__


def records(rows: list[dict[str, object]]) -> list[PersonRecord]:
    return [PersonRecord.of(row, "Employee") for row in rows]


def test_four_spellings_of_one_person_are_each_proposed_with_reasons() -> None:
    people = records(ALLEN)
    for a in people:
        for b in people:
            if a.id >= b.id:
                continue
            reasons = person_reasons(a, b)
            score = noisy_or(r.weight for r in reasons)
            assert score >= 0.6, (a.id, b.id, reasons)
            assert all(r.detail for r in reasons)
    first, second = people[0], people[1]
    signals = {r.signal for r in person_reasons(first, second)}
    assert signals == {"same_name", "same_domain"}
    assert "address_spells_name" in {r.signal for r in person_reasons(people[0], people[2])}


def test_different_people_at_one_company_are_not_proposed() -> None:
    allen, other = records(
        [ALLEN[0], {"id": "x", "name": "John Arnold", "email": "john.arnold@enron.com"}]
    )
    assert noisy_or(r.weight for r in person_reasons(allen, other)) < 0.6
    namesake = PersonRecord.of(
        {"id": "y", "name": "Phillip Allen", "email": "phillip.allen@example.org"}, "Contact"
    )
    reasons = person_reasons(allen, namesake)
    assert {r.signal for r in reasons} == {"same_name"}
    assert noisy_or(r.weight for r in reasons) < 0.6, "a namesake elsewhere is not proposed"


def test_account_name_and_domain_variants() -> None:
    acme = AccountRecord.of({"id": "a", "name": "Acme Corp", "domain": "www.acme.com"})
    again = AccountRecord.of({"id": "b", "name": "ACME Corporation", "domain": "acme.com"})
    other = AccountRecord.of({"id": "c", "name": "Acme Logistics", "domain": "acmelog.io"})
    signals = {r.signal for r in account_reasons(acme, again)}
    assert {"same_domain", "same_name", "name_is_domain"} <= signals
    assert noisy_or(r.weight for r in account_reasons(acme, other)) < 0.6


def rel(type_: str, other: str, label: str, **props: object) -> Rel:
    return Rel(type_, True, other, label, dict(props))


def test_a_merge_combines_facts_and_keeps_the_other_as_aliases() -> None:
    keep = {"id": "a", "name": "Jane Roe", "email": "jane@acme.com", "aliases": []}
    merged = {"id": "b", "name": "J. Roe", "email": "jroe@acme.com", "phone": "555 0101"}
    fact_a = rel(
        "INTERESTED_IN", "concept:sso", "Concept", id="fact:a", evidence=["e1"],
        interaction_ids=["i1"], confidence=0.7, valid_from="2024-02-01", status="proposed",
    )  # fmt: skip
    fact_b = rel(
        "INTERESTED_IN", "concept:sso", "Concept", id="fact:b", evidence=["e2"],
        interaction_ids=["i2"], confidence=0.9, valid_from="2024-01-01", status="approved",
    )  # fmt: skip
    moved = rel("PARTICIPATED_IN", "i3", "Interaction", role="from")
    knows = Rel("KNOWS", False, "emp:x", "Employee", {"strength": 0.5})
    plan = plan_merge("Contact", keep, [fact_a], merged, [fact_b, moved, knows])
    assert plan.survivor["aliases"] == ["J. Roe"]
    assert plan.survivor["merged_ids"] == ["b"]
    assert plan.survivor["other_emails"] == ["jroe@acme.com"]
    assert plan.survivor["phone"] == "555 0101", "a field only the other had is kept"
    (combined,) = [r for r in plan.relationships if r.type == "INTERESTED_IN"]
    assert combined.props["evidence"] == ["e1", "e2"]
    assert combined.props["interaction_ids"] == ["i1", "i2"]
    assert combined.props["confidence"] == 0.9 and combined.props["valid_from"] == "2024-01-01"
    assert combined.props["status"] == "approved" and combined.props["id"] == "fact:a"
    assert (plan.moved, plan.combined, plan.dropped) == (1, 1, 1), "KNOWS is derived, not moved"


@pytest.mark.parametrize(
    "text",
    [
        "Quentin   Marlowe",
        "quentin\nmarlowe",
        "Marlowe, Quentin",
        "Quentin J. Marlowe",
        "Mr. Marlowe",
        "Dr Marlowe",
        "QM@Acme.example",
        "q.marlowe",
        "+1 (555) 010-7788",
        "555.010.7788",
        "5550107788",
    ],
)
def test_every_spelling_of_a_person_is_redacted_everywhere(text: str) -> None:
    redactor = Redactor(
        PersonTraces(("Quentin Marlowe",), ("qm@acme.example", "q.marlowe@mail.example"),
                     ("+1 555 010 7788",))
    )  # fmt: skip
    assert redactor.redact(f"Ask {text} today") == f"Ask {REDACTED} today"
    pattern = redactor.byte_pattern()
    assert pattern is not None and pattern.search(f"x {text} y".encode())


def test_first_names_alone_only_where_the_text_is_theirs() -> None:
    redactor = Redactor(PersonTraces(("Quentin Marlowe",), (), ()))
    text = "Quentin's team asked Marlowe and Quentina"
    assert redactor.redact(text) == text
    assert redactor.redact(text, local=True) == f"{REDACTED}'s team asked {REDACTED} and Quentina"


def test_other_numbers_and_names_stay() -> None:
    redactor = Redactor(PersonTraces(("Quentin Marlowe",), (), ("555 010 7788",)))
    text = "Invoice 5550107789 for Quentin Blake, call 1555010778"
    assert redactor.redact(text) == text
