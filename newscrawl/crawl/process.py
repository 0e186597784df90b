"""Scheduled crawls: every target source in one Scrapy process, each with its own JOBDIR."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from newscrawl import sources
from newscrawl.crawl.memory import import_libraries_without_unused, tune_gc, tune_malloc

if TYPE_CHECKING:
    from scrapy.crawler import CrawlerProcess

EXIT_OK, EXIT_FAILED, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 75, 130


@dataclass
class Target:
    """One source to crawl; `entries` replace its feeds (mirrors, tests)."""

    source_id: str
    entries: list[str] = field(default_factory=list)


def jobdir(data_dir: Path, target: Target) -> Path:
    """Where Scrapy keeps this target's queue between a graceful stop and the next run."""
    name = target.source_id
    if target.entries:
        name += "-" + hashlib.sha256("\n".join(target.entries).encode()).hexdigest()[:12]
    return data_dir / "jobs" / name


def spider_for(target: Target) -> str:
    """`feed` for a source that has only feeds (or given --entry URLs); `site` reads a
    source's feeds, sitemaps and listing pages together (spiders/site.py)."""
    from newscrawl import sources

    source = sources.get(target.source_id)
    return "site" if not target.entries and (source.sitemaps or source.listings) else "feed"


class _FramesOnly:
    """An `inspect` for scrapy.utils.deprecate whose stack() lists the caller's frames without
    reading their source, and whose getmodule() reads a frame's module from its globals: the
    same answers create_deprecated_class gets from the real module, without its cost."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    @staticmethod
    def stack() -> list[tuple[Any, ...]]:
        frames, frame = [], cast(Any, sys._getframe(1))
        while frame is not None:
            frames.append((frame,))
            frame = frame.f_back
        return frames

    @staticmethod
    def getmodule(frame: Any) -> Any:
        return sys.modules.get(frame.f_globals.get("__name__", ""))


def import_download_handler() -> None:
    """Import Scrapy's HTTP/1.1 download handler without its inspect.stack() calls.

    Its TLS modules (scrapy.core.downloader.tls, .contextfactory) define three deprecated
    aliases with scrapy.utils.deprecate.create_deprecated_class(), which only wants its
    caller's module but gets it through inspect.stack(): source lines of every frame and, per
    frame, a scan of sys.modules (CPython #92041), a noticeable part of a scheduled run's
    start-up under the engine's deep stack (benchmarks/README.md). For this one import it
    sees _FramesOnly; anything else, and every later call, is the real module."""
    import scrapy.utils.deprecate as deprecate

    real = getattr(deprecate, "inspect", None)
    if real is not None:  # (a Scrapy that no longer looks gets nothing to spare)
        setattr(deprecate, "inspect", _FramesOnly(real))  # noqa: B010  # mypy: not exported
    try:
        import scrapy.core.downloader.handlers.http11  # noqa: F401
    finally:
        if real is not None:
            setattr(deprecate, "inspect", real)  # noqa: B010


def remember_host_encodings() -> None:
    """Let Twisted encode each host name once a process instead of once a request.

    Each request Scrapy's HTTP/1.1 handler sends builds a HostnameEndpoint, which converts its
    host to IDNA bytes label by label (the `idna` package, as Scrapy patches it to allow `_`):
    tens of microseconds a request, for the few hosts a crawl talks to again and again. The
    conversion depends on the host alone, so its answers are remembered (a bounded cache)."""
    from twisted.internet.endpoints import HostnameEndpoint

    convert = HostnameEndpoint.__dict__.get("_hostAsBytesAndText")
    if isinstance(convert, staticmethod) and not hasattr(convert.__func__, "cache_info"):
        remembered = functools.lru_cache(maxsize=4096)(convert.__func__)
        setattr(HostnameEndpoint, "_hostAsBytesAndText", staticmethod(remembered))  # noqa: B010


def cli_process(data_dir: Path, overrides: dict[str, Any], verbose: bool) -> CrawlerProcess:
    """A CrawlerProcess with the project's settings, `data_dir` and `overrides`, whose output
    suits the CLI, which prints the summary itself: without `verbose`, newscrawl's own lines
    (progress, one line per failure) stay and Scrapy's INFO chatter (versions, components,
    overridden settings, the stats dump) goes."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    tune_malloc()
    tune_gc()
    import_libraries_without_unused()  # before Scrapy and the archive import them
    import_download_handler()
    remember_host_encodings()  # after Scrapy's handler patched the IDNA encoding
    from scrapy.crawler import CrawlerProcess  # deferred: Scrapy imports are slow
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("NEWSCRAWL_DATA_DIR", str(data_dir), priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    settings.set("NEWSCRAWL_LOG_SUMMARY", False, priority="cmdline")
    keep_depth_settings(settings)
    if settings.getbool("NEWSCRAWL_BROWSER"):  # --browser: every article page rendered
        render_in_browser(settings)
    if not verbose:
        settings.set("LOG_VERSIONS", [], priority="cmdline")
    process = CrawlerProcess(settings)  # configures logging (the "scrapy" logger at DEBUG)
    # Scrapy leaves the root logger at NOTSET and filters in its handler, so each library's
    # debug() call (trafilatura's, a page read in this process) builds a record to be dropped.
    logging.root.setLevel(settings.get("LOG_LEVEL") or logging.NOTSET)
    if not verbose:
        logging.getLogger("scrapy").setLevel(logging.WARNING)
    return process


def crawl_targets(
    data_dir: Path,
    targets: list[Target],
    refresh: bool,
    overrides: dict[str, Any],
    verbose: bool = False,
) -> list[dict[str, Any]]:
    """Crawl `targets` concurrently with the project's settings; each crawl's final stats."""
    process = cli_process(data_dir, {"NEWSCRAWL_REFRESH": refresh} | overrides, verbose)
    crawlers = []
    for target in targets:
        crawler = process.create_crawler(spider_for(target))
        # Each crawler has its own settings copy until it starts: its own queue directory.
        crawler.settings.set("JOBDIR", str(jobdir(data_dir, target)), priority="cmdline")
        if sources.get(target.source_id).render == "browser":
            render_in_browser(crawler.settings)
        process.crawl(crawler, source=target.source_id, entry=target.entries)
        crawlers.append(crawler)
    process.start()
    stats = [dict(c.stats.get_stats()) if c.stats else {} for c in crawlers]
    for target, crawl_stats in zip(targets, stats, strict=True):
        if crawl_stats.get("finish_reason") == "finished":  # nothing to resume: no queue kept
            shutil.rmtree(jobdir(data_dir, target), ignore_errors=True)
    with contextlib.suppress(OSError):
        (data_dir / "jobs").rmdir()  # only when empty
    return stats


_DEPTH_MIDDLEWARE = "scrapy.spidermiddlewares.depth.DepthMiddleware"


def keep_depth_settings(settings: Any) -> None:
    """Put Scrapy's DepthMiddleware back for a crawl given DEPTH_LIMIT, DEPTH_PRIORITY or
    DEPTH_STATS_VERBOSE: settings.py leaves it out because it costs every request and does
    nothing without them, and a Scrapy user's `--set DEPTH_LIMIT=2` must not be ignored."""
    if not (
        settings.getint("DEPTH_LIMIT")
        or settings.getint("DEPTH_PRIORITY")
        or settings.getbool("DEPTH_STATS_VERBOSE")
    ):
        return
    middlewares = settings.getdict("SPIDER_MIDDLEWARES")
    middlewares[_DEPTH_MIDDLEWARE] = settings.getdict("SPIDER_MIDDLEWARES_BASE")[_DEPTH_MIDDLEWARE]
    settings.set("SPIDER_MIDDLEWARES", middlewares, priority="cmdline")


def render_in_browser(settings: Any) -> None:
    """Adds crawl/browser.py's settings to a crawl's `settings` (before it starts)."""
    from newscrawl.crawl.browser import browser_settings

    found = browser_settings(settings.get("NEWSCRAWL_CHROMIUM"))
    for name, value in found.items():
        settings.set(name, value, priority="cmdline")


def exit_status(stats: list[dict[str, Any]]) -> int:
    """130 if a crawl was interrupted (resumable), else 1 if one failed, else 0."""
    statuses = [s.get("newscrawl/run_status", "failed") for s in stats]
    if "interrupted" in statuses:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if "failed" in statuses else EXIT_OK


def summary_line(source_id: str, stats: dict[str, Any]) -> str:
    """One line per source for a crawl of several: status and counts by outcome."""
    from newscrawl.extensions.progress import summarize

    s = summarize(stats)
    status = stats.get("newscrawl/run_status", "failed")
    seconds = float(stats.get("elapsed_time_seconds", 0.0))
    return (
        f"{source_id:<16} {status:<11} new {s['new']:>4}  updated {s['updated']:>3}  "
        f"unchanged {s['unchanged']:>4}  skipped {sum(s['skipped'].values()):>4}  "
        f"failed {sum(s['failed'].values()):>3}  {seconds:.1f}s"
    )
