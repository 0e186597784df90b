"""CookiesMiddleware: Scrapy's handling where there are cookies, nothing where there are none."""

from __future__ import annotations

import subprocess
import sys

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newscrawl.downloadermiddlewares.cookies import CookiesMiddleware

SITE = "http://news.example"


def middleware() -> CookiesMiddleware:
    return CookiesMiddleware.from_crawler(get_crawler(settings_dict={"COOKIES_ENABLED": True}))


def test_a_cookie_a_site_sets_is_sent_back_to_it_and_not_elsewhere() -> None:
    cookies = middleware()
    first = Request(f"{SITE}/1.htm")
    assert cookies.process_request(first) is None
    assert b"Cookie" not in first.headers
    set_cookie = Response(f"{SITE}/1.htm", headers={"Set-Cookie": "consent=yes; Path=/"})
    assert cookies.process_response(first, set_cookie) is set_cookie
    second, image = Request(f"{SITE}/2.htm"), Request("http://img.example/a.jpg")
    cookies.process_request(second)
    cookies.process_request(image)
    assert second.headers.get(b"Cookie") == b"consent=yes"
    assert b"Cookie" not in image.headers


def test_a_request_with_nothing_to_send_leaves_with_no_cookie_header() -> None:
    # Scrapy's sends the jar's cookies only: a Cookie header set by hand goes, as there.
    request = Request(f"{SITE}/1.htm", headers={"Cookie": "stale=1"})
    assert middleware().process_request(request) is None
    assert b"Cookie" not in request.headers


def test_a_requests_own_cookies_are_sent_and_kept() -> None:
    cookies = middleware()
    cookies.process_request(Request(f"{SITE}/1.htm", cookies={"session": "a1"}))
    later = Request(f"{SITE}/2.htm")
    cookies.process_request(later)
    assert later.headers.get(b"Cookie") == b"session=a1"


def test_dont_merge_cookies_is_scrapys() -> None:
    cookies = middleware()
    request = Request(f"{SITE}/1.htm", meta={"dont_merge_cookies": True})
    response = Response(request.url, headers={"Set-Cookie": "a=1"})
    cookies.process_response(request, response)
    later = Request(f"{SITE}/2.htm")
    cookies.process_request(later)
    assert b"Cookie" not in later.headers


def test_scrapys_middleware_is_built_at_the_first_cookie_and_keeps_it() -> None:
    cookies = middleware()
    first = Request(f"{SITE}/1.htm")
    cookies.process_request(first)
    cookies.process_response(first, Response(first.url, headers={"Cache-Control": "no-store"}))
    assert cookies.scrapys is None
    cookies.process_response(first, Response(first.url, headers={"Set-Cookie": "id=7; Path=/"}))
    assert cookies.scrapys is not None
    later = Request(f"{SITE}/2.htm")
    cookies.process_request(later)
    assert later.headers.get(b"Cookie") == b"id=7"


def test_cookies_disabled_builds_no_middleware() -> None:
    crawler = get_crawler(settings_dict={"COOKIES_ENABLED": False})
    with pytest.raises(NotConfigured):
        CookiesMiddleware.from_crawler(crawler)


START = """
import sys
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.utils.test import get_crawler
from newscrawl import settings

crawler = get_crawler(settings_dict={k: getattr(settings, k) for k in dir(settings) if k.isupper()})
manager = DownloaderMiddlewareManager.from_crawler(crawler)
print(*[type(m).__module__ for m in manager.middlewares if "ookie" in type(m).__name__])
print("tldextract" in sys.modules)
"""


def test_a_crawls_middlewares_are_built_without_tldextract() -> None:
    """Scrapy's cookies module (and tldextract, requests, urllib3, filelock under it) is
    imported at the first cookie, not as the crawl starts."""
    done = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[:2] == ["newscrawl.downloadermiddlewares.cookies", "False"]
