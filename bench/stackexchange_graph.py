"""Load a StackExchange Posts.xml into the graph (questions, answers, tags), for benchmarks."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.ids import concept_id
from graph.model import Concept, Contact, Employee, Interaction, Node
from graph.stores.base import GraphStore
from graph.writes import GraphWriter, Relationship

_TAG = re.compile(r"<[^>]+>")


@dataclass
class Post:
    id: str
    kind: str
    created: datetime
    owner: str | None
    title: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    parent: str | None = None
    score: int = 0
    accepted_answer: str | None = None


def plain_text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def read_posts(path: Path) -> list[Post]:
    posts = []
    for _, element in ET.iterparse(path):
        if element.tag != "row":
            continue
        kind = {"1": "question", "2": "answer"}.get(element.get("PostTypeId", ""))
        if kind:
            created = datetime.fromisoformat(element.get("CreationDate", "")).replace(tzinfo=UTC)
            posts.append(
                Post(
                    id=element.get("Id", ""),
                    kind=kind,
                    created=created,
                    owner=element.get("OwnerUserId"),
                    title=element.get("Title", ""),
                    body=plain_text(element.get("Body", "")),
                    tags=re.findall(r"<([^>]+)>", element.get("Tags", ""))
                    or [t for t in element.get("Tags", "").split("|") if t],
                    parent=element.get("ParentId"),
                    score=int(element.get("Score", "0")),
                    accepted_answer=element.get("AcceptedAnswerId"),
                )
            )
        element.clear()
    posts.sort(key=lambda p: p.created)
    return posts


def post_id(post: str) -> str:
    return f"se:post:{post}"


def user_id(user: str) -> str:
    return f"se:user:{user}"


def load_posts(store: GraphStore, posts: list[Post]) -> None:
    """Write posts with the ingest mapping: askers are contacts, answerers employees."""
    questions = {p.id: p for p in posts if p.kind == "question"}
    accepted = {q.accepted_answer for q in questions.values() if q.accepted_answer}
    nodes: list[Node] = []
    rels: list[Relationship] = []
    people: dict[tuple[str, str], Node] = {}
    for post in posts:
        if post.kind == "answer" and post.parent not in questions:
            continue
        nodes.append(
            Interaction.model_validate(
                {
                    "id": post_id(post.id),
                    "kind": post.kind,
                    "subject": post.title or None,
                    "text": post.body,
                    "occurred_at": post.created,
                    "thread": post_id(post.parent or post.id),
                    "score": post.score,
                    "accepted": post.id in accepted if post.kind == "answer" else None,
                    "source": "stackexchange",
                    "external_id": post.id,
                }
            )
        )
        for tag in post.tags:
            nodes.append(Concept(id=concept_id(tag), name=tag, source="stackexchange"))
            rels.append(
                Relationship(
                    "MENTIONS", post_id(post.id), concept_id(tag), {}, "Interaction", "Concept"
                )
            )
        if post.parent:
            rels.append(
                Relationship(
                    "REPLY_TO",
                    post_id(post.id),
                    post_id(post.parent),
                    {},
                    "Interaction",
                    "Interaction",
                )
            )
        if post.owner:
            label = "Employee" if post.kind == "answer" else "Contact"
            model = Employee if label == "Employee" else Contact
            people[(label, post.owner)] = model(
                id=user_id(post.owner),
                name=f"user {post.owner}",
                external_id=post.owner,
                source="stackexchange",
            )
            rels.append(
                Relationship(
                    "PARTICIPATED_IN",
                    user_id(post.owner),
                    post_id(post.id),
                    {"role": "author"},
                    label,
                    "Interaction",
                )
            )
    writer = GraphWriter(store)
    writer.upsert_nodes([*{n.id + n.label: n for n in nodes}.values(), *people.values()])
    writer.merge_relationships(rels)
