"""Reading a feed back as a reader gets it, whatever the format: Atom 1.0 and RSS 2.0 through
feedparser, JSON Feed 1.1 (which feedparser 6.0 does not read) checked against a JSON Schema of
its spec; and writing one from an archive built for a test."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import jsonschema

from newscrawl.archive.store import Archive
from newscrawl.exporters.feed import Format
from newscrawl.exporters.feed_entries import Described, Selection, select, write_archive_feed

ATOM = "{http://www.w3.org/2005/Atom}"
DESCRIBED = Described(
    id="urn:newscrawl:feed:test",
    title="Test feed",
    link="http://127.0.0.1:8001/",
    description="Articles for the test",
    self_url="http://127.0.0.1:8001/feeds/all.atom",
)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


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
        selected = select(conn, selection or Selection())
        write_archive_feed(conn, fmt, selected, DESCRIBED, out, images)
    return out.getvalue()
