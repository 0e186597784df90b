"""EntryMarkMiddleware: every request a spider makes that is not for an article (a feed, a
sitemap, a listing page) is marked an entry point, so it is asked conditionally
(newscrawl.downloadermiddlewares.incremental), whichever spider made it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request


class EntryMarkMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> EntryMarkMiddleware:
        return cls(crawler)

    def mark(self, output: Any) -> Any:
        if isinstance(output, Request) and not output.meta.get("newscrawl_article"):
            source = getattr(self.crawler.spider, "source", None)
            output.meta.setdefault("newscrawl_entry", source.id if source else "web")
        return output

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in start:
            yield self.mark(output)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        for output in result:
            yield self.mark(output)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            yield self.mark(output)
