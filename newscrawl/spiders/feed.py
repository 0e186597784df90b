"""FeedSpider: a source's feeds (or --entry URLs) -> each item's article page."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from newscrawl.extract.feed import parse_feed
from newscrawl.spiders.base import ArticleSpider, content_type_of

logger = logging.getLogger(__name__)


class FeedSpider(ArticleSpider):
    """`scrapy crawl feed -a source=mydrivers [-a entry=URL,...]`."""

    name = "feed"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.source is None:
            raise ValueError("the feed spider needs -a source=ID")
        for url in self.entries or list(self.source.feeds):
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.failed)
        for url in self.due_revisits():
            yield self.article_request(url)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        assert self.source is not None
        content_type = content_type_of(response)
        feed = parse_feed(response.body, response.url, self.source.tz, content_type)
        stats = self.crawler.stats
        if feed.problem:
            stats.inc_value("newscrawl/feed_problems")
            logger.warning("feed %s is ill-formed, read leniently: %s", response.url, feed.problem)
        if not feed.entries:
            stats.inc_value("newscrawl/failed/empty_feed")
            logger.error("feed %s has no entries", response.url)
        for entry in feed.entries:
            if not self.source.article_pattern.search(entry.link):
                stats.inc_value("newscrawl/skipped/not_article_url")
                logger.info("skipped %s: not an article URL of %s", entry.link, self.source.id)
                continue
            yield self.article_request(entry.link, entry)
