"""Feed entries as an Atom 1.0, RSS 2.0 or JSON Feed 1.1 document, written entry by entry.

feedgen builds each format's elements (required fields, dates, namespaces); it would build the
whole document as one tree, so the feed's head is rendered without entries and split at its
closing tag, and each entry is rendered and written on its own: memory stays that of one
entry however many there are. JSON Feed is plain JSON, written the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO, Literal

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

Format = Literal["atom", "rss", "json"]
FORMATS: tuple[Format, ...] = ("atom", "rss", "json")
MEDIA_TYPES: dict[Format, str] = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "newscrawl"
_DC = "http://purl.org/dc/elements/1.1/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 cannot carry at all (a page may hold them; lxml refuses them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters that make an RSS title read as HTML by readers that guess (feedparser does).
_HTML_SPECIAL = re.compile("[<>&]")


@dataclass(frozen=True)
class FeedInfo:
    """The feed's own fields. `updated`: its newest entry's (a fixed instant, so that the same
    articles give the same bytes and an HTTP validator holds)."""

    id: str
    title: str
    link: str  # the page the feed stands for
    updated: datetime
    description: str
    self_url: str | None = None
    author: str = GENERATOR


@dataclass(frozen=True)
class Entry:
    """One archived article, ready for any format; `content_html` is already sanitized."""

    id: str
    link: str
    title: str
    updated: datetime
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    summary: str = ""
    content_html: str = ""
    image: str | None = None
    language: str | None = None


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def write_feed(fmt: Format, info: FeedInfo, entries: Iterable[Entry], out: BinaryIO) -> int:
    """The whole document in `fmt`, entries in the order given; returns how many."""
    head, tail, render = _WRITERS[fmt](info)
    out.write(head)
    count = 0
    for entry in entries:
        out.write((b"," if count and fmt == "json" else b"") + render(entry))
        count += 1
    out.write(tail)
    return count


def _split(document: bytes, closing: bytes) -> tuple[bytes, bytes]:
    head, _, tail = document.rpartition(closing)
    return head, closing + tail


def _generator(info: FeedInfo) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(xml_text(info.id))
    fg.title(xml_text(info.title) or info.id)
    fg.updated(info.updated)
    if info.self_url:
        fg.link(href=info.self_url, rel="self")
    fg.link(href=info.link, rel="alternate")  # last: feedgen makes it the RSS channel's link
    fg.description(xml_text(info.description) or info.title)
    fg.generator(GENERATOR)
    # Atom wants an author for the feed unless every entry names one.
    fg.author({"name": xml_text(info.author)})
    return fg


def _atom(info: FeedInfo) -> tuple[bytes, bytes, Callable[[Entry], bytes]]:
    head, tail = _split(_generator(info).atom_str(pretty=False), b"</feed>")
    return head, tail + b"\n", _atom_entry


def _atom_entry(entry: Entry) -> bytes:
    element = _feed_entry(entry).atom_entry()
    if entry.language:
        element.set(_XML_LANG, xml_text(entry.language))
    return bytes(etree.tostring(element, encoding="utf-8"))


def _rss(info: FeedInfo) -> tuple[bytes, bytes, Callable[[Entry], bytes]]:
    fg = _generator(info)
    fg.lastBuildDate(info.updated)  # feedgen's default, the present moment, changes each time
    fg.load_extension("dc", atom=False)
    head, tail = _split(fg.rss_str(pretty=False), b"</channel>")
    return head, tail + b"\n", _rss_item


def _rss_item(entry: Entry) -> bytes:
    fe = _feed_entry(entry)
    # RSS 2.0 titles are read as HTML by many readers: plain text is escaped once more.
    title = xml_text(entry.title) or entry.link
    fe.title(_HTML_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}[m[0]], title))
    fe.guid(entry.id, permalink=entry.id == entry.link)
    fe.pubDate(entry.published or entry.updated)
    fe.description(xml_text(entry.summary) or title)
    item = fe.rss_entry()
    for name in entry.authors:  # RSS's own <author> must be an e-mail address
        etree.SubElement(item, f"{{{_DC}}}creator").text = xml_text(name)
    # The item's namespaces are declared on the channel's root: the item is written alone.
    etree.cleanup_namespaces(item, top_nsmap={"dc": _DC, "content": _CONTENT})
    return bytes(etree.tostring(item, encoding="utf-8"))


def _feed_entry(entry: Entry) -> FeedEntry:
    fe = FeedEntry()
    fe.id(xml_text(entry.id))
    fe.title(xml_text(entry.title) or entry.link)
    fe.link(href=entry.link, rel="alternate")
    fe.updated(entry.updated)
    if entry.published:
        fe.published(entry.published)
    for name in filter(None, map(xml_text, entry.authors)):
        fe.author(name=name)
    for term in filter(None, map(xml_text, entry.categories)):
        fe.category(term=term)
    if entry.summary:
        fe.summary(xml_text(entry.summary))
    fe.content(xml_text(entry.content_html), type="html")  # even empty: the body was that
    return fe


def _json(info: FeedInfo) -> tuple[bytes, bytes, Callable[[Entry], bytes]]:
    head: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": info.title,
        "home_page_url": info.link,
        "feed_url": info.self_url,
        "description": info.description,
    }
    text = json.dumps({k: v for k, v in head.items() if v}, ensure_ascii=False)
    return (text[:-1] + ', "items": [').encode(), b"]}\n", _json_item


def _json_item(entry: Entry) -> bytes:
    item: dict[str, Any] = {
        "id": entry.id,
        "url": entry.link,
        "title": entry.title,
        "content_html": entry.content_html,
        "summary": entry.summary,
        "image": entry.image,
        "date_published": entry.published.isoformat() if entry.published else None,
        "date_modified": entry.updated.isoformat(),
        "authors": [{"name": name} for name in entry.authors],
        "tags": entry.categories,
        "language": entry.language,
    }
    # content_html stays even when empty: an item must have it (or content_text).
    kept = {k: v for k, v in item.items() if v or k == "content_html"}
    return json.dumps(kept, ensure_ascii=False).encode()


_WRITERS: dict[Format, Callable[[FeedInfo], tuple[bytes, bytes, Callable[[Entry], bytes]]]] = {
    "atom": _atom,
    "rss": _rss,
    "json": _json,
}
