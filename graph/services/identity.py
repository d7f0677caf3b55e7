"""Duplicate people and accounts, proposed with a score and the reasons for it.

Two records are compared only when they share a block key (a surname, an address, a
domain stem), so the work grows with the records, not with their pairs. Each signal that
two records are one is a reason with a weight, the probability it alone would make them
one; the score combines them as a noisy-OR, 1 - prod(1 - weight), so every reason adds and
none is needed. People:

- same address (after normalising case and `<>`): 0.95; same phone number: 0.8;
- one's name is the other's alias: 0.8;
- same name ("Allen, Phillip K." is "Phillip K Allen"): 0.55, or first initial and surname
  ("P. Allen"): 0.45, or names alike by rapidfuzz's token-sort ratio >= 90: 0.4;
- when the names say nothing (one is only an address, "pallen"), an address's local part
  spells the other's name ("phillip.allen", "pallen", "k..allen"), not its own owner's,
  and no two full names have different first names: 0.5;
- same email domain (not a free-mail one): 0.25; same account: 0.25.

So a namesake elsewhere (0.55) is not proposed, a namesake at the same company is (0.66).

Accounts: same domain or one's domain is the other's other domain: 0.9; same name without
legal suffixes ("Acme Corp" is "ACME Corporation"): 0.7, names alike >= 90: 0.4; one's name
is the other's alias: 0.8; one's name is the other's domain stem: 0.4.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Protocol

from pydantic import BaseModel
from rapidfuzz import fuzz

from graph.queries.identity import candidates_query_name
from graph.stores.base import GraphStore

MIN_SCORE = 0.6
MAX_BLOCK = 200
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"})
FREE_MAIL = frozenset(
    {"gmail.com", "googlemail.com", "hotmail.com", "outlook.com", "yahoo.com", "aol.com",
     "icloud.com", "me.com", "live.com", "msn.com", "gmx.de", "gmx.net", "web.de",
     "proton.me", "protonmail.com", "mail.com"}
)  # fmt: skip
LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
     "llp", "plc", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "oy", "ab", "as", "spa",
     "srl", "pty", "kg", "the", "group", "holdings"}
)  # fmt: skip
PERSON_WEIGHTS = {
    "same_address": 0.95,
    "same_phone": 0.8,
    "alias": 0.8,
    "same_name": 0.55,
    "initial_and_surname": 0.45,
    "similar_name": 0.4,
    "address_spells_name": 0.5,
    "same_domain": 0.25,
    "same_account": 0.25,
}
NAME_SIGNALS = frozenset({"alias", "same_name", "initial_and_surname", "similar_name"})
ACCOUNT_WEIGHTS = {
    "same_domain": 0.9,
    "alias": 0.8,
    "same_name": 0.7,
    "similar_name": 0.4,
    "name_is_domain": 0.4,
}
_WORD = re.compile(r"[a-z0-9]+")


class RecordRef(BaseModel):
    id: str
    label: str
    name: str | None
    email: str | None = None
    domain: str | None = None


class Reason(BaseModel):
    """One sign the two are the same, its weight, and what it rests on."""

    signal: str
    weight: float
    detail: str


class DuplicatePair(BaseModel):
    """Two records that look like one: the score (noisy-OR of the reasons), which to keep."""

    score: float
    keep: RecordRef
    merge: RecordRef
    reasons: list[Reason]


@dataclass
class PersonRecord:
    id: str
    label: str
    name: str
    aliases: list[str]
    emails: list[str]
    phone: str
    accounts: list[str]
    source: str
    words: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, row: dict[str, Any], label: str) -> PersonRecord:
        emails = [e for e in [row.get("email"), *(row.get("other_emails") or [])] if e]
        record = cls(
            id=row["id"],
            label=label,
            name=str(row.get("name") or ""),
            aliases=[str(a) for a in row.get("aliases") or []],
            emails=[normalize_address(e) for e in emails],
            phone=digits(str(row.get("phone") or "")),
            accounts=list(row.get("accounts") or []),
            source=str(row.get("source") or ""),
        )
        record.words = name_words(record.name)
        return record

    def ref(self) -> RecordRef:
        return RecordRef(
            id=self.id,
            label=self.label,
            name=self.name or None,
            email=self.emails[0] if self.emails else None,
        )


def normalize_address(address: str) -> str:
    return address.strip().strip("<>").strip().lower()


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def name_words(name: str) -> list[str]:
    """A person's name as lower-case words, first name first, without titles.

    >>> name_words("Allen, Phillip K.")
    ['phillip', 'k', 'allen']
    >>> name_words("Dr. Phillip K Allen")
    ['phillip', 'k', 'allen']
    >>> name_words("phillip.allen")
    ['phillip', 'allen']
    """
    if "@" in name:
        name = name.split("@", 1)[0]
    if name.count(",") == 1:
        last, rest = name.split(",")
        name = f"{rest} {last}"
    words = _WORD.findall(ascii_fold(name.replace(".", " ").replace("_", " ")))
    return [w for w in words if w not in TITLES]


def local_part_words(address: str) -> list[str]:
    local = address.split("@", 1)[0]
    return [w for w in _WORD.findall(re.sub(r"\d+", " ", local.lower())) if w]


def spells_name(address: str, words: Sequence[str]) -> bool:
    """Whether an address's local part spells a name: first.last, flast, first_m_last,
    m..last (an initial and the surname).

    >>> spells_name("pallen@enron.com", ["phillip", "k", "allen"])
    True
    >>> spells_name("k..allen@enron.com", ["phillip", "k", "allen"])
    True
    >>> spells_name("jsmith@enron.com", ["phillip", "k", "allen"])
    False
    """
    if len(words) < 2:
        return False
    first, last = words[0], words[-1]
    parts = local_part_words(address)
    joined = "".join(parts)
    if not joined or last not in joined:
        return False
    initials = {w[0] for w in words[:-1]}
    shapes = {
        first + last,
        last + first,
        first[0] + last,
        last + first[0],
        "".join(w[0] for w in words[:-1]) + last,
        *(i + last for i in initials),
    }
    return joined in shapes or (len(parts) >= 2 and parts[-1] == last and parts[0] in words)


def person_reasons(a: PersonRecord, b: PersonRecord) -> list[Reason]:
    """Every sign that two people are one (see the module's table)."""
    reasons: list[Reason] = []

    def add(signal: str, detail: str) -> None:
        reasons.append(Reason(signal=signal, weight=PERSON_WEIGHTS[signal], detail=detail))

    shared = sorted(set(a.emails) & set(b.emails))
    if shared:
        add("same_address", "the same email address")
    if a.phone and len(a.phone) >= 7 and a.phone[-10:] == b.phone[-10:]:
        add("same_phone", "the same phone number")
    a_names = {" ".join(name_words(n)) for n in a.aliases} - {""}
    b_names = {" ".join(name_words(n)) for n in b.aliases} - {""}
    if " ".join(a.words) in b_names or " ".join(b.words) in a_names:
        add("alias", "one's name is the other's alias")
    if len(_without_initials(a.words)) >= 2 and len(_without_initials(b.words)) >= 2:
        if _without_initials(a.words) == _without_initials(b.words):
            add("same_name", f"the same name ({' '.join(_without_initials(a.words))})")
        elif a.words[-1] == b.words[-1] and _initial_matches(a.words[0], b.words[0]):
            add("initial_and_surname", "the same surname and first initial")
        elif fuzz.token_sort_ratio(" ".join(a.words), " ".join(b.words)) >= 90:
            add("similar_name", "names alike (token-sort ratio >= 90)")
    named = any(r.signal in NAME_SIGNALS for r in reasons)
    spelled = [e for e in a.emails if spells_name(e, b.words) and not spells_name(e, a.words)]
    spelled += [e for e in b.emails if spells_name(e, a.words) and not spells_name(e, b.words)]
    if spelled and not shared and not named and not _first_names_differ(a.words, b.words):
        add("address_spells_name", "an address spells the other's name")
    domains_a = {e.rsplit("@", 1)[-1] for e in a.emails} - FREE_MAIL
    domains_b = {e.rsplit("@", 1)[-1] for e in b.emails} - FREE_MAIL
    if domains_a & domains_b and not shared:
        add("same_domain", f"addresses at the same domain ({sorted(domains_a & domains_b)[0]})")
    if set(a.accounts) & set(b.accounts):
        add("same_account", "they work at the same account")
    return reasons


def noisy_or(weights: Iterable[float]) -> float:
    """1 - prod(1 - w): each reason adds, none is required.

    >>> noisy_or([0.6, 0.25])
    0.7
    """
    missing = 1.0
    for weight in weights:
        missing *= 1 - weight
    return round(1 - missing, 4)


def duplicate_people(
    store: GraphStore, min_score: float = MIN_SCORE, limit: int = 100, label: str | None = None
) -> list[DuplicatePair]:
    """Pairs of contacts (or employees) that look like one person, best first."""
    labels = [label] if label else ["Employee", "Contact"]
    pairs: list[DuplicatePair] = []
    for each in labels:
        records = [PersonRecord.of(row, each) for row in store.read(candidates_query_name(each))]
        pairs += _pairs(records, _person_keys, person_reasons, _keep_person, min_score)
    pairs.sort(key=lambda p: (-p.score, p.keep.id, p.merge.id))
    return pairs[:limit]


class _Candidate(Protocol):
    id: str

    def ref(self) -> RecordRef: ...


def _pairs[R: _Candidate](
    records: list[R],
    keys_of: Callable[[R], set[str]],
    reasons_of: Callable[[R, R], list[Reason]],
    keep_of: Callable[[R, R], tuple[R, R]],
    min_score: float,
) -> list[DuplicatePair]:
    blocks: dict[str, list[R]] = defaultdict(list)
    for record in records:
        for key in keys_of(record):
            blocks[key].append(record)
    seen: set[tuple[str, str]] = set()
    found: list[DuplicatePair] = []
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for a, b in combinations(members, 2):
            pair = (a.id, b.id) if a.id < b.id else (b.id, a.id)
            if pair in seen or a.id == b.id:
                continue
            seen.add(pair)
            reasons = reasons_of(a, b)
            score = noisy_or(r.weight for r in reasons)
            if score >= min_score:
                keep, merge = keep_of(a, b)
                found.append(
                    DuplicatePair(score=score, keep=keep.ref(), merge=merge.ref(), reasons=reasons)
                )
    return found


def _person_keys(record: PersonRecord) -> set[str]:
    keys = {f"address:{e}" for e in record.emails}
    if len(record.words) >= 2:
        keys.add(f"surname:{record.words[-1]}")
    for email in record.emails:
        joined = "".join(local_part_words(email))
        parts = local_part_words(email)
        if parts:
            keys.add(f"surname:{parts[-1]}")
        if len(joined) > 4:
            keys.add(f"surname:{joined[1:]}")
    if record.phone and len(record.phone) >= 7:
        keys.add(f"phone:{record.phone[-10:]}")
    return keys


def _keep_person(a: PersonRecord, b: PersonRecord) -> tuple[PersonRecord, PersonRecord]:
    """Keep the imported record over one found in mail, then the fuller name."""

    def rank(r: PersonRecord) -> tuple[int, int, int, str]:
        return (r.source == "ingest", -len(r.words), -len(r.name), r.id)

    return (a, b) if rank(a) <= rank(b) else (b, a)


def _without_initials(words: Sequence[str]) -> list[str]:
    return [w for w in words if len(w) > 1]


def _first_names_differ(a: Sequence[str], b: Sequence[str]) -> bool:
    """Both full names, with first names that cannot be one ("Thomas A. Martin" and
    "Amanda Martin")."""
    full_a, full_b = _without_initials(a), _without_initials(b)
    if len(full_a) < 2 or len(full_b) < 2:
        return False
    return full_a[0] != full_b[0]


def _initial_matches(first_a: str, first_b: str) -> bool:
    return first_a[0] == first_b[0] and (len(first_a) == 1 or len(first_b) == 1)


# ------------------------------------------------------------------------------ accounts


@dataclass
class AccountRecord:
    id: str
    label: str
    name: str
    aliases: list[str]
    domains: list[str]
    source: str
    words: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, row: dict[str, Any]) -> AccountRecord:
        domains = [d for d in [row.get("domain"), *(row.get("other_domains") or [])] if d]
        record = cls(
            id=row["id"],
            label="Account",
            name=str(row.get("name") or ""),
            aliases=[str(a) for a in row.get("aliases") or []],
            domains=[normalize_domain(d) for d in domains],
            source=str(row.get("source") or ""),
        )
        record.words = company_words(record.name)
        return record

    def ref(self) -> RecordRef:
        return RecordRef(
            id=self.id,
            label="Account",
            name=self.name or None,
            domain=self.domains[0] if self.domains else None,
        )


def normalize_domain(domain: str) -> str:
    """`https://www.Acme.com/` -> `acme.com`."""
    text = domain.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text).split("/", 1)[0]
    return text.removeprefix("www.")


def domain_stem(domain: str) -> str:
    """The registered name of a domain: `mail.acme.co.uk` -> `acme`."""
    labels = [p for p in domain.split(".") if p]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "ac"):
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def company_words(name: str) -> list[str]:
    """A company's name as words, without legal suffixes.

    >>> company_words("ACME Corporation"), company_words("Acme Corp.")
    (['acme'], ['acme'])
    """
    words = _WORD.findall(ascii_fold(name.replace("&", " and ")))
    kept = [w for w in words if w not in LEGAL_SUFFIXES]
    return kept or words


def account_reasons(a: AccountRecord, b: AccountRecord) -> list[Reason]:
    reasons: list[Reason] = []

    def add(signal: str, detail: str) -> None:
        reasons.append(Reason(signal=signal, weight=ACCOUNT_WEIGHTS[signal], detail=detail))

    if set(a.domains) & set(b.domains):
        add("same_domain", f"the same domain ({sorted(set(a.domains) & set(b.domains))[0]})")
    a_aliases = {" ".join(company_words(n)) for n in a.aliases} - {""}
    b_aliases = {" ".join(company_words(n)) for n in b.aliases} - {""}
    if " ".join(a.words) in b_aliases or " ".join(b.words) in a_aliases:
        add("alias", "one's name is the other's alias")
    if a.words and a.words == b.words:
        add("same_name", f"the same name without legal suffixes ({' '.join(a.words)})")
    elif fuzz.token_sort_ratio(" ".join(a.words), " ".join(b.words)) >= 90:
        add("similar_name", "names alike (token-sort ratio >= 90)")
    stems_a = {domain_stem(d) for d in a.domains}
    stems_b = {domain_stem(d) for d in b.domains}
    if "".join(a.words) in stems_b or "".join(b.words) in stems_a:
        add("name_is_domain", "one's name is the other's domain")
    return reasons


def duplicate_accounts(
    store: GraphStore, min_score: float = MIN_SCORE, limit: int = 100
) -> list[DuplicatePair]:
    """Pairs of accounts that look like one company, best first."""
    records = [AccountRecord.of(row) for row in store.read(candidates_query_name("Account"))]
    pairs = _pairs(records, _account_keys, account_reasons, _keep_account, min_score)
    pairs.sort(key=lambda p: (-p.score, p.keep.id, p.merge.id))
    return pairs[:limit]


def _account_keys(record: AccountRecord) -> set[str]:
    keys = {f"stem:{domain_stem(d)}" for d in record.domains}
    if record.words:
        keys.add(f"stem:{''.join(record.words)}")
        keys.add(f"word:{record.words[0]}")
    return keys


def _keep_account(a: AccountRecord, b: AccountRecord) -> tuple[AccountRecord, AccountRecord]:
    def rank(r: AccountRecord) -> tuple[int, int, str]:
        return (r.source == "ingest", -len(r.domains), r.id)

    return (a, b) if rank(a) <= rank(b) else (b, a)
