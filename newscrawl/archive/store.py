"""Archive: articles and their images in SQLite, written in batches, with full-text search."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from sqlite_utils import Database

from newscrawl.archive.schema import ARTICLE_COLUMNS, open_db, write_transaction
from newscrawl.archive.search import (
    CANDIDATES,
    INDEXED_ROWS,
    Filters,
    SearchError,
    SearchHit,
    SearchResults,
    Sort,
    delete_search_rows,
    search,
    search_text,
)
from newscrawl.items import Article, KeptResponse
from newscrawl.render.names import path_key

__all__ = ["Archive", "Filters", "Outcome", "SearchError", "SearchHit", "SearchResults"]

Outcome = Literal["new", "updated", "unchanged"]
Row = dict[str, Any]


@dataclass
class _Pending:
    row: Row
    images: list[Row]
    encoded: str  # the row as a JSON array of _ARTICLE's columns, for the batch's statement
    index: str  # JSON [key, title, body, facets]: the search index's columns (search_text)


@dataclass
class _Visit:
    row: Row
    encoded: str  # the row as a JSON array of _VISIT_COLUMNS


class Archive:
    """The SQLite archive: `add` buffers, `flush` writes a batch in one transaction.

    A full buffer is written behind, by a worker thread on its own connection, while the
    caller goes on (SQLite works without the GIL: the FTS indexing, most of a batch's cost,
    runs on the other core); at most one batch is in flight, and `flush`, `close` and the
    queries wait for it. Lookups by key (`known`, `get_first_seen`, `post_owner`) see
    buffered and in-flight articles too; queries over the whole archive flush first.

    An article whose content changed keeps its previous version as a `revisions` row; every
    fetch, changed or not, updates its `visits` row (when it is due again); a new or changed
    article that carries its HTTP response (NEWSCRAWL_KEEP_RESPONSES) gets a `responses` row.
    All are written in the article's batch transaction, so a killed crawl leaves them
    consistent.
    """

    def __init__(self, path: Path, batch_size: int = 100, background: bool = True) -> None:
        self.db = open_db(path)
        self.path, self.batch_size, self.background = path, batch_size, background
        self._pending: dict[str, _Pending] = {}
        self._writing: dict[str, _Pending] = {}  # the batch in flight, until it is committed
        self._revisions: list[Row] = []
        self._responses: list[Row] = []
        self._visits: dict[str, _Visit] = {}
        self._images: dict[str, list[Row]] = {}  # new image rows of unchanged articles
        self._writing_revisions: list[Row] = []
        self._writing_responses: list[Row] = []
        self._writing_visits: dict[str, _Visit] = {}
        self._writing_images: dict[str, list[Row]] = {}
        self._written: Future[None] | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._writer_db: Database | None = None
        self._closed = False
        # Run before each batch is written, in the thread that writes it: the crawl fsyncs the
        # post and image files the batch names there (crawl/durable.py).
        self.before_write: Callable[[], None] | None = None

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
        checked = [_checked_visit(visit) for visit in visits]  # before anything is buffered
        previous = self._previous(article.key)
        for visit in checked:
            self._visits[visit.row["url"]] = visit
        images = image_rows(article)
        if previous is not None:
            stored = self._stored_images(article.key)
            images = merge_image_rows(stored, images)
        if previous is not None and previous["content_hash"] == row["content_hash"]:
            if images != stored:  # an image that failed last time was downloaded now
                self._images[article.key] = images
            if article.response is not None and not self._has_response(article.key):
                # Archived before responses were kept: its first kept response is news.
                self._responses += exchange_rows(article.key, article.response)
            self._flush_if_full()
            return "unchanged"
        # First seen = first fetched: a date-less post is dated by it, so it must match.
        first = article.fetched_at or datetime.now(UTC)
        row["first_seen"] = previous["first_seen"] if previous else _iso(first)
        if previous is not None:
            old = self._version(article.key)
            self._revisions.append(revision_row(article.key, old, row["fetched_at"]))
        if article.response is not None:
            self._responses += exchange_rows(article.key, article.response)
        # Encoded here, on the caller's thread: the writer's own Python holds the GIL the
        # caller needs (see _write_batch).
        encoded = _encode_row(row, _ARTICLE.columns)
        index = _encode([article.key, *search_text(row)])
        self._pending[article.key] = _Pending(row, images, encoded, index)
        self._flush_if_full()
        return "updated" if previous else "new"

    def pass_over(self, visits: Sequence[Row]) -> None:
        """Buffer the `visits` rows of a page fetched and not archived (no `article_url`): they
        never replace the row of an archived article's URL, buffered or stored."""
        for visit in [_checked_visit(visit) for visit in visits]:
            held = self._visits.get(visit.row["url"])
            if held is None or held.row["article_url"] is None:
                self._visits[visit.row["url"]] = visit
        self._flush_if_full()

    def _flush_if_full(self) -> None:
        buffered = len(self._pending), len(self._visits), len(self._images), len(self._responses)
        if max(buffered) >= self.batch_size:
            self._flush_behind() if self.background else self.flush()

    def _version(self, key: str) -> Row:
        """The stored (or buffered) title, body and hash of an article about to be replaced."""
        buffered = self._pending.get(key) or self._writing.get(key)
        if buffered is not None:
            return buffered.row
        cursor = self.db.execute(_VERSION, {"url": key})
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))

    def flush(self) -> None:
        """Write the buffered articles and their image rows in one transaction, now.

        On failure nothing is written and the articles stay buffered (a failed batch that
        was written behind is buffered again, and its error raised here)."""
        self._wait()
        if self._pending or self._visits or self._revisions or self._images or self._responses:
            self._synced_write(
                self.db, self._pending, self._revisions, self._visits, self._images,
                self._responses,
            )  # fmt: skip
            self._pending, self._revisions, self._visits, self._images = {}, [], {}, {}
            self._responses = []

    def _flush_behind(self) -> None:
        self._wait()
        if self._writer is None:
            self._writer_db = open_db(self.path, threads=True)
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="archive-writer")
        assert self._writer_db is not None
        self._writing, self._pending = self._pending, {}
        self._writing_revisions, self._revisions = self._revisions, []
        self._writing_responses, self._responses = self._responses, []
        self._writing_visits, self._visits = self._visits, {}
        self._writing_images, self._images = self._images, {}
        self._written = self._writer.submit(
            self._synced_write,
            self._writer_db,
            self._writing,
            self._writing_revisions,
            self._writing_visits,
            self._writing_images,
            self._writing_responses,
        )

    def _synced_write(self, db: Database, *batch: Any) -> None:
        if self.before_write is not None:
            self.before_write()
        _write_batch(db, *batch)

    def _wait(self) -> None:
        """Wait for the batch in flight; if it failed, buffer it again and raise its error."""
        if self._written is None:
            return
        written, self._written = self._written, None
        try:
            written.result()
        except BaseException:
            self._pending = self._writing | self._pending  # later versions win
            self._revisions = self._writing_revisions + self._revisions
            self._responses = self._writing_responses + self._responses
            self._visits = self._writing_visits | self._visits
            self._images = self._writing_images | self._images
            raise
        finally:
            self._writing, self._writing_revisions, self._writing_visits = {}, [], {}
            self._writing_images, self._writing_responses = {}, []

    def close(self) -> None:
        """Flush, then close the database; calling it again does nothing."""
        if self._closed:
            return
        try:
            self.flush()
        finally:
            self._closed = True
            if self._writer is not None:
                self._writer.shutdown(wait=True)
            if self._writer_db is not None:
                self._writer_db.close()
            self.db.close()

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
        for key, pending in self._pending.items():
            if pending.row["post_key"] == wanted:
                return key
        for key, writing in self._writing.items():
            if writing.row["post_key"] == wanted and key not in self._pending:
                return key
        rows = self.db.execute(_BY_POST_KEY, {"key": wanted})
        # A buffered update may have moved its post elsewhere: the stored path is stale.
        newer = self._pending.keys() | self._writing.keys()
        return next((url for (url,) in rows if url not in newer), None)

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
        for buffer in (self._images, self._writing_images):
            if key in buffer:
                return buffer[key]
        buffered = self._pending.get(key) or self._writing.get(key)
        if buffered is not None:
            return buffered.images
        cursor = self.db.execute(_IMAGES_OF, {"url": key})
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _has_response(self, key: str) -> bool:
        """Whether the archive (or the buffer) keeps a response of this article."""
        if any(r["article_url"] == key for r in self._responses + self._writing_responses):
            return True
        return self.db.execute(_HAS_RESPONSE, {"url": key}).fetchone() is not None

    def _previous(self, key: str) -> Row | None:
        buffered = self._pending.get(key) or self._writing.get(key)
        if buffered is not None:
            return buffered.row
        row = self.db.execute(_PREVIOUS, {"url": key}).fetchone()
        return (
            dict(zip(("content_hash", "first_seen", "post_path"), row, strict=True))
            if row
            else None
        )


def _write_batch(
    db: Database,
    batch: dict[str, _Pending],
    revisions: list[Row],
    visits: dict[str, _Visit],
    images: dict[str, list[Row]],
    responses: list[Row],
) -> None:
    """Upsert a batch's articles, their index rows, image rows, previous versions, visits and
    kept responses, and the image rows of unchanged articles, in one transaction.

    Each table's rows go in one statement over a JSON array (json_each), not a statement per
    row: this runs on the writer thread while the caller's thread runs Python, and every
    statement hands the GIL over and back (sqlite3 releases it around each step), which made
    a batch's chatter (sqlite-utils' queries and row building, executemany's steps) wait on
    the caller. Measured on 50,000 articles with their visits rows, in batches of 1,000: the
    writer spent ~40% of its time off the CPU, and the whole ran at 1,844-2,005 articles/s;
    one statement per table, the rows encoded by the caller (`add`), 2,587-2,680/s.
    """
    keys = json.dumps(list(batch) + list(images))
    conn = db.conn
    with write_transaction(db):
        if revisions:
            _REVISION.write(conn, revisions)
        if responses:
            # Compressed here, on the writer thread (zlib runs without the GIL), not in
            # `add`. Level 1: over the shared corpus's pages (276 KB on average) 2.1 ms a page
            # for 23.6% of the bytes, where level 6 takes 5.7 ms for 20.0% (the writer then
            # kept up with ~140 articles/s instead of ~400). The price: up to two batches of
            # uncompressed bodies in memory (~55 MB for 2 x 100 pages of 276 KB). Bodies are
            # bytes, which JSON cannot carry: sqlite-utils writes these rows.
            stored = (r | {"body": zlib.compress(r["body"], 1)} for r in responses)
            db.table("responses").upsert_all(stored, pk=("article_url", "fetched_at"))
        archived = [v.encoded for v in visits.values() if v.row["article_url"] is not None]
        passed = [v.encoded for v in visits.values() if v.row["article_url"] is None]
        if archived:
            _VISIT.execute(conn, archived)
        if passed:
            _PASSED_OVER.execute(conn, passed)
        if batch:
            delete_search_rows(conn, db.query(_STORED, {"keys": keys}))
            _ARTICLE.execute(conn, [p.encoded for p in batch.values()])
            _execute_arrays(conn, _INDEX, [p.index for p in batch.values()])
        rows = [i for p in batch.values() for i in p.images] + [
            i for r in images.values() for i in r
        ]
        conn.execute(_DELETE_IMAGES, {"keys": keys})
        if rows:
            _IMAGE.write(conn, rows)


@dataclass(frozen=True)
class _Rows:
    """One statement writing a JSON array of rows (each an array of `columns`' values) into
    `table`: an upsert on `key` (setting `updates`, by default every other column, where the
    stored row passes `only_if`), or with `replace` an insert-or-replace."""

    table: str
    columns: Sequence[str]
    key: Sequence[str]
    replace: bool = False
    updates: Sequence[str] = ()
    only_if: str = ""

    @cached_property
    def sql(self) -> str:
        values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(self.columns)))
        names = ", ".join(self.columns)
        verb = "insert or replace" if self.replace else "insert"
        # "where true": without it SQLite would read ON CONFLICT as a join's ON clause.
        sql = f"{verb} into {self.table} ({names}) select {values} from json_each(?) where true"
        if self.replace:
            return sql
        changed = self.updates or [c for c in self.columns if c not in self.key]
        updates = ", ".join(f"{c} = excluded.{c}" for c in changed)
        where = f" where {self.only_if}" if self.only_if else ""
        return sql + f" on conflict ({', '.join(self.key)}) do update set {updates}{where}"

    def write(self, conn: sqlite3.Connection, rows: Sequence[Row]) -> None:
        self.execute(conn, [_encode_row(r, self.columns) for r in rows])

    def execute(self, conn: sqlite3.Connection, encoded: list[str]) -> None:
        """Write rows already encoded (`_encode_row`)."""
        _execute_arrays(conn, self.sql, encoded)


def _checked_visit(visit: Row) -> _Visit:
    """A `visits` row given to the archive, encoded now: one that lacks a column, or holds a
    value JSON cannot carry, is refused here with its article, not in a batch (which a bad
    row would then fail again at every flush)."""
    missing = [column for column in _VISIT_COLUMNS if column not in visit]
    if missing:
        raise ValueError(f"visits row of {visit.get('url')!r} lacks {', '.join(missing)}")
    return _Visit(visit, _encode_row(visit, _VISIT_COLUMNS))


def _encode_row(row: Row, columns: Sequence[str]) -> str:
    return _encode([row[c] for c in columns])


def _encode(values: list[Any]) -> str:
    """`values` as a JSON array for a batch statement. SQLite's JSON functions end a text at
    a NUL, so NUL is stored as U+FFFD, as HTML parsers read it; nothing else changes."""
    values = [v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in values]
    return json.dumps(values, ensure_ascii=False)


# SQLite refuses a text over 1e9 bytes (SQLITE_MAX_LENGTH): a batch of huge pages (100 live
# blogs of 5 MB...) goes in several arrays of at most this many characters (4 bytes each at
# most in UTF-8).
_MAX_ARRAY_CHARS = 64 * 2**20


def _execute_arrays(conn: sqlite3.Connection, sql: str, encoded: list[str]) -> None:
    """Run `sql`, whose one parameter is a JSON array, over the encoded items."""
    for array in _json_arrays(encoded):
        conn.execute(sql, [array])


def _json_arrays(encoded: list[str]) -> Iterator[str]:
    """JSON arrays of the encoded items, in order, each under _MAX_ARRAY_CHARS if it can be."""
    start, size = 0, 0
    for end, item in enumerate(encoded):
        if size and size + len(item) > _MAX_ARRAY_CHARS:
            yield "[" + ",".join(encoded[start:end]) + "]"
            start, size = end, 0
        size += len(item) + 1
    if start < len(encoded):
        yield "[" + ",".join(encoded[start:]) + "]"


_ARTICLE = _Rows("articles", [*ARTICLE_COLUMNS, "post_key"], ["url"])
_REVISION = _Rows(
    "revisions",
    ["article_url", "revised_at", "title", "body_hash", "body_html", "archived_at"],
    ["article_url", "revised_at"],
)
_VISIT_COLUMNS = ["url", "article_url", "source_id", "first_seen", "last_visit", "next_visit"]
_VISIT = _Rows("visits", _VISIT_COLUMNS, ["url"])
# A page fetched and not archived: its row is kept up to date unless its URL is an archived
# article's (which a page skipped now, say emptied by the site, must not detach).
_PASSED_OVER = _Rows(
    "visits",
    _VISIT_COLUMNS,
    ["url"],
    updates=["last_visit", "next_visit"],
    only_if="visits.article_url is null",
)
_IMAGE = _Rows(
    "images",
    ["article_url", "url", "position", "status", "path", "checksum", "error"],
    ["article_url", "url"],
    replace=True,
)
# The index rows of a batch, by the rowids its articles got: the JSON array's order (the
# batch's) is kept by reading it first (cross join), each article found by its URL.
_INDEX = """insert into articles_search(rowid, title, body, facets)
select a.rowid, json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
  json_extract(j.value, '$[3]')
from json_each(?) j cross join articles a on a.url = json_extract(j.value, '$[0]')"""
# Keys of a batch are passed as one JSON array: fixed SQL text whatever the batch size.
_STORED = INDEXED_ROWS + " where url in (select value from json_each(:keys))"
_IMAGES_OF = (
    f"select {', '.join(_IMAGE.columns)} from images where article_url = :url order by position"
)
_DELETE_IMAGES = "delete from images where article_url in (select value from json_each(:keys))"
_PREVIOUS = "select content_hash, first_seen, post_path from articles where url = :url"
_VERSION = "select title, body_html, content_hash, fetched_at from articles where url = :url"
_HAS_RESPONSE = "select 1 from responses where article_url = :url limit 1"
_BY_POST_KEY = "select url from articles where post_key = :key"
_BY_ID = "select rowid as id, * from articles where rowid = :id"
_BY_URL = "select rowid as id, * from articles where url = :url or fetched_url = :url limit 1"
_ROWS = "select rowid as id, * from articles a where {where} order by rowid"
_COUNT_ROWS = "select count(*) from articles a where {where}"
_SOURCES = "select source_id, count(*) as n from articles group by source_id order by n desc"
# Days from the published index alone (a scan of the table reads every row's first page: at a
# million articles 25 s instead of 0.4), then the undated rows by their first_seen.
_DAYS = [
    """select substr(published, 1, 10) as day, count(*) from articles
      where published is not null group by day""",
    """select substr(first_seen, 1, 10) as day, count(*) from articles
      where published is null group by day""",
]


def content_hash(article: Article) -> str:
    """What decides whether an article changed: sha256 of its title + body_html, in hex."""
    return hashlib.sha256((article.title + article.body_html).encode()).hexdigest()


def article_row(article: Article, post_path: str | None) -> Row:
    """The `articles` row for `article`, without `first_seen` (the archive decides it)."""
    extra = article.extra
    return {
        "url": article.key,
        "fetched_url": article.url,
        "source_id": article.source_id,
        "title": article.title,
        "published": _iso(article.published),
        "updated": _iso(article.updated),
        "fetched_at": _iso(article.fetched_at or datetime.now(UTC)),
        "language": article.language,
        "authors": _json(article.authors),
        "tags": _json(article.tags),
        "categories": _json(article.categories),
        "publisher": article.publisher,
        "lead_image": article.lead_image,
        "body_html": article.body_html,
        "body_text": article.body_text,
        "editor": extra.get("editor"),
        "origin_url": extra.get("origin_url"),
        "origin_name": extra.get("origin_name"),
        "extra": _json(extra),
        "content_hash": content_hash(article),
        "post_path": post_path,
        "post_key": path_key(post_path) if post_path else None,
    }


def revision_row(key: str, old: Row, revised_at: str) -> Row:
    """The `revisions` row keeping `old` (an articles row) of `key`, replaced at `revised_at`."""
    return {
        "article_url": key,
        "revised_at": revised_at,
        "title": old["title"],
        "body_hash": old["content_hash"],
        "body_html": old["body_html"],
        "archived_at": old["fetched_at"],
    }


def exchange_rows(key: str, response: KeptResponse) -> list[Row]:
    """The `responses` rows of `key`'s kept response: the redirects before it, then it."""
    return [response_row(key, hop) for hop in [*response.redirects, response]]


def response_row(key: str, response: KeptResponse) -> Row:
    """The `responses` row of `key`'s kept response; `body` still uncompressed (the batch's
    writer compresses it)."""
    return {
        "article_url": key,
        "fetched_at": _iso(response.fetched_at),
        "url": response.url,
        "status": response.status,
        "method": response.method,
        "protocol": response.protocol,
        "ip_address": response.ip_address,
        "request_headers": json.dumps(response.request_headers),
        "response_headers": json.dumps(response.response_headers),
        "body": response.body,
        "body_sha1": hashlib.sha1(response.body, usedforsecurity=False).hexdigest(),
        "body_length": len(response.body),
    }


def image_rows(article: Article) -> list[Row]:
    """The `images` rows for `article`; `position` is the order of its image results."""
    return [
        {"article_url": article.key, "url": r.url, "position": position, "status": r.status}
        | {"path": r.path, "checksum": r.checksum, "error": r.error}
        for position, r in enumerate(article.image_results)
    ]


def merge_image_rows(stored: list[Row], fresh: list[Row]) -> list[Row]:
    """`fresh` image rows where they say something new: a failure does not replace a stored
    file of the same URL (it is still in the store: a site that drops an image later loses
    nothing), and Scrapy's "uptodate"/"cached" for a stored file keeps its "downloaded" row."""
    files = {row["url"]: row for row in stored if row["status"] != "failed"}
    merged = []
    for row in fresh:
        kept = files.get(row["url"])
        if kept is not None and (
            row["status"] == "failed"
            or (row["status"] in ("uptodate", "cached") and row["path"] == kept["path"])
        ):
            row = kept | {"position": row["position"]}
        merged.append(row)
    return merged


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the archive stores UTC times only")
    return moment.astimezone(UTC).isoformat()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
