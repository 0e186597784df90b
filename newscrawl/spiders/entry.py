"""EntrySpider: what the feed, sitemap, listing and site spiders share: the crawl's bounds
(`since`, `limit`, `max_depth`), each article requested once, and entry points counted."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag

import scrapy
from scrapy.http import Response

from newscrawl.extract.charset import decode_html
from newscrawl.extract.feed import FeedEntry
from newscrawl.extract.links import looks_like_article
from newscrawl.items import Article
from newscrawl.sources.base import Source
from newscrawl.spiders.base import ArticleSpider, content_type_of

logger = logging.getLogger(__name__)

DEFAULT_MAX_DEPTH = 5  # pages followed from an entry point: feed pages, sitemap levels, listings


def parse_since(value: str | datetime | None) -> datetime | None:
    """`--since`: an ISO date or time; UTC when it names no zone."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class EntrySpider(ArticleSpider):
    """`-a since=2024-05-01 -a limit=N -a max_depth=N` bound any entry-point spider."""

    name = ""  # a base, not a spider to run

    def __init__(
        self,
        since: str | None = None,
        limit: str | int | None = None,
        max_depth: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.since = parse_since(since)
        self.limit = int(limit) if limit not in (None, "") else None
        self.max_depth = int(max_depth) if max_depth not in (None, "") else DEFAULT_MAX_DEPTH
        self.requested: dict[str, str] = {}  # article URLs asked for -> the page listing it
        self.pages_seen: set[str] = set()  # feed, sitemap and listing pages asked for
        self.too_old: set[str] = set()  # article URLs an entry point dates before --since
        self.limit_reached = False

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> EntrySpider:
        """Bounds not given as spider arguments come from the NEWSCRAWL_SINCE, NEWSCRAWL_LIMIT
        and NEWSCRAWL_MAX_DEPTH settings (how `newscrawl crawl --since/--limit` passes them)."""
        spider: EntrySpider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[assignment]  # the base's return type
        settings = crawler.settings
        if spider.since is None:
            spider.since = parse_since(settings.get("NEWSCRAWL_SINCE"))
        if spider.limit is None and settings.get("NEWSCRAWL_LIMIT"):
            spider.limit = settings.getint("NEWSCRAWL_LIMIT")
        if (
            kwargs.get("max_depth") in (None, "")
            and settings.get("NEWSCRAWL_MAX_DEPTH") is not None
        ):
            spider.max_depth = settings.getint("NEWSCRAWL_MAX_DEPTH")
        return spider

    @property
    def full(self) -> bool:
        """Whether --limit articles have been requested: no more pages need reading."""
        return self.limit is not None and len(self.requested) >= self.limit

    def entry_source(self, url: str) -> Source:
        """The source whose rules read an entry point: the declared one, else the site's."""
        return self.source_for(url)

    def article_url_ok(self, url: str) -> bool:
        """By the source's article_url pattern when it declares one, else by the look of it."""
        source = self.entry_source(url)
        if source.article_url != ".":
            return bool(source.article_pattern.search(url))
        return looks_like_article(url)

    def entry_used(self, origin: str) -> None:
        """Note an entry point (`feed URL`, `sitemap URL`, `listing URL`) for the summary."""
        self.crawler.stats.set_value(f"newscrawl/entry/{origin}", self._found(origin))

    def _found(self, origin: str) -> int:
        return int(self.crawler.stats.get_value(f"newscrawl/entry/{origin}", 0))

    def older(self, date: datetime | None) -> bool:
        return self.since is not None and date is not None and date < self.since

    def take(
        self, url: str, origin: str, entry: FeedEntry | None = None, page: str = ""
    ) -> scrapy.Request | None:
        """The request for an article link found at `origin` (on its `page`), or None: already
        requested, older than --since (by the date the entry point gives), or past --limit."""
        url = urldefrag(url).url
        if url in self.requested:
            # Listed twice by one page (a feed): said, as Scrapy's duplicate filter would.
            # Found again elsewhere: the normal overlap of feeds, sitemaps and listings.
            if page and self.requested[url] == page:
                self.request_dropped(scrapy.Request(url))
            return None
        if url in self.too_old:
            return None
        date = entry.published or entry.updated if entry else None
        if self.older(date):
            self.too_old.add(url)
            self.crawler.stats.inc_value("newscrawl/skipped/older_than_since")
            logger.debug("skipped %s: dated %s, before --since", url, date)
            return None
        if self.full:
            if not self.limit_reached:
                self.limit_reached = True
                self.crawler.stats.set_value("newscrawl/limit_reached", self.limit)
                logger.info("--limit %s reached: no further article links followed", self.limit)
            return None
        self.requested[url] = page
        self.crawler.stats.set_value(f"newscrawl/entry/{origin}", self._found(origin) + 1)
        return self.article_request(url, entry)

    def page_request(
        self, url: str, callback: Any, origin: str, depth: int = 0, via: str = "", **kwargs: Any
    ) -> scrapy.Request | None:
        """A request for an entry point's page (a feed page, a sitemap, a listing page), or
        None when this crawl asked for it already (a pagination loop) or it is too deep."""
        url = urldefrag(url).url
        if url in self.pages_seen:
            self.crawler.stats.inc_value("newscrawl/page_loops")
            where = f"{origin}, page {via}," if via and via not in origin else origin
            logger.warning("%s links back to %s, read already: not followed", where, url)
            return None
        if depth > self.max_depth:
            self.crawler.stats.inc_value("newscrawl/depth_limited")
            logger.info("%s: %s not followed, deeper than --max-depth %d", origin, url, depth - 1)
            return None
        self.pages_seen.add(url)
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.failed,
            dont_filter=True,  # pages_seen decides, and says so
            cb_kwargs={"origin": origin, "depth": depth, **kwargs},
        )

    def page_text(self, response: Response) -> str:
        source = self.entry_source(response.url)
        return decode_html(response.body, content_type_of(response), source.encoding)

    def not_wanted(self, article: Article) -> str | None:
        reason = super().not_wanted(article)
        if reason is None and self.older(article.published):
            return f"older_than_since (published {article.published:%Y-%m-%d %H:%M %Z})"
        return reason
