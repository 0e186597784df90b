"""The archive's batched writes: one batch buffered, one written behind by a writer thread.

A batch holds what `Archive.add` and `pass_over` decided to write: articles (with their index
text and images), previous versions, visits, kept responses, and new image rows of unchanged
articles. It is written in one transaction, each table's rows in one statement (statements.py).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from newscrawl.archive.rows import Row
from newscrawl.archive.schema import open_db, write_transaction
from newscrawl.archive.search import delete_search_rows, search_text
from newscrawl.archive.statements import (
    ARTICLE,
    DELETE_IMAGES,
    IMAGE,
    INDEX,
    PASSED_OVER,
    REVISION,
    STORED,
    VISIT,
    VISIT_COLUMNS,
    encode,
    encode_row,
    execute_arrays,
)


@dataclass
class BufferedArticle:
    """A new or changed article waiting for its batch, with its image rows."""

    row: Row
    images: list[Row]
    encoded: bytes  # the row as a JSON array of ARTICLE's columns, for the batch's statement
    index: bytes  # JSON [key, title, body, facets]: the search index's columns (search_text)


@dataclass
class BufferedVisit:
    """A `visits` row waiting for its batch."""

    row: Row
    encoded: bytes  # the row as a JSON array of VISIT_COLUMNS


def buffered_article(row: Row, images: list[Row]) -> BufferedArticle:
    """`row` and its image rows, encoded now: on the caller's thread, since the writer's own
    Python would hold the GIL the caller needs (see write_batch)."""
    index = encode([row["url"], *search_text(row)])
    return BufferedArticle(row, images, encode_row(row, ARTICLE.columns), index)


def checked_visit(visit: Row) -> BufferedVisit:
    """A `visits` row given to the archive, encoded now: one that lacks a column, or holds a
    value JSON cannot carry, is refused here with its article, not in a batch (which a bad
    row would then fail again at every flush)."""
    missing = [column for column in VISIT_COLUMNS if column not in visit]
    if missing:
        raise ValueError(f"visits row of {visit.get('url')!r} lacks {', '.join(missing)}")
    return BufferedVisit(visit, encode_row(visit, VISIT_COLUMNS))


@dataclass
class Batch:
    """What one write transaction holds; later additions of the same key replace earlier."""

    articles: dict[str, BufferedArticle] = field(default_factory=dict)
    revisions: list[Row] = field(default_factory=list)
    responses: list[Row] = field(default_factory=list)
    visits: dict[str, BufferedVisit] = field(default_factory=dict)
    images: dict[str, list[Row]] = field(default_factory=dict)  # of unchanged articles
    # post_key -> the key of the article last given that post here (it may have moved since)
    post_keys: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any((self.articles, self.revisions, self.responses, self.visits, self.images))

    def size(self) -> int:
        """The count that fills a batch: its most numerous kind of row (revisions follow
        their articles)."""
        return max(len(self.articles), len(self.visits), len(self.images), len(self.responses))

    def then(self, newer: Batch) -> Batch:
        """This batch followed by `newer`, as one: `newer`'s rows win."""
        return Batch(
            self.articles | newer.articles,
            self.revisions + newer.revisions,
            self.responses + newer.responses,
            self.visits | newer.visits,
            self.images | newer.images,
            self.post_keys | newer.post_keys,
        )

    def add_article(self, key: str, article: BufferedArticle) -> None:
        self.articles[key] = article
        self.post_keys[article.row["post_key"]] = key

    def post_owner(self, post_key: str) -> str | None:
        """The key of this batch's article whose post is at `post_key`, if one's is."""
        key = self.post_keys.get(post_key)
        found = self.articles.get(key) if key is not None else None
        return key if found is not None and found.row["post_key"] == post_key else None

    def pass_over(self, visit: BufferedVisit) -> None:
        """Buffer the visit of a page not archived, unless an archived article's URL has one."""
        held = self.visits.get(visit.row["url"])
        if held is None or held.row["article_url"] is None:
            self.visits[visit.row["url"]] = visit


class BatchWriter:
    """Buffers a batch (`pending`) and writes it in one transaction.

    `flush_behind` hands a full batch to a worker thread with its own connection while the
    caller goes on (SQLite works without the GIL: the FTS indexing, most of a batch's cost,
    runs on the other core); at most one batch is in flight (`writing`), and `flush`, `close`
    and `flush_behind` wait for it. A failed batch is buffered again, under the newer rows."""

    def __init__(self, db: Database, path: Path, durable: bool = False) -> None:
        self.db, self.path, self.durable = db, path, durable
        self.pending = Batch()
        self.writing = Batch()  # the batch in flight, until it is committed
        self._written: Future[None] | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._thread_db: Database | None = None
        # Run before each batch is written, in the thread that writes it: a crawl fsyncs the
        # post and image files the batch names there (crawl/durable.py).
        self.before_write: Callable[[], None] | None = None

    @property
    def batches(self) -> tuple[Batch, Batch]:
        """The buffered batch, then the one in flight: newest first, for lookups."""
        return self.pending, self.writing

    def flush(self) -> None:
        """Write the buffered batch now, on this thread (after the one in flight); on failure
        nothing is written and it stays buffered."""
        self.wait()
        if self.pending:
            self._write(self.db, self.pending)
            self.pending = Batch()

    def flush_behind(self) -> None:
        """Hand the buffered batch to the writer thread (after the one in flight)."""
        self.wait()
        if self._thread is None:
            self._thread_db = open_db(self.path, threads=True, durable=self.durable)
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="archive-writer")
        assert self._thread_db is not None
        self.writing, self.pending = self.pending, Batch()
        self._written = self._thread.submit(self._write, self._thread_db, self.writing)

    def _write(self, db: Database, batch: Batch) -> None:
        if self.before_write is not None:
            self.before_write()
        write_batch(db, batch)

    def wait(self) -> None:
        """Wait for the batch in flight; if it failed, buffer it again and raise its error."""
        if self._written is None:
            return
        written, self._written = self._written, None
        try:
            written.result()
        except BaseException:
            self.pending = self.writing.then(self.pending)
            raise
        finally:
            self.writing = Batch()

    def discard(self) -> None:
        """Forget the buffered batch (not the one in flight): rows that must not be written."""
        self.pending = Batch()

    def close(self) -> None:
        """Stop the writer thread and close its connection (not the caller's `db`)."""
        if self._thread is not None:
            self._thread.shutdown(wait=True)
        if self._thread_db is not None:
            self._thread_db.close()


def write_batch(db: Database, batch: Batch) -> None:
    """Upsert a batch's articles, their index rows, image rows, previous versions, visits and
    kept responses, and the image rows of unchanged articles, in one transaction.

    Each table's rows go in one statement over a JSON array (json_each), not a statement per
    row: this runs on the writer thread while the caller's thread runs Python, and every
    statement hands the GIL over and back (sqlite3 releases it around each step), which made
    a batch's chatter (sqlite-utils' queries and row building, executemany's steps) wait on
    the caller; hence too the rows encoded by the caller (`buffered_article`, `checked_visit`).
    benchmarks/README.md ("Archive") has the measurements.
    """
    keys = json.dumps([*batch.articles, *batch.images])
    conn = db.conn
    with write_transaction(db):
        if batch.revisions:
            REVISION.write(conn, batch.revisions)
        if batch.responses:
            _write_responses(db, batch.responses)
        _write_visits(db, batch.visits)
        if batch.articles:
            delete_search_rows(conn, db.query(STORED, {"keys": keys}))
            ARTICLE.execute(conn, [a.encoded for a in batch.articles.values()])
            execute_arrays(conn, INDEX, [a.index for a in batch.articles.values()])
        images = [i for a in batch.articles.values() for i in a.images]
        images += [i for rows in batch.images.values() for i in rows]
        conn.execute(DELETE_IMAGES, {"keys": keys})
        if images:
            IMAGE.write(conn, images)


def _write_responses(db: Database, responses: list[Row]) -> None:
    # Compressed here, on the writer thread (zlib runs without the GIL), not in `add`. Level
    # 1 keeps the writer up with a crawl at nearly level 6's ratio (benchmarks/README.md); the
    # price is up to two batches of uncompressed bodies in memory. Bodies are bytes, which
    # JSON cannot carry: sqlite-utils writes these rows.
    stored = (r | {"body": zlib.compress(r["body"], 1)} for r in responses)
    db.table("responses").upsert_all(stored, pk=("article_url", "fetched_at"))


def _write_visits(db: Database, visits: dict[str, BufferedVisit]) -> None:
    archived = [v.encoded for v in visits.values() if v.row["article_url"] is not None]
    passed = [v.encoded for v in visits.values() if v.row["article_url"] is None]
    if archived:
        VISIT.execute(db.conn, archived)
    if passed:
        PASSED_OVER.execute(db.conn, passed)
