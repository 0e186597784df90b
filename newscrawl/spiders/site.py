"""SiteSpider: any news site from one URL. Discovery finds its feeds (page links, else common
paths), sitemaps (robots.txt's `Sitemap:` lines; without any, or without robots.txt, the common
paths) and the page's own article links; feeds and sitemaps are read first, the page as a
listing once they are done; each article once.

The robots.txt Scrapy's RobotsTxtMiddleware reads before the page is the one whose `Sitemap:`
lines are used (spiders/robots.py): it is asked for once.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawl.extract.discover import (
    COMMON_FEED_PATHS,
    COMMON_SITEMAP_PATHS,
    common_paths,
    feed_links,
    looks_like_feed,
    robots_url,
)
from newscrawl.extract.links import looks_like_article
from newscrawl.extract.sitemap import read_sitemap, robots_sitemaps
from newscrawl.failures import failure_reason
from newscrawl.spiders.feed import FeedSpider
from newscrawl.spiders.listing import ListingSpider
from newscrawl.spiders.robots import RobotsAnswers
from newscrawl.spiders.sitemap import SitemapSpider

logger = logging.getLogger(__name__)


def section_of(url: str) -> str:
    """The path a section page's articles share (`/tech/` of `/tech/index.html`), or "" for
    a home page or an article page (whose sitemaps are read whole)."""
    path = urlsplit(url).path
    if not url or path in ("", "/") or looks_like_article(url):
        return ""
    last = path.rsplit("/", 1)[-1]
    return path[: len(path) - len(last)] if "." in last else path


def unconditional(request: scrapy.Request) -> scrapy.Request:
    """Not an entry point asked conditionally (spidermiddlewares/entrymark.py): discovery must
    read the page itself even when it has not changed since the last crawl."""
    request.meta["newscrawl_entry"] = None
    return request


class SiteSpider(FeedSpider, SitemapSpider, ListingSpider):
    """`scrapy crawl site -a url=https://some.site/ [-a since=... -a limit=N -a max_depth=N]`;
    `-a discover_only=1` finds and counts entry points without fetching articles (what
    `newscrawl add` writes down). Without `url`, a source's declared feeds, sitemaps and
    listings are crawled together."""

    name = "site"

    def __init__(self, url: str = "", discover_only: str | bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url
        self.discover_only = str(discover_only).lower() in ("1", "true", "yes")
        if self.discover_only:
            self.max_depth = min(self.max_depth, 1)  # a sitemap index's sitemaps, no more
        self.section = section_of(url)
        self.later: list[tuple[str, str]] = []  # listing pages read once feeds are done
        self.found: set[tuple[str, str]] = set()  # (entry point, article URL), discovery only
        self.robots: RobotsAnswers | None = None  # robots.txt as read until the page is

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider: SiteSpider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[assignment]  # the base's return type
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        if spider.url and crawler.settings.getbool("ROBOTSTXT_OBEY"):
            spider.robots = RobotsAnswers(crawler.signals)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.url:
            yield unconditional(
                scrapy.Request(self.url, callback=self.parse_home, errback=self.home_failed)
            )
            return
        if self.source is None:
            raise ValueError("the site spider needs -a url=URL or -a source=ID")
        kinds = (
            (self.source.feeds, self.feed_request),
            (self.source.sitemaps, self.sitemap_request),
            (self.source.listings, self.listing_request),
        )
        for urls, make in kinds:
            for url in urls:
                request = make(url)
                if request is not None:
                    yield request
        for url in self.due_revisits():
            yield self.article_request(url)

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        url = response.url
        self.pages_seen.add(url)
        if looks_like_feed(response.body):  # given a feed's URL: that feed is the site
            self.stop_listening()
            yield from self.parse_feed(response, f"feed {url}")
            return
        if self.is_sitemap(response):  # or a sitemap's
            self.stop_listening()
            yield from self.parse_sitemap(response, f"sitemap {url}")
            return
        if self.section:
            logger.info(
                "%s is a section page: sitemap entries outside %s left out", self.url, self.section
            )
        html = self.page_text(response)
        self.note_site(html)
        feeds = feed_links(html, response.url)
        for url in feeds:
            # Checked before read as a feed: a page may link an HTML page of its feeds.
            yield self.probe(url, "feed", linked=True)
        if not feeds:
            logger.info("%s links no feed: trying %s", response.url, ", ".join(COMMON_FEED_PATHS))
            for url in common_paths(response.url, COMMON_FEED_PATHS):
                yield self.probe(url, "feed")
        yield from self.site_sitemaps(response.url)
        self.later.append((html, response.url))

    def site_sitemaps(self, url: str) -> Iterator[scrapy.Request]:
        """The sitemaps robots.txt names, else the common paths: from the robots.txt the crawl
        read before the page, or asked for it when it has none (not obeyed, or it failed)."""
        robots = robots_url(url)
        answer = self.robots.get(robots) if self.robots else None
        self.stop_listening()
        if answer is None:
            yield unconditional(
                scrapy.Request(robots, callback=self.parse_site_robots, errback=self.no_robots)
            )
        elif answer.ok:
            yield from self.robots_requests(answer.url, answer.sitemaps)
        else:
            yield from self.robots_requests(answer.url, [], f"http_{answer.status}")

    def parse_site_robots(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.robots_requests(response.url, robots_sitemaps(response.body, response.url))

    def no_robots(self, failure: Failure) -> Iterator[scrapy.Request]:
        """Nothing at robots.txt (as asked by the spider): no sitemap named."""
        url = failure.request.url  # type: ignore[attr-defined]  # set by Scrapy
        yield from self.robots_requests(url, [], failure_reason(failure))

    def robots_requests(
        self, robots: str, found: list[str], missing: str = ""
    ) -> Iterator[scrapy.Request]:
        """Requests for the sitemaps robots.txt named, or for the common paths when it named
        none or was `missing` (why)."""
        for url in found:
            request = self.sitemap_request(url)
            if request is not None:
                yield request
        if not found:
            why = f"nothing at {robots}: {missing}" if missing else f"{robots} names no sitemap"
            logger.info("%s: trying %s", why, ", ".join(COMMON_SITEMAP_PATHS))
            for url in common_paths(robots, COMMON_SITEMAP_PATHS):
                yield self.probe(url, "sitemap")

    def stop_listening(self) -> None:
        """robots.txt's answers are needed no more: the page was read, or is not one."""
        if self.robots is not None:
            self.robots.close()
            self.robots = None

    def home_failed(self, failure: Failure) -> None:
        self.stop_listening()
        self.failed(failure)

    def probe(self, url: str, kind: str, linked: bool = False) -> scrapy.Request:
        """A request for a place a feed or sitemap is linked from or often is; nothing there
        is no failure (said at INFO for a linked one)."""
        return unconditional(
            scrapy.Request(
                url,
                callback=self.parse_probe,
                errback=self.probe_failed,
                cb_kwargs={"kind": kind, "linked": linked},
            )
        )

    def parse_probe(
        self, response: Response, kind: str, linked: bool = False
    ) -> Iterator[scrapy.Request]:
        url = response.url
        if url in self.pages_seen:
            return
        if kind == "feed" and looks_like_feed(response.body):
            self.pages_seen.add(url)
            yield from self.parse_feed(response, f"feed {url}")
        elif kind == "sitemap" and self.is_sitemap(response):
            self.pages_seen.add(url)
            yield from self.parse_sitemap(response, f"sitemap {url}")
        else:
            (logger.info if linked else logger.debug)("%s is not a %s", url, kind)

    def is_sitemap(self, response: Response) -> bool:
        tz = self.entry_source(response.url).tz
        return read_sitemap(response.body, response.url, tz).kind in ("urlset", "sitemapindex")

    def probe_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy
        log = logger.info if request.cb_kwargs.get("linked") else logger.debug
        log("nothing at %s: %s", request.url, failure_reason(failure))

    def idle(self) -> None:
        """Feeds and sitemaps are done: read the pages kept for later as listings."""
        if not self.later:
            return
        later, self.later = self.later, []
        engine = self.crawler.engine
        for html, url in later:
            for request in self.listing_links(html, url, f"listing {url}", 0):
                engine.crawl(request)
        # Links all crawled already (the duplicate filter took them): nothing to wait for, and
        # DontCloseSpider would hold the crawl until the engine's next heartbeat (5 s).
        if not engine.spider_is_idle():
            raise DontCloseSpider

    def reads_pages(self) -> bool:
        return not self.discover_only

    def article_url_ok(self, url: str) -> bool:
        """From a section page, a site-wide sitemap gives only that section's articles."""
        if not super().article_url_ok(url):
            return False
        if self.section and not urlsplit(url).path.startswith(self.section):
            self.crawler.stats.inc_value("newscrawl/outside_section")
            return False
        return True

    def page_request(
        self, url: str, callback: Any, origin: str, depth: int = 0, via: str = "", **kwargs: Any
    ) -> scrapy.Request | None:
        request = super().page_request(url, callback, origin, depth, via, **kwargs)
        # Discovery reads every entry point in full and leaves no validators behind.
        return unconditional(request) if request and self.discover_only else request

    def take(
        self, url: str, origin: str, entry: Any = None, page: str = ""
    ) -> scrapy.Request | None:
        if not self.discover_only:
            return super().take(url, origin, entry, page)
        # Counted as found by each entry point that lists it, never fetched.
        if (origin, url) not in self.found:
            self.found.add((origin, url))
            self.crawler.stats.inc_value(f"newscrawl/entry/{origin}")
        return None

    def listing_request(
        self, url: str, origin: str | None = None, depth: int = 0, via: str = ""
    ) -> scrapy.Request | None:
        if self.discover_only and depth > 0:
            return None  # the first page tells whether a listing has articles
        return super().listing_request(url, origin, depth, via)

    def note_site(self, html: str) -> None:
        """The site's name and language, for `newscrawl add`."""
        sel = Selector(text=html)
        name = (
            sel.xpath('//meta[@property="og:site_name"]/@content').get()
            or sel.xpath("//title/text()").get()
            or ""
        )
        stats = self.crawler.stats
        stats.set_value("newscrawl/site/name", " ".join(name.split())[:100])
        stats.set_value("newscrawl/site/language", (sel.xpath("/html/@lang").get() or "").strip())
