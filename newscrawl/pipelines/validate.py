"""Drop what is not an archivable article, with a logged, counted reason."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from newscrawl.items import Article


def drop_reason(article: Article) -> str | None:
    """Why this article cannot be archived, or None."""
    if not article.title:
        return "no_title"
    if not article.body_text.strip():
        return "no_body"
    return None


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
