"""Progress lines while a crawl runs, and the one-screen summary when it ends."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twisted.internet.task import LoopingCall

# Scrapy and Twisted are imported where the extension runs, not with this module: its summary
# helpers serve `newscrawl cluster status` and the ingest too, which have no crawl (Scrapy's
# imports are ~0.2 s of a status command's 0.4 s).

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
        # A cluster worker's: articles it put on the item stream (the ingest archives them),
        # and what became of the frontier entries it leased (crawl/redis/tickets.py).
        "sent": int(stats.get("newscrawl/redis/items", 0)),
        "entries": {
            "done": int(stats.get("newscrawl/redis/acked", 0)),
            "given back": int(stats.get("newscrawl/redis/given_back", 0)),
            "lost": int(stats.get("newscrawl/redis/lease_lost", 0)),
            "dead letters": int(stats.get("newscrawl/redis/dead_letters", 0)),
        },
    }


def format_summary(summary: Mapping[str, Any], seconds: float) -> str:
    """A few plain lines, readable in a terminal, a log file or a cron mail."""
    return "\n".join(
        [
            heading("crawl", summary, seconds),
            *archive_lines(summary),
            *page_lines(summary),
            *entry_lines(summary.get("entry_points", {})),
        ]
    )


def format_worker_summary(summary: Mapping[str, Any], seconds: float, who: str = "worker") -> str:
    """A cluster worker's summary: the crawl's, but a worker archives nothing itself. Its
    articles went to the item stream (the ingest's summary says how they were archived), and
    its leased frontier entries were done, given back, lost to another worker or buried."""
    entries = summary["entries"]
    return "\n".join(
        [
            heading(who, summary, seconds),
            f"  sent       {summary['sent']} articles to the ingest",
            *page_lines(summary),
            f"  entries    done {entries['done']}, given back {entries['given back']}, "
            f"lost {entries['lost']}, dead letters {entries['dead letters']}",
        ]
    )


def format_ingest_summary(counts: Mapping[str, Any], seconds: float) -> str:
    """The ingest's summary: what it wrote of the item stream, in the crawl's words. An
    article sent twice (its worker died before acknowledging it) is written once: the second
    time it counts as unchanged (every write is an idempotent upsert)."""
    wrote = sum(counts.get(k, 0) for k in ("new", "updated", "unchanged"))
    gate = counts.get("proposed", {})
    return "\n".join(
        [
            f"ingest finished in {seconds:.1f}s: {wrote} articles written"
            f" in {counts.get('batches', 0)} batches",
            *archive_lines(counts),
            f"  passed     {counts.get('passed_over', 0)} pages not archived (visits remembered)",
            f"  entry      {counts.get('entry_points', 0)} entry points' validators",
            f"  replayed   {counts.get('replayed', 0)} entries an earlier ingest left pending",
            f"  failed     {counts.get('bad', 0)} entries not archivable (to the dead letters)",
            f"  checked    {sum(gate.values())} proposed pages against the archive"
            + (f" ({', '.join(f'{k} {v}' for k, v in sorted(gate.items()))})" if gate else ""),
        ]
    )


def heading(who: str, summary: Mapping[str, Any], seconds: float) -> str:
    rate = summary["pages"] / seconds if seconds > 0 else 0.0
    return f"{who} finished in {seconds:.1f}s: {summary['pages']} article pages ({rate:.1f}/s)" + (
        f", {summary['rendered']} rendered in the browser" if summary["rendered"] else ""
    )


def archive_lines(summary: Mapping[str, Any]) -> list[str]:
    new, updated = summary.get("new", 0), summary.get("updated", 0)
    return [
        f"  archived   {new + updated} (new {new}, updated {updated})",
        f"  unchanged  {summary.get('unchanged', 0)}",
    ]


def page_lines(summary: Mapping[str, Any]) -> list[str]:
    """What became of the pages a process fetched: the crawl's and a worker's alike."""
    return [
        f"  dropped    {reasons(summary['dropped'])}",
        f"  skipped    {reasons(summary['skipped'])}",
        f"  failed     {reasons(summary['failed'])}",
        f"  sanitized  {summary['sanitized']} bodies with active content removed",
        f"  images     ok {summary['images_ok']}, failed {reasons(summary['images_failed'])}",
    ]


def reasons(counts: Mapping[str, int]) -> str:
    total = sum(counts.values())
    detail = ", ".join(f"{k} {v}" for k, v in counts.items())
    return f"{total} ({detail})" if counts else "0"


def add_summaries(summaries: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Several processes' summaries as one: counts added, counts by reason added by reason."""
    total: dict[str, Any] = {}
    for summary in summaries:
        for key, value in summary.items():
            if isinstance(value, Mapping):
                into = total.setdefault(key, {})
                for reason, n in value.items():
                    into[reason] = into.get(reason, 0) + n
            else:
                total[key] = total.get(key, 0) + value
    return {k: dict(sorted(v.items())) if isinstance(v, dict) else v for k, v in total.items()}


def entry_lines(entries: Mapping[str, int]) -> list[str]:
    """One line per entry point a crawl read, with the article links it was first to give."""
    return [f"  entry      {name} ({n} article links)" for name, n in entries.items()]


class Progress:
    """Logs a progress line every NEWSCRAWL_PROGRESS_INTERVAL seconds and the summary at the end."""

    def __init__(
        self, stats: Any, interval: float, log_summary: bool = True, worker: bool = False
    ) -> None:
        self.stats, self.interval, self.log_summary = stats, interval, log_summary
        self.worker = worker  # a cluster worker's: it sends articles, the ingest archives them
        self.started = time.monotonic()
        self.loop: LoopingCall | None = None
        self.last_summary = ""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        settings = crawler.settings
        ext = cls(
            crawler.stats,
            settings.getfloat("NEWSCRAWL_PROGRESS_INTERVAL", 10.0),
            # The newscrawl CLI prints the summary itself (to stdout): not twice.
            settings.getbool("NEWSCRAWL_LOG_SUMMARY", True),
            settings.getbool("NEWSCRAWL_REDIS_WORKER"),
        )
        from scrapy import signals

        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        from twisted.internet.task import LoopingCall

        self.started = time.monotonic()
        self.loop = LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def tick(self) -> None:
        s = summarize(self.stats.get_stats())
        elapsed = time.monotonic() - self.started
        outcome = (
            f"sent {s['sent']} to the ingest"
            if self.worker
            else f"archived {s['new'] + s['updated']}, unchanged {s['unchanged']}"
        )
        logger.info(
            "progress: %d pages (%.1f/s), %s, dropped %d, failed %d, images %d ok / %d failed",
            s["pages"],
            s["pages"] / elapsed if elapsed else 0.0,
            outcome,
            sum(s["dropped"].values()),
            sum(s["failed"].values()),
            s["images_ok"],
            sum(s["images_failed"].values()),
        )

    def closed(self) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        elapsed = time.monotonic() - self.started
        summary = summarize(self.stats.get_stats())
        formatted = format_worker_summary if self.worker else format_summary
        self.last_summary = formatted(summary, elapsed)
        if self.log_summary:
            logger.info("summary\n%s", self.last_summary)
