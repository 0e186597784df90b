"""Short, stable names for why a request failed, shared by spiders and the images pipeline."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed


class TooLargeDecoded(IgnoreRequest):
    """A compressed body that outgrows DOWNLOAD_MAXSIZE once decoded (a gzip bomb)."""


class TooManyRedirects(IgnoreRequest):
    """More redirects than REDIRECT_MAX_TIMES."""


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL already visited on the way."""


# Checked in order, first match wins. Scrapy >= 2.19 wraps Twisted's errors in its own
# exceptions; the Twisted ones stay for callers (and Scrapy versions) that see them raw.
_REASONS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError), "timeout"),
    ((CannotResolveHostError, error.DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, error.ConnectionRefusedError), "connection_refused"),
    ((ResponseDataLossError,), "truncated"),
    (
        (DownloadFailedError, ResponseFailed, error.ConnectionLost, error.ConnectionDone),
        "connection_lost",
    ),
    # Scrapy's download handler cancels a body that outgrows DOWNLOAD_MAXSIZE; nothing else
    # in a running crawl cancels a download.
    ((DownloadCancelledError,), "too_large"),
    ((TooLargeDecoded,), "too_large_decoded"),
    ((TooManyRedirects,), "too_many_redirects"),
    ((RedirectLoop,), "redirect_loop"),
)

# Reasons that are a decision of ours about a response, not a fault of the server or network:
# spiders count them as dropped, not failed.
DROPPED_REASONS = frozenset({"too_large", "too_large_decoded"})


def failure_reason(failure: Failure) -> str:
    """A short, stable reason for a failed request: `http_404`, `timeout`, `too_large`, ..."""
    return exception_reason(failure.value)


def exception_reason(value: BaseException | None) -> str:
    """failure_reason of an exception not wrapped in a Failure (downloader middlewares)."""
    if isinstance(value, HttpError):
        return f"http_{value.response.status}"
    for types, reason in _REASONS:
        if isinstance(value, types):
            return reason
    if isinstance(value, IgnoreRequest) and "robots.txt" in str(value):
        return "robots_txt"
    if type(value).__module__.startswith("playwright."):
        # Named, not imported: a crawl that renders nothing never loads Playwright.
        return "browser_timeout" if type(value).__name__ == "TimeoutError" else "browser_error"
    return type(value).__name__


def failure_detail(failure: Failure) -> str:
    """The failure's own message, with the Twisted failures Scrapy wraps spelled out."""
    value = failure.value
    cause = value.__cause__ if isinstance(value, DownloadFailedError) else value
    if isinstance(cause, ResponseFailed):
        return "; ".join(reason.getErrorMessage() for reason in cause.reasons)
    if type(value).__module__.startswith("playwright."):
        # Playwright's messages go on with a call log, line after line.
        return failure.getErrorMessage().strip().splitlines()[0]
    return failure.getErrorMessage()
