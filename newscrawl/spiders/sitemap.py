"""SitemapSpider: sitemaps, sitemap indexes and robots.txt `Sitemap:` lines -> article pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from newscrawl.extract.feed import FeedEntry
from newscrawl.extract.sitemap import SitemapEntry, newest_first, read_sitemap, robots_sitemaps
from newscrawl.spiders.entry import EntrySpider

logger = logging.getLogger(__name__)


class SitemapSpider(EntrySpider):
    """`scrapy crawl sitemap -a source=ID` (its `sitemaps`) or `-a entry=URL,...` (sitemaps,
    sitemap indexes, gzipped or not, or a robots.txt naming them)."""

    name = "sitemap"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        urls = self.entries or list(self.source.sitemaps if self.source else ())
        if not urls:
            raise ValueError("the sitemap spider needs -a source=ID with sitemaps or -a entry=URL")
        for url in urls:
            request = self.sitemap_request(url)
            if request is not None:
                yield request

    def sitemap_request(
        self, url: str, origin: str | None = None, depth: int = 0
    ) -> scrapy.Request | None:
        if url.rstrip("/").endswith("/robots.txt"):
            return scrapy.Request(url, callback=self.parse_robots, errback=self.failed)
        return self.page_request(url, self.parse_sitemap, origin or f"sitemap {url}", depth)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        found = robots_sitemaps(response.body, response.url)
        if not found:
            logger.info("%s names no sitemap", response.url)
        for url in found:
            request = self.sitemap_request(url)
            if request is not None:
                yield request

    def parse_sitemap(
        self, response: Response, origin: str, depth: int = 0
    ) -> Iterator[scrapy.Request]:
        source = self.entry_source(response.url)
        max_size = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        doc = read_sitemap(response.body, response.url, source.tz, max_size)
        stats = self.crawler.stats
        for problem in doc.problems:
            stats.inc_value("newscrawl/sitemap_problems")
            logger.warning("sitemap %s: %s (entry kept, undated)", response.url, problem)
        if doc.kind == "sitemapindex":
            for child in newest_first(doc.entries):
                if self.full or self.older(child.modified):
                    continue  # a sitemap unchanged since --since lists nothing newer
                request = self.page_request(
                    child.loc, self.parse_sitemap, origin, depth + 1, response.url
                )
                if request is not None:
                    yield request
        elif doc.kind == "urlset":
            self.entry_used(origin)
            yield from self.sitemap_articles(doc.entries, origin, response.url)
        else:
            stats.inc_value("newscrawl/failed/not_a_sitemap")
            logger.error("%s is not a sitemap (root <%s>)", response.url, doc.kind)

    def sitemap_articles(
        self, entries: list[SitemapEntry], origin: str, page: str
    ) -> Iterator[scrapy.Request]:
        for entry in newest_first(entries):
            # A sitemap lists every page of a site: tags, sections, about pages too.
            if not self.article_url_ok(entry.loc):
                self.crawler.stats.inc_value("newscrawl/skipped/not_article_url")
                logger.info("skipped %s: not an article URL", entry.loc)
                continue
            listed = FeedEntry(entry.loc, entry.title, entry.published, entry.modified)
            request = self.take(entry.loc, origin, listed, page)
            if request is not None:
                yield request
