"""ListingSpider: section pages -> their article links, following "next" pages up to a depth."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from newscrawl.extract.links import article_links, next_page
from newscrawl.spiders.entry import EntrySpider

logger = logging.getLogger(__name__)


class ListingSpider(EntrySpider):
    """`scrapy crawl listing -a source=ID` (its `listings`) or `-a entry=URL,...`; article
    links by the source's article_url, else by how article URLs look (extract/links.py)."""

    name = "listing"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        urls = self.entries or list(self.source.listings if self.source else ())
        if not urls:
            raise ValueError("the listing spider needs -a source=ID with listings or -a entry=URL")
        for url in urls:
            request = self.listing_request(url)
            if request is not None:
                yield request

    def listing_request(
        self, url: str, origin: str | None = None, depth: int = 0, via: str = ""
    ) -> scrapy.Request | None:
        return self.page_request(url, self.parse_listing, origin or f"listing {url}", depth, via)

    def parse_listing(
        self, response: Response, origin: str, depth: int = 0
    ) -> Iterator[scrapy.Request]:
        yield from self.listing_links(self.page_text(response), response.url, origin, depth)

    def listing_links(
        self, html: str, url: str, origin: str, depth: int
    ) -> Iterator[scrapy.Request]:
        self.entry_used(origin)
        source = self.entry_source(url)
        pattern = source.article_pattern if source.article_url != "." else None
        links = article_links(html, url, pattern)
        if not links:
            self.crawler.stats.inc_value("newscrawl/listing_without_articles")
            logger.warning("listing %s has no article links", url)
        for link in links:
            request = self.take(link, origin, page=url)
            if request is not None:
                yield request
        following = next_page(html, url)
        if following and not self.full:
            request = self.listing_request(following, origin, depth + 1, url)
            if request is not None:
                yield request
