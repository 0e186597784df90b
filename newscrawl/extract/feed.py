"""Feeds (RSS 0.9x/1.0/2.0, Atom) -> entries, in any declared charset, via feedparser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import urljoin

import feedparser

from newscrawl.extract.article import clean_text
from newscrawl.extract.dates import parse_date


@dataclass(frozen=True)
class FeedEntry:
    """What a feed says about one article; the page is fetched for the rest."""

    link: str
    title: str = ""
    published: datetime | None = None
    updated: datetime | None = None


@dataclass(frozen=True)
class Feed:
    title: str
    entries: list[FeedEntry]
    problem: str | None = None  # why the feed was ill-formed, when feedparser recovered


def _raw(entry: dict[str, Any], key: str) -> Any:
    # feedparser 6 answers entry["updated"] with the published date when there is no updated
    # date (a deprecated compatibility mapping): read the dict itself to get the truth.
    return dict.get(entry, key)


def parse_feed(data: bytes, url: str, local: tzinfo, content_type: str | None = None) -> Feed:
    """Entries of a feed document; dates without an offset are read in `local` time."""
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False)
    entries = []
    for entry in parsed.entries:
        link = (entry.get("link") or entry.get("id") or "").strip()
        if not link:
            continue
        entries.append(
            FeedEntry(
                link=urljoin(url, link),
                title=clean_text(entry.get("title", "")),
                # RSS 1.0 carries its only date in dc:date, which feedparser files as "updated".
                published=parse_date(
                    entry.get("published") or entry.get("created") or _raw(entry, "updated"),
                    local,
                ),
                updated=parse_date(_raw(entry, "updated"), local),
            )
        )
    problem = str(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    return Feed(title=clean_text(parsed.feed.get("title", "")), entries=entries, problem=problem)
