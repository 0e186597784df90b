"""BoundsMiddleware: a seeding's --since and --max-depth applied to what a worker's callback
yields, and carried on to the requests found (the --limit count, in Redis, and --refresh are
crawled for real in test_cluster_seeding.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawl.crawl.redis.bounds import BOUNDS, BoundsMiddleware, CrawlBounds
from newscrawl.crawl.redis.connection import Link
from newscrawl.extract.feed import FeedEntry
from newscrawl.items import Article

SINCE = "2024-03-01T00:00:00+00:00"
OLD, NEW = datetime(2024, 2, 1, tzinfo=UTC), datetime(2024, 4, 1, tzinfo=UTC)


def middleware() -> BoundsMiddleware:
    # A Redis nobody listens on: --since and --max-depth never ask it.
    return BoundsMiddleware(Link("redis://127.0.0.1:1/0"), "t:", 60.0, default_depth=5)


def page(bounds: CrawlBounds | None) -> HtmlResponse:
    meta = {BOUNDS: bounds.meta()} if bounds else {}
    request = Request("http://127.0.0.1/feed.xml", meta=meta)
    return HtmlResponse(request.url, body=b"", request=request)


def article_link(url: str, published: datetime) -> Request:
    entry = FeedEntry(link=url, title="t", published=published)
    return Request(url, meta={"newscrawl_article": True}, cb_kwargs={"entry": entry})


def page_link(url: str, depth: int) -> Request:
    return Request(url, cb_kwargs={"origin": "feed", "depth": depth})


def kept(bounds: CrawlBounds | None, outputs: list[object]) -> list[object]:
    return list(middleware().process_spider_output(page(bounds), outputs))


def test_since_drops_older_links_and_articles_and_passes_itself_on() -> None:
    bounds = CrawlBounds(crawl="c1", since=SINCE)
    old_link, new_link = article_link("http://a/1", OLD), article_link("http://a/2", NEW)
    old_article = Article(url="http://a/3", source_id="web", published=OLD)
    new_article = Article(url="http://a/4", source_id="web", published=NEW)
    out = kept(bounds, [old_link, new_link, old_article, new_article])
    assert out == [new_link, new_article]
    assert new_link.meta[BOUNDS] == {"crawl": "c1", "since": SINCE}


@pytest.mark.parametrize(
    ("max_depth", "depths_kept"), [(None, [0, 5]), (0, [0]), (7, [0, 5, 6, 7])]
)
def test_max_depth_per_seeding_else_the_workers_setting(
    max_depth: int | None, depths_kept: list[int]
) -> None:
    bounds = None if max_depth is None else CrawlBounds(crawl="c2", max_depth=max_depth)
    links = [page_link(f"http://a/p{d}", d) for d in (0, 5, 6, 7, 8)]
    out = kept(bounds, links)
    assert [r.cb_kwargs["depth"] for r in out] == depths_kept  # type: ignore[attr-defined]


def test_junk_bounds_are_no_bounds() -> None:
    request = Request("http://a/", meta={BOUNDS: {"crawl": 3, "limit": "x"}})
    assert CrawlBounds.of(request) is None
    assert CrawlBounds.of(Request("http://a/", meta={BOUNDS: {"crawl": "c", "nope": 1}})) is None
