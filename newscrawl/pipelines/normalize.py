"""Scrapy adapter over newscrawl.clean.normalize."""

from __future__ import annotations

from typing import Any

from newscrawl.clean.normalize import normalize
from newscrawl.items import Article


class NormalizePipeline:
    def process_item(self, item: Any) -> Any:
        return normalize(item) if isinstance(item, Article) else item
