"""An article to its post file (atomic) and its archive rows: what the single-process crawl's
ExportPipeline and the cluster's ingest both do, free of Scrapy (the ingest never loads it)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from newscrawl import sources
from newscrawl.archive.store import Archive, Outcome
from newscrawl.archive.visits import visit_rows
from newscrawl.exporters.posts import PostWriter, remove_moved_post, write_post
from newscrawl.items import Article
from newscrawl.render.names import post_relpath
from newscrawl.render.post import render_post
from newscrawl.render.prepared import prepared_post

logger = logging.getLogger(__name__)


def export(
    article: Article,
    archive: Archive,
    posts: Path,
    synced: Callable[[Path], None] | None = None,
    rendered: str | None = None,
    writer: PostWriter | None = None,
    named: str | None = None,
) -> tuple[Outcome, bool]:
    """Write `article`'s post and archive row; returns the archive outcome and whether the
    post file was (re)written (fsynced now, or handed to `synced`). `rendered`: the post text
    as `post_text(article, None)` made it elsewhere (a cluster worker), used where the archive
    dates the post the same way. The post's path is decided here, where the archive is.
    `writer`: the post written (and a moved one removed) on its threads; the caller waits for
    it before the rows are committed (`written` is then True: handed over). `named`: the
    article's `post_relpath(article)` made already (the ingest, for a batch's lookups)."""
    key = article.key
    first_seen = archive.get_first_seen(key)

    def taken(relpath: str) -> bool:
        owner = archive.post_owner(relpath)
        return owner is not None and owner != key

    relpath = named if named is not None and not taken(named) else post_relpath(article, taken)
    # Both come from the article's archive row: one not archived has no post either.
    previous = archive.post_path(key) if first_seen is not None else None
    if rendered is None or not _dated_alike(article, first_seen):
        rendered = post_text(article, first_seen)
    if writer is None:
        written = write_post(posts, relpath, rendered, synced)
    else:
        written = writer.write(posts, relpath, rendered)
    outcome = archive.add(article, relpath, visit_rows(article, first_seen))
    if previous and previous != relpath and archive.post_owner(previous) in (None, key):
        # The title changed, so the name did: the old file would be a duplicate post.
        if writer is None:
            remove_moved_post(posts, previous, relpath)
        else:
            writer.remove_moved(posts, previous, relpath)
        logger.info("moved post of %s: %s -> %s", key, previous, relpath)
    return outcome, written


def post_text(article: Article, first_seen: datetime | None) -> str:
    """The post file's text. A date-less article is dated by its first archiving
    (`first_seen`; None: this one), never by "now" on a later run, so re-rendering is stable.
    The path plays no part: the text can be made before the archive names the file; a dated
    article's page reader may have made it already (render/prepared.py)."""
    if article.published is not None and (prepared := prepared_post(article)) is not None:
        return prepared.text
    dated = article
    if article.published is None:
        dated = dataclasses.replace(article, published=first_seen or article.fetched_at)
    return render_post(dated, sources.default_image(article.source_id))


def _dated_alike(article: Article, first_seen: datetime | None) -> bool:
    """Whether `post_text(article, first_seen)` is `post_text(article, None)`: only the date
    of a date-less article archived before (at another fetch) tells them apart."""
    return article.published is not None or first_seen is None or first_seen == article.fetched_at
