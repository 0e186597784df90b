"""Image hosts that cannot be reached cost one wait per host, not one per image.

The first connection-level failure of an image or robots.txt request (its host's name does not
resolve, it refuses, it does not answer within NEWSCRAWL_IMAGE_TIMEOUT) marks its host
unreachable for the rest of the crawl, in one log line; its image requests and robots.txt
requests then fail at once, each image with one line from the images pipeline. Article pages
are never refused: their own retries decide. Image and robots.txt requests get
NEWSCRAWL_IMAGE_TIMEOUT instead of DOWNLOAD_TIMEOUT, so a host that swallows connections holds
its images (and their articles) for that long, once.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from newscrawl.downloadermiddlewares.robotscache import is_robots_request
from newscrawl.failures import exception_reason

logger = logging.getLogger(__name__)

UNREACHABLE = frozenset({"dns", "connection_refused", "timeout"})
IMAGE_META = "newscrawl_image"  # set by the images pipeline on its requests


class HostUnreachable(IgnoreRequest):  # Scrapy's IgnoreRequest family
    """A request refused because its host failed to connect earlier in this crawl."""


def is_image_request(request: Request) -> bool:
    return bool(request.meta.get(IMAGE_META))


class DeadHostMiddleware:
    def __init__(self, timeout: float, stats: Any) -> None:
        self.timeout, self.stats = timeout, stats
        self.dead: dict[str, str] = {}  # host[:port] -> why

    @classmethod
    def from_crawler(cls, crawler: Any) -> DeadHostMiddleware:
        timeout = crawler.settings.getfloat("NEWSCRAWL_IMAGE_TIMEOUT", 10.0)
        return cls(timeout, crawler.stats)

    def process_request(self, request: Request) -> None:
        if not (is_image_request(request) or is_robots_request(request)):
            return
        why = self.dead.get(urlparse_cached(request).netloc)
        if why is not None:
            raise HostUnreachable(f"host_unreachable ({why} earlier)")
        # DownloadTimeoutMiddleware, earlier in the chain, has set DOWNLOAD_TIMEOUT already.
        timeout = float(request.meta.get("download_timeout") or self.timeout)
        request.meta["download_timeout"] = min(timeout, self.timeout)

    def process_exception(self, request: Request, exception: BaseException) -> None:
        # Only what this middleware bounds tells: an article page that timed out was slow
        # (a page dripping its bytes), not its host unreachable for every image.
        if not (is_image_request(request) or is_robots_request(request)):
            return
        reason = exception_reason(exception)
        host = urlparse_cached(request).netloc
        if reason not in UNREACHABLE or host in self.dead:
            return
        self.dead[host] = reason
        self.stats.inc_value("newscrawl/unreachable_hosts")
        logger.warning(
            "host %s unreachable (%s): its images and robots.txt fail at once from now on",
            host,
            reason,
        )


class _OneLineRobotsErrors(logging.Filter):
    """Scrapy logs a robots.txt it could not fetch as an ERROR with a traceback; the crawl goes
    on as if the site allowed everything, which is worth one warning line with the reason."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not (record.exc_info and str(record.msg).startswith("Error downloading")):
            return True
        exception = record.exc_info[1]
        args = record.args if isinstance(record.args, dict) else {}
        request = args.get("request")
        host = urlparse_cached(request).netloc if isinstance(request, Request) else "?"
        reason = exception_reason(exception) if exception is not None else "error"
        if isinstance(exception, HostUnreachable):
            reason = str(exception)
        record.msg, record.args = (
            "robots.txt of %s not read (%s): all of it allowed",
            (
                host,
                reason,
            ),
        )
        record.exc_info, record.exc_text = None, None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_OneLineRobotsErrors())
