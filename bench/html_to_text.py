"""HTML to text on the real HTML mail in ../shared/data/email: how much of the visible
text survives, and whether markup leaks.

    .venv/bin/python bench/html_to_text.py [--compare-with PATH]

Visible words are lxml's text of the document without scripts and styles; recall is the
share of them in `ingest.sources.text.html_to_text`'s output. With `--compare-with`
pointing at a folder where `html2text` is installed (`pip install --target PATH
html2text`; GPL, never a dependency) the same figures are printed for it.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

import lxml.html

from ingest.sources.text import decode_bytes, html_to_text, tidy_whitespace

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "email"
_WORD = re.compile(r"[^\W_]{2,}")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?>")


def html_parts(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        try:
            message = BytesParser(policy=policy.compat32).parsebytes(path.read_bytes())
        except Exception:  # a file that is no message at all
            continue
        for part in message.walk():
            payload = part.get_payload(decode=True)
            if part.get_content_type() == "text/html" and isinstance(payload, bytes):
                yield decode_bytes(payload, part.get_content_charset())


def visible_words(html: str) -> set[str]:
    try:
        document = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return set()
    for hidden in document.xpath("//script|//style|//head/title"):
        hidden.drop_tree()
    return set(_WORD.findall(document.text_content().lower()))


def measure(name: str, convert: Callable[[str], str], parts: list[str]) -> None:
    started = time.perf_counter()
    outputs = [convert(html) for html in parts]
    seconds = time.perf_counter() - started
    recalls = []
    for html, text in zip(parts, outputs, strict=True):
        wanted = visible_words(html)
        if wanted:
            recalls.append(len(wanted & set(_WORD.findall(text.lower()))) / len(wanted))
    leaks = sum(1 for text in outputs if _TAG.search(text))
    print(
        f"{name:<12} parts {len(parts)}  visible-word recall mean {statistics.mean(recalls):.4f}"
        f"  min {min(recalls):.3f}  outputs with markup {leaks}  {seconds:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare-with", type=Path, help="a folder with html2text installed")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"no real mail at {DATA}")
    parts = list(html_parts(DATA))
    measure("html-text", html_to_text, parts)
    if args.compare_with:
        sys.path.insert(0, str(args.compare_with))
        import html2text  # type: ignore[import-not-found]

        def html2text_like_before(html: str) -> str:
            converter = html2text.HTML2Text()
            converter.ignore_links = converter.ignore_images = converter.ignore_emphasis = True
            converter.body_width = 0
            return tidy_whitespace(converter.handle(html))

        measure("html2text", html2text_like_before, parts)


if __name__ == "__main__":
    main()
