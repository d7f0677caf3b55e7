"""Who took part: every address or source id becomes a person in the graph.

A known employee or contact with that email is that person; an address at one of the
company's own domains is a new employee; any other address is a new contact
(`email:<address>`) who works at the account whose domain matches, when one does.
A merged record's id or address lands on the record it was merged into. A note's
front-matter contacts are linked when they are known people.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.ids import person_id_for_email
from graph.model import PEOPLE, Contact, Employee, Node
from graph.queries.gazetteer import ACCOUNTS_BY_DOMAIN, ACCOUNTS_OF_PEOPLE, PEOPLE_BY_EMAIL
from graph.queries.identity import survivors_query_name
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
    linked: dict[str, Person] = field(default_factory=dict)

    def person(self, participant: Participant, record: MessageRecord) -> Person | None:
        key = participant_key(participant, record)
        return self.by_key.get(key) if key else None

    def contacts_of(self, record: MessageRecord) -> list[Person]:
        """The known people a record's front matter names as its contacts."""
        return [self.linked[c] for c in record.contacts if c in self.linked]


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
        linked: set[str] = set()
        for record in records:
            linked.update(record.contacts)
            for participant in record.participants:
                key = participant_key(participant, record)
                if key is None:
                    continue
                if key in self._known:
                    found.by_key[key] = self._known[key]
                else:
                    wanted.setdefault(key, (participant, record))
        self._link_contacts(sorted(linked), found)
        if not wanted:
            return found
        addresses = [p.address for p, _ in wanted.values() if p.address]
        by_email = self._people_by_email(addresses)
        ids = [p.person_id for p, _ in wanted.values() if p.person_id and not p.address]
        unknown = [a for a in addresses if a.lower() not in by_email]
        aliases = self._survivors(ids + [person_id_for_email(a) for a in unknown], unknown)
        domains = self._accounts_by_domain(addresses)
        for key, (participant, record) in wanted.items():
            person = self._known_person(participant, record, by_email, aliases)
            if person is None:
                person = self._new_person(participant, record, domains, found)
            self._known[key] = person
            found.by_key[key] = person
        return found

    def _known_person(
        self,
        participant: Participant,
        record: MessageRecord,
        by_email: dict[str, Person],
        aliases: dict[str, Person],
    ) -> Person | None:
        address = participant.address.lower() if participant.address else None
        if address and address in by_email:
            return by_email[address]
        if address and address in aliases:
            return aliases[address]
        if participant.person_id:
            found = self._person_by_id(participant.person_id, expected_label(participant, record))
            return found or aliases.get(participant.person_id)
        return None

    def _link_contacts(self, ids: list[str], found: PeopleFound) -> None:
        """Front-matter contacts that are known people (by id, or a merged id)."""
        for person_id in ids:
            key = f"linked:{person_id}"
            if key in self._known:
                found.linked[person_id] = self._known[key]
        missing = [i for i in ids if f"linked:{i}" not in self._known]
        if not missing:
            return
        labels = GraphWriter(self.store).labels_of(missing, PEOPLE)
        aliases = self._survivors([i for i in missing if i not in labels], [])
        accounts = self._accounts_of([i for i, label in labels.items() if label == "Contact"])
        for person_id in missing:
            if person_id in labels:
                label = labels[person_id]
                person = Person(person_id, label, None, accounts.get(person_id))
            elif person_id in aliases:
                person = aliases[person_id]
            else:
                continue
            self._known[f"linked:{person_id}"] = person
            found.linked[person_id] = person

    def _survivors(self, ids: list[str], addresses: list[str]) -> dict[str, Person]:
        """Records that absorbed these merged ids or hold these addresses as a second one."""
        if not ids and not addresses:
            return {}
        emails = sorted({a.lower() for a in addresses})
        wanted_ids = set(ids)
        found: dict[str, Person] = {}
        for label in PEOPLE:
            rows = self.store.read(
                survivors_query_name(label), {"ids": sorted(wanted_ids), "emails": emails}
            )
            accounts = self._accounts_of([r["id"] for r in rows]) if label == "Contact" else {}
            for row in rows:
                person = Person(row["id"], label, row["name"], accounts.get(row["id"]))
                for alias in [*row["merged_ids"], *row["other_emails"]]:
                    if alias in wanted_ids or alias in emails:
                        found.setdefault(alias, person)
        return found

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
