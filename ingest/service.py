"""The ingest service: files in, a `BatchSummary` out, the same for the CLI, the API and
the demo.

    service = IngestService(store, internal_domains=["ourco.com"])
    summary = service.ingest("mail", [Path("~/Maildir")], on_progress=bar.advance)

It owns what every caller would otherwise repeat:

- `SOURCE_KINDS`, the table of what can be ingested: for each kind, its reader (paths in,
  records out: one signature for all), the file suffixes it reads from a folder or an
  upload, and the pipeline its records go through (messages with NLP, or structured
  records);
- the NLP extractor, loaded once per process and kept; its gazetteer is rebuilt when the
  names it is built from (accounts, people, products, approved concepts) have changed,
  which the service checks before every run, so no caller has to remember to;
- the company's internal domains (whose addresses are employees);
- after every run, the links from emails that answer a campaign to that campaign, and the
  refresh of derived data for the interactions the run touched, messages, records and
  orders alike (`refresh_derived_data`; the message pipeline refreshes after each batch
  too, so pages are fresh while a long run goes on).

Reply links and the gazetteer snapshot are the message pipeline's (`ingest.messages`,
`ingest.gazetteer`): a run killed at any point and run again gives the same graph as one
that was never interrupted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from graph.settings import Settings
from graph.stores.base import GraphStore
from ingest.errors import SourceNotFound, UnsupportedSource
from ingest.records import (
    RECORD_SUFFIXES,
    BadRecord,
    ParsedRecord,
    files_in,
    read_record_files,
)
from ingest.report import BatchSummary
from ingest.sources import read_email_paths, read_notes, read_stackexchange_posts, read_ticket_file
from ingest.sources.notes import NOTE_SUFFIXES
from ingest.sources.records import SourceFailure, SourceItem

if TYPE_CHECKING:
    from graph.services.knows import PairHistories
    from ingest.messages import BatchTouched
    from nlp.pipeline import Extractor

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
BATCH_SIZE = 64  # records extracted with one `nlp.pipe` call and written in one transaction
Pipeline = Literal["messages", "records", "northwind"]
Reader = Callable[[Sequence[Path]], Iterator[Any]]


@dataclass(frozen=True)
class SourceKind:
    """One kind of input: how to read it and where its records go."""

    name: str
    description: str
    read: Reader
    suffixes: frozenset[str]
    upload_suffix: str  # given to an uploaded file whose name has none of `suffixes`
    pipeline: Pipeline


def read_ticket_files(paths: Sequence[Path]) -> Iterator[SourceItem]:
    return chain.from_iterable(read_ticket_file(path) for path in files_in(paths, {".jsonl"}))


def read_posts_files(paths: Sequence[Path]) -> Iterator[SourceItem]:
    return chain.from_iterable(read_stackexchange_posts(path) for path in files_in(paths, {".xml"}))


def read_northwind_folders(paths: Sequence[Path]) -> Iterator[Path]:
    """The one folder holding the Northwind CSVs: the folder given, or the files' folder."""
    folders = {path if path.is_dir() else path.parent for path in paths}
    if len(folders) != 1:
        raise UnsupportedSource("give one Northwind folder (or CSV files from one folder)")
    return iter(folders)


SOURCE_KINDS: dict[str, SourceKind] = {
    kind.name: kind
    for kind in (
        SourceKind(
            "mail",
            ".eml files, mbox files and maildir folders",
            read_email_paths,
            frozenset({".eml", ".mbox", ".msg"}),
            ".eml",
            "messages",
        ),
        SourceKind(
            "notes",
            "meeting and call notes (Markdown or text, optional front matter)",
            read_notes,
            NOTE_SUFFIXES,
            ".md",
            "messages",
        ),
        SourceKind(
            "tickets",
            "support tickets (JSON Lines, one thread a line)",
            read_ticket_files,
            frozenset({".jsonl"}),
            ".jsonl",
            "messages",
        ),
        SourceKind(
            "stackexchange",
            "StackExchange Posts.xml",
            read_posts_files,
            frozenset({".xml"}),
            ".xml",
            "messages",
        ),
        SourceKind(
            "records",
            "nodes and relationships (JSON Lines or CSV)",
            read_record_files,
            RECORD_SUFFIXES,
            ".jsonl",
            "records",
        ),
        SourceKind(
            "northwind",
            "a Northwind export (its CSV files)",
            read_northwind_folders,
            frozenset({".csv"}),
            ".csv",
            "northwind",
        ),
    )
}


def source_kind(name: str) -> SourceKind:
    try:
        return SOURCE_KINDS[name]
    except KeyError:
        known = ", ".join(SOURCE_KINDS)
        raise UnsupportedSource(f"unknown source kind {name!r}; use one of {known}") from None


class ExtractorCache:
    """One loaded extractor per process; its gazetteer follows the graph's names.

    Loading spaCy takes seconds, so the pipeline is loaded once; the gazetteer entries are
    read from the graph before each run and set again only when they differ from the
    ones the extractor holds (compared by a fingerprint).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._extractor: Extractor | None = None
        self._fingerprint: str | None = None

    def extractor_for(self, store: GraphStore) -> Extractor:
        from ingest.gazetteer import build_gazetteer
        from nlp.pipeline import load_pipeline

        entries = build_gazetteer(store)
        fingerprint = _fingerprint([entry.model_dump(mode="json") for entry in entries])
        with self._lock:
            if self._extractor is None:
                self._extractor = load_pipeline(entries)
            elif fingerprint != self._fingerprint:
                log.debug("the graph's names changed: setting the gazetteer again")
                self._extractor.gazetteer.set_entries(entries)
            self._fingerprint = fingerprint
            return self._extractor


class IngestService:
    """Ingests files of any `SOURCE_KINDS` kind into one store."""

    def __init__(
        self,
        store: GraphStore,
        *,
        internal_domains: Sequence[str] = (),
        extractors: ExtractorCache | None = None,
        batch_size: int = BATCH_SIZE,
        derive: bool = True,
    ) -> None:
        self.store = store
        self.internal_domains = list(internal_domains)  # normalised by the people resolver
        self.extractors = extractors or ExtractorCache()
        self.batch_size = batch_size
        self.derive = derive

    @classmethod
    def from_settings(
        cls, store: GraphStore, settings: Settings, internal_domains: Sequence[str] = ()
    ) -> IngestService:
        """A service with the settings' internal domains (unless some are given) and batch
        size."""
        return cls(
            store,
            internal_domains=internal_domains or settings.internal_domain_list(),
            batch_size=settings.ingest_batch_size,
        )

    def extractor(self) -> Extractor:
        """The extractor with the graph's current gazetteer (loads spaCy the first time)."""
        return self.extractors.extractor_for(self.store)

    def ingest(
        self,
        kind: str,
        paths: Sequence[Path],
        *,
        source: str | None = None,
        internal_domains: Sequence[str] | None = None,
        on_progress: Progress | None = None,
    ) -> BatchSummary:
        """Read `paths` as `kind` and write what they hold; bad records are in the summary.

        `source` names the run's interactions' origin (default: the kind); raises
        `SourceNotFound` for a path that does not exist, `UnsupportedSource` for an
        unknown kind or input the kind cannot take.
        """
        what = source_kind(kind)
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise SourceNotFound(f"no such file or folder: {', '.join(missing)}")
        if what.pipeline == "messages":
            return self._ingest_messages(
                what, paths, source or what.name, internal_domains, on_progress
            )
        if what.pipeline == "records":
            return self._import_records(read_guarded(what, paths), on_progress)
        return self._import_northwind(what.read(paths))

    def preview(self, paths: Sequence[Path]) -> list[dict[str, Any]]:
        """What the pipeline finds in each file, without writing anything (`tacit extract`)."""
        from ingest.preview import extract_files

        return extract_files(self.store, self.extractor(), paths, self.internal_domains)

    def _ingest_messages(
        self,
        kind: SourceKind,
        paths: Sequence[Path],
        source: str,
        internal_domains: Sequence[str] | None,
        on_progress: Progress | None,
    ) -> BatchSummary:
        from ingest.messages import MessageIngest  # spaCy is slow to import

        domains = self.internal_domains if internal_domains is None else internal_domains
        pipeline = MessageIngest(
            self.store,
            self.extractor(),
            source=source,
            internal_domains=domains,
            batch_size=self.batch_size,
            refresh_derived=self.derive,
        )
        summary = pipeline.run(read_guarded(kind, paths), on_progress=on_progress)
        self._after_run(pipeline.touched, summary, pipeline.histories)
        return summary

    def _import_records(
        self, records: Iterable[ParsedRecord], on_progress: Progress | None
    ) -> BatchSummary:
        from ingest.structured import import_parsed_records

        touched: list[str] = []
        summary = import_parsed_records(self.store, records, on_progress, touched)
        self._refresh(touched, summary)
        return summary

    def _import_northwind(self, folders: Iterator[Path]) -> BatchSummary:
        from ingest.northwind import import_northwind

        folder = next(folders)
        touched: list[str] = []
        try:
            summary = import_northwind(self.store, folder, touched)
        except SourceNotFound as e:  # not a Northwind export: nothing to read
            summary = BatchSummary()
            summary.fail(str(folder), str(folder), str(e))
            return summary
        self._refresh(touched, summary)
        return summary

    def _after_run(
        self, touched: BatchTouched, summary: BatchSummary, histories: PairHistories
    ) -> None:
        self._link_campaign_replies(touched, summary)
        self._refresh(touched.interaction_ids, summary, histories)

    def _refresh(
        self,
        interaction_ids: Iterable[str],
        summary: BatchSummary,
        histories: PairHistories | None = None,
    ) -> None:
        """Derived data (KNOWS, EXPERT_IN) of what a run wrote or found, unless the service
        was asked not to derive."""
        ids = sorted(set(interaction_ids))
        if not self.derive or not ids:
            return
        try:
            refresh_derived_data(self.store, ids, histories)
        except Exception as e:  # the batch is written; say the derived data is behind
            log.debug("refreshing derived data failed", exc_info=True)
            summary.note("derive", "KNOWS, EXPERT_IN", f"not refreshed: {e}; run `tacit derive`")

    def _link_campaign_replies(self, touched: BatchTouched, summary: BatchSummary) -> None:
        """Emails the run wrote or found that answer a campaign become its responses (found
        ones too: a run killed before this step, run again, links them here)."""
        if not touched.campaign_reply_candidates:
            return
        from graph.services.campaigns import link_campaign_replies

        try:
            link_campaign_replies(self.store, touched.campaign_reply_candidates)
        except Exception as e:  # the batch is written; say the links are behind
            log.debug("linking campaign replies failed", exc_info=True)
            summary.note(
                "campaigns", "RESPONDED", f"not linked: {e}; run `tacit campaign link-replies`"
            )


def read_guarded(kind: SourceKind, paths: Sequence[Path]) -> Iterator[Any]:
    """`kind`'s records of each path in turn; should its reader fail on a path (a bug the
    reader's own per-record checks missed), that path ends with a failure and the next
    path is read."""
    for path in paths:
        try:
            yield from kind.read([path])
        except Exception as e:
            log.debug("reading %s stopped", kind.name, exc_info=True)
            reason = f"reading stopped here: {type(e).__name__}: {e}"
            if kind.pipeline == "records":
                yield BadRecord(str(path), str(path), reason)
            else:
                yield SourceFailure(source=str(path), position=str(path), reason=reason)


def refresh_derived_data(
    store: GraphStore, interaction_ids: Sequence[str], histories: PairHistories | None = None
) -> None:
    """Bring KNOWS and EXPERT_IN up to date after a run that wrote or found the
    interactions `interaction_ids` (messages, records, orders), and propose the concept
    candidates that now have support.

    It runs after every run that found anything in the graph, new or not: a run killed
    before this step, run again, finds its records unchanged, and their derived data is
    made here. Incremental (`graph.services.derived.refresh_derived`): the KNOWS pairs the
    run's interactions link and the EXPERT_IN of the employees whose work they hold, all
    measured from the same moment, so an interrupted run, rerun, ends as an uninterrupted
    one; `histories` are the pair histories the run's batches already read.
    """
    from graph.services.concept_support import promote_supported_concepts
    from graph.services.derived import Touched, refresh_derived

    refresh_derived(store, Touched.of(interaction_ids), histories)
    promote_supported_concepts(store)


def _fingerprint(rows: list[dict[str, Any]]) -> str:
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
