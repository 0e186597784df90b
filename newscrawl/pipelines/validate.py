"""Scrapy adapter over newscrawl.clean.validate."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from newscrawl.clean.validate import drop_reason


class ValidatePipeline:
    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        reason = drop_reason(item)
        if reason:
            self.stats.inc_value(f"newscrawl/dropped/{reason}")
            raise DropItem(f"{reason}: {item.url}")
        return item
