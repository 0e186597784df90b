"""QuietLogFormatter: the per-response and per-item DEBUG lines only in crawls logging DEBUG."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl.logformatter import QuietLogFormatter, logs_debug


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"LOG_LEVEL": "INFO"}, False),
        ({"LOG_LEVEL": "debug"}, True),
        ({"LOG_LEVEL": logging.DEBUG}, True),
        ({"LOG_LEVEL": logging.WARNING}, False),
        ({"LOG_LEVEL": "DEBUG", "LOG_ENABLED": False}, False),
        ({}, True),  # Scrapy's own default level
    ],
)
def test_logs_debug(settings: dict[str, object], expected: bool) -> None:
    assert logs_debug(Settings(settings)) is expected


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
def test_crawled_and_scraped_lines_only_at_debug(level: str) -> None:
    crawler = get_crawler(Spider, {"LOG_LEVEL": level})
    formatter = QuietLogFormatter.from_crawler(crawler)
    spider = crawler._create_spider("t")
    request = Request("http://news.example/1.htm")
    response = Response(request.url, request=request)
    crawled = formatter.crawled(request, response, spider)
    scraped = formatter.scraped({"title": "t"}, response, spider)
    if level == "DEBUG":
        assert crawled is not None
        assert scraped is not None
        assert crawled["level"] == scraped["level"] == logging.DEBUG
    else:
        assert crawled is None
        assert scraped is None
    # The lines a crawl at INFO shows are Scrapy's.
    dropped = formatter.dropped({"title": "t"}, Exception("no body"), response, spider)
    assert dropped is not None
    assert dropped["level"] == logging.WARNING
