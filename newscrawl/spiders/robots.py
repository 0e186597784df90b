"""robots.txt as the crawl read it: Scrapy's RobotsTxtMiddleware asks for a site's robots.txt
before its first page, and the site spider takes the `Sitemap:` lines from that answer instead
of asking for the file a second time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy import Request, signals
from scrapy.http import Response

from newscrawl.downloadermiddlewares.robotscache import is_robots_request
from newscrawl.extract.sitemap import robots_sitemaps


@dataclass(frozen=True)
class RobotsAnswer:
    """A robots.txt response: its status, the URL it came from (after redirects) and, for a
    2xx one, its `Sitemap:` URLs (a site without robots.txt names none: 404 is no file)."""

    status: int
    url: str
    sitemaps: list[str]

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class RobotsAnswers:
    """The robots.txt answers the crawl receives (the site's, or the archive's cached copy)
    while listening, by the URL asked for; `close` stops listening (every response is seen
    while it listens, so only for the few of a site's discovery)."""

    def __init__(self, crawler_signals: Any) -> None:
        self.signals = crawler_signals
        self.answers: dict[str, RobotsAnswer] = {}
        self.signals.connect(self.received, signal=signals.response_received)
        self.listening = True

    def received(self, response: Response, request: Request, **_: Any) -> None:
        if not is_robots_request(request):
            return
        asked = (request.meta.get("redirect_urls") or [request.url])[0]
        found = robots_sitemaps(response.body, response.url) if 200 <= response.status < 300 else []
        self.answers[asked] = RobotsAnswer(response.status, response.url, found)

    def get(self, robots_url: str) -> RobotsAnswer | None:
        return self.answers.get(robots_url)

    def close(self) -> None:
        if self.listening:
            self.listening = False
            self.signals.disconnect(self.received, signal=signals.response_received)
