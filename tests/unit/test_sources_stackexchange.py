"""StackExchange Posts.xml: questions, answers, accepted answers, tags, owners."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ingest.sources.records import MessageRecord, SourceFailure
from ingest.sources.stackexchange import read_stackexchange_posts

POSTS = """\
<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="1" PostTypeId="1" AcceptedAnswerId="3" CreationDate="2014-01-21T20:26:05.383"
       Score="18" Body="&lt;p&gt;What are &lt;b&gt;citra&lt;/b&gt; hops?&lt;/p&gt;"
       OwnerUserId="7" Title="What is a citra hop?" Tags="&lt;hops&gt;&lt;ipa&gt;" />
  <row Id="2" PostTypeId="2" ParentId="1" CreationDate="2014-01-21T20:31:18.540" Score="2"
       Body="&lt;p&gt;A hop. See &lt;a href=&quot;http://x&quot;&gt;this&lt;/a&gt;.&lt;/p&gt;"
       OwnerUserId="12" />
  <row Id="3" PostTypeId="2" ParentId="1" CreationDate="2014-01-22T08:00:00.000" Score="13"
       Body="&lt;p&gt;A trademarked hop variety.&lt;/p&gt;" OwnerDisplayName="gone" />
  <row Id="4" PostTypeId="4" Body="&lt;p&gt;Tag wiki excerpt&lt;/p&gt;" />
  <row Id="5" PostTypeId="1" CreationDate="2015-01-01T00:00:00.000" Score="x"
       Body="" OwnerUserId="8" Title="Newer tags" Tags="|coffee|storage|" />
</posts>
"""


def records_of(path: Path, namespace: str = "se") -> list[MessageRecord]:
    items = list(read_stackexchange_posts(path, namespace))
    assert all(isinstance(item, MessageRecord) for item in items), items
    return [item for item in items if isinstance(item, MessageRecord)]


def test_questions_and_answers_become_records(tmp_path: Path) -> None:
    path = tmp_path / "Posts.xml"
    path.write_text(POSTS, encoding="utf-8")
    question, answer, accepted, newer = records_of(path)
    assert (question.id, question.kind, question.subject) == (
        "se:post:1",
        "question",
        "What is a citra hop?",
    )
    assert question.text == "What are citra hops?"
    assert question.tags == ("hops", "ipa")
    assert question.author_id == "se:user:7"
    assert question.participants[0].role == "author"
    assert question.participants[0].person_id == "se:user:7"
    assert question.occurred_at == datetime(2014, 1, 21, 20, 26, 5, 383000, tzinfo=UTC)
    assert (question.score, question.accepted, question.thread) == (18, None, "se:post:1")
    assert question.position == f"{path}#1"
    assert (answer.kind, answer.in_reply_to, answer.thread) == ("answer", "se:post:1", "se:post:1")
    assert (answer.external_id, answer.parent_external_id) == ("2", "1")
    assert answer.text == "A hop. See this."
    assert answer.accepted is False
    assert accepted.accepted is True
    assert newer.tags == ("coffee", "storage")
    assert newer.score is None


def test_a_post_of_a_deleted_user_still_yields_without_author(tmp_path: Path) -> None:
    path = tmp_path / "Posts.xml"
    path.write_text(POSTS, encoding="utf-8")
    deleted = records_of(path)[2]
    assert deleted.author_id is None
    assert deleted.participants[0].name == "gone"
    assert deleted.participants[0].person_id is None


def test_a_namespace_keeps_sites_apart(tmp_path: Path) -> None:
    path = tmp_path / "Posts.xml"
    path.write_text(POSTS, encoding="utf-8")
    answer = records_of(path, namespace="se-beer")[1]
    assert (answer.id, answer.in_reply_to, answer.author_id) == (
        "se-beer:post:2",
        "se-beer:post:1",
        "se-beer:user:12",
    )


def test_a_truncated_file_yields_what_it_can_then_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "Posts.xml"
    path.write_text(POSTS[: POSTS.index('<row Id="3"')], encoding="utf-8")
    items = list(read_stackexchange_posts(path))
    assert [type(item).__name__ for item in items] == [
        "MessageRecord",
        "MessageRecord",
        "SourceFailure",
    ]
    failure = items[-1]
    assert isinstance(failure, SourceFailure)
    assert failure.reason.startswith("unreadable XML: no element found")
