"""Decompression bounded by DOWNLOAD_MAXSIZE (gzip bombs), failing with a named reason."""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompressionMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from newscrawl.failures import TooLargeDecoded


class HttpCompressionMiddleware(ScrapyHttpCompressionMiddleware):
    """Scrapy's HttpCompressionMiddleware, which stops decoding a body at DOWNLOAD_MAXSIZE;
    that refusal becomes TooLargeDecoded, a reason of its own."""

    def process_response(  # type: ignore[override]  # Scrapy's optional spider is deprecated
        self, request: Request, response: Response
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:  # the only one Scrapy raises here: the size limit
            raise TooLargeDecoded(str(exc)) from exc
