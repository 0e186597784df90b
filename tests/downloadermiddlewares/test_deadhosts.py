"""Which failures mark an image host unreachable."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError, TimeoutError

from newscrawl.downloadermiddlewares.deadhosts import (
    IMAGE_META,
    DeadHostMiddleware,
    HostUnreachable,
)

PAGE = "http://news.example/1.htm"
IMAGE = "http://news.example/a.jpg"


def middleware() -> DeadHostMiddleware:
    return DeadHostMiddleware(10.0, get_crawler().stats)


def image() -> Request:
    return Request(IMAGE, meta={IMAGE_META: True})


def test_an_article_page_that_timed_out_leaves_its_hosts_images_alone() -> None:
    dead = middleware()
    dead.process_exception(Request(PAGE), TimeoutError())
    dead.process_request(image())  # not refused
    assert dead.dead == {}


@pytest.mark.parametrize("exception", [TimeoutError(), DNSLookupError()])
def test_an_image_that_could_not_connect_marks_its_host(exception: Exception) -> None:
    dead = middleware()
    dead.process_exception(image(), exception)
    with pytest.raises(HostUnreachable):
        dead.process_request(image())
    dead.process_request(Request(PAGE))  # article pages are never refused
