"""`newscrawl crawl SOURCE --redis URL`: the entry points of the sources, and their archived
articles due for a revisit, put into the frontier for the workers; then it returns."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import Request

from newscrawl import sources
from newscrawl.crawl.process import Target
from newscrawl.crawl.redis.bounds import BOUNDS, CrawlBounds
from newscrawl.crawl.redis.codec import encode_request
from newscrawl.crawl.redis.connection import Link
from newscrawl.crawl.redis.keys import Keys
from newscrawl.crawl.redis.queue import FrontierQueue
from newscrawl.crawl.redis.spider import ClusterSpider
from newscrawl.crawl.redis.validators import ask_conditionally
from newscrawl.spiders.site import unconditional

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


def site_requests(spider: ClusterSpider, url: str) -> list[Request]:
    """A site's URL: its page, read by the worker that gets it as the single-process crawl
    reads it (feeds, robots.txt's sitemaps, its article links), with the source that claims
    it, if one does."""
    request = unconditional(Request(url, callback=spider.parse_home, errback=spider.failed))
    claimed = sources.for_url(url)
    if claimed is not None:
        request.meta["newscrawl_source"] = claimed.id
    return [request]


def seed(
    url: str,
    prefix: str,
    data_dir: Path,
    targets: list[Target],
    sites: tuple[str, ...] = (),
    bounds: CrawlBounds | None = None,
) -> dict[str, int]:
    """Enqueue every target's entry points and due revisits, and each site URL's page, with
    the crawl's `bounds` (bounds.py); how many per source (or site)."""
    from scrapy.settings import Settings

    link = Link(url)
    queue = FrontierQueue(link, Keys(prefix), "seed", lease=60.0, max_deliveries=1)
    queue.ensure_groups()
    spider = ClusterSpider()
    spider.settings = Settings({"NEWSCRAWL_DATA_DIR": str(data_dir)})
    found = {t.source_id: seed_requests(spider, t) for t in targets}
    found |= {site: site_requests(spider, site) for site in sites}
    if bounds is None or not bounds.refresh:
        ask_conditionally([r for rs in found.values() for r in rs], data_dir)
    for requests in found.values():
        for request in requests:
            if bounds is not None:
                request.meta[BOUNDS] = bounds.meta()
            queue.enqueue(0, encode_request(request, spider), None, 0.0)
    return {name: len(requests) for name, requests in found.items()}
