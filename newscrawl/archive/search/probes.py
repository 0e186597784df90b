"""What the planner measures before choosing: bounded counts and samples of the index.

Each probe is one short statement over the index (a count that stops at a bound, a sample of
the newest matches); the plan they choose does the search itself.
"""

from __future__ import annotations

import json
import sqlite3

from newscrawl.archive.search.query import in_text
from newscrawl.archive.search.request import Ranking, SearchRequest

# Rows of the query's own matches checked for the filters, to tell whether ranking all of them
# and reading the best rows until `limit` pass beats cutting them by the filters' facet tokens
# first (intersecting a facet in many rows, as a language or a big source, costs per row of it).
_SAMPLE = 64
# A facet token in at most this many rows may be matched with the query for bm25 to rank the
# candidates as they are found: bm25 counts the rows of every phrase of its MATCH first, which
# for such a facet costs less than matching the query once more to rank the candidates.
_SMALL_FACET = 20_000

_AT_LEAST = """select count(*) from (select rowid from articles_search
  where articles_search match :match limit :n)"""
_NEWEST_MATCHES = """select rowid from articles_search where articles_search match :match
  order by rowid desc limit :n"""
# `not indexed`: the rows are looked up by rowid, never found by scanning an index on a
# filtered column (a big source's range of its index is a large part of the archive).
_PASSING = """select count(*) from articles a not indexed
  where a.rowid in (select value from json_each(:ids)) and """


def at_least(conn: sqlite3.Connection, match: str, n: int) -> int:
    """How many rows `match` finds, counting stops at `n`."""
    return int(conn.execute(_AT_LEAST, {"match": match, "n": n}).fetchone()[0])


def newest_matches(request: SearchRequest) -> list[int]:
    """The rowids of the _SAMPLE newest archived rows matching the query (a small part of a
    whole match, unless it matches few rows)."""
    found = request.conn.execute(_NEWEST_MATCHES, {"match": request.expression, "n": _SAMPLE})
    return [rowid for (rowid,) in found]


def passing_sql(where: str) -> str:
    """The statement counting which of the rows `:ids` pass `where` (Filters.where's text)."""
    return _PASSING + where


def passing(request: SearchRequest, newest: list[int]) -> float:
    """Which share of the query's `newest` matches pass the filters (all without a filter)."""
    if request.unfiltered:
        return 1.0
    if not newest:
        return 0.0
    params = request.params | {"ids": json.dumps(newest)}
    passed = request.conn.execute(passing_sql(request.where), params)
    return int(passed.fetchone()[0]) / len(newest)


def small(conn: sqlite3.Connection, facets: list[str]) -> bool:
    """Whether every facet token of a filter is in at most _SMALL_FACET rows."""
    return all(at_least(conn, facet, _SMALL_FACET + 1) <= _SMALL_FACET for facet in facets)


def one_phrase(parts: list[str]) -> bool:
    """Whether a plain query is one phrase of several tokens (`"who has had"`, `隐藏功能`)."""
    return len(parts) == 1 and " " in parts[0].strip('"* ')


def only_words(request: SearchRequest) -> bool:
    """Whether each of the query's phrases is one token (a phrase's match reads every row
    that has all its words, so matching it again costs far more)."""
    return request.expert or all(" " not in part.strip('"* ') for part in request.parts)


def seems_few(request: SearchRequest, newest: list[int]) -> bool:
    """Whether the query seems to match at most the cap's rows: as many as its `newest`
    matches say, were its matches spread evenly over the archive (an estimate: only a cost
    rides on it, the ranking counts them anyway; a wrong guess costs bm25 over the cap)."""
    if len(newest) < _SAMPLE:
        return True
    top = int(request.conn.execute("select max(rowid) from articles").fetchone()[0] or 0)
    return _SAMPLE * top <= request.cap * (top - newest[-1] + 1)


def ranking(request: SearchRequest) -> Ranking:
    """What bm25 ranks by, counted once: in a plain query, a phrase found in more than the
    cap's rows does not weigh in (its weight would be small and costly to count)."""
    if request.counted is None:
        request.counted = _count(request)
    return request.counted


def _count(request: SearchRequest) -> Ranking:
    parts, cap = request.parts, request.cap
    if request.expert or cap < 0:
        return Ranking(request.expression, None)
    counts = [at_least(request.conn, in_text([part]), cap + 1) for part in parts]
    kept = [part for part, count in zip(parts, counts, strict=True) if count <= cap]
    return Ranking(in_text(kept) if kept else None, min(counts))


def fewer_than_cap(request: SearchRequest, fewest: int | None) -> bool:
    """Whether the query matches fewer rows than the cap (any, without a cap). A plain
    query's matches are among those of each of its phrases (`fewest`: the fewest of them)."""
    if request.cap < 0:
        return True
    if fewest is None:
        fewest = at_least(request.conn, request.expression, request.cap)
    return fewest < request.cap
