"""Short, stable names for why a request failed, shared by spiders and the images pipeline."""

from __future__ import annotations

from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure


def failure_reason(failure: Failure) -> str:
    """A short, stable reason for a failed request: `http_404`, `timeout`, `dns`, ..."""
    if isinstance(failure.value, HttpError):
        return f"http_{failure.value.response.status}"
    name = type(failure.value).__name__
    if "Timeout" in name:
        return "timeout"
    if "DNS" in name:
        return "dns"
    if "Refused" in name or "ConnectionLost" in name or "ResponseFailed" in name:
        return "connection"
    return name
