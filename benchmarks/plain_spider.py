"""The crawl benchmark's reference: a plain Scrapy SitemapSpider with trafilatura in the callback.

    scrapy runspider benchmarks/plain_spider.py -a sitemap=http://127.0.0.1:PORT/robots.txt \
        -a fetch_only=0 -o items.jsonl

Scrapy's default settings (no images, no archive): what a Scrapy user writes in ten lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response
from scrapy.spiders import SitemapSpider


class PlainSpider(SitemapSpider):
    name = "plain"
    custom_settings = {"LOG_LEVEL": "INFO", "ROBOTSTXT_OBEY": True}  # noqa: RUF012

    def __init__(self, sitemap: str = "", fetch_only: str = "0", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap_urls = [sitemap]
        self.fetch_only = fetch_only == "1"

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, Any]]:
        if self.fetch_only:
            yield {"url": response.url, "bytes": len(response.body)}
            return
        from trafilatura import bare_extraction

        doc = bare_extraction(response.text, url=response.url, with_metadata=True)
        if doc is not None:
            found = doc if isinstance(doc, dict) else doc.as_dict()
            yield {"url": response.url, "title": found.get("title"), "text": found.get("text")}
