"""Scrapy adapter over newscrawl.clean.sanitize."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from newscrawl.clean.sanitize import sanitize_body, source_embeds
from newscrawl.extract.article import body_text

logger = logging.getLogger(__name__)


class SanitizePipeline:
    """Replaces a hazardous body with its sanitized form and counts what it removed."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> SanitizePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        cleaned, found = sanitize_body(adapter["body_html"], source_embeds(adapter["source_id"]))
        if found:
            logger.warning("sanitized %s: rebuilt for %s", adapter["url"], ", ".join(found[:5]))
            self.stats.inc_value("newscrawl/sanitized")
            adapter["body_html"] = cleaned
            adapter["body_text"] = body_text(cleaned)
        return item
