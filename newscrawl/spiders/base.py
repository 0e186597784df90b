"""ArticleSpider: the shared half of every spider (source lookup, article pages, failures)."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawl import sources
from newscrawl.archive import archive_path_from_settings
from newscrawl.archive.revisits import due_urls
from newscrawl.archive.schema import open_db
from newscrawl.crawl.exchanges import kept_response
from newscrawl.crawl.pool import GENERIC_READING, PageReader, PageReadError, page_reader
from newscrawl.downloadermiddlewares.incremental import AlreadyArchived, NotModified, SeenBefore
from newscrawl.extensions.throttle import stalled
from newscrawl.extract.feed import FeedEntry
from newscrawl.failures import DROPPED_REASONS, failure_detail, failure_reason
from newscrawl.items import Article
from newscrawl.signals import page_passed_over
from newscrawl.sources.base import Source

if TYPE_CHECKING:
    from newscrawl.crawl.reading import PageRead

logger = logging.getLogger(__name__)


_HTML_TYPES = ("", "text/html", "application/xhtml+xml")
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|h1)[\s>/]", re.I
)
# Files that are not pages, by their first bytes: images, PDF, archives, fonts, audio, video.
_BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00",
    b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"wOFF", b"wOF2", b"OggS",
    b"ID3", b"\x1aE\xdf\xa3", b"fLaC",
)  # fmt: skip
_HOSTS_REMEMBERED = 4096
# Control bytes no text page is made of (ESC aside: ISO-2022 encodings use it).
_CONTROL = bytes([*range(1, 9), *range(14, 27), *range(28, 32)])


def content_type_of(response: Response) -> str | None:
    value = response.headers.get(b"Content-Type")
    return value.decode("latin-1") if value else None


def page_problem(body: bytes, content_type: str | None) -> str | None:
    """Why a 200 response cannot be an article page (`empty_body`, `not_html`), or None.

    The bytes decide, not the header: an HTML page served as application/octet-stream or
    image/jpeg is still read (sites do that), and a PNG served as text/html is not.
    """
    sample = body[:65536].replace(b"\0", b"")  # UTF-16 markup reads as ASCII without its NULs
    if not sample.strip():
        return "empty_body"
    if body.startswith(_BINARY_SIGNATURES):
        return "not_html"
    if _HTML_TAG.search(sample):
        return None
    if not is_html_type(content_type) or _binary(body[:4096]):
        return "not_html"
    return None  # text served as HTML without tags: extraction decides


def _binary(head: bytes) -> bool:
    return b"\0" in head or len(head.translate(None, _CONTROL)) < 0.9 * len(head)


def is_html_type(content_type: str | None) -> bool:
    return (content_type or "").partition(";")[0].strip().lower() in _HTML_TYPES


def describe(failure: Failure, reason: str, request: scrapy.Request) -> str:
    """`reason after N retries (detail)`: the detail is the error's own message and, after
    redirects, where the request ended."""
    retries = int(request.meta.get("retry_times", 0))
    # HttpError's message ("Ignoring non-200 response") says nothing the status does not.
    detail = "" if isinstance(failure.value, HttpError) else failure_detail(failure)
    if request.meta.get("redirect_urls") and request.url not in detail:
        detail = "; ".join(filter(None, [detail, f"at {request.url}"]))
    after = f" after {retries} retries" if retries else ""
    return reason + after + (f" ({detail})" if detail else "")


def apply_politeness(settings: Settings, source: Source | None) -> None:
    """A source's crawl_settings over the shipped defaults (an explicit -s or CLI override
    still wins), and NEWSCRAWL_CONTACT_URL put into the User-Agent."""
    for name, value in (source.crawl_settings if source else {}).items():
        settings.set(name, value, priority="spider")
    agent, contact = settings.get("USER_AGENT") or "", settings.get("NEWSCRAWL_CONTACT_URL")
    if "{contact}" in agent:
        settings.set("USER_AGENT", agent.replace("{contact}", contact or "no contact given"),
                     priority=settings.getpriority("USER_AGENT") or 0)  # fmt: skip


class ArticleSpider(scrapy.Spider):
    """Base of all spiders: `source` names a registered source; `entry` replaces its entry
    points (mirrors, replays, tests) while its extraction rules still apply."""

    name = "article"

    def __init__(
        self, source: str | None = None, entry: str | list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        entries = entry.split(",") if isinstance(entry, str) else list(entry or [])
        self.entries = [e.strip() for e in entries if e.strip()]
        self.source: Source | None = sources.get(source) if source else None
        self.keep_responses = False  # NEWSCRAWL_KEEP_RESPONSES, read in from_crawler
        self.reader: PageReader | None = None  # set in from_crawler: a pool, or inline
        self.default_categories = sources.DEFAULT_CATEGORIES  # NEWSCRAWL_DEFAULT_CATEGORIES
        self.sources_by_host: dict[str, Source] = {}  # source_for's answers

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ArticleSpider:
        data_dir = crawler.settings.get("NEWSCRAWL_DATA_DIR")
        sources.use_user_sources(Path(data_dir) / "sources" if data_dir else None)
        spider: ArticleSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        apply_politeness(crawler.settings, spider.source)
        spider.keep_responses = crawler.settings.getbool("NEWSCRAWL_KEEP_RESPONSES")
        crawler.signals.connect(spider.open_reader, signal=signals.spider_opened)
        crawler.signals.connect(spider.close_reader, signal=signals.spider_closed)
        if crawler.settings.get("NEWSCRAWL_DEFAULT_CATEGORIES") is not None:  # else the default
            template = tuple(crawler.settings.getlist("NEWSCRAWL_DEFAULT_CATEGORIES"))
            sources.default_categories(template, "site")  # a bad setting fails here, not per page
            spider.default_categories = template
        return spider

    def open_reader(self) -> None:
        """Start the page readers as the crawl opens, on the loop that will await them: they
        are ready by the first article page (a crawl that reads none closes them unused)."""
        if self.reader is None and self.reads_pages():
            self.reader = self.new_reader()
            self.reader.start()

    def reads_pages(self) -> bool:
        """Whether this crawl reads article pages (discovery alone reads none)."""
        return True

    def new_reader(self) -> PageReader:
        # Pages read without a source's body selector go through trafilatura, imported by
        # the first such page: a reader imports it as it starts instead.
        generic = self.source is None or not self.source.body
        warm = GENERIC_READING if generic else ()
        settings, hold = self.crawler.settings, self.inline_hold()
        return page_reader(settings, lambda: stalled(self.crawler), warm, hold)

    def inline_hold(self) -> float | None:
        """The most seconds one page read in the crawl's own thread may hold it (beside the
        read timeout); None: the timeout alone."""
        return None

    def close_reader(self) -> None:
        if self.reader is not None:
            # What the crawl's own thread read (the rest went to the page readers).
            self.crawler.stats.set_value("newscrawl/pages_read_inline", self.reader.read_inline)
            self.reader.close()
            self.reader = None

    async def read(self, response: Response, source: Source, entry: FeedEntry | None) -> PageRead:
        """read_page for this response, in the crawl's reader (started as the crawl opened, or
        on first use)."""
        if self.reader is None:
            self.reader = self.new_reader()
        content_type = content_type_of(response)
        return await self.reader.read(response.body, response.url, content_type, source, entry)

    def source_for(self, url: str) -> Source:
        """The source whose rules read `url`: the spider's, else the one claiming its host,
        else a generic one for the site. Remembered by host: the answer depends on the host
        only, and a generic Source checks its fields as it is built (every link of a sitemap
        and every page asked it)."""
        if self.source is not None:
            return self.source
        host = (urlsplit(url).hostname or "").lower()
        found = self.sources_by_host.get(host)
        if found is None:
            if len(self.sources_by_host) >= _HOSTS_REMEMBERED:  # a crawl of very many sites
                self.sources_by_host.clear()
            found = sources.for_url(url) or sources.generic(url, self.default_categories)
            self.sources_by_host[host] = found
        return found

    def article_request(self, url: str, entry: FeedEntry | None = None) -> scrapy.Request:
        # The marks the incremental middlewares read: skip it if archived, unless the feed
        # or sitemap says it changed since.
        meta: dict[str, Any] = {"newscrawl_article": True}
        if entry is not None and entry.updated is not None:
            meta["newscrawl_listed"] = entry.updated.astimezone(UTC).isoformat()
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.failed,
            cb_kwargs={"entry": entry},
            meta=meta,
        )

    async def parse_article(
        self, response: Response, entry: FeedEntry | None = None
    ) -> AsyncIterator[Article]:
        content_type = content_type_of(response)
        source = self.source_for(response.url)
        problem = page_problem(response.body, content_type)
        if problem:
            self.dropped(response.url, problem)
            self.passed_over(response, source, "dropped")
            return
        if not is_html_type(content_type):
            self.crawler.stats.inc_value("newscrawl/read_as_html")
            logger.warning("read %s as HTML although served as %s", response.url, content_type)
        try:
            read = await self.read(response, source, entry)
        except PageReadError as exc:
            # Not retried: reading is the same on the same bytes (a page that held a reader for
            # NEWSCRAWL_READ_TIMEOUT would hold another as long), and not remembered as passed
            # over: a failure, asked for again by the next crawl, like a 5xx.
            self.crawler.stats.inc_value(f"newscrawl/failed/{exc.reason}")
            logger.error("failed %s: %s (%s)", response.url, exc.reason, exc.detail)
            return
        article = read.article
        reason = read.skip or self.not_wanted(article)
        if reason:
            self.skipped(response.url, reason)
            self.passed_over(response, source, "skipped")
            return
        article.fetched_at = datetime.now(UTC)
        article.requested_urls = list(response.meta.get("redirect_urls", []))
        if self.keep_responses:
            article.response = kept_response(response, article.fetched_at)
        self.crawler.stats.inc_value("newscrawl/pages")
        self.count_selector_misses(read.selector_misses)
        yield article

    def due_revisits(self) -> list[str]:
        """Archived articles of this spider's source whose revisit is due now."""
        path = archive_path_from_settings(self.settings)
        if self.source is None or not path.exists():
            return []
        db = open_db(path)
        try:
            return due_urls(db, self.source.id, datetime.now(UTC))
        finally:
            db.close()

    def count_selector_misses(self, missed: list[str] | None) -> None:
        """Pages where a selector the source declares found nothing: `newscrawl check` reads
        their share, so a site redesign shows up instead of a silent drop. None: the source
        declares no selectors."""
        if missed is None:
            return
        stats = self.crawler.stats
        stats.inc_value("newscrawl/selectors/pages")
        if missed:
            stats.inc_value("newscrawl/selectors/failed_pages")
        for name in missed:
            stats.inc_value(f"newscrawl/selectors/missed/{name}")

    def not_wanted(self, article: Article) -> str | None:
        """Why this spider does not archive an article page (read_page already set aside
        tag, video and index pages); subclasses add their bounds."""
        return None

    def skipped(self, url: str, reason: str) -> None:
        """Count `reason`'s first word and log all of it: `skipped URL: video_page (...)`."""
        self.crawler.stats.inc_value(f"newscrawl/skipped/{reason.split(' ', 1)[0]}")
        logger.info("skipped %s: %s", url, reason)

    def failed(self, failure: Failure) -> None:
        """Errback of every request: one counted outcome and one log line naming the URL the
        spider asked for (before any redirect) and why it came to nothing."""
        request = failure.request  # type: ignore[attr-defined]  # set by Scrapy
        if isinstance(failure.value, AlreadyArchived):
            self.crawler.stats.inc_value("newscrawl/skipped/archived")
            logger.debug("skipped %s: archived, not due again", request.url)
            return
        if isinstance(failure.value, SeenBefore):
            self.crawler.stats.inc_value("newscrawl/skipped/seen_before")
            logger.debug("skipped %s: fetched before, not archived, not due again", request.url)
            return
        if isinstance(failure.value, NotModified):
            logger.info("%s: not modified since the last crawl", request.url)
            return
        if request.meta.get("newscrawl_entry"):
            self.crawler.stats.inc_value("newscrawl/entry_failed")
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        reason = failure_reason(failure)
        if reason == "robots_txt":  # the site asked us not to: our choice, not its fault
            self.skipped(url, "robots_txt (disallowed by the site's robots.txt)")
            return
        outcome = "dropped" if reason in DROPPED_REASONS else "failed"
        self.crawler.stats.inc_value(f"newscrawl/{outcome}/{reason}")
        log = logger.warning if outcome == "dropped" else logger.error
        log("%s %s: %s", outcome, url, describe(failure, reason, request))

    def passed_over(self, response: Response, source: Source, outcome: str) -> None:
        """Tell the pipelines a fetched page was not archived (signals.page_passed_over)."""
        urls = [*response.meta.get("redirect_urls", []), response.url]
        self.crawler.signals.send_catch_log(
            signal=page_passed_over, urls=urls, source_id=source.id, outcome=outcome
        )

    def dropped(self, url: str, reason: str) -> None:
        self.crawler.stats.inc_value(f"newscrawl/dropped/{reason}")
        logger.warning("dropped %s: %s", url, reason)

    def request_dropped(self, request: scrapy.Request) -> None:
        """The scheduler's duplicate filter refused a request: say so instead of losing it."""
        self.crawler.stats.inc_value("newscrawl/skipped/duplicate")
        logger.info("skipped %s: already requested in this crawl", request.url)
