"""HttpAuthMiddleware: on only for crawls given credentials."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newscrawl.downloadermiddlewares.httpauth import HttpAuthMiddleware


def test_without_credentials_it_is_left_out() -> None:
    with pytest.raises(NotConfigured):
        HttpAuthMiddleware.from_crawler(get_crawler())


def test_with_credentials_it_sends_them_to_their_domain_only() -> None:
    settings = {"HTTPAUTH_USER": "me", "HTTPAUTH_PASS": "pw", "HTTPAUTH_DOMAIN": "mine.example"}
    auth = HttpAuthMiddleware.from_crawler(get_crawler(settings_dict=settings))
    mine, other = Request("https://mine.example/1.htm"), Request("https://other.example/a.jpg")
    auth.process_request(mine)
    auth.process_request(other)
    assert mine.headers.get(b"Authorization") == b"Basic bWU6cHc="
    assert b"Authorization" not in other.headers
