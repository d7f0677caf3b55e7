"""Key-person risk: accounts whose relationship rests on one employee.

An account's relationship is the KNOWS strength our employees hold with its contacts.
Its key person is the employee holding the largest part of it; `key_share` is that part
(1.0: everything rests on one person). `if_they_leave` says what would remain: the
strength the others hold, the contacts nobody else knows, who would be next.

>>> import networkx as nx
>>> knows = nx.DiGraph()
>>> knows.add_weighted_edges_from([
...     ("ava", "jane", 0.8), ("ava", "joe", 0.4), ("ben", "joe", 0.2),   # acme
...     ("ava", "kim", 0.3), ("ben", "kim", 0.3), ("cy", "lou", 0.3),     # globex
... ])
>>> accounts = {"jane": "acme", "joe": "acme", "kim": "globex", "lou": "globex"}
>>> acme = key_person_risk(knows, accounts)[0]
>>> acme.account, acme.key_person, round(acme.key_share, 3), acme.people
('acme', 'ava', 0.857, 2)
>>> acme.if_they_leave
Departure(strength_left=0.2, contacts_left_unknown=['jane'], next_person='ben')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Departure", "KeyPersonRisk", "departure_impact", "key_person_risk"]


@dataclass(frozen=True)
class Departure:
    """What an account keeps if one employee leaves."""

    strength_left: float
    contacts_left_unknown: list[str]
    next_person: str | None


@dataclass(frozen=True)
class KeyPersonRisk:
    """How much of an account's relationship one employee holds."""

    account: str
    strength: float
    key_person: str
    key_strength: float
    key_share: float
    people: int
    contacts: int
    if_they_leave: Departure = field(repr=False)


def key_person_risk(
    knows: nx.DiGraph,
    contact_accounts: Mapping[str, str],
    *,
    weight: str = "weight",
) -> list[KeyPersonRisk]:
    """One row per account anyone knows, the most concentrated first.

    `knows` has edges employee -> contact weighted by `weight` (relationship strength);
    `contact_accounts` maps a contact to its account. Ties: more strength first, then id.
    """
    held = _strength_by_account(knows, contact_accounts, weight)
    risks = []
    for account, by_person in held.items():
        total = sum(sum(contacts.values()) for contacts in by_person.values())
        if total <= 0:
            continue
        key, key_strength = min(
            ((person, sum(contacts.values())) for person, contacts in by_person.items()),
            key=lambda item: (-item[1], item[0]),
        )
        contacts = {contact for contacts in by_person.values() for contact in contacts}
        risks.append(
            KeyPersonRisk(
                account=account,
                strength=round(total, 6),
                key_person=key,
                key_strength=round(key_strength, 6),
                key_share=key_strength / total,
                people=len(by_person),
                contacts=len(contacts),
                if_they_leave=_departure(by_person, key),
            )
        )
    return sorted(risks, key=lambda r: (-r.key_share, -r.strength, r.account))


def departure_impact(
    knows: nx.DiGraph,
    contact_accounts: Mapping[str, str],
    employee: str,
    *,
    weight: str = "weight",
) -> dict[str, Departure]:
    """For every account `employee` knows someone at: what remains if they leave.

    >>> import networkx as nx
    >>> knows = nx.DiGraph([("ava", "jane", {"weight": 0.5}), ("ben", "jane", {"weight": 0.1})])
    >>> departure_impact(knows, {"jane": "acme"}, "ava")
    {'acme': Departure(strength_left=0.1, contacts_left_unknown=[], next_person='ben')}
    """
    held = _strength_by_account(knows, contact_accounts, weight)
    return {
        account: _departure(by_person, employee)
        for account, by_person in sorted(held.items())
        if employee in by_person
    }


def _strength_by_account(
    knows: nx.DiGraph, contact_accounts: Mapping[str, str], weight: str
) -> dict[str, dict[str, dict[str, float]]]:
    """account -> employee -> contact -> strength."""
    held: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for person, contact, strength in knows.edges(data=weight, default=0.0):
        account = contact_accounts.get(contact)
        if account is not None:
            held[account][person][contact] = float(strength or 0.0)
    return held


def _departure(by_person: Mapping[str, Mapping[str, float]], leaving: str) -> Departure:
    others = {person: contacts for person, contacts in by_person.items() if person != leaving}
    still_known = {contact for contacts in others.values() for contact in contacts}
    next_person = min(
        others, key=lambda person: (-sum(others[person].values()), person), default=None
    )
    return Departure(
        strength_left=round(sum(sum(contacts.values()) for contacts in others.values()), 6),
        contacts_left_unknown=sorted(set(by_person.get(leaving, {})) - still_known),
        next_person=next_person,
    )
