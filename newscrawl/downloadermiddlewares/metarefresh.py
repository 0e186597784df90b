"""Meta refresh redirects, looked for without decoding every page in the crawl's own process.

Scrapy's MetaRefreshMiddleware reads the first 4096 characters of `response.text`, which
decodes the whole page and keeps that text with the response for as long as it lives: every
article page is decoded once here and again by its reader (crawl/reading.py). A page whose
first bytes hold no `http-equiv=` naming "refresh" (or an entity) within its tag has no refresh
tag in those characters, so it is passed on untouched; the rare page that does goes through
Scrapy's middleware unchanged.
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.http import HtmlResponse, Response

# Scrapy reads 4096 characters; no encoding takes more than 4 bytes for one of them.
HEAD_BYTES = 4 * 4096
# What a refresh tag needs, lowercased: w3lib's get_meta_refresh takes a tag whose http-equiv
# value holds "refresh" once its entities are replaced; this finds a superset of those.
_REFRESH_PRAGMA = re.compile(rb"http-equiv\s*=[^>]*(?:refresh|&)")


def may_refresh(body: bytes) -> bool:
    """Whether the page's head could hold a meta refresh: a tag's `http-equiv=` is followed by
    "refresh" or an entity before the tag ends (the word alone is common in scripts and other
    meta tags), or it is in an encoding (UTF-16, UTF-32) whose ASCII letters are not ASCII
    bytes."""
    head = body[:HEAD_BYTES]
    # bytes.lower() folds ASCII letters only, as a case-insensitive bytes pattern does; the
    # pattern's literal start lets the scan skip from one "http-equiv" to the next.
    return b"\0" in head or _REFRESH_PRAGMA.search(head.lower()) is not None


class MetaRefreshMiddleware(ScrapyMetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware for the pages that may refresh; others pass as they are."""

    def process_response(  # type: ignore[override]  # Scrapy's optional spider is deprecated
        self, request: Request, response: Response
    ) -> Request | Response:
        if isinstance(response, HtmlResponse) and not may_refresh(response.body):
            return response
        return super().process_response(request, response)
