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
from graph.services.derived import derive_all  # noqa: E402
from graph.services.erasure import erase_person  # noqa: E402
from graph.stores import open_store  # noqa: E402
from ingest.sources import read_email_paths  # noqa: E402

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
    spent = {"refresh": 0.0, "batches": 0}
    original = messages.refresh_derived

    def timed_refresh(*args: object, **kwargs: object) -> derived.RefreshReport:
        started = time.perf_counter()
        report = original(*args, **kwargs)  # type: ignore[arg-type]
        spent["refresh"] += time.perf_counter() - started
        spent["batches"] += 1
        return report

    messages.refresh_derived = timed_refresh  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as scratch:
        store = open_store(f"grafeo://{scratch}/graph")
        store.create_schema()
        ingest = messages.MessageIngest(store, source="enron", internal_domains=["enron.com"])
        ingest.prepare()
        started = time.perf_counter()
        summary = ingest.run(read_email_paths([maildir]))
        total = time.perf_counter() - started
        print(f"ingest of {summary.ingested} messages: {total:.1f} s, of which refreshing "
              f"KNOWS/EXPERT_IN after {spent['batches']} batches: {spent['refresh']:.1f} s "
              f"({100 * spent['refresh'] / total:.0f}%)")  # fmt: skip

        started = time.perf_counter()
        report = derive_all(store)
        print(f"full recompute (tacit derive): {time.perf_counter() - started:.1f} s "
              f"({report['knows']['knows_contact'] + report['knows']['knows_employee']} KNOWS, "
              f"{report['expertise']['expert_in']} EXPERT_IN)")  # fmt: skip

        folder = Path(scratch) / "new"
        folder.mkdir()
        (folder / "new.eml").write_text(NEW_MESSAGE)
        fresh = messages.MessageIngest(
            store, source="enron", internal_domains=["enron.com"], extractor=ingest.extractor
        )
        started = time.perf_counter()
        fresh.run(read_email_paths([folder]))
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
