"""Scrapy's HttpAuthMiddleware, only in crawls given credentials (HTTPAUTH_USER / _PASS).

Scrapy's runs for every request to look for credentials in the request's meta or the spider's
attributes; newscrawl's spiders build each request's meta themselves and set neither, so
without the settings it would only cost every request a call.
"""

from __future__ import annotations

from typing import Any

from scrapy.downloadermiddlewares.httpauth import (
    HttpAuthMiddleware as ScrapyHttpAuthMiddleware,
)
from scrapy.exceptions import NotConfigured


class HttpAuthMiddleware(ScrapyHttpAuthMiddleware):
    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        settings = crawler.settings
        if not (settings.get("HTTPAUTH_USER") or settings.get("HTTPAUTH_PASS")):
            raise NotConfigured  # without a message: Scrapy would log it as a warning
        return super().from_crawler(crawler)
