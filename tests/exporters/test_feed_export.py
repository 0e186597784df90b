"""Feeds of archived articles (exporters/feed.py, exporters/feed_entries.py): Atom 1.0 and RSS 2.0
read back by feedparser, JSON Feed 1.1 (which feedparser 6.0 does not read) checked against a
JSON Schema of its spec and read as JSON; Atom's RFC 4287 required elements, the XSS corpus inert
in every format, and a 10,000-article feed written in constant memory."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, cast

import feedparser
import jsonschema
import lxml.etree
import lxml.html
import pytest
from helpers import FIXTURES, article, newscrawl

from newscrawl.archive.search import Filters
from newscrawl.archive.store import Archive
from newscrawl.clean.sanitize import ALLOWED_TAGS
from newscrawl.exporters.feed import FORMATS, Format
from newscrawl.exporters.feed_entries import (
    Described,
    Selection,
    selected_ids,
    summary,
    write_archive_feed,
)
from newscrawl.items import ImageResult

ATOM = "{http://www.w3.org/2005/Atom}"
DESCRIBED = Described(
    id="urn:newscrawl:feed:test",
    title="Test feed",
    link="http://127.0.0.1:8001/",
    description="Articles for the test",
    self_url="http://127.0.0.1:8001/feeds/all.atom",
)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
VECTORS = [
    json.loads(line)["html"]
    for line in (FIXTURES / "xss" / "vectors.jsonl").read_text(encoding="utf-8").split("\n")
    if line.strip()
]
_BAD_URL = re.compile(r"^\s*(java|vb|live)script:|^\s*data:(?!image/)", re.I)


# JSON Feed 1.1 (jsonfeed.org/version/1.1): the required members and the types of those we write.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string"},
        "feed_url": {"type": "string"},
        "description": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": {"type": "string"},
                    "date_published": {"type": "string", "pattern": RFC3339.pattern},
                    "date_modified": {"type": "string", "pattern": RFC3339.pattern},
                    "authors": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"name": {"type": "string"}}},
                    },
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                },
            },
        },
    },
}


@dataclass
class ReadEntry:
    """An entry as a reader gets it, whatever the format."""

    id: str
    link: str
    title: str
    title_type: str
    published: datetime | None
    authors: list[str]
    tags: list[str]
    summary: str
    content: str | None  # None: no HTML content


def read_back(fmt: Format, data: bytes) -> tuple[str, list[ReadEntry]]:
    """The feed's title and entries; feedparser for XML (unsanitized: what a reader gets)."""
    if fmt == "json":
        document = json.loads(data)
        jsonschema.validate(document, JSON_FEED_SCHEMA)
        return document["title"], [_json_entry(item) for item in document["items"]]
    parsed = feedparser.parse(data, sanitize_html=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == {"atom": "atom10", "rss": "rss20"}[fmt]
    return parsed.feed.title, [_parsed_entry(entry) for entry in parsed.entries]


def _parsed_entry(entry: Any) -> ReadEntry:
    published = entry.get("published_parsed")
    return ReadEntry(
        id=entry.id, link=entry.link, title=entry.title, title_type=entry.title_detail.type,
        published=datetime(*published[:6], tzinfo=UTC) if published else None,
        authors=[a.get("name") for a in entry.get("authors", [])],
        tags=[tag.term for tag in entry.get("tags", [])], summary=entry.summary,
        content=next((c.value for c in entry.get("content", []) if c.type == "text/html"), None),
    )  # fmt: skip


def _json_entry(item: dict[str, Any]) -> ReadEntry:
    published = item.get("date_published")
    return ReadEntry(
        id=item["id"], link=item["url"], title=item["title"], title_type="text/plain",
        published=datetime.fromisoformat(published) if published else None,
        authors=[a["name"] for a in item.get("authors", [])], tags=item.get("tags", []),
        summary=item.get("summary", ""), content=item["content_html"],
    )  # fmt: skip


def build(path: Path, articles: Iterator[Any]) -> Path:
    with Archive(path) as archive:
        for item in articles:
            archive.add(item, None)
    return path


def feed_bytes(
    db: Path, fmt: Format, selection: Selection | None = None, images: str | None = None
) -> bytes:
    out = io.BytesIO()
    with sqlite3.connect(db) as conn:
        ids = selected_ids(conn, selection or Selection())
        write_archive_feed(conn, fmt, ids, DESCRIBED, out, images)
    return out.getvalue()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tagged = article(
        2,
        title="Tesla & <Excel> 特斯拉",
        authors=["张三", "Jane Roe"],
        tags=["电动车"],
        categories=["新闻", "汽车", "文章"],
        language="zh-CN",
        lead_image="https://news.example/img/a.jpg",
        body_html='<p>冬季 <img src="/img/a.jpg"> 续航</p>',
        body_text="冬季 续航",
        image_results=[ImageResult("https://news.example/img/a.jpg", "downloaded", "full/a.jpg")],
    )
    others = [article(n, source_id="other" if n % 2 else "example") for n in (1, 3, 4)]
    return build(tmp_path_factory.mktemp("feed") / "archive.db", iter([tagged, *others]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_reads_back_newest_first(archive: Path, fmt: Format) -> None:
    title, entries = read_back(fmt, feed_bytes(archive, fmt))
    assert title == "Test feed"
    links = [entry.link for entry in entries]
    assert links == [f"https://news.example/{n}.htm" for n in (4, 3, 2, 1)]
    assert [entry.id for entry in entries] == links  # stable: the canonical URL
    tesla = entries[2]
    assert tesla.published == datetime(2024, 5, 2, 8, 0, tzinfo=UTC)
    assert tesla.authors == ["张三", "Jane Roe"]
    assert tesla.tags == ["新闻", "汽车", "文章", "电动车"]
    assert tesla.summary == "冬季 续航"
    assert tesla.content is not None
    assert "续航" in tesla.content
    # Relative image URLs are made absolute against the page.
    assert 'src="https://news.example/img/a.jpg"' in tesla.content


@pytest.mark.parametrize("fmt", FORMATS)
def test_titles_are_text_in_every_format(archive: Path, fmt: Format) -> None:
    tesla = read_back(fmt, feed_bytes(archive, fmt))[1][2]
    shown = lxml.html.fragment_fromstring(tesla.title, create_parent="div").text_content()
    assert (shown if tesla.title_type == "text/html" else tesla.title) == "Tesla & <Excel> 特斯拉"


@pytest.mark.parametrize("fmt", FORMATS)
def test_local_images_point_at_the_archived_copies(archive: Path, fmt: Format) -> None:
    tesla = read_back(fmt, feed_bytes(archive, fmt, images="http://127.0.0.1:8001/-/images"))[1][2]
    assert 'src="http://127.0.0.1:8001/-/images/full/a.jpg"' in (tesla.content or "")
    item = json.loads(feed_bytes(archive, "json", images="http://127.0.0.1:8001/-/images"))
    assert item["items"][2]["image"] == "http://127.0.0.1:8001/-/images/full/a.jpg"
    assert json.loads(feed_bytes(archive, "json"))["items"][2]["image"] == (
        "https://news.example/img/a.jpg"
    )


def test_selection_by_source_since_limit_and_query(archive: Path) -> None:
    def links(selection: Selection) -> list[str]:
        return [e.link for e in read_back("atom", feed_bytes(archive, "atom", selection))[1]]

    since = datetime(2024, 5, 2, tzinfo=UTC)
    assert links(Selection(Filters(source="other"))) == [
        "https://news.example/3.htm",
        "https://news.example/1.htm",
    ]
    assert links(Selection(Filters(since=since), limit=2)) == [
        "https://news.example/4.htm",
        "https://news.example/3.htm",
    ]
    assert links(Selection(query="特斯拉")) == ["https://news.example/2.htm"]
    assert links(Selection(Filters(source="example"), "article")) == ["https://news.example/4.htm"]
    assert links(Selection(Filters(tag="电动车"))) == ["https://news.example/2.htm"]


def test_atom_has_rfc_4287_required_elements(archive: Path) -> None:
    root = lxml.etree.fromstring(feed_bytes(archive, "atom"))
    assert root.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(ATOM + name)) == 1, name
    assert RFC3339.match(root.findtext(ATOM + "updated") or "")
    # The feed's updated is its newest entry's.
    updated = [e.findtext(ATOM + "updated") for e in root.iter(ATOM + "entry")]
    assert root.findtext(ATOM + "updated") == max(filter(None, updated))
    assert root.findall(ATOM + "author/" + ATOM + "name")  # not every entry names an author
    assert root.find(ATOM + "link[@rel='self']").get("href") == DESCRIBED.self_url
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 4
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(ATOM + name)) == 1, name
        assert RFC3339.match(entry.findtext(ATOM + "updated") or "")
        # rel absent means alternate (RFC 4287 4.2.7.2): feedgen writes entry links so.
        links = entry.findall(ATOM + "link")
        assert [link.get("rel", "alternate") for link in links] == ["alternate"]
        assert entry.find(ATOM + "content").get("type") == "html"
        assert len(entry.findall(ATOM + "summary")) == 1


def test_rss_and_json_feed_required_fields(archive: Path) -> None:
    channel = lxml.etree.fromstring(feed_bytes(archive, "rss")).find("channel")
    assert channel is not None
    assert [channel.findtext(n) for n in ("title", "link", "description")] == [
        "Test feed", "http://127.0.0.1:8001/", "Articles for the test",
    ]  # fmt: skip
    for item in channel.findall("item"):
        assert item.findtext("title")
        assert item.findtext("guid")
        assert item.findtext("pubDate")
    document = json.loads(feed_bytes(archive, "json"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"]
    assert document["feed_url"] == DESCRIBED.self_url
    assert all(item["id"] and item["url"] for item in document["items"])


def test_same_articles_give_the_same_bytes(archive: Path) -> None:
    assert feed_bytes(archive, "rss") == feed_bytes(archive, "rss")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short  text\n here", "short text here"),
        ("word " * 100, ("word " * 56).strip() + "…"),
        ("字" * 300, "字" * 280 + "…"),
    ],
)
def test_summary(text: str, expected: str) -> None:
    assert summary(text) == expected


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


def peak_while_writing(db: Path, limit: int) -> tuple[int, int]:
    sink = Sink()
    with sqlite3.connect(db) as conn:
        tracemalloc.start()
        try:
            ids = selected_ids(conn, Selection(limit=limit))
            n = write_archive_feed(conn, "atom", ids, DESCRIBED, cast(BinaryIO, sink))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert n == limit
    return peak, sink.size


def test_ten_thousand_articles_stream_in_constant_memory(big: Path) -> None:
    small_peak, _ = peak_while_writing(big, 500)
    peak, size = peak_while_writing(big, 10_000)
    assert size > 30_000_000  # the document is large...
    # ...and memory is not: a list of 10,000 ids and one entry at a time.
    print(f"peak {small_peak:,} B for 500 articles, {peak:,} B for 10,000 ({size:,} B written)")
    assert peak < small_peak + 2_000_000, (small_peak, peak)
    assert peak < 5_000_000


# --- newscrawl export feed ------------------------------------------------------------------


def test_export_feed_command(archive: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "archive.db").write_bytes(archive.read_bytes())
    out = tmp_path / "feeds" / "example.rss"
    result = newscrawl(
        "export", "feed", "--format", "rss", "--source", "example", "--limit", "1",
        "--local-images", "http://127.0.0.1:8001/-/images", "--out", str(out), "--data", str(data),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 articles to" in result.stderr
    title, entries = read_back("rss", out.read_bytes())
    assert title == "example — newscrawl"
    assert [e.link for e in entries] == ["https://news.example/4.htm"]
    searched = newscrawl("export", "feed", "--query", "特斯拉", "--out", "-", "--data", str(data))
    assert searched.returncode == 0, searched.stderr
    assert [e.link for e in read_back("atom", searched.stdout.encode())[1]] == [
        "https://news.example/2.htm"
    ]
    as_json = newscrawl("export", "feed", "--format", "json", "--out", "-", "--data", str(data))
    assert len(read_back("json", as_json.stdout.encode())[1]) == 4


def test_feed_options_are_refused_by_the_other_exports(tmp_path: Path, archive: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "archive.db").write_bytes(archive.read_bytes())
    out = str(tmp_path / "x.jsonl")
    refused = newscrawl("export", "jsonl", "--format", "rss", "--out", out, "--data", str(data))
    assert refused.returncode == 2
    assert "--format: only for export feed" in refused.stderr
    plain = newscrawl("export", "jsonl", "--out", out, "--data", str(data))
    assert plain.returncode == 0, plain.stderr
    assert len(Path(out).read_text(encoding="utf-8").splitlines()) == 4
    bad = newscrawl("export", "feed", "--query", '"', "--out", "-", "--data", str(data))
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines()[-1].startswith("Error: ")
