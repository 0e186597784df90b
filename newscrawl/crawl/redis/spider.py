"""ClusterSpider: the site spider as a worker runs it. It starts nothing itself (the frontier
hands it requests), reads each page with the rules of the source the request carries
(`newscrawl_source`, set by the seed and passed on to every request found from it), and keeps no
per-process memory of what it asked for: the frontier's seen window does that for the cluster."""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import scrapy

from newscrawl import sources
from newscrawl.crawl.redis.settings import ClusterSettings
from newscrawl.sources.base import Source
from newscrawl.spiders.site import SiteSpider

_REMEMBERED = 4096  # URLs (and hosts) whose source is known, most recent first


class _Forgetting(dict[str, str]):
    """A dict that keeps nothing: `requested` of a spider that runs for weeks."""

    def __setitem__(self, key: str, value: str) -> None:
        return None


class _ForgettingSet(set[str]):
    def add(self, element: str) -> None:
        return None


class ClusterSpider(SiteSpider):
    name = "cluster"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.requested = _Forgetting()
        self.pages_seen = _ForgettingSet()
        self.known: OrderedDict[str, Source] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ClusterSpider:
        spider: ClusterSpider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[assignment]  # the base's return type
        # Each seeding has its own --max-depth: BoundsMiddleware (bounds.py) applies it.
        spider.max_depth = sys.maxsize
        return spider

    def inline_hold(self) -> float:
        """Half a lease: a page read in the worker's own thread holds up the renewal of every
        lease it holds (renewed each third of a lease: frontier.py), so a read as long as the
        lease would let another worker take them all, the page too, and read it again, each
        in turn (NEWSCRAWL_READ_PROCESSES=0, or one core). Longer pages go to a reader
        process, whose read the thread renews through; without one, they fail unread as
        `read_timeout`."""
        return ClusterSettings.from_settings(self.crawler.settings).lease / 2

    async def start(self) -> AsyncIterator[scrapy.Request]:
        return
        yield  # an async generator that yields nothing

    def learn(self, url: str, source_id: str) -> None:
        """The source of a response about to be read (by URL and by host)."""
        try:
            source = sources.get(source_id)
        except KeyError:
            return
        for key in (url, urlsplit(url).netloc):
            self.known[key] = source
            self.known.move_to_end(key)
        while len(self.known) > _REMEMBERED:
            self.known.popitem(last=False)

    def source_for(self, url: str) -> Source:
        found = self.known.get(url) or self.known.get(urlsplit(url).netloc)
        return found or super().source_for(url)


class SourceMiddleware:
    """Spider middleware: tells the ClusterSpider which source a response belongs to."""

    def process_spider_input(self, response: Any) -> None:
        source_id = response.meta.get("newscrawl_source")
        spider = getattr(self, "spider", None)
        if source_id and isinstance(spider, ClusterSpider):
            spider.learn(response.url, source_id)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SourceMiddleware:
        middleware = cls()
        crawler.signals.connect(middleware.opened, signal=scrapy.signals.spider_opened)
        return middleware

    def opened(self, spider: Any) -> None:
        self.spider = spider
