"""CrawlRuns: one `crawl_runs` row per crawl of a source: start, end, outcome counts, errors."""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from sqlite_utils import Database

from newscrawl.archive import archive_path_from_settings
from newscrawl.archive.runs import pid_alive
from newscrawl.archive.schema import open_db, write_transaction
from newscrawl.extensions.progress import summarize

logger = logging.getLogger(__name__)


def run_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """What a run row keeps of the crawl's stats: counts by outcome and reason."""
    summary = summarize(stats)
    counts: dict[str, Any] = {
        name: summary[name] for name in ("pages", "new", "updated", "unchanged", "posts_written")
    }
    for name in ("skipped", "dropped", "failed"):
        counts[name] = sum(summary[name].values())
        counts[f"{name}_by_reason"] = summary[name]
    counts["images_ok"] = summary["images_ok"]
    counts["images_failed"] = sum(summary["images_failed"].values())
    counts["entry_failed"] = int(stats.get("newscrawl/entry_failed", 0))
    counts["spider_exceptions"] = int(stats.get("spider_exceptions/count", 0))
    counts["selector_pages"] = int(stats.get("newscrawl/selectors/pages", 0))
    counts["selector_failed_pages"] = int(stats.get("newscrawl/selectors/failed_pages", 0))
    return counts


def run_status(counts: dict[str, Any], reason: str) -> str:
    """`ok`, `interrupted` (Ctrl-C: resumable) or `failed`: an entry point could not be read,
    the spider raised, the crawl ended abnormally, or pages failed and nothing was archived."""
    if reason == "shutdown":
        return "interrupted"
    archived = counts["new"] + counts["updated"] + counts["unchanged"]
    if (
        reason != "finished"
        or counts["entry_failed"]
        or counts["spider_exceptions"]
        or (counts["failed"] and not archived)
    ):
        return "failed"
    return "ok"


class CrawlRuns:
    def __init__(self, db: Database, stats: Any) -> None:
        self.db, self.stats = db, stats
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlRuns:
        ext = cls(open_db(archive_path_from_settings(crawler.settings)), crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        source = getattr(spider, "source", None)
        source_id = source.id if source is not None else spider.name
        with write_transaction(self.db):
            self._mark_killed()
            table = self.db.table("crawl_runs")
            table.insert(
                {
                    "source_id": source_id,
                    "started_at": _now(),
                    "status": "running",
                    "pid": os.getpid(),
                    "command": " ".join(["newscrawl", *sys.argv[1:]]),
                }
            )
            self.run_id = table.last_pk

    def _mark_killed(self) -> None:
        running = self.db.execute("select id, pid from crawl_runs where status = 'running'")
        for run_id, pid in running.fetchall():
            if not pid_alive(pid):
                self.db.execute(
                    "update crawl_runs set status = 'killed' where id = :id", {"id": run_id}
                )

    def spider_closed(self, reason: str) -> None:
        counts = run_counts(self.stats.get_stats())
        status = run_status(counts, reason)
        self.stats.set_value("newscrawl/run_status", status)
        failed = counts["failed_by_reason"]
        error = ", ".join(f"{k} {v}" for k, v in failed.items()) or None
        if reason not in ("finished", "shutdown"):
            error = "; ".join(filter(None, [f"ended: {reason}", error]))
        row: dict[str, Any] = {"ended_at": _now(), "status": status}
        row["counts"] = json.dumps(counts)
        row |= {"errors": counts["failed"] + counts["spider_exceptions"], "error": error}
        try:
            if self.run_id is not None:
                with write_transaction(self.db):
                    self.db.table("crawl_runs").update(self.run_id, row)
        finally:
            self.db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat()
