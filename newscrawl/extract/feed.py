"""Feeds (RSS 0.9x/1.0/2.0, Atom) -> entries, in any declared charset, via feedparser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newscrawl.extract.charset import decode_runs, feed_encoding
from newscrawl.extract.dates import parse_date
from newscrawl.extract.text import clean_text
from newscrawl.extract.urls import join_url


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
    next_page: str | None = None  # feed paging (RFC 5005): the `rel="next"` link, Atom or RSS
    generator: str = ""  # what made the feed ("https://wordpress.org/?v=6.5"), for paging


def _raw(entry: dict[str, Any], key: str) -> Any:
    # feedparser 6 answers entry["updated"] with the published date when there is no updated
    # date (a deprecated compatibility mapping): read the dict itself to get the truth.
    return dict.get(entry, key)


_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def readable(data: bytes, content_type: str | None) -> tuple[bytes, str | None, str | None]:
    """The feed as feedparser should get it, its content type, and what was repaired.

    feedparser decodes a document in one encoding. A feed that mixes encodings (items pasted
    in from another system, broken bytes) fails in its declared one, and feedparser falls back
    to windows-1252 or iso-8859-2 for the whole document: every title becomes mojibake. Such a
    feed is decoded here text run by text run and handed over as UTF-8.
    """
    encoding = feed_encoding(data, content_type)
    if encoding is None:
        return data, content_type, None
    runs = decode_runs(data, encoding)
    if not runs.reread and not runs.broken:
        return data, content_type, None
    text = _XML_ENCODING.sub(r"\1\2utf-8\2", runs.text, count=1)
    problem = f"mixed encodings: {runs.reread} text runs not in {encoding}" + (
        f" (read as {runs.other})" if runs.other else ""
    )
    if runs.broken:
        problem += f", {runs.broken} unreadable in any"
    return text.encode("utf-8"), "application/xml; charset=utf-8", problem


def parse_feed(data: bytes, url: str, local: tzinfo, content_type: str | None = None) -> Feed:
    """Entries of a feed document; dates without an offset are read in `local` time."""
    import feedparser  # here: a feed answered 304 Not Modified is never parsed (cron start-up)

    data, content_type, repaired = readable(data, content_type)
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False)
    entries = []
    for entry in parsed.entries:
        link = join_url(url, (entry.get("link") or entry.get("id") or "").strip())
        if not link:
            continue
        entries.append(
            FeedEntry(
                link=link,
                title=clean_text(entry.get("title", "")),
                # RSS 1.0 carries its only date in dc:date, which feedparser files as "updated".
                published=parse_date(
                    entry.get("published") or entry.get("created") or _raw(entry, "updated"),
                    local,
                ),
                updated=parse_date(_raw(entry, "updated"), local),
            )
        )
    problems = [repaired, str(parsed.get("bozo_exception")) if parsed.get("bozo") else None]
    problem = "; ".join(p for p in problems if p) or None
    return Feed(
        title=clean_text(parsed.feed.get("title", "")),
        entries=entries,
        problem=problem,
        next_page=_next_page(parsed.feed.get("links", []), url),
        generator=str(parsed.feed.get("generator", "")),
    )


def paged_url(url: str, generator: str) -> str | None:
    """The next page of a WordPress feed, which pages with `?paged=N` without saying so."""
    if "wordpress" not in generator.lower():
        return None
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    page = int(query.get("paged", "1")) if query.get("paged", "1").isdigit() else 1
    query["paged"] = str(page + 1)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _next_page(links: list[dict[str, Any]], url: str) -> str | None:
    for link in links:
        if link.get("rel") == "next" and link.get("href"):
            target = join_url(url, str(link["href"]).strip())
            if target and target != url:
                return target
    return None
