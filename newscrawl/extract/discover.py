"""Entry points of a site from its home or section page and robots.txt: feeds, sitemaps. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newscrawl.extract.urls import join_url

# Probed when a page names no feed, or robots.txt no sitemap: the usual places (WordPress,
# Blogger, Hugo, Ghost, Drupal, and plain files).
COMMON_FEED_PATHS = ("/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml")
COMMON_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]")
_JSON_FEED = re.compile(r"\.json$|[?&]format=json", re.I)


@dataclass
class EntryPoints:
    """What discovery found for a site, best first within each kind."""

    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)

    def add(self, kind: str, url: str) -> bool:
        """Add `url` to `kind` unless it is there already; whether it was added."""
        found: list[str] = getattr(self, kind)
        if url in found:
            return False
        found.append(url)
        return True


def feed_links(html: str, url: str) -> list[str]:
    """Feeds a page links to (`<link rel=alternate>` first, else feed-like `<a>` links),
    comment feeds and JSON feeds left out (feedparser reads neither usefully)."""
    host = urlsplit(url).hostname or ""
    # Deferred: trafilatura costs ~70 ms to import and every crawl loads this module.
    from trafilatura.feeds import FeedParameters, determine_feed

    params = FeedParameters(baseurl=_origin(url), domain=host, reference=url)
    found = (u.rstrip("/") if u.count("/") == 3 else u for u in determine_feed(html, params))
    return list(dict.fromkeys(u for u in found if not _JSON_FEED.search(u)))


def common_paths(url: str, paths: tuple[str, ...]) -> list[str]:
    return [u for u in (join_url(_origin(url), p) for p in paths) if u]


def robots_url(url: str) -> str:
    return _origin(url) + "/robots.txt"


def looks_like_feed(data: bytes) -> bool:
    """Whether a document starts like RSS, RDF or Atom (an HTML error page does not)."""
    return bool(_FEED_ROOT.search(data[:2048].lstrip(b"\xef\xbb\xbf")))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
