"""Candidates sorted by date, newest first: the article's day is published, else first seen."""

from __future__ import annotations

import json
import sqlite3

_NEWEST = """select rowid from articles where rowid in (select value from json_each(:ids))
order by coalesce(published, first_seen) desc, rowid desc"""
# Above this many candidates, reading each one's date (a random row read apiece) costs more
# than walking the published index from the newest row until enough candidates went by (about
# limit * archive size / candidates index entries, each far cheaper than a row read).
_WALK_FROM = 1_000
# The walk stops (and the candidates are read one by one) after 4 times the index entries it
# should need were they spread evenly: a date filter can put them all at the far end.
_WALK_SLACK = 4
_BY_PUBLISHED = """select rowid, published from articles where published is not null
order by published desc, rowid desc limit :most"""
_UNDATED = """select rowid, first_seen from articles
where published is null and rowid in (select value from json_each(:ids))"""


def by_date(conn: sqlite3.Connection, found: list[int], limit: int) -> list[int]:
    """The rowids `found`, newest first (ties: the later archived first); from the first
    `limit` on, only a few more than `limit` when there are many."""
    if not found:
        return []
    newest = walk_published(conn, found, limit) if len(found) > _WALK_FROM else None
    if newest is None:
        newest = [rowid for (rowid,) in conn.execute(_NEWEST, {"ids": json.dumps(found)})]
    return newest


def walk_published(conn: sqlite3.Connection, found: list[int], limit: int) -> list[int] | None:
    """The first rowids of `found` in `_NEWEST`'s order: a few more than `limit`, for the
    row check to drop some. None when the walk would be long (the candidates are rare among
    the archive's rows)."""
    want = 2 * limit + 10
    rows = conn.execute("select max(rowid) from articles").fetchone()[0] or 0
    most = _WALK_SLACK * want * rows // len(found) + want
    wanted = set(found)
    dated: list[tuple[str, int]] = []
    for rowid, published in conn.execute(_BY_PUBLISHED, {"most": most}):
        if rowid in wanted:
            dated.append((published, rowid))
            if len(dated) >= want:
                break
    else:
        return None
    # Undated rows sort by when they were first seen, among the dated ones (few or none).
    undated = [(seen, rowid) for rowid, seen in conn.execute(_UNDATED, {"ids": json.dumps(found)})]
    merged = sorted(dated + undated, key=lambda pair: (pair[0], pair[1]), reverse=True)
    return [rowid for _, rowid in merged[:want]]
