"""PageSpider: one article URL, for one-off scraping (`newscrawl fetch URL`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy

from newscrawl.spiders.base import ArticleSpider


class PageSpider(ArticleSpider):
    """`scrapy crawl page -a url=URL [-a source=ID]`."""

    name = "page"

    def __init__(self, url: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not url:
            raise ValueError("the page spider needs -a url=URL")
        self.url = url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.article_request(self.url)
