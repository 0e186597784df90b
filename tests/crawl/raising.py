"""A worker spider whose callback raises on one planted page, every time (test_cluster_faults)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from newscrawl.crawl.redis.spider import ClusterSpider

PLANTED = "900003.htm"


class RaisingSpider(ClusterSpider):
    async def parse_article(self, response: Any, entry: Any = None) -> AsyncIterator[Any]:
        if response.url.endswith(PLANTED):
            raise RuntimeError("planted failure")
        async for article in super().parse_article(response, entry):
            yield article
