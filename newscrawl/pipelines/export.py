"""Export: each article to its post file (atomic) and the SQLite archive (batched)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals

from newscrawl.archive import archive_path, data_dir_from_settings
from newscrawl.archive.store import Archive
from newscrawl.archive.visits import passed_over_rows
from newscrawl.crawl.durable import FileSync, file_sync
from newscrawl.exporters.archiving import export
from newscrawl.exporters.posts import remove_stale_temp
from newscrawl.items import Article
from newscrawl.logformatter import logs_debug
from newscrawl.render.prepared import prepared_post
from newscrawl.signals import page_passed_over

logger = logging.getLogger(__name__)


class ExportPipeline:
    def __init__(
        self, data_dir: Path, batch_size: int, stats: Any, files: FileSync | None = None
    ) -> None:
        self.data_dir, self.batch_size, self.stats = data_dir, batch_size, stats
        self.files = files
        # Logging at DEBUG: Scrapy's handler drops DEBUG records only after they are built.
        self.debug = False
        self.posts = data_dir / "posts"
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExportPipeline:
        settings = crawler.settings
        pipeline = cls(
            data_dir_from_settings(settings),
            settings.getint("NEWSCRAWL_BATCH_SIZE", 100),
            crawler.stats,
            file_sync(crawler),
        )
        pipeline.debug = logs_debug(settings)
        crawler.signals.connect(pipeline.passed_over, signal=page_passed_over)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def passed_over(self, urls: list[str], source_id: str, outcome: str) -> None:
        """A fetched page was not archived: remembered, so that it is not fetched again
        before it is due (signals.page_passed_over)."""
        if self.archive is not None:
            self.archive.pass_over(passed_over_rows(urls, source_id, outcome))

    def item_dropped(self, item: Any) -> None:
        """An earlier pipeline dropped the page's article (no title, no body)."""
        if isinstance(item, Article):
            self.passed_over([*item.requested_urls, item.url], item.source_id, "dropped")

    def open_spider(self) -> None:
        self.posts.mkdir(parents=True, exist_ok=True)
        stale = remove_stale_temp(self.posts)
        if (self.data_dir / "images").is_dir():
            stale += remove_stale_temp(self.data_dir / "images")
        if stale:
            logger.warning("removed %d temp files left by an interrupted run", stale)
        self.archive = Archive(archive_path(self.data_dir), self.batch_size)
        if self.files is not None:
            self.archive.writer.before_write = self.files.sync

    def close_spider(self) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    def process_item(self, item: Any) -> Any:
        assert self.archive is not None, "open_spider() was not called"
        synced = self.files.add if self.files is not None else None
        # The post text and name its page reader made, when still the article's.
        prepared = prepared_post(item)
        rendered, named = (prepared.text, prepared.relpath) if prepared else (None, None)
        outcome, written = export(
            item, self.archive, self.posts, synced, rendered=rendered, named=named
        )
        self.stats.inc_value(f"newscrawl/archived/{outcome}")
        if written:
            self.stats.inc_value("newscrawl/posts_written")
        # A revision is news worth a line; new articles are counted by the progress line and the
        # summary (a cron run's mail stays short), listed with -s LOG_LEVEL=DEBUG.
        if outcome == "updated":
            logger.info("%s %s", outcome, item.key)
        elif self.debug:
            logger.debug("%s %s", outcome, item.key)
        return item
