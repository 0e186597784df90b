"""MetaRefreshMiddleware: Scrapy's redirects for pages that may refresh, others untouched."""

from __future__ import annotations

import re

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from newscrawl.downloadermiddlewares.metarefresh import (
    HEAD_BYTES,
    MetaRefreshMiddleware,
    may_refresh,
)

URL = "https://example.org/a/1.html"
REFRESH = b'<html><head><meta http-equiv="Refresh" content="0; url=/b/2.html"></head></html>'
PLAIN = b"<html><head><title>t</title></head><body>" + b"<p>text</p>" * 5000 + b"</body></html>"


@pytest.mark.parametrize(("body", "expected"), [
    (REFRESH, True),
    (REFRESH.upper(), True),
    (PLAIN, False),
    (PLAIN.replace(b"text", b"refreshing news"), False),  # no http-equiv: no refresh tag
    (PLAIN.replace(b"text", b"refreshing news http-equiv"), False),
    (PLAIN.replace(b"text", b'<meta http-equiv = refresh content="900">'), True),  # Scrapy decides
    (REFRESH.replace(b'"Refresh"', b'"&#82;efresh"'), True),  # an entity: Scrapy decides
    (REFRESH.replace(b'"Refresh"', b'"X-Refresh"'), True),  # w3lib takes any value holding it
    (REFRESH.replace(b'"Refresh"', b'"X-UA-Compatible"'), False),
    (REFRESH.replace(b"http-equiv", b"name"), False),  # <meta name="refresh"> is not one
    (REFRESH.replace(b"http-equiv", b"HTTP-EQUIV"), True),
    (REFRESH.decode().encode("utf-16"), True),  # not ASCII-compatible: Scrapy decodes it
    (b" " * HEAD_BYTES + REFRESH, False),  # past the 4096 characters Scrapy reads
    (b"", False),
])  # fmt: skip
def test_may_refresh(body: bytes, expected: bool) -> None:
    assert may_refresh(body) is expected


def test_may_refresh_folds_the_letters_a_case_insensitive_pattern_folds() -> None:
    # Every byte in place of each letter of "refresh": found exactly when rb"refresh" with
    # re.IGNORECASE (ASCII letters only, for bytes) would find it.
    pattern = re.compile(rb"refresh", re.IGNORECASE)
    for at in range(len(b"refresh")):
        for byte in range(1, 256):
            word = b"refresh"[:at] + bytes([byte]) + b"refresh"[at + 1 :]
            body = b"<html><head><meta http-equiv=" + word + b">"
            expected = pattern.search(body) is not None or byte == ord("&")  # an entity
            assert may_refresh(body) is expected, (at, byte)


def middleware() -> MetaRefreshMiddleware:
    crawler = get_crawler(Spider, {"METAREFRESH_ENABLED": True})
    crawler.spider = crawler._create_spider("test")  # as crawl() would
    return MetaRefreshMiddleware.from_crawler(crawler)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_refreshing_page_redirects(encoding: str) -> None:
    body = REFRESH.decode().encode(encoding)
    response = HtmlResponse(
        URL, body=body, headers={"Content-Type": f"text/html; charset={encoding}"}
    )
    result = middleware().process_response(Request(URL), response)
    assert isinstance(result, Request)
    assert result.url == "https://example.org/b/2.html"


def test_other_pages_pass_unchanged_and_undecoded() -> None:
    response = HtmlResponse(URL, body=PLAIN, headers={"Content-Type": "text/html; charset=utf-8"})
    assert middleware().process_response(Request(URL), response) is response
    assert getattr(response, "_cached_ubody", None) is None  # Scrapy's cache of response.text


def test_responses_that_are_not_html_are_scrapys_to_judge() -> None:
    response = Response(URL, body=REFRESH)
    assert middleware().process_response(Request(URL), response) is response
