"""Archive: articles and their images in SQLite, written in batches, with full-text search."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from newscrawl.db import open_db, write_transaction
from newscrawl.items import Article

Outcome = Literal["new", "updated", "unchanged"]
Row = dict[str, Any]


class SearchError(ValueError):
    """A search query that the full-text index cannot run."""


@dataclass(frozen=True)
class SearchHit:
    """One search result; `rank` is bm25 (lower is better), 0.0 when found by LIKE alone."""

    url: str
    title: str
    source_id: str
    published: datetime | None
    snippet: str
    rank: float


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
        with write_transaction(self.db):
            self.db.table("articles").upsert_all([p.row for p in self._pending.values()], pk="url")
            images = self.db.table("images")
            for key in self._pending:
                images.delete_where("article_url = ?", [key])
            images.insert_all([i for p in self._pending.values() for i in p.images], replace=True)
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
        rows = self.db.table("articles").rows_where("post_path = ?", [post_path], select="url")
        # A pending update may have moved its post elsewhere: the stored path is stale.
        return next((r["url"] for r in rows if r["url"] not in self._pending), None)

    def count(self) -> int:
        """How many articles the archive holds."""
        self.flush()
        return int(self.db.table("articles").count)

    def images_summary(self) -> dict[str, int]:
        """How many image rows have each status."""
        self.flush()
        rows = self.db.query("select status, count(*) as n from images group by status")
        return {row["status"]: row["n"] for row in rows}

    def search(self, query: str, source: str | None = None, limit: int = 20) -> list[SearchHit]:
        """Articles matching `query`, best first; see `search_plan` for how it is read."""
        self.flush()
        plan = search_plan(query)
        sql, params = plan.sql(source, limit)
        try:
            rows = list(self.db.query(sql, params))
        except sqlite3.OperationalError as error:
            raise SearchError(f"cannot search for {query!r}: {error}") from error
        return [plan.hit(row) for row in rows]

    def _previous(self, key: str) -> Row | None:
        if key in self._pending:
            return self._pending[key].row
        select = "content_hash, first_seen, post_path"
        return next(self.db.table("articles").rows_where("url = ?", [key], select=select), None)


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


# --- search -------------------------------------------------------------------------------

# A double-quoted phrase, or a run of non-space characters.
_TERM = re.compile(r'"([^"]*)"|(\S+)')
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
# The trigram tokenizer indexes 3-character substrings: shorter terms never MATCH.
_TRIGRAM = 3

_FTS_SELECT = """
select a.url, a.title, a.source_id, a.published,
  snippet(articles_fts, -1, '[', ']', '…', 32) as snippet,
  bm25(articles_fts, 5.0, 1.0) as rank
from articles_fts join articles a on a.rowid = articles_fts.rowid
where articles_fts match :match"""
_LIKE_SELECT = """
select a.url, a.title, a.source_id, a.published, a.title || ' ' || a.body_text as snippet,
  0.0 as rank
from articles a where 1"""
_BY_SOURCE = "\n  and a.source_id = :source"
_LIKE = "\n  and (a.title like :{0} escape '\\' or a.body_text like :{0} escape '\\')"
# A title match weighs 5 body matches (the bm25 weights above); LIKE alone cannot rank.
_FTS_ORDER = "\norder by rank limit :limit"
_LIKE_ORDER = "\norder by a.published desc limit :limit"


@dataclass(frozen=True)
class SearchPlan:
    """How a user query runs: an FTS5 MATCH expression and/or substrings for LIKE."""

    match: str | None
    substrings: list[str]

    def sql(self, source: str | None, limit: int) -> tuple[str, dict[str, Any]]:
        """The SELECT (fixed text plus named parameters) and its parameters."""
        sql = _FTS_SELECT if self.match else _LIKE_SELECT
        params: dict[str, Any] = {"match": self.match, "source": source, "limit": limit}
        if source is not None:
            sql += _BY_SOURCE
        for n, substring in enumerate(self.substrings):
            sql += _LIKE.format(f"like{n}")
            params[f"like{n}"] = "%" + re.sub(r"([%_\\])", r"\\\1", substring) + "%"
        return sql + (_FTS_ORDER if self.match else _LIKE_ORDER), params

    def hit(self, row: Row) -> SearchHit:
        """A result row as a SearchHit; LIKE-only rows get a snippet made here."""
        snippet = row["snippet"] if self.match else _mark(row["snippet"], self.substrings)
        published = datetime.fromisoformat(row["published"]) if row["published"] else None
        return SearchHit(
            row["url"], row["title"], row["source_id"], published, snippet, row["rank"]
        )


def search_plan(query: str) -> SearchPlan:
    """Read a user query.

    With an operator (AND, OR, NOT, NEAR in capitals) the query is FTS5 syntax and runs as
    written; a malformed one raises SearchError, and there terms under 3 characters cannot
    match (trigram). Otherwise it is plain text: words and "quoted phrases", all required.
    Each one of 3+ characters is quoted as an FTS5 string, so `c++` or `foo-bar` are text,
    not syntax; shorter ones (`显卡`, `AI`) are matched with LIKE on title and body_text.
    """
    found = _TERM.findall(query)
    terms = [phrase or word for phrase, word in found if (phrase or word).strip()]
    if not terms:
        raise SearchError("empty search query")
    if any(word in _OPERATORS or word.startswith("NEAR(") for _, word in found):
        return SearchPlan(query, [])
    long = [t for t in terms if len(t) >= _TRIGRAM]
    match = " ".join('"' + t.replace('"', '""') + '"' for t in long) or None
    return SearchPlan(match, [t for t in terms if len(t) < _TRIGRAM])


def _mark(text: str, substrings: list[str], context: int = 32) -> str:
    """Like snippet(): the first substring found, in [brackets], with some context."""
    for substring in substrings:
        found = re.search(re.escape(substring), text, re.IGNORECASE)
        if found:
            start, end = max(found.start() - context, 0), found.end() + context
            head = ("…" if start else "") + text[start : found.start()]
            tail = text[found.end() : end] + ("…" if end < len(text) else "")
            return f"{head}[{found.group()}]{tail}"
    return text[: 2 * context]
