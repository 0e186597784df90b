"""ArticleSpider: the shared half of every spider (source lookup, article pages, failures)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from newscrawl import sources
from newscrawl.extract.article import extract_article
from newscrawl.extract.charset import decode_html
from newscrawl.extract.feed import FeedEntry
from newscrawl.failures import failure_reason
from newscrawl.items import Article
from newscrawl.sources.base import Source

logger = logging.getLogger(__name__)


def content_type_of(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None


def apply_feed(article: Article, entry: FeedEntry | None, source: Source) -> Article:
    """Fill the article from its feed item: fields the source trusts to the feed win,
    others only fill gaps."""
    if entry is None:
        return article
    for field in ("title", "published", "updated"):
        value = getattr(entry, field)
        if value and (field in source.feed_fields or not getattr(article, field)):
            setattr(article, field, value)
    return article


class ArticleSpider(scrapy.Spider):
    """Base of all spiders: `source` names a registered source; `entry` replaces its entry
    points (mirrors, replays, tests) while its extraction rules still apply."""

    name = "article"

    def __init__(
        self, source: str | None = None, entry: str | list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        entries = entry.split(",") if isinstance(entry, str) else list(entry or [])
        self.entries = [e.strip() for e in entries if e.strip()]
        self.source: Source | None = sources.get(source) if source else None

    def source_for(self, url: str) -> Source:
        return self.source or sources.for_url(url) or sources.generic(url)

    def article_request(self, url: str, entry: FeedEntry | None = None) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_article, errback=self.failed, cb_kwargs={"entry": entry}
        )

    def parse_article(
        self, response: Response, entry: FeedEntry | None = None
    ) -> Iterator[Article]:
        source = self.source_for(response.url)
        content_type = content_type_of(response)
        html = decode_html(response.body, content_type, source.encoding)
        article = apply_feed(extract_article(html, response.url, source), entry, source)
        article.fetched_at = datetime.now(UTC)
        self.crawler.stats.inc_value("newscrawl/pages")
        yield article

    def failed(self, failure: Failure) -> None:
        reason = failure_reason(failure)
        url = getattr(failure.request, "url", "?")  # type: ignore[attr-defined]  # set by Scrapy
        self.crawler.stats.inc_value(f"newscrawl/failed/{reason}")
        logger.error("failed %s: %s (%s)", url, reason, failure.getErrorMessage())
