"""A seeding's bounds across the cluster: `newscrawl crawl ... --redis --since/--limit/--max-depth
/--refresh`. The seed puts them in its requests' meta (`newscrawl_bounds`); every request found
from a page carries its page's bounds on, and BoundsMiddleware applies them to what a callback
yields, as EntrySpider does in one process: links dated before `since` and pages deeper than
`max_depth` are not followed, articles published before `since` not archived, and at most `limit`
distinct article URLs are taken, counted in Redis for the whole cluster."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from scrapy import Request

from newscrawl.crawl.redis.connection import Client, Link, RedisDownError
from newscrawl.crawl.redis.settings import ClusterSettings
from newscrawl.items import Article
from newscrawl.spiders.entry import DEFAULT_MAX_DEPTH, parse_since

logger = logging.getLogger(__name__)

BOUNDS = "newscrawl_bounds"

# Whether ARGV[1] may be taken: already taken by this crawl, or fewer than ARGV[2] taken so far.
_TAKE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


@dataclass(frozen=True)
class CrawlBounds:
    crawl: str  # the seeding's id: its --limit count and its --refresh seen window
    since: str | None = None  # ISO instant
    limit: int | None = None
    max_depth: int | None = None
    refresh: bool = False

    def meta(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v is not False}

    @classmethod
    def of(cls, request: Any) -> CrawlBounds | None:
        """The bounds a request (or a response's request) carries; None for none or junk."""
        given = request.meta.get(BOUNDS)
        if not isinstance(given, dict) or not isinstance(given.get("crawl"), str):
            return None
        try:
            return cls(**given)
        except TypeError:
            return None

    def since_instant(self) -> datetime | None:
        return parse_since(self.since)


class BoundsMiddleware:
    """Spider middleware, just before TicketMiddleware: what it lets through is what the
    callback produced, so a page whose links are all bounded out is done, not failed."""

    def __init__(self, link: Link, prefix: str, window: float, default_depth: int) -> None:
        self.link, self.prefix, self.window = link, prefix, window
        self.default_depth = default_depth
        self.stats: Any = None
        self._take: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> BoundsMiddleware:
        config = ClusterSettings.from_settings(crawler.settings)
        depth = crawler.settings.get("NEWSCRAWL_MAX_DEPTH")
        middleware = cls(
            Link(config.url),
            config.prefix,
            config.window,
            DEFAULT_MAX_DEPTH if depth in (None, "") else int(depth),
        )
        middleware.stats = crawler.stats
        return middleware

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        bounds = CrawlBounds.of(response)
        for output in result:
            if self.within(bounds, output):
                yield output

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        bounds = CrawlBounds.of(response)
        async for output in result:
            if self.within(bounds, output):
                yield output

    def within(self, bounds: CrawlBounds | None, output: Any) -> bool:
        """Whether `output` stays: the page's bounds passed on to a request found in it."""
        if isinstance(output, Article):
            return self.article_within(bounds, output)
        if not isinstance(output, Request):
            return True
        if bounds is not None:
            output.meta.setdefault(BOUNDS, bounds.meta())
        if not output.meta.get("newscrawl_article"):
            depth = output.cb_kwargs.get("depth")
            deepest = bounds.max_depth if bounds is not None else None
            if isinstance(depth, int) and depth > (
                deepest if deepest is not None else self.default_depth
            ):
                return self.out("depth_limited", output.url)
            return True
        return bounds is None or self.link_within(bounds, output)

    def link_within(self, bounds: CrawlBounds, request: Request) -> bool:
        entry = request.cb_kwargs.get("entry")
        dated = (entry.published or entry.updated) if entry is not None else None
        since = bounds.since_instant()
        if since is not None and dated is not None and dated < since:
            return self.out("skipped/older_than_since", request.url)
        if bounds.limit is not None and not self.take(bounds, request.url):
            return self.out("limit_reached", request.url)
        return True

    def article_within(self, bounds: CrawlBounds | None, article: Article) -> bool:
        since = bounds.since_instant() if bounds is not None else None
        if since is not None and article.published is not None and article.published < since:
            return self.out("skipped/older_than_since", article.url)
        return True

    def take(self, bounds: CrawlBounds, url: str) -> bool:
        """One of the crawl's `limit` article URLs for `url`, if any are left (Redis down: yes,
        so that an outage costs a few articles over the limit, never the crawl)."""
        key = f"{self.prefix}limit:{bounds.crawl}"

        def take(client: Client) -> bool:
            if self._take is None:
                self._take = client.register_script(_TAKE)
            return bool(self._take(keys=[key], args=[url, bounds.limit, int(self.window)]))

        try:
            return self.link.call(take)
        except RedisDownError:
            return True

    def out(self, why: str, url: str) -> bool:
        if self.stats is not None:
            self.stats.inc_value(f"newscrawl/{why}")
        logger.debug("not followed, %s: %s", why.rsplit("/", 1)[-1], url)
        return False
