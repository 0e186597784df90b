"""Sitemaps (index, urlset, Google News, gzip) and robots.txt `Sitemap:` lines -> entries. Pure.

Parsing is Scrapy's (`scrapy.utils.sitemap`: lxml without entities, recovering from bad XML,
gzip via `scrapy.utils.gz`); what it flattens away, a Google News `<news:publication_date>`, is
read here, and dates are parsed so a crawl can cut off by age.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

import lxml.etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from newscrawl.extract.dates import parse_date
from newscrawl.extract.urls import join_url

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class SitemapEntry:
    """One `<url>` or `<sitemap>`: where, and the dates the sitemap gives for it."""

    loc: str
    published: datetime | None = None  # news:publication_date
    modified: datetime | None = None  # lastmod
    title: str = ""  # news:title

    @property
    def date(self) -> datetime | None:
        return self.published or self.modified


@dataclass(frozen=True)
class SitemapDoc:
    kind: str  # "sitemapindex", "urlset", or the unexpected root's name
    entries: list[SitemapEntry]
    problems: list[str] = field(default_factory=list)  # bad dates, one line each


class _NewsSitemap(Sitemap):
    """Scrapy's Sitemap, keeping the Google News fields nested in `<news:news>`."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: lxml.etree._Element) -> dict[str, Any] | None:
        news: dict[str, str] = {}
        for child in elem.iter():
            name = self._get_tag_name(child)
            if name in ("publication_date", "title") and child.getparent() is not elem:
                news[f"news_{name}"] = (child.text or "").strip()
        found = super()._process_sitemap_element(elem)
        return {**found, **news} if found is not None else None


def read_sitemap(data: bytes, url: str, local: tzinfo, max_size: int = 0) -> SitemapDoc:
    """Entries of a sitemap document (gzipped or not); a date that does not parse is a
    problem, logged by the caller, and the entry is kept without a date."""
    if data.startswith(GZIP_MAGIC):
        try:
            data = gunzip(data, max_size=max_size)
        except (OSError, EOFError) as exc:
            return SitemapDoc("gzip", [], [f"not a readable gzip file: {exc}"])
    if not data.strip():
        return SitemapDoc("empty", [], ["empty document"])
    try:
        sitemap = _NewsSitemap(data)
        items = list(sitemap)
    except (lxml.etree.XMLSyntaxError, StopIteration) as exc:  # StopIteration: no element
        return SitemapDoc("invalid", [], [f"not XML: {str(exc) or 'no element'}"])
    entries: list[SitemapEntry] = []
    problems: list[str] = []
    for item in items:
        loc = join_url(url, item.get("loc", "").strip())
        if not loc:
            continue
        dates = []
        for key in ("news_publication_date", "lastmod"):
            raw = item.get(key, "")
            dates.append(parse_date(raw, local) if raw else None)
            if raw and dates[-1] is None:
                problems.append(f"bad {key.removeprefix('news_')} {raw[:60]!r} for {loc}")
        title = " ".join(item.get("news_title", "").split())
        entries.append(SitemapEntry(loc, dates[0], dates[1], title))
    return SitemapDoc(sitemap.type, entries, problems)


def newest_first(entries: list[SitemapEntry]) -> list[SitemapEntry]:
    """Entries by date, newest first, undated ones last in their sitemap order (so --limit
    takes the newest)."""
    dated = sorted((e for e in entries if e.date), key=lambda e: e.date or 0, reverse=True)
    return dated + [e for e in entries if e.date is None]


def robots_sitemaps(robots: bytes, url: str) -> list[str]:
    """The `Sitemap:` URLs of a robots.txt, absolute, in order, without repeats."""
    return list(dict.fromkeys(sitemap_urls_from_robots(robots, base_url=url)))
