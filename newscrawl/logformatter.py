"""Scrapy's LogFormatter, without the per-response and per-item DEBUG lines when nobody sees them.

Scrapy leaves the root logger at NOTSET and filters at its handler, so the "Crawled (200)" line
of every response and the "Scraped from" line of every item are built (the request's Referer
looked up, a log record made) and only then dropped by a crawl logging at INFO.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter, LogFormatterResult


def logs_debug(settings: Any) -> bool:
    """Whether the crawl's log shows DEBUG lines (Scrapy's LOG_LEVEL, a name or a number)."""
    if not settings.getbool("LOG_ENABLED", True):
        return False
    level = settings.get("LOG_LEVEL", "DEBUG")
    number = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
    return isinstance(number, int) and number <= logging.DEBUG


class QuietLogFormatter(LogFormatter):
    """Returns None (Scrapy then logs nothing) for `crawled` and `scraped` unless the crawl
    logs at DEBUG; every other line is Scrapy's."""

    def __init__(self, debug: bool = True) -> None:
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler: Any) -> QuietLogFormatter:
        return cls(logs_debug(crawler.settings))

    def crawled(self, request: Any, response: Any, spider: Any) -> LogFormatterResult:
        if not self.debug:
            return None  # type: ignore[return-value]  # Scrapy's documented "log nothing"
        return super().crawled(request, response, spider)

    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult:
        if not self.debug:
            return None  # type: ignore[return-value]
        return super().scraped(item, response, spider)
