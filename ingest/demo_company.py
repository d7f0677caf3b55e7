"""A generated company for the demo: its world, and emails, notes and tickets about it.

Lumen Data sells analytics software to eight customer accounts. Its people write to
their contacts, take call notes and answer tickets; what they say carries tacit facts
(interests, complaints, competitors evaluated, commitments, roles, introductions,
stated expertise) for the pipeline to find. The same seed gives the same files.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

DOMAIN = "lumen.example"
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    title: str


EMPLOYEES = [
    Person("emp:ava", "Ava Chen", f"ava.chen@{DOMAIN}", "VP Sales"),
    Person("emp:ben", "Ben Okafor", f"ben.okafor@{DOMAIN}", "Account Executive"),
    Person("emp:carla", "Carla Diaz", f"carla.diaz@{DOMAIN}", "Account Executive"),
    Person("emp:dev", "Dev Patel", f"dev.patel@{DOMAIN}", "Solutions Engineer"),
    Person("emp:priya", "Priya Nair", f"priya.nair@{DOMAIN}", "Security Architect"),
    Person("emp:tom", "Tom Berg", f"tom.berg@{DOMAIN}", "Support Engineer"),
    Person("emp:lena", "Lena Novak", f"lena.novak@{DOMAIN}", "Support Lead"),
]
MANAGERS = {
    "emp:ben": "emp:ava",
    "emp:carla": "emp:ava",
    "emp:dev": "emp:ava",
    "emp:tom": "emp:lena",
    "emp:priya": "emp:lena",
}
PRODUCTS = [
    ("prod:insights", "Lumen Insights", ["Insights"]),
    ("prod:connect", "Lumen Connect", ["Connect"]),
    ("prod:guard", "Lumen Guard", ["Guard"]),
]
COMPETITORS: list[tuple[str, str, list[str]]] = [
    ("comp:graphly", "Graphly", []),
    ("comp:metricon", "Metricon", []),
]
CONCEPTS = [
    ("concept:security", "security", [], None),
    ("concept:sso", "single sign-on", ["SSO", "SAML"], "concept:security"),
    ("concept:data-export", "data export", ["CSV export"], None),
    ("concept:billing", "billing", ["invoices"], None),
    ("concept:dashboards", "dashboards", ["dashboard"], None),
    ("concept:api-rate-limits", "API rate limits", ["rate limiting"], None),
]
ACCOUNTS = [
    ("acc:acme", "Acme Corp", "acme.example", ["Jane Roe", "Omar Haddad", "Li Wei"]),
    ("acc:globex", "Globex", "globex.example", ["Maria Lopez", "Sam Fisher", "Nina Kraus"]),
    ("acc:initech", "Initech", "initech.example", ["Peter Gibbons", "Joanna Hale"]),
    ("acc:umbrella", "Umbrella Health", "umbrella.example", ["Alice Marsh", "Raj Mehta"]),
    ("acc:halcyon", "Halcyon Bank", "halcyon.example", ["Grace Obi", "Tariq Aziz"]),
    ("acc:pinecrest", "Pinecrest Retail", "pinecrest.example", ["Hugo Brandt", "Mei Tan"]),
    ("acc:vertex", "Vertex Logistics", "vertex.example", ["Olga Ivanova", "Ken Sato"]),
    ("acc:northstar", "Northstar Media", "northstar.example", ["Zoe Adams", "Luis Romero"]),
]
KB_ARTICLES = [
    (
        "kb:sso-setup",
        "Set up single sign-on with SAML",
        "Configure SAML single sign-on for your workspace: add the identity provider metadata, "
        "map the email attribute and test the login.",
        ["concept:sso"],
        "emp:priya",
    ),
    (
        "kb:export-csv",
        "Export dashboards to CSV",
        "Use the export menu on any dashboard to download its data as CSV. Large exports are "
        "emailed when ready.",
        ["concept:data-export", "concept:dashboards"],
        "emp:tom",
    ),
    (
        "kb:invoices",
        "Where to find your invoices",
        "Invoices are under Settings, Billing. Admins can change the billing contact.",
        ["concept:billing"],
        "emp:lena",
    ),
    (
        "kb:rate-limits",
        "API rate limits explained",
        "Each API key may send 600 requests a minute; rate limiting answers 429 beyond that.",
        ["concept:api-rate-limits"],
        "emp:dev",
    ),
]
# Where requests go (`tacit route`): the concepts each team covers, members by id or by
# department.
QUEUES = [
    ("queue:security", "Security", ["concept:sso", "concept:security"], ["emp:priya"], None),
    ("queue:integrations", "Integrations", ["concept:api-rate-limits"], ["emp:dev"], None),
    ("queue:support", "Support", ["concept:data-export", "concept:dashboards"], [], "Support"),
    ("queue:billing", "Billing", ["concept:billing"], ["emp:lena"], None),
]

CUSTOMER_LINES = [
    "We are very interested in {product}.",
    "Our analysts keep complaining about {concept}.",
    "We are evaluating {competitor} as well, so pricing matters.",
    "We currently use {competitor} for reporting.",
    "We really like {product} so far.",
    "We prefer email over phone calls for updates.",
    "Could you tell me more about {concept}?",
    "{colleague} will be the decision maker on this purchase.",
    "We are not interested in {other_product} at this point.",
    "If we ever needed {other_product}, we would let you know.",
    "We have had problems with {concept} since the last release.",
]
EMPLOYEE_LINES = [
    "I will send you the updated proposal by Friday.",
    "I will share the security questionnaire next week.",
    "Let me introduce {expert_name}, who can help with {expert_topic}.",
    "{expert_name} is our expert on {expert_topic}.",
    "I will follow up with pricing by end of month.",
]
NOTE_LINES = [
    "{contact} said they are interested in {product}.",
    "{contact} complained about {concept} during the call.",
    "{contact} mentioned they are evaluating {competitor}.",
    "{contact} is the budget holder for analytics.",
    "We agreed that {employee} will send a follow-up summary by Friday.",
]
TICKET_QUESTIONS = [
    ("How do I set up SSO with our identity provider?", "kb:sso-setup"),
    ("Single sign-on login fails after SAML certificate rotation", "kb:sso-setup"),
    ("How can I export a dashboard to CSV?", "kb:export-csv"),
    ("CSV export of large dashboards never arrives", "kb:export-csv"),
    ("Where can I download last month's invoice?", "kb:invoices"),
    ("We get 429 errors from the API during nightly sync", "kb:rate-limits"),
    ("Can we schedule dashboards to be emailed weekly?", None),
    ("Is there an audit log of who viewed a dashboard?", None),
]
EXPERTISE = {"emp:priya": "single sign-on", "emp:dev": "API rate limits", "emp:tom": "data export"}


def generate(directory: Path, seed: int = 7) -> dict[str, Path]:
    """Write the company's world, mail, notes and tickets under `directory`."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        "world": directory / "world.jsonl",
        "mail": directory / "mail",
        "notes": directory / "notes",
        "tickets": directory / "tickets.jsonl",
    }
    paths["mail"].mkdir(exist_ok=True)
    paths["notes"].mkdir(exist_ok=True)
    contacts = _contacts()
    _write_world(paths["world"], contacts)
    day = 0
    for account_id, account_name, _domain, _ in ACCOUNTS:
        people = contacts[account_id]
        owner = rng.choice(EMPLOYEES[1:4])
        for thread in range(3):
            day += rng.randint(1, 4)
            _write_thread(
                paths["mail"], rng, account_id, people, owner, thread, START + timedelta(days=day)
            )
        day += 1
        _write_note(
            paths["notes"],
            rng,
            account_id,
            account_name,
            people,
            owner,
            START + timedelta(days=day),
        )
    _write_tickets(paths["tickets"], rng, contacts)
    return paths


def _contacts() -> dict[str, list[Person]]:
    contacts: dict[str, list[Person]] = {}
    for account_id, _name, domain, names in ACCOUNTS:
        contacts[account_id] = [
            Person(
                f"contact:{name.lower().replace(' ', '.')}@{domain}",
                name,
                f"{name.lower().replace(' ', '.')}@{domain}",
                title,
            )
            for name, title in zip(names, ["CTO", "Head of Analytics", "IT Manager"], strict=False)
        ]
    return contacts


def _write_world(path: Path, contacts: dict[str, list[Person]]) -> None:
    records: list[dict[str, object]] = []
    for account_id, name, domain, _ in ACCOUNTS:
        records.append(
            {
                "label": "Account",
                "id": account_id,
                "name": name,
                "domain": domain,
                "status": "customer",
                "source": "demo",
            }
        )
        records += [
            {
                "label": "Contact",
                "id": c.id,
                "name": c.name,
                "email": c.email,
                "title": c.title,
                "account": account_id,
                "source": "demo",
            }
            for c in contacts[account_id]
        ]
    records += [
        {
            "label": "Employee",
            "id": e.id,
            "name": e.name,
            "email": e.email,
            "title": e.title,
            "department": "Support" if "Support" in e.title else "Sales",
            "manager": MANAGERS.get(e.id),
            "source": "demo",
        }
        for e in EMPLOYEES
    ]
    records += [
        {"label": "Product", "id": i, "name": n, "aliases": a, "source": "demo"}
        for i, n, a in PRODUCTS
    ]
    records += [
        {"label": "Competitor", "id": i, "name": n, "aliases": a, "source": "demo"}
        for i, n, a in COMPETITORS
    ]
    records += [
        {
            "label": "Concept",
            "id": i,
            "name": n,
            "synonyms": s,
            "source": "demo",
            **({"broader": b} if b else {}),
        }
        for i, n, s, b in CONCEPTS
    ]
    records += [
        {
            "label": "KBArticle",
            "id": i,
            "title": t,
            "body": b,
            "about": about,
            "author": author,
            "source": "demo",
        }
        for i, t, b, about, author in KB_ARTICLES
    ]
    records += [
        {
            "label": "Queue",
            "id": i,
            "name": n,
            "concepts": concepts,
            "members": members,
            "department": department,
            "source": "demo",
        }
        for i, n, concepts, members, department in QUEUES
    ]
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps({k: v for k, v in record.items() if v is not None}) + "\n")


def _fill(line: str, rng: random.Random, people: list[Person]) -> str:
    product, other = rng.sample([p[1] for p in PRODUCTS], 2)
    expert_id = rng.choice(list(EXPERTISE))
    expert = next(e for e in EMPLOYEES if e.id == expert_id)
    return line.format(
        product=product,
        other_product=other,
        concept=rng.choice([c[1] for c in CONCEPTS[1:]]),
        competitor=rng.choice([c[1] for c in COMPETITORS]),
        colleague=rng.choice(people[1:] or people).name,
        contact=rng.choice(people).name,
        employee=rng.choice(EMPLOYEES).name,
        expert_name=expert.name,
        expert_topic=EXPERTISE[expert_id],
    )


def _write_thread(
    folder: Path,
    rng: random.Random,
    account_id: str,
    people: list[Person],
    owner: Person,
    thread: int,
    when: datetime,
) -> None:
    customer = people[thread % len(people)]
    subject = rng.choice(["Renewal", "Evaluation", "Next steps", "Questions", "Pricing"])
    first_id = f"<{account_id.split(':')[1]}-{thread}-1@mail.example>"
    lines = [_fill(line, rng, people) for line in rng.sample(CUSTOMER_LINES, 3)]
    first = _message(
        customer,
        [owner],
        f"{subject} for {account_id.split(':')[1].title()}",
        when,
        first_id,
        None,
        f"Hi {owner.name.split()[0]},\n\n"
        + "\n".join(lines)
        + f"\n\nBest regards,\n{customer.name}\n{customer.title}\n",
    )
    (folder / f"{account_id.split(':')[1]}-{thread}-1.eml").write_bytes(first)
    reply_lines = [_fill(line, rng, people) for line in rng.sample(EMPLOYEE_LINES, 2)]
    quoted = "\n".join(f"> {line}" for line in lines)
    reply = _message(
        owner,
        [customer],
        f"Re: {subject}",
        when + timedelta(hours=rng.randint(2, 30)),
        f"<{account_id.split(':')[1]}-{thread}-2@{DOMAIN}>",
        first_id,
        f"Hi {customer.name.split()[0]},\n\nThanks for the note. "
        + " ".join(reply_lines)
        + f"\n\n{owner.name}\n\nOn {format_datetime(when)}, {customer.name} wrote:\n{quoted}\n",
    )
    (folder / f"{account_id.split(':')[1]}-{thread}-2.eml").write_bytes(reply)


def _message(
    sender: Person,
    recipients: list[Person],
    subject: str,
    when: datetime,
    message_id: str,
    in_reply_to: str | None,
    body: str,
) -> bytes:
    message = EmailMessage()
    message["From"] = f"{sender.name} <{sender.email}>"
    message["To"] = ", ".join(f"{r.name} <{r.email}>" for r in recipients)
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    return message.as_bytes()


def _write_note(
    folder: Path,
    rng: random.Random,
    account_id: str,
    account_name: str,
    people: list[Person],
    owner: Person,
    when: datetime,
) -> None:
    lines = [_fill(line, rng, people) for line in rng.sample(NOTE_LINES, 3)]
    front = {
        "date": when.date().isoformat(),
        "author": owner.email,
        "account": account_id,
        "contacts": [p.id for p in people],
        "kind": "call",
        "title": f"Call with {account_name}",
    }
    text = "---\n" + "\n".join(f"{k}: {json.dumps(v)}" for k, v in front.items()) + "\n---\n"
    text += f"# Call with {account_name}\n\n" + "\n".join(f"- {line}" for line in lines) + "\n"
    (folder / f"{account_id.split(':')[1]}-call.md").write_text(text, encoding="utf-8")


def _write_tickets(path: Path, rng: random.Random, contacts: dict[str, list[Person]]) -> None:
    support = [e for e in EMPLOYEES if "Support" in e.title or e.id == "emp:priya"]
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, 41):
            account_id = rng.choice(list(contacts))
            asker = rng.choice(contacts[account_id])
            agent = rng.choice(support)
            question, article = rng.choice(TICKET_QUESTIONS)
            opened = START + timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 8))
            answer = (
                f"Please follow the steps in our article {article}; it covers this."
                if article
                else "We have logged this as a feature request."
            )
            ticket = {
                "id": f"T-{number:03d}",
                "account": account_id,
                "subject": question,
                "messages": [
                    {"from": asker.email, "date": opened.isoformat(), "text": question},
                    {
                        "from": agent.email,
                        "date": (opened + timedelta(hours=3)).isoformat(),
                        "text": answer,
                    },
                ],
                **({"resolved_by": article} if article else {}),
            }
            out.write(json.dumps(ticket) + "\n")
