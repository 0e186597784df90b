"""FeedSpider: a source's feeds (or --entry URLs) -> each item's article page, page by page."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawl.extract.feed import Feed, paged_url, parse_feed
from newscrawl.failures import failure_reason
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
        self, response: Response, origin: str, depth: int = 0, guessed: bool = False
    ) -> Iterator[scrapy.Request]:
        source = self.entry_source(response.url)
        content_type = content_type_of(response)
        feed = parse_feed(response.body, response.url, source.tz, content_type)
        stats = self.crawler.stats
        self.entry_used(origin)
        self.report_feed(response.url, feed, guessed)
        older = new = 0
        for entry in feed.entries:
            if not source.article_pattern.search(entry.link):
                stats.inc_value("newscrawl/skipped/not_article_url")
                logger.info("skipped %s: not an article URL of %s", entry.link, source.id)
                continue
            older += self.older(entry.published or entry.updated)
            request = self.take(entry.link, origin, entry, response.url)
            if request is not None:
                new += 1
                yield request
        if depth and not new and not self.full and older < len(feed.entries):
            # A server that ignores ?paged= (or a rel=next that loops) repeats a page.
            logger.info("feed page %s lists nothing new: paging stopped", response.url)
            return
        # Feed paging: the next (older) page, unless this one was already all older than
        # --since, or --limit is reached. A WordPress feed pages without saying so: asked for
        # its next page only to reach back to --since.
        following, guess = feed.next_page, False
        if not following and self.since and feed.entries and not older:
            following, guess = paged_url(response.url, feed.generator), True
        if following and not self.full and older < len(feed.entries):
            request = self.page_request(
                following, self.parse_feed, origin, depth + 1, response.url, guessed=guess
            )
            if request is not None:
                yield request.replace(errback=self.paging_ended) if guess else request

    def report_feed(self, url: str, feed: Feed, guessed: bool) -> None:
        """Count and log an ill-formed or empty feed; an empty guessed page is the end."""
        stats = self.crawler.stats
        if feed.problem:
            stats.inc_value("newscrawl/feed_problems")
            logger.warning("feed %s is ill-formed, read leniently: %s", url, feed.problem)
        if not feed.entries and guessed:
            logger.info("feed %s has no entries: the end of its pages", url)
        elif not feed.entries:
            stats.inc_value("newscrawl/failed/empty_feed")
            logger.error("feed %s has no entries", url)

    def paging_ended(self, failure: Failure) -> None:
        """A guessed next page that is not there (WordPress answers 404): the end, no fault."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy
        logger.info("feed page %s: %s, the end of its pages", request.url, failure_reason(failure))
