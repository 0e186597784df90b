"""The batch writer's statements: each writes a whole table's share of a batch at once, its
rows passed as one JSON array parameter (json_each), so that the SQL text stays fixed.

Rows travel as UTF-8 bytes from the encoder to SQLite, cast to text in the statement: a str
would be decoded from orjson's bytes and encoded again by sqlite3's binding, two passes over
every body on the thread that feeds the writer. (A blob given to json_each as such would be
read as SQLite's binary JSONB by newer versions: hence the cast.)"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson

from newscrawl.archive.rows import Row
from newscrawl.archive.schema import ARTICLE_COLUMNS
from newscrawl.archive.search import INDEXED_ROWS


@dataclass(frozen=True)
class RowsStatement:
    """One statement writing a JSON array of rows (each an array of `columns`' values) into
    `table`: an upsert on `key` (setting `updates`, by default every other column, where the
    stored row passes `only_if`), or with `replace` an insert-or-replace. The table, columns
    and condition are fixed identifiers and SQL of this module, never data."""

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
        sql = (
            f"{verb} into {self.table} ({names}) select {values}"
            " from json_each(cast(? as text)) where true"
        )
        if self.replace:
            return sql
        changed = self.updates or [c for c in self.columns if c not in self.key]
        updates = ", ".join(f"{c} = excluded.{c}" for c in changed)
        where = f" where {self.only_if}" if self.only_if else ""
        return sql + f" on conflict ({', '.join(self.key)}) do update set {updates}{where}"

    def write(self, conn: sqlite3.Connection, rows: Sequence[Row]) -> None:
        self.execute(conn, [encode_row(r, self.columns) for r in rows])

    def execute(self, conn: sqlite3.Connection, encoded: list[bytes]) -> None:
        """Write rows already encoded (`encode_row`)."""
        execute_arrays(conn, self.sql, encoded)


def encode_row(row: Row, columns: Sequence[str]) -> bytes:
    return encode([row[c] for c in columns])


def encode(values: list[Any]) -> bytes:
    """`values` as a JSON array (UTF-8) for a batch statement. SQLite's JSON functions end a
    text at a NUL, so NUL is stored as U+FFFD, as HTML parsers read it; nothing else changes.
    A value that is no UTF-8 text (a lone surrogate) raises UnicodeEncodeError, a ValueError:
    its row is refused here, not in its batch."""
    text = _dumps(values)
    # A NUL is rare: looking for its escape in the output costs far less than a pass over
    # every value (a row's body and text) before it. A text that spells the escape out
    # only costs a second encoding.
    if b"\\u0000" in text:
        text = _dumps([v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in values])
    return text


def _dumps(values: list[Any]) -> bytes:
    try:
        # orjson: a row's body and text encode several times faster than with json, on the
        # thread that feeds the writer (the ingest's critical path).
        return orjson.dumps(values, option=_AS_JSON_DOES)
    except TypeError:  # orjson refuses ints past 64 bits (and lone surrogates): json takes them
        return json.dumps(values, ensure_ascii=False).encode()


# What orjson would encode and json refuses (a datetime in a row is a bug, reported as one).
_AS_JSON_DOES = (
    orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


# SQLite refuses a text over 1e9 bytes (SQLITE_MAX_LENGTH): a batch of huge pages (100 live
# blogs of 5 MB...) goes in several arrays of at most this many bytes.
MAX_ARRAY_BYTES = 64 * 2**20


def execute_arrays(conn: sqlite3.Connection, sql: str, encoded: list[bytes]) -> None:
    """Run `sql`, whose one parameter is a JSON array (cast to text), over the encoded
    items."""
    for array in json_arrays(encoded):
        conn.execute(sql, [array])


def json_arrays(encoded: list[bytes]) -> Iterator[bytes]:
    """JSON arrays of the encoded items, in order, each under MAX_ARRAY_BYTES if it can be."""
    start, size = 0, 0
    for end, item in enumerate(encoded):
        if size and size + len(item) > MAX_ARRAY_BYTES:
            yield b"[" + b",".join(encoded[start:end]) + b"]"
            start, size = end, 0
        size += len(item) + 1
    if start < len(encoded):
        yield b"[" + b",".join(encoded[start:]) + b"]"


ARTICLE = RowsStatement("articles", [*ARTICLE_COLUMNS, "post_key"], ["url"])
REVISION = RowsStatement(
    "revisions",
    ["article_url", "revised_at", "title", "body_hash", "body_html", "archived_at"],
    ["article_url", "revised_at"],
)
VISIT_COLUMNS = ["url", "article_url", "source_id", "first_seen", "last_visit", "next_visit"]
VISIT = RowsStatement("visits", VISIT_COLUMNS, ["url"])
# A page fetched and not archived: its row is kept up to date unless its URL is an archived
# article's (which a page skipped now, say emptied by the site, must not detach).
PASSED_OVER = RowsStatement(
    "visits",
    VISIT_COLUMNS,
    ["url"],
    updates=["last_visit", "next_visit"],
    only_if="visits.article_url is null",
)
IMAGE = RowsStatement(
    "images",
    ["article_url", "url", "position", "status", "path", "checksum", "error"],
    ["article_url", "url"],
    replace=True,
)
# The index rows of a batch, by the rowids its articles got: the JSON array's order (the
# batch's) is kept by reading it first (cross join), each article found by its URL.
INDEX = """insert into articles_search(rowid, title, body, facets)
select a.rowid, json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
  json_extract(j.value, '$[3]')
from json_each(cast(? as text)) j cross join articles a on a.url = json_extract(j.value, '$[0]')"""
# Keys of a batch are passed as one JSON array: fixed SQL text whatever the batch size.
STORED = INDEXED_ROWS + " where url in (select value from json_each(:keys))"
DELETE_IMAGES = "delete from images where article_url in (select value from json_each(:keys))"
