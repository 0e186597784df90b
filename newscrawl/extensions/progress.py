"""Progress lines while a crawl runs, and the one-screen summary when it ends."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from scrapy import signals
from twisted.internet import task

logger = logging.getLogger(__name__)


def summarize(stats: Mapping[str, Any]) -> dict[str, Any]:
    """The crawl's outcome from its stats: archived, unchanged, dropped and failed by reason."""

    def by_prefix(prefix: str) -> dict[str, int]:
        return {k[len(prefix) :]: int(v) for k, v in sorted(stats.items()) if k.startswith(prefix)}

    images = by_prefix("newscrawl/images/")
    return {
        "pages": int(stats.get("newscrawl/pages", 0)),
        "rendered": int(stats.get("newscrawl/rendered", 0)),  # of them, in the browser
        "new": int(stats.get("newscrawl/archived/new", 0)),
        "updated": int(stats.get("newscrawl/archived/updated", 0)),
        "unchanged": int(stats.get("newscrawl/archived/unchanged", 0)),
        "posts_written": int(stats.get("newscrawl/posts_written", 0)),
        "dropped": by_prefix("newscrawl/dropped/"),
        "skipped": by_prefix("newscrawl/skipped/"),
        "failed": by_prefix("newscrawl/failed/"),
        "sanitized": int(stats.get("newscrawl/sanitized", 0)),
        "images_ok": images.get("ok", 0),
        "images_failed": {k[len("failed/") :]: v for k, v in images.items() if k != "ok"},
        # "feed URL" / "sitemap URL" / "listing URL" -> article links it gave first
        "entry_points": by_prefix("newscrawl/entry/"),
    }


def format_summary(summary: Mapping[str, Any], seconds: float) -> str:
    """A few plain lines, readable in a terminal, a log file or a cron mail."""

    def reasons(counts: Mapping[str, int]) -> str:
        total = sum(counts.values())
        detail = ", ".join(f"{k} {v}" for k, v in counts.items())
        return f"{total} ({detail})" if counts else "0"

    archived = summary["new"] + summary["updated"]
    rate = summary["pages"] / seconds if seconds > 0 else 0.0
    return "\n".join(
        [
            f"crawl finished in {seconds:.1f}s: {summary['pages']} article pages ({rate:.1f}/s)"
            + (f", {summary['rendered']} rendered in the browser" if summary["rendered"] else ""),
            f"  archived   {archived} (new {summary['new']}, updated {summary['updated']})",
            f"  unchanged  {summary['unchanged']}",
            f"  dropped    {reasons(summary['dropped'])}",
            f"  skipped    {reasons(summary['skipped'])}",
            f"  failed     {reasons(summary['failed'])}",
            f"  sanitized  {summary['sanitized']} bodies with active content removed",
            f"  images     ok {summary['images_ok']}, failed {reasons(summary['images_failed'])}",
            *entry_lines(summary.get("entry_points", {})),
        ]
    )


def entry_lines(entries: Mapping[str, int]) -> list[str]:
    """One line per entry point a crawl read, with the article links it was first to give."""
    return [f"  entry      {name} ({n} article links)" for name, n in entries.items()]


class Progress:
    """Logs a progress line every NEWSCRAWL_PROGRESS_INTERVAL seconds and the summary at the end."""

    def __init__(self, stats: Any, interval: float, log_summary: bool = True) -> None:
        self.stats, self.interval, self.log_summary = stats, interval, log_summary
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.last_summary = ""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        settings = crawler.settings
        ext = cls(
            crawler.stats,
            settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL", 10.0),
            # The newscrawl CLI prints the summary itself (to stdout): not twice.
            settings.getbool("NEWSCRAWL_LOG_SUMMARY", True),
        )
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def tick(self) -> None:
        s = summarize(self.stats.get_stats())
        elapsed = time.monotonic() - self.started
        logger.info(
            "progress: %d pages (%.1f/s), archived %d, unchanged %d, dropped %d, failed %d, "
            "images %d ok / %d failed",
            s["pages"],
            s["pages"] / elapsed if elapsed else 0.0,
            s["new"] + s["updated"],
            s["unchanged"],
            sum(s["dropped"].values()),
            sum(s["failed"].values()),
            s["images_ok"],
            sum(s["images_failed"].values()),
        )

    def closed(self) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        elapsed = time.monotonic() - self.started
        self.last_summary = format_summary(summarize(self.stats.get_stats()), elapsed)
        if self.log_summary:
            logger.info("summary\n%s", self.last_summary)
