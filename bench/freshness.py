"""Fresh derived data and erasure, timed on the Enron mailboxes, embedded store.

    .venv/bin/python bench/freshness.py [MAILDIR]

1. Ingests the mailboxes batch by batch with the incremental refresh of KNOWS and
   EXPERT_IN after each batch, and prints the time ingest spent refreshing;
2. the full recompute (`tacit derive`) of the same store, for comparison;
3. one new message: the time from handing it to ingest until the sender's KNOWS edge
   to the recipient carries it (what a user waits for before the page shows it);
4. erasure of the busiest contact, with the compaction and the byte search of the files.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import graph.services.derived as derived  # noqa: E402
import ingest.messages as messages  # noqa: E402
import ingest.service as service  # noqa: E402
from graph.services.derived import derive_all  # noqa: E402
from graph.services.erasure import erase_person  # noqa: E402
from graph.stores import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MAILDIR = ROOT.parent / "shared" / "data" / "enron" / "maildir"
NEW_MESSAGE = """\
From: Phillip K Allen <phillip.allen@enron.com>
To: John Arnold <john.arnold@enron.com>
Subject: Fresh check
Date: Wed, 02 Jan 2002 09:00:00 -0800
Message-ID: <freshness-bench@enron.com>

John, can you send me the updated curve? Phillip
"""


def main() -> None:
    maildir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MAILDIR
    if not maildir.is_dir():
        sys.exit(f"no maildir at {maildir}")
    spent = {"batches": 0.0, "count": 0, "run": 0.0}
    per_batch = messages.refresh_derived
    after_run = service.refresh_derived_data

    def timed_batch(*args: object, **kwargs: object) -> derived.RefreshReport:
        started = time.perf_counter()
        report = per_batch(*args, **kwargs)  # type: ignore[arg-type]
        spent["batches"] += time.perf_counter() - started
        spent["count"] += 1
        return report

    def timed_run(*args: object, **kwargs: object) -> None:
        started = time.perf_counter()
        after_run(*args, **kwargs)  # type: ignore[arg-type]
        spent["run"] += time.perf_counter() - started

    messages.refresh_derived = timed_batch  # type: ignore[assignment]
    service.refresh_derived_data = timed_run  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(f"grafeo://{scratch}/graph")
        store.create_schema()
        ingest = service.IngestService(store, internal_domains=["enron.com"])
        ingest.extractor()
        started = time.perf_counter()
        summary = ingest.ingest("mail", [maildir], source="enron")
        total = time.perf_counter() - started
        refreshing = spent["batches"] + spent["run"]
        print(f"ingest of {summary.ingested} messages: {total:.1f} s, of which refreshing "
              f"KNOWS/EXPERT_IN after each of {spent['count']} batches: {spent['batches']:.1f} s, "
              f"after the run: {spent['run']:.1f} s ({100 * refreshing / total:.0f}%)")  # fmt: skip

        started = time.perf_counter()
        report = derive_all(store)
        print(f"full recompute (tacit derive): {time.perf_counter() - started:.1f} s "
              f"({report['knows']['knows_contact'] + report['knows']['knows_employee']} KNOWS, "
              f"{report['expertise']['expert_in']} EXPERT_IN)")  # fmt: skip

        folder = Path(scratch) / "new"
        folder.mkdir()
        (folder / "new.eml").write_text(NEW_MESSAGE)
        started = time.perf_counter()
        ingest.ingest("mail", [folder], source="enron")
        seconds = time.perf_counter() - started
        rows = store.read("employee_knows", {"id": "email:phillip.allen@enron.com", "limit": 500})
        (john,) = [r for r in rows if r["id"] == "email:john.arnold@enron.com"]
        carried = "msg:freshness-bench@enron.com" in (john["interaction_ids"] or [])
        print(f"one new message to a page that shows it: {seconds:.2f} s "
              f"(the KNOWS edge cites it: {carried})")  # fmt: skip

        busiest = store.read("employee_knows", {"id": "email:john.arnold@enron.com", "limit": 1})
        started = time.perf_counter()
        erased = erase_person(store, busiest[0]["id"], actor="bench")
        print(f"erasure of the busiest acquaintance: {time.perf_counter() - started:.1f} s, "
              f"{erased.interactions_deleted} messages deleted, "
              f"{erased.interactions_redacted} redacted, compacted: {erased.compacted}, "
              f"{erased.files_searched} files searched, {erased.traces_found} traces found"
              + (f" (other records: {', '.join(erased.other_records)})"
                 if erased.other_records else ""))  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
