"""A worker spider whose callback raises on one planted page, every time (test_cluster_faults)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newscrawl.crawl.redis.spider import ClusterSpider

PLANTED = "900003.htm"


class RaisingSpider(ClusterSpider):
    def parse_article(self, response: Any, entry: Any = None) -> Iterator[Any]:
        if response.url.endswith(PLANTED):
            raise RuntimeError("planted failure")
        yield from super().parse_article(response, entry)
