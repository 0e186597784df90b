"""`newscrawl crawl SOURCE --redis URL`: the entry points of the sources, and their archived
articles due for a revisit, put into the frontier for the workers; then it returns."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request

from newscrawl import sources
from newscrawl.crawl.process import Target
from newscrawl.crawl.redis.codec import encode_request
from newscrawl.crawl.redis.connection import Link
from newscrawl.crawl.redis.keys import Keys
from newscrawl.crawl.redis.queue import FrontierQueue
from newscrawl.crawl.redis.spider import ClusterSpider

logger = logging.getLogger(__name__)


def seed_requests(spider: ClusterSpider, target: Target) -> list[Request]:
    source = sources.get(target.source_id)
    found: list[Request | None] = []
    if target.entries:
        found += [spider.feed_request(url) for url in target.entries]
    else:
        found += [spider.feed_request(url) for url in source.feeds]
        found += [spider.sitemap_request(url) for url in source.sitemaps]
        found += [spider.listing_request(url) for url in source.listings]
    requests = [r for r in found if r is not None]
    for request in requests:
        request.meta["newscrawl_entry"] = source.id
    spider.source = source  # due_revisits reads the archive of this source
    for url in spider.due_revisits():
        revisit = spider.article_request(url)
        revisit.meta["newscrawl_revisit"] = True
        requests.append(revisit.replace(dont_filter=True))
    spider.source = None
    for request in requests:
        request.meta["newscrawl_source"] = source.id
    return requests


def seed(url: str, prefix: str, data_dir: Path, targets: list[Target]) -> dict[str, int]:
    """Enqueue every target's entry points and due revisits; how many per source."""
    from scrapy.settings import Settings

    link = Link(url)
    queue = FrontierQueue(link, Keys(prefix), "seed", lease=60.0, max_deliveries=1)
    queue.ensure_groups()
    spider = ClusterSpider()
    spider.settings = Settings({"NEWSCRAWL_DATA_DIR": str(data_dir)})
    counts: dict[str, int] = {}
    for target in targets:
        requests = seed_requests(spider, target)
        for request in requests:
            queue.enqueue(0, encode_request(request, spider), None, 0.0)
        counts[target.source_id] = len(requests)
    return counts
