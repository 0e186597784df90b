"""CookiesMiddleware: Scrapy's handling where there are cookies, nothing where there are none."""

from __future__ import annotations

from scrapy import Request
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
