"""Export: each article to its post file (atomic) and the SQLite archive (batched)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from scrapy import signals

from newscrawl import sources
from newscrawl.archive import archive_path, data_dir_from_settings
from newscrawl.archive.store import Archive, Outcome
from newscrawl.archive.visits import passed_over_rows, visit_rows
from newscrawl.crawl.durable import FileSync, file_sync
from newscrawl.exporters.posts import post_path, remove_stale_temp, write_post
from newscrawl.items import Article
from newscrawl.render.names import post_relpath
from newscrawl.render.post import render_post
from newscrawl.signals import page_passed_over

logger = logging.getLogger(__name__)


def export(
    article: Article,
    archive: Archive,
    posts: Path,
    synced: Callable[[Path], None] | None = None,
    rendered: str | None = None,
) -> tuple[Outcome, bool]:
    """Write `article`'s post and archive row; returns the archive outcome and whether the
    post file was (re)written (fsynced now, or handed to `synced`). `rendered`: the post text
    as `post_text(article, None)` made it elsewhere (a cluster worker), used where the archive
    dates the post the same way. The post's path is decided here, where the archive is."""
    key = article.key
    first_seen = archive.get_first_seen(key)

    def taken(relpath: str) -> bool:
        owner = archive.post_owner(relpath)
        return owner is not None and owner != key

    relpath = post_relpath(article, taken)
    previous = archive.post_path(key)
    if rendered is None or not _dated_alike(article, first_seen):
        rendered = post_text(article, first_seen)
    written = write_post(posts, relpath, rendered, synced)
    outcome = archive.add(article, relpath, visit_rows(article, first_seen))
    if previous and previous != relpath and archive.post_owner(previous) in (None, key):
        # The title changed, so the name did: the old file would be a duplicate post. On a
        # case-insensitive filesystem "News.md" -> "NEWS.md" is the same file: keep it.
        old = post_path(posts, previous)
        if not (old.exists() and old.samefile(post_path(posts, relpath))):
            old.unlink(missing_ok=True)
            logger.info("moved post of %s: %s -> %s", key, previous, relpath)
    return outcome, written


def post_text(article: Article, first_seen: datetime | None) -> str:
    """The post file's text. A date-less article is dated by its first archiving
    (`first_seen`; None: this one), never by "now" on a later run, so re-rendering is stable.
    The path plays no part: the text can be made before the archive names the file."""
    dated = article
    if article.published is None:
        dated = dataclasses.replace(article, published=first_seen or article.fetched_at)
    return render_post(dated, sources.default_image(article.source_id))


def _dated_alike(article: Article, first_seen: datetime | None) -> bool:
    """Whether `post_text(article, first_seen)` is `post_text(article, None)`: only the date
    of a date-less article archived before (at another fetch) tells them apart."""
    return article.published is not None or first_seen is None or first_seen == article.fetched_at


class ExportPipeline:
    def __init__(
        self, data_dir: Path, batch_size: int, stats: Any, files: FileSync | None = None
    ) -> None:
        self.data_dir, self.batch_size, self.stats = data_dir, batch_size, stats
        self.files = files
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
        outcome, written = export(item, self.archive, self.posts, synced)
        self.stats.inc_value(f"newscrawl/archived/{outcome}")
        if written:
            self.stats.inc_value("newscrawl/posts_written")
        # A revision is news worth a line; new articles are counted by the progress line and the
        # summary (a cron run's mail stays short), listed with -s LOG_LEVEL=DEBUG.
        logger.log(
            logging.INFO if outcome == "updated" else logging.DEBUG, "%s %s", outcome, item.key
        )
        return item
