"""Scrapy adapter over newscrawl.clean.sanitize; a page's reader (crawl/reading.py) may have
sanitized its article already, off the crawl's thread: then only its findings are reported."""

from __future__ import annotations

import logging
from typing import Any

from newscrawl.clean.article import cleaned_already
from newscrawl.clean.sanitize import sanitize_article, source_embeds
from newscrawl.items import Article

logger = logging.getLogger(__name__)


class SanitizePipeline:
    """Replaces a hazardous body with its sanitized form and counts what it removed."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> SanitizePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        found = cleaned_already(item)
        if found is None:
            found = sanitize_article(item, source_embeds(item.source_id))
        if found:
            logger.warning("sanitized %s: rebuilt for %s", item.url, ", ".join(found[:5]))
            self.stats.inc_value("newscrawl/sanitized")
        return item
