"""FeedSpider: a source's feeds (or --entry URLs) -> each item's article page, page by page."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from newscrawl.extract.feed import parse_feed
from newscrawl.spiders.base import content_type_of
from newscrawl.spiders.entry import EntrySpider

logger = logging.getLogger(__name__)


class FeedSpider(EntrySpider):
    """`scrapy crawl feed -a source=mydrivers [-a entry=URL,...]`; `-a entry=URL` alone reads
    any site's feed with generic rules."""

    name = "feed"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.source is None and not self.entries:
            raise ValueError("the feed spider needs -a source=ID or -a entry=URL")
        for url in self.entries or list(self.source.feeds if self.source else ()):
            request = self.feed_request(url)
            if request is not None:
                yield request
        for url in self.due_revisits():
            yield self.article_request(url)

    def feed_request(
        self, url: str, origin: str | None = None, depth: int = 0, via: str = ""
    ) -> scrapy.Request | None:
        return self.page_request(url, self.parse_feed, origin or f"feed {url}", depth, via)

    def parse_feed(
        self, response: Response, origin: str, depth: int = 0
    ) -> Iterator[scrapy.Request]:
        source = self.entry_source(response.url)
        content_type = content_type_of(response)
        feed = parse_feed(response.body, response.url, source.tz, content_type)
        stats = self.crawler.stats
        self.entry_used(origin)
        if feed.problem:
            stats.inc_value("newscrawl/feed_problems")
            logger.warning("feed %s is ill-formed, read leniently: %s", response.url, feed.problem)
        if not feed.entries:
            stats.inc_value("newscrawl/failed/empty_feed")
            logger.error("feed %s has no entries", response.url)
        older = 0
        for entry in feed.entries:
            if not source.article_pattern.search(entry.link):
                stats.inc_value("newscrawl/skipped/not_article_url")
                logger.info("skipped %s: not an article URL of %s", entry.link, source.id)
                continue
            older += self.older(entry.published or entry.updated)
            request = self.take(entry.link, origin, entry)
            if request is not None:
                yield request
        # Feed paging: the next (older) page, unless this one was already all older than
        # --since, or --limit is reached.
        if feed.next_page and not self.full and older < len(feed.entries):
            request = self.feed_request(feed.next_page, origin, depth + 1, response.url)
            if request is not None:
                yield request
