"""Feeds of archived articles under hostile input and at size: the XSS corpus inert in every
format, and a 10,000-article feed written in constant memory."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, cast

import lxml.etree
import lxml.html
import pytest
from feed_reading import DESCRIBED, build, feed_bytes, read_back
from helpers import FIXTURES, article

from newscrawl.archive import search
from newscrawl.clean.sanitize import ALLOWED_TAGS
from newscrawl.exporters.feed import FORMATS, Format
from newscrawl.exporters.feed_entries import Selection, select, snapshot, write_archive_feed

VECTORS = [
    json.loads(line)["html"]
    for line in (FIXTURES / "xss" / "vectors.jsonl").read_text(encoding="utf-8").split("\n")
    if line.strip()
]
_BAD_URL = re.compile(r"^\s*(java|vb|live)script:|^\s*data:(?!image/)", re.I)


# --- hostile titles and bodies --------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Written raw (no pipeline ran), as an older version or another tool could have.
    hostile = (
        article(n + 1, title=vector, body_html=vector, body_text=vector, authors=[vector])
        for n, vector in enumerate(VECTORS)
    )
    return build(tmp_path_factory.mktemp("hostile") / "archive.db", hostile)


def html_problems(markup: str) -> list[str]:
    found = []
    for element in lxml.html.fragment_fromstring(markup, create_parent="div").iter():
        if not isinstance(element.tag, str):
            found.append(f"comment or processing instruction {element!r}")
            continue
        if element.tag not in ALLOWED_TAGS | {"div"}:
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or ":" in name or _BAD_URL.search(value):
                found.append(f"<{element.tag} {name}={value[:40]!r}>")
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_xss_corpus_stays_inert(hostile: Path, fmt: Format) -> None:
    data = feed_bytes(hostile, fmt, Selection(limit=len(VECTORS)))
    if fmt != "json":
        lxml.etree.fromstring(data)  # well-formed XML, whatever the vectors held
    _, entries = read_back(fmt, data)
    assert len(entries) == len(VECTORS)
    for entry in entries:
        assert entry.content is not None, entry  # HTML content, even if nothing was left
        assert html_problems(entry.content) == [], entry.content
        # A title is text, or HTML holding text only (RSS: escaped once more).
        if entry.title_type == "text/html":
            shown = lxml.html.fragment_fromstring(entry.title, create_parent="div")
            assert len(shown) == 0, entry.title
        else:
            assert entry.title_type == "text/plain"


# --- constant memory ------------------------------------------------------------------------


class Sink(io.RawIOBase):
    """Counts what is written, keeps nothing."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.size += len(data)
        return len(data)


BODY = "<p>" + "A paragraph of an archived article, long enough to weigh. " * 60 + "</p>"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    many = (
        article(n, body_html=BODY, published=start + timedelta(minutes=n)) for n in range(10_000)
    )
    return build(tmp_path_factory.mktemp("big") / "archive.db", many)


def peak_while_writing(db: Path, selection: Selection) -> tuple[int, int]:
    sink = Sink()
    with sqlite3.connect(db) as conn:
        tracemalloc.start()
        try:
            with snapshot(conn):
                n = write_archive_feed(conn, "atom", select(conn, selection), DESCRIBED,
                                       cast(BinaryIO, sink))  # fmt: skip
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert n == selection.limit
    return peak, sink.size


# A list of the 9,000 more ids alone would take 9,000 pointers (72 KB) and int objects (252 KB);
# one entry, whatever its place, is the same few KB.
TOLERANCE = 48_000
SINCE = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "filters",
    [search.Filters(), search.Filters(source="example", since=SINCE)],
    ids=["newest", "source-since"],
)
def test_ten_thousand_articles_stream_in_constant_memory(big: Path, filters: Any) -> None:
    small_peak, _ = peak_while_writing(big, Selection(filters, limit=1_000))
    peak, size = peak_while_writing(big, Selection(filters, limit=10_000))
    assert size > 30_000_000  # the document is large...
    # ...and memory is not: one entry at a time, the ids read from a cursor.
    print(f"peak {small_peak:,} B for 1,000 articles, {peak:,} B for 10,000 ({size:,} B written)")
    assert peak < small_peak + TOLERANCE, (small_peak, peak)
