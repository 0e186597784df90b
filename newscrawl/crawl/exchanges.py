"""HTTP exchanges kept for WARC export (NEWSCRAWL_KEEP_RESPONSES): a Scrapy response, and the
redirects before it, as KeptResponse."""

from __future__ import annotations

from datetime import datetime

from scrapy.http import Headers, Request, Response

from newscrawl.items import KeptResponse

# Request meta: the redirect exchanges (KeptResponse) that led to this request, oldest first,
# appended by downloadermiddlewares/redirect.py when responses are kept.
HOPS = "newscrawl_hops"


def kept_response(response: Response, fetched_at: datetime) -> KeptResponse:
    """The exchange as Scrapy saw it (header names title-cased by Scrapy's Headers), its body
    already decompressed: see KeptResponse; with the redirects that led to it, when
    RedirectMiddleware kept them (HOPS)."""
    request = response.request
    hops = request.meta.get(HOPS, []) if request else []
    return _exchange(response, request, fetched_at, list(hops))


def kept_redirect(response: Response, request: Request, fetched_at: datetime) -> KeptResponse:
    """A 3xx exchange being followed (in a downloader middleware: Scrapy has not tied the
    response to its request yet)."""
    return _exchange(response, request, fetched_at, [])


def _exchange(
    response: Response, request: Request | None, fetched_at: datetime, hops: list[KeptResponse]
) -> KeptResponse:
    return KeptResponse(
        url=response.url,
        status=response.status,
        request_headers=_header_pairs(request.headers) if request else [],
        response_headers=_header_pairs(response.headers),
        body=response.body,
        fetched_at=fetched_at,
        method=request.method if request else "GET",
        protocol=response.protocol or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else None,
        redirects=hops,
    )


def _header_pairs(headers: Headers) -> list[tuple[str, str]]:
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]
