"""Archive: articles and their images in SQLite, written in batches, with full-text search.

`Archive` decides what a fetched article changes and answers lookups and queries; its writes
go through a BatchWriter (writer.py), its rows are built by rows.py."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal, Self

from newscrawl.archive.rows import (
    Row,
    article_row,
    content_hash,
    exchange_rows,
    image_rows,
    iso,
    merge_image_rows,
    revision_row,
)
from newscrawl.archive.schema import open_db
from newscrawl.archive.search import (
    CANDIDATES,
    Filters,
    SearchError,
    SearchHit,
    SearchResults,
    Sort,
    search,
)
from newscrawl.archive.statements import IMAGE
from newscrawl.archive.writer import (
    Batch,
    BatchWriter,
    BufferedArticle,
    buffered_article,
    checked_visit,
)
from newscrawl.items import Article
from newscrawl.render.names import path_key

__all__ = [
    "Archive",
    "Filters",
    "Outcome",
    "Row",
    "SearchError",
    "SearchHit",
    "SearchResults",
    "article_row",
    "content_hash",
]

Outcome = Literal["new", "updated", "unchanged"]


class Archive:
    """The SQLite archive: `add` buffers, `flush` writes a batch in one transaction.

    A full buffer is written behind by the writer's thread while the caller goes on
    (BatchWriter). Lookups by key (`known`, `get_first_seen`, `post_owner`) see buffered and
    in-flight articles too; queries over the whole archive flush first.

    An article whose content changed keeps its previous version as a `revisions` row; every
    fetch, changed or not, updates its `visits` row (when it is due again); a new or changed
    article that carries its HTTP response (NEWSCRAWL_KEEP_RESPONSES) gets a `responses` row.
    All are written in the article's batch transaction, so a killed crawl leaves them
    consistent.
    """

    def __init__(
        self, path: Path, batch_size: int = 100, background: bool = True, durable: bool = False
    ) -> None:
        self.db = open_db(path, durable=durable)
        self.path, self.batch_size, self.background = path, batch_size, background
        self.writer = BatchWriter(self.db, path, durable)
        # The stored row `_previous` last read: `export` asks for an article's first_seen and
        # post path, then `add`s it; `add` forgets it (nothing else changes a stored article).
        self._looked_up: tuple[str, Row | None] | None = None
        # The stored rows `prefetched` read for a batch of keys, by key (None: not archived),
        # and the stored owners of a batch's post keys.
        self._prefetched: dict[str, Row | None] = {}
        self._owners: dict[str, list[str]] = {}
        self._closed = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def add(self, article: Article, post_path: str | None, visits: Sequence[Row] = ()) -> Outcome:
        """Buffer `article` unless the archive (or the buffer) already has this content; a
        changed one buffers its previous version as a revision. `visits`: its `visits` rows."""
        row = article_row(article, post_path)
        checked = [checked_visit(visit) for visit in visits]  # before anything is buffered
        previous = self._previous(article.key)
        self._looked_up = None
        batch = self.writer.pending
        batch.visits |= {visit.row["url"]: visit for visit in checked}
        unchanged = previous is not None and previous["content_hash"] == row["content_hash"]
        if unchanged:
            self._add_unchanged(article, batch)
        else:
            self._add_changed(article, row, previous, batch)
        self._flush_if_full()
        return "unchanged" if unchanged else "updated" if previous else "new"

    def _add_unchanged(self, article: Article, batch: Batch) -> None:
        stored = self._stored_images(article.key)
        images = merge_image_rows(stored, image_rows(article))
        if images != stored:  # an image that failed last time was downloaded now
            batch.images[article.key] = images
        if article.response is not None and not self._has_response(article.key):
            # Archived before responses were kept: its first kept response is news.
            batch.responses += exchange_rows(article.key, article.response)

    def _add_changed(self, article: Article, row: Row, previous: Row | None, batch: Batch) -> None:
        images = image_rows(article)
        if previous is None:
            # First seen = first fetched: a date-less post is dated by it, so it must match.
            row["first_seen"] = iso(article.fetched_at or datetime.now(UTC))
        else:
            images = merge_image_rows(self._stored_images(article.key), images)
            row["first_seen"] = previous["first_seen"]
            old = self._version(article.key)
            batch.revisions.append(revision_row(article.key, old, row["fetched_at"]))
        if article.response is not None:
            batch.responses += exchange_rows(article.key, article.response)
        batch.add_article(article.key, buffered_article(row, images))

    def pass_over(self, visits: Sequence[Row]) -> None:
        """Buffer the `visits` rows of a page fetched and not archived (no `article_url`): they
        never replace the row of an archived article's URL, buffered or stored."""
        for visit in [checked_visit(visit) for visit in visits]:
            self.writer.pending.pass_over(visit)
        self._flush_if_full()

    def _flush_if_full(self) -> None:
        if self.writer.pending.size() >= self.batch_size:
            self.writer.flush_behind() if self.background else self.writer.flush()

    def flush(self) -> None:
        """Write the buffered articles and their image rows in one transaction, now.

        On failure nothing is written and the articles stay buffered (a failed batch that
        was written behind is buffered again, and its error raised here)."""
        self.writer.flush()

    def close(self) -> None:
        """Flush, then close the database; calling it again does nothing."""
        if self._closed:
            return
        try:
            self.flush()
        finally:
            self._closed = True
            self.writer.close()
            self.db.close()

    @contextmanager
    def prefetched(self, keys: Iterable[str], post_paths: Iterable[str] = ()) -> Iterator[None]:
        """Within the block, the stored rows of these articles (what `known`,
        `get_first_seen` and `post_path` read) and the stored owners of these post paths
        (`post_owner`) come from two queries made now, not one per article; the buffer still
        comes first. The caller lets no batch commit in the block (a committed batch leaves
        the buffer: what was read before it would be stale)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Row | None] = dict.fromkeys(wanted)
        for url, *values in self.db.execute(_PREVIOUS_MANY, [json.dumps(wanted)]):
            found[url] = dict(zip(_PREVIOUS_COLUMNS, values, strict=True))
        post_keys = list(dict.fromkeys(path_key(p) for p in post_paths))
        owners: dict[str, list[str]] = {k: [] for k in post_keys}
        for url, post_key in self.db.execute(_BY_POST_KEYS, [json.dumps(post_keys)]):
            owners[post_key].append(url)
        self._prefetched, self._owners = found, owners
        try:
            yield
        finally:
            self._prefetched, self._owners = {}, {}

    def known(self, key: str) -> bool:
        """Whether the archive (or the buffer) has an article with this key."""
        return self._previous(key) is not None

    def get_first_seen(self, key: str) -> datetime | None:
        """When the article with this key was first added, if it was."""
        previous = self._previous(key)
        return datetime.fromisoformat(previous["first_seen"]) if previous else None

    def post_path(self, key: str) -> str | None:
        """Where the article with this key has its post, if it is archived."""
        previous = self._previous(key)
        return previous["post_path"] if previous else None

    def post_owner(self, post_path: str) -> str | None:
        """The key of the article whose post is written at `post_path`, or at a path a case-
        or normalization-insensitive file system takes for the same file (`path_key`), if any."""
        wanted = path_key(post_path)
        newer: list[Batch] = []  # the newer batches: their articles' stored paths are stale

        def current(key: str) -> bool:
            return not any(key in batch.articles for batch in newer)

        for batch in self.writer.batches:
            key = batch.post_owner(wanted)
            if key is not None and current(key):
                return key
            newer.append(batch)
        rows = (
            [(url,) for url in self._owners[wanted]]
            if wanted in self._owners
            else self.db.execute(_BY_POST_KEY, {"key": wanted})
        )
        # A buffered update may have moved its post elsewhere: the stored path is stale.
        return next((url for (url,) in rows if current(url)), None)

    def count(self) -> int:
        """How many articles the archive holds."""
        self.flush()
        return int(self.db.table("articles").count)

    def images_summary(self) -> dict[str, int]:
        """How many image rows have each status."""
        self.flush()
        rows = self.db.query("select status, count(*) as n from images group by status")
        return {row["status"]: row["n"] for row in rows}

    def search(
        self,
        query: str,
        source: str | None = None,
        limit: int = 20,
        *,
        filters: Filters | None = None,
        sort: Sort = "rank",
    ) -> list[SearchHit]:
        """Articles matching `query`, best first; `newscrawl.archive.search` reads the query."""
        filters = filters or Filters(source=source)
        return self.find(query, filters, sort, limit).hits

    def find(
        self,
        query: str,
        filters: Filters | None = None,
        sort: Sort = "rank",
        limit: int = 20,
        candidates: int = CANDIDATES,
    ) -> SearchResults:
        """Like `search`, and whether a huge match set was cut to `candidates` first."""
        self.flush()
        return search(self.db.conn, query, filters, sort, limit, candidates)

    def article(self, ref: str) -> Row | None:
        """The stored row of an article, by its id (rowid) or its URL (canonical or fetched)."""
        self.flush()
        if ref.isdigit():
            return next(self.db.query(_BY_ID, {"id": int(ref)}), None)
        return next(self.db.query(_BY_URL, {"url": ref}), None)

    def rows(self, filters: Filters | None = None) -> Iterator[Row]:
        """Every article row passing `filters`, in archive order, read lazily (streaming)."""
        self.flush()
        where, params = (filters or Filters()).where()
        return self.db.query(_ROWS.replace("{where}", where), params)

    def count_rows(self, filters: Filters | None = None) -> int:
        """How many articles pass `filters`."""
        self.flush()
        where, params = (filters or Filters()).where()
        return int(self.db.execute(_COUNT_ROWS.replace("{where}", where), params).fetchone()[0])

    def stats(self) -> dict[str, list[tuple[str, int]]]:
        """Article counts per source (most first) and per day (published, else first seen;
        newest first)."""
        self.flush()
        days: Counter[str] = Counter()
        for sql in _DAYS:
            for day, n in self.db.execute(sql):
                days[day] += n
        newest = sorted(days.items(), key=lambda item: (item[0] is not None, item[0]))[::-1]
        return {"sources": self.db.execute(_SOURCES).fetchall(), "days": newest}

    def _stored_images(self, key: str) -> list[Row]:
        """The image rows the archive (or the buffer) holds for an archived article."""
        for batch in self.writer.batches:
            if key in batch.images:
                return batch.images[key]
        buffered = self._buffered(key)
        if buffered is not None:
            return buffered.images
        cursor = self.db.execute(_IMAGES_OF, {"url": key})
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _has_response(self, key: str) -> bool:
        """Whether the archive (or the buffer) keeps a response of this article."""
        for batch in self.writer.batches:
            if any(r["article_url"] == key for r in batch.responses):
                return True
        return self.db.execute(_HAS_RESPONSE, {"url": key}).fetchone() is not None

    def _buffered(self, key: str) -> BufferedArticle | None:
        """The newest buffered or in-flight version of an article."""
        pending, writing = self.writer.batches
        return pending.articles.get(key) or writing.articles.get(key)

    def _previous(self, key: str) -> Row | None:
        """The hash, first seen and post path of an archived (or buffered) article."""
        buffered = self._buffered(key)
        if buffered is not None:
            return buffered.row
        if key in self._prefetched:
            return self._prefetched[key]
        if self._looked_up is not None and self._looked_up[0] == key:
            return self._looked_up[1]
        row = self.db.execute(_PREVIOUS, {"url": key}).fetchone()
        found = dict(zip(_PREVIOUS_COLUMNS, row, strict=True)) if row else None
        self._looked_up = (key, found)
        return found

    def _version(self, key: str) -> Row:
        """The stored (or buffered) title, body and hash of an article about to be replaced."""
        buffered = self._buffered(key)
        if buffered is not None:
            return buffered.row
        cursor = self.db.execute(_VERSION, {"url": key})
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


_IMAGES_OF = (
    f"select {', '.join(IMAGE.columns)} from images where article_url = :url order by position"
)
_PREVIOUS_COLUMNS = ("content_hash", "first_seen", "post_path")
_PREVIOUS = f"select {', '.join(_PREVIOUS_COLUMNS)} from articles where url = :url"
_PREVIOUS_MANY = (
    f"select url, {', '.join(_PREVIOUS_COLUMNS)} from articles"
    " where url in (select value from json_each(?))"
)
_VERSION = "select title, body_html, content_hash, fetched_at from articles where url = :url"
_HAS_RESPONSE = "select 1 from responses where article_url = :url limit 1"
_BY_POST_KEY = "select url from articles where post_key = :key"
_BY_POST_KEYS = (
    "select url, post_key from articles where post_key in (select value from json_each(?))"
)
_BY_ID = "select rowid as id, * from articles where rowid = :id"
_BY_URL = "select rowid as id, * from articles where url = :url or fetched_url = :url limit 1"
_ROWS = "select rowid as id, * from articles a where {where} order by rowid"
_COUNT_ROWS = "select count(*) from articles a where {where}"
_SOURCES = "select source_id, count(*) as n from articles group by source_id order by n desc"
# Days from the published index alone (a scan of the table reads every row's first page, far
# slower at scale: benchmarks/README.md), then the undated rows by their first_seen.
_DAYS = [
    """select substr(published, 1, 10) as day, count(*) from articles
      where published is not null group by day""",
    """select substr(first_seen, 1, 10) as day, count(*) from articles
      where published is null group by day""",
]
