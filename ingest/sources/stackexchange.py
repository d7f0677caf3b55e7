"""StackExchange `Posts.xml` dumps: questions and answers as records.

Questions (PostTypeId 1) become kind `question`, answers (PostTypeId 2) kind `answer`;
other post types (wiki excerpts, tag wikis, ...) are skipped. Ids, with `namespace`
defaulting to `se`: a post is `<namespace>:post:<Id>`, its owner `<namespace>:user:<Id>`
(`author_id`, and the one `author` participant). Give each site its own namespace when
several sites go into one graph (`se-beer`, `se-coffee`): post and user ids repeat across
sites. An answer replies to its question (`in_reply_to`, `thread`, `parent_external_id`)
and is `accepted` when the question's AcceptedAnswerId names it, so the file is read
twice: once for the accepted answers, once for the records. A post without an owner
(a deleted user) still yields, with `author_id` None. Records are at `<path>#<Id>`.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from graph.ids import record_id
from ingest.sources.records import (
    MessageKind,
    MessageRecord,
    Participant,
    SourceFailure,
    SourceItem,
)
from ingest.sources.text import html_to_text

log = logging.getLogger(__name__)

DEFAULT_NAMESPACE = "se"
POST_KINDS: dict[str, MessageKind] = {"1": "question", "2": "answer"}
_ANGLE_TAG = re.compile(r"<([^<>]+)>")


def read_stackexchange_posts(
    path: Path, namespace: str = DEFAULT_NAMESPACE
) -> Iterator[SourceItem]:
    """Every question and answer in a `Posts.xml`; a broken file ends with a failure."""
    accepted = _accepted_answer_ids(path)
    source = str(path)
    try:
        for number, row in enumerate(_rows(path), start=1):
            item = post_record(row, source, number, accepted, namespace)
            if item is not None:
                yield item
    except (ElementTree.ParseError, OSError) as error:
        yield SourceFailure(source=source, position=source, reason=f"unreadable XML: {error}")


def post_id(post: str, namespace: str = DEFAULT_NAMESPACE) -> str:
    return record_id(namespace, "post", post)


def user_id(user: str, namespace: str = DEFAULT_NAMESPACE) -> str:
    return record_id(namespace, "user", user)


def post_record(
    row: dict[str, str],
    source: str,
    number: int,
    accepted_answers: set[str],
    namespace: str = DEFAULT_NAMESPACE,
) -> SourceItem | None:
    """One `<row>`'s attributes as a record; None for a post type we skip."""
    kind = POST_KINDS.get(row.get("PostTypeId", ""))
    if kind is None:
        return None
    external = row.get("Id", "").strip()
    if not external:
        return SourceFailure(source=source, position=f"{source}#row-{number}", reason="no Id")
    parent = row.get("ParentId", "").strip() or None
    if kind == "answer" and parent is None:
        reason = "an answer without a ParentId"
        return SourceFailure(source=source, position=f"{source}#{external}", reason=reason)
    own_id = post_id(external, namespace)
    parent_id = post_id(parent, namespace) if parent else None
    owner = row.get("OwnerUserId", "").strip() or None
    author_id = user_id(owner, namespace) if owner else None
    author_name = row.get("OwnerDisplayName", "").strip() or None
    text = html_to_text(row.get("Body", ""))
    return MessageRecord(
        id=own_id,
        kind=kind,
        subject=row.get("Title", "").strip() or None,
        body=text,
        text=text,
        occurred_at=_utc(row.get("CreationDate")),
        thread=parent_id or own_id,
        in_reply_to=parent_id,
        references=(parent_id,) if parent_id else (),
        participants=(
            (Participant(role="author", name=author_name, person_id=author_id),)
            if author_id or author_name
            else ()
        ),
        source=source,
        position=f"{source}#{external}",
        external_id=external,
        author_id=author_id,
        parent_external_id=parent,
        tags=_tags(row.get("Tags", "")),
        accepted=(external in accepted_answers) if kind == "answer" else None,
        score=_integer(row.get("Score")),
    )


def _accepted_answer_ids(path: Path) -> set[str]:
    accepted: set[str] = set()
    try:
        for row in _rows(path):
            if row.get("PostTypeId") == "1" and row.get("AcceptedAnswerId"):
                accepted.add(row["AcceptedAnswerId"].strip())
    except (ElementTree.ParseError, OSError):
        log.debug("reading accepted answers of %s stopped early", path, exc_info=True)
    return accepted


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """The attributes of each `<row>`, streaming, with memory freed as it goes."""
    root: ElementTree.Element | None = None
    for event, element in ElementTree.iterparse(path, events=("start", "end")):
        if root is None:
            root = element
        if event == "end" and element.tag == "row":
            yield dict(element.attrib)
            root.clear()


def _tags(value: str) -> tuple[str, ...]:
    """`<a><b>` (older dumps) or `|a|b|` (newer ones) as `('a', 'b')`."""
    if "<" in value:
        return tuple(_ANGLE_TAG.findall(value))
    return tuple(tag for tag in value.split("|") if tag)


def _utc(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=UTC)


def _integer(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
