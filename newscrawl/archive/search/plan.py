"""Search: the candidates of a query and its filters, ranked by bm25 or sorted by date."""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import chain, islice
from operator import itemgetter
from typing import Any, Literal

from newscrawl.archive.search.filters import Filters
from newscrawl.archive.search.query import SearchError, in_text, parts_of
from newscrawl.archive.search.results import SearchResults, hits
from newscrawl.archive.search.text import Row

Sort = Literal["rank", "newest"]

# Ranking beyond this many matches costs more than the latency budget (bm25 ~2.7 µs a row):
# a larger match set is cut to its most recently archived CANDIDATES before ranking.
CANDIDATES = 10_000
# bm25 weights of the index columns: a title match weighs 5 body matches; facets none.
_WEIGHTS = (5.0, 1.0, 0.0)


# Source, language, author and tag filters are facet tokens in the MATCH: every candidate
# the index yields passes them (the row check after the cap only guards against a hash
# collision). A date filter is not (month tokens are coarse, a bound alone has none): the rows
# are then checked as the index yields them, newest first, and the cap counts only those that
# pass, so a date range still finds its rows however many newer matches there are.
_CANDIDATES = """select articles_search.rowid from articles_search{join}
  where articles_search match :match{inner}
  order by articles_search.rowid desc limit :cap"""
# `not indexed`: the rows are looked up by rowid, one each, never found by scanning an index on
# a filtered column (a source's index range is 40% of the archive: 50-100 ms).
_JOIN = " join articles a not indexed on a.rowid = articles_search.rowid"
# bm25 first counts, for each phrase of its MATCH, every row that phrase matches (its IDF):
# ~0.04 µs a row for a word (23 ms for the language facet in 550,698 of 1M rows), far more for
# a phrase of common words, the same for a facet token. So the candidates are ranked by a
# second query over the query's own phrases only (no facets, unless they are in few rows: see
# _SMALL_FACET), within the candidates' rowid range; `+` keeps the IN from becoming one index
# lookup per row.
_BM25 = "bm25(articles_search, " + ", ".join(map(str, _WEIGHTS)) + ")"
_RANKED = """select rowid, {bm25} as rank from articles_search
where articles_search match :ranking and rowid between :low and :high{among}
order by rank, rowid desc limit :n""".replace("{bm25}", _BM25)
_AMONG = "\n  and +rowid in (select value from json_each(:ids))"
_NEWEST = """select rowid from articles where rowid in (select value from json_each(:ids))
order by coalesce(published, first_seen) desc, rowid desc"""
_ARTICLES = """select a.rowid as id, a.url, a.title, a.source_id, a.published, a.language,
  a.authors, a.tags, a.body_text
from articles a not indexed where a.rowid in (select value from json_each(:ids)) and {outer}"""
_AT_LEAST = """select count(*) from (select rowid from articles_search
  where articles_search match :match limit :n)"""


def search(
    conn: sqlite3.Connection,
    query: str,
    filters: Filters | None = None,
    sort: Sort = "rank",
    limit: int = 20,
    candidates: int = CANDIDATES,
) -> SearchResults:
    """Articles matching `query` and `filters`, best (or newest) first.

    When more than `candidates` rows match and pass the filters, only the most recently
    archived `candidates` of them are considered (0: all). Ranking is bm25 over the query's
    words and phrases; in a plain query (no operators), a word or phrase found in more than
    `candidates` articles does not weigh in (its weight would be small and costly to count),
    and a query made only of such words lists its matches most recently archived first.
    Raises SearchError for a query FTS5 cannot run.
    """
    filters = filters or Filters()
    parts, expert = parts_of(query)
    expression = in_text(parts, expert)
    where, params = filters.where()
    dated = filters.since is not None or filters.until is not None
    join, inner, outer = (_JOIN, " and " + where, "1") if dated else ("", "", where)
    cap = candidates if candidates > 0 else -1
    try:
        ranking, fewest, counted = None, None, False
        one_bound = dated and (filters.since is None or filters.until is None)
        dates = _date_range(conn) if one_bound else None
        facets = filters.facets(dates)
        inside = filters.inner_months(dates) if dated else []
        if inside:  # the rows of those months are candidates without reading them
            outer = where
        ranks = sort == "rank" and not dated
        # The newest matches: a sample for the filters' share, and for a phrase's count.
        sampled = ranks and (where != "1" or (_one_phrase(parts) and not expert))
        newest = _newest(conn, expression) if sampled else []
        passing = _passing(conn, newest, where, params) if ranks else 0.0
        # Ranking all the matches costs bm25 for those that fail the filters and reading
        # ~limit / passing rows; cutting them by the facets first costs matching the facet
        # tokens (~0.05 µs a row of theirs), the candidates' IN check and matching the query
        # once more to rank them (unless the facets are in few rows: see _small), which is
        # cheap for words, not for phrases (every row with all their words is read).
        words = expert or all(" " not in part.strip('"* ') for part in parts)
        enough, least = (1 / 2, 1.0) if words else (1 / 4, 1 / 16)
        small = None if passing >= enough or passing < least else _small(conn, facets)
        if passing >= enough or small is False:
            if cap > 0 and not expert and _one_phrase(parts) and _seems_few(conn, newest, cap):
                # Its count would cost a whole match (of every row with all its words):
                # ranked at once, and counted as it is ranked.
                first, best = _ranked_counted(conn, expression, where == "1", limit, cap)
                if first is None or first[2] < cap:
                    rows = _rows(conn, best, where, params, limit)
                    return SearchResults(hits(rows, query), capped=False)
                fewest, counted = first[2], True
                ranking = expression if fewest <= cap else None
            else:
                (ranking, fewest), counted = _ranking(conn, parts, expert, cap), True
            if ranking == expression and _fewer(conn, expression, fewest, cap):
                # Each match passing the filters is a candidate: rank them all, then read
                # the best rows until `limit` pass.
                best = _ranked(conn, expression, where == "1", limit)
                rows = _rows(conn, best, where, params, limit)
                return SearchResults(hits(rows, query), capped=False)
        params |= {"match": " AND ".join([expression, *facets]), "cap": cap}
        sql = _CANDIDATES.replace("{join}", join).replace("{inner}", inner)
        fuse = sort == "rank" and not dated and bool(facets)
        fuse = fuse and (_small(conn, facets) if small is None else small)
        if fuse and not counted:
            (ranking, _), counted = _ranking(conn, parts, expert, cap), True
        if fuse and ranking == expression:
            # bm25 of the candidates as they are found: the facets weigh nothing, and what
            # counting their rows costs bm25 (its IDF) is small (see _small).
            pairs = conn.execute(_CANDIDATES_RANKED, params).fetchall()
            found = [rowid for rowid, _ in pairs]
            order = sorted(pairs, key=lambda pair: (pair[1], -pair[0]))
        else:
            if inside:
                found = _dated_candidates(
                    conn, expression, filters, dates, inside, where, params, cap
                )
            else:
                found = [rowid for (rowid,) in conn.execute(sql, params)]
            if sort == "rank" and found and not counted:
                ranking, _ = _ranking(conn, parts, expert, cap)
            # Unfiltered, ranked by the whole query: its matches in the range are the
            # candidates.
            exact = where == "1" and ranking == expression
            order = _order(conn, found, ranking, sort, exact, limit, outer == "1")
        rows = _rows(conn, order, outer, params, limit)
    except sqlite3.OperationalError as error:
        raise SearchError(f"cannot search for {query!r}: {_reason(error)}") from error
    return SearchResults(hits(rows, query), capped=cap > 0 and len(found) >= cap)


def _dated_candidates(
    conn: sqlite3.Connection,
    expression: str,
    filters: Filters,
    dates: tuple[datetime, datetime] | None,
    inside: list[str],
    where: str,
    params: dict[str, Any],
    cap: int,
) -> list[int]:
    """The newest `cap` rowids matching `expression` and the filters, when a date range holds
    whole months (`inside`, see Filters.inner_months): their rows pass the date filter by
    their month token alone, so only the candidates of the range's first and last months are
    read to compare their dates, not every candidate (a cold row read costs far more than the
    index)."""

    def matching(months: list[str]) -> str:
        return " AND ".join([expression, *filters.facets(months=months)])

    within = _CANDIDATES.replace("{join}", "").replace("{inner}", "")
    queries = [conn.execute(within, params | {"match": matching(inside), "cap": cap})]
    edges = [m for m in filters.months(dates) if m not in inside]
    if edges:
        checked = _CANDIDATES.replace("{join}", _JOIN).replace("{inner}", " and " + where)
        queries.append(conn.execute(checked, params | {"match": matching(edges), "cap": cap}))
    merged = heapq.merge(*(map(itemgetter(0), q) for q in queries), reverse=True)
    return list(islice(merged, cap) if cap > 0 else merged)


# A facet token in at most this many rows may be matched with the query for bm25 to rank the
# candidates as they are found: bm25 counts the rows of every phrase of the MATCH first (~0.04
# µs a row), which is then less than matching the query once more to rank the candidates.
_SMALL_FACET = 20_000
_CANDIDATES_RANKED = """select rowid, {bm25} as rank from articles_search
  where articles_search match :match order by rowid desc limit :cap""".replace("{bm25}", _BM25)


def _small(conn: sqlite3.Connection, facets: list[str]) -> bool:
    """Whether every facet token of a filter is in at most _SMALL_FACET rows (~1 ms each)."""
    return all(_at_least(conn, facet, _SMALL_FACET + 1) <= _SMALL_FACET for facet in facets)


def _ranking(
    conn: sqlite3.Connection, parts: list[str], expert: bool, cap: int
) -> tuple[str | None, int | None]:
    """The MATCH expression to rank by (None: unranked), and the fewest rows one of its
    phrases matches, counted up to cap + 1 (None: not counted, for an expert query or
    without a cap).

    In a plain query, a phrase found in more than `cap` rows does not weigh in."""
    if expert or cap < 0:
        return in_text(parts, expert), None
    counts = [_at_least(conn, in_text([part]), cap + 1) for part in parts]
    kept = [part for part, count in zip(parts, counts, strict=True) if count <= cap]
    return (in_text(kept) if kept else None), min(counts)


def _fewer(conn: sqlite3.Connection, expression: str, fewest: int | None, cap: int) -> bool:
    """Whether `expression` matches fewer than `cap` rows (any, without a cap). A plain
    query's matches are among those of each of its phrases (`fewest`: the fewest of them)."""
    if cap < 0:
        return True
    if fewest is None:
        fewest = _at_least(conn, expression, cap)
    return fewest < cap


def _at_least(conn: sqlite3.Connection, match: str, n: int) -> int:
    """How many rows `match` finds, counting stops at `n` (~1 ms for 10,000 rows)."""
    return int(conn.execute(_AT_LEAST, {"match": match, "n": n}).fetchone()[0])


# Rows of the query's own matches checked for the filters, to tell whether ranking all of them
# and reading the best rows until `limit` pass beats cutting them by the filters' facet tokens
# first (a facet in many rows, as a language or a big source, costs ~0.05 µs per row of it to
# intersect, then the candidates' rowid list its IN check).
_SAMPLE = 64
_NEWEST_MATCHES = """select rowid from articles_search where articles_search match :match
  order by rowid desc limit :n"""
_PASSING = """select count(*) from articles a not indexed
  where a.rowid in (select value from json_each(:ids)) and {where}"""


def _newest(conn: sqlite3.Connection, expression: str) -> list[int]:
    """The rowids of the _SAMPLE newest archived rows matching `expression` (a small part of
    a whole match, unless it matches few rows)."""
    found = conn.execute(_NEWEST_MATCHES, {"match": expression, "n": _SAMPLE})
    return [rowid for (rowid,) in found]


def _passing(
    conn: sqlite3.Connection, newest: list[int], where: str, params: dict[str, Any]
) -> float:
    """Which share of the query's `newest` matches pass `where` (all without a filter)."""
    if where == "1":
        return 1.0
    if not newest:
        return 0.0
    sample = json.dumps(newest)
    passed = conn.execute(_PASSING.replace("{where}", where), params | {"ids": sample})
    return int(passed.fetchone()[0]) / len(newest)


def _one_phrase(parts: list[str]) -> bool:
    """Whether a plain query is one phrase of several tokens (`"who has had"`, `隐藏功能`)."""
    return len(parts) == 1 and " " in parts[0].strip('"* ')


def _seems_few(conn: sqlite3.Connection, newest: list[int], cap: int) -> bool:
    """Whether a query seems to match at most `cap` rows: as many as its `newest` matches
    say, were its matches spread evenly over the archive (an estimate: only a cost rides on
    it, the ranking counts them anyway; a wrong guess costs bm25 over `cap` rows)."""
    if len(newest) < _SAMPLE:
        return True
    top = int(conn.execute("select max(rowid) from articles").fetchone()[0] or 0)
    return _SAMPLE * top <= cap * (top - newest[-1] + 1)


# The query's own matches, best first: candidates all, for a query matching fewer than the
# cap; read lazily (the rows are checked for the filters a few at a time, see _rows).
_RANK_ALL = """select rowid, {bm25} as rank from articles_search
where articles_search match :ranking order by rank, rowid desc limit :n""".replace("{bm25}", _BM25)


def _ranked(
    conn: sqlite3.Connection, expression: str, unfiltered: bool, limit: int
) -> Iterator[tuple[int, float]]:
    """Every match of `expression` with its bm25 rank, best first (the first `limit` only
    when `unfiltered`: all of them pass)."""
    params = {"ranking": expression, "n": limit if unfiltered else -1}
    return iter(conn.execute(_RANK_ALL, params))


# The query's own matches, best first, with how many there are (up to cap + 1): bm25 ranks at
# most cap + 1 of them, and counts (its IDF) every row the phrase matches only once more.
_RANK_COUNTED = """select rowid, rank, count(*) over () from (
  select rowid, {bm25} as rank from articles_search where articles_search match :ranking
  limit :most
) order by rank, rowid desc limit :n""".replace("{bm25}", _BM25)


def _ranked_counted(
    conn: sqlite3.Connection, expression: str, unfiltered: bool, limit: int, cap: int
) -> tuple[tuple[int, float, int] | None, Iterator[tuple[int, float]]]:
    """The first row of _RANK_COUNTED (None when nothing matches; its third column: how many
    match, up to cap + 1), and every row, best first, as (rowid, rank)."""
    params = {"ranking": expression, "most": cap + 1, "n": limit if unfiltered else -1}
    cursor = conn.execute(_RANK_COUNTED, params)
    first = cursor.fetchone()
    rest = ((rowid, rank) for rowid, rank, _ in cursor)
    return first, chain([first[:2]] if first else [], rest)


def _date_range(conn: sqlite3.Connection) -> tuple[datetime, datetime] | None:
    """The earliest and latest article dates (published, else first seen), from the index on
    published (and the undated rows only); None for an empty archive."""
    found = [conn.execute(sql).fetchone()[0] for sql in _DATE_RANGE]
    known = [datetime.fromisoformat(d) for d in found if d]
    return (min(known), max(known)) if known else None


_DATE_RANGE = [
    "select min(published) from articles",
    "select max(published) from articles",
    "select min(first_seen) from articles where published is null",
    "select max(first_seen) from articles where published is null",
]


def _order(
    conn: sqlite3.Connection,
    found: list[int],
    ranking: str | None,
    sort: Sort,
    exact: bool,
    limit: int,
    all_pass: bool,
) -> list[tuple[int, float]]:
    """The candidates' rowids, best first, with their bm25 rank (0.0 when not ranked).

    `exact`: the ranking expression matches no other row in the candidates' rowid range;
    `all_pass`: every candidate passes the filters (only the first `limit` are ranked out)."""
    if not found:
        return []
    ids = json.dumps(found)
    if ranking is not None:
        params = {"ranking": ranking, "low": found[-1], "high": found[0], "ids": ids}
        params["n"] = limit if all_pass else -1
        sql = _RANKED.replace("{among}", "" if exact else _AMONG)
        return conn.execute(sql, params).fetchall()
    if sort == "newest":
        newest = _newest_by_index(conn, found, limit) if len(found) > _WALK_FROM else None
        if newest is None:
            newest = [rowid for (rowid,) in conn.execute(_NEWEST, {"ids": ids})]
        return [(rowid, 0.0) for rowid in newest]
    return [(rowid, 0.0) for rowid in found]


# Above this many candidates, reading each one's date (a random row read apiece: ~15 µs hot,
# far more cold) costs more than walking the published index from the newest row until enough
# candidates went by (~limit * archive size / candidates index entries, ~0.2 µs each).
_WALK_FROM = 1_000
# The walk stops (and the candidates are read one by one) after 4 times the index entries it
# should need were they spread evenly: a date filter can put them all at the far end.
_WALK_SLACK = 4
_BY_PUBLISHED = """select rowid, published from articles where published is not null
order by published desc, rowid desc limit :most"""
_UNDATED = """select rowid, first_seen from articles
where published is null and rowid in (select value from json_each(:ids))"""


def _newest_by_index(conn: sqlite3.Connection, found: list[int], limit: int) -> list[int] | None:
    """The first rowids of `found` in `_NEWEST`'s order (published, else first seen; newest
    first): a few more than `limit`, for the row check to drop some. None when the walk would
    be long (the candidates are rare among the archive's rows)."""
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


def _rows(
    conn: sqlite3.Connection,
    order: Iterable[tuple[int, float]],
    outer: str,
    params: dict[str, Any],
    limit: int,
) -> list[tuple[Row, float]]:
    """The first `limit` articles in `order` passing `outer`, read a few at a time."""
    rows: list[tuple[Row, float]] = []
    sql = _ARTICLES.replace("{outer}", outer)
    chunk = max(2 * limit, 50)
    ordered = iter(order)
    while part := list(islice(ordered, chunk)):
        ids = json.dumps([rowid for rowid, _ in part])
        by_id = {row[0]: row for row in conn.execute(sql, params | {"ids": ids})}
        for rowid, rank in part:
            if rowid in by_id:
                rows.append((dict(zip(_COLUMNS, by_id[rowid], strict=True)), rank))
        if len(rows) >= limit:
            break
    return rows[:limit]


_COLUMNS = (
    "id", "url", "title", "source_id", "published", "language", "authors", "tags", "body_text",
)  # fmt: skip


def _reason(error: sqlite3.OperationalError) -> str:
    message = str(error).removeprefix("fts5: ")
    return message if "syntax" in message else f"query syntax error ({message})"
