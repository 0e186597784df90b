"""The archive's SQLite schema, as an ordered list of migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from newscrawl.archive.revisits import DEFAULT_SCHEDULE, next_visit
from newscrawl.archive.search import INDEXED_ROWS, insert_search_rows
from newscrawl.archive.tags import create_tag_index
from newscrawl.render.names import path_key

Migration = Callable[[Database], None]

# A crawl and a `newscrawl search` may share the file: a writer waits this long for the lock.
BUSY_TIMEOUT_SECONDS = 30.0


# Every article column is text: dates are ISO 8601 UTC, lists and `extra` are JSON.
ARTICLE_COLUMNS = [
    "url",
    "fetched_url",
    "source_id",
    "title",
    "published",
    "updated",
    "first_seen",
    "fetched_at",
    "language",
    "authors",
    "tags",
    "categories",
    "publisher",
    "lead_image",
    "body_html",
    "body_text",
    "editor",
    "origin_url",
    "origin_name",
    "extra",
    "content_hash",
    "post_path",
]


def create_articles(db: Database) -> None:
    articles = db.table("articles")
    articles.create(dict.fromkeys(ARTICLE_COLUMNS, str), pk="url")
    # (content_hash and post_path were dropped again: drop_unused_article_indexes)
    for column in ("source_id", "published", "content_hash", "post_path"):
        articles.create_index([column])


def create_images(db: Database) -> None:
    images = db.table("images")
    columns = {"article_url": str, "url": str, "position": int, "status": str}
    columns |= {"path": str, "checksum": str, "error": str}
    images.create(columns, pk=("article_url", "url"))
    images.create_index(["status"])


def create_articles_fts(db: Database) -> None:
    # The default unicode61 tokenizer splits on spaces and punctuation only, so a run of
    # Chinese text becomes one token and no word inside it can be found. The trigram
    # tokenizer indexes every 3-character substring: any substring of 3+ characters matches,
    # in any language. Shorter terms cannot; the archive's search falls back to LIKE for them.
    articles = db.table("articles")
    articles.enable_fts(["title", "body_text"], create_triggers=True, tokenize="trigram")


def create_articles_search(db: Database) -> None:
    # The trigram index cannot find 2-character Chinese words (LIKE scans did, far too slowly
    # on a large archive) and holds a token per character of every script. This index holds
    # text prepared by newscrawl.archive.search (CJK runs as bigrams, Latin words as words) under
    # unicode61; contentless because that text is only for matching: articles has the real
    # one. The Archive keeps it in sync in its write transaction (no trigger can run Python).
    db.execute(
        "create virtual table articles_search using fts5("
        "title, body, facets, content='', tokenize='unicode61 remove_diacritics 2')"
    )
    # 8 KB leaves instead of the default 4050 bytes: less CPU per indexed article.
    db.execute("insert into articles_search(articles_search, rank) values ('pgsz', 8000)")
    insert_search_rows(db.conn, db.query(INDEXED_ROWS))


def drop_articles_fts(db: Database) -> None:
    # Superseded by articles_search; kept, its triggers would double every write's cost.
    db.table("articles").disable_fts()


def add_post_key(db: Database) -> None:
    # Which article owns a post file is asked by path_key (case-folded, NFC): `News.md` and
    # `news.md` are one file on macOS and Windows, so they must be one name here too.
    db.conn.create_function("path_key", 1, path_key, deterministic=True)
    db.execute("alter table articles add column post_key text")
    db.execute("update articles set post_key = path_key(post_path) where post_path is not null")
    db.table("articles").create_index(["post_key"])


def create_revisions(db: Database) -> None:
    # A previous version of an article, kept when a re-fetch found different content:
    # `revised_at` is when it was replaced, `archived_at` when it had been fetched.
    columns = {"article_url": str, "revised_at": str, "title": str, "body_hash": str}
    columns |= {"body_html": str, "archived_at": str}
    db.table("revisions").create(columns, pk=("article_url", "revised_at"))
    db.table("revisions").create_index(["revised_at"])


def create_visits(db: Database) -> None:
    # One row per fetched article URL: when it was last fetched and when it is due again
    # (null: never). Articles archived before this table are due by the default schedule.
    columns = {"url": str, "article_url": str, "source_id": str, "first_seen": str}
    columns |= {"last_visit": str, "next_visit": str}
    visits = db.table("visits")
    visits.create(columns, pk="url")
    visits.create_index(["source_id", "next_visit"])
    db.conn.create_function("next_visit", 2, _default_next_visit, deterministic=True)
    db.execute(
        "insert or ignore into visits select coalesce(fetched_url, url), url, source_id, "
        "first_seen, fetched_at, next_visit(first_seen, fetched_at) from articles"
    )


def _default_next_visit(first_seen: str | None, last_visit: str | None) -> str | None:
    if not first_seen or not last_visit:
        return None
    due = next_visit(
        datetime.fromisoformat(first_seen), datetime.fromisoformat(last_visit), DEFAULT_SCHEDULE
    )
    return due.isoformat() if due else None


def create_entry_points(db: Database) -> None:
    # Validators of feeds and sitemaps, for conditional requests (If-None-Match, ...).
    columns: dict[str, type] = {"url": str, "source_id": str, "etag": str}
    columns |= {"last_modified": str, "checked_at": str, "status": int}
    db.table("entry_points").create(columns, pk="url")


def create_crawl_runs(db: Database) -> None:
    # One row per source per crawl; `status` running, ok, failed, interrupted or killed.
    columns: dict[str, type] = {"id": int, "source_id": str, "started_at": str}
    columns |= {"ended_at": str, "status": str}
    columns |= {"pid": int, "counts": str, "errors": int, "error": str, "command": str}
    db.table("crawl_runs").create(columns, pk="id")
    db.table("crawl_runs").create_index(["source_id", "started_at"])


def create_robots_txt(db: Database) -> None:
    # robots.txt per host, reused for a day (RFC 9309 allows 24 hours).
    columns: dict[str, type] = {"url": str, "status": int, "body": bytes, "fetched_at": str}
    db.table("robots_txt").create(columns, pk="url")


def tune_articles_search(db: Database) -> None:
    # FTS indexing is most of a batch's cost: the default 1 MB of pending index data flushed a
    # batch as several small segments, and merging 4 at a time rewrote every posting more
    # often; one 16 MB segment per batch and merges of 8 cost far less CPU per article. The
    # price: searches read at most 7 segments per level instead of 3. Both settings are
    # stored in the index (its _config).
    for option, value in (("hashsize", 16_000_000), ("automerge", 8)):
        db.execute(
            "insert into articles_search(articles_search, rank) values (?, ?)", [option, value]
        )


def drop_unused_article_indexes(db: Database) -> None:
    # Nothing looks articles up by content_hash, nor by post_path since add_post_key (owners
    # are found by post_key). Each index is one more random B-tree insert per article, and a
    # 64-hex-digit hash spreads them over the whole index: a visible share of the insert rate.
    for column in ("content_hash", "post_path"):
        db.execute(f"drop index if exists idx_articles_{column}")


def create_responses(db: Database) -> None:
    # An article page's HTTP exchange, kept when NEWSCRAWL_KEEP_RESPONSES is on, for WARC
    # export: one row per new or changed version, written in the article's batch transaction.
    # Headers are JSON lists of [name, value]; `body` is zlib-compressed (sha1 and length are
    # the uncompressed body's); `url` is the URL fetched, `article_url` the article's key.
    columns: dict[str, type] = {"article_url": str, "fetched_at": str, "url": str}
    columns |= {"status": int, "method": str, "protocol": str, "ip_address": str}
    columns |= {"request_headers": str, "response_headers": str}
    columns |= {"body": bytes, "body_sha1": str, "body_length": int}
    db.table("responses").create(columns, pk=("article_url", "fetched_at"))


def index_articles_by_source_and_date(db: Database) -> None:
    # The newest articles of a source (the web view's latest per source) were read by sorting
    # all the source's rows, seconds on a large archive. (source_id, published) serves that
    # from the index, and every lookup by source as the source_id index did, which it
    # replaces: the same number of B-tree inserts per article.
    db.table("articles").create_index(["source_id", "published"], if_not_exists=True)
    db.execute("drop index if exists idx_articles_source_id")


def index_article_tags(db: Database) -> None:
    # A tag's page read every article's tags (JSON) newest first until it had a page of
    # them: for a rare tag, the whole table. The tag index (archive/tags.py) answers from its
    # own keys; its triggers cost a few B-tree inserts per tag of a new article.
    create_tag_index(db.conn)


# Applied in this order; a migration's function name is its record, so never rename one.
MIGRATIONS: list[Migration] = [
    create_articles,
    create_images,
    create_articles_fts,
    create_articles_search,
    drop_articles_fts,
    add_post_key,
    create_revisions,
    create_visits,
    create_entry_points,
    create_crawl_runs,
    create_robots_txt,
    tune_articles_search,
    drop_unused_article_indexes,
    create_responses,
    index_articles_by_source_and_date,
    index_article_tags,
]


def open_db(path: Path, threads: bool = False, durable: bool = False) -> Database:
    """Open (creating it if need be) the archive at `path`, migrated to the latest schema.

    `threads`: the connection may be used by another thread than this one (one at a time).
    `durable`: each commit is on disk when it returns, for a writer that tells others it is
    done (the cluster's ingest acknowledges, and Redis forgets, what it committed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=not threads)
    db = Database(connection)
    db.enable_wal()
    # In WAL mode NORMAL is safe against corruption; it may only lose the last commits
    # on power loss, which a re-crawl restores. FULL: one fsync of the log more a commit.
    db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    # 64 MiB of page cache (default 2 MiB): a large archive's URL index takes random inserts
    # all over it, and searches revisit the same FTS pages.
    db.execute("PRAGMA cache_size=-65536")
    migrate(db)
    return db


def migrate(db: Database) -> list[str]:
    """Apply the pending migrations in order, each in its own transaction; their names."""
    db.table("_migrations").create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = []
    for migration in _pending(db):
        with write_transaction(db):
            if migration in _pending(db):  # another process may have applied it meanwhile
                migration(db)
                _record(db, migration.__name__)
                done.append(migration.__name__)
    return done


def _pending(db: Database) -> list[Migration]:
    applied = {row["name"] for row in db.table("_migrations").rows}
    return [m for m in MIGRATIONS if m.__name__ not in applied]


def _record(db: Database, name: str) -> None:
    applied_at = datetime.now(UTC).isoformat()
    db.table("_migrations").insert({"name": name, "applied_at": applied_at})


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction holding the write lock from its start; rolled back on any error."""
    # BEGIN IMMEDIATE: a deferred transaction that reads before writing fails at once with
    # "database is locked" when another writer got in between; this one waits its turn.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.commit()
    except BaseException:
        db.rollback()
        raise
