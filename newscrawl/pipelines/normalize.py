"""Scrapy adapter over newscrawl.clean.normalize (already done for a page a reader cleaned)."""

from __future__ import annotations

from typing import Any

from newscrawl.clean.article import cleaned_already
from newscrawl.clean.normalize import normalize
from newscrawl.items import Article


class NormalizePipeline:
    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article) and cleaned_already(item) is None:
            return normalize(item)
        return item
