"""Archive: articles and their images in SQLite, written in batches, with full-text search."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from newscrawl.db import open_db, write_transaction
from newscrawl.items import Article
from newscrawl.search import (
    CANDIDATES,
    INDEXED_ROWS,
    Filters,
    SearchError,
    SearchHit,
    SearchResults,
    Sort,
    delete_search_rows,
    insert_search_rows,
    search,
)

__all__ = ["Archive", "Filters", "Outcome", "SearchError", "SearchHit", "SearchResults"]

Outcome = Literal["new", "updated", "unchanged"]
Row = dict[str, Any]


@dataclass
class _Pending:
    row: Row
    images: list[Row]


class Archive:
    """The SQLite archive: `add` buffers, `flush` writes a batch in one transaction.

    Lookups by key (`known`, `get_first_seen`, `post_owner`) see pending articles too;
    queries over the whole archive (`count`, `search`, `images_summary`) flush first.
    """

    def __init__(self, path: Path, batch_size: int = 100) -> None:
        self.db = open_db(path)
        self.batch_size = batch_size
        self._pending: dict[str, _Pending] = {}
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

    def add(self, article: Article, post_path: str | None) -> Outcome:
        """Buffer `article` unless the archive (or the buffer) already has this content."""
        row = article_row(article, post_path)
        previous = self._previous(article.key)
        if previous is not None and previous["content_hash"] == row["content_hash"]:
            return "unchanged"
        # First seen = first fetched: a date-less post is dated by it, so it must match.
        first = article.fetched_at or datetime.now(UTC)
        row["first_seen"] = previous["first_seen"] if previous else _iso(first)
        self._pending[article.key] = _Pending(row, image_rows(article))
        if len(self._pending) >= self.batch_size:
            self.flush()
        return "updated" if previous else "new"

    def flush(self) -> None:
        """Write the buffered articles and their image rows in one transaction."""
        if not self._pending:
            return
        keys = json.dumps(list(self._pending))
        with write_transaction(self.db):
            conn = self.db.conn
            delete_search_rows(conn, self.db.query(_STORED, {"keys": keys}))
            self.db.table("articles").upsert_all([p.row for p in self._pending.values()], pk="url")
            rowids = dict(conn.execute(_ROWIDS, {"keys": keys}).fetchall())
            insert_search_rows(
                conn, (p.row | {"rowid": rowids[key]} for key, p in self._pending.items())
            )
            conn.execute(_DELETE_IMAGES, {"keys": keys})
            self.db.table("images").insert_all(
                [i for p in self._pending.values() for i in p.images], replace=True
            )
        self._pending.clear()

    def close(self) -> None:
        """Flush, then close the database; calling it again does nothing."""
        if self._closed:
            return
        try:
            self.flush()
        finally:
            self._closed = True
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
        """The key of the article whose post is written at `post_path`, if any."""
        for key, pending in self._pending.items():
            if pending.row["post_path"] == post_path:
                return key
        rows = self.db.execute(_BY_POST_PATH, {"path": post_path})
        # A pending update may have moved its post elsewhere: the stored path is stale.
        return next((url for (url,) in rows if url not in self._pending), None)

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
        """Articles matching `query`, best first; see `newscrawl.search` for how it is read."""
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
        """Article counts per source (most first) and per day (newest first)."""
        self.flush()
        return {name: self.db.execute(sql).fetchall() for name, sql in _STATS.items()}

    def _previous(self, key: str) -> Row | None:
        if key in self._pending:
            return self._pending[key].row
        row = self.db.execute(_PREVIOUS, {"url": key}).fetchone()
        return (
            dict(zip(("content_hash", "first_seen", "post_path"), row, strict=True))
            if row
            else None
        )


# Keys of a batch are passed as one JSON array: fixed SQL text whatever the batch size.
_STORED = INDEXED_ROWS + " where url in (select value from json_each(:keys))"
_ROWIDS = "select url, rowid from articles where url in (select value from json_each(:keys))"
_DELETE_IMAGES = "delete from images where article_url in (select value from json_each(:keys))"
_PREVIOUS = "select content_hash, first_seen, post_path from articles where url = :url"
_BY_POST_PATH = "select url from articles where post_path = :path"
_BY_ID = "select rowid as id, * from articles where rowid = :id"
_BY_URL = "select rowid as id, * from articles where url = :url or fetched_url = :url limit 1"
_ROWS = "select rowid as id, * from articles a where {where} order by rowid"
_COUNT_ROWS = "select count(*) from articles a where {where}"
_STATS = {
    "sources": "select source_id, count(*) as n from articles group by source_id order by n desc",
    "days": """select substr(coalesce(published, first_seen), 1, 10) as day, count(*) as n
      from articles group by day order by day desc""",
}


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
    }


def image_rows(article: Article) -> list[Row]:
    """The `images` rows for `article`; `position` is the order of its image results."""
    return [
        {"article_url": article.key, "url": r.url, "position": position, "status": r.status}
        | {"path": r.path, "checksum": r.checksum, "error": r.error}
        for position, r in enumerate(article.image_results)
    ]


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: the archive stores UTC times only")
    return moment.astimezone(UTC).isoformat()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
