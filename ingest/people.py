"""Who took part: every address or source id becomes a person in the graph.

A known employee or contact with that email is that person; an address at one of the
company's own domains is a new employee; any other address is a new contact
(`email:<address>`) who works at the account whose domain matches, when one does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.ids import person_id_for_email
from graph.model import PEOPLE, Contact, Employee, Node
from graph.queries.gazetteer import ACCOUNTS_BY_DOMAIN, ACCOUNTS_OF_PEOPLE, PEOPLE_BY_EMAIL
from graph.stores.base import GraphStore
from graph.writes import GraphWriter, Relationship
from ingest.sources.records import MessageRecord, Participant


@dataclass(frozen=True)
class Person:
    id: str
    label: str
    name: str | None
    account: str | None = None


# The `source` of nodes message ingest creates on the way (people known only from an
# address, concepts from tags): the gazetteer leaves them out, so what a run finds does
# not depend on what an earlier, interrupted run wrote.
BY_PRODUCT_SOURCE = "ingest"
SOURCE = BY_PRODUCT_SOURCE


@dataclass
class PeopleFound:
    """People of a batch of records, with the nodes and links new ones need."""

    by_key: dict[str, Person] = field(default_factory=dict)
    new_people: list[Node] = field(default_factory=list)
    new_links: list[Relationship] = field(default_factory=list)

    def person(self, participant: Participant, record: MessageRecord) -> Person | None:
        key = participant_key(participant, record)
        return self.by_key.get(key) if key else None


def expected_label(participant: Participant, record: MessageRecord) -> str | None:
    """Q&A sites: whoever asks is a customer contact, whoever answers one of us."""
    if participant.role == "author" and record.kind == "answer":
        return "Employee"
    if participant.role == "author" and record.kind == "question":
        return "Contact"
    return None


def participant_key(participant: Participant, record: MessageRecord) -> str | None:
    if participant.address:
        return f"address:{participant.address.lower()}"
    if participant.person_id:
        return f"id:{participant.person_id}:{expected_label(participant, record) or ''}"
    return None


class PeopleResolver:
    """Resolves participants to people; remembers them across batches of one run."""

    def __init__(self, store: GraphStore, internal_domains: Sequence[str] = ()) -> None:
        self.store = store
        self.internal_domains = {d.strip().lower().lstrip("@") for d in internal_domains}
        self._known: dict[str, Person] = {}

    def resolve(self, records: Iterable[MessageRecord]) -> PeopleFound:
        found = PeopleFound()
        wanted: dict[str, tuple[Participant, MessageRecord]] = {}
        for record in records:
            for participant in record.participants:
                key = participant_key(participant, record)
                if key is None:
                    continue
                if key in self._known:
                    found.by_key[key] = self._known[key]
                else:
                    wanted.setdefault(key, (participant, record))
        if not wanted:
            return found
        addresses = [p.address for p, _ in wanted.values() if p.address]
        by_email = self._people_by_email(addresses)
        domains = self._accounts_by_domain(addresses)
        for key, (participant, record) in wanted.items():
            person = self._known_person(participant, record, by_email)
            if person is None:
                person = self._new_person(participant, record, domains, found)
            self._known[key] = person
            found.by_key[key] = person
        return found

    def _known_person(
        self, participant: Participant, record: MessageRecord, by_email: dict[str, Person]
    ) -> Person | None:
        if participant.address and participant.address.lower() in by_email:
            return by_email[participant.address.lower()]
        if participant.person_id:
            return self._person_by_id(participant.person_id, expected_label(participant, record))
        return None

    def _new_person(
        self,
        participant: Participant,
        record: MessageRecord,
        domains: dict[str, str],
        found: PeopleFound,
    ) -> Person:
        address = participant.address.lower() if participant.address else None
        person_id = participant.person_id or (person_id_for_email(address) if address else "")
        name = participant.name or (address.split("@")[0] if address else _name_from_id(person_id))
        domain = address.rsplit("@", 1)[-1] if address and "@" in address else None
        external_id = None if address else person_id.rsplit(":", 1)[-1]
        label = expected_label(participant, record) or (
            "Employee" if domain in self.internal_domains else "Contact"
        )
        if label == "Employee":
            found.new_people.append(
                Employee(
                    id=person_id, name=name, email=address, source=SOURCE, external_id=external_id
                )
            )
            return Person(person_id, "Employee", name)
        account = domains.get(domain) if domain else None
        found.new_people.append(
            Contact(id=person_id, name=name, email=address, source=SOURCE, external_id=external_id)
        )
        if account:
            found.new_links.append(
                Relationship("WORKS_AT", person_id, account, {}, "Contact", "Account")
            )
        return Person(person_id, "Contact", name, account)

    def _people_by_email(self, addresses: list[str]) -> dict[str, Person]:
        if not addresses:
            return {}
        rows = self.store.read(PEOPLE_BY_EMAIL, {"emails": sorted(set(addresses))})
        accounts = self._accounts_of([r["id"] for r in rows if r["label"] == "Contact"])
        people: dict[str, Person] = {}
        for row in sorted(rows, key=lambda r: r["label"] != "Employee"):
            people.setdefault(
                row["email"], Person(row["id"], row["label"], row["name"], accounts.get(row["id"]))
            )
        return people

    def _person_by_id(self, person_id: str, label: str | None) -> Person | None:
        labels = GraphWriter(self.store).labels_of([person_id], [label] if label else PEOPLE)
        if person_id not in labels:
            return None
        found = labels[person_id]
        account = self._accounts_of([person_id]).get(person_id) if found == "Contact" else None
        return Person(person_id, found, None, account)

    def _accounts_of(self, contact_ids: list[str]) -> dict[str, str]:
        if not contact_ids:
            return {}
        rows = self.store.read(ACCOUNTS_OF_PEOPLE, {"ids": contact_ids})
        return {row["id"]: row["account"] for row in rows}

    def _accounts_by_domain(self, addresses: list[str]) -> dict[str, str]:
        domains = sorted({a.rsplit("@", 1)[-1].lower() for a in addresses if "@" in a})
        if not domains:
            return {}
        rows = self.store.read(ACCOUNTS_BY_DOMAIN, {"domains": domains})
        return {row["domain"]: row["id"] for row in rows}


def _name_from_id(person_id: str) -> str:
    """A readable name for someone a source knows only by id: `se:user:85` -> `se user 85`."""
    return " ".join(part for part in person_id.split(":") if part) or person_id
